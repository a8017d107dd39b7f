//! Postgres: the system of record for teams.

use sqlx::PgPool;

use super::links::ServerKey;
use super::open::{self, OpenError, StoreSettings};
use super::sql::sql_store;

pub struct PgStore {
    pool: PgPool,
    key: ServerKey,
}

impl PgStore {
    pub async fn open(settings: &StoreSettings) -> Result<Self, OpenError> {
        let (pool, key) = open::postgres(settings).await?;
        Ok(Self { pool, key })
    }

    /// The connection pool, for LISTEN/NOTIFY.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

sql_store!(PgStore);
