use leptos::prelude::*;

use crate::live::Change;

/// A number that goes up each time the server announces that the assessment changed, for
/// resources to depend on. It listens to the event stream at `events_path` while the page is
/// open, in the browser only; during server rendering it stays 0.
pub fn use_changes(events_path: String) -> ReadSignal<u32> {
    changes_of(events_path, None, false)
}

/// Like [`use_changes`], counting only changes of the room (its step, reveals, countdown,
/// people), not answers, and counting the greeting the server opens every stream with: a page
/// that checks what it shows on each count also catches a change made between its rendering
/// and its stream opening (a page that reloaded as the room moved on, say).
pub fn use_room_changes(events_path: String) -> ReadSignal<u32> {
    changes_of(events_path, Some(Change::Room), true)
}

/// Keeps a page that shows the assessment current without a reload: when it changes, the page
/// is fetched again and its main content put in place. Changes that come in quick succession
/// (a room answering) are taken together, one fetch a second at most.
#[island]
pub fn FollowPage(events: String) -> impl IntoView {
    let changes = use_changes(events);
    let scheduled = StoredValue::new(false);
    // Fetches are numbered; one that comes back after a later one has been applied is dropped.
    let fetches = StoredValue::new(0u64);
    Effect::new(move |seen: Option<()>| {
        changes.track();
        if seen.is_none() || scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        set_timeout(
            move || {
                // Changes from now on need another fetch: this one may have left before them.
                scheduled.set_value(false);
                fetches.update_value(|n| *n += 1);
                #[cfg(feature = "hydrate")]
                leptos::task::spawn_local(refresh_main(fetches));
            },
            std::time::Duration::from_secs(1),
        );
    });
}

/// Fetches this page again and puts its title and `<main>` content in place of the current
/// ones, unless a later fetch (counted in `fetches`) started meanwhile. A page that says the
/// link was replaced or is gone replaces it too; on a server error or a lost connection the
/// page stays as it is, and the next change tries again.
#[cfg(feature = "hydrate")]
async fn refresh_main(fetches: StoredValue<u64>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    async fn fetch_page() -> Option<web_sys::Document> {
        let url = window().location().href().ok()?;
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(&url))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if response.status() >= 500 {
            return None;
        }
        let html = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
        web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .ok()
    }

    let this_fetch = fetches.get_value();
    let Some(fresh) = fetch_page().await else {
        return;
    };
    if fetches.get_value() != this_fetch {
        return;
    }
    if let (Ok(Some(new_main)), Ok(Some(main))) =
        (fresh.query_selector("main"), document().query_selector("main"))
    {
        main.set_inner_html(&new_main.inner_html());
        document().set_title(&fresh.title());
    }
}

fn changes_of(events_path: String, only: Option<Change>, count_greeting: bool) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    listen(&events_path, set_changes, only, count_greeting);
    #[cfg(not(feature = "hydrate"))]
    let _ = (events_path, set_changes, only, count_greeting);
    changes
}

#[cfg(feature = "hydrate")]
fn listen(events_path: &str, set_changes: WriteSignal<u32>, only: Option<Change>, count_greeting: bool) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(events_path) else {
        return;
    };
    // The browser reconnects by itself; the server greets every connection with a change, so a
    // page that was cut off refetches and never shows stale state. The first greeting is
    // skipped unless asked for: the page has just loaded.
    let mut greeted = count_greeting;
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let change = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|message| message.data().as_string())
            .and_then(|name| Change::from_name(&name));
        if greeted && (only.is_none() || change == only) {
            set_changes.update(|n| *n += 1);
        }
        greeted = true;
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    let cleanup = send_wrapper::SendWrapper::new((source, on_change));
    on_cleanup(move || cleanup.take().0.close());
}
