//! Whenless: should this workload be serverless? The Leptos app (pages, components, server
//! functions) and the pure decision domain it is built on.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
pub mod contents;
pub mod escape;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod live;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod pages;
pub mod remembered;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod snapshots;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

mod app;

#[cfg(feature = "ssr")]
pub use app::content_security_policy;
pub use app::{App, shell};

/// Marks the document as interactive once the browser has hydrated it: styles can tell, and
/// end-to-end tests wait for it.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
