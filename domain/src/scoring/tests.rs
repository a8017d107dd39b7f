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
        own: None,
    }
}

/// Two dimensions: a.one (serverless, weight 2), a.two (servers, weight 1), b.one
/// (serverless, weight 1); one exception whose core caps at servers.
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
        exceptions: vec![exception(
            "real-time",
            "Real-time systems",
            "Keep that part on an instance.",
            Cap::Servers,
        )],
        organisation: None,
    }
}

/// An exception whose "for a part" advice is `advice` and whose core caps at `core`, with no
/// way out.
fn exception(id: &str, title: &str, advice: &str, core: Cap) -> Exception {
    Exception {
        id: id.to_owned(),
        title: title.to_owned(),
        question: String::new(),
        slide: format!("#1: {title}"),
        points: vec![format!("{title}, as the slide says")],
        concern: format!("The concern of {title}."),
        advice: advice.to_owned(),
        part: format!("the {id} part"),
        core,
        core_advice: format!("Keep all of it off functions because of {title}."),
        handled: None,
        own: None,
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
        .insert("real-time".to_owned(), ExceptionAnswer::Part);
    let report = score(&content(), &responses);
    assert_eq!(report.fit, Some(100));
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::Hybrid);
    assert_eq!(report.flags.len(), 1);
    assert_eq!(report.flags[0].counts.part, 1);
    let text = report.explanation().join(" ");
    assert!(
        text.contains("\u{201c}Real-time systems\u{201d} holds for a part: keep the real-time part off functions, so the verdict is at best hybrid."),
        "{text}"
    );
    assert!(
        text.contains("On the fit alone this would be \u{201c}Serverless first\u{201d}; the exceptions and limits above bring it to \u{201c}Hybrid: named parts on servers\u{201d}."),
        "{text}"
    );
    let actions = report.next_actions();
    assert_eq!(actions[0], "Real-time systems: Keep that part on an instance.");
    assert_eq!(
        actions.last().unwrap(),
        "Draw the line: keep the real-time part on instances or servers, and list what goes serverless."
    );
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
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::ServerlessOnceGapsClosed);
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
    assert!(
        report.explanation().join(" ").contains("Too few answers on B"),
        "{:?}",
        report.explanation()
    );
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
    assert_eq!(report.verdict, Verdict::Hybrid);
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
            limits: None,
            parts: Vec::new(),
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
        prop_assert!(report.verdict <= report.could);
        if report.flags.is_empty() && report.open_exceptions.is_empty() {
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
/// exception whose core caps at servers: each person's score is their agreement / 2.
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
        exceptions: vec![exception(
            "control",
            "Full control",
            "Run it yourself.",
            Cap::Servers,
        )],
        organisation: None,
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
fn verdict_thresholds_the_balanced_zone_from_40_is_serverless_first_25_is_hybrid_below_is_servers() {
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
    // 1 of 25 disagrees (-1): mean -0.04, fit 49: one weak answer stays in the balanced zone.
    let mut given = many(24, Answer::Neutral);
    given.push(Answer::Disagree);
    assert_eq!(verdict(given), (Some(49), Verdict::ServerlessFirst));
    // 2 of 5 disagree: mean -0.4, fit 40: the bottom of the balanced zone.
    let mut given = many(3, Answer::Neutral);
    given.extend(many(2, Answer::Disagree));
    assert_eq!(verdict(given), (Some(40), Verdict::ServerlessFirst));
    // 11 of 25 disagree: mean -0.44, fit 39: hybrid.
    let mut given = many(14, Answer::Neutral);
    given.extend(many(11, Answer::Disagree));
    assert_eq!(verdict(given), (Some(39), Verdict::Hybrid));
    // Everyone disagrees: mean -1, fit 25: still hybrid.
    assert_eq!(verdict(many(3, Answer::Disagree)), (Some(25), Verdict::Hybrid));
    // 24 disagree and 1 strongly: mean -1.04, fit 24: servers.
    let mut given = many(24, Answer::Disagree);
    given.push(Answer::StronglyDisagree);
    assert_eq!(verdict(given), (Some(24), Verdict::Servers));
    // Everyone strongly disagrees: fit 0; strongly agrees: fit 100.
    assert_eq!(
        verdict(many(3, Answer::StronglyDisagree)),
        (Some(0), Verdict::Servers)
    );
    assert_eq!(
        verdict(many(3, Answer::StronglyAgree)),
        (Some(100), Verdict::ServerlessFirst)
    );
    assert_eq!(BALANCED_ZONE, 40..=60);
}

#[test]
fn a_verdict_needs_a_third_of_each_core_dimensions_questions_answered_and_exactly_a_third_is_enough() {
    // "solo" gets two more questions: one answer of three is exactly a third.
    let mut content = solo_content();
    content.dimensions[0].questions.extend([
        question("solo.two", Lean::Serverless, 1),
        question("solo.three", Lean::Serverless, 1),
    ]);
    let report = score(&content, &team(&[Answer::Agree]));
    assert_eq!((report.answered_questions, report.total_questions), (1, 3));
    assert_eq!(report.verdict, Verdict::ServerlessFirst);
    assert!(report.unanswered_core.is_empty());

    // A second core dimension with nothing answered: a fit, but no verdict, and it is named.
    let mut dimension = content.dimensions[0].clone();
    dimension.id = "d".to_owned();
    dimension.title = "D".to_owned();
    dimension.questions = vec![question("d.one", Lean::Serverless, 1)];
    content.dimensions.push(dimension);
    let mut responses = team(&[Answer::Agree]);
    let report = score(&content, &responses);
    assert_eq!(report.fit, Some(75));
    assert_eq!(report.verdict, Verdict::Undecided);
    assert_eq!(report.uncapped, Verdict::Undecided);
    assert_eq!(report.unanswered_core, ["D"]);

    // "Don't know" is not an answer.
    answers("p00", &[("d.one", Answer::DontKnow)], &mut responses);
    assert_eq!(score(&content, &responses).verdict, Verdict::Undecided);

    // Rated minor, "d" is no longer core: the verdict stands without it.
    responses.importance.insert("d".to_owned(), 1);
    assert_eq!(score(&content, &responses).verdict, Verdict::ServerlessFirst);

    // One of four in a core dimension is less than a third.
    responses.importance.insert("d".to_owned(), 2);
    answers("p00", &[("d.one", Answer::Agree)], &mut responses);
    content.dimensions[0]
        .questions
        .push(question("solo.four", Lean::Serverless, 1));
    let report = score(&content, &responses);
    assert_eq!(report.unanswered_core, ["Solo"]);
    assert_eq!(report.verdict, Verdict::Undecided);
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
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::Servers);
    // A hybrid cap on a servers verdict leaves it at servers.
    assert_eq!(Verdict::Servers.capped(Cap::Hybrid), Verdict::Servers);
    assert_eq!(Verdict::Hybrid.capped(Cap::Servers), Verdict::Servers);
    assert_eq!(Verdict::ServerlessFirst.capped(Cap::Hybrid), Verdict::Hybrid);

    // Not enough answers: a "yes" does not turn "undecided" into a verdict.
    let mut responses = Responses::default();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.verdict, Verdict::Undecided);
    assert_eq!(report.flags.len(), 1);
    assert_eq!(Verdict::Undecided.capped(Cap::Servers), Verdict::Undecided);
}

