//! Parts of the workload: the facilitator's editor on the exceptions step (names, each part's
//! answers to the exceptions, what one run needs), what participants see of it, and each
//! part's verdict on the results.

use leptos::prelude::*;

use super::{ErrorNotice, ReturnHere};
use crate::api::SaveParts;
use domain::answers::ExceptionAnswer;
use domain::content::Exception;
use domain::cost::{FIELDS, FLAGS};
use domain::parts::{MAX_PARTS, NAME_MAX, Part, RUN_FIELDS, RUN_FLAGS};
use domain::platform::Limits;
use domain::scoring::PartVerdict;

/// The limits a part is near or over, in sentences; or that it is within them.
fn limit_summary(limits: &Limits) -> Vec<String> {
    let findings = limits.findings();
    if findings.is_empty() {
        vec![format!("Within {}\u{2019}s limits.", limits.platform)]
    } else {
        findings
    }
}

/// The facilitator's parts editor: one form edits every part (removing one saves the others'
/// edits too), another adds a part; both work without JavaScript as well.
#[component]
pub fn PartsEditor(
    action: ServerAction<SaveParts>,
    /// Set once a part's field is edited, until the page reloads after a save.
    changed: RwSignal<bool>,
    token: String,
    parts: Vec<(Part, Limits)>,
    exceptions: Vec<Exception>,
) -> impl IntoView {
    let full = parts.len() >= MAX_PARTS;
    let editor = (!parts.is_empty()).then(|| {
        let token = token.clone();
        view! {
            <div on:input=move |_| changed.set(true) on:change=move |_| changed.set(true)>
            <ActionForm action attr:class="parts-form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                {parts
                    .into_iter()
                    .map(|(part, limits)| view! { <PartFields part limits exceptions=exceptions.clone()/> })
                    .collect_view()}
                <button class="button button-primary" type="submit">"Save the parts"</button>
            </ActionForm>
            </div>
        }
    });
    view! {
        <section class="card parts" id="parts" aria-labelledby="parts-heading">
            <h2 id="parts-heading">"Parts of the workload"</h2>
            <p class="hint">
                "Optional. When parts of the workload differ (an API, background jobs, a real-time channel, batch compute), "
                "name them and answer the exceptions and what one run needs for each: each part gets its own verdict, and the "
                "whole verdict names the split. In a workshop, answer them here with the room. Once there are parts, "
                "their answers decide, not the answers above."
            </p>
            {editor}
            {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action attr:class="parts-add">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <div class="field">
                    <label for="part-add">"New part"</label>
                    <input
                        id="part-add"
                        name="add"
                        type="text"
                        required
                        maxlength=NAME_MAX
                        placeholder="Matching engine"
                        disabled=full
                    />
                </div>
                <button class="button" type="submit" disabled=full>"Add the part"</button>
                {full.then(|| view! { <p class="hint">{format!("An assessment has at most {MAX_PARTS} parts.")}</p> })}
            </ActionForm>
        </section>
    }
}

