//! The fixed problems a page's own address may carry, and their messages. Anyone can write an
//! address, so a page shows only these words, never text that came with a request.

use crate::ValidationError;

/// The errors a page may be told through its own address. A form sent without JavaScript is
/// answered with a redirect back to its page carrying the error (`__err`), which the page
/// shows; anyone can write such an address, so only these fixed forms are ever sent or shown
/// (the server-function layer's `for_address`), never text that came with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    TitleRequired,
    Title,
    Description,
    NameTaken,
    Name,
    CodeMalformed,
    CodeUnknown,
    Minutes,
    Note,
    Importance,
    Answer,
    Cost,
    Parts,
    People,
    DeleteConfirm,
    Review,
    Wording,
    Status,
    Actions,
    Due,
    Conflict,
    Other,
}

impl FormProblem {
    pub const ALL: [FormProblem; 22] = [
        FormProblem::TitleRequired,
        FormProblem::Title,
        FormProblem::Description,
        FormProblem::NameTaken,
        FormProblem::Name,
        FormProblem::CodeMalformed,
        FormProblem::CodeUnknown,
        FormProblem::Minutes,
        FormProblem::Note,
        FormProblem::Importance,
        FormProblem::Answer,
        FormProblem::Cost,
        FormProblem::Parts,
        FormProblem::People,
        FormProblem::DeleteConfirm,
        FormProblem::Review,
        FormProblem::Wording,
        FormProblem::Status,
        FormProblem::Actions,
        FormProblem::Due,
        FormProblem::Conflict,
        FormProblem::Other,
    ];

    /// The form field the problem is shown against.
    pub fn field(self) -> &'static str {
        match self {
            FormProblem::TitleRequired | FormProblem::Title => "title",
            FormProblem::Description => "description",
            FormProblem::NameTaken | FormProblem::Name => "name",
            FormProblem::CodeMalformed | FormProblem::CodeUnknown => "code",
            FormProblem::Minutes => "minutes",
            FormProblem::Note => "note",
            FormProblem::Importance => "importance",
            FormProblem::Answer => "answer",
            FormProblem::Cost => "cost",
            FormProblem::Parts => "parts",
            FormProblem::People => "people",
            FormProblem::DeleteConfirm => "confirm",
            FormProblem::Review => "review",
            FormProblem::Wording => "wording",
            FormProblem::Status => "status",
            FormProblem::Actions => "actions",
            FormProblem::Due => "due",
            FormProblem::Conflict | FormProblem::Other => "form",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            FormProblem::TitleRequired => "Title is required.",
            FormProblem::Title => {
                "The title was not saved: it can have up to 120 characters, without control characters or invisible text-direction marks."
            }
            FormProblem::Description => {
                "The description was not saved: it can have up to 2,000 characters, without control characters."
            }
            FormProblem::NameTaken => {
                "Somebody in this workshop already goes by that name. Add an initial or pick another."
            }
            FormProblem::Name => {
                "Type the name the others know you by, in visible letters: up to 40 characters, without line breaks or invisible characters."
            }
            FormProblem::CodeMalformed => "A join code has eight letters and digits, like K7QM-4HXR.",
            FormProblem::CodeUnknown => {
                "No workshop has this code. Check it with the facilitator: it changes when they replace the participant link."
            }
            FormProblem::Minutes => "A countdown lasts 1 to 60 minutes.",
            FormProblem::Note => {
                "The note was not saved: it can have up to 4,000 characters, without control characters or invisible text-direction marks."
            }
            FormProblem::Importance => "Importance must be 0 to 3.",
            FormProblem::Answer => {
                "That answer could not be saved. Reload the page to get the current questions."
            }
            FormProblem::Cost => "Each cost field takes a number within the range shown beside it.",
            FormProblem::Parts => {
                "The parts were not saved: each needs a name of its own (up to 60 characters), an assessment has at most 8, and each figure takes a number within the cost step's range."
            }
            FormProblem::People => "Tick the people to remove first.",
            FormProblem::Review => {
                "The review was not saved: its date must be today or later, as YYYY-MM-DD, and each figure a number within the range shown beside it."
            }
            FormProblem::DeleteConfirm => {
                "That is not the title. Type it exactly as it is shown to delete the assessment. Nothing was deleted."
            }
            FormProblem::Wording => {
                "The decision was not saved: its wording can have up to 1,000 characters, without control characters or invisible text-direction marks."
            }
            FormProblem::Status => "The status is one of proposed, accepted or superseded.",
            FormProblem::Actions => {
                "The next actions were not saved: each needs a summary (up to 600 characters), an owner has up to 60, and a list holds at most 30."
            }
            FormProblem::Due => "A due date is today or a later day, written YYYY-MM-DD.",
            FormProblem::Conflict => {
                "Someone else changed this while you were editing, so your change was not saved. Theirs is shown now; make your change again."
            }
            FormProblem::Other => "That could not be done. Reload the page and try again.",
        }
    }

    /// The fixed problem closest to `error`: its own words when they are one of the fixed
    /// messages, else the general one for its field.
    pub fn of(error: &ValidationError) -> FormProblem {
        if let Some(exact) = FormProblem::ALL
            .into_iter()
            .find(|p| p.field() == error.field && p.message() == error.message)
        {
            return exact;
        }
        match error.field.as_str() {
            "title" => FormProblem::Title,
            "description" => FormProblem::Description,
            "name" => FormProblem::Name,
            "code" => FormProblem::CodeMalformed,
            "minutes" => FormProblem::Minutes,
            "note" => FormProblem::Note,
            "importance" => FormProblem::Importance,
            "answer" => FormProblem::Answer,
            "confirm" => FormProblem::DeleteConfirm,
            "review" | "review_due" | "exception" | "tables_months" => FormProblem::Review,
            field
                if ["requests", "latency", "team"]
                    .iter()
                    .any(|f| field.starts_with(f)) =>
            {
                FormProblem::Review
            }
            "wording" => FormProblem::Wording,
            "status" => FormProblem::Status,
            "actions" => FormProblem::Actions,
            "due" => FormProblem::Due,
            "instance" => FormProblem::Cost,
            field
                if crate::cost::FIELDS.iter().any(|f| f.name == field)
                    || crate::cost::FLAGS.iter().any(|f| f.name == field)
                    || crate::cost::TEXTS.contains(&field) =>
            {
                FormProblem::Cost
            }
            "add" | "remove" | "parts" => FormProblem::Parts,
            field if field.starts_with('p') && field.contains('.') => FormProblem::Parts,
            _ => FormProblem::Other,
        }
    }
}

