use super::*;
use crate::content::Content;
use crate::scoring::{Responses, score};

/// 2027-01-15, midday UTC.
const TODAY: i64 = 1_800_000_000_000;

fn form(rows: &[(&str, &str)]) -> BTreeMap<String, String> {
    rows.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn action(summary: &str, owner: &str, due: &str) -> NextAction {
    NextAction {
        summary: summary.into(),
        owner: owner.into(),
        due: due.into(),
    }
}

#[test]
fn the_suggestions_stand_until_the_team_saves_its_own_list() {
    let report = score(Content::bundled(), &Responses::default());
    let suggested = NextActions::default().shown(&report);
    assert!(!suggested.is_empty());
    assert_eq!(
        suggested.iter().map(|a| a.summary.clone()).collect::<Vec<_>>(),
        report.next_actions()
    );
    assert!(suggested.iter().all(|a| a.owner.is_empty() && a.due.is_empty()));
    let own = NextActions {
        items: vec![action("Measure the peak", "Ana", "")],
        version: 1,
    };
    assert_eq!(own.shown(&report), own.items);
    // Saved empty: the team removed every action.
    let none = NextActions {
        items: Vec::new(),
        version: 2,
    };
    assert!(none.shown(&report).is_empty());
}

#[test]
fn a_form_gives_the_rows_in_order_and_leaves_out_the_empty_ones() {
    let fields = form(&[
        ("a10.summary", "  Write the runbook  "),
        ("a10.owner", "Ben"),
        ("a10.due", "2027-03-01"),
        ("a2.summary", "Measure the peak"),
        ("a2.owner", ""),
        ("a2.due", "2027-01-15"),
        ("a3.summary", ""),
        ("a3.owner", ""),
        ("a3.due", ""),
    ]);
    let parsed = NextActions::parse(&fields, 4, TODAY).unwrap();
    assert_eq!(parsed.version, 4);
    assert_eq!(
        parsed.items,
        [
            action("Measure the peak", "", "2027-01-15"),
            action("Write the runbook", "Ben", "2027-03-01")
        ]
    );
    assert!(
        NextActions::parse(&BTreeMap::new(), 1, TODAY)
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn a_due_date_in_the_past_or_not_a_date_is_refused_saying_which() {
    let due = |date: &str| NextActions::parse(&form(&[("a0.summary", "Do it"), ("a0.due", date)]), 1, TODAY);
    let past = due("2027-01-14").unwrap_err();
    assert_eq!(past.field, "due");
    assert_eq!(
        past.message,
        "The due date of action 1, 2027-01-14, is in the past: give today or a later day."
    );
    for bad in [
        "15/01/2027",
        "2027-02-29",
        "2027-13-01",
        "2027-1-15",
        "tomorrow",
        "2027-01-1x",
        "+027-01-15",
    ] {
        let error = due(bad).unwrap_err();
        assert!(
            error.message.contains("is not a date: write it as YYYY-MM-DD"),
            "{bad}: {}",
            error.message
        );
    }
    assert!(due("2028-02-29").is_ok(), "a leap day");
    assert!(due("2100-02-29").is_err(), "not a leap year");
    assert!(due("2400-02-29").is_ok(), "a century leap year");
    assert_eq!(due("  2027-01-15 ").unwrap().items[0].due, "2027-01-15");
}

#[test]
fn other_mistakes_are_refused_with_a_message() {
    let refused = |rows: &[(&str, &str)]| NextActions::parse(&form(rows), 1, TODAY).unwrap_err().message;
    assert!(refused(&[("a0.owner", "Ana")]).contains("Action 1 has an owner or a due date but no summary"));
    assert!(
        refused(&[
            ("a0.summary", "x"),
            ("a0.owner", &"o".repeat(OWNER_MAX_CHARS + 1))
        ])
        .contains("The owner of action 1 is 61 characters long")
    );
    assert!(refused(&[("a0.summary", &"s".repeat(SUMMARY_MAX_CHARS + 1))]).contains("the limit is 600"));
    assert!(refused(&[("a0.summary", "a\u{202e}b")]).contains("Action 1"));
    assert!(refused(&[("a0.colour", "red")]).contains("not a field"));
    assert!(refused(&[("x.summary", "a")]).contains("not a field"));
    assert!(refused(&[("0.summary", "a")]).contains("not a field"));
    let many: Vec<(String, String)> = (0..=MAX_ACTIONS)
        .map(|n| (format!("a{n}.summary"), "a".to_owned()))
        .collect();
    let many: BTreeMap<String, String> = many.into_iter().collect();
    assert_eq!(
        NextActions::parse(&many, 1, TODAY).unwrap_err().message,
        "A list holds at most 30 actions."
    );
}

#[test]
fn a_file_s_list_may_have_passed_its_dates_but_is_otherwise_checked_alike() {
    let old = [action("Measure the peak", "Ana", "2020-01-01")];
    assert_eq!(NextActions::checked(&old).unwrap().items, old);
    assert!(NextActions::checked(&[action("", "", "")]).is_err());
    assert!(NextActions::checked(&[action(" padded", "", "")]).is_err());
    assert!(NextActions::checked(&[action("x", "", "2020-02-30")]).is_err());
    let many = vec![action("x", "", ""); MAX_ACTIONS + 1];
    assert!(NextActions::checked(&many).is_err());
}

#[test]
fn a_checklist_line_names_the_owner_and_the_date_when_there_are_some() {
    assert_eq!(
        action("Measure the peak", "ana", "2027-01-31").checklist_line(),
        "Measure the peak \u{2014} @ana, due 2027-01-31"
    );
    assert_eq!(
        action("Measure", "ana", "").checklist_line(),
        "Measure \u{2014} @ana"
    );
    assert_eq!(
        action("Measure", "", "2027-01-31").checklist_line(),
        "Measure \u{2014} due 2027-01-31"
    );
    assert_eq!(action("Measure", "", "").checklist_line(), "Measure");
    // A name of several words is no handle: a tracker would mention only "@Sam".
    assert_eq!(
        action("Measure", "Sam O'Neil", "2027-01-31").checklist_line(),
        "Measure \u{2014} owner Sam O'Neil, due 2027-01-31"
    );
}

#[test]
fn every_suggestion_fits_a_summary() {
    // The longest advice of the bundled content, as a suggestion, fits the limit.
    let longest = Content::bundled()
        .exceptions
        .iter()
        .flat_map(|e| [&e.advice, &e.core_advice, &e.concern])
        .map(|t| t.chars().count())
        .max()
        .unwrap();
    assert!(longest + 120 <= SUMMARY_MAX_CHARS, "{longest}");
}
