//! Share links and exports: capabilities, rotation, private headers, tokens at rest, the
//! deck, Markdown and JSON, and imports of hostile files.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{TestApp, count_assessments, sqlite_url};
use domain::content::Content;
use reqwest::StatusCode;

/// Every server function that changes data, with a request that would change something and
/// the capability it needs. A server function missing from this table fails
/// `every_server_function_is_in_the_capability_table`.
fn mutations(token: &str) -> Vec<(&'static str, Vec<(String, String)>)> {
    let field = |k: &str, v: &str| (k.to_owned(), v.to_owned());
    vec![
        (
            "/api/save_answer",
            vec![
                field("token", token),
                field("question", "cost-scale.spiky-traffic"),
                field("value", "5"),
            ],
        ),
        (
            "/api/save_step",
            vec![
                field("token", token),
                field("number", "1"),
                field("answers[cost-scale.spiky-traffic]", "5"),
                field("importance", "3"),
                field("note", "forged"),
                field("version", "0"),
                field("go", "next"),
            ],
        ),
        (
            "/api/rotate_link",
            vec![field("token", token), field("kind", "facilitator")],
        ),
        ("/api/update_content", vec![field("token", token)]),
        (
            "/api/save_parts",
            vec![field("token", token), field("add", "Forged part")],
        ),
        (
            "/api/edit_details",
            vec![
                field("token", token),
                field("title", "Forged"),
                field("description", ""),
                field("version", "1"),
            ],
        ),
        (
            "/api/edit_decision",
            vec![
                field("token", token),
                field("wording", "Forged"),
                field("status", "accepted"),
                field("version", "0"),
            ],
        ),
        (
            "/api/edit_actions",
            vec![
                field("token", token),
                field("actions[a0.summary]", "Forged"),
                field("version", "0"),
            ],
        ),
        (
            "/api/save_answers",
            vec![
                field("token", token),
                field("answers[cost-scale.spiky-traffic]", "5"),
            ],
        ),
        (
            "/api/join_room",
            vec![field("token", token), field("name", "Forger")],
        ),
        (
            "/api/control_room",
            vec![
                field("token", token),
                field("action", "reveal"),
                field("step", "1"),
            ],
        ),
        (
            "/api/remove_people",
            vec![
                field("token", token),
                field(&app::api::person_field(&"facilitator".into()), "on"),
            ],
        ),
        (
            "/api/save_review",
            vec![
                field("token", token),
                field("version", "0"),
                field("review[due]", "2030-01-01"),
            ],
        ),
        ("/api/assess_again", vec![field("token", token)]),
        (
            "/api/delete_assessment",
            vec![field("token", token), field("confirm", GUARDED)],
        ),
    ]
}

/// The title of the assessment the requests of [`mutations`] are sent to.
const GUARDED: &str = "Guarded";

/// Server functions that read, or that need no token, with what they need.
const READS_AND_OPEN: [(&str, &str); 12] = [
    ("/api/create_assessment", "none: anyone may start an assessment"),
    (
        "/api/find_room",
        "none: the join code is the secret, and it only leads to the link",
    ),
    ("/api/room", "participate"),
    ("/api/room_pulse", "participate"),
    ("/api/room_panel", "facilitate"),
    ("/api/presenter", "facilitate"),
    ("/api/overview", "facilitate"),
    ("/api/step", "facilitate"),
    ("/api/results", "read"),
    ("/api/shared", "read"),
    ("/api/rounds", "read"),
    (
        "/api/save_answer",
        "participate, as a joined participant or the facilitator (a mutation)",
    ),
];

#[test]
fn server_functions_that_read_are_gets_and_those_that_change_are_posts() {
    let methods: BTreeMap<String, String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method.to_string()))
        .collect();
    for (path, _) in mutations("t") {
        assert_eq!(methods[path], "POST", "{path} changes data");
    }
    let reads = READS_AND_OPEN
        .iter()
        .filter(|(_, needs)| matches!(*needs, "participate" | "facilitate" | "read"));
    for (path, _) in reads {
        assert_eq!(
            methods[*path], "GET",
            "{path} only reads: a GET, never counted as a write"
        );
    }
}

