//! The persistence boundary, seen from the server functions: the [`Store`] trait, its errors,
//! and the one check of what a link allows. Server functions reach the store through the app
//! state they are given as context; the Postgres and SQLite implementations live in the
//! `server` crate.

use async_trait::async_trait;

use domain::access::{Capability, LinkKind, Links, ParticipantSecret, Token, is_token};
use domain::actions::NextActions;
use domain::cost::CostInputs;
use domain::decision::Decision;
use domain::parts::Part;
use domain::review::Review;
use domain::room::{Joined, Participant, RoomChange};
use domain::rounds::Round;
use domain::transfer::ValidImport;
use domain::walkthrough::{AnswerRecord, DimensionSetting, Saved};
use domain::{Assessment, AssessmentDraft, AssessmentId, ParticipantId};

/// A boxed error from a database driver, kept for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What can go wrong in the store, in terms the rest of the app can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached in time: the request may be retried later.
    #[error("the database is unavailable")]
    Unavailable(#[source] BoxError),
    /// The assessment written to is no longer there: it was deleted while the write was on
    /// its way, and nothing of the write was kept.
    #[error("the assessment was deleted")]
    Gone,
    /// Anything else: a bug or corrupt data. Logged with its detail, shown as a generic error.
    #[error("the database failed")]
    Internal(#[source] BoxError),
}

/// Everything the app keeps. One implementation per database backend; both pass the same
/// conformance tests (`server/tests/integration/store_conformance.rs`).
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Saves a new assessment under a fresh random id, taken with content `content_version`,
    /// with a new token for each kind of link, and returns it with its links.
    async fn create_assessment(
        &self,
        draft: &AssessmentDraft,
        content_version: &str,
    ) -> Result<(Assessment, Links), StoreError>;

    /// Saves a new assessment as [`Store::create_assessment`] does, with what `import` holds
    /// (answers, dimension settings, the decision and the next actions each saved as their
    /// first version, the estimate, the parts, and the organisation's content it carries, as
    /// [`Store::save_content`] does), in one transaction: if any of it fails, nothing is kept.
    async fn import_assessment(
        &self,
        import: &ValidImport,
        content_version: &str,
    ) -> Result<(Assessment, Links), StoreError>;

    /// The link a token belongs to, current or replaced, with its assessment; `None` for a
    /// token that never was.
    async fn resolve_link(&self, token: &Token) -> Result<Option<ResolvedLink>, StoreError>;

    /// Whether `token` was a link of an assessment that has since been deleted.
    async fn deleted_link(&self, token: &Token) -> Result<bool, StoreError>;

    /// Deletes the assessment and everything in it (answers, people, notes, costs, parts,
    /// links) in one transaction, keeping only a tombstone of each of its links' token hashes
    /// (see [`Store::deleted_link`]); `false` when there was no such assessment.
    async fn delete_assessment(&self, id: &AssessmentId) -> Result<bool, StoreError>;

    /// Deletes, as [`Store::delete_assessment`] does, every assessment nothing has been written
    /// to since `before_ms` (every write of any kind counts), and returns their ids.
    async fn delete_untouched(&self, before_ms: i64) -> Result<Vec<AssessmentId>, StoreError>;

    /// The current links of an assessment, opened with its current facilitator token.
    async fn links(
        &self,
        assessment_id: &AssessmentId,
        facilitator_token: &Token,
    ) -> Result<Links, StoreError>;

    /// Replaces the link of `kind` with a new token; the old one stops working at once.
    /// Returns the links as they are now.
    async fn rotate_link(
        &self,
        assessment_id: &AssessmentId,
        kind: LinkKind,
        facilitator_token: &Token,
    ) -> Result<Links, StoreError>;

    /// The assessment with this id, or `None` when there is none.
    async fn assessment(&self, id: &AssessmentId) -> Result<Option<Assessment>, StoreError>;

    /// Replaces the title and description if nobody has saved them since `version`;
    /// otherwise writes nothing and returns the assessment as it is now.
    async fn update_details(
        &self,
        id: &AssessmentId,
        draft: &AssessmentDraft,
        version: i64,
    ) -> Result<Saved<Assessment>, StoreError>;

    /// Records the walk-through step the team moved to.
    async fn set_current_step(&self, assessment_id: &AssessmentId, step: i64) -> Result<(), StoreError>;

    /// Moves the assessment to content version `content_version`. Answers stay as they are:
    /// those to questions the version shares count on, the others are kept unused.
    async fn set_content_version(
        &self,
        assessment_id: &AssessmentId,
        content_version: &str,
    ) -> Result<(), StoreError>;

    /// Moves the room `by` steps from wherever it is now, staying within 1..=`last`, in one
    /// statement (two quick presses of Next move it two steps); the step it is on after.
    async fn move_room(&self, assessment_id: &AssessmentId, by: i64, last: i64) -> Result<i64, StoreError>;

    /// Every answer in the assessment, from everyone.
    async fn answers(&self, assessment_id: &AssessmentId) -> Result<Vec<AnswerRecord>, StoreError>;

    /// Saves one answer, replacing the same person's earlier answer to the same question: a
    /// retry or a double click never makes two.
    async fn save_answer(
        &self,
        assessment_id: &AssessmentId,
        answer: &AnswerRecord,
    ) -> Result<(), StoreError>;

    /// The cost step's workload and prices, if the team has saved them.
    async fn cost_inputs(&self, assessment_id: &AssessmentId) -> Result<Option<CostInputs>, StoreError>;

    /// Saves the cost step's workload and prices, replacing earlier ones.
    async fn save_cost_inputs(
        &self,
        assessment_id: &AssessmentId,
        inputs: &CostInputs,
    ) -> Result<(), StoreError>;

    /// The parts the team split its workload into, in order; none when it did not.
    async fn parts(&self, assessment_id: &AssessmentId) -> Result<Vec<Part>, StoreError>;

    /// Saves the parts, replacing the earlier list.
    async fn save_parts(&self, assessment_id: &AssessmentId, parts: &[Part]) -> Result<(), StoreError>;

    /// When the team will look at its decision again, with the version of that: the empty
    /// review and version 0 before the first save.
    async fn review(&self, assessment_id: &AssessmentId) -> Result<(Review, i64), StoreError>;

    /// Saves the review if nobody has saved it since `version`; otherwise writes nothing and
    /// returns what is saved now, with its version.
    async fn save_review(
        &self,
        assessment_id: &AssessmentId,
        review: &Review,
        version: i64,
    ) -> Result<Saved<(Review, i64)>, StoreError>;

    /// The rounds closed so far, oldest first; the round under way is the assessment itself.
    async fn rounds(&self, assessment_id: &AssessmentId) -> Result<Vec<Round>, StoreError>;

    /// Closes the round under way as `closed` (numbered one after the last closed round) and
    /// starts the next, in one transaction: the room goes back to the first step with nothing
    /// revealed and no countdown; the answers are deleted unless `keep_answers`; people,
    /// notes, costs, parts and links stay. `false`, with nothing written, when a round with
    /// that number was closed meanwhile.
    async fn start_round(
        &self,
        assessment_id: &AssessmentId,
        closed: &Round,
        keep_answers: bool,
    ) -> Result<bool, StoreError>;

    /// The importance and note of every dimension the team has edited.
    async fn dimension_settings(
        &self,
        assessment_id: &AssessmentId,
    ) -> Result<Vec<DimensionSetting>, StoreError>;

    /// Saves a dimension's importance and note if nobody has saved since `setting.version`;
    /// otherwise writes nothing and returns what is saved now.
    async fn save_dimension_setting(
        &self,
        assessment_id: &AssessmentId,
        setting: &DimensionSetting,
    ) -> Result<Saved, StoreError>;

    /// The decision record's wording and status; the default, at version 0, when never saved.
    async fn decision(&self, assessment_id: &AssessmentId) -> Result<Decision, StoreError>;

    /// Saves the decision's wording and status if nobody has saved them since
    /// `decision.version`; otherwise writes nothing and returns what is saved now.
    async fn save_decision(
        &self,
        assessment_id: &AssessmentId,
        decision: &Decision,
    ) -> Result<Saved<Decision>, StoreError>;

    /// The team's next actions once saved; none, at version 0, when never saved.
    async fn next_actions(&self, assessment_id: &AssessmentId) -> Result<NextActions, StoreError>;

    /// Saves the team's next actions if nobody has saved them since `actions.version`;
    /// otherwise writes nothing and returns what is saved now.
    async fn save_next_actions(
        &self,
        assessment_id: &AssessmentId,
        actions: &NextActions,
    ) -> Result<Saved<NextActions>, StoreError>;

    /// The current participant link's token for a join code (normalized, see
    /// [`domain::access::normalize_join_code`]); `None` when no current link has it.
    async fn join_code_link(&self, code: &str) -> Result<Option<Token>, StoreError>;

    /// Lets somebody named `name` into the workshop through the participant link `link`,
    /// unless somebody in it already has that name (ignoring case) or `max` people are in.
    async fn join(
        &self,
        assessment_id: &AssessmentId,
        name: &str,
        max: usize,
        link: &Token,
    ) -> Result<Joined, StoreError>;

    /// The people still in the workshop who joined through a participant link that has since
    /// been replaced, by id.
    async fn joined_through_old_links(
        &self,
        assessment_id: &AssessmentId,
    ) -> Result<Vec<ParticipantId>, StoreError>;

    /// The participant whose cookie holds `secret`, removed or not.
    async fn participant(
        &self,
        assessment_id: &AssessmentId,
        secret: &ParticipantSecret,
    ) -> Result<Option<Participant>, StoreError>;

    /// Everyone who joined, in the order they did, removed people included.
    async fn participants(&self, assessment_id: &AssessmentId) -> Result<Vec<Participant>, StoreError>;

    /// Takes a participant out and deletes their answers; `false` when no such person was in.
    async fn remove_participant(
        &self,
        assessment_id: &AssessmentId,
        participant_id: &ParticipantId,
    ) -> Result<bool, StoreError>;

    /// Applies a change to the room; `false` when it was refused (the answer mode once
    /// somebody has joined).
    async fn change_room(
        &self,
        assessment_id: &AssessmentId,
        change: &RoomChange,
    ) -> Result<bool, StoreError>;

    /// Keeps an organisation's content (its JSON, see
    /// [`domain::content::organisation::to_stored`]) under `version`; nothing changes when that
    /// version is kept already: a version names what it holds.
    async fn save_content(&self, version: &str, body: &str) -> Result<(), StoreError>;

    /// The organisation's content kept under `version`, as saved; `None` when none is.
    async fn content(&self, version: &str) -> Result<Option<String>, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// What a token turned out to be, with its assessment (read in the same query: every request
/// needs both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedLink {
    pub assessment: Assessment,
    pub kind: LinkKind,
    /// The link was rotated: this token no longer opens anything.
    pub replaced: bool,
}

/// Why a token does not give the access a request needs.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("no such link")]
    Unknown,
    #[error("the link was replaced")]
    Replaced,
    #[error("the assessment was deleted")]
    Deleted,
    #[error("the link does not allow this")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A request's proven access to one assessment.
#[derive(Clone, Debug)]
pub struct Access {
    pub assessment: Assessment,
    pub kind: LinkKind,
}

/// The one place where capabilities are checked: every server function and every route that
/// reads or changes an assessment goes through here with the capability it needs.
pub async fn authorize(store: &dyn Store, token: &Token, needed: Capability) -> Result<Access, AccessError> {
    if !is_token(token.expose()) {
        return Err(AccessError::Unknown);
    }
    let Some(link) = store.resolve_link(token).await? else {
        return Err(if store.deleted_link(token).await? {
            AccessError::Deleted
        } else {
            AccessError::Unknown
        });
    };
    if link.replaced {
        return Err(AccessError::Replaced);
    }
    if link.kind.grants() < needed {
        return Err(AccessError::Forbidden);
    }
    Ok(Access {
        assessment: link.assessment,
        kind: link.kind,
    })
}

/// Now, in milliseconds since the Unix epoch: the clock of stored times and countdowns.
pub fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}
