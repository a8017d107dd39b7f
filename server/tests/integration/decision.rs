//! The decision record: editing its wording and status (versioned, refused with a 4xx when
//! wrong), and `decision.md`, read with a Markdown parser.

use crate::common;

use common::TestApp;
use domain::content::{Content, Lean};
use domain::cost::CostInputs;
use domain::decision::Decision;
use domain::parts::{Part, PartRun};
use domain::transfer::AssessmentFile;
use domain::walkthrough::{AnswerRecord, FACILITATOR};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use reqwest::StatusCode;

async fn app() -> (tempfile::TempDir, TestApp) {
    let (dir, store) = common::sqlite_store().await;
    (dir, TestApp::spawn(store).await)
}

/// Edits the decision as a script would (JSON back), from `version`.
async fn edit(app: &TestApp, token: &str, wording: &str, status: &str, version: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/edit_decision"))
        .form(&[
            ("token", token),
            ("wording", wording),
            ("status", status),
            ("version", version),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_facilitator_words_the_decision_and_a_stale_or_wrong_edit_is_a_4xx() {
    let (_dir, app) = app().await;
    let token = app.create("Checkout API").await;
    let saved = edit(&app, &token, "We go serverless, the API first.", "accepted", "0").await;
    assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap());
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(results.contains("We go serverless, the API first."));
    assert!(
        results.contains(r#"<option value="accepted" selected"#),
        "the status is shown"
    );

    let stale = edit(&app, &token, "Servers after all.", "proposed", "0").await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(
        body["Conflict"]["theirs"], "We go serverless, the API first. (accepted)",
        "the refused edit is told what is saved: {body}"
    );

    let unknown = edit(&app, &token, "", "rejected", "1").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("The status is one of proposed, accepted or superseded.")
    );
    let long = "w".repeat(domain::decision::WORDING_MAX_CHARS + 1);
    let too_long = edit(&app, &token, &long, "proposed", "1").await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.text().await.unwrap().contains("the limit is 1000"));
    let no_version = edit(&app, &token, "", "proposed", "one").await;
    assert_eq!(no_version.status(), StatusCode::BAD_REQUEST);

    // Without JavaScript, the browser goes back to the page with the fixed message.
    let form = app
        .post_form(
            "/api/edit_decision",
            &[
                ("token", &token),
                ("wording", ""),
                ("status", "rejected"),
                ("version", "1"),
                ("__return", &format!("/f/{token}/results")),
            ],
        )
        .await;
    assert!(form.status().is_redirection());
    let location = form.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("/f/{token}/results?")),
        "{location}"
    );
    let page = app.text(&location).await;
    assert!(page.contains("The status is one of proposed, accepted or superseded."));

    // Empty wording goes back to the generated sentence.
    let cleared = edit(&app, &token, "", "superseded", "1").await;
    assert_eq!(cleared.status(), StatusCode::OK);
    let record = app.text(&format!("/f/{token}/export/decision.md")).await;
    assert!(record.starts_with("---\nstatus: superseded\n"), "{record}");
    assert!(record.contains("No option is chosen yet"), "{record}");
}

/// An assessment file with every statement answered towards serverless, the cost estimate,
/// `exceptions` answered and `parts`.
fn file(title: &str, exceptions: &[(&str, i16)], parts: &[Part]) -> serde_json::Value {
    let content = Content::bundled();
    let mut answers: Vec<AnswerRecord> = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .map(|q| AnswerRecord {
            participant_id: FACILITATOR.into(),
            question_id: q.id.clone(),
            value: if q.lean == Lean::Serverless { 4 } else { 2 },
        })
        .collect();
    answers.extend(exceptions.iter().map(|(id, value)| AnswerRecord {
        participant_id: FACILITATOR.into(),
        question_id: (*id).to_owned(),
        value: *value,
    }));
    let assessment = domain::Assessment {
        id: "x".into(),
        title: title.into(),
        description: "Takes orders from the shop.".into(),
        created_at_ms: 1_700_000_000_000,
        content_version: content.version.clone(),
        current_step: 1,
        room: domain::room::Room::default(),
        version: 1,
    };
    let file = AssessmentFile::new(
        content,
        &assessment,
        &answers,
        &[],
        Some(&CostInputs::default()),
        parts,
        &Decision::default(),
    );
    serde_json::to_value(file).unwrap()
}

/// The text under each heading of a Markdown document, by heading (with its level).
fn sections(markdown: &str) -> Vec<(HeadingLevel, String, String)> {
    let mut sections: Vec<(HeadingLevel, String, String)> = Vec::new();
    let mut in_heading = false;
    let options = pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                sections.push((level, String::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading, body)) = sections.last_mut() {
                    if in_heading {
                        heading.push_str(&text);
                    } else {
                        body.push_str(&text);
                        body.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    sections
}

fn section<'a>(
    sections: &'a [(HeadingLevel, String, String)],
    level: HeadingLevel,
    heading: &str,
) -> &'a str {
    sections
        .iter()
        .find(|(l, h, _)| *l == level && h == heading)
        .map(|(_, _, body)| body.as_str())
        .unwrap_or_else(|| panic!("no {level:?} {heading:?} in {sections:?}"))
}

