//! Whenless: should this workload be serverless? The Leptos app (pages, components, server
//! functions) and the pure decision domain it is built on.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod escape;
pub mod live;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod snapshots;
#[cfg(feature = "ssr")]
pub mod store;

mod app;

pub use app::{App, shell};
