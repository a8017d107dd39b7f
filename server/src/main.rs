use std::process::ExitCode;

use clap::Parser;
use server::config::{Config, LogFormat};
use server::http;
use tracing_subscriber::EnvFilter;

/// Rendering a page makes many small allocations (a third of the server's time went to glibc's
/// malloc and free under load); mimalloc serves them from thread-local pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    if let Some(command) = config.command.clone() {
        // A command reports on the terminal itself; only warnings and errors are logged.
        init_logging(config.log_format, "warn");
        return server::admin::run(command, &config.database_url).await;
    }
    init_logging(config.log_format, "info");

    let server::Opened { state, pool } = match server::open(&config).await {
        Ok(opened) => opened,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            eprintln!("whenless: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("whenless: cannot listen on {}: {error}", config.addr);
            return ExitCode::FAILURE;
        }
    };
    if let Some(addr) = config.metrics_addr {
        let metrics_listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("whenless: cannot listen for metrics on {addr}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let metrics = server::metrics::router(state.app.metrics.clone(), Some(pool));
        tracing::info!("metrics on http://{addr}/metrics");
        // Ends with the process: a scrape has nothing to finish.
        tokio::spawn(server::serve::serve(
            metrics_listener,
            metrics,
            std::future::pending(),
        ));
    }
    if let Some(days) = config.delete_untouched_after_days {
        tracing::info!(days, "assessments untouched this many days are deleted");
        server::retention::spawn(state.app.clone(), days);
    }
    let hub = state.app.hub.clone();
    let app = http::router(state, config.http());
    tracing::info!("listening on http://{}", config.addr);
    let shutdown = async move {
        shutdown_signal().await;
        // Open event streams end now, so the server can finish in-flight requests and exit.
        hub.close();
    };
    server::serve::serve(listener, app, shutdown).await;
    ExitCode::SUCCESS
}

/// Logs at RUST_LOG's level, else at `level`.
fn init_logging(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
