//! Server functions: thin wrappers that parse input into domain types, call the store through
//! context and map failures to [`AppError`].

mod assessments;
mod error;

pub use assessments::*;
pub use error::AppError;