#[test]
fn checks_count_each_persons_yes_unsure_and_no() {
    let mut responses = team(&[Answer::Agree]);
    answer_exception(&mut responses, "ana", "control", ExceptionAnswer::Part);
    answer_exception(&mut responses, "ben", "control", ExceptionAnswer::No);
    answer_exception(&mut responses, "cy", "control", ExceptionAnswer::No);
    answer_exception(&mut responses, "di", "control", ExceptionAnswer::Unsure);
    let report = score(&solo_content(), &responses);
    let flag = &report.flags[0];
    assert_eq!((flag.counts.part, flag.counts.unsure, flag.counts.no), (1, 1, 2));
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
    assert!(
        !text.contains("Evidence for") && !text.contains("Also towards"),
        "{text}"
    );
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
fn the_explanation_names_every_raised_exception_even_one_that_did_not_move_the_verdict() {
    let mut content = content();
    content.exceptions.push(exception(
        "compute-intensive",
        "Compute-intensive work",
        "Split it.",
        Cap::Servers,
    ));
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::StronglyAgree), ("b.one", Answer::StronglyAgree)],
        &mut responses,
    );
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Part);
    answer_exception(&mut responses, "p1", "compute-intensive", ExceptionAnswer::Part);
    let report = score(&content, &responses);
    assert_eq!(report.flags.len(), 2);
    let text = report.explanation().join(" ");
    assert!(text.contains("keep the real-time part off functions"), "{text}");
    assert!(
        text.contains("keep the compute-intensive part off functions"),
        "{text}"
    );
    assert_eq!(
        report.next_actions().last().unwrap(),
        "Draw the line: keep the real-time part and the compute-intensive part on instances or servers, and list what goes serverless."
    );

    // The fit alone says servers: the flag did not change the verdict, yet it is still named,
    // and its advice (which assumes going serverless) is not given as the next step.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::StronglyDisagree),
            ("b.one", Answer::StronglyDisagree),
        ],
        &mut responses,
    );
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Part);
    let report = score(&content, &responses);
    assert_eq!(
        (report.uncapped, report.verdict),
        (Verdict::Servers, Verdict::Servers)
    );
    let text = report.explanation().join(" ");
    assert!(
        text.contains("\u{201c}Real-time systems\u{201d} holds for a part"),
        "{text}"
    );
    assert!(!text.contains("On the fit alone"), "{text}");
    let actions = report.next_actions();
    assert_eq!(
        actions[0],
        "Real-time systems: it holds here too; weigh it again if parts of this workload move to functions later."
    );
    assert!(
        actions
            .iter()
            .all(|a| !a.contains("Keep that part on an instance")),
        "{actions:?}"
    );
}

#[test]
fn an_exception_at_the_core_caps_at_its_own_cap_and_a_part_at_hybrid() {
    let strong = || team(&many(2, Answer::StronglyAgree));
    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    let report = score(&solo_content(), &responses);
    assert_eq!(
        (report.could, report.uncapped),
        (Verdict::Servers, Verdict::ServerlessFirst)
    );
    assert_eq!(report.verdict, Verdict::Servers);
    assert_eq!(
        report.flags[0].advice,
        "Keep all of it off functions because of Full control."
    );
    assert!(
        report.explanation().join(" ").contains(
            "\u{201c}Full control\u{201d} holds for the workload\u{2019}s core, so functions cannot carry it: servers for this workload."
        ),
        "{:?}",
        report.explanation()
    );

    let mut content = solo_content();
    content.exceptions[0].core = Cap::Hybrid;
    let report = score(&content, &responses);
    assert_eq!(report.verdict, Verdict::Hybrid);
    assert!(
        report
            .explanation()
            .join(" ")
            .contains("at best hybrid until the gap is closed")
    );

    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Part);
    let report = score(&solo_content(), &responses);
    assert_eq!((report.could, report.verdict), (Verdict::Hybrid, Verdict::Hybrid));
    assert_eq!(report.flags[0].advice, "Run it yourself.");

    // Content without core advice falls back to the general advice.
    let mut content = solo_content();
    content.exceptions[0].core_advice.clear();
    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    assert_eq!(score(&content, &responses).flags[0].advice, "Run it yourself.");
}

#[test]
fn the_talks_way_out_keeps_serverless_first_on_its_named_condition() {
    let mut content = solo_content();
    content.exceptions[0].handled = Some(crate::content::Handled {
        label: "Yes, and it splits".to_owned(),
        condition: "the jobs are split".to_owned(),
    });
    let mut responses = team(&many(2, Answer::Agree));
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Handled);
    let report = score(&content, &responses);
    assert_eq!(report.could, Verdict::ServerlessFirst);
    assert_eq!(report.verdict, Verdict::ServerlessOnceGapsClosed);
    let flag = &report.flags[0];
    assert_eq!(flag.condition.as_deref(), Some("the jobs are split"));
    assert_eq!(flag.cap, None);
    assert_eq!(flag.answers(), "Answers: 1 Yes, and it splits.");
    assert!(
        report
            .explanation()
            .join(" ")
            .contains("serverless on condition that the jobs are split.")
    );
    assert_eq!(
        report.next_actions()[0],
        "Full control: Serverless on one condition: the jobs are split."
    );
    assert!(
        report
            .next_actions()
            .last()
            .unwrap()
            .starts_with("Close the gaps named above first")
    );

    // Where the talk names no way out, the answer is not one of the choices and counts for nothing.
    let report = score(&solo_content(), &responses);
    assert!(report.flags.is_empty());
    assert_eq!(report.verdict, Verdict::ServerlessFirst);
}

