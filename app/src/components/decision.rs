//! The decision record on the results page: its status and sentence, the download, and for
//! the facilitator the form that words the decision and sets its status.

use leptos::prelude::*;

use super::{ConflictNotice, ErrorNotice, ReturnHere};
use crate::api::{AppError, EditDecision};
use crate::escape::raw_text;
use crate::routes::export_path;
use domain::access::LinkKind;
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
