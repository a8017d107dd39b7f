//! Rounds: assessing again, and the rounds page.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;
use domain::views::RoundsView;

/// Every round of the assessment, with rounds `a` and `b` compared (by default the last two),
/// for anyone holding any of its links.
#[server(prefix = "/api", endpoint = "rounds", input = GetUrl)]
pub async fn get_rounds(token: String, a: Option<i64>, b: Option<i64>) -> Result<RoundsView, AppError> {
    use domain::access::Capability;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize(&state, &token, Capability::Read).await?;
    let scored = crate::state::scored(&state, &access)
        .await
        .map_err(support::fail)?;
    RoundsView::new(access.kind, scored, crate::store::now_ms(), a.zip(b)).map_err(support::fail)
}

/// Closes the round under way, as the facilitator sees it, and starts the next: same links,
/// title, people, notes, costs and parts; the room back at the first step with nothing
/// revealed; the answers kept as a starting point only with `keep_answers`.
#[server(prefix = "/api", endpoint = "assess_again")]
pub async fn assess_again(token: String, keep_answers: Option<String>) -> Result<(), AppError> {
    use domain::rounds::room_for_another;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize_change(&state, &token).await?;
    let id = access.assessment.id.clone();
    // The round is kept as the team's figures, from the answers the facilitator is shown.
    let scored = crate::state::scored(&state, &access)
        .await
        .map_err(support::fail)?;
    room_for_another(scored.rounds.len()).map_err(support::fail)?;
    let closed = scored.current_round(crate::store::now_ms());
    let keep = keep_answers.is_some();
    if !state
        .store
        .start_round(&id, &closed, keep)
        .await
        .map_err(support::fail)?
    {
        return Err(support::fail(AppError::Conflict {
            yours: String::new(),
            theirs: String::new(),
        }));
    }
    tracing::info!(assessment = %id, closed = closed.number, keep, "round closed");
    state.changed(&id, Change::Room).await;
    leptos_axum::redirect(&crate::routes::facilitator_path(token.expose()));
    Ok(())
}
