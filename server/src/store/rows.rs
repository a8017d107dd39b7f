//! Rows as the database returns them, the columns they are read from, and their mapping to
//! the domain's types.

use domain::decision::{Decision, Status};
use domain::room::{Participant, Room};
use domain::walkthrough::{AnswerRecord, DimensionSetting};
use domain::{Assessment, ValidationError};

/// The columns of an [`Assessment`], in [`AssessmentRow`]'s order.
pub(crate) const ASSESSMENT_COLUMNS: &str = "id, title, description, created_at_ms, content_version, current_step, \
     named, facilitator_votes, revealed_steps, timer_ends_at_ms, version";

#[derive(sqlx::FromRow)]
pub(crate) struct LinkRow {
    pub(crate) kind: String,
    pub(crate) replaced_at_ms: Option<i64>,
    #[sqlx(flatten)]
    pub(crate) assessment: AssessmentRow,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AssessmentRow {
    id: String,
    title: String,
    description: String,
    created_at_ms: i64,
    content_version: String,
    current_step: i64,
    named: bool,
    facilitator_votes: bool,
    revealed_steps: i64,
    timer_ends_at_ms: Option<i64>,
    version: i64,
}

impl From<AssessmentRow> for Assessment {
    fn from(row: AssessmentRow) -> Self {
        Assessment {
            id: row.id.into(),
            title: row.title,
            description: row.description,
            created_at_ms: row.created_at_ms,
            content_version: row.content_version,
            current_step: row.current_step,
            room: Room {
                named: row.named,
                facilitator_votes: row.facilitator_votes,
                revealed_steps: row.revealed_steps,
                timer_ends_at_ms: row.timer_ends_at_ms,
            },
            version: row.version,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AnswerRow {
    participant_id: String,
    question_id: String,
    value: i16,
}

impl From<AnswerRow> for AnswerRecord {
    fn from(row: AnswerRow) -> Self {
        AnswerRecord {
            participant_id: row.participant_id.into(),
            question_id: row.question_id,
            value: row.value,
        }
    }
}

/// The columns of a [`Participant`], in [`ParticipantRow`]'s order.
pub(crate) const PARTICIPANT_COLUMNS: &str = "id, name, joined_at_ms, removed_at_ms";

#[derive(sqlx::FromRow)]
pub(crate) struct ParticipantRow {
    id: String,
    name: String,
    joined_at_ms: i64,
    removed_at_ms: Option<i64>,
}

impl From<ParticipantRow> for Participant {
    fn from(row: ParticipantRow) -> Self {
        Participant {
            id: row.id.into(),
            name: row.name,
            joined_at_ms: row.joined_at_ms,
            removed: row.removed_at_ms.is_some(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SettingRow {
    dimension_id: String,
    importance: i16,
    note: String,
    version: i64,
}

impl From<SettingRow> for DimensionSetting {
    fn from(row: SettingRow) -> Self {
        DimensionSetting {
            dimension_id: row.dimension_id,
            importance: u8::try_from(row.importance).unwrap_or(0),
            note: row.note,
            version: row.version,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DecisionRow {
    wording: String,
    status: String,
    version: i64,
    updated_at_ms: i64,
}

impl TryFrom<DecisionRow> for Decision {
    type Error = ValidationError;

    fn try_from(row: DecisionRow) -> Result<Self, Self::Error> {
        Ok(Decision {
            wording: row.wording,
            status: Status::parse(&row.status)?,
            version: row.version,
            saved_at_ms: row.updated_at_ms,
        })
    }
}
