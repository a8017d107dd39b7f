//! Postgres: the system of record for teams.

use std::str::FromStr;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::{OpenError, ServerKey, StoreSettings, sql_store};

pub struct PgStore {
    pool: PgPool,
    key: ServerKey,
}

impl PgStore {
    pub async fn open(settings: &StoreSettings) -> Result<Self, OpenError> {
        let options = PgConnectOptions::from_str(&settings.url)
            .map_err(OpenError::Connect)?
            .application_name("whenless");
        let key = ServerKey::load_or_create(&settings.key_path(None))?;
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(OpenError::Connect)?;
        sqlx::migrate!("../migrations/postgres")
            .run(&pool)
            .await
            .map_err(OpenError::Migrate)?;
        Ok(Self { pool, key })
    }

    /// The connection pool, for LISTEN/NOTIFY.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

sql_store!(PgStore);
