use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::costs::CostSummary;
use super::step::TalkColumns;
use crate::api::{PresenterView, get_presenter};
use crate::components::{AsyncPage, Countdown, RevealPanel, RoomControls, use_changes};
use crate::domain::access::LinkKind;
use crate::routes::{facilitator_path, join_qr_path};

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
        join_url,
        join_code,
    } = view;
    let number = room.number;
    let total = room.total;
    let heading = room.heading.clone();
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
                    <img src=join_qr_path(&token) width="120" height="120" alt="QR code to join the workshop"/>
                    <div>
                        <p class="join-code-label">"Join with code"</p>
                        <p class="join-code">{join_code.clone()}</p>
                        <p class="hint join-url">{join_url.clone()}</p>
                    </div>
                </a>
            </header>
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
            <h1 class="presenter-heading">{heading}</h1>
            {dimension.map(|dimension| view! {
                <p class="lede">{dimension.summary.clone()}</p>
                <TalkColumns dimension/>
            })}
            {costs.map(|inputs| view! { <CostSummary kind=LinkKind::Facilitator token=token.clone() inputs/> })}
            <RevealPanel room=room.clone()/>
            <RoomControls token=token.clone() room/>
        </div>
    }
}
