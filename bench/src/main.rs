//! Whenless benchmarks. Each one runs the release server as its own process, measures a
//! figure, measures the same work done by a bare axum baseline in the same run, and prints
//! both with their ratio. `bench/run.sh` builds everything and runs them all.

mod baseline;
mod stats;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use domain::content::Content;
use futures_util::{StreamExt, stream};
use serde_json::Value;
use stats::{Samples, ms, ratio};

#[derive(Parser)]
#[command(about = "Whenless benchmarks, each against a baseline measured in the same run")]
struct Args {
    /// The server binary to measure.
    #[arg(long, default_value = "target/release/whenless")]
    bin: PathBuf,
    /// The built site it serves.
    #[arg(long, default_value = "target/site")]
    site: PathBuf,
    /// A Postgres server (a URL its user may create databases with) to run the database
    /// benchmarks on as well as SQLite.
    #[arg(long, env = "WHENLESS_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
    /// How long each throughput run lasts, in seconds.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Serve the baseline (used by the benchmarks themselves).
    #[arg(long, hide = true, requires = "addr")]
    baseline_db: Option<String>,
    #[arg(long, hide = true)]
    addr: Option<SocketAddr>,
}

/// The form one person sends for one question, by person number and question id.
type FormFor = Box<dyn Fn(usize, &str) -> Vec<(String, String)> + Send + Sync>;

/// One line of the results table.
struct Row {
    name: String,
    ours: String,
    baseline: String,
    ratio: String,
    goal: String,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let (Some(db), Some(addr)) = (&args.baseline_db, args.addr) {
        baseline::serve(db, addr).await;
        return;
    }
    let bench = Bench::new(args);
    let mut rows = Vec::new();
    let work = tempdir();
    let sqlite = format!("sqlite://{}/bench.db", work.display());
    let mut databases = vec![("SQLite", sqlite.clone())];
    if let Some(admin) = &bench.args.postgres {
        databases.push(("Postgres", fresh_postgres(admin).await));
    }
    for (label, url) in &databases {
        rows.extend(bench.ssr(label, url).await);
        rows.extend(
            bench
                .write_burst(label, &next_database(url, &work, "burst").await)
                .await,
        );
    }
    for n in [100, 1_000, 2_000] {
        rows.extend(
            bench
                .fan_out(n, &format!("sqlite://{}/fanout-{n}.db", work.display()))
                .await,
        );
    }
    rows.extend(bench.startup(&sqlite).await);
    rows.extend(bench.exports(&sqlite).await);

