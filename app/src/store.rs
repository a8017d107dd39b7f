//! The persistence boundary, seen from the server functions. The trait lives here so that
//! server functions can reach it through context; the Postgres and SQLite implementations live
//! in the `server` crate.

use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::content::Content;
use crate::domain::scoring::{Report, score};
use crate::domain::walkthrough::{AnswerRecord, DimensionSetting, Saved, responses};
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
    /// Saves a new assessment under a fresh random id, taken with content `content_version`,
    /// and returns it.
    async fn create_assessment(
        &self,
        draft: &AssessmentDraft,
        content_version: &str,
    ) -> Result<Assessment, StoreError>;

    /// The assessment with this id, or `None` when there is none.
    async fn assessment(&self, id: &str) -> Result<Option<Assessment>, StoreError>;

    /// Records the walk-through step the team moved to.
    async fn set_current_step(&self, assessment_id: &str, step: i64) -> Result<(), StoreError>;

    /// Every answer in the assessment, from everyone.
    async fn answers(&self, assessment_id: &str) -> Result<Vec<AnswerRecord>, StoreError>;

    /// Saves one answer, replacing the same person's earlier answer to the same question: a
    /// retry or a double click never makes two.
    async fn save_answer(&self, assessment_id: &str, answer: &AnswerRecord) -> Result<(), StoreError>;

    /// The importance and note of every dimension the team has edited.
    async fn dimension_settings(&self, assessment_id: &str) -> Result<Vec<DimensionSetting>, StoreError>;

    /// Saves a dimension's importance and note if nobody has saved since `setting.version`;
    /// otherwise writes nothing and returns what is saved now.
    async fn save_dimension_setting(
        &self,
        assessment_id: &str,
        setting: &DimensionSetting,
    ) -> Result<Saved, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// A saved assessment with everything needed to show its results.
pub struct Scored {
    pub assessment: Assessment,
    pub settings: Vec<DimensionSetting>,
    pub report: Report,
}

/// Loads an assessment and scores it against the bundled content; `None` when there is no
/// assessment with this id.
pub async fn scored(store: &dyn Store, id: &str) -> Result<Option<Scored>, StoreError> {
    let Some(assessment) = store.assessment(id).await? else {
        return Ok(None);
    };
    let content = Content::bundled();
    let answers = store.answers(id).await?;
    let settings = store.dimension_settings(id).await?;
    let report = score(content, &responses(content, &answers, &settings));
    Ok(Some(Scored {
        assessment,
        settings,
        report,
    }))
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
