use leptos::prelude::*;

use crate::live::Change;

/// A number that goes up when the server announces that the assessment changed, for resources
/// to depend on. It listens to the event stream at `events_path` while the page is open, in
/// the browser only; during server rendering it stays 0. Changes in quick succession (a room
/// answering) are taken together: the first at once, then at most one a second, so a page
/// refetches about once a second however large the room.
pub fn use_changes(events_path: String) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    let bump = throttled(move || set_changes.update(|n| *n += 1));
    listen_to(&events_path, move |_, greeting| {
        // The greeting of the first connection is skipped: the page has just loaded.
        if !greeting {
            bump();
        }
    });
    changes
}

/// What a participant's page follows: changes of the room (its step, reveals, countdown,
/// people leaving), counting the greeting the server opens every stream with, so that a page
/// that checks what it shows on each count also catches a change made between its rendering
/// and its stream opening (a page that reloaded as the room moved on, say); and, apart,
/// answers given, taken together at most once every two seconds. People joining count as
/// neither: nothing on a participant's page shows them.
pub struct RoomChanges {
    pub room: ReadSignal<u32>,
    pub answers: ReadSignal<u32>,
}

pub fn use_room_changes(events_path: String) -> RoomChanges {
    let (room, set_room) = signal(0u32);
    let (answers, set_answers) = signal(0u32);
    let answered = throttled_every(
        move || set_answers.update(|n| *n += 1),
        std::time::Duration::from_secs(2),
    );
    listen_to(&events_path, move |change, _| match change {
        Change::Room => set_room.update(|n| *n += 1),
        Change::Answers => answered(),
        Change::People | Change::Deleted => {}
    });
    RoomChanges { room, answers }
}

/// `run`, at most once a second: a call in a quiet moment runs at once, calls during the
/// second after it are gathered into one run at its end.
fn throttled(run: impl Fn() + Clone + 'static) -> impl Fn() + Clone + 'static {
    throttled_every(run, std::time::Duration::from_secs(1))
}

fn throttled_every(
    run: impl Fn() + Clone + 'static,
    period: std::time::Duration,
) -> impl Fn() + Clone + 'static {
    // Cooling: a run happened less than `period` ago. Waiting: a call came while cooling.
    let cooling = StoredValue::new(false);
    let waiting = StoredValue::new(false);
    fn cool(
        run: impl Fn() + Clone + 'static,
        period: std::time::Duration,
        cooling: StoredValue<bool>,
        waiting: StoredValue<bool>,
    ) {
        cooling.set_value(true);
        set_timeout(
            // The page may be gone by then: nothing is left to run.
            move || match waiting.try_get_value() {
                Some(true) => {
                    waiting.set_value(false);
                    run();
                    cool(run, period, cooling, waiting);
                }
                Some(false) => {
                    cooling.set_value(false);
                }
                None => {}
            },
            period,
        );
    }
    move || {
        if cooling.get_value() {
            waiting.set_value(true);
        } else {
            run();
            cool(run.clone(), period, cooling, waiting);
        }
    }
}

/// Keeps a page that shows the assessment current without a reload: when it changes, the page
/// is fetched again and its main content put in place, one fetch a second at most.
#[island]
pub fn FollowPage(events: String) -> impl IntoView {
    let changes = use_changes(events);
    // Fetches are numbered; one that comes back after a later one has been applied is dropped.
    let fetches = StoredValue::new(0u64);
    Effect::new(move |seen: Option<()>| {
        changes.track();
        if seen.is_none() {
            return;
        }
        fetches.update_value(|n| *n += 1);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(refresh_main(fetches));
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

/// Calls `on_change` with each change the event stream at `events_path` announces (in the
/// browser only), and whether it is the greeting of the stream's first connection. When the
/// assessment is deleted, the page reloads instead, which shows that it was.
#[cfg(not(feature = "hydrate"))]
fn listen_to(events_path: &str, on_change: impl FnMut(Change, bool) + 'static) {
    let _ = (events_path, on_change);
}

#[cfg(feature = "hydrate")]
fn listen_to(events_path: &str, mut on_change: impl FnMut(Change, bool) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(events_path) else {
        return;
    };
    // The browser reconnects by itself; the server greets every connection with a room change,
    // so a page that was cut off refetches and never shows stale state.
    let mut first = true;
    let on_event = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let change = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|message| message.data().as_string())
            .and_then(|name| Change::from_name(&name));
        match change {
            Some(Change::Deleted) => {
                let _ = window().location().reload();
            }
            Some(change) => on_change(change, first),
            None => {}
        }
        first = false;
    });
    let _ = source.add_event_listener_with_callback("changed", on_event.as_ref().unchecked_ref());
    let cleanup = send_wrapper::SendWrapper::new((source, on_event));
    on_cleanup(move || cleanup.take().0.close());
}
