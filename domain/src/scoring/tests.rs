use proptest::prelude::*;

use super::*;
use crate::content::{Exception, Lean, Question};

fn question(id: &str, lean: Lean, weight: u8) -> Question {
    Question {
        id: id.to_owned(),
        text: format!("Statement {id}"),
        lean,
        weight,
        why: String::new(),
    }
}

/// Two dimensions: a.one (serverless, weight 2), a.two (servers, weight 1), b.one
/// (serverless, weight 1); one check that caps at hybrid.
fn content() -> Content {
    let dimension = |id: &str, questions| Dimension {
        id: id.to_owned(),
        title: id.to_uppercase(),
        summary: String::new(),
        server_points: vec!["s".to_owned()],
        serverless_points: vec!["f".to_owned()],
        questions,
    };
    Content {
        version: "test".to_owned(),
        source: String::new(),
        dimensions: vec![
            dimension(
                "a",
                vec![
                    question("a.one", Lean::Serverless, 2),
                    question("a.two", Lean::Servers, 1),
                ],
            ),
            dimension("b", vec![question("b.one", Lean::Serverless, 1)]),
        ],
        exceptions: vec![Exception {
            id: "real-time".to_owned(),
            title: "Real-time systems".to_owned(),
            question: String::new(),
            concern: String::new(),
            advice: "Keep that part on an instance.".to_owned(),
            cap: Cap::Hybrid,
        }],
    }
}

fn answers(person: &str, pairs: &[(&str, Answer)], responses: &mut Responses) {
    let sheet = responses.answers.entry(person.to_owned()).or_default();
    for (question, answer) in pairs {
        sheet.insert((*question).to_owned(), *answer);
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn nobody_answered() {
    let report = score(&content(), &Responses::default());
    assert_eq!(report.fit, None);
    assert_eq!(report.verdict, Verdict::Undecided);
    assert!(
        report
            .dimensions
            .iter()
            .all(|d| d.score.is_none() && d.respondents == 0)
    );
    assert_eq!(report.explanation().len(), 1);
}

#[test]
fn hand_computed_single_person() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::StronglyAgree),
            ("a.two", Answer::Agree),
            ("b.one", Answer::Neutral),
        ],
        &mut responses,
    );
    let report = score(&content(), &responses);
    let a = &report.dimensions[0];
    // a.one: +2 × 2 = +4; a.two: +1 × (servers) × 1 = -1; most possible: 2×2 + 2×1 = 6.
    assert!(close(a.pros, 4.0 / 6.0), "{}", a.pros);
    assert!(close(a.cons, 1.0 / 6.0), "{}", a.cons);
    assert!(close(a.score.unwrap(), 0.5));
    assert!(close(a.spread, 0.0));
    let b = &report.dimensions[1];
    assert!(close(b.score.unwrap(), 0.0));
    // Equal importance (2 and 2): mean score 0.25 → fit (1.25 × 50) = 62.5, rounded to 63.
    assert_eq!(report.fit, Some(63));
    assert_eq!(report.verdict, Verdict::ServerlessFirst);
    assert_eq!(report.answered_questions, 3);
    assert_eq!(report.participants, 1);
    // The strongest pull is a.one (pull 2 × weight 2 × importance 2 = 8).
    assert_eq!(report.top_drivers(true, 1)[0].question_id, "a.one");
    assert!(close(report.top_drivers(true, 1)[0].impact, 8.0));
    assert_eq!(report.top_drivers(false, 3)[0].question_id, "a.two");
    let text = report.explanation().join(" ");
    assert!(
        text.contains("\u{201c}Statement a.one\u{201d} (strongly agreed)"),
        "{text}"
    );
    assert!(
        text.contains("\u{201c}Statement a.two\u{201d} (agreed)"),
        "{text}"
    );
}

