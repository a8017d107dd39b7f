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

use leptos::prelude::*;

use crate::api::AppError;

/// Counts the saves a page reloads after: those that went through, and an edit refused as
/// changed by someone else (the page then shows theirs beside yours). After any other refused
/// save the form keeps what was typed, with the message beside it.
pub(crate) fn saves_to_show(
    version: RwSignal<usize>,
    value: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static,
) -> Memo<usize> {
    // (the last completed save seen, the last one the step reloaded after)
    let seen = Memo::new(move |previous: Option<&(usize, usize)>| {
        let version = version.get();
        let (last, shown) = previous.copied().unwrap_or((version, version));
        if version == last {
            return (last, shown);
        }
        let refused = matches!(value(), Some(Err(e)) if !matches!(e, AppError::Conflict { .. }));
        (version, if refused { shown } else { version })
    });
    Memo::new(move |_| seen.get().1)
}
