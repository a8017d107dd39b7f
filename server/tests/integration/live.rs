//! Live updates: event streams, across two server processes on one Postgres, and shutdown
//! with streams open.

use crate::common;

use std::time::{Duration, Instant};

use common::{Binary, Events, TestApp, create};
use reqwest::StatusCode;

/// The event stream of the page at `base` + `page`.
async fn events(client: &reqwest::Client, base: &str, page: &str) -> Events {
    Events::new(client.get(format!("{base}{page}/events")).send().await.unwrap())
}

/// How long a change may take to arrive.
const PROMPTLY: Duration = Duration::from_secs(5);

async fn save_answer(client: &reqwest::Client, base: &str, token: &str, value: &str) {
    let response = client
        .post(format!("{base}/api/save_answer"))
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

#[tokio::test]
async fn a_change_reaches_every_open_stream_of_its_assessment_only() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let watched = app.create("Watched").await;
    let other = app.create("Other").await;
    let base = app.url("");
    let page = format!("/f/{watched}");
    let mut streams = [
        events(&app.client, &base, &page).await,
        events(&app.client, &base, &page).await,
    ];
    for stream in &mut streams {
        assert_eq!(
            stream.next_within(PROMPTLY).await,
            "room",
            "the first one, to sync"
        );
    }

    // An answer to the other assessment, then a room change to the watched one: the first
    // change each stream hears must be the room change, or the answer was announced here.
    save_answer(&app.client, &base, &other, "4").await;
    let edited = app
        .client
        .post(app.url("/api/edit_details"))
        .form(&[
            ("token", watched.as_str()),
            ("title", "Watched, renamed"),
            ("description", ""),
            ("version", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), StatusCode::OK);
    for stream in &mut streams {
        assert_eq!(
            stream.next_within(PROMPTLY).await,
            "room",
            "a change elsewhere is not announced here"
        );
    }
    save_answer(&app.client, &base, &watched, "5").await;
    for stream in &mut streams {
        assert_eq!(stream.next_within(PROMPTLY).await, "answers");
    }

    let unknown = app
        .client
        .get(app.url("/f/AAAAAAAAAAAAAAAAAAAAAA/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// Calls server function `path`, which reads, on the server at `base` with `token`; its JSON
/// answer.
async fn call(client: &reqwest::Client, base: &str, path: &str, token: &str) -> serde_json::Value {
    client
        .get(format!("{base}{path}"))
        .query(&[("token", token)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

impl Binary {
    /// Waits for the process to end after `asked`, and checks it exited with 0 in under 3 s.
    async fn exits_cleanly_within_3s(&mut self, asked: Instant) {
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                asked.elapsed() < Duration::from_secs(10),
                "still running {:?} after SIGTERM",
                asked.elapsed()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(status.success(), "{status}");
        assert!(
            asked.elapsed() < Duration::from_secs(3),
            "took {:?}",
            asked.elapsed()
        );
    }
}

/// Waits until `servers` instances listen for changes on the Postgres database at `url`:
/// each instance's listening connection has finished its LISTEN, and sits idle after it.
async fn wait_for_listeners(url: &str, servers: i64) {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let started = Instant::now();
    loop {
        let (listening,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND state = 'idle' AND query = $1",
        )
        .bind(format!(r#"LISTEN "{}""#, server::live::CHANNEL))
        .fetch_one(&pool)
        .await
        .unwrap();
        if listening >= servers {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{listening} of {servers} servers listen for changes"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn two_servers_on_one_postgres_serve_one_workshop() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let url = common::fresh_postgres_database(&admin).await;
    let first = Binary::start(&url, &[]).await;
    let second = Binary::start(&url, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let token = create(&client, &first.base, "Scaled out").await;

    let mut stream = events(&client, &second.base, &format!("/f/{token}")).await;
    assert_eq!(stream.next_within(PROMPTLY).await, "room");
    let answered = async |base: &str| {
        call(&client, base, "/api/results", &token).await["report"]["answered_questions"]
            .as_u64()
            .unwrap()
    };
    let overview = call(&client, &first.base, "/api/overview", &token).await;
    let read_only_page = format!(
        "{}/r/{}",
        second.base,
        overview["links"]["read_only"].as_str().unwrap()
    );
    let read_only = async || {
        client
            .get(&read_only_page)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    // The second server reads (and keeps) the assessment, and its read-only page, before the
    // answer exists.
    assert_eq!(answered(&second.base).await, 0);
    let questions: usize = domain::content::Content::bundled()
        .dimensions
        .iter()
        .map(|dimension| dimension.questions.len())
        .sum();
    let answered_on_page = |n: usize| format!("{n} of {questions} questions answered");
    assert!(read_only().await.contains(&answered_on_page(0)));
    // Once both servers listen, answer on the first.
    wait_for_listeners(&url, 2).await;
    save_answer(&client, &first.base, &token, "5").await;
    assert_eq!(stream.next_within(PROMPTLY).await, "answers");
    assert_eq!(
        answered(&second.base).await,
        1,
        "the notification dropped what the second server kept"
    );
    assert!(read_only().await.contains(&answered_on_page(1)));
}

#[tokio::test]
async fn a_deletion_on_one_server_ends_the_pages_and_kept_pages_of_the_other() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let url = common::fresh_postgres_database(&admin).await;
    let first = Binary::start(&url, &[]).await;
    let second = Binary::start(&url, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = create(&client, &first.base, "Short-lived").await;
    let overview = call(&client, &second.base, "/api/overview", &token).await;
    let read_only_page = format!(
        "{}/r/{}",
        second.base,
        overview["links"]["read_only"].as_str().unwrap()
    );
    for _ in 0..2 {
        let page = client.get(&read_only_page).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
    }
    let mut stream = events(&client, &second.base, &format!("/f/{token}")).await;
    assert_eq!(stream.next_within(PROMPTLY).await, "room");
    wait_for_listeners(&url, 2).await;

    let deleted = client
        .post(format!("{}/api/delete_assessment", first.base))
        .form(&[("token", token.as_str()), ("confirm", "Short-lived")])
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success(), "{}", deleted.status());

    assert_eq!(stream.next_within(PROMPTLY).await, "deleted");
    assert_eq!(tokio::time::timeout(PROMPTLY, stream.next()).await.unwrap(), None);
    let page = client.get(&read_only_page).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::GONE, "the second server kept the page");
    assert!(page.text().await.unwrap().contains("This assessment was deleted"));
}

#[tokio::test]
async fn open_streams_do_not_hold_up_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Binary::start(&common::sqlite_url(&dir), &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = create(&client, &server.base, "Shutting down").await;
    let mut streams = Vec::new();
    for _ in 0..3 {
        let mut stream = events(&client, &server.base, &format!("/f/{token}")).await;
        assert_eq!(stream.next_within(PROMPTLY).await, "room");
        streams.push(stream);
    }

    let asked = server.terminate();
    server.exits_cleanly_within_3s(asked).await;
    for mut stream in streams {
        assert_eq!(stream.next().await, None, "the stream was closed");
    }
}

/// SIGTERM while an answer is being written: the write completes and is kept, the open event
/// stream ends, and the server exits within 3 seconds. The write is held in flight by a lock
/// on the answers table, taken from another connection and released after the signal.
#[tokio::test]
async fn a_write_in_flight_at_shutdown_completes_and_the_server_exits_promptly() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let url = common::fresh_postgres_database(&admin).await;
    let mut server = Binary::start(&url, &[]).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = create(&client, &server.base, "In flight").await;
    let mut stream = events(&client, &server.base, &format!("/f/{token}")).await;
    assert_eq!(stream.next_within(PROMPTLY).await, "room");

    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let mut lock = pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE answers IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .unwrap();
    let write = tokio::spawn({
        let (client, base, token) = (client.clone(), server.base.clone(), token.clone());
        async move { save_answer(&client, &base, &token, "5").await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!write.is_finished(), "the write waits for the lock");

    let asked = server.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;
    lock.commit().await.unwrap();

    write.await.expect("the write was answered with 200");
    server.exits_cleanly_within_3s(asked).await;
    assert_eq!(stream.next().await, None, "the stream ended");
    let (stored,): (i64,) = sqlx::query_as("SELECT count(*) FROM answers WHERE value = 5")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 1, "the answer was kept");
}
