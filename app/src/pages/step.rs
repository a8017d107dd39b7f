use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::costs::CostStep;
use crate::api::{AppError, SaveStep, get_room_panel, get_step, save_answer};
use crate::components::{
    AsyncPage, Countdown, ErrorNotice, ReturnHere, RevealPanel, RoomControls, StepList, use_changes,
};
use crate::escape::raw_text;
use crate::routes::{facilitator_path, presenter_path, results_path};
use domain::answers::{Answer, GateAnswer, IMPORTANCE_MAX, importance_label};
use domain::content::{Dimension, Exception, Lean, Question};
use domain::views::StepView;
use domain::walkthrough::{DimensionSetting, NOTE_MAX_CHARS};

/// One step of the walk-through: a dimension's questions, importance and note, or the
/// "when not to" checks.
#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveStep>::new();
    let key = move || {
        let params = params.read();
        let token = params.get("token").unwrap_or_default();
        let number = params.get("n").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        (token, number, save.version().get())
    };
    let step = Resource::new(key, |(token, number, _)| get_step(token, number));
    let token = move || params.read().get("token").unwrap_or_default();

    view! { <AsyncPage resource=step render=move |view| view! { <StepForm view save token=token()/> }.into_any()/> }
}

#[component]
fn StepForm(view: StepView, save: ServerAction<SaveStep>, token: String) -> impl IntoView {
    let StepView {
        assessment,
        number,
        total,
        heading,
        dimension,
        exceptions,
        mine,
        setting,
        cost,
        progress,
    } = view;
    let votes = assessment.room.facilitator_votes;
    let id = token.clone();
    let save_error = move || save.value().get().and_then(Result::err);
    let last = number == total;
    let form_id = id.clone();

    let body = match (dimension, cost) {
        (Some(dimension), _) => {
            let setting = setting.unwrap_or_else(|| DimensionSetting::unset(&dimension.id));
            view! { <DimensionStep id=id.clone() dimension setting mine save votes/> }.into_any()
        }
        (None, Some(inputs)) => view! { <CostStep token=id.clone() inputs/> }.into_any(),
        (None, None) => view! {
            <SaveOnTap token=id.clone()>
                <ChecksStep exceptions mine/>
            </SaveOnTap>
        }
        .into_any(),
    };

    view! {
        <Title text=format!("{heading} · step {number} of {total} · {}", assessment.title)/>
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href=facilitator_path(&token)>{assessment.title.clone()}</a>
            " / "
            <span aria-current="page">{format!("Step {number} of {total}")}</span>
        </nav>
        <div class="progress" role="group" aria-label="Progress">
            <progress max=total value=number>{format!("Step {number} of {total}")}</progress>
            <p class="progress-label">{format!("Step {number} of {total}")}</p>
        </div>
        <div class="step-layout">
            <div class="step-main">
                <h1>{heading}</h1>
                {move || save_error().filter(|e| !matches!(e, AppError::Conflict { .. })).map(|error| view! { <ErrorNotice error/> })}
                <ActionForm action=save attr:class="step-form">
                    <ReturnHere/>
                    <input type="hidden" name="token" value=form_id/>
                    <input type="hidden" name="number" value=number/>
                    {body}
                    <div class="step-actions">
                        <button class="button button-primary" type="submit" name="go" value="next">
                            {if last { "Save and see results" } else { "Save and continue" }}
                        </button>
                        {(number > 1).then(|| view! {
                            <button class="button" type="submit" name="go" value="back">"Back"</button>
                        })}
                        {(!last).then(|| view! {
                            <button class="button button-quiet" type="submit" name="go" value="results">"Save and see results"</button>
                        })}
                    </div>
                </ActionForm>
            </div>
            <aside class="step-aside" aria-label="All steps">
                <RoomPanel token=token.clone() number/>
                <StepList token=token.clone() steps=progress current=number/>
                <a class="button button-quiet" href=results_path(&token)>"Results so far"</a>
            </aside>
        </div>
    }
}

