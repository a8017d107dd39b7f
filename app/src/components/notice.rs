use leptos::prelude::*;

use crate::api::AppError;
use crate::escape::raw_text;

/// A failure explained to the person using the app.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let title = match error {
        AppError::Invalid(_) => "Please check your input",
        AppError::NotFound => "Not found",
        AppError::Forbidden => "Not allowed with this link",
        AppError::NotJoined => "Join first",
        AppError::Removed => "You were taken out of this workshop",
        AppError::RoomFull => "The workshop is full",
        AppError::LinkReplaced => "This link was replaced",
        AppError::Deleted => "This assessment was deleted",
        AppError::Unavailable => "Temporarily unavailable",
        AppError::TooBusy { .. } => "A moment, please",
        AppError::Conflict { .. } => "Changed by someone else",
        AppError::Internal | AppError::Request(_) => "Something went wrong",
    };
    view! {
        <div class="notice notice-error" role="alert">
            <strong class="notice-title">{title}</strong>
            <p>{error.to_string()}</p>
        </div>
    }
}

/// A save refused because someone else saved first: the form shows theirs, and `yours` (the
/// text that was not saved) is kept here to merge.
#[component]
pub fn ConflictNotice(title: &'static str, yours: String, label: &'static str) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <strong class="notice-title">{title}</strong>
            <p>"The form now shows theirs. Yours was not saved; here it is to merge:"</p>
            <textarea class="conflict-copy" readonly rows="3" aria-label=label prop:value=yours.clone()>
                {raw_text(&yours)}
            </textarea>
        </div>
    }
}
