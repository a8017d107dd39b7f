use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::saves_to_show;
use crate::api::{AppError, SaveParts, SaveStep, get_room_panel, get_step};
use crate::components::{
    AsyncPage, CostStep, Countdown, ErrorNotice, ExceptionsStep, PartsEditor, QuestionList, ReturnHere,
    RevealPanel, RoomControls, SaveOnTap, StepList, TalkColumns, use_changes,
};
use crate::escape::raw_text;
use crate::routes::{facilitator_path, presenter_path, results_path};
use domain::answers::{IMPORTANCE_MAX, importance_label};
use domain::content::Dimension;
use domain::views::StepView;
use domain::walkthrough::{DimensionSetting, NOTE_MAX_CHARS};

/// One step of the walk-through: a dimension's questions, importance and note, or the
/// exceptions.
#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let save = ServerAction::<SaveStep>::new();
    let save_parts = ServerAction::<SaveParts>::new();
    let (saved, saved_parts) = (
        saves_to_show(save.version(), move || save.value().get()),
        saves_to_show(save_parts.version(), move || save_parts.value().get()),
    );
    let key = move || {
        let params = params.read();
        let token = params.get("token").unwrap_or_default();
        let number = params.get("n").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        (token, number, saved.get(), saved_parts.get())
    };
    let step = Resource::new(key, |(token, number, _, _)| get_step(token, number));
    let token = move || params.read().get("token").unwrap_or_default();

    view! {
        <AsyncPage resource=step render=move |view| view! { <StepForm view save save_parts token=token()/> }.into_any()/>
    }
}

#[component]
fn StepForm(
    view: StepView,
    save: ServerAction<SaveStep>,
    save_parts: ServerAction<SaveParts>,
    token: String,
) -> impl IntoView {
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
        parts,
        progress,
    } = view;
    let votes = assessment.room.facilitator_votes;
    let id = token.clone();
    let save_error = move || save.value().get().and_then(Result::err);
    let last = number == total;
    let form_id = id.clone();

    // The parts are a form of their own: while they have unsaved changes, this form's buttons
    // wait, so that leaving the step does not drop them.
    let parts_changed = RwSignal::new(false);
    let parts_editor = (!exceptions.is_empty()).then(|| {
        view! {
            <PartsEditor action=save_parts changed=parts_changed token=token.clone() parts exceptions=exceptions.clone()/>
        }
    });
    let body = match (dimension, cost) {
        (Some(dimension), _) => {
            let setting = setting.unwrap_or_else(|| DimensionSetting::unset(&dimension.id));
            view! { <DimensionStep id=id.clone() dimension setting mine save votes/> }.into_any()
        }
        (None, Some(inputs)) => view! { <CostStep token=id.clone() inputs/> }.into_any(),
        (None, None) => view! {
            <SaveOnTap token=id.clone()>
                <ExceptionsStep exceptions mine/>
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
                <ActionForm action=save attr:class="step-form">
                    <ReturnHere/>
                    <input type="hidden" name="token" value=form_id/>
                    <input type="hidden" name="number" value=number/>
                    {body}
                    {move || save_error().filter(|e| !matches!(e, AppError::Conflict { .. })).map(|error| view! { <ErrorNotice error/> })}
                    {move || parts_changed.get().then(|| view! {
                        <p class="hint">"Save the parts below first: your changes to them are not saved yet."</p>
                    })}
                    <div class="step-actions">
                        <button class="button button-primary" type="submit" name="go" value="next" prop:disabled=parts_changed>
                            {if last { "Save and see results" } else { "Save and continue" }}
                        </button>
                        {(number > 1).then(|| view! {
                            <button class="button" type="submit" name="go" value="back" prop:disabled=parts_changed>"Back"</button>
                        })}
                        {(!last).then(|| view! {
                            <button class="button button-quiet" type="submit" name="go" value="results" prop:disabled=parts_changed>"Save and see results"</button>
                        })}
                    </div>
                </ActionForm>
                {parts_editor}
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
                    <QuestionList dimension=dimension.clone() mine/>
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
