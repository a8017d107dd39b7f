//! The JSON import: any bytes either parse and validate against the content version they
//! name, or are refused; nothing panics, and whatever validates stays within the app's limits.
#![no_main]

use domain::assessment::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
use domain::transfer::{AssessmentFile, MAX_ANSWERS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(file) = AssessmentFile::parse(text) else { return };
    let Ok(content) = file.content() else { return };
    if let Ok(valid) = file.validate(&content) {
        assert!(valid.draft.title().chars().count() <= TITLE_MAX_CHARS);
        assert!(valid.draft.description().chars().count() <= DESCRIPTION_MAX_CHARS);
        assert!(valid.answers.len() <= MAX_ANSWERS);
    }
});
