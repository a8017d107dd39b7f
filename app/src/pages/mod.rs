//! One module per route.

mod assessment;
mod home;
mod not_found;

pub use assessment::AssessmentPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