/// Why an import from the start page's form was refused: the start page's address carries the
/// code (`import_error`), and the page shows the fixed message for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    NoFile,
    Unreadable,
    NotWhenless,
    /// The file names a content version (its questions) this build does not have.
    UnknownVersion,
    Invalid,
}

impl ImportProblem {
    pub const ALL: [ImportProblem; 5] = [
        ImportProblem::NoFile,
        ImportProblem::Unreadable,
        ImportProblem::NotWhenless,
        ImportProblem::UnknownVersion,
        ImportProblem::Invalid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportProblem::NoFile => "no-file",
            ImportProblem::Unreadable => "unreadable",
            ImportProblem::NotWhenless => "not-whenless",
            ImportProblem::UnknownVersion => "unknown-version",
            ImportProblem::Invalid => "invalid",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportProblem> {
        ImportProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn message(self) -> &'static str {
        match self {
            ImportProblem::NoFile => "Choose a Whenless JSON file to import.",
            ImportProblem::Unreadable => "The file could not be read; it may be too large (1 MB at most).",
            ImportProblem::NotWhenless => {
                "This is not a Whenless assessment file: choose a JSON file exported from Whenless (Export, then assessment.json)."
            }
            ImportProblem::UnknownVersion => {
                "This file was made with a version of Whenless's questions that this Whenless does not have, so nothing was imported. Import it where it was exported, or into an up-to-date Whenless."
            }
            ImportProblem::Invalid => {
                "This Whenless file holds something Whenless cannot take (a title, note or answer out of bounds, or given twice), so nothing was imported."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_messages_state_the_limits_the_app_applies() {
        use crate::answers::IMPORTANCE_MAX;
        use crate::assessment::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS};
        use crate::room::{NAME_MAX_CHARS, TIMER_MINUTES_MAX};
        use crate::walkthrough::NOTE_MAX_CHARS;
        let grouped = |n: usize| format!("{},{:03}", n / 1000, n % 1000);
        assert!(
            FormProblem::Title
                .message()
                .contains(&format!("up to {TITLE_MAX_CHARS} "))
        );
        assert!(
            FormProblem::Description
                .message()
                .contains(&grouped(DESCRIPTION_MAX_CHARS))
        );
        assert!(FormProblem::Note.message().contains(&grouped(NOTE_MAX_CHARS)));
        assert!(
            FormProblem::Wording
                .message()
                .contains(&grouped(crate::decision::WORDING_MAX_CHARS))
        );
        assert_eq!(
            FormProblem::of(&crate::decision::Status::parse("x").unwrap_err()),
            FormProblem::Status
        );
        use crate::actions::{MAX_ACTIONS, OWNER_MAX_CHARS, SUMMARY_MAX_CHARS};
        let actions = FormProblem::Actions.message();
        assert!(
            actions.contains(&format!("up to {SUMMARY_MAX_CHARS} "))
                && actions.contains(&format!("up to {OWNER_MAX_CHARS},"))
                && actions.contains(&format!("at most {MAX_ACTIONS}."))
        );
        assert!(
            FormProblem::Name
                .message()
                .contains(&format!("up to {NAME_MAX_CHARS} "))
        );
        assert!(
            FormProblem::Minutes
                .message()
                .contains(&format!("1 to {TIMER_MINUTES_MAX} "))
        );
        assert!(
            FormProblem::Importance
                .message()
                .contains(&format!("0 to {IMPORTANCE_MAX}."))
        );
    }

    #[test]
    fn import_problems_travel_as_codes() {
        for problem in ImportProblem::ALL {
            assert_eq!(ImportProblem::from_code(problem.code()), Some(problem));
        }
        assert_eq!(ImportProblem::from_code("This is not a Whenless file"), None);
    }
}