#[test]
fn the_most_restrictive_answer_decides_and_everyones_answer_is_counted() {
    let counts = |core, part, handled, unsure, no| ExceptionCounts {
        core,
        part,
        handled,
        unsure,
        no,
    };
    assert_eq!(counts(1, 5, 5, 5, 5).deciding(), ExceptionAnswer::Core);
    assert_eq!(counts(0, 1, 5, 5, 5).deciding(), ExceptionAnswer::Part);
    assert_eq!(counts(0, 0, 1, 5, 5).deciding(), ExceptionAnswer::Handled);
    assert_eq!(counts(0, 0, 0, 1, 5).deciding(), ExceptionAnswer::Unsure);
    assert_eq!(counts(0, 0, 0, 0, 5).deciding(), ExceptionAnswer::No);
    assert_eq!(counts(0, 0, 0, 0, 0).deciding(), ExceptionAnswer::No);
    assert_eq!(
        counts(1, 2, 0, 1, 3).summary("handled"),
        "Answers: 1 for its core, 2 for a part, 1 not sure, 3 no."
    );
    assert_eq!(counts(0, 0, 0, 0, 0).summary("handled"), "Nobody has answered.");

    let mut responses = team(&many(3, Answer::StronglyAgree));
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Part);
    answer_exception(&mut responses, "p01", "control", ExceptionAnswer::Core);
    answer_exception(&mut responses, "p02", "control", ExceptionAnswer::No);
    let report = score(&solo_content(), &responses);
    let flag = &report.flags[0];
    assert_eq!(flag.grade, ExceptionAnswer::Core);
    assert_eq!((flag.counts.core, flag.counts.part, flag.counts.no), (1, 1, 1));
    assert_eq!(report.verdict, Verdict::Servers);
}

#[test]
fn evidence_ranks_before_counter_points_the_team_disagreed_with() {
    // Strongly disagreeing with a.two (servers, weight 1) pulls towards serverless by
    // 2 × 1 × 2 = 4; agreeing with b.one (importance 1) by 1 × 1 × 1 = 1, yet it is evidence
    // and ranks first.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.two", Answer::StronglyDisagree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    responses.importance.insert("b".to_owned(), 1);
    let report = score(&content(), &responses);
    let top: Vec<&str> = report
        .top_drivers(true, 3)
        .iter()
        .map(|d| d.question_id.as_str())
        .collect();
    assert_eq!(top, ["b.one", "a.two"]);
    let text = report.explanation().join(" ");
    assert!(
        text.contains("Evidence for serverless: \u{201c}Statement b.one\u{201d} (agreed)."),
        "{text}"
    );
    assert!(
        text.contains("Also towards serverless, arguments for servers the team disagreed with: \u{201c}Statement a.two\u{201d} (strongly disagreed)."),
        "{text}"
    );
}

#[test]
fn a_clear_cost_estimate_is_named_first_and_a_faint_one_ranks_as_evidence() {
    let mut content = content();
    content.dimensions[0].id = COST_DIMENSION.to_owned();
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.two", Answer::StronglyAgree),
            ("b.one", Answer::StronglyDisagree),
        ],
        &mut responses,
    );
    // a.two: -2 × 1 × 2 = -4; b.one: -2 × 1 × 2 = -4; the estimate: -0.5 × 3 × 2 = -3.
    responses.cost_pull = Some(-CLEAR_COST_PULL);
    let report = score(&content, &responses);
    let first = report.top_drivers(false, 3)[0];
    assert_eq!(first.question_id, COST_DRIVER);
    let text = report.explanation().join(" ");
    assert!(
        text.contains(
            "Evidence for servers: the cost estimate (serverless 1.4\u{d7} as dear, people time included);"
        ),
        "{text}"
    );
    // At the cap, the estimate says "or more": 4 times is where the pull stops growing.
    let mut capped = responses.clone();
    capped.cost_pull = Some(-2.0);
    let text = score(&content, &capped).explanation().join(" ");
    assert!(
        text.contains("the cost estimate (serverless 4.0\u{d7} as dear or more, people time included)"),
        "{text}"
    );
    // Just under the clear pull, it ranks by impact with the other evidence: after a.two,
    // still before the counter-point the team disagreed with.
    responses.cost_pull = Some(-CLEAR_COST_PULL + 0.01);
    let report = score(&content, &responses);
    let order: Vec<&str> = report
        .top_drivers(false, 3)
        .iter()
        .map(|d| d.question_id.as_str())
        .collect();
    assert_eq!(order, ["a.two", COST_DRIVER, "b.one"]);
}

#[test]
fn hybrid_from_the_fit_alone_names_the_weakest_dimensions() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Disagree), ("b.one", Answer::Disagree)],
        &mut responses,
    );
    // a: -2 of 4 (a.one only) = -0.5; b: -1 of 2 = -0.5: fit 25, hybrid.
    let report = score(&content(), &responses);
    assert_eq!((report.fit, report.verdict), (Some(25), Verdict::Hybrid));
    assert!(
        report.explanation().join(" ").contains(
            "The fit is in the hybrid band. The weakest dimensions are A and B: keep what they concern on servers and run the rest serverless."
        ),
        "{:?}",
        report.explanation()
    );
    assert_eq!(report.weakest(1).len(), 1);
}

