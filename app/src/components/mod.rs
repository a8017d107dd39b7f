//! Building blocks shared by the pages.

mod layout;
mod notice;

pub use layout::Layout;
pub use notice::ErrorNotice;
