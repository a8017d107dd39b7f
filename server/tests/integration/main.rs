//! The server's integration tests, in one binary: each module serves the whole app (in-process
//! or as the `whenless` binary), and one binary links it once instead of once per file.
//! Run one module with `cargo test -p server --test integration live::`.

mod binary;
mod common;
mod content;
mod costs;
mod decision;
mod deletion;
mod http;
mod limits;
mod links;
mod live;
mod metrics;
mod moving;
mod parts;
mod review;
mod room;
mod rounds;
mod sealing;
mod store_conformance;
mod workshop;
