use proptest::prelude::*;

use super::*;

/// 2026-11-29 12:00 UTC.
const TODAY: i64 = 1_795_953_600_000;

fn form(fields: &[(&str, &str)]) -> ReviewForm {
    ReviewForm {
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn parse(fields: &[(&str, &str)]) -> Result<Review, ValidationError> {
    form(fields).parse(Content::bundled(), TODAY, &Review::default())
}

fn now() -> Now<'static> {
    Now {
        today_ms: TODAY,
        costs: None,
        newer_questions: None,
    }
}

#[test]
fn today_is_what_the_tests_say() {
    assert_eq!(crate::calendar::iso_date(TODAY), "2026-11-29");
}

#[test]
fn an_empty_form_watches_nothing() {
    let review = parse(&[]).unwrap();
    assert_eq!(review, Review::default());
    assert!(review.status(Content::bundled(), &now()).is_empty());
    let old: Review = serde_json::from_str("{}").unwrap();
    assert_eq!(old, Review::default());
}

#[test]
fn the_review_date_is_a_real_day_from_today_on() {
    assert_eq!(
        parse(&[("due", "2026-11-29")]).unwrap().due.as_deref(),
        Some("2026-11-29")
    );
    assert_eq!(
        parse(&[("due", "2027-05-01")]).unwrap().due.as_deref(),
        Some("2027-05-01")
    );
    assert_eq!(
        parse(&[("due", "2028-02-29")]).unwrap().due.as_deref(),
        Some("2028-02-29")
    );
    let past = parse(&[("due", "2026-11-28")]).unwrap_err();
    assert_eq!(past.field, "review_due");
    assert!(past.message.contains("in the past"), "{past}");
    for wrong in [
        "2027-02-29",
        "2027-13-01",
        "2027-04-31",
        "1 May 2027",
        "2027-5-1",
        "tomorrow",
    ] {
        let refused = parse(&[("due", wrong)]).unwrap_err();
        assert_eq!(
            refused.message, "The review date must be a day, as YYYY-MM-DD.",
            "{wrong}"
        );
    }
    // A date saved earlier may have passed since: saving the rest again keeps it.
    let saved = Review {
        due: Some("2026-06-01".into()),
        ..Review::default()
    };
    let again = form(&[("due", "2026-06-01"), ("newer_questions", "on")])
        .parse(Content::bundled(), TODAY, &saved)
        .unwrap();
    assert_eq!(again.due.as_deref(), Some("2026-06-01"));
}

#[test]
fn figures_are_watched_only_when_ticked_and_within_range() {
    let review = parse(&[
        ("requests_on", "on"),
        ("requests_direction", "above"),
        ("requests_threshold", "12,000,000"),
        ("latency_direction", "above"),
        ("latency_threshold", "300"),
        ("team_on", "on"),
        ("team_direction", "below"),
        ("team_threshold", "4"),
        ("team_now", "3"),
    ])
    .unwrap();
    assert_eq!(
        review.requests,
        Some(Watch {
            direction: Direction::Above,
            threshold: 12_000_000.0,
            now: None
        })
    );
    assert_eq!(review.latency_ms, None, "not ticked");
    assert_eq!(review.team_size.as_ref().unwrap().now, Some(3.0));

    let zero = parse(&[
        ("latency_on", "on"),
        ("latency_direction", "above"),
        ("latency_threshold", "0"),
    ]);
    assert_eq!(
        zero.unwrap_err().message,
        "Latency must be between 1 and 600,000 ms."
    );
    let missing = parse(&[("requests_on", "on"), ("requests_direction", "above")]);
    assert_eq!(
        missing.unwrap_err().message,
        "Monthly requests must be a number (requests a month)."
    );
    let sideways = parse(&[
        ("team_on", "on"),
        ("team_direction", "sideways"),
        ("team_threshold", "4"),
    ]);
    assert_eq!(sideways.unwrap_err().field, "team_direction");
    let huge = parse(&[("tables_on", "on"), ("tables_months", "121")]);
    assert_eq!(
        huge.unwrap_err().message,
        "The tables' age must be between 1 and 120 months."
    );
    assert_eq!(
        parse(&[("tables_on", "on"), ("tables_months", "18")])
            .unwrap()
            .tables_older_than_months,
        Some(18)
    );
}

#[test]
fn exceptions_are_watched_by_id_and_marked_when_changed() {
    let content = Content::bundled();
    let [first, second, ..] = &content.exceptions[..] else {
        panic!("the talk has four exceptions");
    };
    let watched = format!("exception.{}", first.id);
    let changed = format!("exception_changed.{}", second.id);
    let other = format!("exception.{}", second.id);
    let review = parse(&[(&watched, "on"), (&other, "on"), (&changed, "on")]).unwrap();
    assert_eq!(
        review.exceptions,
        BTreeMap::from([(first.id.clone(), false), (second.id.clone(), true)])
    );
    let status = review.status(content, &now());
    assert_eq!(
        status.reopened,
        vec![format!(
            "The answer to “{}” has changed, the team says.",
            second.title
        )]
    );
    assert_eq!(status.watched.len(), 2);
    let unknown = parse(&[("exception.no-such", "on")]).unwrap_err();
    assert_eq!(unknown.message, "There is no such exception.");
    // "It has" ticked alone: the exception is watched, and has changed.
    let alone = parse(&[(&changed, "on")]).unwrap();
    assert_eq!(alone.exceptions, BTreeMap::from([(second.id.clone(), true)]));
    let unknown = parse(&[("exception_changed.no-such", "on")]).unwrap_err();
    assert_eq!(unknown.message, "There is no such exception.");
}

#[test]
fn the_date_reopens_on_the_day() {
    let content = Content::bundled();
    let on = |due: &str| Review {
        due: Some(due.into()),
        ..Review::default()
    };
    let status = on("2026-11-29").status(content, &now());
    assert_eq!(status.due.as_deref(), Some("29 November 2026"));
    assert_eq!(
        status.reopened,
        vec!["The review date, 29 November 2026, has come.".to_owned()]
    );
    assert!(status.is_due());
    let later = on("2027-05-01").status(content, &now());
    assert!(!later.is_due());
    assert_eq!(later.due.as_deref(), Some("1 May 2027"));
    assert!(later.watched.is_empty(), "the date is told apart");
    assert!(!later.is_empty());
}

#[test]
fn a_figure_reopens_once_the_team_enters_one_past_its_threshold() {
    let content = Content::bundled();
    let watching = |direction, now| Review {
        requests: Some(Watch {
            direction,
            threshold: 12_000_000.0,
            now,
        }),
        ..Review::default()
    };
    assert!(!watching(Direction::Above, None).status(content, &now()).is_due());
    assert!(
        !watching(Direction::Above, Some(12_000_000.0))
            .status(content, &now())
            .is_due()
    );
    assert_eq!(
        watching(Direction::Above, Some(40_000_000.0))
            .status(content, &now())
            .reopened,
        vec!["Monthly requests now 40,000,000: above the 12,000,000 that reopens the decision.".to_owned()]
    );
    assert!(
        watching(Direction::Below, Some(3_000_000.0))
            .status(content, &now())
            .is_due()
    );
    assert!(
        !watching(Direction::Below, Some(40_000_000.0))
            .status(content, &now())
            .is_due()
    );
}

#[test]
fn the_tables_age_and_newer_questions_are_seen_without_the_team() {
    let content = Content::bundled();
    let review = Review {
        tables_older_than_months: Some(12),
        newer_questions: true,
        ..Review::default()
    };
    let mut costs = CostInputs::default();
    costs.pricing.as_of = "2024-11".into();
    costs.platform.as_of = "not a date".into();
    let status = review.status(
        content,
        &Now {
            today_ms: TODAY,
            costs: Some(&costs),
            newer_questions: Some("2027.1.0"),
        },
    );
    assert_eq!(
        status.reopened,
        vec![
            "The prices table is dated 2024-11: 24 months old, more than 12.".to_owned(),
            "Newer questions (version 2027.1.0) were published after this assessment was taken.".to_owned(),
        ]
    );
    costs.pricing.as_of = "2026-01-15".into();
    let fresh = review.status(
        content,
        &Now {
            costs: Some(&costs),
            ..now()
        },
    );
    assert!(!fresh.is_due(), "{:?}", fresh.reopened);
}

#[test]
fn the_suggestion_watches_the_break_even_from_the_side_the_workload_is_on() {
    let inputs = CostInputs::default();
    let break_even = crate::cost::estimate(&inputs).break_even_with_people.unwrap();
    let suggested = suggested(Some(&inputs), TODAY);
    let watch = suggested.requests.clone().unwrap();
    assert_eq!(watch.threshold, break_even.round());
    let expected = if inputs.workload.requests_per_month < break_even {
        Direction::Above
    } else {
        Direction::Below
    };
    assert_eq!(watch.direction, expected);
    // The shipped tables are dated 2024-11, 24 months before the tests' today: the suggestion
    // watches them from 36 months on, and has not fired.
    assert_eq!(suggested.tables_older_than_months, Some(36));
    let status = suggested.status(
        Content::bundled(),
        &Now {
            costs: Some(&inputs),
            ..now()
        },
    );
    assert!(!status.is_due(), "{:?}", status.reopened);
    assert_eq!(super::suggested(None, TODAY).requests, None);
    assert_eq!(super::suggested(None, TODAY).tables_older_than_months, Some(12));
}

proptest! {
    #[test]
    fn day_labels_follow_the_calendar(days in -100_000i64..200_000) {
        let ms = days * 86_400_000;
        let (year, month, day) = civil_date(ms);
        prop_assert_eq!(days_from_civil(year, month, i64::from(day)), days);
        let iso = crate::calendar::iso_date(ms);
        prop_assert!(parse_day(&iso).is_some(), "{iso} is a day");
        prop_assert_eq!(day_label(&iso), date_label(ms));
    }
}
