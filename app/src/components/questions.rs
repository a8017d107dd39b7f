//! A step's material as every screen shows it: the talk's slide for the dimension, our
//! questions with their answer choices, and the talk's exceptions.

use std::collections::BTreeMap;

use leptos::prelude::*;

use domain::answers::Answer;
use domain::content::{Dimension, Exception, Lean};

use super::save_on_tap::answer_field;

/// A dimension's two columns, quoted from the one slide of the talk they come from, each
/// headed by what that slide means by it (the server way and the serverless way, or the
/// serverless way's hesitations and its strengths).
#[component]
pub fn TalkColumns(dimension: Dimension) -> impl IntoView {
    let left = dimension.left_heading();
    let right = dimension.right_heading();
    let Dimension {
        slide,
        left_points,
        right_points,
        ..
    } = dimension;
    view! {
        <section class="talk-columns" aria-label=format!("The talk\u{2019}s slide \u{201c}{slide}\u{201d}")>
            <p class="talk-credit">
                {format!("From the slide \u{201c}{slide}\u{201d} of Paul Johnston\u{2019}s talk \u{201c}When should you use a Serverless Approach?\u{201d}")}
            </p>
            <div class="talk-column talk-left">
                <h2>{left}</h2>
                <ul>{left_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
            <div class="talk-column talk-right">
                <h2>{right}</h2>
                <ul>{right_points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        </section>
    }
}

/// A dimension's questions (inside a [`SaveOnTap`], each is saved the moment it is answered).
/// Each "why" line of ours names the slide its quotations come from; an organisation's own
/// question is marked with the organisation's name, and its "why" line is its own.
#[component]
pub fn QuestionList(dimension: Dimension, mine: BTreeMap<String, i16>) -> impl IntoView {
    let Dimension { slide, questions, .. } = dimension;
    view! {
        <h2 class="section-title">"Your situation"</h2>
        <p class="muted">"How far do you agree? Answer for this workload; \u{201c}Don\u{2019}t know\u{201d} is a fine answer."</p>
        {questions
            .into_iter()
            .map(|question| {
                let saved = mine.get(&question.id).copied();
                let cited = question.slide.clone().unwrap_or_else(|| slide.clone());
                let own = question.own_label();
                let lean = match question.lean {
                    Lean::Serverless => "Agreeing points towards serverless.",
                    Lean::Servers => "Agreeing points towards servers.",
                };
                view! {
                    <fieldset class="question">
                        <legend>
                            {question.text.clone()}
                            {own.clone().map(|label| view! { <span class="badge badge-own">{label}</span> })}
                        </legend>
                        <div class="scale">
                            {Answer::ALL
                                .into_iter()
                                .map(|answer| view! {
                                    <Choice
                                        question=question.id.clone()
                                        code=answer.code()
                                        label=answer.label().to_owned()
                                        checked=saved == Some(answer.code())
                                    />
                                })
                                .collect_view()}
                        </div>
                        <details class="why">
                            <summary>{match &question.own {
                                Some(name) => format!("Why {name} asks"),
                                None => "Why we ask".to_owned(),
                            }}</summary>
                            <p>{question.why.clone()}" "{lean}</p>
                            <p class="why-source">{match own {
                                Some(label) => format!("{label}: its words, not the talk\u{2019}s."),
                                None => format!("Words in quotation marks are from the talk\u{2019}s slide \u{201c}{cited}\u{201d}; the rest is ours."),
                            }}</p>
                        </details>
                    </fieldset>
                }
            })
            .collect_view()}
    }
}

#[component]
pub fn ExceptionsStep(exceptions: Vec<Exception>, mine: BTreeMap<String, i16>) -> impl IntoView {
    view! {
        <p class="lede">
            "The talk\u{2019}s answer is \u{201c}most of the time (99% probably)\u{201d}, with four exceptions. "
            "\u{201c}Yes, for a part\u{201d} keeps that part off functions, so the verdict is at best hybrid; "
            "\u{201c}yes, for its core\u{201d} can mean servers for the whole workload. "
            "Where the talk names a way out, you can answer that you have it."
        </p>
        {exceptions
            .into_iter()
            .map(|exception| {
                let saved = mine.get(&exception.id).copied();
                let own = exception.own_label();
                let choices: Vec<(i16, String)> = exception
                    .choices()
                    .into_iter()
                    .map(|(answer, label)| (answer.code(), label.to_owned()))
                    .collect();
                view! {
                    <fieldset class="question exception">
                        <legend>
                            <span class="exception-title">
                                {exception.title.clone()}
                                {own.clone().map(|label| view! { <span class="badge badge-own">{label}</span> })}
                            </span>
                            {exception.question.clone()}
                        </legend>
                        <div class="scale scale-exception">
                            {choices
                                .into_iter()
                                .map(|(code, label)| view! {
                                    <Choice
                                        question=exception.id.clone()
                                        code
                                        label
                                        checked=saved == Some(code)
                                    />
                                })
                                .collect_view()}
                        </div>
                        {match own {
                            None => view! {
                                <details class="why">
                                    <summary>"What the talk says"</summary>
                                    <TalkQuote points=exception.points.clone()/>
                                    <p><strong>"Our reading: "</strong>{exception.concern.clone()}</p>
                                </details>
                            }.into_any(),
                            Some(label) => view! {
                                <details class="why">
                                    <summary>{format!("What {} says", exception.own.clone().unwrap_or_default())}</summary>
                                    <OwnPoints points=exception.points.clone()/>
                                    <p><strong>"Why it matters: "</strong>{exception.concern.clone()}</p>
                                    <p class="why-source">{format!("{label}: its words, not the talk\u{2019}s.")}</p>
                                </details>
                            }.into_any(),
                        }}
                    </fieldset>
                }
            })
            .collect_view()}
    }
}

/// Lines of one of the talk's slides, verbatim, marked as a quotation.
#[component]
pub fn TalkQuote(points: Vec<String>) -> impl IntoView {
    (!points.is_empty()).then(|| {
        view! {
            <blockquote class="talk-quote">
                <ul>{points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </blockquote>
        }
    })
}

/// An organisation's own lines for one of its checks: its words, so not marked as a quotation.
#[component]
pub fn OwnPoints(points: Vec<String>) -> impl IntoView {
    (!points.is_empty()).then(|| {
        view! {
            <ul class="own-points">{points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
        }
    })
}

/// One choice of a question (saved at once by an enclosing [`SaveOnTap`]).
#[component]
pub fn Choice(question: String, code: i16, label: String, checked: bool) -> impl IntoView {
    view! {
        <label class="choice">
            <input type="radio" name=answer_field(&question) value=code checked=checked prop:checked=checked/>
            <span>{label}</span>
        </label>
    }
}
