//! One module per route.

mod costs;
mod home;
mod not_found;
mod overview;
pub(crate) mod results;
mod shared;
mod step;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use results::ResultsPage;
pub use shared::SharedPage;
pub use step::StepPage;
