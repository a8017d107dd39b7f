//! Live updates between server instances: with SQLite the in-process hub is all there is; with
//! Postgres every change goes out as a NOTIFY, and each instance LISTENs and feeds its own hub,
//! so two servers behind a load balancer serve one workshop.

use std::sync::Arc;
use std::time::Duration;

use app::live::{Change, Hub, Notifier};
use app::snapshots::Snapshots;
use async_trait::async_trait;
use domain::AssessmentId;
use sqlx::PgPool;
use sqlx::postgres::PgListener;

/// The Postgres channel that carries changes, as `<kind>:<assessment id>`.
pub const CHANNEL: &str = "whenless_changes";

/// Announces changes to this instance only.
pub struct LocalNotifier(pub Arc<Hub>);

#[async_trait]
impl Notifier for LocalNotifier {
    async fn changed(&self, assessment_id: &AssessmentId, change: Change) {
        self.0.publish(assessment_id, change);
    }
}

/// Announces changes to every instance through Postgres.
pub struct PgNotifier(pub PgPool);

#[async_trait]
impl Notifier for PgNotifier {
    async fn changed(&self, assessment_id: &AssessmentId, change: Change) {
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload(assessment_id, change))
            .execute(&self.0)
            .await;
        if let Err(error) = sent {
            // The change itself is saved; pages catch up when they next load or reconnect.
            tracing::warn!(%error, "could not announce a change");
        }
    }
}

fn payload(assessment_id: &AssessmentId, change: Change) -> String {
    format!("{}:{assessment_id}", change.name())
}

fn parse_payload(payload: &str) -> Option<(AssessmentId, Change)> {
    let (kind, assessment_id) = payload.split_once(':')?;
    Some((assessment_id.into(), Change::from_name(kind)?))
}

/// Feeds this instance's hub from Postgres notifications, dropping the snapshots of what
/// changed, and reconnects after failures. After a reconnect every snapshot is dropped and every
/// subscriber is told to refetch, since notifications may have been missed.
pub fn spawn_listener(pool: PgPool, hub: Arc<Hub>, snapshots: Arc<Snapshots>) {
    tokio::spawn(async move {
        let mut closing = hub.closing();
        let mut resync = false;
        loop {
            tokio::select! {
                error = follow(&pool, &hub, &snapshots, resync) => {
                    tracing::warn!(%error, "listening for changes failed; retrying");
                }
                _ = closing.wait_for(|c| *c) => return,
            }
            resync = true;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Passes notifications to the hub until the connection fails.
async fn follow(pool: &PgPool, hub: &Hub, snapshots: &Snapshots, resync: bool) -> sqlx::Error {
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(error) => return error,
    };
    if let Err(error) = listener.listen(CHANNEL).await {
        return error;
    }
    if resync {
        snapshots.forget_all();
        hub.publish_all();
    }
    loop {
        match listener.recv().await {
            Ok(notification) => match parse_payload(notification.payload()) {
                Some((assessment_id, change)) => {
                    snapshots.forget(&assessment_id);
                    hub.publish(&assessment_id, change);
                }
                None => tracing::warn!("ignored a malformed change notification"),
            },
            Err(error) => return error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_carry_the_kind_and_the_assessment() {
        for change in [Change::Answers, Change::Room] {
            let id = AssessmentId::from("a1_-x");
            assert_eq!(parse_payload(&payload(&id, change)), Some((id, change)));
        }
        assert_eq!(parse_payload("a1"), None);
        assert_eq!(parse_payload("other:a1"), None);
    }
}