/// One part's fields in the parts form.
#[component]
fn PartFields(part: Part, limits: Limits, exceptions: Vec<Exception>) -> impl IntoView {
    let id = part.id.clone();
    let field = move |name: &str| format!("parts[{id}.{name}]");
    let dom = |name: &str| format!("part-{}-{name}", part.id);
    let run = part.run.inputs();
    let numbers = RUN_FIELDS
        .iter()
        .filter_map(|name| FIELDS.iter().find(|f| f.name == *name))
        .map(|spec| {
            let value = run.get(spec.name).unwrap_or_default();
            view! {
                <div class="field">
                    <label for=dom(spec.name)>{spec.label}" "<span class="unit">{format!("({})", spec.unit)}</span></label>
                    <input id=dom(spec.name) name=field(spec.name) type="text" inputmode="decimal" autocomplete="off" value=value.to_string()/>
                </div>
            }
        })
        .collect_view();
    let flags = RUN_FLAGS
        .iter()
        .filter_map(|name| FLAGS.iter().find(|f| f.name == *name))
        .map(|spec| {
            let checked = run.flag(spec.name).unwrap_or_default();
            view! {
                <div class="field field-check">
                    <label><input type="checkbox" name=field(spec.name) checked=checked/>" "{spec.label}</label>
                </div>
            }
        })
        .collect_view();
    let answers = exceptions
        .into_iter()
        .map(|exception| {
            let saved = part.exceptions.get(&exception.id).copied();
            let name = field(&format!("exception.{}", exception.id));
            let choices: Vec<(ExceptionAnswer, String)> = exception
                .choices()
                .into_iter()
                .map(|(answer, label)| (answer, label.to_owned()))
                .collect();
            view! {
                <div class="field">
                    <label for=dom(&exception.id)>{exception.title.clone()}</label>
                    <select id=dom(&exception.id) name=name>
                        <option value="" selected=saved.is_none()>"Not answered"</option>
                        {choices
                            .into_iter()
                            .map(|(answer, label)| view! {
                                <option value=answer.code().to_string() selected=saved == Some(answer)>{label}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();
    let summary = limit_summary(&limits);
    view! {
        <fieldset class="question part">
            <legend>{part.name.clone()}</legend>
            <div class="field">
                <label for=dom("name")>"Name"</label>
                <input id=dom("name") name=field("name") type="text" required maxlength=NAME_MAX value=part.name.clone()/>
            </div>
            <h3 class="part-subhead">"The talk\u{2019}s exceptions, for this part"</h3>
            <div class="cost-fields">{answers}</div>
            <h3 class="part-subhead">"What one run of it needs"</h3>
            <div class="cost-fields">{numbers}</div>
            <div class="cost-flags">{flags}</div>
            <ul class="limit-findings">{summary.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
            <button class="button button-quiet" type="submit" name="remove" value=part.id.clone()>
                {format!("Remove \u{201c}{}\u{201d}", part.name)}
            </button>
        </fieldset>
    }
}

/// The parts' answers so far, for the room: the facilitator answers the exceptions per part,
/// so phones and the projector show them instead of asking.
#[component]
pub fn PartsSummary(parts: Vec<(Part, Limits)>, exceptions: Vec<Exception>) -> impl IntoView {
    view! {
        {parts
            .into_iter()
            .map(|(part, limits)| {
                let answers: Vec<String> = exceptions
                    .iter()
                    .map(|e| {
                        let answer = part.exceptions.get(&e.id).map_or("not answered", |a| {
                            e.choices().into_iter().find(|(c, _)| c == a).map_or("not answered", |(_, label)| label)
                        });
                        format!("{}: {answer}", e.title)
                    })
                    .collect();
                view! {
                    <section class="card part-summary">
                        <h2>{part.name.clone()}</h2>
                        <ul>{answers.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                        <ul class="limit-findings">{limit_summary(&limits).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                    </section>
                }
            })
            .collect_view()}
    }
}

/// Each part's verdict, on the results page.
#[component]
pub fn PartVerdicts(parts: Vec<PartVerdict>) -> impl IntoView {
    view! {
        <section aria-labelledby="parts-results-heading">
            <h2 id="parts-results-heading">"Part by part"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Each part\u{2019}s verdict">
                <table class="limits-table parts-table">
                    <thead>
                        <tr>
                            <th scope="col">"Part"</th>
                            <th scope="col">"Can it run on functions?"</th>
                            <th scope="col">"Verdict"</th>
                            <th scope="col">"Why"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {parts
                            .into_iter()
                            .map(|part| view! {
                                <tr class=format!("part-row verdict-{}", part.verdict.slug())>
                                    <th scope="row">{part.name.clone()}</th>
                                    <td>{part.could_word()}</td>
                                    <td><span class="part-verdict">{part.verdict.title()}</span></td>
                                    <td>{part.reasons.join("; ")}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
