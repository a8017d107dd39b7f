use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use crate::api::get_rounds;
use crate::components::{AsyncPage, use_changes};
use crate::routes::{facilitator_path, rounds_chart_path, rounds_path};
use domain::access::LinkKind;
use domain::calendar::{date_label, iso_date};
use domain::rounds::Comparison;
use domain::views::RoundsView;

/// Every round of an assessment and two of them side by side, for the facilitator and for
/// read-only readers: the team's figures only, never one person's answers.
#[component]
pub fn RoundsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let kind = if use_location().pathname.get_untracked().starts_with("/r/") {
        LinkKind::ReadOnly
    } else {
        LinkKind::Facilitator
    };
    let pick = move || {
        let query = query.read();
        let number = |name: &str| query.get(name).and_then(|n| n.parse::<i64>().ok());
        (number("a"), number("b"))
    };
    let changes = use_changes(format!("/{}/{}/events", kind.prefix(), token()));
    let rounds = Resource::new(
        move || (token(), pick(), changes.get()),
        |(token, (a, b), _)| get_rounds(token, a, b),
    );
    // A round this assessment does not have leads back to its rounds as they are.
    let back = (rounds_path(kind, &token()), "See the rounds");
    view! {
        <AsyncPage resource=rounds render=move |view| view! { <Rounds view token=token()/> }.into_any() back/>
    }
}

#[component]
fn Rounds(view: RoundsView, token: String) -> impl IntoView {
    let RoundsView {
        assessment,
        kind,
        rounds,
        comparison,
    } = view;
    let under_way = rounds.last().map_or(1, |r| r.number);
    let (a, b) = comparison
        .as_ref()
        .map_or((under_way, under_way), |c| (c.before.number, c.after.number));
    let options = move |selected: i64| {
        (1..=under_way)
            .map(|n| {
                let label = if n == under_way {
                    format!("Round {n} (under way)")
                } else {
                    format!("Round {n}")
                };
                view! { <option value=n selected=n == selected>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <Title text=format!("Rounds · {}", assessment.title)/>
        {(kind == LinkKind::Facilitator).then(|| view! {
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=facilitator_path(&token)>{assessment.title.clone()}</a>
                " / "
                <span aria-current="page">"Rounds"</span>
            </nav>
        })}
        <h1>"Rounds"</h1>
        <p class="muted">
            "Each time the team assesses again, the round before is kept as it ended: its verdict, fit, scores and red flags, "
            "the team's figures only."
        </p>
        <div class="table-wrap">
            <table class="scores rounds-table">
                <caption class="visually-hidden">"Every round"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Round"</th>
                        <th scope="col">"Closed"</th>
                        <th scope="col">"Verdict"</th>
                        <th scope="col">"Fit"</th>
                        <th scope="col">"Answered"</th>
                        <th scope="col">"People"</th>
                    </tr>
                </thead>
                <tbody>
                    {rounds.iter().map(|round| {
                        let closed = if round.number == under_way {
                            view! { <span class="muted">"under way"</span> }.into_any()
                        } else {
                            view! { <time datetime=iso_date(round.closed_at_ms)>{date_label(round.closed_at_ms)}</time> }.into_any()
                        };
                        view! {
                            <tr>
                                <th scope="row">{round.label()}</th>
                                <td>{closed}</td>
                                <td>{round.verdict.title()}</td>
                                <td>{round.fit.map_or_else(|| "–".to_owned(), |fit| fit.to_string())}</td>
                                <td>{format!("{} of {}", round.answered_questions, round.total_questions)}</td>
                                <td>{round.participants}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(rounds.len() > 1).then(|| view! {
            <section aria-labelledby="rounds-chart-heading">
                <h2 id="rounds-chart-heading">"Each dimension across the rounds"</h2>
                <figure class="chart">
                    <img
                        src=rounds_chart_path(kind, &token)
                        width="900"
                        height="520"
                        alt="Line chart of each dimension's score in each round, from -1 (servers) to +1 (serverless); the compared rounds' figures are in the table below."
                    />
                </figure>
            </section>
        })}
        {match comparison {
            Some(comparison) => view! {
                <section aria-labelledby="compare-heading">
                    <h2 id="compare-heading">"Compare two rounds"</h2>
                    <form method="get" class="compare-form">
                        <label for="compare-a">"Compare"</label>
                        <select id="compare-a" name="a">{options(a)}</select>
                        <label for="compare-b">"with"</label>
                        <select id="compare-b" name="b">{options(b)}</select>
                        <button class="button" type="submit">"Compare"</button>
                    </form>
                    <Compared comparison/>
                </section>
            }.into_any(),
            None => view! {
                <p class="muted">"There is one round so far. Assess again from the assessment's page to start a second, and compare them here."</p>
            }.into_any(),
        }}
    }
}

/// Two rounds side by side, and what changed between them.
#[component]
fn Compared(comparison: Comparison) -> impl IntoView {
    let changes = comparison.changes();
    let Comparison {
        before,
        after,
        dimensions,
        ..
    } = comparison;
    let score = |s: Option<f64>| s.map_or_else(|| "not answered".to_owned(), |s| format!("{s:+.2}"));
    let fit = |f: Option<u8>| f.map_or_else(|| "–".to_owned(), |f| f.to_string());
    view! {
        <div class="table-wrap">
            <table class="scores compare-table">
                <caption class="visually-hidden">{format!("{} and {} side by side", before.label(), after.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{before.label()}</th>
                        <th scope="col">{after.label()}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr><th scope="row">"Verdict"</th><td>{before.verdict.title()}</td><td>{after.verdict.title()}</td></tr>
                    <tr><th scope="row">"Fit"</th><td>{fit(before.fit)}</td><td>{fit(after.fit)}</td></tr>
                    {dimensions.into_iter().map(|(title, was, is)| view! {
                        <tr><th scope="row">{title}</th><td>{score(was)}</td><td>{score(is)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h3>"What changed"</h3>
        <ul class="explanation">{changes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
    }
}
