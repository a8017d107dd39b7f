//! The two implementations of [`app::store::Store`]: Postgres for teams, SQLite as the
//! zero-set-up default. Both run the same SQL (runtime queries with `$n` placeholders), written
//! once in [`sql_store!`], and pass the same conformance tests.

mod links;
mod postgres;
mod sqlite;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::store::{Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::Assessment;
use domain::access::{LinkKind, Links};
use domain::room::{Participant, Room};
use domain::walkthrough::{AnswerRecord, DimensionSetting};
use rand::RngCore;

pub use links::{KEY_LEN, KeyError, ServerKey};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// How to open the database.
#[derive(Clone, Debug)]
pub struct StoreSettings {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a connection before failing as unavailable.
    pub acquire_timeout: Duration,
    /// The server key's file ([`ServerKey`]); by default beside the SQLite file, or
    /// [`DEFAULT_KEY_FILE`] with Postgres.
    pub key_file: Option<PathBuf>,
}

/// Where the server key is kept with Postgres when no file is named.
pub const DEFAULT_KEY_FILE: &str = "data/whenless.key";

impl StoreSettings {
    /// The server key's file: the one named, else beside `sqlite_file` (the same name ending
    /// in `.key`), else [`DEFAULT_KEY_FILE`].
    pub fn key_path(&self, sqlite_file: Option<&std::path::Path>) -> PathBuf {
        match (&self.key_file, sqlite_file) {
            (Some(path), _) => path.clone(),
            (None, Some(file)) => file.with_extension("key"),
            (None, None) => PathBuf::from(DEFAULT_KEY_FILE),
        }
    }
}

/// Why the store could not be opened at start-up.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (got a URL starting with {0:?})"
    )]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("database migration failed, the server will not start: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// An opened store, by backend.
pub enum Backend {
    Postgres(Arc<PgStore>),
    Sqlite(Arc<SqliteStore>),
}

/// Opens the database named by `settings.url` and applies pending migrations.
pub async fn open_backend(settings: &StoreSettings) -> Result<Backend, OpenError> {
    let url = settings.url.as_str();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres(Arc::new(PgStore::open(settings).await?)))
    } else if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite(Arc::new(SqliteStore::open(settings).await?)))
    } else {
        let scheme: String = url.chars().take_while(|c| *c != ':').take(16).collect();
        Err(OpenError::UnsupportedUrl(scheme))
    }
}

/// Opens the database named by `settings.url`, applies pending migrations, and returns the
/// store for it.
pub async fn open(settings: &StoreSettings) -> Result<Arc<dyn Store>, OpenError> {
    Ok(match open_backend(settings).await? {
        Backend::Postgres(store) => store,
        Backend::Sqlite(store) => store,
    })
}

/// A fresh identifier: 128 bits from a CSPRNG seeded by the operating system, URL-safe base64.
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) use app::store::now_ms;

/// Sorts a driver error into "try again later" and "bug".
pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    let unavailable = match &error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            true
        }
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // Postgres: connection exceptions (08xxx), shutdown and start-up (57P0x).
            // SQLite: busy (5) and locked (6).
            code.starts_with("08") || code.starts_with("57P0") || code == "5" || code == "6"
        }),
        _ => false,
    };
    if unavailable {
        StoreError::Unavailable(Box::new(error))
    } else {
        StoreError::Internal(Box::new(error))
    }
}

/// A live link whose stored form a facilitator's visit brings up to date: a token sealed
/// before migration 0007 is sealed again, and a participant link whose join code columns were
/// cleared by that migration (or written under another server key) gets them back.
pub(crate) struct Repair {
    pub kind: LinkKind,
    pub sealed: String,
    pub code_hash: Option<String>,
    pub code_sealed: Option<String>,
}

/// Writes a [`Repair`]: `$1` the sealed token, `$2` and `$3` the join code columns, `$4` the
/// assessment, `$5` the kind.
pub(crate) const REPAIR_LINK: &str = "UPDATE links SET sealed = $1, code_hash = $2, code_sealed = $3 \
     WHERE assessment_id = $4 AND kind = $5 AND replaced_at_ms IS NULL";

