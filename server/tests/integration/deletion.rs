//! Deleting an assessment: the typed title that confirms it, every link answering 410 after,
//! open streams told and ended, and writes that come after it keeping nothing.

use crate::common;

use std::time::Duration;

use common::{Events, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

const PROMPTLY: Duration = Duration::from_secs(5);

async fn overview(app: &TestApp, facilitator: &str) -> Value {
    let response = app.read("/api/overview", &[("token", facilitator)], None).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn delete(app: &TestApp, facilitator: &str, confirm: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/delete_assessment"))
        .form(&[("token", facilitator), ("confirm", confirm)])
        .send()
        .await
        .unwrap()
}

async fn status(app: &TestApp, path: &str) -> StatusCode {
    app.client.get(app.url(path)).send().await.unwrap().status()
}

#[tokio::test]
async fn a_deleted_assessment_answers_gone_at_every_link_and_its_streams_end() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let facilitator = app.create("Checkout API").await;
    let other = app.create("Another team").await;
    let links = &overview(&app, &facilitator).await["links"];
    let (participant, read_only) = (
        links["participant"].as_str().unwrap().to_owned(),
        links["read_only"].as_str().unwrap().to_owned(),
    );
    // The read-only page is kept once read.
    let page = format!("/r/{read_only}");
    assert_eq!(status(&app, &page).await, StatusCode::OK);
    let kept = app.client.get(app.url(&page)).send().await.unwrap();
    assert_eq!(kept.headers()["x-cache"], "HIT");
    let mut streams = Vec::new();
    for page in [
        format!("/f/{facilitator}"),
        format!("/p/{participant}"),
        page.clone(),
    ] {
        let response = app
            .client
            .get(app.url(&format!("{page}/events")))
            .send()
            .await
            .unwrap();
        let mut stream = Events::new(response);
        assert_eq!(stream.next_within(PROMPTLY).await, "room");
        streams.push(stream);
    }

    // A wrong or missing title deletes nothing, and says what to type.
    for wrong in ["checkout api", "", "Another team"] {
        let refused = delete(&app, &facilitator, wrong).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{wrong:?}");
        let message = refused.text().await.unwrap();
        assert!(message.contains("Nothing was deleted."), "{message}");
    }
    // Only the facilitator link may delete.
    for token in [&participant, &read_only] {
        assert_eq!(
            delete(&app, token, "Checkout API").await.status(),
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        overview(&app, &facilitator).await["assessment"]["title"],
        "Checkout API"
    );

    let deleted = delete(&app, &facilitator, " Checkout API ").await;
    assert!(deleted.status().is_success(), "{}", deleted.status());

    // Every open page is told, and its stream then ends.
    for stream in &mut streams {
        assert_eq!(stream.next_within(PROMPTLY).await, "deleted");
        let end = tokio::time::timeout(PROMPTLY, stream.next()).await;
        assert_eq!(end.expect("the stream ends"), None);
    }

    // Every link, page and file of it answers 410 and says why.
    for path in [
        format!("/f/{facilitator}"),
        format!("/f/{facilitator}/results"),
        format!("/f/{facilitator}/step/1"),
        format!("/f/{facilitator}/present"),
        format!("/p/{participant}"),
        format!("/r/{read_only}"),
    ] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::GONE, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("This assessment was deleted"), "{path}: {html}");
    }
    for path in [
        format!("/f/{facilitator}/events"),
        format!("/r/{read_only}/events"),
        format!("/f/{facilitator}/export/summary.md"),
        format!("/r/{read_only}/export/assessment.json"),
        format!("/f/{facilitator}/charts/pros-cons.svg"),
        format!("/f/{facilitator}/join-qr.svg"),
    ] {
        assert_eq!(status(&app, &path).await, StatusCode::GONE, "{path}");
    }
    let read = app.read("/api/results", &[("token", &facilitator)], None).await;
    assert_eq!(read.status(), StatusCode::GONE);
    // A write that arrives after the delete keeps nothing.
    let late = app
        .client
        .post(app.url("/api/save_answer"))
        .form(&[
            ("token", facilitator.as_str()),
            ("question", "cost-scale.spiky-traffic"),
            ("value", "5"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::GONE);
    assert_eq!(
        delete(&app, &facilitator, "Checkout API").await.status(),
        StatusCode::GONE
    );

    // A token that never was is still not found, and other assessments carry on.
    assert_eq!(
        status(&app, "/f/AAAAAAAAAAAAAAAAAAAAAA").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        overview(&app, &other).await["assessment"]["title"],
        "Another team"
    );
}

#[tokio::test]
async fn without_javascript_a_wrong_title_comes_back_to_the_form_and_the_right_one_to_the_deleted_page() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let facilitator = app.create("Reports").await;
    let here = format!("/f/{facilitator}");
    let refused = app
        .post_form(
            "/api/delete_assessment",
            &[
                ("token", &facilitator),
                ("confirm", "reports"),
                ("__return", &here),
            ],
        )
        .await;
    assert!(refused.status().is_redirection());
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&here), "{back}");
    let form = app.text(&back).await;
    assert!(form.contains("That is not the title."), "{form}");

    let deleted = app
        .post_form(
            "/api/delete_assessment",
            &[
                ("token", &facilitator),
                ("confirm", "Reports"),
                ("__return", &here),
            ],
        )
        .await;
    assert!(deleted.status().is_redirection());
    assert_eq!(deleted.headers()["location"], here.as_str());
    let response = app.client.get(app.url(&here)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::GONE);
}
