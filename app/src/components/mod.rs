//! Building blocks shared by the pages.

mod async_page;
mod layout;
mod links;
mod live;
mod notice;
mod room;
mod steps;
mod widths;

pub use async_page::AsyncPage;
pub use layout::Layout;
pub use links::{CopyLink, ExportLinks, ReturnHere};
pub use live::{FollowPage, RoomChanges, use_changes, use_room_changes};
pub use notice::ErrorNotice;
pub use room::{Countdown, RevealPanel, RoomControls};
pub use steps::StepList;
pub use widths::{shares, width_class};
