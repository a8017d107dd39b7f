use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::costs::CostSummary;
use super::step::{ChecksStep, QuestionList, SaveOnTap, TalkColumns};
use crate::api::{AppError, JoinRoom, RoomView, SaveAnswers, get_room, room_key};
use crate::components::{AsyncPage, Countdown, ErrorNotice, ReturnHere, RevealPanel, use_room_changes};
use crate::domain::access::LinkKind;
use crate::domain::room::NAME_MAX_CHARS;

/// A participant's page: join with a name, then answer the step the room is on, privately,
/// and see the team's answers once the facilitator reveals them.
///
/// The server renders all of it. Only three small islands run in the browser, from a bundle
/// of their own (see [`crate::routes::ISLANDS_BUNDLE`]): saving each answer as it is
/// chosen, the ticking countdown, and following the room, which reloads the page when the
/// facilitator moves on, reveals, starts a countdown or removes the person. Other people's
/// answers never reload it: they are private until the reveal.
#[component]
pub fn RoomPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let room = Resource::new(token, get_room);
    view! {
        <AsyncPage resource=room render=move |view| {
            let token = params.read_untracked().get("token").unwrap_or_default();
            view! { <Room view token/> }.into_any()
        }/>
    }
}

#[component]
fn Room(view: RoomView, token: String) -> impl IntoView {
    let RoomView {
        title,
        me,
        room,
        dimension,
        exceptions,
        costs,
        mine,
        key,
    } = view;
    let Some(me) = me else {
        return view! { <JoinForm title token named=room.named/> }.into_any();
    };
    if me.removed {
        return view! {
            <Title text=title/>
            <section class="card empty-state" role="alert">
                <h1>"You are no longer in this workshop"</h1>
                <p>"The facilitator took you out, and your answers were deleted. If that was a mistake, ask them for the link again."</p>
            </section>
        }
        .into_any();
    }
    let save = ServerAction::<SaveAnswers>::new();
    let answerable = dimension.is_some() || !exceptions.is_empty();
    let number = room.number;
    let total = room.total;
    let heading = room.heading.clone();
    let form_token = token.clone();
    let body = match (dimension, costs) {
        (Some(dimension), _) => view! {
            <p class="lede">{dimension.summary.clone()}</p>
            <details class="talk-details">
                <summary>"What the talk says"</summary>
                <TalkColumns dimension=dimension.clone()/>
            </details>
            <SaveAnswersOnTap token=token.clone()>
                <QuestionList questions=dimension.questions mine/>
            </SaveAnswersOnTap>
        }
        .into_any(),
        (None, Some(inputs)) => view! {
            <p class="lede">"The facilitator works out the costs with the room. Here is the estimate so far."</p>
            <CostSummary kind=LinkKind::Participant token=token.clone() inputs/>
        }
        .into_any(),
        (None, None) if !exceptions.is_empty() => view! {
            <SaveAnswersOnTap token=token.clone()>
                <ChecksStep exceptions mine/>
            </SaveAnswersOnTap>
        }
        .into_any(),
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
            <TickingCountdown ms=room.timer_ms/>
        </header>
        <div class="progress" role="group" aria-label="Progress">
            <progress max=total value=number>{format!("Step {number} of {total}")}</progress>
        </div>
        <h1>{heading}</h1>
        <ActionForm action=save attr:class="room-body">
            <ReturnHere/>
            <input type="hidden" name="token" value=form_token/>
            {body}
            {move || save.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error/> })}
            {answerable.then(|| view! {
                <div class="step-actions">
                    <button class="button" type="submit">"Save my answers"</button>
                    <span class="hint">"Each answer is saved as you choose it; this button is for browsers without JavaScript."</span>
                </div>
            })}
        </ActionForm>
        <RevealPanel room/>
        <FollowRoom token key/>
    }
    .into_any()
}

/// Saves each answer among `children` the moment it is chosen.
#[island]
fn SaveAnswersOnTap(token: String, children: Children) -> impl IntoView {
    view! { <SaveOnTap token>{children()}</SaveOnTap> }
}

/// The countdown, ticking.
#[island]
fn TickingCountdown(ms: Option<i64>) -> impl IntoView {
    view! { <Countdown ms/> }
}

/// Follows the room: when it changes, asks whether this page would show anything else (see
/// [`room_key`]) and if so reloads it, so the server renders the new state. Answers are saved
/// as they are chosen, and one still being saved finishes first, so a reload loses nothing.
#[island]
fn FollowRoom(token: String, key: String) -> impl IntoView {
    let changes = use_room_changes(format!("/p/{token}/events"));
    Effect::new(move |seen: Option<()>| {
        changes.track();
        if seen.is_none() {
            return;
        }
        let (token, key) = (token.clone(), key.clone());
        leptos::task::spawn_local(async move {
            let stale = match room_key(token).await {
                Ok(now) => now != key,
                // Passing trouble: the next change asks again.
                Err(AppError::Unavailable | AppError::Internal | AppError::Request(_)) => false,
                // Replaced, removed, gone: the server explains it on the page.
                Err(_) => true,
            };
            if stale {
                reload_when_saved();
            }
        });
    });
    view! { <p class="muted room-follow">"This page follows the facilitator: it moves on by itself."</p> }
}

/// Reloads the page once no answer is still being saved (a reload would cut its request off),
/// without the error a form may have left in the address.
fn reload_when_saved() {
    if document().query_selector(".saving").ok().flatten().is_some() {
        set_timeout(reload_when_saved, std::time::Duration::from_millis(200));
        return;
    }
    let location = window().location();
    let _ = match location.search() {
        Ok(query) if !query.is_empty() => location.replace(&location.pathname().unwrap_or_default()),
        _ => location.reload(),
    };
}

#[component]
fn JoinForm(title: String, token: String, named: bool) -> impl IntoView {
    let join = ServerAction::<JoinRoom>::new();
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