#[test]
fn one_weak_answer_never_moves_a_neutral_team_off_the_talks_default() {
    // The bundled content, a neutral team of one to four: any single answer moved one step
    // either way keeps the verdict serverless first.
    let content = Content::bundled();
    for size in 1..=4 {
        let mut responses = Responses::default();
        for person in 0..size {
            let sheet: Vec<(&str, Answer)> = content
                .dimensions
                .iter()
                .flat_map(|d| &d.questions)
                .map(|q| (q.id.as_str(), Answer::Neutral))
                .collect();
            answers(&format!("p{person}"), &sheet, &mut responses);
        }
        assert_eq!(score(content, &responses).verdict, Verdict::ServerlessFirst);
        for question in content.dimensions.iter().flat_map(|d| &d.questions) {
            for nudge in [Answer::Agree, Answer::Disagree] {
                let mut one = responses.clone();
                answers("p0", &[(question.id.as_str(), nudge)], &mut one);
                let report = score(content, &one);
                assert_eq!(
                    report.verdict,
                    Verdict::ServerlessFirst,
                    "{} answered {nudge:?} by one of {size}: fit {:?}",
                    question.id,
                    report.fit
                );
            }
        }
    }
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
    assert!(!lines[0].contains("That is in the balanced zone"), "{lines:?}");
    assert!(lines[1].starts_with("Evidence for serverless:"), "{lines:?}");
    assert!(!lines.join(" ").contains("On the fit alone"));

    // p2 now strongly disagrees with b.one: a pull towards servers and a hot spot in b.
    answers("p2", &[("b.one", Answer::StronglyDisagree)], &mut responses);
    let lines = score(&content(), &responses).explanation();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines[2].starts_with("Also towards servers, arguments for serverless the team disagreed with:"),
        "{lines:?}"
    );
    assert_eq!(lines[3], "The team disagrees most on B: discuss these first.");
}

#[test]
fn an_undecided_explanation_names_the_core_dimensions_without_answers_and_stops_there() {
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::StronglyAgree)], &mut responses);
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Part);
    let lines = score(&content(), &responses).explanation();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[1],
        "Too few answers on B: a verdict needs at least a third of the questions answered in every dimension rated Matters or Critical."
    );
}

#[test]
fn next_actions_ask_for_the_dimensions_that_matter_and_have_no_answer() {
    // b unanswered and of default importance: asked for, and no verdict yet.
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::StronglyAgree)], &mut responses);
    let report = score(&content(), &responses);
    assert_eq!(report.next_actions(), ["Answer the questions on B."]);
    // b not relevant: nothing to ask, and the verdict's first step.
    responses.importance.insert("b".to_owned(), 0);
    let actions = score(&content(), &responses).next_actions();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert!(actions[0].starts_with("Start with one small"), "{actions:?}");
    // b of minor importance (1) still matters, though the verdict no longer waits for it.
    responses.importance.insert("b".to_owned(), 1);
    let actions = score(&content(), &responses).next_actions();
    assert_eq!(actions[0], "Answer the questions on B.");
    assert!(actions[1].starts_with("Start with one small"), "{actions:?}");
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
    // 3 of 5 disagree: fit 35, hybrid; with no exception raised, it starts from the weakest
    // dimensions.
    let mut given = many(2, Answer::Neutral);
    given.extend(many(3, Answer::Disagree));
    assert!(last(given).unwrap().starts_with("Draw the line"));
    // Strongly disagree: fit 0, servers.
    assert!(
        last(many(1, Answer::StronglyDisagree))
            .unwrap()
            .starts_with("Keep this workload on servers")
    );
    // Nobody answered: nothing to do but answer.
    assert_eq!(
        score(&solo_content(), &Responses::default()).next_actions(),
        ["Answer the questions on Solo."]
    );
}

#[test]
fn could_and_should_say_in_words_what_the_exceptions_and_the_fit_allow() {
    let strong = || team(&many(2, Answer::Agree));
    let report = score(&solo_content(), &strong());
    assert_eq!(
        report.could_answer(),
        "Yes: none of the talk\u{2019}s exceptions holds."
    );
    assert_eq!(
        report.should_answer(),
        "Serverless first, with a fit of 75 out of 100."
    );

    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Unsure);
    assert_eq!(
        score(&solo_content(), &responses).could_answer(),
        "Yes, unless one of the open questions below holds."
    );

    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    assert_eq!(
        score(&solo_content(), &responses).could_answer(),
        "No: Full control holds for its core."
    );

    let mut content = content();
    content
        .exceptions
        .push(exception("control", "Control", "Own it.", Cap::Servers));
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Agree), ("b.one", Answer::Agree)],
        &mut responses,
    );
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Part);
    answer_exception(&mut responses, "p1", "control", ExceptionAnswer::Part);
    assert_eq!(
        score(&content, &responses).could_answer(),
        "In part: keep the real-time part and the control part off functions."
    );

    let mut handled = solo_content();
    handled.exceptions[0].handled = Some(crate::content::Handled {
        label: "Yes, and it splits".to_owned(),
        condition: "the jobs are split".to_owned(),
    });
    let mut responses = strong();
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Handled);
    answer_exception(&mut responses, "p01", "control", ExceptionAnswer::Unsure);
    assert_eq!(
        score(&handled, &responses).could_answer(),
        "Yes, provided that the jobs are split."
    );

    assert_eq!(
        score(&solo_content(), &Responses::default()).should_answer(),
        "Not enough answers yet."
    );
    let mut big = content.clone();
    big.dimensions[1]
        .questions
        .extend((2..=4).map(|i| question(&format!("b.q{i}"), Lean::Servers, 1)));
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::Agree)], &mut responses);
    let report = score(&big, &responses);
    assert!(report.fit.is_some());
    assert_eq!(report.should_answer(), "Not enough answers yet.");
}

#[test]
fn the_weakest_dimensions_are_those_scored_below_zero_that_count() {
    let mut responses = Responses::default();
    // a: a.one disagree → -2 of 4 = -0.5; b: b.one neutral → 0.
    answers(
        "p1",
        &[("a.one", Answer::Disagree), ("b.one", Answer::Neutral)],
        &mut responses,
    );
    let report = score(&content(), &responses);
    let weakest: Vec<&str> = report.weakest(3).iter().map(|d| d.id.as_str()).collect();
    assert_eq!(weakest, ["a"], "a score of exactly 0 is not weak");
    // Set to not relevant, a no longer counts.
    responses.importance.insert("a".to_owned(), 0);
    assert!(score(&content(), &responses).weakest(3).is_empty());
    // b now below zero too, more so than a: lowest first.
    responses.importance.remove("a");
    answers("p1", &[("b.one", Answer::StronglyDisagree)], &mut responses);
    let report = score(&content(), &responses);
    let weakest: Vec<&str> = report.weakest(3).iter().map(|d| d.id.as_str()).collect();
    assert_eq!(weakest, ["b", "a"]);
    assert_eq!(report.weakest(1).len(), 1);
}

