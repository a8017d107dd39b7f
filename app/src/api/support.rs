//! What every server function does on the server: reach the store, load the assessment it
//! names, and turn failures into an [`AppError`] with the right status.

use leptos::prelude::expect_context;

use super::AppError;
use super::error::respond_with;
use crate::domain::Assessment;
use crate::store::AppState;

/// The app state the server provided as context.
pub(crate) fn state() -> AppState {
    expect_context::<AppState>()
}

/// Converts a failure into an [`AppError`] and sets the response status to match.
pub(crate) fn fail(error: impl Into<AppError>) -> AppError {
    respond_with(error.into())
}

/// The assessment with this id, or a 404.
pub(crate) async fn assessment(state: &AppState, id: &str) -> Result<Assessment, AppError> {
    state
        .store
        .assessment(id)
        .await
        .map_err(fail)?
        .ok_or_else(|| fail(AppError::NotFound))
}
