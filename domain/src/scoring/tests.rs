use proptest::prelude::*;

use super::*;
use crate::content::{Columns, Exception, Lean, Question};

fn question(id: &str, lean: Lean, weight: u8) -> Question {
    Question {
        id: id.to_owned(),
        text: format!("Statement {id}"),
        lean,
        weight,
        why: String::new(),
        slide: None,
    }
}

/// Two dimensions: a.one (serverless, weight 2), a.two (servers, weight 1), b.one
/// (serverless, weight 1); one exception that caps at hybrid.
fn content() -> Content {
    let dimension = |id: &str, questions| Dimension {
        id: id.to_owned(),
        title: id.to_uppercase(),
        summary: String::new(),
        slide: "S".to_owned(),
        columns: Columns::ServersServerless,
        left_points: vec!["s".to_owned()],
        right_points: vec!["f".to_owned()],
        questions,
    };
    Content {
        version: "test".to_owned(),
        source: String::new(),
        slides: Vec::new(),
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
        .exceptions
        .entry("p1".to_owned())
        .or_default()
        .insert("real-time".to_owned(), ExceptionAnswer::Yes);
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
fn unsure_exceptions_are_open_questions_not_flags() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Agree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    responses
        .exceptions
        .entry("p1".to_owned())
        .or_default()
        .insert("real-time".to_owned(), ExceptionAnswer::Unsure);
    let report = score(&content(), &responses);
    assert!(report.flags.is_empty());
    assert_eq!(report.open_exceptions.len(), 1);
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
    let exception = prop::sample::select(ExceptionAnswer::ALL.to_vec());
    (
        prop::collection::btree_map("p[0-9]", sheet, 0..6),
        prop::collection::btree_map(
            "p[0-9]",
            prop::collection::btree_map(Just("real-time".to_owned()), exception, 0..=1),
            0..4,
        ),
        prop::collection::btree_map(
            prop::sample::select(vec!["a", "b"]).prop_map(str::to_owned),
            0u8..=3,
            0..=2,
        ),
    )
        .prop_map(|(answers, exceptions, importance)| Responses {
            answers,
            exceptions,
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

// The rules below are pinned with hand-computed values, so that changing one of them (an
// operator, a threshold, a sign) fails a test. See scripts/mutants.sh.

/// One dimension "solo" with one serverless statement of weight 1 (most possible: 2), and one
/// exception that caps at servers: each person's score is their agreement / 2.
fn solo_content() -> Content {
    Content {
        version: "solo".to_owned(),
        source: String::new(),
        slides: Vec::new(),
        dimensions: vec![Dimension {
            id: "solo".to_owned(),
            title: "Solo".to_owned(),
            summary: String::new(),
            slide: "S".to_owned(),
            columns: Columns::ServersServerless,
            left_points: vec!["s".to_owned()],
            right_points: vec!["f".to_owned()],
            questions: vec![question("solo.one", Lean::Serverless, 1)],
        }],
        exceptions: vec![Exception {
            id: "control".to_owned(),
            title: "Full control".to_owned(),
            question: String::new(),
            concern: String::new(),
            advice: "Run it yourself.".to_owned(),
            cap: Cap::Servers,
        }],
    }
}

/// A team whose members answered `solo.one` with `given`, one person per answer.
fn team(given: &[Answer]) -> Responses {
    let mut responses = Responses::default();
    for (i, answer) in given.iter().enumerate() {
        answers(&format!("p{i:02}"), &[("solo.one", *answer)], &mut responses);
    }
    responses
}

/// `n` copies of `answer`.
fn many(n: usize, answer: Answer) -> Vec<Answer> {
    vec![answer; n]
}

fn answer_exception(responses: &mut Responses, person: &str, exception: &str, answer: ExceptionAnswer) {
    responses
        .exceptions
        .entry(person.to_owned())
        .or_default()
        .insert(exception.to_owned(), answer);
}

#[test]
fn importance_defaults_to_matters_and_is_capped_at_critical() {
    let mut responses = Responses::default();
    assert_eq!(responses.importance("a"), IMPORTANCE_DEFAULT);
    assert_eq!(IMPORTANCE_DEFAULT, 2);
    responses.importance.insert("a".to_owned(), 7);
    assert_eq!(
        responses.importance("a"),
        3,
        "above the maximum counts as critical"
    );
    responses.importance.insert("a".to_owned(), 0);
    assert_eq!(responses.importance("a"), 0);
}

#[test]
fn verdict_thresholds_fit_50_is_serverless_first_35_is_hybrid_below_is_servers() {
    // With one statement of weight 1, fit = round(50 + 25 × mean agreement).
    let verdict = |given: Vec<Answer>| {
        let report = score(&solo_content(), &team(&given));
        (report.fit, report.verdict)
    };
    // Everyone neutral: mean 0, fit 50, the talk's default.
    assert_eq!(
        verdict(many(2, Answer::Neutral)),
        (Some(50), Verdict::ServerlessFirst)
    );
    // 1 of 25 disagrees (-1): mean -0.04, fit 49: just below serverless first.
    let mut given = many(24, Answer::Neutral);
    given.push(Answer::Disagree);
    assert_eq!(verdict(given), (Some(49), Verdict::Hybrid));
    // 3 of 5 disagree: mean -0.6, fit 35: still hybrid.
    let mut given = many(2, Answer::Neutral);
    given.extend(many(3, Answer::Disagree));
    assert_eq!(verdict(given), (Some(35), Verdict::Hybrid));
    // 16 of 25 disagree: mean -0.64, fit 34: servers.
    let mut given = many(9, Answer::Neutral);
    given.extend(many(16, Answer::Disagree));
    assert_eq!(verdict(given), (Some(34), Verdict::Servers));
    // Everyone strongly disagrees: fit 0; strongly agrees: fit 100.
    assert_eq!(
        verdict(many(3, Answer::StronglyDisagree)),
        (Some(0), Verdict::Servers)
    );
    assert_eq!(
        verdict(many(3, Answer::StronglyAgree)),
        (Some(100), Verdict::ServerlessFirst)
    );
}

#[test]
fn a_verdict_needs_a_third_of_the_questions_answered_and_exactly_a_third_is_enough() {
    // Three single-question dimensions (a, b, c): one answered is exactly a third.
    let mut content = solo_content();
    for id in ["b", "c"] {
        let mut dimension = content.dimensions[0].clone();
        dimension.id = id.to_owned();
        dimension.questions = vec![question(&format!("{id}.one"), Lean::Serverless, 1)];
        content.dimensions.push(dimension);
    }
    let report = score(&content, &team(&[Answer::Agree]));
    assert_eq!((report.answered_questions, report.total_questions), (1, 3));
    // Agree: score 0.5 in "solo", the other two unanswered: fit 75.
    assert_eq!(report.fit, Some(75));
    assert_eq!(report.verdict, Verdict::ServerlessFirst);

    // One of four is less than a third: a fit, but no verdict.
    let mut more = content.clone();
    let mut dimension = more.dimensions[0].clone();
    dimension.id = "d".to_owned();
    dimension.questions = vec![question("d.one", Lean::Serverless, 1)];
    more.dimensions.push(dimension);
    let report = score(&more, &team(&[Answer::Agree]));
    assert_eq!(report.fit, Some(75));
    assert_eq!(report.verdict, Verdict::Undecided);
    assert_eq!(report.uncapped, Verdict::Undecided);
}

#[test]
fn the_fit_is_the_importance_weighted_mean_of_the_dimension_scores() {
    // a: a.one agree (+1 × 2 = +2), a.two strongly agree (+2 × servers × 1 = -2): 0 of 6.
    //    With a.one strongly agreed instead: +4 - 2 = +2 of 6 = 1/3.
    // b: b.one disagree: -1 of 2 = -0.5.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::StronglyAgree),
            ("a.two", Answer::StronglyAgree),
            ("b.one", Answer::Disagree),
        ],
        &mut responses,
    );
    responses.importance.insert("a".to_owned(), 3);
    responses.importance.insert("b".to_owned(), 1);
    let report = score(&content(), &responses);
    let a = &report.dimensions[0];
    assert!(close(a.pros, 4.0 / 6.0) && close(a.cons, 2.0 / 6.0), "{a:?}");
    assert!(close(a.score.unwrap(), 1.0 / 3.0));
    assert!(close(report.dimensions[1].score.unwrap(), -0.5));
    // (1/3 × 3 + (-0.5) × 1) / 4 = 0.125: fit (1.125 × 50) = 56.25 → 56.
    assert_eq!(report.fit, Some(56));
}

#[test]
fn with_every_dimension_set_to_not_relevant_there_is_no_fit() {
    let mut responses = team(&[Answer::StronglyAgree]);
    responses.importance.insert("solo".to_owned(), 0);
    let report = score(&solo_content(), &responses);
    assert_eq!(
        report.dimensions[0].score,
        Some(1.0),
        "still scored, just not counted"
    );
    assert_eq!(report.fit, None);
    assert_eq!(report.verdict, Verdict::Undecided);
}

#[test]
fn a_servers_cap_brings_any_verdict_down_to_servers_but_never_makes_one_up() {
    let mut responses = team(&many(2, Answer::StronglyAgree));
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Yes);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::Servers);
    // A hybrid cap on a servers verdict leaves it at servers.
    assert_eq!(Verdict::Servers.capped(Cap::Hybrid), Verdict::Servers);
    assert_eq!(Verdict::Hybrid.capped(Cap::Servers), Verdict::Servers);
    assert_eq!(Verdict::ServerlessFirst.capped(Cap::Hybrid), Verdict::Hybrid);

    // Not enough answers: a "yes" does not turn "undecided" into a verdict.
    let mut responses = Responses::default();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Yes);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.verdict, Verdict::Undecided);
    assert_eq!(report.flags.len(), 1);
    assert_eq!(Verdict::Undecided.capped(Cap::Servers), Verdict::Undecided);
}

