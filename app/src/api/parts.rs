//! Saving the parts a team split its workload into, from the exceptions step.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
#[cfg(feature = "ssr")]
use super::support;
#[cfg(feature = "ssr")]
use crate::live::Change;

/// Saves the parts form: every part's name, exception answers and run figures
/// (`parts[<part id>.<field>]`), a new part (`add`) and a part to remove (`remove`), all checked
/// before anything is written; then back to the exceptions step, at the parts.
#[server(prefix = "/api", endpoint = "save_parts")]
pub async fn save_parts(
    token: String,
    parts: Option<HashMap<String, String>>,
    add: Option<String>,
    remove: Option<String>,
) -> Result<(), AppError> {
    use domain::parts::PartsForm;
    use domain::walkthrough::Step;

    let token = domain::access::Token::from(token);
    let state = support::state();
    let access = support::authorize_change(&state, &token).await?;
    let id = access.assessment.id.clone();
    let content = &*state
        .content_of(&access.assessment)
        .await
        .map_err(support::fail)?;
    let saved = state.store.parts(&id).await.map_err(support::fail)?;
    let costs = state.store.cost_inputs(&id).await.map_err(support::fail)?;
    let form = PartsForm {
        fields: parts.unwrap_or_default().into_iter().collect(),
        add,
        remove,
    };
    let next = form
        .apply(content, &saved, costs.as_ref())
        .map_err(support::fail)?;
    if next != saved {
        state.store.save_parts(&id, &next).await.map_err(support::fail)?;
        state.changed(&id, Change::Room).await;
    }
    leptos_axum::redirect(&format!(
        "{}#parts",
        crate::routes::step_path(token.expose(), Step::Exceptions.number(content))
    ));
    Ok(())
}
