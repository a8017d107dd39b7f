//! Browser entry point of the pages rendered with islands: participants' pages, the join page
//! and read-only links (see `app::routes::is_islands_page`). The server renders them whole;
//! this bundle carries only their islands (the `app` crate exports each island's hydration
//! function), so a phone downloads a fraction of the app.

// Links the app crate, whose island hydration functions this bundle exports.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos's loader hydrates the islands right after this returns, in microtasks; a task
    // queued now runs once they all have.
    leptos::prelude::set_timeout(app::mark_hydrated, std::time::Duration::ZERO);
}
