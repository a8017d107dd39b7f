//! What the store's SQL shares: the statements on links used by more than one method, reading
//! the current links (and what of their stored form to repair), and sorting driver errors.

use app::store::StoreError;
use domain::AssessmentId;
use domain::access::{LinkKind, Links, Token};

use super::links::{self, ServerKey};
use super::rows::ASSESSMENT_COLUMNS;

/// Sorts a driver error into "try again later", "the assessment is gone" and "bug", and counts
/// it for the metrics.
pub(crate) fn store_error(error: sqlx::Error) -> StoreError {
    let sorted = sort(error);
    app::metrics::count_database_error(&sorted);
    sorted
}

fn sort(error: sqlx::Error) -> StoreError {
    // A row that names an assessment no longer there: it was deleted meanwhile.
    // Postgres: foreign_key_violation; SQLite: SQLITE_CONSTRAINT_FOREIGNKEY.
    if let sqlx::Error::Database(db) = &error
        && db.code().is_some_and(|code| code == "23503" || code == "787")
    {
        return StoreError::Gone;
    }
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
    assessment_id: &AssessmentId,
    facilitator_token: &Token,
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
    .bind(assessment_id.as_str())
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
        let (facilitator_token, assessment_id) = (facilitator_token.expose(), assessment_id.as_str());
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
        Ok::<_, StoreError>(Token::from(token))
    };
    let participant = open(LinkKind::Participant)?;
    let read_only = open(LinkKind::ReadOnly)?;
    let links = Links {
        facilitator: facilitator_token.clone(),
        join_code: links::join_code(participant.expose()),
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

/// Keeps an organisation's content: `$1` its version, `$2` its JSON, `$3` the time; nothing
/// when that version is kept already (a version names what it holds).
pub(crate) const SAVE_CONTENT: &str = "INSERT INTO contents (version, body, created_at_ms) \
     VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING";

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

#[cfg(test)]
mod tests {
    use super::*;

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