#[test]
fn the_weakest_dimensions_are_named_only_when_the_fit_alone_gives_hybrid() {
    let line = "The fit is in the hybrid band.";
    let mut responses = Responses::default();
    answers(
        "p1",
        &[("a.one", Answer::Disagree), ("b.one", Answer::Disagree)],
        &mut responses,
    );
    let report = score(&content(), &responses);
    assert!(report.explanation().join(" ").contains(line));
    // The same fit with a servers cap at the core: servers, and no hybrid band to speak of.
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Core);
    let report = score(&content(), &responses);
    assert_eq!(
        (report.uncapped, report.verdict),
        (Verdict::Hybrid, Verdict::Servers)
    );
    assert!(!report.explanation().join(" ").contains(line));
    // Hybrid because of a flag on a serverless fit: the flag's part is named instead.
    let mut responses = Responses::default();
    // a: +4 of 4 = 1; b: -1 of 2 = -0.5, a weak dimension; fit 63.
    answers(
        "p1",
        &[("a.one", Answer::StronglyAgree), ("b.one", Answer::Disagree)],
        &mut responses,
    );
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Part);
    let report = score(&content(), &responses);
    assert_eq!(
        (report.uncapped, report.verdict),
        (Verdict::ServerlessFirst, Verdict::Hybrid)
    );
    assert!(!report.explanation().join(" ").contains(line));
}

#[test]
fn only_agreement_is_evidence() {
    let driver = |agreement: f64, id: &str| Driver {
        question_id: id.to_owned(),
        dimension_id: "a".to_owned(),
        text: String::new(),
        agreement,
        pull: agreement,
        impact: agreement,
        answered: 1,
    };
    assert!(driver(0.5, "a.one").is_evidence());
    assert!(!driver(0.0, "a.one").is_evidence());
    assert!(!driver(-0.5, "a.one").is_evidence());
    assert!(
        driver(-0.5, COST_DRIVER).is_evidence(),
        "the estimate is evidence either way"
    );
}

/// What would change the verdict for `responses`.
fn changes(content: &Content, responses: &Responses) -> Vec<VerdictChange> {
    what_would_change(content, responses, &score(content, responses))
}

#[test]
fn what_would_change_the_verdict_is_the_fewest_answers_moved_one_step() {
    // One statement (weight 1): fit = 50 + 25 × mean agreement. Two people agree: fit 75,
    // serverless first. One step down on the only statement gives 50, still serverless first,
    // and there is nothing else to move: no way down. Nor up: it is the top verdict.
    let two = team(&many(2, Answer::Agree));
    assert_eq!(score(&solo_content(), &two).verdict, Verdict::ServerlessFirst);
    assert!(changes(&solo_content(), &two).is_empty());

    // Five statements of weight 1, one person neutral on all: fit 50. Each statement moved
    // one step down takes 5 off: two give 40 (still serverless first), three 35 (hybrid).
    let mut content = solo_content();
    content.dimensions[0].questions = (1..=5)
        .map(|i| question(&format!("solo.q{i}"), Lean::Serverless, 1))
        .collect();
    let ids: Vec<String> = (1..=5).map(|i| format!("solo.q{i}")).collect();
    let pairs: Vec<(&str, Answer)> = ids.iter().map(|q| (q.as_str(), Answer::Neutral)).collect();
    let mut responses = Responses::default();
    answers("p1", &pairs, &mut responses);
    assert_eq!(score(&content, &responses).fit, Some(50));
    let found = changes(&content, &responses);
    assert_eq!(found.len(), 1, "only down: {found:?}");
    let down = &found[0];
    assert_eq!(down.to, Verdict::Hybrid);
    assert_eq!(down.moves.len(), 3);
    assert!(down.moves.iter().all(|m| !m.more_agreement));
    assert!(
        down.sentence().starts_with(
            "\u{201c}Hybrid: named parts on servers\u{201d} if the team\u{2019}s answers moved one step less agreement with \u{201c}Statement solo.q"
        ),
        "{}",
        down.sentence()
    );

    // A servers statement moves the other way: agreeing more lowers the fit.
    content.dimensions[0].questions[0].lean = Lean::Servers;
    let found = changes(&content, &responses);
    let servers_move = found[0]
        .moves
        .iter()
        .find(|m| m.question_id == "solo.q1")
        .unwrap();
    assert!(servers_move.more_agreement);

    // From fit 100 (strongly agreeing with all five), five steps down reach 75 only: hybrid
    // is out of reach of MAX_CHANGES answers, so nothing is named.
    let strong: Vec<(&str, Answer)> = ids.iter().map(|q| (q.as_str(), Answer::StronglyAgree)).collect();
    let mut responses = Responses::default();
    answers("p1", &strong, &mut responses);
    content.dimensions[0].questions[0].lean = Lean::Serverless;
    assert_eq!(score(&content, &responses).fit, Some(100));
    assert!(
        changes(&content, &responses).is_empty(),
        "five steps take it to 75 only"
    );
}

#[test]
fn the_statements_that_move_the_fit_most_come_first_and_the_exceptions_can_hold_the_verdict() {
    // A step on a.one moves a by 2 of 6 (a.one and a.two answered: most possible 6); a step on
    // b.one moves b by 1 of 2. Both dimensions weigh the same, so b.one comes first.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::Disagree),
            ("a.two", Answer::Neutral),
            ("b.one", Answer::Disagree),
        ],
        &mut responses,
    );
    assert_eq!(score(&content(), &responses).verdict, Verdict::Hybrid);
    let found = changes(&content(), &responses);
    let up = found.iter().find(|c| c.to == Verdict::ServerlessFirst).unwrap();
    assert_eq!(up.moves[0].question_id, "b.one");
    assert!(up.moves[0].more_agreement);
    assert!(up.moves.len() <= MAX_CHANGES);

    // With the real-time exception at the core, no answer can lift it above servers.
    answer_exception(&mut responses, "p1", "real-time", ExceptionAnswer::Core);
    assert_eq!(score(&content(), &responses).verdict, Verdict::Servers);
    assert!(changes(&content(), &responses).is_empty());

    // No verdict yet: nothing to change.
    let mut responses = Responses::default();
    answers("p1", &[("a.one", Answer::Agree)], &mut responses);
    assert!(changes(&content(), &responses).is_empty());
}

