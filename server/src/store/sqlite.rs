//! SQLite: the embedded, zero-set-up default.

use std::path::Path;
use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{OpenError, ServerKey, StoreSettings, sql_store};

pub struct SqliteStore {
    pool: SqlitePool,
    key: ServerKey,
}

impl SqliteStore {
    pub async fn open(settings: &StoreSettings) -> Result<Self, OpenError> {
        let options = SqliteConnectOptions::from_str(&settings.url)
            .map_err(OpenError::Connect)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // What a link's replacement or the key migration overwrites is overwritten on disk
            // too, not left in a free page of the file.
            .pragma("secure_delete", "ON")
            .busy_timeout(settings.acquire_timeout);
        if let Some(folder) = Path::new(options.get_filename())
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder).map_err(|source| OpenError::CreateDir {
                path: folder.display().to_string(),
                source,
            })?;
        }
        let key = ServerKey::load_or_create(&settings.key_path(Some(Path::new(options.get_filename()))))?;
        let pool = SqlitePoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(OpenError::Connect)?;
        sqlx::migrate!("../migrations/sqlite")
            .run(&pool)
            .await
            .map_err(OpenError::Migrate)?;
        Ok(Self { pool, key })
    }
}

sql_store!(SqliteStore);
