use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::get_assessment;
use crate::components::ErrorNotice;
use crate::domain::Assessment;
use crate::domain::calendar::{date_label, iso_date};

/// One saved assessment.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let assessment = Resource::new(id, get_assessment);

    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-live="polite">"Loading the assessment\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match assessment.await {
                    Ok(assessment) => view! { <AssessmentSummary assessment/> }.into_any(),
                    Err(error) => view! {
                        <Title text="Assessment unavailable"/>
                        <section class="empty-state">
                            <ErrorNotice error/>
                            <a class="button" href="/">"Go to the start page"</a>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AssessmentSummary(assessment: Assessment) -> impl IntoView {
    let description = (!assessment.description.is_empty()).then(|| assessment.description.clone());
    view! {
        <Title text=assessment.title.clone()/>
        <article class="assessment">
            <header class="page-header">
                <p class="eyebrow">"Assessment"</p>
                <h1>{assessment.title.clone()}</h1>
                <p class="muted">
                    "Created "
                    <time datetime=iso_date(assessment.created_at_ms)>{date_label(assessment.created_at_ms)}</time>
                </p>
            </header>
            {match description {
                Some(text) => view! { <p class="workload-description">{text}</p> }.into_any(),
                None => view! { <p class="muted">"No description of the workload yet."</p> }.into_any(),
            }}
        </article>
    }
}
