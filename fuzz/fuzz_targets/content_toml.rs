//! The content file parser: any text is either usable content (no problems left) or refused.
#![no_main]

use domain::content::Content;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(content) = Content::from_toml(text) {
        assert!(content.problems().is_empty());
    }
});
