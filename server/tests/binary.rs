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
