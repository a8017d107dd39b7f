//! "Your assessments": the facilitator pages this browser opened, kept in its local storage
//! only (never sent to the server), so that a facilitator who closed the tab gets back in from
//! the start page. The list logic is plain; reading and writing the browser's storage is
//! [`browser`], in the browser only.

use serde::{Deserialize, Serialize};

/// The local-storage key of the list.
pub const STORAGE_KEY: &str = "whenless.assessments";

/// At most this many are remembered; the ones opened longest ago drop off.
pub const MAX_REMEMBERED: usize = 30;

/// One assessment the browser opened as facilitator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// The assessment's id: a new facilitator link replaces the entry of the old one.
    pub id: String,
    pub title: String,
    /// The facilitator page, `/f/<token>`.
    pub path: String,
    /// When it was last opened here, in milliseconds since the Unix epoch.
    pub opened_at_ms: i64,
}

/// The list as stored; anything unreadable (another app's data, a hand edit) reads as empty.
pub fn parse(stored: Option<&str>) -> Vec<Remembered> {
    stored
        .and_then(|text| serde_json::from_str::<Vec<Remembered>>(text).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|entry| {
            crate::routes::link_page_token(domain::access::LinkKind::Facilitator, &entry.path).is_some()
        })
        .take(MAX_REMEMBERED)
        .collect()
}

/// `list` with `opened` first, in place of any entry for the same assessment or page.
pub fn remember(list: Vec<Remembered>, opened: Remembered) -> Vec<Remembered> {
    let mut list: Vec<Remembered> = list
        .into_iter()
        .filter(|entry| entry.id != opened.id && entry.path != opened.path)
        .collect();
    list.insert(0, opened);
    list.truncate(MAX_REMEMBERED);
    list
}

/// `list` without the page at `path`.
pub fn forget(list: Vec<Remembered>, path: &str) -> Vec<Remembered> {
    list.into_iter().filter(|entry| entry.path != path).collect()
}

/// The list in the browser's local storage; nothing when storage is unavailable (a private
/// window that refuses it, say), which only means the list stays empty.
#[cfg(feature = "hydrate")]
pub mod browser {
    use leptos::prelude::window;

    use super::{Remembered, STORAGE_KEY, parse};

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    pub fn load() -> Vec<Remembered> {
        let stored = storage().and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten());
        parse(stored.as_deref())
    }

    /// Changes the stored list with `change`, and returns it as it is now.
    pub fn update(change: impl FnOnce(Vec<Remembered>) -> Vec<Remembered>) -> Vec<Remembered> {
        let list = change(load());
        if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&list)) {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
        list
    }

    /// Now, by the browser's clock.
    pub fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, token: &str) -> Remembered {
        Remembered {
            id: id.to_owned(),
            title: format!("Assessment {id}"),
            path: format!("/f/{token}"),
            opened_at_ms: 1_800_000_000_000,
        }
    }

    #[test]
    fn the_latest_opened_comes_first_once() {
        let list = remember(vec![], entry("a", "ta"));
        let list = remember(list, entry("b", "tb"));
        let list = remember(list, entry("a", "ta"));
        assert_eq!(list, vec![entry("a", "ta"), entry("b", "tb")]);
    }

    #[test]
    fn a_new_facilitator_link_replaces_the_old_one() {
        let list = remember(vec![entry("a", "old"), entry("b", "tb")], entry("a", "new"));
        assert_eq!(list, vec![entry("a", "new"), entry("b", "tb")]);
    }

    #[test]
    fn the_list_is_bounded() {
        let list = (0..MAX_REMEMBERED + 5).fold(vec![], |list, n| {
            remember(list, entry(&n.to_string(), &format!("t{n}")))
        });
        assert_eq!(list.len(), MAX_REMEMBERED);
        assert_eq!(list[0].id, (MAX_REMEMBERED + 4).to_string(), "the newest stays");
        assert!(list.iter().all(|e| e.id != "0"), "the oldest drops off");
    }

    #[test]
    fn forgetting_removes_one_page_only() {
        let list = vec![entry("a", "ta"), entry("b", "tb")];
        assert_eq!(forget(list.clone(), "/f/ta"), vec![entry("b", "tb")]);
        assert_eq!(forget(list.clone(), "/f/other"), list);
    }

    #[test]
    fn stored_text_round_trips_and_anything_else_reads_as_empty() {
        let list = vec![entry("a", "ta"), entry("b", "tb")];
        let stored = serde_json::to_string(&list).unwrap();
        assert_eq!(parse(Some(&stored)), list);
        for junk in [None, Some(""), Some("{}"), Some("[1,2]"), Some("not json")] {
            assert_eq!(parse(junk), vec![], "{junk:?}");
        }
        // Only facilitator pages are ever offered as links.
        let elsewhere = Remembered {
            path: "https://evil.example/f/x".into(),
            ..entry("c", "tc")
        };
        let participant = Remembered {
            path: "/p/tp".into(),
            ..entry("d", "td")
        };
        let stored = serde_json::to_string(&[entry("a", "ta"), elsewhere, participant]).unwrap();
        assert_eq!(parse(Some(&stored)), vec![entry("a", "ta")]);
    }
}