#[test]
fn checks_count_each_persons_yes_unsure_and_no() {
    let mut responses = team(&[Answer::Agree]);
    answer_exception(&mut responses, "ana", "control", ExceptionAnswer::Yes);
    answer_exception(&mut responses, "ben", "control", ExceptionAnswer::No);
    answer_exception(&mut responses, "cy", "control", ExceptionAnswer::No);
    answer_exception(&mut responses, "di", "control", ExceptionAnswer::Unsure);
    let report = score(&solo_content(), &responses);
    let flag = &report.flags[0];
    assert_eq!((flag.yes, flag.unsure, flag.no), (1, 1, 2));
    assert!(
        report.open_exceptions.is_empty(),
        "a yes makes it a flag, not an open exception"
    );
}

#[test]
fn a_check_everybody_answered_no_is_neither_a_flag_nor_an_open_check() {
    let mut responses = team(&[Answer::Agree]);
    answer_exception(&mut responses, "ana", "control", ExceptionAnswer::No);
    let report = score(&solo_content(), &responses);
    assert!(report.flags.is_empty());
    assert!(report.open_exceptions.is_empty());
    assert_eq!(report.verdict, report.uncapped);
}

#[test]
fn participants_are_everyone_who_answered_a_question_or_a_check() {
    // p00 answered a question only, "exceptions-only" an exception only, p01 both: three people.
    let mut responses = team(&[Answer::Agree, Answer::Agree]);
    answer_exception(&mut responses, "exceptions-only", "control", ExceptionAnswer::No);
    answer_exception(&mut responses, "p01", "control", ExceptionAnswer::No);
    assert_eq!(score(&solo_content(), &responses).participants, 3);
}

