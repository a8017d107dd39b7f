//! Live updates: "something in this assessment changed" fanned out to every open page. The
//! hub is in-process (tokio broadcast); with Postgres, LISTEN/NOTIFY carries the same signal
//! between server instances (see the server's `live` module).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use tokio::sync::{broadcast, watch};

/// How many unread changes a slow client may fall behind by before it is told to resync.
const BACKLOG: usize = 16;

/// Subscriptions per assessment, and the switch that ends every stream at shutdown.
pub struct Hub {
    channels: Mutex<HashMap<String, broadcast::Sender<()>>>,
    closing: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            channels: Mutex::new(HashMap::new()),
            closing: watch::Sender::new(false),
        }
    }
}

impl Hub {
    /// Changes of one assessment from now on.
    pub fn subscribe(&self, assessment_id: &str) -> broadcast::Receiver<()> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels.retain(|_, sender| sender.receiver_count() > 0);
        channels
            .entry(assessment_id.to_owned())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe()
    }

    /// Tells this instance's subscribers of `assessment_id` that it changed.
    pub fn publish(&self, assessment_id: &str) {
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = channels.get(assessment_id) {
            let _ = sender.send(());
        }
    }

    /// Tells every subscriber of every assessment to refetch.
    pub fn publish_all(&self) {
        let channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        for sender in channels.values() {
            let _ = sender.send(());
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
    async fn changed(&self, assessment_id: &str);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_hear_only_their_assessment() {
        let hub = Hub::default();
        let mut a = hub.subscribe("a");
        let mut b = hub.subscribe("b");
        hub.publish("a");
        assert!(a.try_recv().is_ok());
        assert!(b.try_recv().is_err());
        hub.publish("nobody-listens");
    }

    #[tokio::test]
    async fn closing_is_seen_by_every_stream() {
        let hub = Hub::default();
        let mut closing = hub.closing();
        hub.close();
        assert!(closing.wait_for(|c| *c).await.is_ok());
    }
}
