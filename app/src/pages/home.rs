use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::api::CreateAssessment;
use crate::components::{ErrorNotice, ReturnHere};
use crate::routes::{IMPORT_ERROR_FIELD, JOIN_PATH};
use domain::ValidationError;
use domain::assessment::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use domain::calendar::date_label;
use domain::problems::ImportProblem;

use crate::remembered::Remembered;

/// The landing page: what Whenless is, and the form that starts an assessment.
#[component]
pub fn HomePage() -> impl IntoView {
    let create = ServerAction::<CreateAssessment>::new();
    let pending = create.pending();
    let error = move || create.value().get().and_then(Result::err);
    let query = use_query_map();
    let import_error = move || {
        query
            .read()
            .get(IMPORT_ERROR_FIELD)
            .and_then(|code| ImportProblem::from_code(&code))
            .map(|problem| AppError::Invalid(ValidationError::new("file", problem.message())))
    };

    view! {
        <Title text=""/>
        <section class="hero">
            <p class="eyebrow">"A decision workshop for software teams"</p>
            <h1>"Should this workload be serverless?"</h1>
            <p class="lede">
                "Whenless walks your team through the dimensions that decide it (data, infrastructure, "
                "security, deployment, testing, people, maintenance, lock-in, cost and scale) and the "
                "four cases where the answer is \u{201c}not here\u{201d}. Everyone answers on their own; "
                "you get a verdict you can explain."
            </p>
            // `external`: a full page load, as participants' pages run a bundle of their own.
            <p class="join-hint">
                "Joining a workshop? "<a href=JOIN_PATH rel="external">"Type the code on the facilitator\u{2019}s screen"</a>"."
            </p>
        </section>
        <YourAssessments/>
        <section class="card create-card" aria-labelledby="create-heading">
            <h2 id="create-heading">"Start an assessment"</h2>
            <p class="muted">"No account needed. You can run it alone or with your team."</p>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=create attr:class="form">
                    <ReturnHere/>
                <div class="field">
                    <label for="title">"Workload"</label>
                    <input
                        id="title"
                        name="title"
                        type="text"
                        required
                        maxlength=TITLE_MAX_CHARS
                        autocomplete="off"
                        placeholder="e.g. Checkout API"
                        aria-describedby="title-hint"
                    />
                    <p id="title-hint" class="hint">
                        {format!("A short name the team will recognise, up to {TITLE_MAX_CHARS} characters.")}
                    </p>
                </div>
                <div class="field">
                    <label for="description">"What it does " <span class="optional">"(optional)"</span></label>
                    <textarea
                        id="description"
                        name="description"
                        rows="4"
                        maxlength=DESCRIPTION_MAX_CHARS
                        placeholder="Who uses it, how traffic arrives, what it stores, what must never break."
                    ></textarea>
                </div>
                <button class="button button-primary" type="submit" disabled=pending>
                    {move || if pending.get() { "Creating\u{2026}" } else { "Create assessment" }}
                </button>
            </ActionForm>
        </section>
        <section class="card import-card" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import an assessment"</h2>
            <p class="muted">"Open a JSON file exported from Whenless as a new assessment, with its answers and notes. Up to 1 MB."</p>
            {move || import_error().map(|error| view! { <ErrorNotice error/> })}
            <form class="form" method="post" action="/import" enctype="multipart/form-data">
                <div class="field">
                    <label for="import-file">"Assessment file"</label>
                    <input id="import-file" name="file" type="file" accept="application/json,.json" required/>
                </div>
                <button class="button" type="submit">"Import"</button>
            </form>
        </section>
    }
}

/// The assessments this browser opened as facilitator (see [`crate::remembered`]), read from
/// its local storage once the page runs: nothing is shown while rendering on the server, nor
/// without JavaScript.
#[component]
fn YourAssessments() -> impl IntoView {
    let (list, set_list) = signal(Vec::<Remembered>::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move || set_list.set(crate::remembered::browser::load()));
    let remove = move |path: String| {
        #[cfg(feature = "hydrate")]
        set_list.set(crate::remembered::browser::update(|list| {
            crate::remembered::forget(list, &path)
        }));
        #[cfg(not(feature = "hydrate"))]
        let _ = (path, set_list);
    };
    view! {
        <Show when=move || !list.read().is_empty()>
            <section class="card your-assessments" aria-labelledby="yours-heading">
                <h2 id="yours-heading">"Your assessments"</h2>
                <p class="muted">
                    "Opened as facilitator in this browser. The list is kept in this browser only, never sent anywhere; "
                    "anyone who uses this browser can open them, so remove them on a shared computer."
                </p>
                <ul class="remembered-list">
                    <For each=move || list.get() key=|entry| entry.path.clone() let(entry)>
                        {
                            let path = entry.path.clone();
                            view! {
                                <li>
                                    <div>
                                        <a href=entry.path.clone()>{entry.title.clone()}</a>
                                        <span class="muted">{format!("opened {}", date_label(entry.opened_at_ms))}</span>
                                    </div>
                                    <button
                                        class="button button-quiet"
                                        type="button"
                                        aria-label=format!("Remove {} from this list", entry.title)
                                        on:click=move |_| remove(path.clone())
                                    >
                                        "Remove from list"
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}