    println!("\n| benchmark | Whenless | baseline | ratio | goal |");
    println!("| --- | --- | --- | --- | --- |");
    for row in rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            row.name, row.ours, row.baseline, row.ratio, row.goal
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whenless-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a work folder");
    dir
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// A new, empty Postgres database on the server of `admin`.
async fn fresh_postgres(admin: &str) -> String {
    use sqlx::Connection;
    static CREATED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let count = CREATED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("bench_{}_{count}", std::process::id());
    let mut connection = sqlx::PgConnection::connect(admin)
        .await
        .expect("the Postgres server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .expect("create a database");
    let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
    format!("{base}/{name}")
}

/// Another empty database on the same backend as `url`.
async fn next_database(url: &str, work: &std::path::Path, name: &str) -> String {
    if url.starts_with("sqlite:") {
        format!("sqlite://{}/{name}.db", work.display())
    } else {
        let admin = format!("{}/postgres", url.rsplit_once('/').unwrap().0);
        fresh_postgres(&admin).await
    }
}

/// A server process, killed when dropped.
struct Process {
    child: Child,
    base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Process {
    /// The resident memory of the process, in bytes.
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|kb| kb.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }
}

struct Bench {
    args: Args,
    client: reqwest::Client,
    content: &'static Content,
}

/// A workshop seeded through the app's own API.
struct Seeded {
    facilitator: String,
    participant: String,
    read_only: String,
    /// Each participant's cookie.
    cookies: Vec<String>,
}

impl Bench {
    fn new(args: Args) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(4_096)
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Self {
            args,
            client,
            content: Content::bundled(),
        }
    }

    /// Waits until `base` answers /healthz; how long that took from `started`.
    async fn wait_healthy(&self, base: &str, started: Instant) -> Duration {
        loop {
            if let Ok(response) = self.client.get(format!("{base}/healthz")).send().await
                && response.status().is_success()
            {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{base} did not start"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    async fn whenless(&self, database_url: &str, extra: &[&str]) -> (Process, Duration) {
        let addr = free_addr().to_string();
        let started = Instant::now();
        let child = Command::new(&self.args.bin)
            .args([
                "--addr",
                &addr,
                "--database-url",
                database_url,
                "--log-format",
                "text",
            ])
            .arg("--site-root")
            .arg(&self.args.site)
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary (run bench/run.sh, which builds it)");
        let base = format!("http://{addr}");
        let took = self.wait_healthy(&base, started).await;
        (Process { child, base }, took)
    }

    async fn baseline(&self, database_url: &str) -> (Process, Duration) {
        let addr = free_addr().to_string();
        let started = Instant::now();
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--baseline-db", database_url, "--addr", &addr])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://{addr}");
        let took = self.wait_healthy(&base, started).await;
        (Process { child, base }, took)
    }

    async fn call(
        &self,
        base: &str,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.client.post(format!("{base}{path}")).form(fields);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{path}: {}",
            response.status()
        );
        response
    }

    /// Calls a server function that reads (a GET); its JSON answer.
    async fn json(&self, base: &str, path: &str, fields: &[(&str, &str)]) -> Value {
        let response = self
            .client
            .get(format!("{base}{path}"))
            .query(fields)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap()
    }

    /// An assessment with `people` participants who joined; with `answered`, every one of them
    /// answered every question and check, and every step is revealed.
    async fn seed(&self, base: &str, people: usize, answered: bool) -> Seeded {
        let created = self
            .client
            .post(format!("{base}/api/create_assessment"))
            .header("accept", "application/json")
            .form(&[
                ("title", "Benchmark workload"),
                ("description", "Seeded by the benchmarks."),
            ])
            .send()
            .await
            .unwrap();
        let facilitator: String = created.json().await.unwrap();
        let overview = self.json(base, "/api/overview", &[("token", &facilitator)]).await;
        let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
        let read_only = overview["links"]["read_only"].as_str().unwrap().to_owned();
        let mut cookies = Vec::new();
        for i in 0..people {
            let joined = self
                .call(
                    base,
                    "/api/join_room",
                    &[("token", &participant), ("name", &format!("Person {i}"))],
                    None,
                )
                .await;
            let cookie = joined.headers()["set-cookie"].to_str().unwrap();
            cookies.push(cookie.split(';').next().unwrap().to_owned());
        }
        if answered {
            let ids = self.question_ids();
            for (person, cookie) in cookies.iter().enumerate() {
                for (i, id) in ids.iter().enumerate() {
                    // Agreement 1–5 for statements; no / not sure / yes (1, 0, 2) for checks.
                    let value = if self.content.exception(id).is_some() {
                        (person + i) % 3
                    } else {
                        (person + i) % 5 + 1
                    }
                    .to_string();
                    self.call(
                        base,
                        "/api/save_answer",
                        &[("token", &participant), ("question", id), ("value", &value)],
                        Some(cookie),
                    )
                    .await;
                }
            }
            for step in 1..=domain::walkthrough::Step::count(self.content) {
                self.call(
                    base,
                    "/api/control_room",
                    &[
                        ("token", &facilitator),
                        ("action", "reveal"),
                        ("step", &step.to_string()),
                    ],
                    None,
                )
                .await;
            }
        }
        Seeded {
            facilitator,
            participant,
            read_only,
            cookies,
        }
    }

    fn question_ids(&self) -> Vec<String> {
        let questions = self
            .content
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(|q| q.id.clone()));
        questions
            .chain(self.content.exceptions.iter().map(|e| e.id.clone()))
            .collect()
    }