#[test]
fn a_spread_of_a_quarter_is_a_hot_spot() {
    // Agree (score 0.5) and neutral (0): mean 0.25, deviations ±0.25: spread exactly 0.25.
    let report = score(&solo_content(), &team(&[Answer::Agree, Answer::Neutral]));
    let solo = &report.dimensions[0];
    assert!(close(solo.score.unwrap(), 0.25));
    assert!(close(solo.pros, 0.25) && close(solo.cons, 0.0));
    assert_eq!(solo.spread, 0.25);
    assert!(solo.is_hot_spot());
    // Agreeing and strongly agreeing: scores 0.5 and 1, spread 0.25 too; all agreeing: 0.
    let report = score(&solo_content(), &team(&[Answer::Agree, Answer::Agree]));
    assert_eq!(report.dimensions[0].spread, 0.0);
    assert!(!report.dimensions[0].is_hot_spot());
    assert!(report.hot_spots().is_empty());
    // Just under a quarter is not one.
    let calm = DimensionScore {
        spread: 0.249,
        ..solo.clone()
    };
    assert!(!calm.is_hot_spot());
}

#[test]
fn hot_spots_are_listed_widest_first() {
    // a: p1 strongly agrees with a.one (+4 of 4 = 1), p2 strongly disagrees (-1): spread 1.
    // b: p1 agrees with b.one (0.5), p2 is neutral (0): spread 0.25.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("b.one", Answer::Agree), ("a.one", Answer::StronglyAgree)],
        &mut responses,
    );
    answers(
        "p2",
        &[("b.one", Answer::Neutral), ("a.one", Answer::StronglyDisagree)],
        &mut responses,
    );
    let mut report = score(&content(), &responses);
    report.dimensions.reverse();
    let spots: Vec<&str> = report.hot_spots().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(spots, ["a", "b"]);
    let actions = report.next_actions();
    assert!(actions[0].starts_with("Discuss A:"), "{actions:?}");
    assert!(actions[1].starts_with("Discuss B:"), "{actions:?}");
}

