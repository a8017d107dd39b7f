use std::collections::BTreeMap;

use super::*;
use crate::answers::{Answer, ExceptionAnswer};
use crate::content::{Content, Lean};
use crate::parts::{Part, PartRun};
use crate::platform::Limits;
use crate::room::Room;
use crate::scoring::{PartInput, Responses, score};

fn assessment() -> Assessment {
    Assessment {
        id: "a".into(),
        title: "Checkout API".into(),
        description: "Takes orders from the shop.".into(),
        created_at_ms: 1_499_385_600_000,
        content_version: Content::bundled().version.clone(),
        current_step: 1,
        room: Room::default(),
        version: 1,
    }
}

/// Every statement answered by one person, agreeing with those that lean `towards`, and
/// disagreeing with the others; `exceptions` answered as given.
fn responses(towards: Lean, exceptions: &[(&str, ExceptionAnswer)]) -> Responses {
    let content = Content::bundled();
    let mut responses = Responses::default();
    let sheet: BTreeMap<String, Answer> = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .map(|q| {
            let answer = if q.lean == towards {
                Answer::Agree
            } else {
                Answer::Disagree
            };
            (q.id.clone(), answer)
        })
        .collect();
    responses.answers.insert("facilitator".into(), sheet);
    let exceptions = exceptions.iter().map(|(id, a)| ((*id).to_owned(), *a)).collect();
    responses.exceptions.insert("facilitator".into(), exceptions);
    responses
}

fn record(responses: &Responses, costs: Option<&CostInputs>, decision: &Decision) -> DecisionRecord {
    let report = score(Content::bundled(), responses);
    DecisionRecord::new(&assessment(), &report, costs, decision, 1_800_000_000_000)
}

#[test]
fn statuses_parse_by_their_slug_and_nothing_else() {
    for status in Status::ALL {
        assert_eq!(Status::parse(status.slug()), Ok(status));
    }
    assert_eq!(Status::default(), Status::Proposed);
    let refused = Status::parse("rejected").unwrap_err();
    assert_eq!(refused.field, "status");
    assert!(refused.message.contains("proposed, accepted or superseded"));
    assert!(Status::parse("").is_err());
}

#[test]
fn the_wording_is_checked_like_a_note() {
    let decision = Decision::parse("  We go serverless.  ", "accepted", 3).unwrap();
    assert_eq!(decision.wording, "We go serverless.");
    assert_eq!(decision.status, Status::Accepted);
    assert_eq!(decision.version, 3);
    let long = Decision::parse(&"w".repeat(WORDING_MAX_CHARS + 1), "proposed", 0).unwrap_err();
    assert_eq!(long.field, "wording");
    assert!(long.message.contains("limit is 1000"), "{}", long.message);
    assert!(Decision::parse(&"w".repeat(WORDING_MAX_CHARS), "proposed", 0).is_ok());
    assert!(Decision::parse("a\u{202e}b", "proposed", 0).is_err());
    assert!(Decision::parse("a\u{7}b", "proposed", 0).is_err());
}

