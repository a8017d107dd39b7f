//! Editing the decision record's wording and status, from the results page.

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