#[test]
fn importance_ranks_the_statements_that_would_change_the_verdict() {
    // As in the test above b.one moves its dimension more (1 of 2 against 2 of 6), but with a
    // critical and b minor, a.one moves the fit more (1/3 × 3 against 1/2 × 1): it comes first.
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::Disagree),
            ("a.two", Answer::Neutral),
            ("b.one", Answer::Disagree),
        ],
        &mut responses,
    );
    responses.importance.insert("a".to_owned(), 3);
    responses.importance.insert("b".to_owned(), 1);
    let found = changes(&content(), &responses);
    let up = found.iter().find(|c| c.to == Verdict::ServerlessFirst).unwrap();
    assert_eq!(up.moves[0].question_id, "a.one", "{found:?}");
    // Down from hybrid: a.one strongly disagreed, then b.one (a.two leans servers: agreeing).
    let down = found.iter().find(|c| c.to == Verdict::Servers).unwrap();
    assert!(
        down.moves
            .iter()
            .all(|m| m.more_agreement == (m.question_id == "a.two")),
        "{down:?}"
    );
}

/// The default estimate's workload with `set` applied, checked against the shipped limits.
fn limits_of(set: impl FnOnce(&mut crate::cost::Workload)) -> Option<Limits> {
    let mut inputs = crate::cost::CostInputs::default();
    set(&mut inputs.workload);
    Some(Limits::check(&inputs.workload, &inputs.platform))
}

#[test]
fn a_hard_limit_the_workload_is_over_caps_at_hybrid_and_names_the_part() {
    let mut responses = team(&many(2, Answer::Agree));
    responses.limits = limits_of(|w| w.longest_run_seconds = 2_400.0);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.uncapped, Verdict::ServerlessFirst);
    assert_eq!((report.could, report.verdict), (Verdict::Hybrid, Verdict::Hybrid));
    assert_eq!(
        report.off_functions(),
        [
            "the runs longer than 15 min",
            "the requests that take longer than 30 s"
        ]
    );
    assert_eq!(
        report.could_answer(),
        "In part: keep the runs longer than 15 min and the requests that take longer than 30 s off functions."
    );
    let why = report.explanation().join(" ");
    assert!(
        why.contains("Longest run: 40 min is over AWS Lambda\u{2019}s limit (15 min)"),
        "{why}"
    );
    assert!(
        why.contains("the exceptions and limits above bring it to"),
        "{why}"
    );
    assert!(
        report
            .next_actions()
            .iter()
            .any(|a| a == "Draw the line: keep the runs longer than 15 min and the requests that take longer than 30 s on instances or servers, and list what goes serverless."),
        "{:?}",
        report.next_actions()
    );
}

#[test]
fn near_a_limit_or_over_a_quota_is_a_gap_to_close_and_within_them_nothing_changes() {
    let base = || team(&many(2, Answer::Agree));
    let mut responses = base();
    responses.limits = limits_of(|_| {});
    let within = score(&solo_content(), &responses);
    assert_eq!(within.verdict, Verdict::ServerlessFirst);
    assert!(within.limit_findings().is_empty());

    let mut responses = base();
    responses.limits = limits_of(|w| {
        w.uses_gateway = false;
        w.longest_run_seconds = 800.0;
    });
    let near = score(&solo_content(), &responses);
    assert_eq!(
        (near.could, near.verdict),
        (Verdict::ServerlessFirst, Verdict::ServerlessOnceGapsClosed)
    );
    assert_eq!(
        near.could_answer(),
        "Yes, provided that there is headroom under the limit on the longest run (13.3 min of 15 min)."
    );
    assert_eq!(near.limit_findings().len(), 1);

    let mut responses = base();
    responses.limits = limits_of(|w| w.requests_per_month = 1e11);
    let quota = score(&solo_content(), &responses);
    assert_eq!(quota.verdict, Verdict::ServerlessOnceGapsClosed);
    assert!(
        quota
            .could_answer()
            .starts_with("Yes, provided that the quota on the runs at once")
    );
}

#[test]
fn a_dont_know_widens_the_range_by_a_mild_answer_either_way() {
    let mut responses = Responses::default();
    answers(
        "p1",
        &[
            ("a.one", Answer::StronglyAgree),
            ("a.two", Answer::DontKnow),
            ("b.one", Answer::Neutral),
        ],
        &mut responses,
    );
    let report = score(&content(), &responses);
    // As answered: a is +4 of 4 → 1.0, b 0 → fit 75. With a.two (servers) agreed: a = (4 − 1)/6
    // = 0.5 → 62.5 → 63; disagreed: a = 5/6 → fit 70.8 → 71.
    let sure = confidence(&content(), &responses, &report).unwrap();
    assert_eq!((sure.fit, sure.low, sure.high), (75, 63, 75));
    assert_eq!(
        (sure.unknowns, sure.unknowns_range, sure.team_range),
        (1, Some((63, 71)), None)
    );
    assert_eq!(
        sure.sentence(),
        "The fit of 75 could lie anywhere from 63 to 75: were the 1 \u{201c}don\u{2019}t know\u{201d} answer a mild answer either way, it would be 63 to 71; across it the fit alone gives \u{201c}Serverless first\u{201d}."
    );
}