    /// `concurrency` clients GET `url` as fast as they can for the configured time.
    async fn load(&self, url: &str, concurrency: usize) -> (f64, Samples) {
        let deadline = Instant::now() + Duration::from_secs(self.args.seconds);
        let started = Instant::now();
        let workers = (0..concurrency).map(|_| {
            let (client, url) = (self.client.clone(), url.to_owned());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let response = client.get(&url).send().await.unwrap();
                    assert!(response.status().is_success(), "{url}: {}", response.status());
                    response.bytes().await.unwrap();
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        });
        let mut all = Vec::new();
        for worker in futures_util::future::join_all(workers).await {
            all.extend(worker.unwrap());
        }
        let rps = all.len() as f64 / started.elapsed().as_secs_f64();
        (rps, Samples::new(all))
    }

    async fn assessment_id(database_url: &str) -> String {
        let query = "SELECT id FROM assessments ORDER BY created_at_ms DESC LIMIT 1";
        if database_url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(database_url).await.unwrap();
            sqlx::query_scalar(query).fetch_one(&pool).await.unwrap()
        } else {
            let pool = sqlx::PgPool::connect(database_url).await.unwrap();
            sqlx::query_scalar(query).fetch_one(&pool).await.unwrap()
        }
    }

    async fn count_answers(database_url: &str, assessment_id: &str) -> i64 {
        let query = "SELECT count(*) FROM answers WHERE assessment_id = $1";
        if database_url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(database_url).await.unwrap();
            sqlx::query_scalar(query)
                .bind(assessment_id)
                .fetch_one(&pool)
                .await
                .unwrap()
        } else {
            let pool = sqlx::PgPool::connect(database_url).await.unwrap();
            sqlx::query_scalar(query)
                .bind(assessment_id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    }

    /// The read-only page of a workshop of 8 with everything answered, under 64 connections.
    async fn ssr(&self, label: &str, database_url: &str) -> Vec<Row> {
        eprintln!("SSR throughput on {label}");
        let (server, _) = self
            .whenless(
                database_url,
                &["--write-burst", "100000", "--writes-per-second", "100000"],
            )
            .await;
        let seeded = self.seed(&server.base, 8, true).await;
        let page = format!("{}/r/{}", server.base, seeded.read_only);
        let (rps, ours) = self.load(&page, 64).await;
        drop(server);
        let (baseline, _) = self.baseline(database_url).await;
        let id = Self::assessment_id(database_url).await;
        let (base_rps, theirs) = self.load(&format!("{}/assessment/{id}", baseline.base), 64).await;
        vec![
            Row {
                name: format!("SSR read-only page, 64 connections, {label}: requests/s"),
                ours: format!("{rps:.0}"),
                baseline: format!("{base_rps:.0}"),
                ratio: ratio(rps, base_rps),
                goal: "≥ 0.60×".to_owned(),
            },
            Row {
                name: format!("SSR read-only page, 64 connections, {label}: p99"),
                ours: ms(ours.percentile(99.0)),
                baseline: ms(theirs.percentile(99.0)),
                ratio: ratio(
                    ours.percentile(99.0).as_secs_f64(),
                    theirs.percentile(99.0).as_secs_f64(),
                ),
                goal: "< 25 ms".to_owned(),
            },
        ]
    }

    /// 200 people answering at once, 10 answers each; then every answer is counted.
    async fn write_burst(&self, label: &str, database_url: &str) -> Vec<Row> {
        const PEOPLE: usize = 200;
        const EACH: usize = 10;
        eprintln!("write burst on {label}");
        let (server, _) = self
            .whenless(
                database_url,
                &["--write-burst", "100000", "--writes-per-second", "100000"],
            )
            .await;
        let seeded = self.seed(&server.base, PEOPLE, false).await;
        let ids: Vec<String> = self.question_ids().into_iter().take(EACH).collect();
        let burst = |base: String, path: &'static str, fields: FormFor| {
            let fields = std::sync::Arc::new(fields);
            let ids = ids.clone();
            let cookies = seeded.cookies.clone();
            let client = self.client.clone();
            async move {
                let started = Instant::now();
                let people = (0..PEOPLE).map(|person| {
                    let (client, base, ids, fields) =
                        (client.clone(), base.clone(), ids.clone(), fields.clone());
                    let cookie = cookies[person].clone();
                    tokio::spawn(async move {
                        let mut latencies = Vec::new();
                        for id in &ids {
                            let sent = Instant::now();
                            let response = client
                                .post(format!("{base}{path}"))
                                .header("cookie", &cookie)
                                .form(&fields(person, id))
                                .send()
                                .await
                                .unwrap();
                            assert!(response.status().is_success(), "{}", response.status());
                            latencies.push(sent.elapsed());
                        }
                        latencies
                    })
                });
                let mut all = Vec::new();
                for person in futures_util::future::join_all(people).await {
                    all.extend(person.unwrap());
                }
                (
                    all.len() as f64 / started.elapsed().as_secs_f64(),
                    Samples::new(all),
                )
            }
        };
        let token = seeded.participant.clone();
        let (rate, ours) = burst(
            server.base.clone(),
            "/api/save_answer",
            Box::new(move |_, id| {
                vec![
                    ("token".into(), token.clone()),
                    ("question".into(), id.to_owned()),
                    ("value".into(), "4".into()),
                ]
            }),
        )
        .await;
        let id = Self::assessment_id(database_url).await;
        let stored = Self::count_answers(database_url, &id).await;
        drop(server);
        let (baseline, _) = self.baseline(database_url).await;
        let assessment = id.clone();
        let (base_rate, theirs) = burst(
            baseline.base.clone(),
            "/answer",
            Box::new(move |person, question| {
                vec![
                    ("assessment".into(), assessment.clone()),
                    ("participant".into(), format!("baseline-{person}")),
                    ("question".into(), question.to_owned()),
                    ("value".into(), "4".into()),
                ]
            }),
        )
        .await;
        let expected = (PEOPLE * EACH) as i64;
        let lost = expected - stored;
        vec![
            Row {
                name: format!(
                    "Write burst, {PEOPLE} people × {EACH} answers, {label}: answers/s ({lost} lost)"
                ),
                ours: format!("{rate:.0}"),
                baseline: format!("{base_rate:.0}"),
                ratio: ratio(rate, base_rate),
                goal: "0 lost".to_owned(),
            },
            Row {
                name: format!("Write burst, {label}: p99 per answer"),
                ours: ms(ours.percentile(99.0)),
                baseline: ms(theirs.percentile(99.0)),
                ratio: ratio(
                    ours.percentile(99.0).as_secs_f64(),
                    theirs.percentile(99.0).as_secs_f64(),
                ),
                goal: String::new(),
            },
        ]
    }

    /// Opens `n` event streams at `url` and waits for each one's first event.
    async fn open_streams(&self, url: &str, n: usize) -> Vec<reqwest::Response> {
        stream::iter(0..n)
            .map(|_| {
                let (client, url) = (self.client.clone(), url.to_owned());
                async move {
                    let mut response = client
                        .get(&url)
                        .timeout(Duration::from_secs(600))
                        .send()
                        .await
                        .unwrap();
                    assert!(response.status().is_success());
                    while !String::from_utf8_lossy(&response.chunk().await.unwrap().unwrap())
                        .contains("changed")
                    {}
                    response
                }
            })
            .buffer_unordered(64)
            .collect()
            .await
    }

    /// Time from a write until each of `streams` has heard of it.
    async fn hear(streams: Vec<reqwest::Response>, write: impl Future<Output = ()>) -> Samples {
        let (go, _) = tokio::sync::broadcast::channel::<Instant>(1);
        let listeners: Vec<_> = streams
            .into_iter()
            .map(|mut response| {
                let mut sent = go.subscribe();
                tokio::spawn(async move {
                    loop {
                        let chunk = response.chunk().await.unwrap().unwrap();
                        if String::from_utf8_lossy(&chunk).contains("changed") {
                            let heard = Instant::now();
                            return heard - sent.recv().await.unwrap();
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = go.send(Instant::now());
        write.await;
        let mut all = Vec::new();
        for listener in listeners {
            all.push(listener.await.unwrap());
        }
        Samples::new(all)
    }

    /// `n` open event streams on one assessment; one answer; how long until all have it.
    async fn fan_out(&self, n: usize, database_url: &str) -> Vec<Row> {
        eprintln!("fan-out to {n} streams");
        let (server, _) = self.whenless(database_url, &[]).await;
        let seeded = self.seed(&server.base, 0, false).await;
        let before = server.rss();
        let streams = self
            .open_streams(&format!("{}/r/{}/events", server.base, seeded.read_only), n)
            .await;
        let per_client = server.rss().saturating_sub(before) / n as u64;
        let question = self.question_ids().remove(0);
        let ours = Self::hear(streams, async {
            self.call(
                &server.base,
                "/api/save_answer",
                &[
                    ("token", &seeded.facilitator),
                    ("question", &question),
                    ("value", "5"),
                ],
                None,
            )
            .await;
        })
        .await;
        drop(server);
        let (baseline, _) = self.baseline(database_url).await;
        let streams = self.open_streams(&format!("{}/events", baseline.base), n).await;
        let theirs = Self::hear(streams, async {
            self.call(&baseline.base, "/publish", &[], None).await;
        })
        .await;
        vec![
            Row {
                name: format!("Fan-out to {n} event streams: p50 / p99"),
                ours: format!("{} / {}", ms(ours.median()), ms(ours.percentile(99.0))),
                baseline: format!("{} / {}", ms(theirs.median()), ms(theirs.percentile(99.0))),
                ratio: ratio(
                    ours.percentile(99.0).as_secs_f64(),
                    theirs.percentile(99.0).as_secs_f64(),
                ),
                goal: if n == 2_000 {
                    "p99 < 100 ms".to_owned()
                } else {
                    String::new()
                },
            },
            Row {
                name: format!("Fan-out to {n} event streams: server memory per stream"),
                ours: format!("{:.1} kB", per_client as f64 / 1024.0),
                baseline: String::new(),
                ratio: String::new(),
                goal: if n == 2_000 {
                    "< 64 kB".to_owned()
                } else {
                    String::new()
                },
            },
        ]
    }

    /// From exec to the first 200 on /healthz, with the database already migrated.
    async fn startup(&self, database_url: &str) -> Vec<Row> {
        eprintln!("start-up");
        drop(self.whenless(database_url, &[]).await);
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..10 {
            ours.push(self.whenless(database_url, &[]).await.1);
            theirs.push(self.baseline(database_url).await.1);
        }
        let (ours, theirs) = (Samples::new(ours), Samples::new(theirs));
        vec![Row {
            name: "Start-up to the first 200 on /healthz (median of 10)".to_owned(),
            ours: ms(ours.median()),
            baseline: ms(theirs.median()),
            ratio: ratio(ours.median().as_secs_f64(), theirs.median().as_secs_f64()),
            goal: "< 150 ms".to_owned(),
        }]
    }

    /// The slide deck and each chart, one request at a time, against the read-only page.
    async fn exports(&self, database_url: &str) -> Vec<Row> {
        eprintln!("exports");
        let (server, _) = self.whenless(database_url, &["--write-burst", "100000"]).await;
        let seeded = self.seed(&server.base, 8, true).await;
        self.call(
            &server.base,
            "/api/save_step",
            &[
                ("token", &seeded.facilitator),
                ("number", "11"),
                ("costs[requests_per_month]", "5000000"),
            ],
            None,
        )
        .await;
        let base = server.base.clone();
        let timed = |path: String| {
            let url = format!("{base}{path}");
            async move {
                let mut samples = Vec::new();
                for _ in 0..30 {
                    let sent = Instant::now();
                    let response = self.client.get(&url).send().await.unwrap();
                    assert!(response.status().is_success(), "{url}: {}", response.status());
                    response.bytes().await.unwrap();
                    samples.push(sent.elapsed());
                }
                Samples::new(samples)
            }
        };
        let token = &seeded.read_only;
        let page = timed(format!("/r/{token}")).await;
        let mut rows = Vec::new();
        for (name, path) in [
            ("Slide deck (deck.html)", format!("/r/{token}/export/deck.html")),
            ("Markdown summary", format!("/r/{token}/export/summary.md")),
            (
                "Pros-and-cons chart (SVG)",
                format!("/r/{token}/charts/pros-cons.svg"),
            ),
            ("Cost chart (SVG)", format!("/r/{token}/charts/cost.svg")),
        ] {
            let samples = timed(path).await;
            rows.push(Row {
                name: format!("{name}: median, against the read-only page"),
                ours: ms(samples.median()),
                baseline: ms(page.median()),
                ratio: ratio(samples.median().as_secs_f64(), page.median().as_secs_f64()),
                goal: String::new(),
            });
        }
        rows
    }
}
