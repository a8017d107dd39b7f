//! Opening the database: the settings, the backend a URL names, the connection options and
//! pool of each backend, its migrations, and what can go wrong at start-up.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use app::store::Store;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use super::links::{KeyError, ServerKey};
use super::{PgStore, SqliteStore};

/// How to open the database.
#[derive(Clone, Debug)]
pub struct StoreSettings {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a connection before failing as unavailable.
    pub acquire_timeout: Duration,
    /// The server key's file ([`ServerKey`]); by default beside the SQLite file, or
    /// [`DEFAULT_KEY_FILE`] with Postgres.
    pub key_file: Option<PathBuf>,
}

/// Where the server key is kept with Postgres when no file is named.
pub const DEFAULT_KEY_FILE: &str = "data/whenless.key";

impl StoreSettings {
    /// The server key's file: the one named, else beside `sqlite_file` (the same name ending
    /// in `.key`), else [`DEFAULT_KEY_FILE`].
    pub fn key_path(&self, sqlite_file: Option<&Path>) -> PathBuf {
        match (&self.key_file, sqlite_file) {
            (Some(path), _) => path.clone(),
            (None, Some(file)) => file.with_extension("key"),
            (None, None) => PathBuf::from(DEFAULT_KEY_FILE),
        }
    }
}

/// Why the store could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (got a URL starting with {0:?})"
    )]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("database migration failed, the server will not start: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("there is no SQLite file at {0}")]
    NoFile(String),
    #[error("bringing its schema up to date failed: {0}")]
    Upgrade(#[source] sqlx::migrate::MigrateError),
    #[error("it is not a Whenless database (it has no record of Whenless's migrations)")]
    NotWhenless,
    #[error(
        "its schema is version {found} and this Whenless's is {ours}: {}",
        if found < ours {
            "start this version's server on it once (it brings the schema up to date as it starts), then run the command again"
        } else {
            "run the command with the Whenless version that serves it"
        }
    )]
    OtherSchema { found: i64, ours: i64 },
}

/// An opened store, by backend.
pub enum Backend {
    Postgres(Arc<PgStore>),
    Sqlite(Arc<SqliteStore>),
}

/// Opens the database named by `settings.url` and applies pending migrations.
pub async fn open_backend(settings: &StoreSettings) -> Result<Backend, OpenError> {
    Ok(match Engine::of(&settings.url)? {
        Engine::Postgres => Backend::Postgres(Arc::new(PgStore::open(settings).await?)),
        Engine::Sqlite => Backend::Sqlite(Arc::new(SqliteStore::open(settings).await?)),
    })
}

/// The database engine a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Engine {
    Postgres,
    Sqlite,
}

impl Engine {
    /// `postgres://` or `postgresql://`, or `sqlite:`; anything else is refused, naming at most
    /// the first 16 characters of its scheme (never a password).
    pub(super) fn of(url: &str) -> Result<Self, OpenError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else {
            let scheme: String = url.chars().take_while(|c| *c != ':').take(16).collect();
            Err(OpenError::UnsupportedUrl(scheme))
        }
    }
}

/// Opens the database named by `settings.url`, applies pending migrations, and returns the
/// store for it.
pub async fn open(settings: &StoreSettings) -> Result<Arc<dyn Store>, OpenError> {
    Ok(match open_backend(settings).await? {
        Backend::Postgres(store) => store,
        Backend::Sqlite(store) => store,
    })
}

/// The Postgres schema's migrations, applied at every start.
pub(super) static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// The SQLite schema's migrations, applied at every start.
pub(super) static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");

/// The version of the schema this build writes: its last migration's (both backends have the
/// same migrations, one file each).
pub fn schema_version() -> i64 {
    POSTGRES_MIGRATIONS
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0)
}

/// Connects to Postgres with the pool settings and applies its pending migrations; with the
/// server key.
pub(super) async fn postgres(settings: &StoreSettings) -> Result<(PgPool, ServerKey), OpenError> {
    let key = ServerKey::load_or_create(&settings.key_path(None))?;
    let pool = postgres_pool(settings).await?;
    POSTGRES_MIGRATIONS.run(&pool).await.map_err(OpenError::Migrate)?;
    Ok((pool, key))
}

/// Connects to Postgres with the pool settings (no migration).
pub(super) async fn postgres_pool(settings: &StoreSettings) -> Result<PgPool, OpenError> {
    let options = PgConnectOptions::from_str(&settings.url)
        .map_err(OpenError::Connect)?
        .application_name("whenless");
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(settings.acquire_timeout)
        .connect_with(options)
        .await
        .map_err(OpenError::Connect)
}

/// Opens the SQLite file (creating it and its folder if need be) with the pool settings and
/// applies its pending migrations; with the server key.
pub(super) async fn sqlite(settings: &StoreSettings) -> Result<(SqlitePool, ServerKey), OpenError> {
    let (options, file) = sqlite_options(settings)?;
    create_folder(&file)?;
    let key = ServerKey::load_or_create(&settings.key_path(Some(file.as_path())))?;
    let pool = sqlite_pool(settings, options.create_if_missing(true)).await?;
    SQLITE_MIGRATIONS.run(&pool).await.map_err(OpenError::Migrate)?;
    Ok((pool, key))
}

/// The connection options of the SQLite file `settings.url` names (which is not created
/// unless asked), and the file.
pub(super) fn sqlite_options(settings: &StoreSettings) -> Result<(SqliteConnectOptions, PathBuf), OpenError> {
    let options = SqliteConnectOptions::from_str(&settings.url)
        .map_err(OpenError::Connect)?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // What a link's replacement or the key migration overwrites is overwritten on disk
        // too, not left in a free page of the file.
        .pragma("secure_delete", "ON")
        .busy_timeout(settings.acquire_timeout);
    let file = PathBuf::from(options.get_filename());
    Ok((options, file))
}

/// Creates the folder of a SQLite file to be created.
pub(super) fn create_folder(file: &Path) -> Result<(), OpenError> {
    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => std::fs::create_dir_all(folder).map_err(|source| OpenError::CreateDir {
            path: folder.display().to_string(),
            source,
        }),
        None => Ok(()),
    }
}

/// Opens the SQLite file with `options` and the pool settings (no migration).
pub(super) async fn sqlite_pool(
    settings: &StoreSettings,
    options: SqliteConnectOptions,
) -> Result<SqlitePool, OpenError> {
    SqlitePoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(settings.acquire_timeout)
        .connect_with(options)
        .await
        .map_err(OpenError::Connect)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_backends_have_the_same_migrations() {
        let versions = |migrator: &sqlx::migrate::Migrator| {
            migrator
                .iter()
                .map(|migration| (migration.version, migration.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            versions(&super::POSTGRES_MIGRATIONS),
            versions(&super::SQLITE_MIGRATIONS)
        );
        assert_eq!(
            super::schema_version(),
            versions(&super::SQLITE_MIGRATIONS).last().unwrap().0
        );
    }
}
