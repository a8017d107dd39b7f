//! The decoders of form input: answers, importance, notes, titles, display names, countdown
//! minutes, join codes and every cost field. Input
//! is split on NUL bytes into a field name and values; nothing panics, accepted values are in
//! range, and any accepted cost inputs give finite costs.
#![no_main]

use domain::AssessmentDraft;
use domain::access::{JOIN_CODE_LEN, is_token, normalize_join_code};
use domain::content::Content;
use domain::cost::{CostInputs, FIELDS, estimate};
use domain::platform::Limits;
use domain::room::{NAME_MAX_CHARS, TIMER_MINUTES_MAX, parse_minutes, parse_name};
use domain::text::is_direction_control;
use domain::walkthrough::{parse_answer, parse_importance, parse_note};
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
    if let Ok(note) = parse_note(value) {
        assert!(!note.chars().any(is_direction_control));
    }
    if let Ok(draft) = AssessmentDraft::parse(name, value) {
        assert!(!draft.title().chars().any(is_direction_control));
    }
    let _ = is_token(value);
    if let Ok(name) = parse_name(value) {
        assert!(!name.is_empty() && name.chars().count() <= NAME_MAX_CHARS);
        assert!(!name.chars().any(char::is_control));
    }
    if let Ok(minutes) = parse_minutes(value) {
        assert!((1..=TIMER_MINUTES_MAX).contains(&minutes));
    }
    if let Some(code) = normalize_join_code(value) {
        assert_eq!(code.len(), JOIN_CODE_LEN);
        assert_eq!(
            normalize_join_code(&code),
            Some(code.clone()),
            "normalizing is idempotent"
        );
    }

    let mut inputs = CostInputs::default();
    let fields = std::iter::once(name).chain(parts);
    for (field, typed) in FIELDS.iter().map(|f| f.name).zip(fields) {
        let _ = inputs.set(field, typed);
    }
    let _ = inputs.set(name, value);
    let numbers = estimate(&inputs);
    assert!(numbers.serverless.total(true).is_finite());
    assert!(numbers.servers.total(true).is_finite());
    assert!((-2.0..=2.0).contains(&numbers.pull()));
    let limits = Limits::check(&inputs.workload, &inputs.platform);
    assert!(limits.checks.iter().all(|c| !c.needed.is_empty() && !c.allowed.is_empty()));
});
