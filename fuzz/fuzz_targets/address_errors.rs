//! What a page's address may carry: a refused field as Leptos encodes it (`__err`, JSON once
//! decoded) and an import problem's code (`import_error`). Whatever the input, the problem
//! shown is one of the fixed problems, carries none of the input's own text unless that text
//! is exactly a fixed message, and a code names a problem only when it is exactly its code.
#![no_main]

use domain::ValidationError;
use domain::problems::{FormProblem, ImportProblem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(error) = serde_json::from_slice::<ValidationError>(data) {
        let problem = FormProblem::of(&error);
        assert!(FormProblem::ALL.contains(&problem));
        let fixed = ValidationError::new(problem.field(), problem.message());
        assert_eq!(FormProblem::of(&fixed), problem, "{error:?}");
        if problem.message() == error.message {
            assert_eq!(problem.field(), error.field);
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(problem) = ImportProblem::from_code(&text) {
        assert_eq!(problem.code(), text);
    }
});