#[tokio::test]
async fn decision_md_has_madr_s_sections_with_the_assessment_in_them() {
    let (_dir, app) = app().await;
    // A real-time path for a part: a red flag, and hybrid.
    let token = app.import(&file("Checkout API", &[("real-time", 2)], &[])).await;
    let markdown = app.text(&format!("/f/{token}/export/decision.md")).await;
    assert!(
        markdown.starts_with("---\nstatus: proposed\ndate: "),
        "{markdown}"
    );
    let found = sections(&markdown);
    let levels: Vec<(HeadingLevel, &str)> = found.iter().map(|(l, h, _)| (*l, h.as_str())).collect();
    assert_eq!(
        levels,
        [
            (HeadingLevel::H1, "Servers or serverless for Checkout API"),
            (HeadingLevel::H2, "Context and Problem Statement"),
            (HeadingLevel::H2, "Decision Drivers"),
            (HeadingLevel::H2, "Considered Options"),
            (HeadingLevel::H2, "Decision Outcome"),
            (HeadingLevel::H3, "Consequences"),
            (HeadingLevel::H3, "Confirmation"),
            (HeadingLevel::H2, "More Information"),
        ]
    );
    assert!(
        section(&found, HeadingLevel::H2, "Context and Problem Statement")
            .contains("Takes orders from the shop.")
    );
    let drivers = section(&found, HeadingLevel::H2, "Decision Drivers");
    assert!(drivers.contains("Cost and scale (Matters)"), "{drivers}");
    assert!(drivers.contains("\u{201c}Real-time systems\u{201d}"), "{drivers}");
    let options = section(&found, HeadingLevel::H2, "Considered Options");
    for option in ["Servers", "Functions (serverless)", "Hybrid"] {
        assert!(options.contains(option), "{options}");
    }
    assert!(
        !options.contains("ontainers"),
        "containers were not weighed: {options}"
    );
    let outcome = section(&found, HeadingLevel::H2, "Decision Outcome");
    assert!(
        outcome.contains("Chosen option: \u{201c}Hybrid\u{201d}"),
        "{outcome}"
    );
    assert!(
        outcome.contains("Verdict: Hybrid: named parts on servers."),
        "{outcome}"
    );
    let consequences = section(&found, HeadingLevel::H3, "Consequences");
    assert!(
        consequences.contains("Bad, because \u{201c}Real-time systems\u{201d} holds for a part"),
        "{consequences}"
    );
    assert!(
        consequences.contains("because at this volume serverless costs $"),
        "{consequences}"
    );
    assert!(
        consequences.contains("on vendor lock-in the team"),
        "{consequences}"
    );
    let confirmation = section(&found, HeadingLevel::H3, "Confirmation");
    assert!(
        confirmation.starts_with("Revisit this decision when the volume nears"),
        "{confirmation}"
    );

    // The read-only link gets the same file; the deck ends with it.
    let html = app.text(&format!("/f/{token}")).await;
    let read_only = html
        .split("/r/")
        .nth(1)
        .unwrap()
        .split(['"', '/'])
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.text(&format!("/r/{read_only}/export/decision.md")).await,
        markdown
    );
    let deck = app.text(&format!("/f/{token}/export/deck.html")).await;
    let (_, last) = deck
        .split_once("Decision record \u{b7} Proposed")
        .expect("a decision slide");
    assert!(last.contains("Chosen option: \u{201c}Hybrid\u{201d}"), "{last}");
    assert_eq!(
        last.matches(r#"<p class="eyebrow">"#).count(),
        last.matches(r#"<p class="eyebrow">Decision record"#).count(),
        "the decision's slides are the last: {last}"
    );

    // Split into parts: each part's verdict is in the outcome.
    let costs = CostInputs::default();
    let part = |id: &str, name: &str, real_time: domain::answers::ExceptionAnswer| Part {
        id: id.into(),
        name: name.into(),
        exceptions: [("real-time".to_owned(), real_time)].into(),
        run: PartRun::of(&costs.workload),
    };
    let parts = [
        part("p1", "Order API", domain::answers::ExceptionAnswer::No),
        part("p2", "Matching engine", domain::answers::ExceptionAnswer::Core),
    ];
    let token = app.import(&file("Exchange", &[], &parts)).await;
    let markdown = app.text(&format!("/f/{token}/export/decision.md")).await;
    let split = sections(&markdown);
    let outcome = section(&split, HeadingLevel::H2, "Decision Outcome");
    assert!(outcome.contains("Part by part:"), "{outcome}");
    assert!(
        outcome.contains("Matching engine: Servers for this workload, because"),
        "{outcome}"
    );
    assert!(outcome.contains("Order API: Serverless"), "{outcome}");
}

#[tokio::test]
async fn markup_in_the_wording_stays_text_in_decision_md() {
    let (_dir, app) = app().await;
    let token = app.create("Checkout API").await;
    let hostile = "# Forged heading\n- item\n<script>alert(1)</script>\n---";
    assert_eq!(
        edit(&app, &token, hostile, "proposed", "0").await.status(),
        StatusCode::OK
    );
    let markdown = app.text(&format!("/f/{token}/export/decision.md")).await;
    let headings = sections(&markdown).len();
    assert_eq!(headings, 8, "{markdown}");
    let options = pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    assert!(
        !Parser::new_ext(&markdown, options).any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
        "{markdown}"
    );
    assert!(markdown.contains("\\# Forged heading"), "{markdown}");
}

/// Saves the next actions as a script would (JSON back), from `version`.
async fn edit_actions(app: &TestApp, token: &str, rows: &[(&str, &str)], version: &str) -> reqwest::Response {
    let mut fields = vec![
        ("token".to_owned(), token.to_owned()),
        ("version".to_owned(), version.to_owned()),
    ];
    fields.extend(
        rows.iter()
            .map(|(k, v)| (format!("actions[{k}]"), (*v).to_owned())),
    );
    app.client
        .post(app.url("/api/edit_actions"))
        .form(&fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_next_actions_are_the_team_s_with_owners_and_dates_and_go_to_a_tracker() {
    let (_dir, app) = app().await;
    let token = app.create("Checkout API").await;
    // Until the team saves its own, the suggestions stand.
    let suggested = app.text(&format!("/f/{token}/export/actions.md")).await;
    assert!(
        suggested.starts_with("- [ ] Answer the questions on "),
        "{suggested}"
    );

    let past = edit_actions(
        &app,
        &token,
        &[("a0.summary", "Measure"), ("a0.due", "2020-01-01")],
        "0",
    )
    .await;
    assert_eq!(past.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        past.text()
            .await
            .unwrap()
            .contains("The due date of action 1, 2020-01-01, is in the past")
    );
    let unreadable = edit_actions(
        &app,
        &token,
        &[("a0.summary", "Measure"), ("a0.due", "31/01/2030")],
        "0",
    )
    .await;
    assert_eq!(unreadable.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreadable
            .text()
            .await
            .unwrap()
            .contains("is not a date: write it as YYYY-MM-DD")
    );

    let rows = [
        ("a0.summary", "Measure the peak, then decide"),
        ("a0.owner", "ana"),
        ("a0.due", "2030-01-31"),
        ("a1.summary", "Write the \"runbook\""),
        ("a1.owner", ""),
        ("a1.due", ""),
        ("a2.summary", ""),
        ("a2.owner", ""),
        ("a2.due", ""),
    ];
    let saved = edit_actions(&app, &token, &rows, "0").await;
    assert_eq!(saved.status(), StatusCode::OK, "{}", saved.text().await.unwrap());
    let stale = edit_actions(&app, &token, &rows, "0").await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);

    let checklist = app.text(&format!("/f/{token}/export/actions.md")).await;
    assert_eq!(
        checklist,
        "- [ ] Measure the peak, then decide \u{2014} @ana, due 2030-01-31\n- [ ] Write the \"runbook\"\n"
    );
    let csv_text = app.text(&format!("/f/{token}/export/actions.csv")).await;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["Summary", "Description", "Assignee", "Due date"]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0][0], "Measure the peak, then decide");
    assert_eq!(records[0][2], "ana");
    assert_eq!(records[0][3], "2030-01-31");
    assert_eq!(records[1][0], "Write the \"runbook\"");
    assert_eq!((records[1][2].as_str(), records[1][3].as_str()), ("", ""));
    assert!(
        records[0][1].contains("\u{201c}Checkout API\u{201d}"),
        "{:?}",
        records[0]
    );

    // The decision record, the deck, the summary and the JSON file carry them too.
    let record = app.text(&format!("/f/{token}/export/decision.md")).await;
    let found = sections(&record);
    let more = section(&found, HeadingLevel::H2, "More Information");
    assert!(
        more.contains("Measure the peak, then decide \u{2014} @ana, due 2030-01-31"),
        "{more}"
    );
    let deck = app.text(&format!("/f/{token}/export/deck.html")).await;
    assert!(deck.contains("Measure the peak, then decide \u{2014} @ana, due 2030-01-31"));
    let summary = app.text(&format!("/f/{token}/export/summary.md")).await;
    assert!(
        summary.contains("1. Measure the peak, then decide \u{2014} @ana, due 2030-01-31"),
        "{summary}"
    );
    let json = app.json(&format!("/f/{token}/export/assessment.json")).await;
    assert_eq!(json["next_actions"][0]["owner"], "ana");
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(results.contains("(owner: ana, due 2030-01-31)"));
}
