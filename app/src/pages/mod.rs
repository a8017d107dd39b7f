//! One module per route.

mod home;
mod join;
mod not_found;
mod overview;
mod present;
mod results;
mod room;
mod rounds;
mod shared;
mod step;

pub use home::HomePage;
pub use join::JoinPage;
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use present::PresenterPage;
pub use results::ResultsPage;
pub use room::RoomPage;
pub use rounds::RoundsPage;
pub use shared::SharedPage;
pub use step::StepPage;
