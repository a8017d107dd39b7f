//! One module per route.

mod assessment;
mod home;
mod not_found;
mod results;
mod step;

pub use assessment::AssessmentPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use results::ResultsPage;
pub use step::StepPage;