#[test]
fn a_red_flag_caps_the_verdict_and_is_explained() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::StronglyAgree), ("b.one", Answer::StronglyAgree)],
        &mut responses,
    );
    responses
        .gates
        .entry("p1".to_owned())
        .or_default()
        .insert("real-time".to_owned(), GateAnswer::Yes);
    let report = score(&content(), &responses);
    assert_eq!(report.fit, Some(100));
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::Hybrid);
    assert_eq!(report.flags.len(), 1);
    assert_eq!(report.flags[0].yes, 1);
    let text = report.explanation().join(" ");
    assert!(text.contains("capped"), "{text}");
    assert!(
        report.next_actions()[0].contains("Keep that part on an instance."),
        "{:?}",
        report.next_actions()
    );
    assert!(text.contains("Real-time systems"), "{text}");
}

#[test]
fn unsure_checks_are_open_questions_not_flags() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Agree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    responses
        .gates
        .entry("p1".to_owned())
        .or_default()
        .insert("real-time".to_owned(), GateAnswer::Unsure);
    let report = score(&content(), &responses);
    assert!(report.flags.is_empty());
    assert_eq!(report.open_checks.len(), 1);
    assert!(
        report.next_actions()[0].starts_with("Find out whether"),
        "{:?}",
        report.next_actions()
    );
    assert_eq!(report.verdict, Verdict::ServerlessFirst);
}

#[test]
fn disagreement_shows_as_spread_and_both_pros_and_cons() {
    let mut responses = Responses::default();
    answers("p1", &[("b.one", Answer::StronglyAgree)], &mut responses);
    answers("p2", &[("b.one", Answer::StronglyDisagree)], &mut responses);
    let report = score(&content(), &responses);
    let b = &report.dimensions[1];
    assert_eq!(b.respondents, 2);
    assert!(close(b.score.unwrap(), 0.0));
    assert!(close(b.pros, 0.5) && close(b.cons, 0.5));
    assert!(close(b.spread, 1.0));
    assert_eq!(report.hot_spots()[0].id, "b");
}

#[test]
fn dont_know_is_left_out_not_counted_as_neutral() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::DontKnow), ("b.one", Answer::StronglyAgree)],
        &mut responses,
    );
    let report = score(&content(), &responses);
    assert_eq!(report.dimensions[0].score, None);
    assert_eq!(report.fit, Some(100));
    assert_eq!(report.answered_questions, 1);
}

#[test]
fn too_few_answers_give_no_verdict() {
    let mut big = content();
    big.dimensions[1]
        .questions
        .extend((2..=9).map(|i| question(&format!("b.q{i}"), Lean::Servers, 1)));
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::StronglyAgree)], &mut responses);
    let report = score(&big, &responses);
    assert_eq!(report.fit, Some(100));
    assert_eq!(report.verdict, Verdict::Undecided);
    assert!(report.explanation().join(" ").contains("fewer than a third"));
}

#[test]
fn importance_zero_takes_a_dimension_out_of_the_fit() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::StronglyAgree),
            ("b.one", Answer::StronglyDisagree),
        ],
        &mut responses,
    );
    assert_eq!(score(&content(), &responses).fit, Some(50));
    responses.importance.insert("b".to_owned(), 0);
    assert_eq!(score(&content(), &responses).fit, Some(100));
    responses.importance.insert("b".to_owned(), 3);
    responses.importance.insert("a".to_owned(), 1);
    // (1 × 1 + (-1) × 3) / 4 = -0.5 → 25.
    let report = score(&content(), &responses);
    assert_eq!(report.fit, Some(25));
    assert_eq!(report.verdict, Verdict::Servers);
}

#[test]
fn the_cost_estimate_counts_in_the_cost_dimension_only() {
    let mut content = content();
    content.dimensions[0].id = COST_DIMENSION.to_owned();
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::StronglyDisagree), ("b.one", Answer::Neutral)],
        &mut responses,
    );
    let without = score(&content, &responses);
    responses.cost_pull = Some(2.0);
    let with = score(&content, &responses);
    // a.one: -2 × 2 = -4 of 4 possible; the estimate: +2 × 3 = +6 of 6 more: (6 - 4) / 10.
    assert!(
        close(with.dimensions[0].score.unwrap(), 0.2),
        "{:?}",
        with.dimensions[0].score
    );
    assert!(with.fit > without.fit);
    assert_eq!(with.dimensions[1], without.dimensions[1]);
    assert!(
        with.dimensions[0]
            .drivers
            .iter()
            .any(|d| d.question_id == COST_DRIVER)
    );

    // With no answers at all, the estimate alone scores the dimension.
    let alone = Responses {
        cost_pull: Some(-1.0),
        ..Responses::default()
    };
    let report = score(&content, &alone);
    assert!(close(report.dimensions[0].score.unwrap(), -0.5));
    assert_eq!(report.dimensions[1].score, None);
}