#[test]
fn a_drivers_impact_is_its_pull_times_weight_times_importance() {
    // a.two (leans servers, weight 1): agree (+1) and strongly agree (+2): agreement 1.5, pull
    // -1.5; importance 3: impact -1.5 × 1 × 3 = -4.5.
    let mut responses = Responses::default();
    answers("p1", &[("a.two", Answer::Agree)], &mut responses);
    answers(
        "p2",
        &[("a.two", Answer::StronglyAgree), ("a.one", Answer::DontKnow)],
        &mut responses,
    );
    responses.importance.insert("a".to_owned(), 3);
    let report = score(&content(), &responses);
    let drivers = &report.dimensions[0].drivers;
    assert_eq!(drivers.len(), 1, "nobody gave an opinion on a.one: {drivers:?}");
    let driver = &drivers[0];
    assert_eq!(driver.question_id, "a.two");
    assert_eq!(driver.dimension_id, "a");
    assert_eq!(driver.answered, 2);
    assert!(close(driver.agreement, 1.5), "{driver:?}");
    assert!(close(driver.pull, -1.5), "{driver:?}");
    assert!(close(driver.impact, -4.5), "{driver:?}");
    assert_eq!(
        driver.stance(),
        "strongly agreed",
        "a mean of 1.5 is strong agreement"
    );
}

#[test]
fn drivers_are_ordered_by_how_much_they_moved_the_fit_either_way() {
    // Default importance 2. a.one (serverless, weight 2), agree: impact +1 × 2 × 2 = +4.
    // a.two (servers, weight 1), disagree: pull +1, impact +1 × 1 × 2 = +2.
    // b.one (serverless, weight 1), strongly disagree: impact -2 × 1 × 2 = -4.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::Agree),
            ("a.two", Answer::Disagree),
            ("b.one", Answer::StronglyDisagree),
        ],
        &mut responses,
    );
    let report = score(&content(), &responses);
    let a: Vec<&str> = report.dimensions[0]
        .drivers
        .iter()
        .map(|d| d.question_id.as_str())
        .collect();
    assert_eq!(a, ["a.one", "a.two"]);
    let towards: Vec<(&str, f64)> = report
        .top_drivers(true, 3)
        .iter()
        .map(|d| (d.question_id.as_str(), d.impact))
        .collect();
    assert_eq!(towards, [("a.one", 4.0), ("a.two", 2.0)]);
    assert_eq!(report.top_drivers(true, 1).len(), 1, "at most n");
    let against: Vec<(&str, f64)> = report
        .top_drivers(false, 3)
        .iter()
        .map(|d| (d.question_id.as_str(), d.impact))
        .collect();
    assert_eq!(against, [("b.one", -4.0)]);
}

#[test]
fn a_neutral_answer_pulls_neither_way() {
    let report = score(&solo_content(), &team(&[Answer::Neutral]));
    let driver = &report.dimensions[0].drivers[0];
    assert_eq!(driver.impact, 0.0);
    assert_eq!(driver.stance(), "neither agreed nor disagreed");
    assert!(report.top_drivers(true, 3).is_empty());
    assert!(report.top_drivers(false, 3).is_empty());
    let text = report.explanation().join(" ");
    assert!(!text.contains("Pulling most"), "{text}");
}

#[test]
fn a_stance_reads_the_mean_agreement_strong_from_one_and_a_half() {
    let stance = |given: &[Answer]| {
        let report = score(&solo_content(), &team(given));
        report.dimensions[0].drivers[0].stance()
    };
    use Answer::*;
    assert_eq!(stance(&[StronglyAgree]), "strongly agreed");
    assert_eq!(stance(&[StronglyAgree, Agree]), "strongly agreed", "mean 1.5");
    assert_eq!(stance(&[Agree]), "agreed");
    assert_eq!(stance(&[Agree, Neutral, Neutral, Neutral]), "agreed", "mean 0.25");
    assert_eq!(
        stance(&[Agree, Disagree]),
        "neither agreed nor disagreed",
        "mean 0"
    );
    assert_eq!(
        stance(&[Disagree, Neutral, Neutral, Neutral]),
        "disagreed",
        "mean -0.25"
    );
    assert_eq!(stance(&[Disagree]), "disagreed");
    assert_eq!(
        stance(&[StronglyDisagree, Agree, Disagree]),
        "disagreed",
        "mean -2/3"
    );
    assert_eq!(
        stance(&[StronglyDisagree, Disagree]),
        "strongly disagreed",
        "mean -1.5"
    );
    assert_eq!(stance(&[StronglyDisagree]), "strongly disagreed");
}