#[test]
fn a_decision_travels_as_its_wording_and_status_only() {
    let decision = Decision {
        wording: "Serverless.".into(),
        status: Status::Superseded,
        version: 4,
        saved_at_ms: 9,
    };
    let entry = decision.entry().unwrap();
    let json = serde_json::to_string(&entry).unwrap();
    assert_eq!(json, r#"{"wording":"Serverless.","status":"superseded"}"#);
    let back: DecisionEntry = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back.checked().unwrap(),
        Decision {
            version: 0,
            saved_at_ms: 0,
            ..decision
        }
    );
    assert_eq!(Decision::default().entry(), None);
    let accepted = Decision {
        status: Status::Accepted,
        ..Decision::default()
    };
    assert_eq!(
        serde_json::to_string(&accepted.entry()).unwrap(),
        r#"{"status":"accepted"}"#
    );
    assert_eq!(
        serde_json::from_str::<DecisionEntry>("{}").unwrap(),
        DecisionEntry::default()
    );
    assert!(serde_json::from_str::<DecisionEntry>(r#"{"status":"rejected"}"#).is_err());
    assert!(serde_json::from_str::<DecisionEntry>(r#"{"version":2}"#).is_err());
}

#[test]
fn the_verdict_chooses_the_option() {
    assert_eq!(Considered::chosen(Verdict::Undecided), None);
    assert_eq!(Considered::chosen(Verdict::Servers), Some(Considered::Servers));
    assert_eq!(Considered::chosen(Verdict::Hybrid), Some(Considered::Hybrid));
    assert_eq!(
        Considered::chosen(Verdict::ServerlessOnceGapsClosed),
        Some(Considered::Functions)
    );
    assert_eq!(
        Considered::chosen(Verdict::ServerlessFirst),
        Some(Considered::Functions)
    );
}

#[test]
fn a_serverless_team_gets_a_generated_outcome_and_the_estimate_as_a_good_consequence() {
    let mut responses = responses(Lean::Serverless, &[]);
    let costs = CostInputs::default();
    responses.cost_pull = Some(estimate(&costs).pull());
    let record = record(&responses, Some(&costs), &Decision::default());
    assert_eq!(record.title, "Servers or serverless for Checkout API");
    assert_eq!(record.status, Status::Proposed);
    assert_eq!(record.date, "2027-01-15");
    assert_eq!(record.context[0], "Takes orders from the shop.");
    assert!(record.context[1].contains("\u{201c}Checkout API\u{201d}"));
    assert_eq!(record.chosen, Some(Considered::Functions));
    assert!(
        record.outcome.starts_with(
            "Chosen option: \u{201c}Functions (serverless)\u{201d}, because the assessment\u{2019}s verdict is \u{201c}Serverless first\u{201d} with a fit of"
        ),
        "{}",
        record.outcome
    );
    assert_eq!(record.verdict, "Verdict: Serverless first.");
    assert!(
        record
            .drivers
            .iter()
            .any(|d| d.starts_with("Cost and scale (Matters): score +"))
    );
    assert!(record.drivers.iter().any(|d| d.contains("none of them holds")));
    let cost = record
        .consequences
        .iter()
        .find(|c| c.because.starts_with("at this volume serverless costs"))
        .expect("the cost line");
    assert_eq!(
        cost.effect,
        Effect::of(estimate(&costs).pull(), Considered::Functions)
    );
    let lock_in: Vec<&Consequence> = record
        .consequences
        .iter()
        .filter(|c| c.because.starts_with("on vendor lock-in the team "))
        .collect();
    assert!(!lock_in.is_empty());
    assert!(lock_in.iter().all(|c| c.effect == Effect::Good));
    assert!(
        record.confirmation.starts_with(
            "Revisit this decision when the volume nears the cost estimate\u{2019}s break-even of "
        ) && record
            .confirmation
            .contains("when AWS Lambda\u{2019}s limits change from the table dated")
            && record.confirmation.contains(&format!(
                ", or when Whenless\u{2019}s questions move on from version {}",
                Content::bundled().version
            )),
        "{}",
        record.confirmation
    );
}

#[test]
fn the_facilitator_s_wording_follows_the_chosen_option() {
    let decision =
        Decision::parse("We build it on functions, starting with checkout.", "accepted", 1).unwrap();
    let record = record(&responses(Lean::Serverless, &[]), None, &decision);
    assert_eq!(
        record.outcome,
        "Chosen option: \u{201c}Functions (serverless)\u{201d}. We build it on functions, starting with checkout."
    );
    let report = score(Content::bundled(), &responses(Lean::Serverless, &[]));
    assert_eq!(
        decision.outcome(&report),
        "We build it on functions, starting with checkout.",
        "the results page's card shows the team's words"
    );
    assert_eq!(record.status, Status::Accepted);
    assert_eq!(
        record.confirmation,
        format!(
            "Revisit this decision when Whenless\u{2019}s questions move on from version {}, and whenever the team or the workload changes.",
            Content::bundled().version
        )
    );
    let saved = Decision {
        saved_at_ms: 1_499_385_600_000,
        ..decision
    };
    assert_eq!(record_date(&saved), "2017-07-07");
}

fn record_date(decision: &Decision) -> String {
    record(&responses(Lean::Serverless, &[]), None, decision).date
}

#[test]
fn red_flags_are_bad_for_functions_and_good_for_servers() {
    let hybrid = record(
        &responses(Lean::Serverless, &[("real-time", ExceptionAnswer::Part)]),
        None,
        &Decision::default(),
    );
    assert_eq!(hybrid.chosen, Some(Considered::Hybrid));
    let flag = hybrid
        .consequences
        .iter()
        .find(|c| c.because.contains("Real-time systems"))
        .unwrap();
    assert_eq!(flag.effect, Effect::Bad);
    assert!(
        flag.sentence()
            .starts_with("Bad, because \u{201c}Real-time systems\u{201d} holds for a part")
    );
    assert!(
        hybrid
            .drivers
            .iter()
            .any(|d| d
                == "The talk\u{2019}s exception \u{201c}Real-time systems\u{201d}: answers: 1 for a part."),
        "{:?}",
        hybrid.drivers
    );
    // A hybrid runs functions too: the lock-in answers count as they do for functions.
    let lock_in: Vec<Effect> = hybrid
        .consequences
        .iter()
        .filter(|c| c.because.starts_with("on vendor lock-in"))
        .map(|c| c.effect)
        .collect();
    assert!(
        !lock_in.is_empty() && lock_in.iter().all(|e| *e == Effect::Good),
        "{lock_in:?}"
    );

    let servers = record(
        &responses(Lean::Servers, &[("real-time", ExceptionAnswer::Core)]),
        None,
        &Decision::default(),
    );
    assert_eq!(servers.chosen, Some(Considered::Servers));
    assert!(servers.outcome.contains("\u{201c}Servers\u{201d}"));
    let flag = servers
        .consequences
        .iter()
        .find(|c| c.because.contains("Real-time systems"))
        .unwrap();
    assert_eq!(
        flag.sentence(),
        "Good, because on servers the red flag \u{201c}Real-time systems\u{201d} needs no way around it."
    );
    assert!(
        servers
            .consequences
            .iter()
            .filter(|c| c.because.starts_with("on vendor lock-in"))
            .all(|c| c.effect == Effect::Good)
    );
}

#[test]
fn limits_findings_are_consequences() {
    let mut costs = CostInputs::default();
    costs.workload.longest_run_seconds = 7_200.0;
    let mut responses = responses(Lean::Serverless, &[]);
    responses.limits = Some(Limits::check(&costs.workload, &costs.platform));
    let record = record(&responses, Some(&costs), &Decision::default());
    assert_eq!(record.chosen, Some(Considered::Hybrid));
    let limit = record
        .consequences
        .iter()
        .find(|c| c.because.starts_with("longest run"))
        .expect("the limit's finding");
    assert_eq!(limit.effect, Effect::Bad);
}

#[test]
fn each_part_s_verdict_is_in_the_record() {
    let costs = CostInputs::default();
    let mut responses = responses(Lean::Serverless, &[]);
    let part = |id: &str, name: &str, answer| Part {
        id: id.into(),
        name: name.into(),
        exceptions: [("real-time".to_owned(), answer)].into(),
        run: PartRun::of(&costs.workload),
    };
    responses.parts = [
        part("p1", "Order API", ExceptionAnswer::No),
        part("p2", "Matching engine", ExceptionAnswer::Core),
    ]
    .into_iter()
    .map(|part| PartInput {
        limits: Limits::check(&part.run.applied_to(&costs.workload), &costs.platform),
        part,
    })
    .collect();
    let record = record(&responses, Some(&costs), &Decision::default());
    assert_eq!(record.parts.len(), 2);
    assert!(
        record.parts[0].starts_with("Order API: Serverless"),
        "{}",
        record.parts[0]
    );
    assert!(record.parts[1].starts_with("Matching engine: Servers for this workload, because"));
    assert_eq!(record.chosen, Some(Considered::Hybrid));
}

#[test]
fn an_undecided_assessment_chooses_nothing_and_has_no_consequences() {
    let record = record(&Responses::default(), None, &Decision::default());
    assert_eq!(record.chosen, None);
    assert_eq!(
        record.outcome,
        "No option is chosen yet: the assessment has not enough answers for a verdict."
    );
    assert!(record.consequences.is_empty());
    assert_eq!(record.options, Considered::ALL.to_vec());
}

#[test]
fn lower_first_lowers_a_word_not_an_abbreviation() {
    assert_eq!(lower_first("At this volume"), "at this volume");
    assert_eq!(lower_first("AWS Lambda"), "AWS Lambda");
    assert_eq!(lower_first("\u{201c}Real"), "\u{201c}Real");
    assert_eq!(lower_first(""), "");
}