#[test]
fn a_split_team_shows_its_own_fits_and_the_verdicts_across_them() {
    let split = team(&[Answer::StronglyAgree, Answer::StronglyDisagree, Answer::Neutral]);
    let report = score(&solo_content(), &split);
    let range = confidence(&solo_content(), &split, &report).unwrap();
    assert_eq!(
        (range.fit, range.low, range.high, range.team_size),
        (50, 0, 100, 3)
    );
    assert_eq!(range.verdicts(), (Verdict::Servers, Verdict::ServerlessFirst));
    let sentence = range.sentence();
    assert!(
        sentence.contains("the team\u{2019}s own fits run from 0 to 100"),
        "{sentence}"
    );
    assert!(
        sentence.ends_with(&format!(
            "anything from \u{201c}{}\u{201d} to \u{201c}{}\u{201d}.",
            Verdict::Servers.title(),
            Verdict::ServerlessFirst.title()
        )),
        "{sentence}"
    );

    // From five people on, the middle half: the outermost quarter each side is left out.
    use Answer::{Agree, Disagree, Neutral, StronglyAgree, StronglyDisagree};
    let eight = team(&[
        StronglyDisagree,
        Disagree,
        Neutral,
        Neutral,
        Neutral,
        Neutral,
        Agree,
        StronglyAgree,
    ]);
    let report = score(&solo_content(), &eight);
    let range = confidence(&solo_content(), &eight, &report).unwrap();
    assert_eq!(range.team_range, Some((25, 75)));
    assert!(
        range
            .sentence()
            .contains("the middle half of the team\u{2019}s own fits run from 25 to 75")
    );
    assert_eq!(QUARTILES_FROM, 5);
    let four = team(&[StronglyDisagree, Neutral, Neutral, StronglyAgree]);
    let report = score(&solo_content(), &four);
    assert_eq!(
        confidence(&solo_content(), &four, &report).unwrap().team_range,
        Some((0, 100))
    );
}

#[test]
fn a_fit_nothing_could_move_is_firm_and_no_fit_has_no_range() {
    let one = team(&[Answer::Agree]);
    let report = score(&solo_content(), &one);
    let firm = confidence(&solo_content(), &one, &report).unwrap();
    assert_eq!((firm.low, firm.high), (75, 75));
    assert_eq!(
        firm.sentence(),
        "The fit of 75 is firm: no \u{201c}don\u{2019}t know\u{201d} answers could move it, and one person answered."
    );
    let agreed = team(&many(3, Answer::Agree));
    let report = score(&solo_content(), &agreed);
    assert!(
        confidence(&solo_content(), &agreed, &report)
            .unwrap()
            .sentence()
            .ends_with("and everyone\u{2019}s own fit is the same.")
    );
    let nobody = Responses::default();
    assert_eq!(
        confidence(&solo_content(), &nobody, &score(&solo_content(), &nobody)),
        None
    );
}

proptest! {
    #[test]
    fn the_range_holds_the_fit_and_every_end_it_names(responses in any_responses()) {
        let report = score(&content(), &responses);
        if let Some(range) = confidence(&content(), &responses, &report) {
            prop_assert!(range.low <= range.fit && range.fit <= range.high);
            for (low, high) in [range.unknowns_range, range.team_range].into_iter().flatten() {
                prop_assert!(low <= high);
                prop_assert!(range.low <= low && high <= range.high);
            }
            prop_assert_eq!(range.unknowns_range.is_some(), range.unknowns > 0);
        }
    }
}

/// A part named `name` (id `id`) with the default run and `answers` to the exceptions,
/// checked against the shipped limits after `set` changes its run.
fn part(
    id: &str,
    name: &str,
    answers: &[(&str, ExceptionAnswer)],
    set: impl FnOnce(&mut crate::parts::PartRun),
) -> PartInput {
    let inputs = crate::cost::CostInputs::default();
    let mut run = crate::parts::PartRun::of(&inputs.workload);
    set(&mut run);
    PartInput {
        limits: Limits::check(&run.applied_to(&inputs.workload), &inputs.platform),
        part: crate::parts::Part {
            id: id.to_owned(),
            name: name.to_owned(),
            exceptions: answers.iter().map(|(e, a)| ((*e).to_owned(), *a)).collect(),
            run,
        },
    }
}

#[test]
fn each_part_gets_its_own_verdict_and_the_whole_names_the_split() {
    let mut responses = team(&many(2, Answer::Agree));
    // A participant's whole-workload answer is set aside once the team answers per part.
    answer_exception(&mut responses, "p00", "control", ExceptionAnswer::Core);
    responses.parts = vec![
        part("p1", "API", &[("control", ExceptionAnswer::No)], |_| {}),
        part("p2", "Engine", &[("control", ExceptionAnswer::Core)], |_| {}),
    ];
    let report = score(&solo_content(), &responses);
    let verdicts: Vec<Verdict> = report.parts.iter().map(|p| p.verdict).collect();
    assert_eq!(verdicts, [Verdict::ServerlessFirst, Verdict::Servers]);
    // The fit agrees with what the API can run on, so it is not named as a reason.
    assert_eq!(
        report.parts[0].reasons,
        ["none of the talk\u{2019}s exceptions holds for it and it is within AWS Lambda\u{2019}s limits"]
    );
    assert_eq!((report.could, report.verdict), (Verdict::Hybrid, Verdict::Hybrid));
    assert!(report.flags.is_empty() && report.open_exceptions.is_empty());
    assert_eq!(report.could_answer(), "Part by part: API: yes; Engine: no.");
    assert_eq!(report.off_functions(), ["Engine"]);
    let why = report.explanation();
    assert!(
        why.contains(
            &"Split into 2 parts. Serverless first: API. Servers for this workload: Engine.".to_owned()
        ),
        "{why:?}"
    );
    assert!(
        why.contains(
            &"Engine: Servers for this workload, because \u{201c}Full control\u{201d} holds for its core."
                .to_owned()
        ),
        "{why:?}"
    );
    assert!(
        why.iter().any(|l| l
            .starts_with("API: Serverless first, because none of the talk\u{2019}s exceptions holds for it")),
        "{why:?}"
    );
    let actions = report.next_actions();
    assert!(
        actions.iter().any(|a| a.starts_with("Engine: Full control: ")),
        "{actions:?}"
    );
    assert!(
        actions
            .iter()
            .any(|a| a.contains("keep Engine on instances or servers")),
        "{actions:?}"
    );
}

#[test]
fn a_part_over_a_hard_limit_stays_on_servers_and_near_one_has_a_gap() {
    let mut responses = team(&many(2, Answer::Agree));
    responses.parts = vec![
        part("p1", "Transcoding", &[], |run| {
            run.longest_run_seconds = 7_200.0;
            run.uses_gateway = false;
        }),
        part("p2", "Reports", &[], |run| run.longest_run_seconds = 26.0),
    ];
    let report = score(&solo_content(), &responses);
    let transcoding = &report.parts[0];
    assert_eq!(
        (transcoding.could, transcoding.verdict),
        (Verdict::Servers, Verdict::Servers)
    );
    assert!(
        transcoding
            .line()
            .contains("Longest run: 2 h is over AWS Lambda\u{2019}s limit (15 min)"),
        "{}",
        transcoding.line()
    );
    let reports = &report.parts[1];
    assert_eq!(reports.verdict, Verdict::ServerlessOnceGapsClosed);
    assert_eq!(reports.could_word(), "yes");
    assert_eq!(report.verdict, Verdict::Hybrid);
}

