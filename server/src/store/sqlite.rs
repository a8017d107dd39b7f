//! SQLite: the embedded, zero-set-up default.

use sqlx::SqlitePool;

use super::links::ServerKey;
use super::open::{self, OpenError, StoreSettings};
use super::sql::sql_store;

pub struct SqliteStore {
    pool: SqlitePool,
    key: ServerKey,
}

impl SqliteStore {
    pub async fn open(settings: &StoreSettings) -> Result<Self, OpenError> {
        let (pool, key) = open::sqlite(settings).await?;
        Ok(Self { pool, key })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

sql_store!(SqliteStore);