#[test]
fn every_server_function_is_in_the_capability_table() {
    let listed: BTreeSet<String> = mutations("t")
        .into_iter()
        .map(|(path, _)| path.to_owned())
        .chain(READS_AND_OPEN.iter().map(|(path, _)| (*path).to_owned()))
        .collect();
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    assert!(!registered.is_empty());
    let missing: Vec<&String> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions without a capability entry: {missing:?}"
    );
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: String,
    app: TestApp,
}

async fn fixture() -> Fixture {
    let (dir, store) = common::sqlite_store().await;
    let db = sqlite_url(&dir);
    let app = TestApp::spawn(store).await;
    Fixture { _dir: dir, db, app }
}

/// The facilitator page's links: (facilitator, read-only) tokens.
async fn links_of(app: &TestApp, facilitator: &str) -> (String, String) {
    let html = app.text(&format!("/f/{facilitator}")).await;
    let read_only = html
        .split("/r/")
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .unwrap_or_else(|| panic!("the facilitator page shows no read-only link: {html}"));
    (facilitator.to_owned(), read_only)
}

async fn rows(db: &str, sql: &str) -> Vec<(String, String, i64)> {
    let pool = sqlx::SqlitePool::connect(db).await.unwrap();
    sqlx::query_as(sql).fetch_all(&pool).await.unwrap()
}

