//! Checks on text people type that apply to more than one field: length, control characters,
//! which characters are invisible and which change the direction of the text around them; and
//! the error that says why input was refused.

use serde::{Deserialize, Serialize};

/// Whether `c` is a Unicode format character (general category Cf: zero-width spaces and
/// joiners, text-direction marks, embeddings, overrides and isolates, the byte-order mark, tags
/// and the like), which changes how text shows without showing itself.
pub fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Whether `c` shows as something: not a space, a control or format character, nor one of the
/// letters that are drawn blank (Hangul fillers, the blank Braille pattern).
pub fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !is_format_char(c)
        && !matches!(c, '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' | '\u{2800}')
}

/// Whether `c` sets the direction of the text around it: the bidirectional embeddings and
/// overrides (U+202A..U+202E), isolates (U+2066..U+2069) and marks (U+200E, U+200F, U+061C).
/// A title or note holding one can make the text after it read backwards ("Alice" shown for
/// "ecilA") or spill over what the page shows next to it. The zero-width joiners (U+200C,
/// U+200D) are not among them: emoji sequences and Persian words need them.
pub fn is_direction_control(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// Refuses `value` when it holds a direction control ([`is_direction_control`]).
pub fn refuse_direction_controls(field: &str, label: &str, value: &str) -> Result<(), ValidationError> {
    if value.chars().any(is_direction_control) {
        return Err(ValidationError::new(
            field,
            format!("{label} contains invisible text-direction marks; type it again without them."),
        ));
    }
    Ok(())
}

/// Why user input was refused; the message is written for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{message}")]
pub struct ValidationError {
    /// The form field at fault.
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// Trims `value` and checks it is present and at most `max` characters long.
pub fn required_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let value = optional_text(field, label, value, max)?;
    if value.is_empty() {
        return Err(ValidationError::new(field, format!("{label} is required.")));
    }
    Ok(value)
}

/// Trims `value` and checks it is at most `max` characters long, with no control characters
/// other than line breaks and tabs.
pub fn optional_text(field: &str, label: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let value = value.trim();
    let chars = value.chars().count();
    if chars > max {
        return Err(ValidationError::new(
            field,
            format!("{label} is {chars} characters long; the limit is {max}."),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ValidationError::new(
            field,
            format!("{label} contains control characters."),
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_format_characters_and_joiners_are_not_direction_controls() {
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            assert!(is_direction_control(c), "{c:?}");
            assert!(is_format_char(c), "{c:?}");
        }
        for c in ['\u{200c}', '\u{200d}', 'a', 'ا', '\u{fe0f}'] {
            assert!(!is_direction_control(c), "{c:?}");
        }
    }
}
