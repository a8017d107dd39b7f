//! The contents assessments are taken with: every version of the talk's that the app ships, and
//! the organisations' contents kept in the store (see [`domain::content::organisation`]).
//! New assessments get the current content: the one the server was started with (`--content`),
//! or else the talk's current version. An assessment keeps the content it was taken with
//! whatever the server is started with later: an organisation's content is read from the
//! store the first time this instance meets it (another instance sharing the database may have
//! saved it), then kept in memory.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use domain::content::{Content, organisation};

use crate::store::{Store, StoreError};

pub struct Contents {
    current: Arc<Content>,
    known: RwLock<HashMap<String, Arc<Content>>>,
}

impl Contents {
    /// The shipped versions, with `current` as the content new assessments are taken with.
    pub fn new(current: Content) -> Contents {
        let mut known: HashMap<String, Arc<Content>> = Content::shipped()
            .iter()
            .map(|c| (c.version.clone(), Arc::new(c.clone())))
            .collect();
        let current = known
            .entry(current.version.clone())
            .or_insert_with(|| Arc::new(current))
            .clone();
        Contents {
            current,
            known: RwLock::new(known),
        }
    }

    /// The content new assessments are taken with.
    pub fn current(&self) -> &Content {
        &self.current
    }

    /// The content of version `version`: a shipped one, or an organisation's kept in `store`;
    /// for a version found in neither (one recorded by a newer build, or by a test), the
    /// talk's current version.
    pub async fn of(&self, store: &dyn Store, version: &str) -> Result<Arc<Content>, StoreError> {
        if let Some(known) = self.known.read().unwrap_or_else(|e| e.into_inner()).get(version) {
            return Ok(known.clone());
        }
        let content = match store.content(version).await? {
            Some(body) => organisation::from_stored(&body).map_err(|why| {
                StoreError::Internal(format!("the stored content {version:?} cannot be read: {why}").into())
            })?,
            None => return Ok(self.talk_current()),
        };
        let content = Arc::new(content);
        self.known
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(version.to_owned(), content.clone());
        Ok(content)
    }

    fn talk_current(&self) -> Arc<Content> {
        self.known
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&Content::bundled().version)
            .cloned()
            .unwrap_or_else(|| Arc::new(Content::bundled().clone()))
    }
}
