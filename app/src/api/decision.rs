//! After the workshop, from the results page: the decision record's wording and status, and
//! the team's next actions.

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;

/// Saves the decision's wording (empty for the generated sentence) and status, unless somebody
/// else saved them since `version` (the version the page showed): then nothing is written and
/// the conflict names both wordings.
#[server(prefix = "/api", endpoint = "edit_decision")]
pub async fn edit_decision(
    token: String,
    wording: String,
    status: String,
    version: i64,
) -> Result<(), AppError> {
    use domain::decision::Decision;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let decision = Decision::parse(&wording, &status, version).map_err(support::fail)?;
    let saved = state
        .store
        .save_decision(&id, &decision)
        .await
        .map_err(support::fail)?;
    let yours = format!("{} ({})", decision.wording, decision.status.slug());
    support::settle(&state, &id, saved, yours, |theirs| {
        format!("{} ({})", theirs.wording, theirs.status.slug())
    })
    .await
}

/// Saves the team's next actions (`actions[a<row>.summary|owner|due]`; a row without a summary
/// is left out), unless somebody else saved them since `version`: then nothing is written and
/// the conflict names both lists. A due date must be today or later.
#[server(prefix = "/api", endpoint = "edit_actions")]
pub async fn edit_actions(
    token: String,
    actions: Option<std::collections::HashMap<String, String>>,
    version: i64,
) -> Result<(), AppError> {
    use domain::actions::{NextAction, NextActions};

    let lines = |items: &[NextAction]| {
        items
            .iter()
            .map(NextAction::checklist_line)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let token = domain::access::Token::from(token);
    let state = support::state();
    let id = support::authorize_change(&state, &token).await?.assessment.id;
    let fields = actions.unwrap_or_default().into_iter().collect();
    let actions = NextActions::parse(&fields, version, crate::store::now_ms()).map_err(support::fail)?;
    let saved = state
        .store
        .save_next_actions(&id, &actions)
        .await
        .map_err(support::fail)?;
    support::settle(&state, &id, saved, lines(&actions.items), |theirs| {
        lines(&theirs.items)
    })
    .await
}
