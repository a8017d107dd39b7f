//! Shared test fixtures: fresh stores on both backends, and the app served on a free port.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::store::Store;
use clap::Parser;
use server::config::Config;
use server::store::{self, StoreSettings};
use tempfile::TempDir;

pub const TEST_POSTGRES_URL: &str = "WHENLESS_TEST_POSTGRES_URL";

/// Settings for the store at `url`: with SQLite the key file lies beside the database file; the
/// Postgres tests share one key in the build's scratch folder.
pub fn settings(url: &str) -> StoreSettings {
    StoreSettings {
        url: url.to_owned(),
        max_connections: 5,
        acquire_timeout: Duration::from_secs(2),
        key_file: (!url.starts_with("sqlite:"))
            .then(|| std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("whenless-test.key")),
    }
}

/// Settings for the fresh stores below, which test what is kept, not how fast: a full room's
/// 200 joins at once queue for five connections, which took 1.5 s of the 2 s above on a
/// quiet machine and failed the test once with every test running side by side.
fn patient_settings(url: &str) -> StoreSettings {
    StoreSettings {
        acquire_timeout: Duration::from_secs(30),
        ..settings(url)
    }
}

/// Settings for the store at `url` as the server opens it without flags: its default pool size
/// and wait for a connection. The room tests use them, since a real room meets exactly these.
fn default_settings(url: &str) -> StoreSettings {
    let config = Config::try_parse_from(["whenless", "--database-url", url]).unwrap();
    StoreSettings {
        key_file: settings(url).key_file,
        ..server::store_settings(&config)
    }
}

/// Which settings a fresh store opens with.
#[derive(Clone, Copy)]
pub enum Pool {
    /// Waits long for a connection: for tests of what is kept, not how fast.
    Patient,
    /// The server's defaults.
    Default,
}

impl Pool {
    fn settings(self, url: &str) -> StoreSettings {
        match self {
            Pool::Patient => patient_settings(url),
            Pool::Default => default_settings(url),
        }
    }
}

/// A store on a new SQLite file in a temporary folder (kept alive by the returned guard).
pub async fn sqlite_store() -> (TempDir, Arc<dyn Store>) {
    sqlite_store_with(Pool::Patient).await
}

/// A store on a new SQLite file, opened with `pool`'s settings.
pub async fn sqlite_store_with(pool: Pool) -> (TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir);
    let store = store::open(&pool.settings(&url)).await.unwrap();
    (dir, store)
}

pub fn sqlite_url(dir: &TempDir) -> String {
    format!("sqlite://{}/whenless.db", dir.path().display())
}

/// The URL of the test Postgres server, or `None` when none is configured: then the calling
/// test is skipped, and says so in `cargo test`'s output even when it passes (libtest keeps a
/// passing test's `eprintln!` to itself, not what is written to stderr directly). With
/// WHENLESS_REQUIRE_POSTGRES=1, as `make test` sets it, a missing server fails the test instead.
pub fn postgres_admin_url() -> Option<String> {
    use std::io::Write;
    match std::env::var(TEST_POSTGRES_URL) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("WHENLESS_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "WHENLESS_REQUIRE_POSTGRES=1: {TEST_POSTGRES_URL} must point at a Postgres server"
            );
            let test = std::thread::current().name().unwrap_or("a test").to_owned();
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test} needs Postgres: set {TEST_POSTGRES_URL} (make test does)"
            );
            None
        }
    }
}

/// A fresh, empty Postgres database for one test; returns its URL.
pub async fn fresh_postgres_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("whenless_test_{}", random_suffix());
    let mut admin = sqlx::PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A store on a fresh Postgres database, when a test server is configured.
pub async fn postgres_store() -> Option<Arc<dyn Store>> {
    postgres_store_with(Pool::Patient).await
}

/// A store on a fresh Postgres database opened with `pool`'s settings, when a test server is
/// configured.
pub async fn postgres_store_with(pool: Pool) -> Option<Arc<dyn Store>> {
    let admin = postgres_admin_url()?;
    let url = fresh_postgres_database(&admin).await;
    Some(store::open(&pool.settings(&url)).await.unwrap())
}

fn random_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::rng().random();
    format!("{n:016x}")
}