/// The current links of an assessment, opened with its facilitator token, and what of their
/// stored form to bring up to date. Shared by both backends: the query is the same, and so is
/// the pool's executor interface.
pub(crate) async fn current_links<'e, E>(
    executor: E,
    key: &ServerKey,
    assessment_id: &str,
    facilitator_token: &str,
) -> Result<(Links, Vec<Repair>), StoreError>
where
    E: sqlx::Executor<'e>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
    for<'q> &'q str: sqlx::Encode<'q, E::Database> + sqlx::Type<E::Database>,
    (String, String, Option<String>): for<'r> sqlx::FromRow<'r, <E::Database as sqlx::Database>::Row>,
{
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT kind, sealed, code_hash FROM links WHERE assessment_id = $1 AND replaced_at_ms IS NULL",
    )
    .bind(assessment_id)
    .fetch_all(executor)
    .await
    .map_err(store_error)?;
    let mut repairs = Vec::new();
    let mut open = |kind: LinkKind| {
        let cannot_open =
            || StoreError::Internal(format!("the {} link cannot be opened", kind.slug()).into());
        let (_, sealed, code_hash) = rows
            .iter()
            .find(|(k, ..)| k == kind.slug())
            .ok_or_else(cannot_open)?;
        let legacy = links::is_legacy(sealed);
        let token = if legacy {
            links::open_legacy(sealed, facilitator_token, kind, assessment_id)
        } else {
            links::open(sealed, facilitator_token, kind, assessment_id)
        }
        .ok_or_else(cannot_open)?;
        let stale_code = kind == LinkKind::Participant
            && code_hash.as_deref() != Some(key.code_hash(&links::join_code(&token)).as_str());
        if legacy || stale_code {
            let (code_hash, code_sealed) = key.join_code_columns(kind, &token, assessment_id);
            repairs.push(Repair {
                kind,
                sealed: links::seal(&token, facilitator_token, kind, assessment_id),
                code_hash,
                code_sealed,
            });
        }
        Ok::<_, StoreError>(token)
    };
    let participant = open(LinkKind::Participant)?;
    let read_only = open(LinkKind::ReadOnly)?;
    let links = Links {
        facilitator: facilitator_token.to_owned(),
        join_code: links::join_code(&participant),
        participant,
        read_only,
    };
    Ok((links, repairs))
}

/// Saves a new link: `$1` the hash of its token, `$2` the assessment, `$3` the kind, `$4` the
/// token sealed (empty for the facilitator's), `$5` the time, `$6` and `$7` the keyed hash of
/// its join code and the token sealed for the code (participant links only).
pub(crate) const INSERT_LINK: &str = "INSERT INTO links \
     (token_hash, assessment_id, kind, sealed, created_at_ms, code_hash, code_sealed) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// The columns of an [`Assessment`], in [`AssessmentRow`]'s order.
pub(crate) const ASSESSMENT_COLUMNS: &str = "id, title, description, created_at_ms, content_version, current_step, \
     named, facilitator_votes, revealed_steps, timer_ends_at_ms, version";

/// A link with its assessment, by the hash of its token (`$1`).
pub(crate) static RESOLVE_LINK: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let columns: Vec<String> = ASSESSMENT_COLUMNS
        .split(", ")
        .map(|c| format!("a.{}", c.trim()))
        .collect();
    format!(
        "SELECT l.kind, l.replaced_at_ms, {} FROM links l JOIN assessments a ON a.id = l.assessment_id \
         WHERE l.token_hash = $1",
        columns.join(", ")
    )
});

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
            id: row.id,
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
            participant_id: row.participant_id,
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
            id: row.id,
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

