//! An assessment: one workload a team is deciding about.

use serde::{Deserialize, Serialize};

use super::text::{ValidationError, optional_text, refuse_direction_controls, required_text};

/// Longest title accepted, in characters.
pub const TITLE_MAX_CHARS: usize = 120;
/// Longest workload description accepted, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;

/// A saved assessment, as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Random, URL-safe, unguessable identifier.
    pub id: super::AssessmentId,
    pub title: String,
    pub description: String,
    /// Creation time, in milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// The version of the content (questions) it was taken with.
    pub content_version: String,
    /// The walk-through step the team last moved to, from 1: in a workshop, the step the
    /// room is on.
    pub current_step: i64,
    /// How the workshop is run.
    pub room: super::room::Room,
    /// Counts saved edits of the title and description, so that an edit made on a stale page
    /// is refused instead of overwriting.
    pub version: i64,
}

impl Assessment {
    /// Checks that `typed` is this assessment's title, as the facilitator types it to confirm
    /// deleting it: exactly, spaces around it aside.
    pub fn confirm_deletion(&self, typed: &str) -> Result<(), ValidationError> {
        if typed.trim() == self.title {
            return Ok(());
        }
        let message = if typed.trim().is_empty() {
            "Type the assessment's title to confirm. Nothing was deleted.".to_owned()
        } else {
            format!(
                "That is not the title. Type “{}” exactly to delete it. Nothing was deleted.",
                self.title
            )
        };
        Err(ValidationError::new("confirm", message))
    }
}

/// A new assessment whose fields passed validation: the only way to build one is
/// [`AssessmentDraft::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentDraft {
    title: String,
    description: String,
}

impl AssessmentDraft {
    /// Trims and checks a title and a description typed into the create form.
    pub fn parse(title: &str, description: &str) -> Result<Self, ValidationError> {
        let title = required_text("title", "Title", title, TITLE_MAX_CHARS)?;
        refuse_direction_controls("title", "The title", &title)?;
        let description = optional_text("description", "Description", description, DESCRIPTION_MAX_CHARS)?;
        Ok(Self { title, description })
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn description(&self) -> &str {
        &self.description
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str) -> Assessment {
        Assessment {
            id: "a".into(),
            title: title.to_owned(),
            description: String::new(),
            created_at_ms: 0,
            content_version: "1".into(),
            current_step: 1,
            room: crate::room::Room::default(),
            version: 1,
        }
    }

    #[test]
    fn deleting_needs_the_exact_title() {
        let assessment = titled("Checkout API");
        assert_eq!(assessment.confirm_deletion("Checkout API"), Ok(()));
        assert_eq!(assessment.confirm_deletion("  Checkout API\n"), Ok(()));
        for wrong in ["checkout api", "Checkout", "Checkout API 2", "Checkout  API"] {
            let refused = assessment.confirm_deletion(wrong).unwrap_err();
            assert_eq!(refused.field, "confirm");
            assert!(refused.message.contains("“Checkout API”"), "{refused}");
            assert!(refused.message.ends_with("Nothing was deleted."), "{refused}");
            assert_eq!(
                crate::problems::FormProblem::of(&refused),
                crate::problems::FormProblem::DeleteConfirm,
                "an address carries the fixed form"
            );
        }
        let empty = assessment.confirm_deletion("   ").unwrap_err();
        assert_eq!(
            empty.message,
            "Type the assessment's title to confirm. Nothing was deleted."
        );
    }

    #[test]
    fn trims_and_accepts_a_normal_draft() {
        let draft = AssessmentDraft::parse("  Checkout API \n", "  Handles payments ").unwrap();
        assert_eq!(draft.title(), "Checkout API");
        assert_eq!(draft.description(), "Handles payments");
    }

    #[test]
    fn description_may_be_empty() {
        let draft = AssessmentDraft::parse("Reports", "   ").unwrap();
        assert_eq!(draft.description(), "");
    }

    #[test]
    fn refuses_an_empty_or_blank_title() {
        for title in ["", "   ", "\n\t"] {
            let err = AssessmentDraft::parse(title, "x").unwrap_err();
            assert_eq!(err.field, "title");
            assert_eq!(err.message, "Title is required.");
        }
    }

    #[test]
    fn refuses_an_oversized_title_and_says_the_limit() {
        let err = AssessmentDraft::parse(&"a".repeat(10_000), "").unwrap_err();
        assert_eq!(err.field, "title");
        assert!(err.message.contains("10000 characters"), "{}", err.message);
        assert!(err.message.contains("120"), "{}", err.message);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let title = "é".repeat(TITLE_MAX_CHARS);
        assert!(AssessmentDraft::parse(&title, "").is_ok());
        assert!(AssessmentDraft::parse(&format!("{title}é"), "").is_err());
    }

    #[test]
    fn refuses_an_oversized_description() {
        let err = AssessmentDraft::parse("ok", &"b".repeat(DESCRIPTION_MAX_CHARS + 1)).unwrap_err();
        assert_eq!(err.field, "description");
    }

    #[test]
    fn refuses_control_characters_but_keeps_line_breaks() {
        assert!(AssessmentDraft::parse("a\u{0}b", "").is_err());
        let draft = AssessmentDraft::parse("ok", "line one\nline two\ttabbed").unwrap();
        assert_eq!(draft.description(), "line one\nline two\ttabbed");
    }

    #[test]
    fn refuses_text_direction_controls_in_a_title_but_keeps_joiners() {
        for title in [
            "Check\u{202e}out",
            "\u{2067}API\u{2069}",
            "a\u{200f}b",
            "a\u{61c}b",
            "\u{202a}x",
        ] {
            let err = AssessmentDraft::parse(title, "").unwrap_err();
            assert_eq!(err.field, "title", "{title:?}");
        }
        let family = "Team \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(AssessmentDraft::parse(family, "").unwrap().title(), family);
        let persian = "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}";
        assert_eq!(AssessmentDraft::parse(persian, "").unwrap().title(), persian);
    }

    proptest::proptest! {
        #[test]
        fn an_accepted_title_never_holds_a_direction_control(title in "\\PC{0,40}[\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200c}-\u{200f}\u{61c}]?\\PC{0,40}") {
            if let Ok(draft) = AssessmentDraft::parse(&title, "") {
                proptest::prop_assert!(!draft.title().chars().any(crate::text::is_direction_control));
            } else if title.chars().any(crate::text::is_direction_control) {
                proptest::prop_assert_eq!(AssessmentDraft::parse(&title, "").unwrap_err().field, "title");
            }
        }
    }
}