#[test]
fn the_cost_estimate_driver_says_which_way_the_numbers_point() {
    let mut content = solo_content();
    content.dimensions[0].id = COST_DIMENSION.to_owned();
    let driver = |pull: f64| {
        let responses = Responses {
            cost_pull: Some(pull),
            ..Responses::default()
        };
        let report = score(&content, &responses);
        let driver = report.dimensions[0].drivers[0].clone();
        assert_eq!(driver.question_id, COST_DRIVER);
        driver
    };
    // Pull -1, weight 3, default importance 2: impact -6.
    let against = driver(-1.0);
    assert_eq!(against.impact, -6.0);
    assert_eq!(
        (against.agreement, against.pull, against.answered),
        (-1.0, -1.0, 0)
    );
    assert_eq!(against.stance(), "the cost estimate says otherwise");
    assert_eq!(driver(0.5).stance(), "so says the cost estimate");
    assert_eq!(
        driver(0.0).stance(),
        "so says the cost estimate",
        "a tie is no objection"
    );
}

#[test]
fn the_cost_estimate_counts_as_a_weight_3_answer_of_every_respondent() {
    let mut content = solo_content();
    content.dimensions[0].id = COST_DIMENSION.to_owned();
    let mut responses = team(&[Answer::StronglyAgree, Answer::Disagree]);
    responses.cost_pull = Some(-1.0);
    let dimension = score(&content, &responses).dimensions[0].clone();
    // Each person: their answer (of 2 possible) plus the estimate's -1 × 3 (of 6 possible).
    // p00: pros 2/8, cons 3/8; p01: pros 0, cons (1 + 3)/8. Means: pros 1/8, cons 3.5/8.
    assert_eq!(dimension.respondents, 2);
    assert!(close(dimension.pros, 1.0 / 8.0), "{dimension:?}");
    assert!(close(dimension.cons, 3.5 / 8.0), "{dimension:?}");
    assert!(close(dimension.score.unwrap(), -2.5 / 8.0));
    // Scores -1/8 and -4/8, mean -2.5/8: deviations ±1.5/8.
    assert!(close(dimension.spread, 1.5 / 8.0), "{dimension:?}");

    // A pull beyond the scale counts as its end: +5 is +2, -5 is -2.
    let alone = |pull| {
        let responses = Responses {
            cost_pull: Some(pull),
            ..Responses::default()
        };
        score(&content, &responses).dimensions[0].clone()
    };
    let (high, low) = (alone(5.0), alone(-5.0));
    assert_eq!((high.pros, high.cons, high.score), (1.0, 0.0, Some(1.0)));
    assert_eq!((low.pros, low.cons, low.score), (0.0, 1.0, Some(-1.0)));
    assert_eq!(
        high.respondents, 1,
        "the estimate alone stands for one respondent"
    );
    // A positive pull: +1.5 × 3 of 6 possible.
    let some = alone(1.5);
    assert_eq!((some.pros, some.cons), (0.75, 0.0));
}

#[test]
fn the_spread_is_the_standard_deviation_around_a_non_zero_mean() {
    // Scores 1 (strongly agree), 0.5 (agree) and 0 (neutral): mean 0.5, variance
    // (0.25 + 0 + 0.25) / 3 = 1/6.
    use Answer::*;
    let report = score(&solo_content(), &team(&[StronglyAgree, Agree, Neutral]));
    let solo = &report.dimensions[0];
    assert!(close(solo.score.unwrap(), 0.5));
    assert!(close(solo.spread, (1.0f64 / 6.0).sqrt()), "{solo:?}");
}