/// Implements [`Store`] for a store type with a `pool` field. The SQL is portable between
/// Postgres and SQLite, so both backends share these bodies; what differs (connection options,
/// migrations) lives in each backend's module.
macro_rules! sql_store {
    ($store:ty) => {
        impl $store {
            /// The current links, with their stored form brought up to date ([`Repair`]).
            async fn repaired_links(
                &self,
                assessment_id: &str,
                facilitator_token: &str,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                let (links, repairs) =
                    $crate::store::current_links(&self.pool, &self.key, assessment_id, facilitator_token).await?;
                for repair in repairs {
                    sqlx::query($crate::store::REPAIR_LINK)
                        .bind(repair.sealed)
                        .bind(repair.code_hash)
                        .bind(repair.code_sealed)
                        .bind(assessment_id)
                        .bind(repair.kind.slug())
                        .execute(&self.pool)
                        .await
                        .map_err($crate::store::store_error)?;
                }
                Ok(links)
            }
        }

        #[async_trait::async_trait]
        impl app::store::Store for $store {
            async fn create_assessment(
                &self,
                draft: &domain::AssessmentDraft,
                content_version: &str,
            ) -> Result<(domain::Assessment, domain::access::Links), app::store::StoreError> {
                app::store::Store::import_assessment(self, draft, content_version, &[], &[]).await
            }

            async fn import_assessment(
                &self,
                draft: &domain::AssessmentDraft,
                content_version: &str,
                answers: &[domain::walkthrough::AnswerRecord],
                settings: &[domain::walkthrough::DimensionSetting],
            ) -> Result<(domain::Assessment, domain::access::Links), app::store::StoreError> {
                use domain::access::{LinkKind, Links};
                use $crate::store::{links, new_id, now_ms, store_error};

                let now = now_ms();
                let participant = new_id();
                let links = Links {
                    facilitator: new_id(),
                    join_code: links::join_code(&participant),
                    participant,
                    read_only: new_id(),
                };
                let mut tx = self.pool.begin().await.map_err(store_error)?;
                let assessment: domain::Assessment =
                    sqlx::query_as::<_, $crate::store::AssessmentRow>(&format!(
                        "INSERT INTO assessments \
                     (id, title, description, created_at_ms, updated_at_ms, content_version) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING {}",
                        $crate::store::ASSESSMENT_COLUMNS
                    ))
                    .bind(new_id())
                    .bind(draft.title())
                    .bind(draft.description())
                    .bind(now)
                    .bind(now)
                    .bind(content_version)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(store_error)?
                    .into();
                for kind in LinkKind::ALL {
                    let token = links.token(kind);
                    let sealed = match kind {
                        LinkKind::Facilitator => String::new(),
                        _ => links::seal(token, &links.facilitator, kind, &assessment.id),
                    };
                    let (code_hash, code_sealed) = self.key.join_code_columns(kind, token, &assessment.id);
                    sqlx::query($crate::store::INSERT_LINK)
                        .bind(links::hash(token))
                        .bind(&assessment.id)
                        .bind(kind.slug())
                        .bind(sealed)
                        .bind(now)
                        .bind(code_hash)
                        .bind(code_sealed)
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                }
                for answer in answers {
                    sqlx::query(
                        "INSERT INTO answers (assessment_id, participant_id, question_id, value, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&assessment.id)
                    .bind(&answer.participant_id)
                    .bind(&answer.question_id)
                    .bind(answer.value)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                for setting in settings {
                    sqlx::query(
                        "INSERT INTO dimension_settings \
                         (assessment_id, dimension_id, importance, note, version, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, 1, $5)",
                    )
                    .bind(&assessment.id)
                    .bind(&setting.dimension_id)
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                }
                tx.commit().await.map_err(store_error)?;
                Ok((assessment, links))
            }

            async fn resolve_link(
                &self,
                token: &str,
            ) -> Result<Option<app::store::ResolvedLink>, app::store::StoreError> {
                let row: Option<$crate::store::LinkRow> = sqlx::query_as(&$crate::store::RESOLVE_LINK)
                    .bind($crate::store::links::hash(token))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::store::store_error)?;
                Ok(row.and_then(|row| {
                    Some(app::store::ResolvedLink {
                        kind: domain::access::LinkKind::from_slug(&row.kind)?,
                        replaced: row.replaced_at_ms.is_some(),
                        assessment: row.assessment.into(),
                    })
                }))
            }

            async fn links(
                &self,
                assessment_id: &str,
                facilitator_token: &str,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                self.repaired_links(assessment_id, facilitator_token).await
            }

            async fn rotate_link(
                &self,
                assessment_id: &str,
                kind: domain::access::LinkKind,
                facilitator_token: &str,
            ) -> Result<domain::access::Links, app::store::StoreError> {
                use domain::access::LinkKind;
                use $crate::store::{links, new_id, now_ms, store_error};

                let now = now_ms();
                let current = self.repaired_links(assessment_id, facilitator_token).await?;
                let fresh = new_id();
                let mut tx = self.pool.begin().await.map_err(store_error)?;
                // A replaced link keeps no sealed token: nothing needs it again.
                sqlx::query(
                    "UPDATE links SET replaced_at_ms = $1, sealed = '', code_hash = NULL, code_sealed = NULL \
                     WHERE assessment_id = $2 AND kind = $3 AND replaced_at_ms IS NULL",
                )
                .bind(now)
                .bind(assessment_id)
                .bind(kind.slug())
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                let facilitator = if kind == LinkKind::Facilitator {
                    fresh.as_str()
                } else {
                    facilitator_token
                };
                let sealed = match kind {
                    LinkKind::Facilitator => String::new(),
                    _ => links::seal(&fresh, facilitator, kind, assessment_id),
                };
                let (code_hash, code_sealed) = self.key.join_code_columns(kind, &fresh, assessment_id);
                sqlx::query($crate::store::INSERT_LINK)
                    .bind(links::hash(&fresh))
                    .bind(assessment_id)
                    .bind(kind.slug())
                    .bind(sealed)
                    .bind(now)
                    .bind(code_hash)
                    .bind(code_sealed)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                if kind == LinkKind::Facilitator {
                    // The other links stay the same, sealed anew under the new facilitator token.
                    for other in [LinkKind::Participant, LinkKind::ReadOnly] {
                        sqlx::query(
                            "UPDATE links SET sealed = $1 \
                             WHERE assessment_id = $2 AND kind = $3 AND replaced_at_ms IS NULL",
                        )
                        .bind(links::seal(
                            current.token(other),
                            facilitator,
                            other,
                            assessment_id,
                        ))
                        .bind(assessment_id)
                        .bind(other.slug())
                        .execute(&mut *tx)
                        .await
                        .map_err(store_error)?;
                    }
                }
                tx.commit().await.map_err(store_error)?;
                self.repaired_links(assessment_id, facilitator).await
            }

            async fn assessment(
                &self,
                id: &str,
            ) -> Result<Option<domain::Assessment>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::AssessmentRow>(&format!(
                    "SELECT {} FROM assessments WHERE id = $1",
                    $crate::store::ASSESSMENT_COLUMNS
                ))
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map(|row| row.map(Into::into))
                .map_err($crate::store::store_error)
            }

            async fn update_details(
                &self,
                id: &str,
                draft: &domain::AssessmentDraft,
                version: i64,
            ) -> Result<domain::walkthrough::Saved<domain::Assessment>, app::store::StoreError> {
                use domain::walkthrough::Saved;
                use app::store::StoreError;

                // One statement, so two concurrent edits of the same version cannot both land.
                let written = sqlx::query(
                    "UPDATE assessments SET title = $1, description = $2, version = version + 1, updated_at_ms = $3 \
                     WHERE id = $4 AND version = $5",
                )
                .bind(draft.title())
                .bind(draft.description())
                .bind($crate::store::now_ms())
                .bind(id)
                .bind(version)
                .execute(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                if written.rows_affected() == 1 {
                    return Ok(Saved::Version(version + 1));
                }
                self.assessment(id)
                    .await?
                    .map(Saved::Conflict)
                    .ok_or_else(|| StoreError::Internal("the assessment to edit is gone".into()))
            }

            async fn set_current_step(
                &self,
                assessment_id: &str,
                step: i64,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query("UPDATE assessments SET current_step = $1 WHERE id = $2")
                    .bind(step)
                    .bind(assessment_id)
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::store_error)
            }

            async fn move_room(
                &self,
                assessment_id: &str,
                by: i64,
                last: i64,
            ) -> Result<i64, app::store::StoreError> {
                sqlx::query_scalar::<_, i64>(
                    "UPDATE assessments SET current_step = CASE \
                       WHEN current_step + $1 < 1 THEN 1 \
                       WHEN current_step + $1 > $2 THEN $2 \
                       ELSE current_step + $1 END \
                     WHERE id = $3 RETURNING current_step",
                )
                .bind(by)
                .bind(last)
                .bind(assessment_id)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::store::store_error)
            }

            async fn answers(
                &self,
                assessment_id: &str,
            ) -> Result<Vec<domain::walkthrough::AnswerRecord>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::AnswerRow>(
                    "SELECT participant_id, question_id, value FROM answers \
                     WHERE assessment_id = $1 ORDER BY participant_id, question_id",
                )
                .bind(assessment_id)
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::store_error)
            }

            async fn save_answer(
                &self,
                assessment_id: &str,
                answer: &domain::walkthrough::AnswerRecord,
            ) -> Result<(), app::store::StoreError> {
                sqlx::query(
                    "INSERT INTO answers (assessment_id, participant_id, question_id, value, updated_at_ms) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (assessment_id, participant_id, question_id) \
                     DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms",
                )
                .bind(assessment_id)
                .bind(&answer.participant_id)
                .bind(&answer.question_id)
                .bind(answer.value)
                .bind($crate::store::now_ms())
                .execute(&self.pool)
                .await
                .map(drop)
                .map_err($crate::store::store_error)
            }

            async fn dimension_settings(
                &self,
                assessment_id: &str,
            ) -> Result<Vec<domain::walkthrough::DimensionSetting>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::SettingRow>(
                    "SELECT dimension_id, importance, note, version FROM dimension_settings \
                     WHERE assessment_id = $1 ORDER BY dimension_id",
                )
                .bind(assessment_id)
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::store_error)
            }

            async fn save_dimension_setting(
                &self,
                assessment_id: &str,
                setting: &domain::walkthrough::DimensionSetting,
            ) -> Result<domain::walkthrough::Saved, app::store::StoreError> {
                use domain::walkthrough::{DimensionSetting, Saved};

                // One statement either way, so two concurrent saves of the same version
                // cannot both succeed.
                let written = if setting.version == 0 {
                    sqlx::query(
                        "INSERT INTO dimension_settings \
                         (assessment_id, dimension_id, importance, note, version, updated_at_ms) \
                         VALUES ($1, $2, $3, $4, 1, $5) \
                         ON CONFLICT (assessment_id, dimension_id) DO NOTHING",
                    )
                    .bind(assessment_id)
                    .bind(&setting.dimension_id)
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind($crate::store::now_ms())
                    .execute(&self.pool)
                    .await
                } else {
                    sqlx::query(
                        "UPDATE dimension_settings \
                         SET importance = $1, note = $2, version = version + 1, updated_at_ms = $3 \
                         WHERE assessment_id = $4 AND dimension_id = $5 AND version = $6",
                    )
                    .bind(i16::from(setting.importance))
                    .bind(&setting.note)
                    .bind($crate::store::now_ms())
                    .bind(assessment_id)
                    .bind(&setting.dimension_id)
                    .bind(setting.version)
                    .execute(&self.pool)
                    .await
                }
                .map_err($crate::store::store_error)?;
                if written.rows_affected() == 1 {
                    return Ok(Saved::Version(setting.version + 1));
                }
                let current = sqlx::query_as::<_, $crate::store::SettingRow>(
                    "SELECT dimension_id, importance, note, version FROM dimension_settings \
                     WHERE assessment_id = $1 AND dimension_id = $2",
                )
                .bind(assessment_id)
                .bind(&setting.dimension_id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(Saved::Conflict(current.map_or_else(
                    || DimensionSetting::unset(&setting.dimension_id),
                    Into::into,
                )))
            }

            async fn cost_inputs(
                &self,
                assessment_id: &str,
            ) -> Result<Option<domain::cost::CostInputs>, app::store::StoreError> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT inputs FROM cost_inputs WHERE assessment_id = $1")
                        .bind(assessment_id)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::store::store_error)?;
                row.map(|(json,)| serde_json::from_str(&json))
                    .transpose()
                    .map_err(|e| app::store::StoreError::Internal(Box::new(e)))
            }

            async fn save_cost_inputs(
                &self,
                assessment_id: &str,
                inputs: &domain::cost::CostInputs,
            ) -> Result<(), app::store::StoreError> {
                let json = serde_json::to_string(inputs).map_err(|e| app::store::StoreError::Internal(Box::new(e)))?;
                sqlx::query(
                    "INSERT INTO cost_inputs (assessment_id, inputs, updated_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (assessment_id) DO UPDATE SET inputs = excluded.inputs, updated_at_ms = excluded.updated_at_ms",
                )
                .bind(assessment_id)
                .bind(json)
                .bind($crate::store::now_ms())
                .execute(&self.pool)
                .await
                .map(drop)
                .map_err($crate::store::store_error)
            }

            async fn join_code_link(&self, code: &str) -> Result<Option<String>, app::store::StoreError> {
                let row: Option<(String, String)> = sqlx::query_as(
                    "SELECT assessment_id, code_sealed FROM links \
                     WHERE code_hash = $1 AND replaced_at_ms IS NULL AND code_sealed IS NOT NULL",
                )
                .bind(self.key.code_hash(code))
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::store::store_error)?;
                Ok(row.and_then(|(assessment_id, sealed)| self.key.open_for_code(&sealed, &assessment_id)))
            }

            async fn join(
                &self,
                assessment_id: &str,
                name: &str,
                max: usize,
                link: &str,
            ) -> Result<domain::room::Joined, app::store::StoreError> {
                use domain::room::{Joined, Participant};
                use $crate::store::{links, new_id, now_ms, store_error};

                let mut tx = self.pool.begin().await.map_err(store_error)?;
                // Taking a seat locks the assessment's row, so concurrent joins queue here and
                // never exceed the maximum or share a name.
                let seated = sqlx::query("UPDATE assessments SET seats = seats + 1 WHERE id = $1 AND seats < $2")
                    .bind(assessment_id)
                    .bind(i64::try_from(max).unwrap_or(i64::MAX))
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                if seated.rows_affected() == 0 {
                    return Ok(Joined::Full);
                }
                let participant = Participant {
                    id: new_id(),
                    name: name.to_owned(),
                    joined_at_ms: now_ms(),
                    removed: false,
                };
                // Names are compared as they look (see `name_key`), under the seat's lock.
                let present: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM participants WHERE assessment_id = $1 AND removed_at_ms IS NULL",
                )
                .bind(assessment_id)
                .fetch_all(&mut *tx)
                .await
                .map_err(store_error)?;
                let key = domain::room::name_key(name);
                if present.iter().any(|(other,)| domain::room::name_key(other) == key) {
                    return Ok(Joined::NameTaken);
                }
                let secret = new_id();
                sqlx::query(
                    "INSERT INTO participants (id, assessment_id, name, secret_hash, joined_at_ms, joined_via) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&participant.id)
                .bind(assessment_id)
                .bind(&participant.name)
                .bind(links::hash(&secret))
                .bind(participant.joined_at_ms)
                .bind(links::hash(link))
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(Joined::In { participant, secret })
            }

            async fn participant(
                &self,
                assessment_id: &str,
                secret: &str,
            ) -> Result<Option<domain::room::Participant>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::ParticipantRow>(&format!(
                    "SELECT {} FROM participants WHERE secret_hash = $1 AND assessment_id = $2",
                    $crate::store::PARTICIPANT_COLUMNS
                ))
                .bind($crate::store::links::hash(secret))
                .bind(assessment_id)
                .fetch_optional(&self.pool)
                .await
                .map(|row| row.map(Into::into))
                .map_err($crate::store::store_error)
            }

            async fn participants(
                &self,
                assessment_id: &str,
            ) -> Result<Vec<domain::room::Participant>, app::store::StoreError> {
                sqlx::query_as::<_, $crate::store::ParticipantRow>(&format!(
                    "SELECT {} FROM participants WHERE assessment_id = $1 ORDER BY joined_at_ms, id",
                    $crate::store::PARTICIPANT_COLUMNS
                ))
                .bind(assessment_id)
                .fetch_all(&self.pool)
                .await
                .map(|rows| rows.into_iter().map(Into::into).collect())
                .map_err($crate::store::store_error)
            }

            async fn joined_through_old_links(
                &self,
                assessment_id: &str,
            ) -> Result<Vec<String>, app::store::StoreError> {
                sqlx::query_scalar::<_, String>(
                    "SELECT id FROM participants WHERE assessment_id = $1 AND removed_at_ms IS NULL \
                     AND (joined_via IS NULL OR joined_via NOT IN (SELECT token_hash FROM links \
                     WHERE assessment_id = $1 AND kind = 'participant' AND replaced_at_ms IS NULL)) \
                     ORDER BY joined_at_ms, id",
                )
                .bind(assessment_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::store_error)
            }

            async fn remove_participant(
                &self,
                assessment_id: &str,
                participant_id: &str,
            ) -> Result<bool, app::store::StoreError> {
                use $crate::store::{now_ms, store_error};

                let mut tx = self.pool.begin().await.map_err(store_error)?;
                let removed = sqlx::query(
                    "UPDATE participants SET removed_at_ms = $1 \
                     WHERE assessment_id = $2 AND id = $3 AND removed_at_ms IS NULL",
                )
                .bind(now_ms())
                .bind(assessment_id)
                .bind(participant_id)
                .execute(&mut *tx)
                .await
                .map_err(store_error)?;
                if removed.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("UPDATE assessments SET seats = seats - 1 WHERE id = $1")
                    .bind(assessment_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                sqlx::query("DELETE FROM answers WHERE assessment_id = $1 AND participant_id = $2")
                    .bind(assessment_id)
                    .bind(participant_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(store_error)?;
                tx.commit().await.map_err(store_error)?;
                Ok(true)
            }

            async fn change_room(
                &self,
                assessment_id: &str,
                change: &domain::room::RoomChange,
            ) -> Result<bool, app::store::StoreError> {
                use domain::room::{Room, RoomChange};

                let query = match change {
                    RoomChange::Reveal(step) => {
                        sqlx::query("UPDATE assessments SET revealed_steps = revealed_steps | $1 WHERE id = $2")
                            .bind(Room::step_bit(*step))
                    }
                    RoomChange::Timer(ends_at) => {
                        sqlx::query("UPDATE assessments SET timer_ends_at_ms = $1 WHERE id = $2").bind(*ends_at)
                    }
                    RoomChange::Named(named) => sqlx::query(
                        "UPDATE assessments SET named = $1 WHERE id = $2 \
                         AND NOT EXISTS (SELECT 1 FROM participants WHERE assessment_id = $2)",
                    )
                    .bind(*named),
                    RoomChange::FacilitatorVotes(votes) => {
                        sqlx::query("UPDATE assessments SET facilitator_votes = $1 WHERE id = $2").bind(*votes)
                    }
                };
                query
                    .bind(assessment_id)
                    .execute(&self.pool)
                    .await
                    .map(|done| done.rows_affected() == 1)
                    .map_err($crate::store::store_error)
            }

            async fn ping(&self) -> Result<(), app::store::StoreError> {
                sqlx::query("SELECT 1")
                    .execute(&self.pool)
                    .await
                    .map(drop)
                    .map_err($crate::store::store_error)
            }
        }
    };
}

pub(crate) use sql_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_bit_url_safe_and_distinct() {
        let ids: std::collections::HashSet<String> = (0..1_000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1_000);
        for id in &ids {
            assert_eq!(URL_SAFE_NO_PAD.decode(id).unwrap().len(), 16);
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }

    #[test]
    fn pool_timeouts_are_unavailable_and_decoding_errors_are_bugs() {
        assert!(matches!(
            store_error(sqlx::Error::PoolTimedOut),
            StoreError::Unavailable(_)
        ));
        assert!(matches!(
            store_error(sqlx::Error::RowNotFound),
            StoreError::Internal(_)
        ));
    }
}
