//! Recently read assessments, kept in memory until they change. In a workshop one change makes
//! every open screen refetch at once, and the read-only page is opened far more often than
//! anything is written; each of those reads would otherwise query the answers, the people, the
//! settings and the costs again.
//!
//! A snapshot is dropped whenever its assessment changes: at once on the instance that wrote
//! (before the write is announced), and through the change notifications on every other
//! instance. A read that overlapped a change is returned but not kept, so the cache never holds
//! data older than the last change it heard of.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::store::{Store, StoreError};
use domain::AssessmentId;
use domain::views::Snapshot;

/// How many assessments are kept; past it, the cache starts afresh.
const CAPACITY: usize = 1_024;

/// Reads everything the pages compute from, besides the assessment's own row.
pub async fn read(store: &dyn Store, assessment_id: &AssessmentId) -> Result<Snapshot, StoreError> {
    Ok(Snapshot {
        answers: store.answers(assessment_id).await?,
        participants: store.participants(assessment_id).await?,
        settings: store.dimension_settings(assessment_id).await?,
        costs: store.cost_inputs(assessment_id).await?,
        parts: store.parts(assessment_id).await?,
        review: store.review(assessment_id).await?,
        rounds: store.rounds(assessment_id).await?,
        decision: store.decision(assessment_id).await?,
        next_actions: store.next_actions(assessment_id).await?,
    })
}

#[derive(Default)]
struct Entries {
    kept: HashMap<AssessmentId, Arc<Snapshot>>,
    /// Counts every change heard of; a read keeps its result only if none came in between.
    changes: u64,
}

/// The cache; one per server instance.
#[derive(Default)]
pub struct Snapshots {
    entries: Mutex<Entries>,
}

impl Snapshots {
    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The snapshot of an assessment: kept, or read from `store` (and kept).
    pub async fn get(
        &self,
        store: &dyn Store,
        assessment_id: &AssessmentId,
    ) -> Result<Arc<Snapshot>, StoreError> {
        let before = {
            let entries = self.entries();
            if let Some(kept) = entries.kept.get(assessment_id) {
                return Ok(kept.clone());
            }
            entries.changes
        };
        let snapshot = Arc::new(read(store, assessment_id).await?);
        let mut entries = self.entries();
        if entries.changes == before {
            if entries.kept.len() >= CAPACITY {
                entries.kept.clear();
            }
            entries.kept.insert(assessment_id.clone(), snapshot.clone());
        }
        Ok(snapshot)
    }

    /// Drops what is kept of an assessment that changed.
    pub fn forget(&self, assessment_id: &AssessmentId) {
        let mut entries = self.entries();
        entries.changes += 1;
        entries.kept.remove(assessment_id);
    }

    /// Drops everything: changes may have been missed.
    pub fn forget_all(&self) {
        let mut entries = self.entries();
        entries.changes += 1;
        entries.kept.clear();
    }
}