/// The whole app, served in-process on a free loopback port.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    /// What the app counts, for a test to serve on a metrics listener of its own.
    pub metrics: Arc<app::metrics::Metrics>,
    _site: TempDir,
}

impl TestApp {
    pub async fn spawn(store: Arc<dyn Store>) -> Self {
        Self::spawn_with(store, &[]).await
    }

    /// The app with extra command-line flags.
    pub async fn spawn_with(store: Arc<dyn Store>, flags: &[&str]) -> Self {
        Self::spawn_in(tempfile::tempdir().unwrap(), store, flags).await
    }

    /// The app serving `site` as its built site, with extra command-line flags.
    pub async fn spawn_in(site: TempDir, store: Arc<dyn Store>, flags: &[&str]) -> Self {
        // Server logs appear with a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (addr_text, site_text) = (addr.to_string(), site.path().display().to_string());
        let mut args = vec!["whenless", "--addr", &addr_text, "--site-root", &site_text];
        args.extend_from_slice(flags);
        let config = Config::try_parse_from(args).unwrap();
        let hub = Arc::new(app::live::Hub::default());
        let notifier = Arc::new(server::live::LocalNotifier(hub.clone()));
        let snapshots = Arc::new(app::snapshots::Snapshots::default());
        let current = server::content::read(config.content.as_deref()).unwrap();
        let contents = Arc::new(server::content::contents(store.as_ref(), current).await.unwrap());
        let state = server::server_state(&config, store, notifier, hub, snapshots, contents);
        let metrics = state.app.metrics.clone();
        let router =
            server::http::router(state, config.http()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Self {
            addr,
            client,
            metrics,
            _site: site,
        }
    }

    /// The folder the app serves as its built site.
    pub fn site(&self) -> &std::path::Path {
        self._site.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The body of a page.
    pub async fn text(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// A JSON body (an exported assessment file, say).
    pub async fn json(&self, path: &str) -> serde_json::Value {
        serde_json::from_str(&self.text(path).await).unwrap()
    }

    /// Submits the home page's create form as a browser without JavaScript would: the page
    /// sends no Referer, and names itself in the hidden `__return` field.
    pub async fn post_create_form(&self, title: &str, description: &str) -> reqwest::Response {
        self.post_form(
            "/api/create_assessment",
            &[("title", title), ("description", description), ("__return", "/")],
        )
        .await
    }

    /// Calls a server function that reads, as the page's script does: a GET with the
    /// arguments in the query, with an optional cookie.
    pub async fn read(&self, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path)).query(fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.unwrap()
    }

    /// Posts a form as a browser without JavaScript would.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("accept", "text/html,application/xhtml+xml")
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// Imports an assessment file as the start page's script does, and returns the new
    /// assessment's facilitator token.
    pub async fn import(&self, file: &serde_json::Value) -> String {
        let response = self
            .client
            .post(self.url("/import"))
            .json(file)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
        let body: serde_json::Value = response.json().await.unwrap();
        body["facilitator"]
            .as_str()
            .unwrap()
            .trim_start_matches("/f/")
            .to_owned()
    }

    /// Creates an assessment and returns its facilitator token.
    pub async fn create(&self, title: &str) -> String {
        let response = self.post_create_form(title, "").await;
        let location = response.headers()["location"].to_str().unwrap();
        location
            .strip_prefix("/f/")
            .expect("redirected to the facilitator page")
            .to_owned()
    }
}

/// What an [`OutageProxy`] does with connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ProxyMode {
    Up,
    /// New connections are closed at once.
    Cut,
    /// New connections are accepted and never answered, like a database that hangs.
    Hanging,
}

/// A TCP proxy that can cut its connections and refuse new ones, or leave them hanging, to play
/// a database outage.
pub struct OutageProxy {
    pub addr: SocketAddr,
    mode: tokio::sync::watch::Sender<ProxyMode>,
}

impl OutageProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (mode, watch) = tokio::sync::watch::channel(ProxyMode::Up);
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                let mut watch = watch.clone();
                let current = *watch.borrow();
                match current {
                    ProxyMode::Cut => continue, // dropped: the client sees the connection close at once
                    ProxyMode::Hanging => {
                        tokio::spawn(async move {
                            let _held = inbound;
                            let _ = watch.wait_for(|mode| *mode != ProxyMode::Hanging).await;
                        });
                    }
                    ProxyMode::Up => {
                        tokio::spawn(async move {
                            let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                                return;
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                _ = watch.wait_for(|mode| *mode != ProxyMode::Up) => {}
                            }
                        });
                    }
                }
            }
        });
        Self { addr, mode }
    }

    pub fn cut(&self) {
        self.mode.send_replace(ProxyMode::Cut);
    }

    /// Cuts the open connections and leaves new ones unanswered.
    pub fn hang(&self) {
        self.mode.send_replace(ProxyMode::Hanging);
    }

    pub fn restore(&self) {
        self.mode.send_replace(ProxyMode::Up);
    }
}

