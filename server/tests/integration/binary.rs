//! The `whenless` binary as an operator meets it: `--help`, and refusing to start on a
//! database whose migrations fail.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_whenless");

#[test]
fn help_documents_every_setting() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for setting in [
        "--addr",
        "WHENLESS_ADDR",
        "--database-url",
        "DATABASE_URL",
        "--db-max-connections",
        "--db-timeout-secs",
        "--site-root",
        "--log-format",
        "--content",
        "WHENLESS_CONTENT",
        "RUST_LOG",
    ] {
        assert!(
            help.contains(setting),
            "--help does not mention {setting}:\n{help}"
        );
    }
}

#[tokio::test]
async fn a_failed_migration_stops_the_server_with_a_clear_message() {
    use std::str::FromStr;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("broken.db");
    // A table the first migration wants to create already exists, with another shape.
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))
        .unwrap()
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("CREATE TABLE assessments (x)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let output = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            &format!("sqlite://{}", db.display()),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("migration failed, the server will not start"),
        "{stderr}"
    );
}

#[test]
fn an_unsupported_database_url_is_refused_with_a_clear_message() {
    let output = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            "mysql://localhost/whenless",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("must start with postgres://"));
}

/// A client that sends half a request and stalls does not keep the server from exiting after
/// SIGTERM.
#[tokio::test]
async fn a_stalled_client_does_not_hold_up_shutdown() {
    use std::time::{Duration, Instant};
    use tokio::io::AsyncWriteExt;

    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(BIN)
        .args(["--addr", &addr, "--database-url"])
        .arg(format!("sqlite://{}/whenless.db", dir.path().display()))
        .arg("--site-root")
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let started = Instant::now();
    while reqwest::get(format!("http://{addr}/healthz")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // One client stops in the middle of its headers, another in the middle of its body.
    let mut half_headers = tokio::net::TcpStream::connect(&addr).await.unwrap();
    half_headers
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut half_body = tokio::net::TcpStream::connect(&addr).await.unwrap();
    half_body
        .write_all(
            b"POST /api/create_assessment HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntitle=Half",
        )
        .await
        .unwrap();
    // The listener takes connections in order: both are open on the server once it answers a
    // third.
    assert!(
        reqwest::get(format!("http://{addr}/healthz"))
            .await
            .unwrap()
            .status()
            .is_success()
    );

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let asked = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if asked.elapsed() > Duration::from_secs(15) {
            child.kill().unwrap();
            panic!("still running {:?} after SIGTERM", asked.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "{status}");
    assert!(
        asked.elapsed() < Duration::from_secs(8),
        "took {:?} to exit",
        asked.elapsed()
    );
    drop((half_headers, half_body));
}
