//! Saving each answer the moment it is chosen, with retries, and telling the person where it
//! stands.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::ErrorNotice;
use crate::api::{AppError, save_answer};

/// Saves each answer among `children` the moment it is chosen (with JavaScript), and says
/// whether it was saved. One listener serves every choice: changes bubble up to it. Answers
/// are saved one at a time, the latest choice of each question; one refused for a passing
/// reason (too many changes at once, the database or the network away) is tried again after
/// a pause that grows each time, and the person sees it waiting until it is saved.
#[component]
pub fn SaveOnTap(token: String, children: Children) -> impl IntoView {
    let unsaved = StoredValue::new(BTreeMap::<String, String>::new());
    let status = RwSignal::new(SaveStatus::Idle);
    let saving = StoredValue::new(false);
    let save = move |event: leptos::ev::Event| {
        let Some((question, value)) = chosen_answer(&event) else {
            return;
        };
        unsaved.update_value(|answers| {
            answers.insert(question, value);
        });
        if !saving.get_value() {
            saving.set_value(true);
            leptos::task::spawn_local(save_unsaved(token.clone(), unsaved, status, saving));
        }
    };
    view! {
        <div class="answers" on:change=save>
            {children()}
            <p class="save-status" role="status" aria-live="polite">
                {move || match status.get() {
                    SaveStatus::Idle => None,
                    SaveStatus::Saving => Some(view! { <span class="saving">"Saving\u{2026}"</span> }.into_any()),
                    SaveStatus::Waiting(seconds) => Some(
                        view! {
                            <span class="saving saving-retry">
                                {format!("Not saved yet: trying again in {seconds} s. Keep this page open.")}
                            </span>
                        }
                        .into_any(),
                    ),
                    SaveStatus::Saved => Some(view! { <span class="saved">"Answer saved"</span> }.into_any()),
                    SaveStatus::Failed(error) => Some(view! { <ErrorNotice error/> }.into_any()),
                }}
            </p>
        </div>
    }
}

/// Where the answers chosen on a page stand.
#[derive(Clone, Debug, PartialEq)]
enum SaveStatus {
    Idle,
    Saving,
    /// Refused for a passing reason; tried again in this many seconds.
    Waiting(u64),
    Saved,
    /// Refused for good (the link was replaced, the person removed, ...).
    Failed(AppError),
}

/// Saves the answers waiting in `unsaved`, one at a time, until none is left. The page may go
/// away meanwhile (a reload, a step saved): then it simply stops.
async fn save_unsaved(
    token: String,
    unsaved: StoredValue<BTreeMap<String, String>>,
    status: RwSignal<SaveStatus>,
    saving: StoredValue<bool>,
) {
    let mut pause = 1;
    loop {
        let Some(Some((question, value))) =
            unsaved.try_with_value(|answers| answers.iter().next().map(|(q, v)| (q.clone(), v.clone())))
        else {
            let _ = saving.try_set_value(false);
            return;
        };
        if status.try_set(SaveStatus::Saving).is_some() {
            return;
        }
        let result = save_answer(token.clone(), question.clone(), value.clone()).await;
        let wait = match result {
            Ok(()) => {
                // A newer choice of the same question made meanwhile is still to be saved.
                let left = unsaved.try_update_value(|answers| {
                    if answers.get(&question) == Some(&value) {
                        answers.remove(&question);
                    }
                    answers.len()
                });
                pause = 1;
                if left == Some(0) {
                    let _ = status.try_set(SaveStatus::Saved);
                }
                continue;
            }
            Err(AppError::TooBusy { retry_after }) => retry_after.max(pause),
            Err(AppError::Unavailable | AppError::Internal | AppError::Request(_)) => pause,
            Err(error) => {
                let _ = unsaved.try_update_value(|answers| answers.clear());
                let _ = status.try_set(SaveStatus::Failed(error));
                let _ = saving.try_set_value(false);
                return;
            }
        };
        if status.try_set(SaveStatus::Waiting(wait)).is_some() {
            return;
        }
        sleep(wait).await;
        pause = (pause * 2).min(30);
    }
}

/// Resolves after `seconds`.
async fn sleep(seconds: u64) {
    let (done, wait) = futures_channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_secs(seconds),
    );
    let _ = wait.await;
}

/// The form field of a question's answer.
pub(super) fn answer_field(question: &str) -> String {
    format!("answers[{question}]")
}

/// The question and value of the answer whose choice `event` changed, if it was one.
fn chosen_answer(event: &leptos::ev::Event) -> Option<(String, String)> {
    use leptos::wasm_bindgen::JsCast;

    let input = event
        .target()?
        .dyn_into::<leptos::web_sys::HtmlInputElement>()
        .ok()?;
    let name = input.name();
    let question = name.strip_prefix("answers[")?.strip_suffix(']')?;
    Some((question.to_owned(), input.value()))
}
