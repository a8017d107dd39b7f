//! Deleting assessments left untouched, when the operator asks for it
//! (`--delete-untouched-after-days`): once at start and then every hour, every assessment
//! nothing was written to for that many days is deleted as its facilitator would delete it.

use std::time::Duration;

use app::live::Change;
use app::state::AppState;
use app::store::{StoreError, now_ms};
use domain::calendar::DAY_MS;

/// How often untouched assessments are looked for.
const EVERY: Duration = Duration::from_secs(60 * 60);

/// The time before which an assessment last written to counts as untouched for `days`.
pub fn cutoff(now_ms: i64, days: u32) -> i64 {
    now_ms.saturating_sub(i64::from(days) * DAY_MS)
}

/// Deletes the assessments untouched for `days`, ends their open pages, and says how many.
pub async fn sweep(state: &AppState, days: u32) -> Result<usize, StoreError> {
    let deleted = state.store.delete_untouched(cutoff(now_ms(), days)).await?;
    for id in &deleted {
        tracing::info!(assessment = %id, days, "assessment deleted, untouched");
        state.changed(id, Change::Deleted).await;
    }
    Ok(deleted.len())
}

/// Sweeps now and every hour until the server shuts down.
pub fn spawn(state: AppState, days: u32) {
    tokio::spawn(async move {
        let mut closing = state.hub.closing();
        let closed = async move {
            let _ = closing.wait_for(|c| *c).await;
        };
        tokio::pin!(closed);
        let mut every = tokio::time::interval(EVERY);
        loop {
            tokio::select! {
                _ = every.tick() => {
                    if let Err(error) = sweep(&state, days).await {
                        tracing::warn!(%error, "could not delete untouched assessments; trying again in an hour");
                    }
                }
                () = &mut closed => return,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_that_many_whole_days_back() {
        let now = 1_800_000_000_000;
        assert_eq!(cutoff(now, 1), now - 86_400_000);
        assert_eq!(cutoff(now, 30), now - 30 * 86_400_000);
        assert_eq!(cutoff(0, 36_500), -36_500 * 86_400_000);
        assert_eq!(cutoff(i64::MIN + 1, 36_500), i64::MIN);
    }
}
