//! What a page's address may carry: an error as Leptos encodes it (`__err`, JSON once decoded)
//! and an import problem's code (`import_error`). Whatever the input, the fixed form of an
//! error is fixed, stays so, and carries none of the input's text; a code names a problem
//! only when it is exactly that problem's code.
#![no_main]

use app::api::{AppError, FormProblem, ImportProblem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(error) = serde_json::from_slice::<AppError>(data) {
        let fixed = error.for_address();
        assert!(fixed.is_fixed_for_address());
        assert_eq!(fixed.for_address(), fixed);
        match &fixed {
            AppError::Invalid(invalid) => assert!(
                FormProblem::ALL
                    .iter()
                    .any(|p| p.field() == invalid.field && p.message() == invalid.message),
                "{fixed:?}"
            ),
            AppError::TooBusy { retry_after } => assert!((1..=60).contains(retry_after)),
            AppError::Conflict { .. } | AppError::Request(_) => panic!("{fixed:?} is not fixed"),
            _ => {}
        }
        if error.is_fixed_for_address() {
            assert_eq!(error, fixed);
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(problem) = ImportProblem::from_code(&text) {
        assert_eq!(problem.code(), text);
    }
});