#[tokio::test]
async fn a_read_only_link_can_change_nothing_whatever_is_forged() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create(GUARDED).await;
    let (_, read_only) = links_of(&app, &facilitator).await;
    let before = rows(
        &db,
        "SELECT kind, token_hash, COALESCE(replaced_at_ms, 0) FROM links ORDER BY kind",
    )
    .await;

    for (path, fields) in mutations(&read_only) {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        // As a script would send it, and as a form without JavaScript would.
        let as_script = app.client.post(app.url(path)).form(&fields).send().await.unwrap();
        assert_eq!(as_script.status(), StatusCode::FORBIDDEN, "{path}");
        let as_form = app.post_form(path, &fields).await;
        assert_ne!(as_form.status(), StatusCode::OK, "{path}");
    }

    let answers = rows(&db, "SELECT participant_id, question_id, value FROM answers").await;
    assert!(answers.is_empty(), "{answers:?}");
    let settings = rows(&db, "SELECT dimension_id, note, version FROM dimension_settings").await;
    assert!(settings.is_empty(), "{settings:?}");
    let decisions = rows(&db, "SELECT wording, status, version FROM decisions").await;
    assert!(decisions.is_empty(), "{decisions:?}");
    let actions = rows(&db, "SELECT assessment_id, actions, version FROM next_actions").await;
    assert!(actions.is_empty(), "{actions:?}");
    let after = rows(
        &db,
        "SELECT kind, token_hash, COALESCE(replaced_at_ms, 0) FROM links ORDER BY kind",
    )
    .await;
    assert_eq!(before, after, "no link was rotated");
    let joined = rows(&db, "SELECT id, name, joined_at_ms FROM participants").await;
    assert!(joined.is_empty(), "{joined:?}");
    let rooms = rows(&db, "SELECT id, title, revealed_steps FROM assessments").await;
    assert_eq!(rooms[0].2, 0, "nothing was revealed");
    assert_eq!(
        rooms[0].1, GUARDED,
        "the title was not changed, nor the assessment deleted"
    );

    // The same requests with the facilitator link do change things.
    for (path, fields) in mutations(&facilitator).into_iter().take(2) {
        let response = app.client.post(app.url(path)).form(&fields).send().await.unwrap();
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{path}: {}",
            response.status()
        );
    }
    assert_eq!(
        rows(&db, "SELECT participant_id, question_id, value FROM answers")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_404s() {
    let Fixture { _dir, app, .. } = fixture().await;
    for path in [
        "/f/AAAAAAAAAAAAAAAAAAAAAA",
        "/r/AAAAAAAAAAAAAAAAAAAAAA",
        "/r/short",
        "/f/%27%20OR%201%3D1",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_replaced_link_stops_at_once_with_a_clear_page() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Rotating").await;
    let (_, read_only) = links_of(&app, &facilitator).await;
    assert_eq!(
        app.client
            .get(app.url(&format!("/r/{read_only}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let response = app
        .post_form(
            "/api/rotate_link",
            &[
                ("token", &facilitator),
                ("kind", "read-only"),
                ("__return", &format!("/f/{facilitator}")),
            ],
        )
        .await;
    assert!(response.status().is_redirection());

    let old = app
        .client
        .get(app.url(&format!("/r/{read_only}")))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::GONE);
    assert!(old.text().await.unwrap().contains("This link was replaced"));
    let (_, fresh) = links_of(&app, &facilitator).await;
    assert_ne!(fresh, read_only);
    assert_eq!(
        app.client
            .get(app.url(&format!("/r/{fresh}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    // Replacing the facilitator link moves the facilitator to the new one.
    let response = app
        .post_form(
            "/api/rotate_link",
            &[("token", &facilitator), ("kind", "facilitator")],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/f/") && !location.contains(&facilitator),
        "{location}"
    );
    assert_eq!(
        app.client
            .get(app.url(&format!("/f/{facilitator}")))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::GONE
    );
    assert_eq!(
        app.client.get(app.url(&location)).send().await.unwrap().status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn pages_reached_by_a_token_are_private() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Private").await;
    let (_, read_only) = links_of(&app, &facilitator).await;
    for path in [
        format!("/f/{facilitator}"),
        format!("/f/{facilitator}/step/1"),
        format!("/r/{read_only}"),
    ] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers();
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
        assert!(
            headers["x-robots-tag"].to_str().unwrap().contains("noindex"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_database_keeps_only_hashes_of_tokens() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create("Hashed").await;
    let (_, read_only) = links_of(&app, &facilitator).await;
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    let dump: Vec<(String, String, String)> =
        sqlx::query_as("SELECT token_hash, sealed, assessment_id FROM links")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(dump.len(), 3);
    for token in [&facilitator, &read_only] {
        for (hash, sealed, id) in &dump {
            assert!(
                !hash.contains(token.as_str())
                    && !sealed.contains(token.as_str())
                    && !id.contains(token.as_str())
            );
        }
    }
}

#[tokio::test]
async fn the_read_only_page_shows_everything_and_offers_no_edits() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Shown whole").await;
    app.client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "1"),
            ("answers[cost-scale.spiky-traffic]", "5"),
            ("importance", "3"),
            ("note", "Lunch peaks"),
            ("version", "0"),
            ("go", "next"),
        ])
        .send()
        .await
        .unwrap();
    let (_, read_only) = links_of(&app, &facilitator).await;
    let html = app.text(&format!("/r/{read_only}")).await;
    for expected in [
        "Shown whole",
        "Lunch peaks",
        "Strongly agree 1",
        "Each dimension in detail",
        "RDBMS first (often)",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for absent in [
        "/api/save_step",
        "/api/rotate_link",
        "/api/save_answer",
        "type=\"radio\"",
        "<textarea",
        facilitator.as_str(),
    ] {
        assert!(!html.contains(absent), "the read-only page offers {absent}");
    }
}

/// A read-only page and the nonce its policy allows scripts with, checking whether it was
/// served as kept (`HIT`) or rendered (`MISS`).
async fn page_with_nonce(app: &TestApp, path: &str, cache: &str) -> (String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-cache"], cache);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = common::policy_nonce(&policy).to_owned();
    (response.text().await.unwrap(), nonce)
}

#[tokio::test]
async fn a_kept_read_only_page_gets_a_fresh_nonce_and_is_rendered_again_after_any_change() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Kept").await;
    let (_, read_only) = links_of(&app, &facilitator).await;
    let path = format!("/r/{read_only}");
    let (first, first_nonce) = page_with_nonce(&app, &path, "MISS").await;
    let (second, second_nonce) = page_with_nonce(&app, &path, "HIT").await;
    assert_ne!(first_nonce, second_nonce, "a nonce is never sent twice");
    for (html, nonce) in [(&first, &first_nonce), (&second, &second_nonce)] {
        common::assert_every_script_carries(html, nonce);
    }
    assert_eq!(
        first.replace(&first_nonce, "N"),
        second.replace(&second_nonce, "N")
    );
    assert!(!first.contains("Decided on the spot"));

    let saved = app
        .client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "1"),
            ("note", "Decided on the spot"),
            ("version", "0"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success() || saved.status().is_redirection());
    let (noted, _) = page_with_nonce(&app, &path, "MISS").await;
    assert!(noted.contains("Decided on the spot"));
    page_with_nonce(&app, &path, "HIT").await;

    let renamed = app
        .client
        .post(app.url("/api/edit_details"))
        .header("accept", "application/json")
        .form(&[
            ("token", facilitator.as_str()),
            ("title", "Kept and renamed"),
            ("description", ""),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert!(renamed.status().is_success(), "{}", renamed.status());
    let (renamed_page, _) = page_with_nonce(&app, &path, "MISS").await;
    assert!(renamed_page.contains("Kept and renamed"));
}

fn text_fields_with_markup() -> [(&'static str, &'static str); 3] {
    [
        ("title", "<script>alert('title')</script> & co"),
        ("description", "<img src=x onerror=alert('description')>"),
        (
            "note",
            "</textarea><script>alert('note')</script> **bold** # heading",
        ),
    ]
}

#[tokio::test]
async fn markup_in_every_text_field_comes_out_inert_in_every_format() {
    let Fixture { _dir, app, .. } = fixture().await;
    let [(_, title), (_, description), (_, note)] = text_fields_with_markup();
    let response = app
        .post_form(
            "/api/create_assessment",
            &[("title", title), ("description", description)],
        )
        .await;
    let facilitator = response.headers()["location"]
        .to_str()
        .unwrap()
        .strip_prefix("/f/")
        .unwrap()
        .to_owned();
    app.client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "1"),
            ("note", note),
            ("version", "0"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    let (_, read_only) = links_of(&app, &facilitator).await;

    let get = |path: String| {
        let app = &app;
        async move { app.text(&path).await }
    };
    let outputs = [
        ("facilitator page", get(format!("/f/{facilitator}")).await),
        ("step page", get(format!("/f/{facilitator}/step/1")).await),
        ("read-only page", get(format!("/r/{read_only}")).await),
        ("deck", get(format!("/r/{read_only}/export/deck.html")).await),
        ("markdown", get(format!("/r/{read_only}/export/summary.md")).await),
    ];
    for (name, output) in &outputs {
        for raw in ["<script>alert(", "<img src=x", "</textarea><script>"] {
            assert!(!output.contains(raw), "{name} lets {raw:?} through");
        }
    }
    let deck = &outputs[3].1;
    assert!(
        deck.contains("&lt;script&gt;alert('title')&lt;/script&gt; &amp; co"),
        "the deck shows the title as text"
    );
    let markdown = &outputs[4].1;
    assert!(markdown.contains("&lt;script&gt;alert('title')&lt;/script&gt;"));
    assert!(
        markdown.contains("\\*\\*bold\\*\\* \\# heading"),
        "Markdown markup in notes is escaped"
    );
}

/// The block structure of a Markdown document: each block that opens, in order, with the
/// depth of headings.
fn markdown_blocks(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Paragraph) => None,
            Event::Start(tag) => Some(
                format!("{tag:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap()
                    .to_owned(),
            ),
            Event::Rule => Some("Rule".to_owned()),
            Event::Html(_) | Event::InlineHtml(_) => Some("Html".to_owned()),
            _ => None,
        })
        .collect()
}

/// The Markdown summary of an assessment with these texts.
async fn summary_with(app: &TestApp, title: &str, description: &str, note: &str) -> String {
    let response = app
        .post_form(
            "/api/create_assessment",
            &[("title", title), ("description", description)],
        )
        .await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let facilitator = location.strip_prefix("/f/").expect("created").to_owned();
    let saved = app
        .client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "1"),
            ("note", note),
            ("version", "0"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "{}", saved.text().await.unwrap());
    app.text(&format!("/f/{facilitator}/export/summary.md")).await
}

#[tokio::test]
async fn block_syntax_in_user_text_forges_no_slide_or_heading_in_the_markdown() {
    let Fixture { _dir, app, .. } = fixture().await;
    let hostile = [
        "x\n---\n# Forged slide",
        "Text\n===\n\n---",
        "- item\n+ item\n* item\n1. first\n2) second",
        "> quoted\n```\ncode\n```\n~~~\nmore\n~~~",
        "<div>\nblock\n</div>\n\n    indented code\n\t\ttabbed",
        "| a | b |\n| --- | --- |\n| c | d |",
        "[link]: https://evil.example\n***\n___\n## Heading",
    ];
    for text in hostile {
        // The same text without its markup: as long and on as many lines, so it takes as many
        // slides (long text goes on to slides of its own).
        let plain: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c.is_whitespace() {
                    c
                } else {
                    'x'
                }
            })
            .collect();
        let blocks = markdown_blocks(&summary_with(&app, &plain.replace('\n', " "), &plain, &plain).await);
        assert!(blocks.iter().filter(|b| *b == "Rule").count() > 5, "{blocks:?}");
        let title = text.replace('\n', " ");
        let forged = summary_with(&app, &title, text, text).await;
        assert_eq!(
            markdown_blocks(&forged),
            blocks,
            "{text:?} changed the structure:\n{forged}"
        );
    }
}

#[tokio::test]
async fn the_deck_is_one_self_contained_file_with_every_slide() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Checkout API").await;
    let response = app
        .client
        .get(app.url(&format!("/f/{facilitator}/export/deck.html")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"whenless-checkout-api-"),
        "{disposition}"
    );
    assert!(disposition.ends_with(".html\""), "{disposition}");
    let deck = response.text().await.unwrap();

    let dimensions = &Content::bundled().dimensions;
    // Title, verdict, chart, each dimension on as many slides as it needs, red flags, next
    // steps.
    assert!(deck.matches("<section class=\"slide\"").count() >= dimensions.len() + 5);
    for dimension in dimensions {
        let heading = format!("<h2>{}</h2>", dimension.title);
        assert_eq!(deck.matches(&heading).count(), 1, "{heading}");
    }
    assert!(deck.contains("<svg"), "the chart is inline");
    for fetches in [
        "src=",
        "href=",
        "url(",
        "@import",
        "<link",
        "<iframe",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(
            !deck.contains(fetches),
            "the deck would load something: {fetches}"
        );
    }
    assert!(deck.contains("@page{size:16in 9in"), "prints in 16:9");
}

#[tokio::test]
async fn exports_are_refused_for_unknown_files_and_tokens() {
    let Fixture { _dir, app, .. } = fixture().await;
    let facilitator = app.create("Exports").await;
    let unknown_file = app
        .client
        .get(app.url(&format!("/f/{facilitator}/export/secrets.txt")))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_file.status(), StatusCode::NOT_FOUND);
    let unknown_token = app
        .client
        .get(app.url("/r/AAAAAAAAAAAAAAAAAAAAAA/export/deck.html"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_token.status(), StatusCode::NOT_FOUND);
}

async fn export_json(app: &TestApp, facilitator: &str) -> serde_json::Value {
    let mut json = app
        .json(&format!("/f/{facilitator}/export/assessment.json"))
        .await;
    // An import is a new assessment, made now.
    json["created_at_ms"] = serde_json::Value::from(0);
    json
}

/// Posts `json` to the import, as a program would.
async fn import(app: &TestApp, json: &serde_json::Value) -> reqwest::Response {
    app.client
        .post(app.url("/import"))
        .json(json)
        .send()
        .await
        .unwrap()
}

/// Imports `json`, which must be accepted, and returns the new assessment's facilitator token.
async fn import_created(app: &TestApp, json: &serde_json::Value) -> String {
    let response = import(app, json).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: serde_json::Value = response.json().await.unwrap();
    created["facilitator"]
        .as_str()
        .unwrap()
        .strip_prefix("/f/")
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn json_export_imports_back_to_the_same_content() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create("<b>Round</b> trip").await;
    app.client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "12"),
            ("answers[real-time]", "2"),
            ("answers[control]", "0"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    app.client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "3"),
            ("answers[data.queries-across-tables]", "1"),
            ("importance", "0"),
            ("note", "Line one\nline two"),
            ("version", "0"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    app.client
        .post(app.url("/api/save_step"))
        .form(&[
            ("token", facilitator.as_str()),
            ("number", "11"),
            ("costs[requests_per_month]", "40,000,000"),
            ("go", "stay"),
        ])
        .send()
        .await
        .unwrap();
    let first = export_json(&app, &facilitator).await;
    assert_eq!(first["answers"].as_array().unwrap().len(), 3, "{first}");
    assert_eq!(first["format_version"], 5, "{first}");
    assert_eq!(
        first["costs"]["workload"]["requests_per_month"], 40_000_000.0,
        "the cost estimate travels with the file: {first}"
    );

    let imported = import_created(&app, &first).await;
    assert_ne!(imported, facilitator);
    assert_eq!(export_json(&app, &imported).await, first);
    let fit = |page: String| {
        let start = page.find("fit-value\">").expect("a fit on the results page") + 11;
        page[start..start + 3].to_owned()
    };
    assert_eq!(
        fit(app.text(&format!("/f/{imported}/results")).await),
        fit(app.text(&format!("/f/{facilitator}/results")).await),
        "the imported assessment scores the same, cost estimate included"
    );
    assert_eq!(count_assessments(&db).await, 2);
}

#[tokio::test]
async fn a_file_is_imported_into_the_content_version_it_names() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create("Old questions").await;
    let mut old = export_json(&app, &facilitator).await;
    assert_eq!(old["content_version"], Content::bundled().version.as_str());

    // Exported before 2026.11.2, with an answer to a question only 2026.11.1 has.
    old["content_version"] = serde_json::Value::from("2026.11.1");
    old["answers"] = serde_json::json!([
        { "participant": "facilitator", "question": "events-queues.can-wait", "value": 5 },
        { "participant": "facilitator", "question": "events-queues.tightly-linked-flow", "value": 4 }
    ]);
    let imported = import_created(&app, &old).await;
    assert_eq!(
        export_json(&app, &imported).await,
        old,
        "kept with its version and its answer"
    );
    let step = app.text(&format!("/f/{imported}/step/2")).await;
    assert!(
        step.contains("Our system is one tightly linked flow"),
        "shown with the questions of 2026.11.1"
    );
    // The slide's columns, headed as the slide means them and named.
    assert!(step.contains("Hesitations about the serverless way"), "{step}");
    assert!(step.contains("Strengths of the serverless way"));
    assert!(step.contains("From the slide \u{201c}Events and Queues\u{201d}"));
    assert!(!step.contains("With servers"));
    let markdown = app.text(&format!("/f/{imported}/export/summary.md")).await;
    assert!(markdown.contains("Our system is one tightly linked flow"));
    assert!(markdown.contains("From the talk's slide \u{201c}Data\u{201d}:\n\n**The server way**"));
    assert!(markdown.contains("**Hesitations about the serverless way**"));
    let deck = app.text(&format!("/f/{imported}/export/deck.html")).await;
    assert!(deck.contains("<h3>Strengths of the serverless way</h3>"));
    assert!(!deck.contains("With servers"));

    // A version this build does not have is refused, as JSON and from the form.
    let mut unknown = old.clone();
    unknown["content_version"] = serde_json::Value::from("2099.1.1");
    let response = import(&app, &unknown).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = response.json().await.unwrap();
    assert!(
        error["error"].as_str().unwrap().contains("\"2099.1.1\""),
        "{error}"
    );
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(unknown.to_string().into_bytes()).file_name("old.json"),
    );
    let response = app
        .client
        .post(app.url("/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/?import_error=unknown-version");
    assert!(app.text(&location).await.contains("a version of Whenless"));
    assert_eq!(count_assessments(&db).await, 2);

    // The facilitator moves it to the current questions: the answer to the question both
    // versions ask is kept, the other no longer counts nor is exported.
    let overview = app.text(&format!("/f/{imported}")).await;
    assert!(
        overview.contains("Move to the talk\u{2019}s questions, version 2026.11.2"),
        "offered"
    );
    let response = app
        .client
        .post(app.url("/api/update_content"))
        .form(&[("token", imported.as_str())])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success() || response.status().is_redirection());
    let moved = export_json(&app, &imported).await;
    assert_eq!(moved["content_version"], "2026.11.2");
    assert_eq!(
        moved["answers"],
        serde_json::json!([{ "participant": "facilitator", "question": "events-queues.can-wait", "value": 5 }])
    );
    let overview = app.text(&format!("/f/{imported}")).await;
    assert!(
        !overview.contains("Move to the questions"),
        "nothing left to move to"
    );
    let step = app.text(&format!("/f/{imported}/step/2")).await;
    assert!(
        step.contains("This workload&#x27;s processing can be split")
            || step.contains("This workload's processing can be split")
    );
}

#[tokio::test]
async fn hostile_imports_are_refused_with_a_message_and_create_nothing() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create("Source").await;
    let good = export_json(&app, &facilitator).await;

    let mut unknown_field = good.clone();
    unknown_field["is_admin"] = serde_json::Value::Bool(true);
    let mut wrong_type = good.clone();
    wrong_type["title"] = serde_json::Value::from(42);
    let mut bad_answer = good.clone();
    bad_answer["answers"] =
        serde_json::json!([{ "participant": "facilitator", "question": "data.made-up", "value": 5 }]);
    let mut long_title = good.clone();
    long_title["title"] = serde_json::Value::from("x".repeat(100_000));

    for (case, body) in [
        ("unknown field", unknown_field.to_string()),
        ("wrong type", wrong_type.to_string()),
        ("unknown question", bad_answer.to_string()),
        ("oversized title", long_title.to_string()),
        ("not JSON", "<script>alert(1)</script>".to_owned()),
        ("empty", String::new()),
    ] {
        let response = app
            .client
            .post(app.url("/import"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{case}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert!(!error["error"].as_str().unwrap().is_empty(), "{case}");
    }

    let huge = format!("{{\"title\": \"{}\"}}", "a".repeat(10 * 1024 * 1024));
    let response = app
        .client
        .post(app.url("/import"))
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // A form upload of a bad file comes back to the start page with the message.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"{\"format\": 1}".to_vec()).file_name("bad.json"),
    );
    let response = app
        .client
        .post(app.url("/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/?import_error=not-whenless");
    let page = app.text(&location).await;
    assert!(
        page.contains("This is not a Whenless assessment file"),
        "the start page explains"
    );

    assert_eq!(
        count_assessments(&db).await,
        1,
        "only the source assessment exists"
    );

    // Markup inside strings is accepted as text, and stays text.
    let mut scripted = good.clone();
    scripted["title"] = serde_json::Value::from("<script>alert('import')</script>");
    let imported = import_created(&app, &scripted).await;
    let html = app.text(&format!("/f/{imported}")).await;
    assert!(!html.contains("<script>alert('import')"));
    assert!(html.contains("&lt;script&gt;alert('import')&lt;/script&gt;"));
}

#[tokio::test]
async fn writes_from_another_site_are_refused_and_change_nothing() {
    let Fixture { _dir, db, app } = fixture().await;
    let facilitator = app.create(GUARDED).await;
    let links_before = rows(
        &db,
        "SELECT kind, token_hash, COALESCE(replaced_at_ms, 0) FROM links ORDER BY kind",
    )
    .await;
    let export = app
        .client
        .get(app.url(&format!("/f/{facilitator}/export/assessment.json")))
        .send()
        .await
        .unwrap();
    let file = export.text().await.unwrap();

    let mut requests: Vec<(&str, Vec<(String, String)>)> = mutations(&facilitator);
    requests.push((
        "/api/create_assessment",
        vec![
            ("title".into(), "Forged".into()),
            ("description".into(), String::new()),
        ],
    ));
    // The app is served over plain HTTP here: its own host over HTTPS is another origin.
    let same_host_other_scheme = format!("https://{}", app.addr);
    for (from, header) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("origin", same_host_other_scheme.as_str()),
    ] {
        for (path, fields) in &requests {
            let response = app
                .client
                .post(app.url(path))
                .header(from, header)
                .form(fields)
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{path} with {from}: {header}"
            );
        }
        let response = app
            .client
            .post(app.url("/import"))
            .header(from, header)
            .header("content-type", "application/json")
            .body(file.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "/import with {from}: {header}"
        );
    }

    assert_eq!(count_assessments(&db).await, 1);
    assert!(
        rows(&db, "SELECT participant_id, question_id, value FROM answers")
            .await
            .is_empty()
    );
    let links_after = rows(
        &db,
        "SELECT kind, token_hash, COALESCE(replaced_at_ms, 0) FROM links ORDER BY kind",
    )
    .await;
    assert_eq!(links_before, links_after);

    // The same requests from the app's own pages go through.
    let (path, fields) = &requests[0];
    let response = app
        .client
        .post(app.url(path))
        .header("sec-fetch-site", "same-origin")
        .form(fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}
