use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::get_shared;
use crate::components::{AsyncPage, ExportLinks, FollowPage, Results};
use domain::access::LinkKind;
use domain::answers::importance_label;
use domain::views::{DimensionDetail, SharedView};
use domain::walkthrough::answer_tally;

/// The read-only page: the whole saved assessment, with no way to change it. It is rendered
/// with islands: nothing hydrates but [`FollowPage`], which keeps it current.
#[component]
pub fn SharedPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let shared = Resource::new(token, get_shared);
    view! { <AsyncPage resource=shared render=move |view| view! { <Shared view token=token()/> }.into_any()/> }
}

#[component]
fn Shared(view: SharedView, token: String) -> impl IntoView {
    let SharedView { results, details } = view;
    let description = results.assessment.description.clone();
    view! {
        <p class="eyebrow">"Shared assessment \u{b7} read-only"</p>
        {(!description.is_empty()).then(|| view! { <p class="workload-description">{description}</p> })}
        <Results view=results token=token.clone()/>
        <section aria-labelledby="detail-heading">
            <h2 id="detail-heading">"Each dimension in detail"</h2>
            {details.into_iter().map(|detail| view! { <Detail detail/> }).collect_view()}
        </section>
        <section aria-labelledby="export-heading">
            <h2 id="export-heading">"Export"</h2>
            <ExportLinks kind=LinkKind::ReadOnly token=token.clone()/>
        </section>
        <FollowPage events=format!("/r/{token}/events")/>
    }
}

#[component]
fn Detail(detail: DimensionDetail) -> impl IntoView {
    let DimensionDetail {
        dimension,
        importance,
        note,
        counts,
    } = detail;
    let (left, right) = (dimension.left_heading(), dimension.right_heading());
    let credit = format!("From the talk\u{2019}s slide \u{201c}{}\u{201d}", dimension.slide);
    view! {
        <article class="detail">
            <h3>{dimension.title.clone()}<span class="muted">{format!(" \u{b7} {}", importance_label(importance))}</span></h3>
            <div class="talk-columns">
                <p class="talk-credit">{credit}</p>
                <div class="talk-column talk-left">
                    <h4>{left}</h4>
                    <ul>{dimension.left_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
                <div class="talk-column talk-right">
                    <h4>{right}</h4>
                    <ul>{dimension.right_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            </div>
            <ul class="answer-summary">
                {dimension.questions.into_iter().map(|question| {
                    let tally = answer_tally(counts.get(&question.id));
                    let own = question.own_label();
                    view! {
                        <li>
                            <span>{question.text}{own.map(|label| view! { <span class="badge badge-own">{label}</span> })}</span>
                            <span class="muted tally">{tally}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!note.is_empty()).then(|| view! { <p class="detail-note"><strong>"Team note: "</strong>{note}</p> })}
        </article>
    }
}
