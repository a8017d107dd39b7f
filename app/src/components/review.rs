//! When the team looks at its decision again: where the review stands, on every results page,
//! and its form, for the facilitator.

use leptos::prelude::*;

use super::{ErrorNotice, ReturnHere};
use crate::api::SaveReview;
use domain::cost::grouped;
use domain::review::{Direction, Review, ReviewStatus, Watch};
use domain::views::ReviewEdit;

/// The review's state: due, with what reopened the decision, or what is watched until when.
#[component]
pub fn ReviewSection(status: ReviewStatus, edit: Option<ReviewEdit>, token: String) -> impl IntoView {
    let unset = status.is_empty();
    if unset && edit.is_none() {
        return ().into_any();
    }
    let ReviewStatus {
        due,
        reopened,
        watched,
    } = status;
    let state = if !reopened.is_empty() {
        view! { <ReviewDue reopened/> }.into_any()
    } else if unset {
        view! { <p class="muted">"No review is set: choose a date and the assumptions that would reopen the decision."</p> }
            .into_any()
    } else {
        view! {
            <p>{due.map_or_else(|| "No review date is set.".to_owned(), |due| format!("Next review: {due}."))}</p>
        }
        .into_any()
    };
    let watching = (!watched.is_empty()).then(|| {
        view! {
            <p class="muted">"Reopen the decision on any of these:"</p>
            <ul class="watched">{watched.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        }
    });
    view! {
        <section id="review" class="review" aria-labelledby="review-heading">
            <h2 id="review-heading">"Review"</h2>
            {state}
            {watching}
            {edit.map(|edit| view! { <ReviewForm edit token/> })}
        </section>
    }
    .into_any()
}

/// Says the decision is due for review, and why; with a link to the review when it is
/// elsewhere.
#[component]
pub fn ReviewDue(reopened: Vec<String>, #[prop(optional)] link: Option<String>) -> impl IntoView {
    view! {
        <div class="notice notice-warning" role="status">
            <strong class="notice-title">"Time to review this decision"</strong>
            <ul>{reopened.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            {link.map(|href| view! { <p><a href=href>"See the review on the results page"</a></p> })}
        </div>
    }
}

/// The figures the form asks for: form name, label, unit.
const FIGURES: [(&str, &str, &str); 3] = [
    ("requests", "Monthly requests", "requests a month"),
    ("latency", "Latency", "ms"),
    ("team", "Team size", "people"),
];

fn figure<'a>(review: &'a Review, name: &str) -> Option<&'a Watch> {
    match name {
        "requests" => review.requests.as_ref(),
        "latency" => review.latency_ms.as_ref(),
        _ => review.team_size.as_ref(),
    }
}

/// The review's form: its date, and each assumption with its threshold and, once known, the
/// figure as it is now.
#[component]
fn ReviewForm(edit: ReviewEdit, token: String) -> impl IntoView {
    let save = ServerAction::<SaveReview>::new();
    let error = move || save.value().get().and_then(Result::err);
    let ReviewEdit {
        review,
        version,
        exceptions,
    } = edit;
    let figures = FIGURES.map(|(name, label, unit)| {
        let watch = figure(&review, name).cloned();
        let on = watch.is_some();
        let above = watch.as_ref().is_none_or(|w| w.direction == Direction::Above);
        let threshold = watch.as_ref().map(|w| grouped(w.threshold)).unwrap_or_default();
        let now = watch.and_then(|w| w.now).map(grouped).unwrap_or_default();
        view! {
            <div class="watch">
                <label class="check">
                    <input type="checkbox" name=format!("review[{name}_on]") value="on" checked=on/>
                    {label}
                </label>
                <select name=format!("review[{name}_direction]") aria-label=format!("{label}: above or below")>
                    <option value="above" selected=above>"rises above"</option>
                    <option value="below" selected=!above>"falls below"</option>
                </select>
                <input class="number" type="text" inputmode="decimal" name=format!("review[{name}_threshold]")
                    value=threshold aria-label=format!("{label} threshold, {unit}")/>
                <span class="unit">{unit}</span>
                <label class="now">
                    "now"
                    <input class="number" type="text" inputmode="decimal" name=format!("review[{name}_now]")
                        value=now aria-label=format!("{label} now, {unit}")/>
                </label>
            </div>
        }
    });
    let tables = review.tables_older_than_months;
    view! {
        <details class="review-form" open=move || error().is_some()>
            <summary class="button">"Set the review"</summary>
            {move || error().map(|error| view! { <ErrorNotice error/> })}
            <ActionForm action=save attr:class="form">
                <ReturnHere/>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="version" value=version/>
                <div class="field">
                    <label for="review-due">"Review date"</label>
                    <input id="review-due" type="date" name="review[due]" value=review.due.clone().unwrap_or_default()/>
                    <p class="hint">"The day the team looks at the decision again. Leave it empty for none."</p>
                </div>
                <fieldset class="watches">
                    <legend>"Reopen the decision when"</legend>
                    <p class="hint">"Tick what to watch and give its threshold; when the team knows a figure as it is now, enter it and the review falls due once it crosses."</p>
                    {figures}
                    <div class="watch">
                        <label class="check">
                            <input type="checkbox" name="review[tables_on]" value="on" checked=tables.is_some()/>
                            "The price or limits table is older than"
                        </label>
                        <input class="number" type="text" inputmode="numeric" name="review[tables_months]"
                            value=tables.unwrap_or(12) aria-label="Months"/>
                        <span class="unit">"months"</span>
                    </div>
                    <div class="watch">
                        <label class="check">
                            <input type="checkbox" name="review[newer_questions]" value="on" checked=review.newer_questions/>
                            "Newer questions are published"
                        </label>
                    </div>
                    {exceptions.into_iter().map(|(id, title)| {
                        let changed = review.exceptions.get(&id).copied();
                        view! {
                            <div class="watch">
                                <label class="check">
                                    <input type="checkbox" name=format!("review[exception.{id}]") value="on" checked=changed.is_some()/>
                                    {format!("The answer to \u{201c}{title}\u{201d} changes")}
                                </label>
                                <label class="check now">
                                    <input type="checkbox" name=format!("review[exception_changed.{id}]") value="on" checked=changed == Some(true)/>
                                    "it has"
                                </label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button class="button button-primary" type="submit">"Save the review"</button>
            </ActionForm>
        </details>
    }
}
