//! How a plain (non-Leptos) route answers a failure.

use app::store::{AccessError, StoreError};
use axum::http::StatusCode;
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
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let status = match self {
            RouteError::Access(AccessError::Unknown) => StatusCode::NOT_FOUND,
            RouteError::Access(AccessError::Replaced) => StatusCode::GONE,
            RouteError::Access(AccessError::Forbidden) => StatusCode::FORBIDDEN,
            RouteError::Access(AccessError::Store(error)) => return RouteError::Store(error).into_response(),
            RouteError::Store(StoreError::Unavailable(source)) => {
                tracing::warn!(error = %source, "database unavailable");
                StatusCode::SERVICE_UNAVAILABLE
            }
            RouteError::Store(StoreError::Internal(source)) => {
                tracing::error!(error = %source, "database error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            RouteError::NoSuchExport => StatusCode::NOT_FOUND,
            RouteError::Invalid(error) => {
                return (StatusCode::UNPROCESSABLE_ENTITY, error.message).into_response();
            }
            RouteError::Chart(error) => {
                tracing::error!(%error, "chart error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        (status, status.canonical_reason().unwrap_or("error")).into_response()
    }
}
