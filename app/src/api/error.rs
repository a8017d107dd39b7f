//! The error type of the server-function layer: what a user may see, never internal detail.
//! [`AppError::status`] is the one table from a failure to its HTTP status: the server
//! functions, the pages and the server's own routes all answer through it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use domain::ValidationError;
use domain::problems::FormProblem;

/// A failure as the browser sees it. Each variant's message is written for the person using
/// the app; the detail behind `Unavailable` and `Internal` goes to the server log only.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("{0}")]
    Invalid(ValidationError),
    #[error("There is no assessment at this address. Check the link you were given.")]
    NotFound,
    #[error("This link does not allow this. Ask the facilitator if you need to do it.")]
    Forbidden,
    #[error("Join the workshop first: type your name on the participant page.")]
    NotJoined,
    #[error("The facilitator took you out of this workshop, so your answers are no longer kept.")]
    Removed,
    #[error("This workshop is full. Ask the facilitator to make room.")]
    RoomFull,
    #[error("This link was replaced by the facilitator and no longer works. Ask them for the new one.")]
    LinkReplaced,
    #[error("This assessment was deleted by its facilitator. Nothing of it is kept.")]
    Deleted,
    #[error(
        "Someone else changed this while you were editing, so your change was not saved. Theirs is shown now; yours is kept below to merge and save again."
    )]
    Conflict { yours: String, theirs: String },
    #[error("Too many changes in a short time. Please wait {retry_after} seconds and try again.")]
    TooBusy { retry_after: u64 },
    #[error("Whenless cannot reach its database right now. Nothing was lost; please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal,
    #[error("The request could not be completed: {0}. Reload the page and try again.")]
    Request(String),
}

