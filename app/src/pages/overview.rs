use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{OverviewView, RotateLink, get_overview};
use crate::components::{AsyncPage, CopyLink, ExportLinks, ReturnHere, StepList, use_changes};
use crate::domain::access::LinkKind;
use crate::domain::calendar::{date_label, iso_date};
use crate::routes::{link_path, results_path, step_path};

/// The facilitator's page of one assessment: what it is about, how far the walk-through got,
/// the way to continue, and the links to hand out.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    // Replacing a link changes what the page shows: load it again once the action is done.
    let rotate = ServerAction::<RotateLink>::new();
    let changes = use_changes(format!("/f/{}/events", token()));
    let overview = Resource::new(
        move || (token(), rotate.version().get(), changes.get()),
        |(token, _, _)| get_overview(token),
    );
    view! {
        <AsyncPage resource=overview render=move |view| view! { <Overview view token=token() rotate/> }.into_any()/>
    }
}

#[component]
fn Overview(view: OverviewView, token: String, rotate: ServerAction<RotateLink>) -> impl IntoView {
    let OverviewView {
        assessment,
        links,
        base_url,
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
                    {if answered == total {
                        view! {
                            <a class="button button-primary" href=results_path(&token)>"See the results"</a>
                            <a class="button" href=step_path(&token, 1)>"Review the answers"</a>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a class="button button-primary" href=step_path(&token, resume)>
                                {format!("{} at step {resume}: {resume_title}", if started { "Continue" } else { "Start" })}
                            </a>
                            <a class="button" href=results_path(&token)>"See the results so far"</a>
                        }
                            .into_any()
                    }}
                </div>
            </section>
            <section aria-labelledby="steps-heading">
                <h2 id="steps-heading">"Steps"</h2>
                <StepList token=token.clone() steps=progress current=0/>
            </section>
            <section class="card" aria-labelledby="links-heading">
                <h2 id="links-heading">"Links"</h2>
                <p class="muted">
                    "Anyone with a link can use it; there are no accounts. Keep the facilitator link to yourself. "
                    "If a link reaches the wrong people, replace it: the old one stops working at once."
                </p>
                <LinkRow
                    kind=LinkKind::Facilitator
                    url=format!("{base_url}{}", link_path(LinkKind::Facilitator, &links.facilitator))
                    hint="Opens this page: change everything. This is the address you are on."
                    token=token.clone()
                    rotate
                />
                <LinkRow
                    kind=LinkKind::ReadOnly
                    url=format!("{base_url}{}", link_path(LinkKind::ReadOnly, &links.read_only))
                    hint="Shows the saved assessment and its results to anyone who has it; changes nothing."
                    token=token.clone()
                    rotate
                />
            </section>
            <section aria-labelledby="export-heading">
                <h2 id="export-heading">"Export"</h2>
                <ExportLinks kind=LinkKind::Facilitator token=token.clone()/>
            </section>
        </article>
    }
}

/// One link: its address to copy, and a button that replaces it.
#[component]
fn LinkRow(
    kind: LinkKind,
    url: String,
    hint: &'static str,
    token: String,
    rotate: ServerAction<RotateLink>,
) -> impl IntoView {
    let field = format!("link-{}", kind.slug());
    view! {
        <div class="link-row">
            <label for=field.clone()>{kind.label()}</label>
            <p class="hint">{hint}</p>
            <div class="link-controls">
                <input id=field.clone() class="link-url" type="text" readonly value=url.clone()/>
                <CopyLink url/>
                <ActionForm action=rotate attr:class="inline-form">
                    <ReturnHere/>
                    <input type="hidden" name="token" value=token/>
                    <input type="hidden" name="kind" value=kind.slug()/>
                    <button class="button" type="submit" aria-describedby=field>
                        "Replace link"
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