#[test]
fn each_verdict_has_its_own_title_and_slug() {
    let all = [
        Verdict::Undecided,
        Verdict::Servers,
        Verdict::Hybrid,
        Verdict::ServerlessFirst,
    ];
    let slugs: std::collections::BTreeSet<&str> = all.iter().map(|v| v.slug()).collect();
    let titles: std::collections::BTreeSet<&str> = all.iter().map(|v| v.title()).collect();
    assert_eq!((slugs.len(), titles.len()), (4, 4));
    assert_eq!(Verdict::ServerlessFirst.slug(), "serverless-first");
    assert!(slugs.iter().all(|s| !s.is_empty()) && titles.iter().all(|t| !t.is_empty()));
}

#[test]
fn the_explanation_counts_the_red_flags_that_capped_the_verdict() {
    let mut content = content();
    let mut second = content.exceptions[0].clone();
    second.id = "compute-intensive".to_owned();
    second.title = "Compute-intensive work".to_owned();
    content.exceptions.push(second);
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::StronglyAgree), ("b.one", Answer::StronglyAgree)],
        &mut responses,
    );
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Yes);
    let one = score(&content, &responses).explanation().join(" ");
    assert!(
        one.contains("but a red flag capped it: Real-time systems."),
        "{one}"
    );
    answer_exception(&mut responses, "p1", "compute-intensive", ExceptionAnswer::Yes);
    let two = score(&content, &responses).explanation().join(" ");
    assert!(
        two.contains("but 2 red flags capped it: Real-time systems, Compute-intensive work."),
        "{two}"
    );
}

#[test]
fn an_uncapped_verdict_explains_its_drivers_and_disagreements_only_when_there_are_some() {
    // p1 and p2 agree on a.one (+): no hot spot, one pull towards serverless, none against.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Agree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    answers(
        "p2",
        &[("a.one", Answer::Agree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    let report = score(&content(), &responses);
    let lines = report.explanation();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("The answers give a fit of 75 out of 100"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("Pulling most towards serverless:"),
        "{lines:?}"
    );
    assert!(!lines.join(" ").contains("capped"));

    // p2 now strongly disagrees with b.one: a pull towards servers and a hot spot in b.
    answers("p2", &[("b.one", Answer::StronglyDisagree)], &mut responses);
    let lines = score(&content(), &responses).explanation();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[2].starts_with("Pulling most towards servers:"), "{lines:?}");
    assert_eq!(lines[3], "The team disagrees most on B: discuss these first.");
}

#[test]
fn an_undecided_explanation_asks_for_more_answers_and_stops_there() {
    let mut big = content();
    big.dimensions[1]
        .questions
        .extend((2..=9).map(|i| question(&format!("b.q{i}"), Lean::Servers, 1)));
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::StronglyAgree)], &mut responses);
    let lines = score(&big, &responses).explanation();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[1],
        "Only 1 of 11 questions have an answer, fewer than a third: answer more before relying on the verdict."
    );
}

#[test]
fn next_actions_ask_for_the_dimensions_that_matter_and_have_no_answer() {
    // b unanswered and of default importance: asked for; a answered.
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::StronglyAgree)], &mut responses);
    let report = score(&content(), &responses);
    let actions = report.next_actions();
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert_eq!(actions[0], "Answer the questions on B.");
    assert!(actions[1].starts_with("Start with one small"), "{actions:?}");
    // b not relevant: nothing to ask.
    responses.importance.insert("b".to_owned(), 0);
    let actions = score(&content(), &responses).next_actions();
    assert_eq!(actions.len(), 1, "{actions:?}");
    // b of minor importance (1) still matters.
    responses.importance.insert("b".to_owned(), 1);
    let actions = score(&content(), &responses).next_actions();
    assert_eq!(actions[0], "Answer the questions on B.");
}

#[test]
fn next_actions_end_with_the_step_the_verdict_calls_for() {
    let last = |given: Vec<Answer>| score(&solo_content(), &team(&given)).next_actions().pop();
    // Agree: fit 75, serverless first.
    assert!(
        last(many(1, Answer::Agree))
            .unwrap()
            .starts_with("Start with one small")
    );
    // 3 of 5 disagree: fit 35, hybrid.
    let mut given = many(2, Answer::Neutral);
    given.extend(many(3, Answer::Disagree));
    assert!(last(given).unwrap().starts_with("Draw the line"));
    // Disagree: fit 25, servers.
    assert!(
        last(many(1, Answer::Disagree))
            .unwrap()
            .starts_with("Keep this workload on servers")
    );
    // Nobody answered: nothing to do but answer.
    assert_eq!(
        score(&solo_content(), &Responses::default()).next_actions(),
        ["Answer the questions on Solo."]
    );
}
