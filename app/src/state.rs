//! What the server functions and the server's own routes share: [`AppState`] (the store, live
//! updates, the snapshot cache and the write limits), and the scoring of an assessment as
//! whoever asks may see it.

use std::sync::Arc;

use domain::content::Content;
use domain::views::{Scored, Snapshot};
use domain::{Assessment, AssessmentId};

use crate::contents::Contents;
use crate::limits::WriteLimits;
use crate::live::{Change, Hub, Notifier};
use crate::metrics::Metrics;
use crate::snapshots::Snapshots;
use crate::store::{Access, Store, StoreError};

/// What the server functions need from the server, provided as Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Announces changes to every open page of an assessment.
    pub notifier: Arc<dyn Notifier>,
    /// This instance's subscribers, for the event streams.
    pub hub: Arc<Hub>,
    /// The address people reach the app at (`https://whenless.example.com`), for the links the
    /// facilitator copies; `None` to take it from each request's Host header.
    pub public_url: Option<String>,
    /// Most people who can join one workshop.
    pub max_participants: usize,
    /// Recently read assessments, dropped when they change.
    pub snapshots: Arc<Snapshots>,
    /// How many changes each person, link and address may make.
    pub limits: Arc<WriteLimits>,
    /// What this instance counts for its operators.
    pub metrics: Arc<Metrics>,
    /// The contents assessments are taken with, and the one new assessments get.
    pub contents: Arc<Contents>,
}

impl AppState {
    /// What the assessment holds (answers, people, settings, costs), from memory if nothing
    /// changed since it was last read.
    pub async fn snapshot(&self, assessment_id: &AssessmentId) -> Result<Arc<Snapshot>, StoreError> {
        self.snapshots.get(self.store.as_ref(), assessment_id).await
    }

    /// The content `assessment` was taken with: it is asked, shown, scored and exported with
    /// that content, whatever the current one is (see [`Contents::of`]).
    pub async fn content_of(&self, assessment: &Assessment) -> Result<Arc<Content>, StoreError> {
        self.contents
            .of(self.store.as_ref(), &assessment.content_version)
            .await
    }

    /// Call after every write: drops this instance's snapshot, so that the writer reads its own
    /// write, and tells every open page (on every instance) what changed.
    pub async fn changed(&self, assessment_id: &AssessmentId, change: Change) {
        self.snapshots.forget(assessment_id);
        self.notifier.changed(assessment_id, change).await;
    }
}

/// Scores an assessment against the content it was taken with, from the answers the holder
/// of `access` may see (see [`Scored::new`]).
pub async fn scored(state: &AppState, access: &Access) -> Result<Scored, StoreError> {
    let snapshot = state.snapshot(&access.assessment.id).await?;
    Ok(Scored::new(
        &*state.content_of(&access.assessment).await?,
        &access.assessment,
        access.kind,
        &snapshot,
    ))
}