fn any_answer() -> impl Strategy<Value = Answer> {
    prop::sample::select(Answer::ALL.to_vec())
}

fn any_responses() -> impl Strategy<Value = Responses> {
    let sheet = prop::collection::btree_map(
        prop::sample::select(vec!["a.one", "a.two", "b.one"]).prop_map(str::to_owned),
        any_answer(),
        0..=3,
    );
    let gate = prop::sample::select(GateAnswer::ALL.to_vec());
    (
        prop::collection::btree_map("p[0-9]", sheet, 0..6),
        prop::collection::btree_map(
            "p[0-9]",
            prop::collection::btree_map(Just("real-time".to_owned()), gate, 0..=1),
            0..4,
        ),
        prop::collection::btree_map(
            prop::sample::select(vec!["a", "b"]).prop_map(str::to_owned),
            0u8..=3,
            0..=2,
        ),
    )
        .prop_map(|(answers, gates, importance)| Responses {
            answers,
            gates,
            importance,
            cost_pull: None,
        })
}

proptest! {
    #[test]
    fn numbers_stay_in_range(responses in any_responses()) {
        let report = score(&content(), &responses);
        if let Some(fit) = report.fit {
            prop_assert!(fit <= 100);
        }
        for d in &report.dimensions {
            prop_assert!((0.0..=1.0).contains(&d.pros) && (0.0..=1.0).contains(&d.cons));
            if let Some(s) = d.score {
                prop_assert!((s - (d.pros - d.cons)).abs() < 1e-9);
            }
            prop_assert!((0.0..=1.0 + 1e-9).contains(&d.spread));
        }
    }

    #[test]
    fn red_flags_never_improve_the_verdict(responses in any_responses()) {
        let report = score(&content(), &responses);
        prop_assert!(report.verdict <= report.uncapped);
        if report.flags.is_empty() {
            prop_assert_eq!(report.verdict, report.uncapped);
        }
    }

    #[test]
    fn agreeing_more_with_a_serverless_statement_never_lowers_the_fit(
        responses in any_responses(),
        start in 1i16..=4,
    ) {
        let with = |code: i16| {
            let mut responses = responses.clone();
            let answer = Answer::from_code(code).unwrap();
            responses.answers.entry("p0".to_owned()).or_default().insert("a.one".to_owned(), answer);
            score(&content(), &responses).fit
        };
        let (before, after) = (with(start), with(start + 1));
        prop_assert!(after >= before, "{:?} -> {:?}", before, after);
    }

    #[test]
    fn the_scale_is_symmetric(responses in any_responses()) {
        // Mirroring every answer (agree ↔ disagree) mirrors the fit around 50.
        let mirrored = Responses {
            answers: responses.answers.iter().map(|(p, sheet)| {
                let flipped = sheet.iter().map(|(q, a)| {
                    let m = a.agreement().map_or(Answer::DontKnow, |g| Answer::from_code((3 - g) as i16).unwrap());
                    (q.clone(), m)
                }).collect();
                (p.clone(), flipped)
            }).collect(),
            ..responses.clone()
        };
        let (a, b) = (score(&content(), &responses).fit, score(&content(), &mirrored).fit);
        match (a, b) {
            (Some(a), Some(b)) => prop_assert!((i32::from(a) + i32::from(b) - 100).abs() <= 1, "{} {}", a, b),
            (None, None) => {}
            other => prop_assert!(false, "{:?}", other),
        }
    }
}
