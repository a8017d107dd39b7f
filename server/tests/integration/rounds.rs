//! Rounds: assessing again closes the round under way; the rounds page and its chart compare
//! them, for the facilitator and read-only readers.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

async fn answer(app: &TestApp, token: &str, value: &str) {
    let response = app
        .client
        .post(app.url("/api/save_answer"))
        .form(&[
            ("token", token),
            ("question", "cost-scale.spiky-traffic"),
            ("value", value),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

async fn again(app: &TestApp, token: &str, keep: bool) -> reqwest::Response {
    let mut form = vec![("token", token)];
    if keep {
        form.push(("keep_answers", "on"));
    }
    app.client
        .post(app.url("/api/assess_again"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = app.read(path, fields, None).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn three_rounds_are_kept_compared_and_charted() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Checkout API").await;
    let (_, overview) = get(&app, "/api/overview", &[("token", &token)]).await;
    let read_only = overview["links"]["read_only"].as_str().unwrap().to_owned();

    let (status, first) = get(&app, "/api/rounds", &[("token", &token)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["rounds"].as_array().unwrap().len(), 1);
    assert_eq!(first["comparison"], Value::Null);

    answer(&app, &token, "5").await;
    assert!(again(&app, &token, false).await.status().is_success());
    let (_, results) = get(&app, "/api/results", &[("token", &token)]).await;
    assert_eq!(results["round"], 2);
    assert_eq!(results["report"]["answered_questions"], 0, "a fresh start");

    answer(&app, &token, "1").await;
    assert!(again(&app, &token, true).await.status().is_success());
    let (_, results) = get(&app, "/api/results", &[("token", &token)]).await;
    assert_eq!(results["round"], 3);
    assert_eq!(
        results["report"]["answered_questions"], 1,
        "kept as a starting point"
    );

    // Readers see the same rounds; the last two are compared unless asked otherwise.
    let (status, rounds) = get(&app, "/api/rounds", &[("token", &read_only)]).await;
    assert_eq!(status, StatusCode::OK);
    let numbers: Vec<i64> = rounds["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(rounds["comparison"]["before"]["number"], 2);
    let (_, picked) = get(&app, "/api/rounds", &[("token", &token), ("a", "3"), ("b", "1")]).await;
    assert_eq!(picked["comparison"]["before"]["number"], 1);
    assert_eq!(picked["comparison"]["after"]["number"], 3);
    let fit = |round: &Value| round["fit"].as_u64();
    assert_ne!(
        fit(&picked["comparison"]["before"]),
        fit(&picked["comparison"]["after"])
    );

    let refused = app
        .read("/api/rounds", &[("token", &token), ("a", "1"), ("b", "9")], None)
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("there is no round 9"));

    // A round the assessment does not have: the message, and the way back to its rounds.
    let stranded = app
        .client
        .get(app.url(&format!("/f/{token}/rounds?a=1&b=9")))
        .send()
        .await
        .unwrap();
    assert_eq!(stranded.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = stranded.text().await.unwrap();
    assert!(html.contains("there is no round 9"), "{html}");
    assert!(html.contains(&format!("href=\"/f/{token}/rounds\"")), "{html}");
    for page in [
        format!("/f/{token}/rounds"),
        format!("/r/{read_only}/rounds?a=1&b=3"),
    ] {
        let html = app.text(&page).await;
        assert!(html.contains("<h1>Rounds"), "{page}");
        assert!(
            html.contains("Round 1") && html.contains("Round 3 (under way)"),
            "{page}"
        );
        assert!(html.contains("What changed"), "{page}");
    }
    for chart in [
        format!("/f/{token}/charts/rounds.svg"),
        format!("/r/{read_only}/charts/rounds.svg"),
    ] {
        let response = app.client.get(app.url(&chart)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        // Its inline style sheet (the dark-mode colours) is allowed, and nothing else.
        assert_eq!(
            response.headers()["content-security-policy"],
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
        );
        let svg = response.text().await.unwrap();
        assert!(svg.starts_with("<svg"), "{chart}");
        for label in ["Round 1", "Round 2", "Round 3", "Cost and scale"] {
            assert!(svg.contains(label), "{chart} lacks {label}");
        }
    }
    // The Markdown summary carries the history.
    let markdown = app.text(&format!("/r/{read_only}/export/summary.md")).await;
    assert!(markdown.contains("## Earlier rounds"), "{markdown}");
    assert!(markdown.contains("- Round 1, closed "), "{markdown}");
    assert!(markdown.contains("- Round 2, closed "), "{markdown}");
    assert!(markdown.contains("**Since round 2**"), "{markdown}");
    assert!(markdown.contains("The verdict "), "{markdown}");
    // And so does the slide deck.
    let deck = app.text(&format!("/r/{read_only}/export/deck.html")).await;
    assert!(deck.contains("<h2>Earlier rounds</h2>"), "{deck}");
    assert!(deck.contains("<li>Round 1, closed "), "{deck}");
    assert!(deck.contains("<li>Round 2, closed "), "{deck}");
    assert!(
        deck.contains("<p><strong>Since round 2</strong></p><ul><li>The verdict "),
        "{deck}"
    );
    // The JSON file carries the rounds, and imports into an assessment that has them.
    let file = app.json(&format!("/f/{token}/export/assessment.json")).await;
    assert_eq!(file["rounds"].as_array().unwrap().len(), 2);
    let copy = app.import(&file).await;
    let (_, copied) = get(&app, "/api/rounds", &[("token", &copy)]).await;
    assert_eq!(
        copied["rounds"].as_array().unwrap().len(),
        3,
        "two closed and the one under way"
    );
    assert_eq!(copied["rounds"][0], rounds["rounds"][0]);
    // Only the facilitator assesses again.
    assert_eq!(
        again(&app, &read_only, false).await.status(),
        StatusCode::FORBIDDEN
    );
}
