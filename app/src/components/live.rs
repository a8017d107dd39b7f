use leptos::prelude::*;

/// A number that goes up each time the server announces that the assessment changed, for
/// resources to depend on. It listens to the event stream at `events_path` while the page is
/// open, in the browser only; during server rendering it stays 0.
pub fn use_changes(events_path: String) -> ReadSignal<u32> {
    let (changes, set_changes) = signal(0u32);
    #[cfg(feature = "hydrate")]
    listen(&events_path, set_changes);
    #[cfg(not(feature = "hydrate"))]
    let _ = (events_path, set_changes);
    changes
}

#[cfg(feature = "hydrate")]
fn listen(events_path: &str, set_changes: WriteSignal<u32>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let Ok(source) = web_sys::EventSource::new(events_path) else {
        return;
    };
    // The browser reconnects by itself; the server greets every connection with a change, so a
    // page that was cut off refetches and never shows stale state. The first greeting is
    // skipped: the page has just loaded.
    let mut greeted = false;
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if greeted {
            set_changes.update(|n| *n += 1);
        }
        greeted = true;
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    let cleanup = send_wrapper::SendWrapper::new((source, on_change));
    on_cleanup(move || cleanup.take().0.close());
}
