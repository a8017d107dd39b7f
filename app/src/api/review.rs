//! Saving when the team will look at its decision again, from the results page.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;

/// Saves the review form (`review[<field>]`, see [`domain::review::ReviewForm`]) unless
/// somebody saved the review since `version`; then back to the results, at the review.
#[server(prefix = "/api", endpoint = "save_review")]
pub async fn save_review(
    token: String,
    version: i64,
    review: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    use domain::review::ReviewForm;
    use domain::walkthrough::Saved;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize_change(&state, &token).await?;
    let id = access.assessment.id.clone();
    let (saved, _) = state.store.review(&id).await.map_err(support::fail)?;
    let form = ReviewForm {
        fields: review.unwrap_or_default().into_iter().collect(),
    };
    let next = form
        .parse(
            &*state
                .content_of(&access.assessment)
                .await
                .map_err(support::fail)?,
            crate::store::now_ms(),
            &saved,
        )
        .map_err(support::fail)?;
    match state
        .store
        .save_review(&id, &next, version)
        .await
        .map_err(support::fail)?
    {
        Saved::Version(_) => {
            state.changed(&id, Change::Room).await;
            leptos_axum::redirect(&format!("{}#review", crate::routes::results_path(token.expose())));
            Ok(())
        }
        // The page then shows the review as saved now, to change again.
        Saved::Conflict(_) => Err(support::fail(AppError::Conflict {
            yours: String::new(),
            theirs: String::new(),
        })),
    }
}
