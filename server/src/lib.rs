//! The Whenless server: configuration, store adapters and the HTTP surface. `main.rs` wires
//! them together; integration tests build the same router in-process.

pub mod charts;
pub mod config;
pub mod export;
pub mod http;
pub mod store;

use std::sync::Arc;

use app::store::{AppState, Store};
use leptos::config::{Env, LeptosOptions};

use crate::config::Config;
use crate::http::ServerState;

/// The Leptos settings for a site built by `scripts/build.sh` into `config.site_root`.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("whenless")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .build()
}

/// Everything a router needs, from a config and an opened store.
pub fn server_state(config: &Config, store: Arc<dyn Store>) -> ServerState {
    ServerState {
        leptos: leptos_options(config),
        app: AppState {
            store,
            public_url: config.public_url.clone(),
        },
    }
}

/// The store settings named by `config`.
pub fn store_settings(config: &Config) -> store::StoreSettings {
    store::StoreSettings {
        url: config.database_url.clone(),
        max_connections: config.db_max_connections,
        acquire_timeout: config.db_timeout(),
    }
}
