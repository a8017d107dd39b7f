use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::get_presenter;
use crate::components::{
    AsyncPage, CostSummary, Countdown, PartsSummary, RevealPanel, RoomControls, TalkColumns, use_changes,
};
use crate::routes::{facilitator_path, join_qr_path};
use domain::access::LinkKind;
use domain::views::PresenterView;

/// The projector's view of the room: the step, the talk's two columns, how many have
/// answered, and after the reveal the team's answers; the join code stays in a corner for
/// late joiners. The facilitator paces the room from here.
#[component]
pub fn PresenterPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let changes = use_changes(format!("/f/{}/events", token()));
    let presenter = Resource::new(
        move || (token(), changes.get()),
        |(token, _)| get_presenter(token),
    );
    view! {
        <AsyncPage resource=presenter render=move |view| view! { <Presenter view token=token()/> }.into_any()/>
    }
}

#[component]
fn Presenter(view: PresenterView, token: String) -> impl IntoView {
    let PresenterView {
        title,
        room,
        dimension,
        costs,
        cost_step,
        parts,
        exceptions,
        join_url,
        join_code,
    } = view;
    // The facilitator answers the cost step, and a split workload's exceptions, with the room.
    let nobody_answers = cost_step || !parts.is_empty();
    let number = room.number;
    let total = room.total;
    let heading = room.heading.clone();
    let (done, voters) = (room.done, room.voters);
    view! {
        <Title text=format!("Presenting \u{b7} {title}")/>
        <div class="presenter">
            <header class="presenter-bar">
                <div>
                    <p class="eyebrow"><a href=facilitator_path(&token)>{title}</a></p>
                    <p class="presenter-step">{format!("Step {number} of {total}")}</p>
                </div>
                <Countdown ms=room.timer_ms/>
                <a class="presenter-join" href="#join" title="Show the QR code large">
                    <img src=join_qr_path(&token) width="96" height="96" alt="QR code to join the workshop"/>
                    <div>
                        <p class="join-code-label">"Join with code"</p>
                        <p class="join-code">{join_code.clone()}</p>
                        <p class="hint join-url">{join_url.clone()}</p>
                    </div>
                </a>
            </header>
            // What the facilitator needs at every moment stays at the top: the step, who has
            // answered, and the controls (with their keys), above anything that grows.
            <div class="presenter-stage">
                <h1 class="presenter-heading">{heading}</h1>
                {(!nobody_answers).then(|| view! {
                    <p class="presenter-count" aria-live="polite">
                        <strong>{format!("{done} of {voters}")}</strong>
                        {if room.revealed { " answered every question" } else { " have answered every question \u{b7} answers stay private until you reveal them" }}
                    </p>
                })}
                <RoomControls token=token.clone() room=room.clone()/>
                <p class="hint presenter-keys">
                    "Keys: " <kbd>"\u{2190}"</kbd> " " <kbd>"\u{2192}"</kbd> " move the room \u{b7} "
                    <kbd>"R"</kbd> " reveal \u{b7} " <kbd>"T"</kbd> " 3-minute countdown"
                </p>
                <PresenterKeys/>
            </div>
            // Large for the room to scan: shown until somebody joins, and whenever the small
            // code in the corner is clicked (no script needed).
            <section id="join" class="join-large" class:join-large-open={!room.started} aria-label="How to join">
                <img src=join_qr_path(&token) width="480" height="480" alt="QR code to join the workshop"/>
                <div>
                    <p class="join-how">"Scan, or open "<span class="join-url">{join_url.clone()}</span></p>
                    <p class="join-how">"or type this code at "<strong>"/join"</strong>":"</p>
                    <p class="join-code join-code-large">{join_code}</p>
                    <a class="button" href="#">"Hide"</a>
                </div>
            </section>
            {if cost_step {
                match costs {
                    Some(inputs) => view! { <CostSummary kind=LinkKind::Facilitator token=token.clone() inputs/> }.into_any(),
                    None => view! {
                        <p class="lede">"Work out the costs with the room on the facilitator\u{2019}s cost step; the estimate appears here once it is saved."</p>
                    }
                    .into_any(),
                }
            } else if !parts.is_empty() {
                view! {
                    <p class="lede">"Answer the talk\u{2019}s exceptions for each part together, on the facilitator\u{2019}s exceptions step. The answers so far:"</p>
                    <PartsSummary parts exceptions/>
                }
                .into_any()
            } else {
                view! {
                    {room.revealed.then(|| view! { <RevealPanel room=room.clone()/> })}
                    {dimension.map(|dimension| view! {
                        <p class="lede">{dimension.summary.clone()}</p>
                        <TalkColumns dimension/>
                    })}
                }
                .into_any()
            }}
        </div>
    }
}

/// The presenter's keys: the arrows move the room, R reveals, T starts a three-minute
/// countdown. Each presses the button on screen, so a key does exactly what a click does; keys
/// typed into a field or with a modifier are left alone.
#[component]
fn PresenterKeys() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;

        let handle = window_event_listener(leptos::ev::keydown, |event| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() || event.repeat() {
                return;
            }
            let typing = event
                .target()
                .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
                .is_some_and(|element| {
                    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            if typing {
                return;
            }
            let button = match event.key().as_str() {
                "ArrowRight" => "ArrowRight",
                "ArrowLeft" => "ArrowLeft",
                "r" | "R" => "R",
                "t" | "T" => "T",
                _ => return,
            };
            let selector = format!(".presenter-stage button[aria-keyshortcuts=\"{button}\"]:not([disabled])");
            if let Ok(Some(button)) = document().query_selector(&selector)
                && let Ok(button) = button.dyn_into::<leptos::web_sys::HtmlElement>()
            {
                event.prevent_default();
                button.click();
            }
        });
        on_cleanup(move || handle.remove());
    }
}
