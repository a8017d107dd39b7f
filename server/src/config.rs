//! Settings, from flags or the environment. `whenless --help` lists them all.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

/// Whenless: a workshop app that helps a team decide whether a workload should be serverless.
#[derive(Clone, Debug, Parser)]
#[command(name = "whenless", version, about, long_about = None)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "WHENLESS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Database to keep assessments in: `postgres://user:pass@host/db`, or `sqlite://path` for
    /// an embedded SQLite file (created if missing, with its folder).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/whenless.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// The server key, which join codes need: a file created (mode 0600) at first start when
    /// missing. By default beside the SQLite file (`whenless.key` for `whenless.db`), or
    /// `data/whenless.key` with Postgres. Back it up apart from the database.
    #[arg(long, env = "WHENLESS_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// Largest number of open database connections.
    #[arg(long, env = "WHENLESS_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// Seconds to wait for a database connection before a request fails with 503.
    #[arg(long, env = "WHENLESS_DB_TIMEOUT_SECS", default_value_t = 3)]
    pub db_timeout_secs: u64,

    /// Folder holding the built site: `pkg/` (WASM, JS, CSS) and the public files.
    #[arg(long, env = "WHENLESS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// The address people reach the app at, e.g. `https://whenless.example.com`, used in the
    /// links the facilitator copies. By default each request's Host header is used.
    #[arg(long, env = "WHENLESS_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Changes allowed per second, on average, to each writer: a person in a workshop, a
    /// facilitator link, or an address creating assessments or looking up join codes.
    #[arg(long, env = "WHENLESS_WRITES_PER_SECOND", default_value_t = 10.0)]
    pub writes_per_second: f64,

    /// Changes each writer may make in a burst before the average applies.
    #[arg(long, env = "WHENLESS_WRITE_BURST", default_value_t = 60)]
    pub write_burst: u32,

    /// Requests that change data (POSTs) allowed per second from one address, on average,
    /// whoever sends them: a ceiling high enough for a full room behind one venue's Wi-Fi.
    #[arg(long, env = "WHENLESS_ADDRESS_WRITES_PER_SECOND", default_value_t = 200.0)]
    pub address_writes_per_second: f64,

    /// Requests that change data one address may send in a burst before its average applies.
    #[arg(long, env = "WHENLESS_ADDRESS_WRITE_BURST", default_value_t = 2000)]
    pub address_write_burst: u32,

    /// Most people who can join one workshop with its participant link.
    #[arg(long, env = "WHENLESS_MAX_PARTICIPANTS", default_value_t = 200)]
    pub max_participants: usize,

    /// Trust `X-Forwarded-For`, `Forwarded` and `X-Forwarded-Proto` from a reverse proxy: the
    /// client address for rate limits, and HTTPS for Strict-Transport-Security. Only set this
    /// when every request comes through a proxy you run.
    #[arg(long, env = "WHENLESS_TRUST_FORWARDED", default_value_t = false)]
    pub trust_forwarded: bool,

    /// Delete every assessment nothing has been written to for this many days (no answer,
    /// note, join, step or setting of any kind), checked every hour. Off unless set.
    #[arg(
        long,
        env = "WHENLESS_DELETE_UNTOUCHED_AFTER_DAYS",
        value_parser = clap::value_parser!(u32).range(1..=36_500)
    )]
    pub delete_untouched_after_days: Option<u32>,

    /// Serve Prometheus metrics at `GET /metrics` on this address and port, a listener of its
    /// own that the public address never reaches. Off unless set.
    #[arg(long, env = "WHENLESS_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// An organisation's content file (TOML): its own questions and checks added to the talk's,
    /// or a shorter template of the talk's questions, for new assessments. Checked at start:
    /// a problem stops the server, naming its line. The talk's content unless set.
    #[arg(long, env = "WHENLESS_CONTENT")]
    pub content: Option<PathBuf>,

    /// Log line format. The level is set with RUST_LOG (default `info`).
    #[arg(long, env = "WHENLESS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The operator's commands beside serving (see [`crate::admin`]).
