//! The Whenless server: configuration, store adapters, live updates and the HTTP surface.
//! `main.rs` wires them together; integration tests build the same router in-process.

pub mod admin;
pub mod charts;
pub mod config;
pub mod content;
pub mod export;
pub mod http;
pub mod live;
pub mod metrics;
pub mod page_cache;
pub mod retention;
pub mod serve;
pub mod store;

use std::sync::Arc;

use app::contents::Contents;
use app::live::{Hub, Notifier};
use app::snapshots::Snapshots;
use app::state::AppState;
use app::store::Store;
use leptos::config::{Env, LeptosOptions};

use crate::config::Config;
use crate::http::ServerState;

/// The Leptos settings for a site built by `scripts/build.sh` into `config.site_root`: pages
/// name the content-named bundle files when the site has their hashes (see [`http::bundle`]).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_file = http::bundle::leptos_hash_file(&config.site_root);
    LeptosOptions::builder()
        .output_name(app::routes::FULL_BUNDLE)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .hash_files(hash_file.is_some())
        .hash_file(hash_file.unwrap_or_else(|| "hash.txt".to_owned()).into())
        .build()
}

/// Everything a router needs, from a config, an opened store, how changes are announced, the
/// cache those announcements keep fresh, and the contents assessments are taken with.
pub fn server_state(
    config: &Config,
    store: Arc<dyn Store>,
    notifier: Arc<dyn Notifier>,
    hub: Arc<Hub>,
    snapshots: Arc<Snapshots>,
    contents: Arc<Contents>,
) -> ServerState {
    ServerState {
        leptos: leptos_options(config),
        app: AppState {
            store,
            notifier,
            hub,
            public_url: config.public_url.clone(),
            max_participants: config.max_participants.max(1),
            snapshots,
            limits: Arc::new(app::limits::WriteLimits::new(
                config.writes_per_second,
                config.write_burst,
                config.max_participants,
            )),
            metrics: Arc::new(app::metrics::Metrics::default()),
            contents,
        },
    }
}

/// An opened server: its state, and the database pool its metrics read.
pub struct Opened {
    pub state: ServerState,
    pub pool: metrics::DbPool,
}

/// Why a server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Content(#[from] content::ContentError),
    #[error(transparent)]
    Open(#[from] store::OpenError),
}

/// Reads the content file named by `config` (before anything else: a file with a problem
/// stops the server before the database is opened or written to), opens the database, keeps
/// the content in it, and wires live updates: through Postgres LISTEN/NOTIFY between
/// instances, or in-process with SQLite.
pub async fn open(config: &Config) -> Result<Opened, StartError> {
    let current = content::read(config.content.as_deref())?;
    let hub = Arc::new(Hub::default());
    let snapshots = Arc::new(Snapshots::default());
    let backend = store::open_backend(&store_settings(config)).await?;
    let pool = metrics::DbPool::of(&backend);
    let (store, notifier): (Arc<dyn Store>, Arc<dyn Notifier>) = match backend {
        store::Backend::Postgres(pg) => {
            live::spawn_listener(pg.pool().clone(), hub.clone(), snapshots.clone());
            let notifier = Arc::new(live::PgNotifier(pg.pool().clone()));
            (pg, notifier)
        }
        store::Backend::Sqlite(sqlite) => (sqlite, Arc::new(live::LocalNotifier(hub.clone()))),
    };
    let contents = Arc::new(content::contents(store.as_ref(), current).await?);
    Ok(Opened {
        state: server_state(config, store, notifier, hub, snapshots, contents),
        pool,
    })
}

/// The store settings named by `config`.
pub fn store_settings(config: &Config) -> store::StoreSettings {
    store::StoreSettings {
        url: config.database_url.clone(),
        max_connections: config.db_max_connections,
        acquire_timeout: config.db_timeout(),
        key_file: config.key_file.clone(),
    }
}
