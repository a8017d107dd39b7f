//! The content file parsers: any text is either usable content (no problems left) or refused;
//! an organisation's content file is refused with every problem placed within the text.
#![no_main]

use domain::content::{Content, organisation};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(content) = Content::from_toml(text) {
        assert!(content.problems().is_empty());
    }
    match organisation::read(text) {
        Ok(content) => {
            assert!(content.problems().is_empty());
            assert_eq!(organisation::checked(content.clone()), Ok(content));
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let lines = text.lines().count().max(1);
            assert!(errors.iter().all(|e| e.line >= 1 && e.line <= lines + 1 && e.column >= 1));
        }
    }
});
