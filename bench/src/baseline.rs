//! The baseline: what a bare axum server does for the same work, with none of the app around
//! it. It reads the same rows with sqlx and writes the HTML by hand, upserts answers the same
//! way, and fans events out with a bare tokio broadcast channel.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::sse::{Event, Sse};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use serde::Deserialize;
use tokio::sync::broadcast;

/// The same database the app uses, through either driver.
#[derive(Clone)]
enum Db {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

/// Runs the same query on whichever driver is open.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            Db::Postgres($pool) => $body,
            Db::Sqlite($pool) => $body,
        }
    };
}

#[derive(Clone)]
struct Baseline {
    db: Db,
    events: broadcast::Sender<()>,
}

/// Serves the baseline on `addr` until the process is killed.
pub async fn serve(database_url: &str, addr: SocketAddr) {
    let db = if database_url.starts_with("sqlite:") {
        Db::Sqlite(
            sqlx::SqlitePool::connect(database_url)
                .await
                .expect("open SQLite"),
        )
    } else {
        Db::Postgres(sqlx::PgPool::connect(database_url).await.expect("open Postgres"))
    };
    let state = Arc::new(Baseline {
        db,
        events: broadcast::channel(16).0,
    });
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/assessment/{id}", get(page))
        .route("/answer", post(answer))
        .route("/events", get(events))
        .route("/publish", post(publish))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, router).await.expect("serve");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn page(State(state): State<Arc<Baseline>>, Path(id): Path<String>) -> impl IntoResponse {
    let (title, description): (String, String) = on_db!(&state.db, |pool| {
        sqlx::query_as("SELECT title, description FROM assessments WHERE id = $1")
            .bind(&id)
            .fetch_one(pool)
            .await
            .expect("assessment")
    });
    let answers: Vec<(String, String, i16)> = on_db!(&state.db, |pool| {
        sqlx::query_as("SELECT participant_id, question_id, value FROM answers WHERE assessment_id = $1")
            .bind(&id)
            .fetch_all(pool)
            .await
            .expect("answers")
    });
    let mut counts: BTreeMap<&str, [usize; 6]> = BTreeMap::new();
    for (_, question, value) in &answers {
        counts.entry(question).or_default()[usize::try_from(*value).unwrap_or(0).min(5)] += 1;
    }
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head><body><h1>{0}</h1><p>{1}</p><table>",
        escape(&title),
        escape(&description)
    );
    for (question, counts) in counts {
        let _ = write!(html, "<tr><th>{}</th>", escape(question));
        for count in counts {
            let _ = write!(html, "<td>{count}</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></body></html>");
    Html(html)
}

#[derive(Deserialize)]
struct AnswerForm {
    assessment: String,
    participant: String,
    question: String,
    value: i16,
}

async fn answer(State(state): State<Arc<Baseline>>, Form(form): Form<AnswerForm>) -> impl IntoResponse {
    on_db!(&state.db, |pool| {
        sqlx::query(
            "INSERT INTO answers (assessment_id, participant_id, question_id, value, updated_at_ms) \
             VALUES ($1, $2, $3, $4, 0) ON CONFLICT (assessment_id, participant_id, question_id) \
             DO UPDATE SET value = excluded.value",
        )
        .bind(&form.assessment)
        .bind(&form.participant)
        .bind(&form.question)
        .bind(form.value)
        .execute(pool)
        .await
        .map(drop)
        .expect("upsert")
    });
    let _ = state.events.send(());
    "saved"
}

async fn events(
    State(state): State<Arc<Baseline>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.events.subscribe();
    let stream = futures_util::stream::unfold((receiver, true), |(mut receiver, first)| async move {
        if !first {
            receiver.recv().await.ok()?;
        }
        Some((
            Ok(Event::default().event("changed").data("changed")),
            (receiver, false),
        ))
    });
    Sse::new(stream)
}

async fn publish(State(state): State<Arc<Baseline>>) -> &'static str {
    let _ = state.events.send(());
    "sent"
}