#[derive(Clone, Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Copy every assessment (answers, people, notes, costs, links, rounds, and the deleted
    /// links' tombstones) from one database to another, SQLite to Postgres say. Stop the
    /// server first. After an interruption, run it again: it goes on where it stopped.
    Copy {
        /// The database to copy from: `sqlite://data/whenless.db` or `postgres://…`.
        #[arg(long)]
        from: String,
        /// The database to copy into, created if need be: it must hold no assessments but
        /// those an earlier run of the same copy wrote.
        #[arg(long)]
        to: String,
    },
    /// Write every assessment of the server's database (DATABASE_URL, or --database-url
    /// before `backup`) to one file: a consistent snapshot, safe while the server runs. The
    /// file appears only once complete.
    Backup {
        /// The file to write (replaced if it exists).
        file: PathBuf,
    },
    /// Restore a backup file into the database --to names, which must hold no other
    /// assessments (stop the servers on it first). The whole file is checked before anything
    /// is written.
    Restore {
        /// A file `whenless backup` wrote.
        file: PathBuf,
        /// The database to restore into: `postgres://…` or `sqlite://…` (created if missing).
        /// Named here, never taken from DATABASE_URL, so that a restore goes only where it is
        /// told.
        #[arg(long)]
        to: String,
    },
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl Config {
    pub fn db_timeout(&self) -> Duration {
        Duration::from_secs(self.db_timeout_secs.max(1))
    }

    /// The HTTP layer's settings.
    pub fn http(&self) -> HttpSettings {
        HttpSettings {
            address_writes_per_second: self.address_writes_per_second.clamp(0.001, 1_000_000.0),
            address_write_burst: self.address_write_burst.max(1),
            trust_forwarded: self.trust_forwarded,
        }
    }
}

/// Limits and trust for the HTTP layer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HttpSettings {
    /// The per-address ceiling on writes; each writer's own allowance is the app's.
    pub address_writes_per_second: f64,
    pub address_write_burst: u32,
    pub trust_forwarded: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Config::command().debug_assert();
    }

    #[test]
    fn defaults_give_the_zero_setup_sqlite_app() {
        let config = Config::try_parse_from(["whenless"]).unwrap();
        assert_eq!(config.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(config.db_timeout(), Duration::from_secs(3));
        assert_eq!(config.log_format, LogFormat::Text);
        assert_eq!(
            config.delete_untouched_after_days, None,
            "nothing is deleted unasked"
        );
        assert_eq!(config.metrics_addr, None, "no metrics unless asked");
    }

    #[test]
    fn untouched_assessments_are_deleted_after_a_day_to_a_century() {
        let days = |value: &str| {
            Config::try_parse_from(["whenless", "--delete-untouched-after-days", value])
                .map(|config| config.delete_untouched_after_days)
        };
        assert_eq!(days("90").unwrap(), Some(90));
        assert_eq!(days("1").unwrap(), Some(1));
        for refused in ["0", "-3", "36501", "soon"] {
            assert!(days(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn commands_take_the_servers_database_before_their_name() {
        let parse = |args: &[&str]| Config::try_parse_from(args).unwrap();
        let backup = parse(&["whenless", "--database-url", "sqlite://y.db", "backup", "b.jsonl"]);
        assert_eq!(
            parse(&["whenless", "restore", "b.jsonl", "--to", "sqlite://z.db"]).command,
            Some(Command::Restore {
                file: PathBuf::from("b.jsonl"),
                to: "sqlite://z.db".into()
            })
        );
        assert_eq!(
            backup.command,
            Some(Command::Backup {
                file: PathBuf::from("b.jsonl")
            })
        );
        assert_eq!(backup.database_url, "sqlite://y.db");
        assert_eq!(
            parse(&[
                "whenless",
                "copy",
                "--from",
                "sqlite://a.db",
                "--to",
                "postgres://h/db"
            ])
            .command,
            Some(Command::Copy {
                from: "sqlite://a.db".into(),
                to: "postgres://h/db".into()
            })
        );
        assert_eq!(parse(&["whenless"]).command, None, "no command: the server");
        for refused in [
            &["whenless", "copy", "--from", "sqlite://a.db"][..],
            &["whenless", "backup"],
            // After the command, the flag would be silently the server's: refused instead.
            &["whenless", "backup", "b.jsonl", "--database-url", "sqlite://y.db"],
            // A restore goes only where it is told: never to DATABASE_URL or its default.
            &[
                "whenless",
                "--database-url",
                "sqlite://y.db",
                "restore",
                "b.jsonl",
            ],
        ] {
            assert!(Config::try_parse_from(refused).is_err(), "{refused:?}");
        }
    }

    #[test]
    fn flags_override_defaults() {
        let config = Config::try_parse_from([
            "whenless",
            "--addr",
            "0.0.0.0:8080",
            "--database-url",
            "postgres://localhost/whenless",
            "--log-format",
            "json",
            "--metrics-addr",
            "127.0.0.1:9100",
        ])
        .unwrap();
        assert_eq!(config.addr.port(), 8080);
        assert_eq!(config.database_url, "postgres://localhost/whenless");
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.metrics_addr, Some("127.0.0.1:9100".parse().unwrap()));
    }
}
