use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::costs::CostSummary;
use super::step::{ChecksStep, QuestionList, SaveStatus, TalkColumns};
use crate::api::{JoinRoom, RoomView, SaveAnswer, SaveAnswers, get_room};
use crate::components::{AsyncPage, Countdown, ErrorNotice, ReturnHere, RevealPanel, use_room_changes};
use crate::domain::access::LinkKind;
use crate::domain::room::NAME_MAX_CHARS;

/// A participant's page: join with a name, then answer the step the room is on, privately,
/// and see the team's answers once the facilitator reveals them. It follows the room live.
#[component]
pub fn RoomPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let join = ServerAction::<JoinRoom>::new();
    // Other people's answers do not redraw a participant's page (they are private until the
    // reveal, and a redraw would move the focus); the room's changes do.
    let changes = use_room_changes(format!("/p/{}/events", token()));
    let room = Resource::new(
        move || (token(), join.version().get(), changes.get()),
        |(token, _, _)| get_room(token),
    );
    view! {
        <AsyncPage resource=room render=move |view| view! { <Room view token=token() join/> }.into_any()/>
    }
}

#[component]
fn Room(view: RoomView, token: String, join: ServerAction<JoinRoom>) -> impl IntoView {
    let RoomView {
        title,
        me,
        room,
        dimension,
        exceptions,
        costs,
        mine,
    } = view;
    let Some(me) = me else {
        return view! { <JoinForm title token join named=room.named/> }.into_any();
    };
    if me.removed {
        return view! {
            <Title text=title.clone()/>
            <section class="card empty-state" role="alert">
                <h1>"You are no longer in this workshop"</h1>
                <p>"The facilitator took you out, and your answers were deleted. If that was a mistake, ask them for the link again."</p>
            </section>
        }
        .into_any();
    }
    let instant = ServerAction::<SaveAnswer>::new();
    let save = ServerAction::<SaveAnswers>::new();
    let answerable = dimension.is_some() || !exceptions.is_empty();
    let number = room.number;
    let total = room.total;
    let heading = room.heading.clone();
    let body = match (dimension, costs) {
        (Some(dimension), _) => view! {
            <p class="lede">{dimension.summary.clone()}</p>
            <details class="talk-details">
                <summary>"What the talk says"</summary>
                <TalkColumns dimension=dimension.clone()/>
            </details>
            <QuestionList id=token.clone() questions=dimension.questions mine instant/>
        }
        .into_any(),
        (None, Some(inputs)) => view! {
            <p class="lede">"The facilitator works out the costs with the room. Here is the estimate so far."</p>
            <CostSummary kind=LinkKind::Participant token=token.clone() inputs/>
        }
        .into_any(),
        (None, None) if !exceptions.is_empty() => {
            view! { <ChecksStep id=token.clone() exceptions mine instant/> }.into_any()
        }
        (None, None) => view! {
            <p class="lede">"The facilitator works out the costs with the room; the estimate appears here once they save it."</p>
        }
        .into_any(),
    };
    view! {
        <Title text=format!("{heading} \u{b7} {title}")/>
        <header class="room-header">
            <p class="eyebrow">{title}</p>
            <p class="muted">{format!("You are {} \u{b7} step {number} of {total}", me.name)}</p>
            <Countdown ms=room.timer_ms/>
        </header>
        <div class="progress" role="group" aria-label="Progress">
            <progress max=total value=number>{format!("Step {number} of {total}")}</progress>
        </div>
        <h1>{heading}</h1>
        <ActionForm action=save attr:class="room-body">
            <ReturnHere/>
            <input type="hidden" name="token" value=token.clone()/>
            {body}
            <SaveStatus instant/>
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            {answerable.then(|| view! {
                <div class="step-actions">
                    <button class="button" type="submit">"Save my answers"</button>
                    <span class="hint">"Each answer is saved as you choose it; this button is for browsers without JavaScript."</span>
                </div>
            })}
        </ActionForm>
        <RevealPanel room/>
        <p class="muted room-follow">"This page follows the facilitator: it moves on by itself."</p>
    }
    .into_any()
}

#[component]
fn JoinForm(title: String, token: String, join: ServerAction<JoinRoom>, named: bool) -> impl IntoView {
    let error = move || join.value().get().and_then(Result::err);
    view! {
        <Title text=format!("Join \u{b7} {title}")/>
        <section class="card join-card" aria-labelledby="join-heading">
            <p class="eyebrow">"Workshop"</p>
            <h1 id="join-heading">{format!("Join \u{201c}{title}\u{201d}")}</h1>
            <p>"No account needed: type the name the others know you by."</p>
            <p class="muted">
                {if named {
                    "When the facilitator reveals a step, your name appears next to your answers."
                } else {
                    "Answers are private until the facilitator reveals them, and then shown without names."
                }}
            </p>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=join attr:class="form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <div class="field">
                    <label for="name">"Your name"</label>
                    <input id="name" name="name" type="text" required autocomplete="nickname" maxlength=NAME_MAX_CHARS autofocus/>
                </div>
                <button class="button button-primary" type="submit">"Join"</button>
            </ActionForm>
        </section>
    }
}
