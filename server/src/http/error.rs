//! How a plain (non-Leptos) route answers a failure: as the [`AppError`] a server function
//! would give, with the status [`AppError::status`] gives it.

use app::api::AppError;
use app::store::{AccessError, StoreError};
use axum::response::{IntoResponse, Response};
use domain::ValidationError;

use crate::charts::ChartError;

/// Why a plain (non-Leptos) route failed; the response says only what the client may know.
#[derive(Debug, thiserror::Error)]
pub(super) enum RouteError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error("no such export")]
    NoSuchExport,
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let error = match self {
            RouteError::Access(error) => AppError::from(error),
            RouteError::Store(error) => AppError::from(error),
            RouteError::Invalid(error) => AppError::from(error),
            RouteError::NoSuchExport => AppError::NotFound,
            RouteError::Chart(error) => {
                tracing::error!(%error, "chart error");
                AppError::Internal
            }
            RouteError::Csv(error) => {
                tracing::error!(%error, "CSV error");
                AppError::Internal
            }
        };
        let status = error.status();
        match error {
            AppError::Invalid(error) => (status, error.message).into_response(),
            _ => (status, status.canonical_reason().unwrap_or("error")).into_response(),
        }
    }
}
