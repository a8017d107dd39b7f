//! The HTTP surface: Leptos pages and server functions, static files, health check, and the
//! layers every response goes through. [`router`] builds it all; the rest is split by concern.

pub mod bundle;
mod error;
mod forms;
mod handlers;
mod rate_limits;
mod router;
mod security;
mod transfer;

use app::state::AppState;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

pub use forms::{RETURN_FIELD, is_same_site_path};
pub use router::router;
pub use security::{SiteOrigin, is_cross_site, loggable_path};

/// Largest request body accepted; forms and server-function calls are far smaller.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// Largest assessment file accepted by `/import`.
pub const IMPORT_LIMIT_BYTES: usize = 1024 * 1024;

/// What axum handlers can extract.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
}