#[test]
fn the_parts_verdicts_combine_to_hybrid_only_across_servers_and_functions() {
    use Verdict::{Hybrid, ServerlessFirst, ServerlessOnceGapsClosed, Servers, Undecided};
    let combined = |v: &[Verdict]| parts::combined(v.iter().copied());
    assert_eq!(combined(&[ServerlessFirst, ServerlessFirst]), ServerlessFirst);
    assert_eq!(
        combined(&[ServerlessFirst, ServerlessOnceGapsClosed]),
        ServerlessOnceGapsClosed
    );
    assert_eq!(combined(&[ServerlessFirst, Hybrid]), Hybrid);
    assert_eq!(combined(&[ServerlessFirst, Servers]), Hybrid);
    assert_eq!(combined(&[Hybrid, Servers]), Hybrid);
    assert_eq!(combined(&[Servers, Servers]), Servers);
    assert_eq!(combined(&[Undecided, Undecided]), Undecided);
    assert_eq!(combined(&[]), Undecided);
}

#[test]
fn parts_wait_for_the_fit_and_a_low_fit_holds_every_part_down() {
    let mut responses = Responses {
        parts: vec![part("p1", "API", &[], |_| {})],
        ..Responses::default()
    };
    let report = score(&solo_content(), &responses);
    assert_eq!(
        (report.parts[0].verdict, report.verdict),
        (Verdict::Undecided, Verdict::Undecided)
    );

    responses.answers = team(&many(2, Answer::StronglyDisagree)).answers;
    let report = score(&solo_content(), &responses);
    assert_eq!(
        (report.parts[0].could, report.parts[0].verdict),
        (Verdict::ServerlessFirst, Verdict::Servers)
    );
    assert!(
        report.parts[0]
            .line()
            .contains("the team\u{2019}s answers give \u{201c}Servers for this workload\u{201d} on the fit")
    );
    assert_eq!(report.verdict, Verdict::Servers);
}

#[test]
fn a_part_unsure_or_with_the_way_out_is_serverless_once_the_gap_is_closed() {
    let mut content = solo_content();
    content.exceptions[0].handled = Some(crate::content::Handled {
        label: "Yes, and we split it".to_owned(),
        condition: "it is split".to_owned(),
    });
    let mut responses = team(&many(2, Answer::Agree));
    responses.parts = vec![
        part("p1", "Jobs", &[("control", ExceptionAnswer::Handled)], |_| {}),
        part("p2", "API", &[("control", ExceptionAnswer::Unsure)], |_| {}),
    ];
    let report = score(&content, &responses);
    assert!(
        report
            .parts
            .iter()
            .all(|p| p.verdict == Verdict::ServerlessOnceGapsClosed)
    );
    assert_eq!(report.verdict, Verdict::ServerlessOnceGapsClosed);
    assert!(
        report.parts[0]
            .line()
            .contains("with the talk\u{2019}s way out: it is split")
    );
    assert!(
        report.parts[1]
            .line()
            .contains("nobody is sure whether \u{201c}Full control\u{201d} holds")
    );
}

#[test]
fn an_exception_not_answered_for_a_part_is_an_open_question_named_in_its_reasons() {
    let mut responses = team(&many(2, Answer::Agree));
    responses.parts = vec![part("p1", "API", &[], |_| {})];
    let report = score(&solo_content(), &responses);
    assert_eq!(report.parts[0].verdict, Verdict::ServerlessOnceGapsClosed);
    assert_eq!(
        report.parts[0].reasons,
        ["not answered yet for it: \u{201c}Full control\u{201d}"]
    );
}

#[test]
fn on_servers_the_next_actions_do_not_suggest_fitting_functions_limits() {
    let mut responses = team(&many(2, Answer::StronglyDisagree));
    responses.limits = limits_of(|w| w.longest_run_seconds = 2_400.0);
    let report = score(&solo_content(), &responses);
    assert_eq!(report.verdict, Verdict::Servers);
    assert!(
        report
            .explanation()
            .iter()
            .any(|l| l.starts_with("Longest run: 40 min is over"))
    );
    assert!(
        report
            .next_actions()
            .iter()
            .all(|a| !a.contains("split that work")),
        "{:?}",
        report.next_actions()
    );
}

#[test]
fn a_flag_of_an_organisations_own_check_is_introduced_as_its_own() {
    let part = ExceptionCounts {
        core: 0,
        part: 1,
        handled: 0,
        unsure: 0,
        no: 0,
    };
    let talks = RaisedFlag::of(
        &exception("real-time", "Real-time systems", "Keep it.", Cap::Servers),
        part,
    );
    assert_eq!(talks.own, None);
    assert_eq!(talks.points_heading(), "The talk\u{2019}s slide:");
    assert_eq!(talks.advice_heading(), "Our advice:");
    let own = |name: &str| {
        RaisedFlag::of(
            &Exception {
                own: Some(name.to_owned()),
                ..exception("eu-data", "EU data", "Keep it in the EU.", Cap::Servers)
            },
            part,
        )
    };
    let acme = own("Acme");
    assert_eq!(acme.own.as_deref(), Some("Acme"));
    assert_eq!(acme.points_heading(), "Acme\u{2019}s own check:");
    assert_eq!(acme.advice_heading(), "Acme\u{2019}s advice:");
    assert_eq!(
        own("Acme Payments").advice_heading(),
        "Acme Payments\u{2019} advice:"
    );
}

#[test]
fn the_exports_mark_an_organisations_own_question() {
    let ours = question("a.one", Lean::Serverless, 2);
    assert_eq!(ours.labelled_text(), "Statement a.one");
    assert_eq!(ours.own_label(), None);
    let own = Question {
        own: Some("Acme".to_owned()),
        ..ours
    };
    assert_eq!(
        own.labelled_text(),
        "Statement a.one \u{2014} Acme\u{2019}s own question"
    );
}
