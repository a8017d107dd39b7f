use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{OverviewView, get_overview};
use crate::components::{AsyncPage, StepList};
use crate::domain::calendar::{date_label, iso_date};
use crate::routes::{results_path, step_path};

/// The overview of one assessment: what it is about, how far the walk-through got, and the
/// way to continue.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let overview = Resource::new(id, get_overview);
    view! { <AsyncPage resource=overview render=|view| view! { <Overview view/> }.into_any()/> }
}

#[component]
fn Overview(view: OverviewView) -> impl IntoView {
    let OverviewView {
        assessment,
        progress,
        resume,
    } = view;
    let answered: usize = progress.iter().map(|s| s.answered).sum();
    let total: usize = progress.iter().map(|s| s.total).sum();
    let started = answered > 0;
    let resume_title = progress
        .iter()
        .find(|s| s.number == resume)
        .map(|s| s.title.clone())
        .unwrap_or_default();
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
            <section class="card continue-card" aria-labelledby="continue-heading">
                <h2 id="continue-heading">{if started { "Continue the walk-through" } else { "Start the walk-through" }}</h2>
                <p class="muted">
                    {format!("{answered} of {total} questions answered. ")}
                    "Every answer is saved as you give it, so you can stop and come back at any time."
                </p>
                <div class="actions">
                    <a class="button button-primary" href=step_path(&assessment.id, resume)>
                        {format!("{} at step {resume}: {resume_title}", if started { "Continue" } else { "Start" })}
                    </a>
                    <a class="button" href=results_path(&assessment.id)>"See the results so far"</a>
                </div>
            </section>
            <section aria-labelledby="steps-heading">
                <h2 id="steps-heading">"Steps"</h2>
                <StepList assessment_id=assessment.id.clone() steps=progress current=0/>
            </section>
        </article>
    }
}
