//! Parts of a workload through HTTP: added, answered and removed from the exceptions step's
//! forms without JavaScript, scored per part on the results and in the exports, carried by
//! the JSON file, and refused with a clear message when the input is bad.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;

/// Posts the parts form, as the exceptions step's forms do without JavaScript.
async fn save_parts(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let return_to = format!("/f/{token}/step/12");
    let mut form = vec![("token", token), ("__return", return_to.as_str())];
    form.extend_from_slice(fields);
    app.post_form("/api/save_parts", &form).await
}

/// Answers every dimension's questions "agree" for the facilitator, so the fit decides.
async fn answer_everything(app: &TestApp, token: &str) {
    let content = domain::content::Content::bundled();
    for (index, dimension) in content.dimensions.iter().enumerate() {
        let number = (index + 1).to_string();
        let names: Vec<String> = dimension
            .questions
            .iter()
            .map(|q| format!("answers[{}]", q.id))
            .collect();
        let mut form: Vec<(&str, &str)> = vec![("token", token), ("number", &number), ("go", "stay")];
        form.extend(names.iter().map(|n| (n.as_str(), "4")));
        let response = app
            .client
            .post(app.url("/api/save_step"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success() || response.status().is_redirection());
    }
}

#[tokio::test]
async fn a_team_splits_its_workload_and_each_part_gets_its_own_verdict() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Exchange").await;
    answer_everything(&app, &token).await;

    let step = app.text(&format!("/f/{token}/step/12")).await;
    assert!(step.contains("Parts of the workload") && step.contains(r#"name="add""#));

    for name in ["Public API", "Matching engine"] {
        let response = save_parts(&app, &token, &[("add", name)]).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{name}");
        assert_eq!(
            response.headers()["location"].to_str().unwrap(),
            format!("/f/{token}/step/12#parts")
        );
    }
    let step = app.text(&format!("/f/{token}/step/12")).await;
    assert!(
        step.contains(r#"name="parts[p2.exception.real-time]""#),
        "each part's answers"
    );

    let response = save_parts(
        &app,
        &token,
        &[
            ("parts[p1.name]", "Public API"),
            ("parts[p1.exception.real-time]", "1"),
            ("parts[p1.exception.compute-intensive]", "1"),
            ("parts[p1.exception.mission-critical]", "1"),
            ("parts[p1.exception.control]", "1"),
            ("parts[p1.longest_run_seconds]", "2"),
            ("parts[p1.memory_mb]", "512"),
            ("parts[p1.payload_kb]", "16"),
            ("parts[p1.uses_gateway]", "on"),
            ("parts[p2.name]", "Matching engine"),
            ("parts[p2.exception.real-time]", "3"),
            ("parts[p2.exception.compute-intensive]", "1"),
            ("parts[p2.exception.mission-critical]", "1"),
            ("parts[p2.exception.control]", "1"),
            ("parts[p2.longest_run_seconds]", "1"),
            ("parts[p2.memory_mb]", "4096"),
            ("parts[p2.payload_kb]", "1"),
            ("parts[p2.keeps_state]", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);

    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(results.contains("Part by part"));
    assert!(
        results.contains("Hybrid: named parts on servers"),
        "the whole names the split"
    );
    assert!(results.contains(
        "Split into 2 parts. Serverless first: Public API. Servers for this workload: Matching engine."
    ));
    assert!(results.contains("Part by part: Public API: yes; Matching engine: no."));
    let markdown = app.text(&format!("/f/{token}/export/summary.md")).await;
    assert!(
        markdown.contains("## Part by part")
            && markdown.contains("| Matching engine | no | Servers for this workload |")
    );
    let deck = app.text(&format!("/f/{token}/export/deck.html")).await;
    assert!(deck.contains("<h2>Part by part</h2>"));

    // The JSON file carries the parts, and importing it gives the same verdict.
    let json = app.text(&format!("/f/{token}/export/assessment.json")).await;
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["parts"][1]["name"], "Matching engine");
    let response = app
        .client
        .post(app.url("/import"))
        .header("content-type", "application/json")
        .body(json)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: serde_json::Value = response.json().await.unwrap();
    let imported = created["facilitator"].as_str().unwrap().to_owned();
    let results = app.text(&format!("{imported}/results")).await;
    assert!(results.contains(
        "Split into 2 parts. Serverless first: Public API. Servers for this workload: Matching engine."
    ));

    // Removing a part keeps the other's edits made in the same form.
    let response = save_parts(
        &app,
        &token,
        &[
            ("parts[p1.name]", "API"),
            ("parts[p1.exception.real-time]", "1"),
            ("parts[p1.exception.compute-intensive]", "1"),
            ("parts[p1.exception.mission-critical]", "1"),
            ("parts[p1.exception.control]", "1"),
            ("parts[p2.name]", "Matching engine"),
            ("remove", "p2"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(results.contains("Split into 1 part. Serverless first: API."));
}

#[tokio::test]
async fn bad_parts_are_refused_with_a_message_and_nothing_changes() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Refused").await;
    save_parts(&app, &token, &[("add", "API")]).await;
    for (fields, message) in [
        (vec![("add", "api")], "Two parts are called"),
        (
            vec![("parts[p1.name]", "API"), ("parts[p1.memory_mb]", "lots")],
            "API: Memory per run must be a number (MB).",
        ),
        (vec![("remove", "p7")], "There is no such part to remove."),
    ] {
        // As the browser's script sends it: the error comes back as JSON, with its message.
        let mut form = vec![("token", token.as_str())];
        form.extend(fields.iter().copied());
        let response = app
            .client
            .post(app.url("/api/save_parts"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["Invalid"]["message"].as_str().unwrap().contains(message),
            "{fields:?}: {body}"
        );
    }
    let json = app.text(&format!("/f/{token}/export/assessment.json")).await;
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["parts"].as_array().unwrap().len(), 1, "nothing changed");
    assert_eq!(file["parts"][0]["name"], "API");

    // Without JavaScript, the page comes back with the fixed message for parts.
    let response = save_parts(&app, &token, &[("add", "api")]).await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("/f/{token}/step/12?")),
        "{location}"
    );
    let page = app.text(&location).await;
    assert!(page.contains("The parts were not saved: each needs a name of its own"));

    // Only the facilitator's link edits parts.
    let overview = app.text(&format!("/f/{token}")).await;
    let participant = overview
        .split("/p/")
        .nth(1)
        .and_then(|rest| rest.split(['"', '<', '?']).next())
        .unwrap()
        .to_owned();
    let form = [("token", participant.as_str()), ("add", "Sneaky")];
    let response = app
        .client
        .post(app.url("/api/save_parts"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
