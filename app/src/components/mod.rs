//! Building blocks shared by the pages.

mod async_page;
mod costs;
mod decision;
mod layout;
mod links;
mod live;
mod notice;
mod parts;
mod questions;
mod results;
mod review;
mod room;
mod save_on_tap;
mod steps;
mod widths;

pub use async_page::AsyncPage;
pub use costs::{CostStep, CostSummary};
pub use decision::{DecisionCard, NextActionsCard};
pub use layout::Layout;
pub use links::{CopyLink, ExportLinks, ReturnHere};
pub use live::{FollowPage, RoomChanges, use_changes, use_room_changes};
pub use notice::{ConflictNotice, ErrorNotice};
pub use parts::{PartVerdicts, PartsEditor, PartsSummary};
pub use questions::{ExceptionsStep, OwnPoints, QuestionList, TalkColumns, TalkQuote};
pub use results::Results;
pub use review::{ReviewDue, ReviewSection};
pub use room::{Countdown, RevealPanel, RoomControls};
pub use save_on_tap::SaveOnTap;
pub use steps::StepList;
pub use widths::{shares, width_class};