/// `url` with its host and port replaced by `addr`.
pub fn via(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (authority, path) = rest.split_once('/').unwrap();
    let credentials = authority
        .rsplit_once('@')
        .map(|(c, _)| format!("{c}@"))
        .unwrap_or_default();
    format!("{scheme}://{credentials}{addr}/{path}")
}

/// The host and port a database URL points at.
pub fn target_of(url: &str) -> SocketAddr {
    let rest = url.split_once("://").unwrap().1;
    let authority = rest.split_once('/').unwrap().0;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host_port.parse().unwrap()
}

/// How many assessments the SQLite database at `url` holds.
pub async fn count_assessments(url: &str) -> i64 {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM assessments")
        .fetch_one(&pool)
        .await
        .unwrap();
    count.0
}

/// The nonce a page's Content-Security-Policy allows scripts with.
pub fn policy_nonce(policy: &str) -> &str {
    policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
}

/// Checks that a page has inline scripts and that every one carries `nonce`.
pub fn assert_every_script_carries(html: &str, nonce: &str) {
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(html.matches(&format!("nonce=\"{nonce}\"")).count(), scripts);
}

/// An open Server-Sent Events stream, read one change at a time.
pub struct Events {
    response: reqwest::Response,
    unread: String,
}

impl Events {
    /// Reads `response`, which must be an event stream.
    pub fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{}", response.url());
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        Self {
            response,
            unread: String::new(),
        }
    }

    /// The kind of the next change (`room`, `answers` or `people`); `None` once the stream
    /// ends. Keep-alive comments are skipped.
    pub async fn next(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.unread.find("\n\n") {
                let event: String = self.unread.drain(..end + 2).collect();
                if let Some(kind) = event.lines().find_map(|line| line.strip_prefix("data: ")) {
                    assert!(event.lines().any(|line| line == "event: changed"), "{event}");
                    return Some(kind.to_owned());
                }
                continue;
            }
            let chunk = self.response.chunk().await.ok()??;
            self.unread.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The kind of the next change, which must arrive within `within`.
    pub async fn next_within(&mut self, within: Duration) -> String {
        tokio::time::timeout(within, self.next())
            .await
            .expect("a change in time")
            .expect("the stream stays open")
    }
}

/// A free loopback port, for a server process to listen on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Creates an assessment on the server at `base` as a form without JavaScript would; its
/// facilitator token.
pub async fn create(client: &reqwest::Client, base: &str, title: &str) -> String {
    let created = client
        .post(format!("{base}/api/create_assessment"))
        .header("accept", "text/html")
        .form(&[("title", title), ("description", ""), ("__return", "/")])
        .send()
        .await
        .unwrap();
    created.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/f/")
        .to_owned()
}

/// A `whenless` process on a free port, killed when dropped.
pub struct Binary {
    pub child: std::process::Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Binary {
    /// Starts the server on `database_url` with extra `flags`, and waits until it answers.
    /// Instances sharing a database share its key file.
    pub async fn start(database_url: &str, flags: &[&std::ffi::OsStr]) -> Binary {
        use std::process::{Command, Stdio};
        use std::time::Instant;

        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_whenless"))
            .args([
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                database_url,
            ])
            .arg("--site-root")
            .arg(std::env::temp_dir())
            .arg("--key-file")
            .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("whenless-live.key"))
            .args(flags)
            .env("RUST_LOG", "warn")
            .env_remove("WHENLESS_CONTENT")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("the server exited: {status}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Binary { child, base }
    }

    /// Sends SIGTERM; when it was sent.
    pub fn terminate(&self) -> std::time::Instant {
        let pid = self.child.id().to_string();
        assert!(
            std::process::Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        std::time::Instant::now()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
