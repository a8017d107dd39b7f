//! What every screen of a live workshop shares: the countdown, the answers once revealed, and
//! the facilitator's controls.

use leptos::prelude::*;

use super::{ErrorNotice, ReturnHere};
use crate::api::ControlRoom;
use domain::room::{QuestionReveal, RoomAction, lean};
use domain::scoring::DimensionScore;
use domain::views::RoomState;

/// `m:ss` for a countdown.
pub fn clock(ms: i64) -> String {
    let seconds = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The step's countdown, ticking in the browser; "Time is up" when it ends. It counts to a
/// deadline on the device's clock, so a phone that slept shows the right time when it wakes.
#[component]
pub fn Countdown(ms: Option<i64>) -> impl IntoView {
    let left = RwSignal::new(ms);
    #[cfg(feature = "hydrate")]
    if let Some(ms) = ms {
        let deadline = js_sys::Date::now() + ms as f64;
        if let Ok(handle) = set_interval_with_handle(
            move || left.set(Some(((deadline - js_sys::Date::now()).max(0.0)) as i64)),
            std::time::Duration::from_millis(500),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    move || {
        left.get().map(|ms| {
            let up = ms == 0;
            view! {
                <p class="countdown" class:countdown-up=up role="timer">
                    <span class="countdown-label">{if up { "Time is up" } else { "Time left" }}</span>
                    <span class="countdown-value">{clock(ms)}</span>
                </p>
            }
        })
    }
}

/// The room's answers to the step: hidden with a count until revealed, then the team's
/// leaning, where it disagrees most, and every question's distribution. On a participant's
/// `phone` the count has no total (people joining change nothing there) and is kept current
/// in place by the page.
#[component]
pub fn RevealPanel(room: RoomState, #[prop(optional)] phone: bool) -> impl IntoView {
    let RoomState {
        revealed,
        started,
        voters,
        done,
        reveal,
        score,
        ..
    } = room;
    let Some(reveal) = reveal.filter(|_| revealed) else {
        return view! {
            <section class="card waiting" aria-live="polite">
                <h2>"Answers are private"</h2>
                <p>"Nobody sees anyone else\u{2019}s answers until the facilitator reveals them."</p>
                {if phone {
                    view! {
                        <p class="answered-count">
                            <strong data-answered>{done}</strong>
                            " answered every question so far"
                        </p>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="answered-count">
                            <strong>{format!("{done} of {voters}")}</strong>
                            " have answered every question"
                        </p>
                        <progress max=voters.max(1) value=done>{format!("{done} of {voters}")}</progress>
                    }
                    .into_any()
                }}
            </section>
        }
        .into_any();
    };
    if reveal.respondents == 0 {
        return view! {
            <section class="card waiting" aria-live="polite">
                <h2>"No answers yet"</h2>
                <p>"The answers appear here as a chart once people have given them."</p>
            </section>
        }
        .into_any();
    }
    let hot: Vec<String> = reveal.hot_spots().iter().map(|q| q.text.clone()).collect();
    view! {
        <section id="reveal" class="reveal" aria-labelledby="reveal-heading" tabindex="-1">
            <h2 id="reveal-heading">{if started { "The team\u{2019}s answers" } else { "Your answers" }}</h2>
            <p class="muted">{format!("{} answered.", people(reveal.respondents))}</p>
            {score.map(|score| view! { <TeamScore score/> })}
            {if hot.is_empty() {
                view! { <p class="agreement">"The team broadly agrees here."</p> }.into_any()
            } else {
                view! {
                    <div class="hot-spots">
                        <h3>"Talk about these first"</h3>
                        <p class="muted">"The answers are furthest apart here."</p>
                        <ol>{hot.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ol>
                    </div>
                }
                    .into_any()
            }}
            {reveal.questions.into_iter().map(|question| view! { <AnswerBars question/> }).collect_view()}
        </section>
    }
    .into_any()
}

fn people(n: usize) -> String {
    match n {
        0 => "Nobody has".to_owned(),
        1 => "One person".to_owned(),
        n => format!("{n} people"),
    }
}

#[component]
fn TeamScore(score: DimensionScore) -> impl IntoView {
    view! {
        <dl class="team-score">
            <div>
                <dt>"Team leaning"</dt>
                <dd>{lean(score.score)}</dd>
            </div>
            <div>
                <dt>"Pros \u{b7} cons"</dt>
                <dd>{format!("{:.0}% \u{b7} {:.0}%", score.pros * 100.0, score.cons * 100.0)}</dd>
            </div>
            <div>
                <dt>"Spread"</dt>
                <dd>{if score.respondents > 1 { format!("{:.2}", score.spread) } else { "\u{2013}".to_owned() }}</dd>
            </div>
        </dl>
    }
}

/// One question's answers as a stacked bar, with the counts (and names, in named mode) as text.
#[component]
fn AnswerBars(question: QuestionReveal) -> impl IntoView {
    let hot = question.is_hot_spot();
    let scale = question.choices.len();
    let widths = super::shares(&question.choices.iter().map(|c| c.count).collect::<Vec<_>>());
    view! {
        <figure class="answer-bars" class:hot-spot=hot>
            <figcaption>
                {question.text.clone()}
                {question.own.clone().map(|label| view! { <span class="badge badge-own">{label}</span> })}
                {hot.then(|| view! { <span class="badge badge-hot">"Hot spot"</span> })}
            </figcaption>
            <div class="bar" aria-hidden="true">
                {question
                    .choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.count > 0)
                    .map(|(i, c)| {
                        let width = super::width_class(widths[i]);
                        view! { <span class=format!("segment segment-{scale}-{i} {width}")>{c.count}</span> }
                    })
                    .collect_view()}
            </div>
            <ul class="bar-legend">
                {question
                    .choices
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| view! {
                        <li class:empty={c.count == 0}>
                            <span class=format!("swatch segment-{scale}-{i}")></span>
                            {format!("{} {}", c.label, c.count)}
                            {(!c.names.is_empty()).then(|| view! { <span class="names">{format!(": {}", c.names.join(", "))}</span> })}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </figure>
    }
}

/// The facilitator's controls for the room at `room.number`: move it, reveal, countdown.
/// Previous and Next act on the step the room is on, wherever this page is; a page on
/// another step can bring the room to itself.
#[component]
pub fn RoomControls(token: String, room: RoomState) -> impl IntoView {
    let control = ServerAction::<ControlRoom>::new();
    let error = move || control.value().get().and_then(Result::err);
    let RoomState {
        number,
        current,
        total,
        revealed,
        timer_ms,
        ..
    } = room;
    let token = StoredValue::new(token);
    view! {
        <div class="room-controls" role="group" aria-label="Run the room">
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=control attr:class="inline-form">
                <ControlFields token=token.get_value() action=RoomAction::Previous/>
                <button class="button" type="submit" disabled={current <= 1} aria-keyshortcuts="ArrowLeft">
                    "\u{2190} Previous step"
                </button>
            </ActionForm>
            <ActionForm action=control attr:class="inline-form">
                <ControlFields token=token.get_value() action=RoomAction::Next/>
                <button class="button" type="submit" disabled={current >= total} aria-keyshortcuts="ArrowRight">
                    "Next step \u{2192}"
                </button>
            </ActionForm>
            {(current != number).then(|| view! {
                <ActionForm action=control attr:class="inline-form">
                    <ControlFields token=token.get_value() action=RoomAction::Go/>
                    <input type="hidden" name="step" value=number/>
                    <button class="button button-primary" type="submit">{format!("Bring the room to step {number}")}</button>
                </ActionForm>
            })}
            <ActionForm action=control attr:class="inline-form">
                <ControlFields token=token.get_value() action=RoomAction::Reveal/>
                <input type="hidden" name="step" value=number/>
                <button class="button button-primary" type="submit" disabled=revealed aria-keyshortcuts="R">
                    {if revealed { "Answers revealed" } else { "Reveal answers" }}
                </button>
            </ActionForm>
            <ActionForm action=control attr:class="inline-form timer-form">
                <ControlFields token=token.get_value() action=RoomAction::Timer/>
                <span class="timer-label">"Countdown"</span>
                {[1, 3, 5, 10]
                    .into_iter()
                    .map(|m| {
                        let key = (m == 3).then_some("T");
                        view! { <button class="button button-quiet" type="submit" name="minutes" value=m aria-keyshortcuts=key>{format!("{m} min")}</button> }
                    })
                    .collect_view()}
            </ActionForm>
            {timer_ms.map(|_| view! {
                <ActionForm action=control attr:class="inline-form">
                    <ControlFields token=token.get_value() action=RoomAction::StopTimer/>
                    <button class="button button-quiet" type="submit">"Stop countdown"</button>
                </ActionForm>
            })}
        </div>
    }
}

/// The fields every control form sends: where to come back to, the link, the action.
#[component]
fn ControlFields(token: String, action: RoomAction) -> impl IntoView {
    view! {
        <ReturnHere/>
        <input type="hidden" name="token" value=token/>
        <input type="hidden" name="action" value=action.name()/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_round_up_to_whole_seconds() {
        assert_eq!(clock(300_000), "5:00");
        assert_eq!(clock(59_001), "1:00");
        assert_eq!(clock(61_000), "1:01");
        assert_eq!(clock(1), "0:01");
        assert_eq!(clock(-5), "0:00");
    }
}
