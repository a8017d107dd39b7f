//! What every server function does on the server: reach the store, check the capability its
//! token gives, and turn failures into an [`AppError`] with the right status.

use leptos::prelude::{expect_context, use_context};

use super::AppError;
use super::error::respond_with;
use crate::domain::access::Capability;
use crate::store::{Access, AppState};

/// The app state the server provided as context.
pub(crate) fn state() -> AppState {
    expect_context::<AppState>()
}

/// Converts a failure into an [`AppError`] and sets the response status to match.
pub(crate) fn fail(error: impl Into<AppError>) -> AppError {
    respond_with(error.into())
}

/// The access `token` gives, if it allows `needed`; otherwise the error to show (404 for an
/// unknown link, 410 for a replaced one, 403 for one that does not allow this).
pub(crate) async fn authorize(state: &AppState, token: &str, needed: Capability) -> Result<Access, AppError> {
    crate::store::authorize(state.store.as_ref(), token, needed)
        .await
        .map_err(fail)
}

/// The address the app is reached at, for links to copy: the configured public URL, else the
/// request's Host header.
pub(crate) fn base_url(state: &AppState) -> String {
    if let Some(url) = &state.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::HOST)?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "localhost".to_owned());
    format!("http://{host}")
}
