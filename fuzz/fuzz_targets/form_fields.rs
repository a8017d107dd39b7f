//! The decoders of form input: answers, importance, notes, titles and every cost field. Input
//! is split on NUL bytes into a field name and values; nothing panics, accepted values are in
//! range, and any accepted cost inputs give finite costs.
#![no_main]

use app::domain::AssessmentDraft;
use app::domain::access::is_token;
use app::domain::content::Content;
use app::domain::cost::{CostInputs, FIELDS, estimate};
use app::domain::walkthrough::{parse_answer, parse_importance, parse_note};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let name = parts.next().unwrap_or_default();
    let value = parts.next().unwrap_or_default();
    let content = Content::bundled();

    if let Ok(code) = parse_answer(content, name, value) {
        assert!((0..=5).contains(&code));
    }
    if let Ok(importance) = parse_importance(value) {
        assert!(importance <= 3);
    }
    let _ = parse_note(value);
    let _ = AssessmentDraft::parse(name, value);
    let _ = is_token(value);

    let mut inputs = CostInputs::default();
    let fields = std::iter::once(name).chain(parts);
    for (field, typed) in FIELDS.iter().map(|f| f.name).zip(fields) {
        let _ = inputs.set(field, typed);
    }
    let _ = inputs.set(name, value);
    let numbers = estimate(&inputs);
    assert!(numbers.serverless.total().is_finite());
    assert!(numbers.servers.total(true).is_finite());
    assert!((-2.0..=2.0).contains(&numbers.pull()));
});
