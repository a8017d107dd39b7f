//! The pure decision domain: what an assessment is, the content it asks, how input is
//! validated, and how answers are scored. No I/O, no framework: plain data and functions.

pub mod access;
pub mod actions;
pub mod answers;
pub mod assessment;
pub mod calendar;
pub mod content;
pub mod cost;
pub mod decision;
pub mod ids;
pub mod parts;
pub mod platform;
pub mod problems;
pub mod review;
pub mod room;
pub mod rounds;
pub mod scoring;
pub mod text;
pub mod transfer;
pub mod views;
pub mod walkthrough;

pub use assessment::{Assessment, AssessmentDraft};
pub use ids::{AssessmentId, ParticipantId};
pub use text::ValidationError;
