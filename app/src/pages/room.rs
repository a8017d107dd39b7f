use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{AppError, JoinRoom, SaveAnswers, get_room, room_pulse};
use crate::components::{
    AsyncPage, CostSummary, Countdown, ErrorNotice, ExceptionsStep, PartsSummary, QuestionList, ReturnHere,
    RevealPanel, RoomChanges, SaveOnTap, TalkColumns, use_room_changes,
};
use domain::access::LinkKind;
use domain::room::NAME_MAX_CHARS;
use domain::views::RoomView;

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
        parts,
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
    let answerable = dimension.is_some() || (!exceptions.is_empty() && parts.is_empty());
    let number = room.number;
    let total = room.total;
    let heading = room.heading.clone();
    let form_token = token.clone();
    let body = match (dimension, costs) {
        (Some(dimension), _) => view! {
            <p class="lede">{dimension.summary.clone()}</p>
            <details class="talk-details">
                <summary>{format!("The talk\u{2019}s slide \u{201c}{}\u{201d}", dimension.slide)}</summary>
                <TalkColumns dimension=dimension.clone()/>
            </details>
            <SaveAnswersOnTap token=token.clone()>
                <QuestionList dimension=dimension.clone() mine/>
            </SaveAnswersOnTap>
        }
        .into_any(),
        (None, Some(inputs)) => view! {
            <p class="lede">"The facilitator works out the costs with the room. Here is the estimate so far."</p>
            <CostSummary kind=LinkKind::Participant token=token.clone() inputs/>
        }
        .into_any(),
        (None, None) if !parts.is_empty() => view! {
            <p class="lede">
                "The facilitator answers the talk\u{2019}s exceptions for each part of the workload, with the room. Say what you know out loud; here are the answers so far."
            </p>
            <PartsSummary parts exceptions/>
        }
        .into_any(),
        (None, None) if !exceptions.is_empty() => view! {
            <SaveAnswersOnTap token=token.clone()>
                <ExceptionsStep exceptions mine/>
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
        <h1 id="step-heading" tabindex="-1">{heading}</h1>
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
        <RevealPanel room=room.clone() phone=true/>
        <FollowRoom token key number revealed=room.revealed/>
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

/// Follows the room. When it changes (and when the phone comes back from sleep, the
/// background or a lost connection), asks whether this page would show anything else (see
/// [`room_pulse`]); if so it reloads the page, so the server renders the new state, and on
/// arrival shows what changed as an in-place update would: a new step from the top with its
/// heading focused, a reveal brought into view and announced, anything else where the reader
/// was. As others answer, the count of who has answered is updated in place. Answers are
/// saved as they are chosen, and one still being saved finishes first, so a reload loses
/// nothing.
#[island]
fn FollowRoom(token: String, key: String, number: usize, revealed: bool) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    arrival::show_what_changed(number, revealed);
    #[cfg(not(feature = "hydrate"))]
    let _ = (number, revealed);
    let RoomChanges { room, answers } = use_room_changes(format!("/p/{token}/events"));
    let check = move || {
        let (token, key) = (token.clone(), key.clone());
        leptos::task::spawn_local(async move {
            match room_pulse(token).await {
                Ok(pulse) if pulse.key != key => reload_when_saved(),
                Ok(pulse) => show_answered(pulse.done),
                // Passing trouble: the next change, or coming back, asks again.
                Err(
                    AppError::Unavailable
                    | AppError::Internal
                    | AppError::Request(_)
                    | AppError::TooBusy { .. },
                ) => {}
                // Replaced, removed, gone: the server explains it on the page.
                Err(_) => reload_when_saved(),
            }
        });
    };
    let on_change = check.clone();
    Effect::new(move |seen: Option<()>| {
        room.track();
        answers.track();
        if seen.is_some() {
            on_change();
        }
    });
    #[cfg(feature = "hydrate")]
    arrival::check_on_return(check);
    #[cfg(not(feature = "hydrate"))]
    let _ = check;
    view! { <p class="muted room-follow">"This page follows the facilitator: it moves on by itself."</p> }
}

/// Puts the number of people who answered every question of the step in place.
fn show_answered(done: usize) {
    if let Ok(Some(count)) = document().query_selector("[data-answered]") {
        count.set_text_content(Some(&done.to_string()));
    }
}

/// Reloads the page once no answer is still being saved (a reload would cut its request off),
/// without the error a form may have left in the address. Where the reader was is kept for
/// the page that arrives (see [`arrival`]).
fn reload_when_saved() {
    if document().query_selector(".saving").ok().flatten().is_some() {
        set_timeout(reload_when_saved, std::time::Duration::from_millis(200));
        return;
    }
    #[cfg(feature = "hydrate")]
    arrival::remember_scroll();
    let location = window().location();
    let _ = match location.search() {
        Ok(query) if !query.is_empty() => location.replace(&location.pathname().unwrap_or_default()),
        _ => location.reload(),
    };
}

/// What a participant's page does when it arrives after following the room, and when the
/// phone comes back to it.
#[cfg(feature = "hydrate")]
mod arrival {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    /// Where this page keeps, for the page that replaces it, what it showed and where the
    /// reader was: the step, whether it was revealed, and the scroll position.
    fn seen_key() -> String {
        format!(
            "whenless-seen:{}",
            window().location().pathname().unwrap_or_default()
        )
    }

    fn storage() -> Option<web_sys::Storage> {
        window().session_storage().ok().flatten()
    }

    /// Compares the step and reveal shown now with those the previous page showed.
    pub fn show_what_changed(number: usize, revealed: bool) {
        let Some(storage) = storage() else {
            return;
        };
        let key = seen_key();
        let before = storage.get_item(&key).ok().flatten();
        let _ = storage.set_item(&key, &format!("{number}:{revealed}:0"));
        let Some((step, was_revealed, scroll)) = before.as_deref().and_then(parse_seen) else {
            return;
        };
        if step != number {
            window().scroll_to_with_x_and_y(0.0, 0.0);
            focus("#step-heading");
        } else if revealed && !was_revealed {
            if let Ok(Some(reveal)) = document().query_selector("#reveal") {
                reveal.scroll_into_view();
            }
            focus("#reveal");
        } else {
            window().scroll_to_with_x_and_y(0.0, f64::from(scroll));
        }
    }

    /// Keeps the scroll position for the page about to replace this one, which then places
    /// the reader itself (the browser's own restoring would land mid-page in a new step).
    pub fn remember_scroll() {
        if let Some(storage) = storage() {
            let key = seen_key();
            if let Some(seen) = storage.get_item(&key).ok().flatten() {
                let (shown, _) = seen.rsplit_once(':').unwrap_or((&seen, ""));
                // Whole pixels: formatting a float would bring float printing into the bundle.
                let scroll = window().scroll_y().unwrap_or(0.0) as i32;
                let _ = storage.set_item(&key, &format!("{shown}:{scroll}"));
            }
        }
        if let Ok(history) = window().history() {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
    }

    fn parse_seen(seen: &str) -> Option<(usize, bool, i32)> {
        let mut parts = seen.split(':');
        let step = parts.next()?.parse().ok()?;
        let revealed = parts.next()?.parse().ok()?;
        let scroll = parts.next()?.parse().ok()?;
        Some((step, revealed, scroll))
    }

    fn focus(selector: &str) {
        if let Ok(Some(element)) = document().query_selector(selector)
            && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
        {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = element.focus_with_options(&options);
        }
    }

    /// Runs `check` when the phone comes back: the page shown again after the background or
    /// sleep, or the network back after a loss. The event stream reconnects by itself, but a
    /// phone may not notice for a long while that its old connection died.
    pub fn check_on_return(check: impl Fn() + Clone + 'static) {
        use wasm_bindgen::closure::Closure;

        let on_visible = check.clone();
        let visible = Closure::<dyn FnMut()>::new(move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                on_visible();
            }
        });
        let online = Closure::<dyn FnMut()>::new(check);
        let _ =
            document().add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
        let _ = window().add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        // The page lives as long as the island: the listeners stay with it.
        visible.forget();
        online.forget();
    }
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
