use leptos::prelude::*;

use crate::live::Change;

/// A number that goes up each time the server announces that the assessment changed, for
/// resources to depend on. It listens to the event stream at `events_path` while the page is
/// open, in the browser only; during server rendering it stays 0.
pub fn use_changes(events_path: String) -> ReadSignal<u32> {
    changes_of(events_path, None)
}

/// Like [`use_changes`], counting only changes of the room (its step, reveals, countdown,
/// people), not answers: for pages that must not redraw while other people answer.
pub fn use_room_changes(events_path: String) -> ReadSignal<u32> {
    changes_of(events_path, Some(Change::Room))
}

fn changes_of(events_path: String, only: Option<Change>) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    listen(&events_path, set_changes, only);
    #[cfg(not(feature = "hydrate"))]
    let _ = (events_path, set_changes, only);
    changes
}

#[cfg(feature = "hydrate")]
fn listen(events_path: &str, set_changes: WriteSignal<u32>, only: Option<Change>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(events_path) else {
        return;
    };
    // The browser reconnects by itself; the server greets every connection with a change, so a
    // page that was cut off refetches and never shows stale state. The first greeting is
    // skipped: the page has just loaded.
    let mut greeted = false;
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
