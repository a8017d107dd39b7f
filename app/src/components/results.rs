//! The results of an assessment: the verdict, the numbers behind it, and what to do next.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    CostSummary, DecisionCard, NextActionsCard, OwnPoints, PartVerdicts, ReviewSection, TalkQuote,
    width_class,
};
use crate::api::{EditActions, EditDecision};
use crate::routes::{chart_path, facilitator_path, rounds_path, step_path};
use domain::access::LinkKind;
use domain::answers::importance_label;
use domain::scoring::{DimensionScore, Report, Verdict};
use domain::views::ResultsView;

/// A share of the most a dimension could give, as a whole percentage.
fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A score in [-1, 1] with its sign.
fn signed(score: f64) -> String {
    format!("{score:+.2}")
}

/// The results of an assessment, as the facilitator or a read-only link sees them; `decide`
/// edits the decision record and `plan` the next actions (the facilitator's page).
#[component]
pub fn Results(
    view: ResultsView,
    token: String,
    #[prop(optional)] decide: Option<ServerAction<EditDecision>>,
    #[prop(optional)] plan: Option<ServerAction<EditActions>>,
) -> impl IntoView {
    let ResultsView {
        assessment,
        kind,
        report,
        notes,
        costs,
        changes,
        confidence,
        review,
        review_edit,
        round,
        decision,
        next_actions,
    } = view;
    let facilitator = kind == LinkKind::Facilitator;
    let outcome = decision.outcome(&report);
    let explanation = report.explanation();
    let fit_text = report.fit.map_or_else(|| "–".to_owned(), |fit| fit.to_string());
    let fit_width = width_class(report.fit.unwrap_or(0));
    let verdict_class = format!("verdict-card verdict-{}", report.verdict.slug());
    let decided = report.verdict != Verdict::Undecided;
    let could = report.could_answer();
    let whole_limits = report.parts.is_empty();
    let should = report.should_answer();
    let Report {
        flags,
        open_exceptions,
        parts,
        dimensions,
        answered_questions,
        total_questions,
        participants,
        ..
    } = report;

    view! {
        <Title text=format!("Results · {}", assessment.title)/>
        {facilitator.then(|| view! {
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=facilitator_path(&token)>{assessment.title.clone()}</a>
                " / "
                <span aria-current="page">"Results"</span>
            </nav>
        })}
        <h1>{if facilitator { "Results".to_owned() } else { assessment.title.clone() }}</h1>
        <section class=verdict_class aria-labelledby="verdict-heading">
            <p class="eyebrow">"Verdict"</p>
            <h2 id="verdict-heading" class="verdict-title">{report.verdict.title()}</h2>
            <div class="fit">
                <p class="fit-number"><span class="fit-value">{fit_text}</span>" / 100 fit"</p>
                <div class="fit-meter" aria-hidden="true"><span class=fit_width></span></div>
                <p class="fit-scale" aria-hidden="true"><span>"Servers"</span><span>"Serverless"</span></p>
                {confidence.filter(|c| c.low != c.high).map(|c| view! {
                    <p class="fit-range">{format!("could be {}\u{2013}{}", c.low, c.high)}</p>
                })}
            </div>
            <dl class="could-should">
                <dt>"Can it run on functions?"</dt>
                <dd>{could}</dd>
                <dt>"Is it worth it?"</dt>
                <dd>{should}</dd>
                {confidence.map(|c| view! {
                    <dt>"How sure is the fit?"</dt>
                    <dd>{c.sentence()}</dd>
                })}
            </dl>
            <p class="muted">
                {format!("{answered_questions} of {total_questions} questions answered by {participants} {}.",
                    if participants == 1 { "person" } else { "people" })}
            </p>
            {(round > 1).then(|| view! {
                <p class="muted">
                    {format!("Round {round}. ")}
                    <a href=rounds_path(kind, &token)>{if round == 2 { "Compare with the earlier round".to_owned() } else { format!("Compare with the {} earlier rounds", round - 1) }}</a>
                </p>
            })}
        </section>

        {(!parts.is_empty()).then(|| view! { <PartVerdicts parts/> })}

        <DecisionCard decision outcome kind token=token.clone() edit=decide/>

        <section aria-labelledby="why-heading">
            <h2 id="why-heading">"Why"</h2>
            <ul class="explanation">{explanation.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        </section>

        {decided.then(|| view! {
            <section aria-labelledby="change-heading">
                <h2 id="change-heading">"What would change the verdict"</h2>
                {if changes.is_empty() {
                    view! {
                        <p class="muted">"Moving up to five statements\u{2019} answers one step would not change it: the exceptions hold it, or the answers lean clearly one way."</p>
                    }.into_any()
                } else {
                    view! {
                        <ul class="explanation">{changes.iter().map(|change| view! { <li>{change.sentence()}</li> }).collect_view()}</ul>
                    }.into_any()
                }}
            </section>
        })}

        {(!flags.is_empty()).then(|| view! {
            <section aria-labelledby="flags-heading">
                <h2 id="flags-heading">"Red flags"</h2>
                {flags.into_iter().map(|flag| {
                    let answers = flag.answers();
                    let effect = flag.effect();
                    let (points_heading, advice_heading) = (flag.points_heading(), flag.advice_heading());
                    let points = if flag.own.is_some() {
                        view! { <OwnPoints points=flag.points/> }.into_any()
                    } else {
                        view! { <TalkQuote points=flag.points/> }.into_any()
                    };
                    view! {
                        <article class="flag">
                            <h3>{flag.title}</h3>
                            <p class="flag-effect">{effect}</p>
                            <p class="muted">{points_heading}</p>
                            {points}
                            <p><strong>{advice_heading}" "</strong>{flag.advice}</p>
                            <p class="muted">{answers}</p>
                        </article>
                    }
                }).collect_view()}
            </section>
        })}

        <section aria-labelledby="chart-heading">
            <h2 id="chart-heading">"Pros and cons by dimension"</h2>
            <p class="muted">"Right of the line: what pushes towards serverless. Left: what pushes towards servers. Both are shown, not only their difference, so tension stays visible."</p>
            <figure class="chart">
                <img
                    src=chart_path(kind, &token)
                    width="900"
                    height="520"
                    alt="Bar chart of pros and cons per dimension; the same numbers are in the table below."
                />
            </figure>
            <div class="table-wrap">
                <table class="scores">
                    <caption class="visually-hidden">"Scores by dimension"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Dimension"</th>
                            <th scope="col">"Importance"</th>
                            <th scope="col">"Pros"</th>
                            <th scope="col">"Cons"</th>
                            <th scope="col">"Score"</th>
                            <th scope="col">"Spread"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {dimensions.iter().enumerate().map(|(index, d)| view! {
                            <tr>
                                <th scope="row">
                                    {if facilitator {
                                        view! { <a href=step_path(&token, index + 1)>{d.title.clone()}</a> }.into_any()
                                    } else {
                                        d.title.clone().into_any()
                                    }}
                                </th>
                                <td>{importance_label(d.importance)}</td>
                                <td>{percent(d.pros)}</td>
                                <td>{percent(d.cons)}</td>
                                <td>{d.score.map_or_else(|| "not answered".to_owned(), signed)}</td>
                                <td>
                                    {if d.respondents > 1 { format!("{:.2}", d.spread) } else { "–".to_owned() }}
                                    {d.is_hot_spot().then(|| view! { " " <span class="badge badge-hot">"Hot spot"</span> })}
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>

        {costs.map(|inputs| view! { <CostSummary kind token=token.clone() inputs limits=whole_limits/> })}

        <section aria-labelledby="drivers-heading">
            <h2 id="drivers-heading">"What drove each dimension"</h2>
            {dimensions.into_iter().filter(|d| !d.drivers.is_empty()).map(|d| view! { <DimensionDrivers dimension=d/> }).collect_view()}
        </section>

        {(!open_exceptions.is_empty()).then(|| view! {
            <section aria-labelledby="open-heading">
                <h2 id="open-heading">"Open questions"</h2>
                <ul>{open_exceptions.into_iter().map(|c| {
                    let answers = c.answers();
                    view! { <li><strong>{c.title}</strong>": "{c.concern}" "<span class="muted">{answers}</span></li> }
                }).collect_view()}</ul>
            </section>
        })}

        {(!notes.is_empty()).then(|| view! {
            <section aria-labelledby="notes-heading">
                <h2 id="notes-heading">"Team notes"</h2>
                <dl class="notes">
                    {notes.into_iter().map(|(title, note)| view! { <dt>{title}</dt><dd>{note}</dd> }).collect_view()}
                </dl>
            </section>
        })}

        <NextActionsCard actions=next_actions kind token=token.clone() edit=plan/>

        <ReviewSection status=review edit=review_edit token=token.clone()/>
    }
}

#[component]
fn DimensionDrivers(dimension: DimensionScore) -> impl IntoView {
    view! {
        <details class="drivers">
            <summary>
                <span>{dimension.title.clone()}</span>
                <span class="muted">{dimension.score.map(|s| format!(" {}", signed(s)))}</span>
            </summary>
            <ul>
                {dimension.drivers.into_iter().map(|driver| {
                    let direction = if driver.pull > 0.0 { "pulls towards serverless" } else if driver.pull < 0.0 { "pulls towards servers" } else { "neutral" };
                    view! {
                        <li>
                            <span>{driver.text.clone()}</span>
                            <span class=format!("pull pull-{}", if driver.pull >= 0.0 { "serverless" } else { "servers" })>
                                {format!(" {}: {direction} ({} answered)", driver.stance(), driver.answered)}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
