//! Server functions: thin wrappers that parse input into domain types, call the store through
//! context and map failures to [`AppError`].

mod assessments;
mod decision;
mod error;
mod parts;
mod review;
mod room;
mod rounds;
mod step_form;
#[cfg(feature = "ssr")]
mod support;
mod walkthrough;

pub use assessments::*;
pub use decision::*;
pub use error::AppError;
pub use parts::*;
pub use review::*;
pub use room::*;
pub use rounds::*;
pub use step_form::*;
pub use walkthrough::*;
