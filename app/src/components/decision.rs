//! After the workshop, on the results page: the decision record (its status and sentence, the
//! download) and the team's next actions, with the facilitator's forms that change them.

use leptos::prelude::*;

use super::{ConflictNotice, ErrorNotice, ReturnHere};
use crate::api::{AppError, EditActions, EditDecision};
use crate::escape::raw_text;
use crate::routes::export_path;
use domain::access::LinkKind;
use domain::actions::{NextAction, NextActions, OWNER_MAX_CHARS, SUMMARY_MAX_CHARS};
use domain::decision::{Decision, Status, WORDING_MAX_CHARS};

/// The decision as the record states it, with the form to change it when `edit` is given (the
/// facilitator's page).
#[component]
pub fn DecisionCard(
    decision: Decision,
    /// The sentence the record states: the wording, or the one the verdict gives.
    outcome: String,
    kind: LinkKind,
    token: String,
    edit: Option<ServerAction<EditDecision>>,
) -> impl IntoView {
    view! {
        <section class="card decision" aria-labelledby="decision-heading">
            <h2 id="decision-heading">
                "Decision record"
                <span class=format!("badge badge-{}", decision.status.slug())>{decision.status.label()}</span>
            </h2>
            <p class="decision-outcome">{outcome}</p>
            <p class="muted">
                <a href=export_path(kind, &token, "decision.md") download>"Download decision.md"</a>
                ": the assessment as an architecture decision record (MADR 4.0): context, drivers, options, outcome, consequences and when to revisit it."
            </p>
            {edit.map(|edit| view! { <DecisionForm token=token.clone() decision edit/> })}
        </section>
    }
}

/// Wording the decision and setting its status. An edit made on a stale page is refused, and
/// the wording typed is kept to merge.
#[component]
fn DecisionForm(token: String, decision: Decision, edit: ServerAction<EditDecision>) -> impl IntoView {
    let error = move || edit.value().get().and_then(Result::err);
    let open = move || error().is_some();
    let status = decision.status;
    view! {
        <details class="edit-details" prop:open=open>
            <summary>"Word the decision and set its status"</summary>
            {move || error().map(|error| match error {
                AppError::Conflict { yours, .. } => view! {
                    <ConflictNotice title="Someone else changed the decision" yours label="Your unsaved wording"/>
                }
                    .into_any(),
                error => view! { <ErrorNotice error/> }.into_any(),
            })}
            <ActionForm action=edit attr:class="form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="version" value=decision.version/>
                <div class="field">
                    <label for="decision-wording">
                        "The decision, in the team\u{2019}s words "
                        <span class="optional">"(optional: left empty, the record states the verdict\u{2019}s sentence)"</span>
                    </label>
                    <textarea id="decision-wording" name="wording" rows="3" maxlength=WORDING_MAX_CHARS
                        prop:value=decision.wording.clone()>{raw_text(&decision.wording)}</textarea>
                </div>
                <div class="field">
                    <label for="decision-status">"Status"</label>
                    <select id="decision-status" name="status">
                        {Status::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=s == status>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="button" type="submit">"Save the decision"</button>
            </ActionForm>
        </details>
    }
}

/// The team's next actions, each with its owner and due date, and the tracker downloads; for
/// the facilitator (`edit`), the form that changes them.
#[component]
pub fn NextActionsCard(
    actions: NextActions,
    kind: LinkKind,
    token: String,
    edit: Option<ServerAction<EditActions>>,
) -> impl IntoView {
    let items = actions.items.clone();
    view! {
        <section aria-labelledby="next-heading">
            <h2 id="next-heading">"Next actions"</h2>
            {if items.is_empty() {
                view! { <p class="muted">"The team has no next actions listed."</p> }.into_any()
            } else {
                view! {
                    <ol class="actions-list">
                        {items.into_iter().map(|action| {
                            let who = [
                                (!action.owner.is_empty()).then(|| format!("owner: {}", action.owner)),
                                (!action.due.is_empty()).then(|| format!("due {}", action.due)),
                            ];
                            let who = who.into_iter().flatten().collect::<Vec<_>>().join(", ");
                            view! {
                                <li>
                                    {action.summary}
                                    {(!who.is_empty()).then(|| view! { " " <span class="muted">{format!("({who})")}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <p class="muted">
                "For a tracker: "
                <a href=export_path(kind, &token, "actions.md") download>"Markdown checklist"</a>
                " or "
                <a href=export_path(kind, &token, "actions.csv") download>"CSV (Summary, Description, Assignee, Due date)"</a>
                "."
            </p>
            {edit.map(|edit| view! { <ActionsForm token=token.clone() actions edit/> })}
        </section>
    }
}

/// Editing the next actions: a row per action and an empty one to add one; emptying a row's
/// summary removes it. An edit made on a stale page is refused, and the list typed is kept to
/// merge.
#[component]
fn ActionsForm(token: String, actions: NextActions, edit: ServerAction<EditActions>) -> impl IntoView {
    let error = move || edit.value().get().and_then(Result::err);
    let open = move || error().is_some();
    let rows = actions
        .items
        .iter()
        .cloned()
        .chain(std::iter::once(NextAction::default()))
        .enumerate()
        .map(|(row, action)| {
            let field = |name: &str| format!("actions[a{row}.{name}]");
            let id = |name: &str| format!("action-{row}-{name}");
            let number = row + 1;
            view! {
                <fieldset class="next-action">
                    <legend>{if action.summary.is_empty() { "A new action".to_owned() } else { format!("Action {number}") }}</legend>
                    <div class="field">
                        <label for=id("summary")>"What is to be done"</label>
                        <textarea id=id("summary") name=field("summary") rows="2" maxlength=SUMMARY_MAX_CHARS
                            prop:value=action.summary.clone()>{raw_text(&action.summary)}</textarea>
                    </div>
                    <div class="next-action-who">
                        <div class="field">
                            <label for=id("owner")>"Owner"</label>
                            // The property as well as the attribute: a row the browser reuses after a
                            // save shows what is saved, not what was typed into it before.
                            <input id=id("owner") name=field("owner") type="text" maxlength=OWNER_MAX_CHARS
                                value=action.owner.clone() prop:value=action.owner/>
                        </div>
                        <div class="field">
                            <label for=id("due")>"Due date"</label>
                            <input id=id("due") name=field("due") type="date" value=action.due.clone() prop:value=action.due/>
                        </div>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <details class="edit-details" prop:open=open>
            <summary>"Edit the next actions, their owners and due dates"</summary>
            {move || error().map(|error| match error {
                AppError::Conflict { yours, .. } => view! {
                    <ConflictNotice title="Someone else changed the next actions" yours label="Your unsaved actions"/>
                }
                    .into_any(),
                error => view! { <ErrorNotice error/> }.into_any(),
            })}
            <ActionForm action=edit attr:class="form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="version" value=actions.version/>
                <p class="hint">"Empty an action\u{2019}s text to remove it. Saving keeps the list as shown: the suggestions then no longer change with the answers."</p>
                {rows}
                <button class="button" type="submit">"Save the next actions"</button>
            </ActionForm>
        </details>
    }
}