/// The workshop at this step, beside the facilitator's form: who has answered, the reveal,
/// the countdown, and the controls. It follows the room live on its own, so that the form
/// beside it never reloads under the facilitator's typing. Nothing shows until somebody joins.
#[component]
fn RoomPanel(token: String, number: usize) -> impl IntoView {
    let changes = use_changes(format!("/f/{token}/events"));
    let id = token.clone();
    let room = Resource::new(
        move || (id.clone(), number, changes.get()),
        |(token, number, _)| get_room_panel(token, number),
    );
    view! {
        <Transition fallback=|| ()>
            // The step form may be replaced (saved, moved on) while this panel's last fetch is
            // still arriving: by then there is nothing to show.
            {move || room.try_get().flatten().and_then(Result::ok).flatten().map(|room| {
                let here = room.current == room.number;
                view! {
                    <section class="card room-panel" aria-labelledby="room-heading">
                        <h2 id="room-heading">"The room"</h2>
                        {if here {
                            view! { <p class="muted">"Everyone\u{2019}s screen shows this step."</p> }.into_any()
                        } else {
                            view! { <p class="muted">{format!("The room is on step {}. Bring it here with the controls.", room.current)}</p> }.into_any()
                        }}
                        <Countdown ms=room.timer_ms/>
                        <ul class="people-progress">
                            {room.progress.iter().map(|p| view! {
                                <li class:done=p.is_done()>
                                    <span>{p.name.clone()}</span>
                                    <span class="muted">{format!("{} of {}", p.answered, p.total)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        <RoomControls token=token.clone() room=room.clone()/>
                        <RevealPanel room/>
                        <a class="button button-quiet" href=presenter_path(&token)>"Open the presenter view"</a>
                    </section>
                }
            })}
        </Transition>
    }
}

/// Saves each answer among `children` the moment it is chosen (with JavaScript), and says
/// whether it was saved. One listener serves every choice: changes bubble up to it. Answers
/// are saved one at a time, the latest choice of each question; one refused for a passing
/// reason (too many changes at once, the database or the network away) is tried again after
/// a pause that grows each time, and the person sees it waiting until it is saved.
#[component]
pub(crate) fn SaveOnTap(token: String, children: Children) -> impl IntoView {
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
fn answer_field(question: &str) -> String {
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

#[component]
fn DimensionStep(
    id: String,
    dimension: Dimension,
    setting: DimensionSetting,
    mine: BTreeMap<String, i16>,
    // The step page's action, not a signal derived here: saving may replace this form while
    // the result is still being delivered to what reads it.
    save: ServerAction<SaveStep>,
    votes: bool,
) -> impl IntoView {
    let conflict = move || match save.value().try_get().flatten().and_then(Result::err) {
        Some(AppError::Conflict { yours, .. }) => Some(yours),
        _ => None,
    };
    let title = dimension.title.clone();
    view! {
        <p class="lede">{dimension.summary.clone()}</p>
        <TalkColumns dimension=dimension.clone()/>
        {if votes {
            view! {
                <SaveOnTap token=id.clone()>
                    <QuestionList questions=dimension.questions mine/>
                </SaveOnTap>
            }
            .into_any()
        } else {
            view! {
                <p class="notice">"You are only facilitating this workshop, so you do not answer here. The room\u{2019}s answers appear once you reveal them."</p>
            }
                .into_any()
        }}
        <fieldset class="question importance">
            <legend>{format!("How much does {} matter for this workload?", title.to_lowercase())}</legend>
            <div class="scale scale-4">
                {(0..=IMPORTANCE_MAX)
                    .map(|level| view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name="importance"
                                value=level
                                checked=setting.importance == level
                                prop:checked=setting.importance == level
                            />
                            <span>{importance_label(level)}</span>
                        </label>
                    })
                    .collect_view()}
            </div>
        </fieldset>
        <div class="field">
            <label for="note">"Team note or decision " <span class="optional">"(optional)"</span></label>
            <textarea id="note" name="note" rows="3" maxlength=NOTE_MAX_CHARS
                placeholder="What did the team conclude? What needs checking?"
                prop:value=setting.note.clone()>{raw_text(&setting.note)}</textarea>
            <input type="hidden" name="version" value=setting.version/>
            {move || conflict().map(|yours| view! {
                <div class="notice notice-error" role="alert">
                    <strong class="notice-title">"Someone else changed this note"</strong>
                    <p>"It now shows their text. Yours was not saved; here it is to merge:"</p>
                    <textarea class="conflict-copy" readonly rows="3" aria-label="Your unsaved note" prop:value=yours.clone()>{raw_text(&yours)}</textarea>
                </div>
            })}
        </div>
    }
}

/// What the talk says about a dimension, servers and serverless side by side.
#[component]
pub(crate) fn TalkColumns(dimension: Dimension) -> impl IntoView {
    let Dimension {
        title,
        server_points,
        serverless_points,
        ..
    } = dimension;
    view! {
        <section class="talk-columns" aria-label=format!("What the talk says about {title}")>
            <div class="talk-column talk-servers">
                <h2>"With servers"</h2>
                <ul>{server_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
            <div class="talk-column talk-serverless">
                <h2>"Serverless"</h2>
                <ul>{serverless_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
            <p class="talk-credit">"Points from Paul Johnston\u{2019}s talk \u{201c}When should you use a Serverless Approach?\u{201d}"</p>
        </section>
    }
}

/// A dimension's questions (inside a [`SaveOnTap`], each is saved the moment it is answered).
#[component]
pub(crate) fn QuestionList(questions: Vec<Question>, mine: BTreeMap<String, i16>) -> impl IntoView {
    view! {
        <h2 class="section-title">"Your situation"</h2>
        <p class="muted">"How far do you agree? Answer for this workload; \u{201c}Don\u{2019}t know\u{201d} is a fine answer."</p>
        {questions
            .into_iter()
            .map(|question| {
                let saved = mine.get(&question.id).copied();
                let lean = match question.lean {
                    Lean::Serverless => "Agreeing points towards serverless.",
                    Lean::Servers => "Agreeing points towards servers.",
                };
                view! {
                    <fieldset class="question">
                        <legend>{question.text.clone()}</legend>
                        <div class="scale">
                            {Answer::ALL
                                .into_iter()
                                .map(|answer| view! {
                                    <Choice
                                        question=question.id.clone()
                                        code=answer.code()
                                        label=answer.label()
                                        checked=saved == Some(answer.code())
                                    />
                                })
                                .collect_view()}
                        </div>
                        <details class="why">
                            <summary>"Why we ask"</summary>
                            <p>{question.why.clone()}" "{lean}</p>
                        </details>
                    </fieldset>
                }
            })
            .collect_view()}
    }
}

#[component]
pub(crate) fn ChecksStep(exceptions: Vec<Exception>, mine: BTreeMap<String, i16>) -> impl IntoView {
    view! {
        <p class="lede">
            "The talk\u{2019}s answer is \u{201c}most of the time (99% probably)\u{201d}, with four exceptions. "
            "A \u{201c}yes\u{201d} raises a red flag that caps the verdict at hybrid and brings the talk\u{2019}s advice into the results."
        </p>
        {exceptions
            .into_iter()
            .map(|exception| {
                let saved = mine.get(&exception.id).copied();
                view! {
                    <fieldset class="question check">
                        <legend>
                            <span class="check-title">{exception.title.clone()}</span>
                            {exception.question.clone()}
                        </legend>
                        <div class="scale scale-3">
                            {GateAnswer::ALL
                                .into_iter()
                                .map(|gate| view! {
                                    <Choice
                                        question=exception.id.clone()
                                        code=gate.code()
                                        label=gate.label()
                                        checked=saved == Some(gate.code())
                                    />
                                })
                                .collect_view()}
                        </div>
                        <details class="why">
                            <summary>"What the talk says"</summary>
                            <p>{exception.concern.clone()}</p>
                            <p><strong>"Advice: "</strong>{exception.advice.clone()}</p>
                        </details>
                    </fieldset>
                }
            })
            .collect_view()}
    }
}

/// One choice of a question (saved at once by an enclosing [`SaveOnTap`]).
#[component]
pub(crate) fn Choice(question: String, code: i16, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="radio" name=answer_field(&question) value=code checked=checked prop:checked=checked/>
            <span>{label}</span>
        </label>
    }
}