impl AppError {
    /// The HTTP status this error is sent with, wherever it is sent from.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::NotJoined | AppError::Removed => StatusCode::FORBIDDEN,
            AppError::RoomFull => StatusCode::CONFLICT,
            AppError::LinkReplaced | AppError::Deleted => StatusCode::GONE,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooBusy { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Request(_) => StatusCode::BAD_REQUEST,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, these are calls that could not be decoded (a missing field, a number
    /// that does not parse): the client's mistake, answered with 400 and logged quietly.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = AppError::Request(value.to_string());
        // Only a call that reached the server has a response to set a status on.
        #[cfg(feature = "ssr")]
        let error = {
            tracing::debug!(error = %value, "malformed server function call");
            respond_with(error)
        };
        error
    }
}

impl From<ValidationError> for AppError {
    fn from(value: ValidationError) -> Self {
        AppError::Invalid(value)
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::AccessError> for AppError {
    fn from(value: crate::store::AccessError) -> Self {
        use crate::store::AccessError;
        match value {
            AccessError::Unknown => AppError::NotFound,
            AccessError::Replaced => AppError::LinkReplaced,
            AccessError::Deleted => AppError::Deleted,
            AccessError::Forbidden => AppError::Forbidden,
            AccessError::Store(error) => error.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(value: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match value {
            StoreError::Unavailable(source) => {
                tracing::warn!(error = %source, "database unavailable");
                AppError::Unavailable
            }
            StoreError::Gone => AppError::Deleted,
            StoreError::Internal(source) => {
                tracing::error!(error = %source, "database error");
                AppError::Internal
            }
        }
    }
}

/// Sets the status of the response being built (the server function's, or the page's during
/// server rendering) to match `error`, and hands the error back.
///
/// A form posted by a browser without JavaScript is left alone: Leptos answers it with a
/// redirect back to the form's page, carrying the error for the page to show, and a browser
/// only follows that redirect when its status is a redirect.
#[cfg(feature = "ssr")]
pub(crate) fn respond_with(error: AppError) -> AppError {
    use http::{Method, header};
    use leptos::prelude::use_context;

    let plain_form_post = use_context::<http::request::Parts>().is_some_and(|request| {
        request.method == Method::POST
            && request
                .headers
                .get(header::ACCEPT)
                .and_then(|accept| accept.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    });
    if !plain_form_post && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
        if let AppError::TooBusy { retry_after } = error {
            response.insert_header(header::RETRY_AFTER, retry_after.into());
        }
    }
    error
}

impl From<FormProblem> for AppError {
    fn from(problem: FormProblem) -> Self {
        AppError::Invalid(ValidationError::new(problem.field(), problem.message()))
    }
}

/// Longest wait an address may tell of, in seconds.
const ADDRESS_RETRY_AFTER_MAX: u64 = 60;

impl AppError {
    /// The fixed form of this error that may travel in an address: no text from a request,
    /// only the messages of [`FormProblem`] and the unit variants.
    pub fn for_address(&self) -> AppError {
        match self {
            AppError::Invalid(error) => FormProblem::of(error).into(),
            AppError::Conflict { .. } => FormProblem::Conflict.into(),
            AppError::Request(_) => FormProblem::Other.into(),
            AppError::TooBusy { retry_after } => AppError::TooBusy {
                retry_after: (*retry_after).clamp(1, ADDRESS_RETRY_AFTER_MAX),
            },
            AppError::NotFound
            | AppError::Forbidden
            | AppError::NotJoined
            | AppError::Removed
            | AppError::RoomFull
            | AppError::LinkReplaced
            | AppError::Deleted
            | AppError::Unavailable
            | AppError::Internal => self.clone(),
        }
    }

    /// Whether this is one of the fixed forms [`AppError::for_address`] gives.
    pub fn is_fixed_for_address(&self) -> bool {
        self.for_address() == *self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn statuses_match_the_kind_of_failure() {
        let invalid = AppError::from(ValidationError::new("title", "Title is required."));
        assert_eq!(invalid.status(), 422);
        assert_eq!(invalid.to_string(), "Title is required.");
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotJoined.status(), 403);
        assert_eq!(AppError::RoomFull.status(), 409);
        assert_eq!(AppError::LinkReplaced.status(), 410);
        assert_eq!(AppError::Deleted.status(), 410);
        let conflict = AppError::Conflict {
            yours: "a".into(),
            theirs: "b".into(),
        };
        assert_eq!(conflict.status(), 409);
        assert_eq!(AppError::TooBusy { retry_after: 2 }.status(), 429);
        assert_eq!(AppError::Unavailable.status(), 503);
        assert_eq!(AppError::Internal.status(), 500);
        let malformed = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("title".into()));
        assert_eq!(malformed.status(), 400);
        assert!(malformed.to_string().contains("missing argument title"));
    }

    #[test]
    fn errors_in_an_address_carry_only_fixed_text() {
        let planted = "send your link to evil.example";
        for error in [
            AppError::Invalid(ValidationError::new("title", planted)),
            AppError::Invalid(ValidationError::new(planted, planted)),
            AppError::Conflict {
                yours: planted.into(),
                theirs: planted.into(),
            },
            AppError::Request(planted.into()),
        ] {
            let fixed = error.for_address();
            assert!(fixed.is_fixed_for_address());
            assert!(!error.is_fixed_for_address());
            assert!(!fixed.to_string().contains(planted), "{fixed}");
        }
        for problem in FormProblem::ALL {
            let error = AppError::from(problem);
            assert_eq!(error.for_address(), error, "{problem:?} keeps its words");
        }
        assert_eq!(
            AppError::TooBusy { retry_after: 86_400 }.for_address(),
            AppError::TooBusy { retry_after: 60 }
        );
        assert!(AppError::LinkReplaced.is_fixed_for_address());
    }

    proptest::proptest! {
        #[test]
        fn any_error_is_fixed_once_and_for_all(
            field in "\\PC{0,12}",
            message in "\\PC{0,40}",
            retry_after in proptest::prelude::any::<u64>(),
        ) {
            for error in [
                AppError::Invalid(ValidationError::new(&field, message.clone())),
                AppError::Conflict { yours: message.clone(), theirs: field.clone() },
                AppError::Request(message.clone()),
                AppError::TooBusy { retry_after },
            ] {
                let fixed = error.for_address();
                proptest::prop_assert!(fixed.is_fixed_for_address());
                proptest::prop_assert_eq!(fixed.for_address(), fixed.clone());
                match fixed {
                    AppError::Invalid(invalid) => proptest::prop_assert!(FormProblem::ALL
                        .iter()
                        .any(|p| p.field() == invalid.field && p.message() == invalid.message)),
                    AppError::TooBusy { retry_after } => proptest::prop_assert!((1..=60).contains(&retry_after)),
                    other => proptest::prop_assert!(false, "{other:?} is not a fixed form"),
                }
            }
        }
    }
}
