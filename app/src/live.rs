//! Live updates: "something in this assessment changed" fanned out to every open page. The
//! hub is in-process (tokio broadcast); with Postgres, LISTEN/NOTIFY carries the same signal
//! between server instances (see the server's `live` module).

#[cfg(feature = "ssr")]
pub use hub::{Hub, Notifier};

/// What kind of change happened, so that a page can ignore what it does not show: a
/// participant's phone stays still while other people answer, and moves when the room does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Someone answered.
    Answers,
    /// Someone joined the workshop.
    People,
    /// Anything else: the room's step, a reveal, the countdown, someone leaving, links, notes,
    /// costs.
    Room,
    /// The facilitator deleted the assessment: every open page leaves it, and its streams end.
    Deleted,
}

impl Change {
    /// The event's data on the stream, and the payload between instances.
    pub fn name(self) -> &'static str {
        match self {
            Change::Answers => "answers",
            Change::People => "people",
            Change::Room => "room",
            Change::Deleted => "deleted",
        }
    }

    pub fn from_name(name: &str) -> Option<Change> {
        [Change::Answers, Change::People, Change::Room, Change::Deleted]
            .into_iter()
            .find(|c| c.name() == name)
    }
}

/// The server's side: subscriptions per assessment, and how changes are announced.
#[cfg(feature = "ssr")]
mod hub {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use async_trait::async_trait;
    use domain::AssessmentId;
    use tokio::sync::{broadcast, watch};

    use super::Change;

    /// How many unread changes a slow client may fall behind by before it is told to resync.
    const BACKLOG: usize = 16;

    /// Subscriptions per assessment, the assessments deleted, and the switch that ends every
    /// stream at shutdown.
    pub struct Hub {
        channels: Mutex<HashMap<AssessmentId, broadcast::Sender<Change>>>,
        deletions: broadcast::Sender<AssessmentId>,
        closing: watch::Sender<bool>,
    }

    impl Default for Hub {
        fn default() -> Self {
            Self {
                channels: Mutex::new(HashMap::new()),
                deletions: broadcast::channel(BACKLOG).0,
                closing: watch::Sender::new(false),
            }
        }
    }

    impl Hub {
        /// Changes of one assessment from now on.
        pub fn subscribe(&self, assessment_id: &AssessmentId) -> broadcast::Receiver<Change> {
            let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
            channels.retain(|_, sender| sender.receiver_count() > 0);
            channels
                .entry(assessment_id.clone())
                .or_insert_with(|| broadcast::channel(BACKLOG).0)
                .subscribe()
        }

        /// Tells this instance's subscribers of `assessment_id` that it changed, and, when it
        /// was deleted, the subscribers of [`Hub::deletions`].
        pub fn publish(&self, assessment_id: &AssessmentId, change: Change) {
            let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(sender) = channels.get(assessment_id) {
                let _ = sender.send(change);
            }
            if change == Change::Deleted {
                let _ = self.deletions.send(assessment_id.clone());
            }
        }

        /// The assessments deleted from now on, for what this instance keeps of them.
        pub fn deletions(&self) -> broadcast::Receiver<AssessmentId> {
            self.deletions.subscribe()
        }

        /// Tells every subscriber of every assessment to refetch everything.
        pub fn publish_all(&self) {
            let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
            for sender in channels.values() {
                let _ = sender.send(Change::Room);
            }
        }

        /// Resolves when the server is shutting down.
        pub fn closing(&self) -> watch::Receiver<bool> {
            self.closing.subscribe()
        }

        /// Ends every open stream.
        pub fn close(&self) {
            self.closing.send_replace(true);
        }
    }

    /// Announces changes: to this instance's hub, or through the database to every instance.
    #[async_trait]
    pub trait Notifier: Send + Sync + 'static {
        async fn changed(&self, assessment_id: &AssessmentId, change: Change);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use domain::AssessmentId;

    use super::*;

    #[tokio::test]
    async fn subscribers_hear_only_their_assessment() {
        let hub = Hub::default();
        let mut a = hub.subscribe(&AssessmentId::from("a"));
        let mut b = hub.subscribe(&AssessmentId::from("b"));
        hub.publish(&AssessmentId::from("a"), Change::Answers);
        assert_eq!(a.try_recv().ok(), Some(Change::Answers));
        assert!(b.try_recv().is_err());
        hub.publish(&AssessmentId::from("nobody-listens"), Change::Room);
        hub.publish_all();
        assert_eq!(b.try_recv().ok(), Some(Change::Room), "a resync is a room change");
    }

    #[tokio::test]
    async fn deletions_reach_their_subscribers_and_the_deleted_assessments_pages() {
        let hub = Hub::default();
        let mut page = hub.subscribe(&AssessmentId::from("a"));
        let mut deletions = hub.deletions();
        hub.publish(&AssessmentId::from("a"), Change::Room);
        assert!(
            deletions.try_recv().is_err(),
            "only deletions are announced there"
        );
        hub.publish(&AssessmentId::from("a"), Change::Deleted);
        assert_eq!(page.try_recv().ok(), Some(Change::Room));
        assert_eq!(page.try_recv().ok(), Some(Change::Deleted));
        assert_eq!(deletions.try_recv().ok(), Some(AssessmentId::from("a")));
    }

    #[test]
    fn change_names_round_trip() {
        for change in [Change::Answers, Change::People, Change::Room, Change::Deleted] {
            assert_eq!(Change::from_name(change.name()), Some(change));
        }
        assert_eq!(Change::from_name("other"), None);
    }

    #[tokio::test]
    async fn closing_is_seen_by_every_stream() {
        let hub = Hub::default();
        let mut closing = hub.closing();
        hub.close();
        assert!(closing.wait_for(|c| *c).await.is_ok());
    }
}
