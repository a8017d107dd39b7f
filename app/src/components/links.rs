use leptos::prelude::*;

use crate::routes::export_path;
use domain::access::LinkKind;

/// A button that copies `url` to the clipboard. It needs JavaScript, so it only shows once the
/// page is hydrated; without it, the address is in a read-only field to select and copy.
#[component]
pub fn CopyLink(url: String) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let url = url.clone();
        leptos::task::spawn_local(async move { copied.set(Some(write_clipboard(&url).await)) });
    };
    view! {
        <button class="button copy-button" type="button" on:click=copy>
            {move || match copied.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed: select the address",
                None => "Copy",
            }}
        </button>
    }
}

/// Downloads of the assessment: the slide deck, Markdown, the decision record, the next
/// actions for a tracker, and JSON.
#[component]
pub fn ExportLinks(kind: LinkKind, token: String) -> impl IntoView {
    view! {
        <ul class="export-list">
            <li>
                <a class="button" href=export_path(kind, &token, "deck.html") download>"Slide deck (HTML)"</a>
                <span class="hint">"One file; presents full-screen with the arrow keys and prints one slide per page."</span>
            </li>
            <li>
                <a class="button" href=export_path(kind, &token, "summary.md") download>"Summary (Markdown)"</a>
                <span class="hint">"Readable as text; works with Markdown slide tools."</span>
            </li>
            <li>
                <a class="button" href=export_path(kind, &token, "decision.md") download>"Decision record (Markdown)"</a>
                <span class="hint">"The decision as an architecture decision record (MADR), for the team\u{2019}s repository."</span>
            </li>
            <li>
                <a class="button" href=export_path(kind, &token, "actions.csv") download>"Next actions (CSV)"</a>
                <span class="hint">
                    "For a tracker: Summary, Description, Assignee and Due date, the columns Jira\u{2019}s CSV import maps; or as a "
                    <a href=export_path(kind, &token, "actions.md") download>"Markdown checklist"</a>"."
                </span>
            </li>
            <li>
                <a class="button" href=export_path(kind, &token, "assessment.json") download>"Data (JSON)"</a>
                <span class="hint">"The whole assessment; import it to make a copy."</span>
            </li>
        </ul>
    }
}

/// Puts `text` on the clipboard; false when the browser refuses.
#[cfg(feature = "hydrate")]
async fn write_clipboard(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Event handlers never run during server rendering.
#[cfg(not(feature = "hydrate"))]
async fn write_clipboard(_text: &str) -> bool {
    false
}

/// A hidden field naming the page a form is on. Pages send no Referer (their addresses carry
/// tokens), so without JavaScript this is how the server knows where to return with an error.
#[component]
pub fn ReturnHere() -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    view! { <input type="hidden" name="__return" value=path/> }
}
