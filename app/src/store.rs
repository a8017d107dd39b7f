//! The persistence boundary, seen from the server functions. The trait lives here so that
//! server functions can reach it through context; the Postgres and SQLite implementations live
//! in the `server` crate.

use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::{Assessment, AssessmentDraft};

/// A boxed error from a database driver, kept for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What can go wrong in the store, in terms the rest of the app can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached in time: the request may be retried later.
    #[error("the database is unavailable")]
    Unavailable(#[source] BoxError),
    /// Anything else: a bug or corrupt data. Logged with its detail, shown as a generic error.
    #[error("the database failed")]
    Internal(#[source] BoxError),
}

/// Everything the app keeps. One implementation per database backend; both pass the same
/// conformance tests (`server/tests/store_conformance.rs`).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Saves a new assessment under a fresh random id and returns it.
    async fn create_assessment(&self, draft: &AssessmentDraft) -> Result<Assessment, StoreError>;

    /// The assessment with this id, or `None` when there is none.
    async fn assessment(&self, id: &str) -> Result<Option<Assessment>, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// What the server functions need from the server, provided as Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }
}
