//! The cost step through HTTP: saving a workload, validation, the chart, and the results.

use crate::common;

use common::TestApp;
use reqwest::StatusCode;

async fn cost_step(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("token", token), ("number", "11"), ("go", "stay")];
    form.extend_from_slice(fields);
    app.client
        .post(app.url("/api/save_step"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_saved_workload_shows_in_the_step_the_results_and_the_exports() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Costed").await;

    let step = app.text(&format!("/f/{token}/step/11")).await;
    assert!(step.contains("Cost calculator"));
    assert!(
        step.contains(r#"name="costs[requests_per_month]""#) && step.contains(r#"value="10000000""#),
        "defaults"
    );

    let response = cost_step(
        &app,
        &token,
        &[
            ("costs[requests_per_month]", "250,000,000"),
            ("costs[peak_to_average]", "3"),
            ("instance", "m5.large (2 vCPU, 8 GiB)"),
            ("costs[ops_hourly_rate]", "90"),
        ],
    )
    .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    let step = app.text(&format!("/f/{token}/step/11")).await;
    assert!(step.contains(r#"value="250000000""#), "the saved volume is shown");
    assert!(step.contains("m5.large"));

    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(
        results.contains("250,000,000 requests a month, with peaks 3"),
        "assumptions are listed"
    );
    assert!(results.contains("Break-even"));
    assert!(
        results.contains("so says the cost estimate") || results.contains("the cost estimate says otherwise")
    );

    let chart = app
        .client
        .get(app.url(&format!("/f/{token}/charts/cost.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(chart.status(), StatusCode::OK);
    let svg = chart.text().await.unwrap();
    assert!(svg.contains("your workload: 250M"));
    assert!(
        svg.contains("Serverless with people time") && svg.contains("Servers with people time"),
        "each side is drawn with and without its people time"
    );

    let deck = app.text(&format!("/f/{token}/export/deck.html")).await;
    assert!(deck.contains("Cost and scale") && deck.contains("your workload: 250M"));
    let markdown = app.text(&format!("/f/{token}/export/summary.md")).await;
    assert!(markdown.contains("## Cost and scale") && markdown.contains("250,000,000 requests a month"));
}

#[tokio::test]
async fn bad_numbers_are_refused_with_the_field_and_nothing_is_saved() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Validated").await;
    for (field, value, message) in [
        (
            "costs[memory_mb]",
            "64",
            "Memory per run must be between 128 and 1,048,576 MB.",
        ),
        (
            "costs[duration_ms]",
            "quick",
            "Average run time must be a number (ms).",
        ),
        ("costs[needs_gpu]", "maybe", "Tick the box or leave it empty."),
        ("costs[secret]", "1", "There is no such cost field."),
        (
            "instance",
            "mainframe",
            "Choose one of the listed instance sizes.",
        ),
    ] {
        let response = cost_step(
            &app,
            &token,
            &[("costs[requests_per_month]", "5"), (field, value)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["Invalid"]["message"], message);
    }
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(!results.contains("Assumptions"), "nothing was saved");

    let chart = app
        .client
        .get(app.url(&format!("/f/{token}/charts/cost.svg?memory_mb=1")))
        .send()
        .await
        .unwrap();
    assert_eq!(chart.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let chart = app
        .client
        .get(app.url(&format!("/f/{token}/charts/cost.svg?requests_per_month=2000000")))
        .send()
        .await
        .unwrap();
    assert!(chart.text().await.unwrap().contains("your workload: 2.0M"));
}

#[tokio::test]
async fn a_two_hour_job_is_taken_and_checked_against_the_platforms_time_limit_by_name() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Nightly batch").await;
    // What the form sends with the gateway box unticked and the GPU box ticked.
    let response = cost_step(
        &app,
        &token,
        &[
            ("costs[requests_per_month]", "30"),
            ("costs[duration_ms]", "7,200,000"),
            ("costs[longest_run_seconds]", "7200"),
            ("costs[needs_gpu]", "on"),
        ],
    )
    .await;
    assert!(response.status().is_success() || response.status().is_redirection());

    let step = app.text(&format!("/f/{token}/step/11")).await;
    assert!(
        step.contains("Against AWS Lambda\u{2019}s limits"),
        "the step shows the limits"
    );
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(
        results.contains("Longest run: 2 h is over AWS Lambda\u{2019}s limit (15 min): keep the runs longer than 15 min off functions"),
        "the results name the platform's limit"
    );
    assert!(results.contains("the work that needs a GPU"));
    assert!(results.contains("no API gateway: the work is triggered by events"));
    assert!(!results.contains("Longest request through the API gateway"));
    let markdown = app.text(&format!("/f/{token}/export/summary.md")).await;
    assert!(markdown.contains("over AWS Lambda\u{2019}s limit (15 min)"));

    // A team on another platform overrides the limits, as it can the prices.
    let response = cost_step(
        &app,
        &token,
        &[
            ("costs[max_run_seconds]", "86400"),
            ("costs[platform_gpus]", "on"),
            ("costs[platform_name]", "Our batch platform"),
            ("costs[longest_run_seconds]", "7200"),
            ("costs[needs_gpu]", "on"),
        ],
    )
    .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let results = app.text(&format!("/f/{token}/results")).await;
    assert!(results.contains("Against Our batch platform\u{2019}s limits"));
    assert!(
        !results.contains("Over the limit"),
        "within the team's own platform's limits"
    );
}

#[tokio::test]
async fn a_save_button_keeps_the_defaults_as_the_estimate_and_back_does_not() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    // The form as it first shows: the defaults, with the gateway box ticked.
    let defaults = [
        ("costs[requests_per_month]", "10000000"),
        ("costs[uses_gateway]", "on"),
    ];
    let post = async |token: &str, go: &str| {
        let mut form = vec![("token", token), ("number", "11"), ("go", go)];
        form.extend_from_slice(&defaults);
        let response = app
            .client
            .post(app.url("/api/save_step"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
    };
    let saved = |results: &str| results.contains("Assumptions");

    for go in ["next", "results"] {
        let token = app.create("Accepted defaults").await;
        post(&token, go).await;
        let results = app.text(&format!("/f/{token}/results")).await;
        assert!(saved(&results), "{go}: the figures shown are the team's estimate");
    }
    for go in ["back", "stay"] {
        let token = app.create("Passed by").await;
        post(&token, go).await;
        let results = app.text(&format!("/f/{token}/results")).await;
        assert!(
            !saved(&results),
            "{go}: nothing was changed, so nothing is the estimate"
        );
    }
}
