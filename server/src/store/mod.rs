//! The two implementations of [`app::store::Store`]: Postgres for teams, SQLite as the
//! zero-set-up default. Both run the same SQL (runtime queries with `$n` placeholders), written
//! once in [`sql::sql_store!`], and pass the same conformance tests. Opening either lives in
//! [`open`], the rows they read in [`rows`].

pub mod dump;
pub(crate) mod links;
mod open;
mod postgres;
mod queries;
mod rows;
mod sql;
mod sqlite;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

pub use links::{KEY_LEN, KeyError, ServerKey};
pub use open::{Backend, DEFAULT_KEY_FILE, OpenError, StoreSettings, open, open_backend, schema_version};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// A fresh identifier: 128 bits from a CSPRNG seeded by the operating system, URL-safe base64.
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_bit_url_safe_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..1_000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1_000);
        for id in &ids {
            assert_eq!(URL_SAFE_NO_PAD.decode(id).unwrap().len(), 16);
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }
}
