//! Every assessment as rows, table by table, in a form both backends read and write: what
//! `whenless copy`, `backup` and `restore` move (see [`crate::admin`]).
//!
//! [`TABLES`] names every column of every table; a test compares it with both schemas, so a
//! migration that adds a column or a table fails until it is listed here too.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use sqlx::query::Query;
use sqlx::{ColumnIndex, Decode, Encode, PgPool, Postgres, Row, Sqlite, SqlitePool, Transaction, Type};

use super::open::{self, OpenError, StoreSettings};

/// How a column's values are stored: Postgres has the four, SQLite keeps the last three as
/// INTEGER.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// BIGINT.
    Int,
    /// SMALLINT.
    Small,
    Bool,
}

/// One table: its columns, whose assessment a row is, and an order that lists rows the same
/// way every time.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// The column naming the row's assessment; `None` for a [`SHARED`] table, whose first
    /// column is its key.
    pub owner: Option<&'static str>,
    pub order: &'static str,
}

impl Table {
    /// A column's kind, if the table has it.
    pub fn kind(&self, column: &str) -> Option<Kind> {
        self.columns
            .iter()
            .find(|(name, _)| *name == column)
            .map(|(_, kind)| *kind)
    }

    fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|(name, _)| (*name).to_owned()).collect()
    }
}

use Kind::{Bool, Int, Small, Text};

/// The assessments' own tables, the assessments first: the order rows are written in.
pub const TABLES: [Table; 11] = [
    Table {
        name: "assessments",
        columns: &[
            ("id", Text),
            ("title", Text),
            ("description", Text),
            ("version", Int),
            ("created_at_ms", Int),
            ("updated_at_ms", Int),
            ("content_version", Text),
            ("current_step", Int),
            ("named", Bool),
            ("facilitator_votes", Bool),
            ("revealed_steps", Int),
            ("timer_ends_at_ms", Int),
            ("seats", Int),
            ("touched_at_ms", Int),
        ],
        owner: Some("id"),
        order: "id",
    },
    Table {
        name: "links",
        columns: &[
            ("token_hash", Text),
            ("assessment_id", Text),
            ("kind", Text),
            ("sealed", Text),
            ("created_at_ms", Int),
            ("replaced_at_ms", Int),
            ("code_hash", Text),
            ("code_sealed", Text),
        ],
        owner: Some("assessment_id"),
        order: "token_hash",
    },
    Table {
        name: "participants",
        columns: &[
            ("id", Text),
            ("assessment_id", Text),
            ("name", Text),
            ("secret_hash", Text),
            ("joined_at_ms", Int),
            ("removed_at_ms", Int),
            ("joined_via", Text),
        ],
        owner: Some("assessment_id"),
        order: "id",
    },
    Table {
        name: "answers",
        columns: &[
            ("assessment_id", Text),
            ("participant_id", Text),
            ("question_id", Text),
            ("value", Small),
            ("updated_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "participant_id, question_id",
    },
    Table {
        name: "dimension_settings",
        columns: &[
            ("assessment_id", Text),
            ("dimension_id", Text),
            ("importance", Small),
            ("note", Text),
            ("version", Int),
            ("updated_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "dimension_id",
    },
    Table {
        name: "cost_inputs",
        columns: &[("assessment_id", Text), ("inputs", Text), ("updated_at_ms", Int)],
        owner: Some("assessment_id"),
        order: "assessment_id",
    },
    Table {
        name: "assessment_parts",
        columns: &[("assessment_id", Text), ("parts", Text), ("updated_at_ms", Int)],
        owner: Some("assessment_id"),
        order: "assessment_id",
    },
    Table {
        name: "decisions",
        columns: &[
            ("assessment_id", Text),
            ("wording", Text),
            ("status", Text),
            ("version", Int),
            ("updated_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "assessment_id",
    },
    Table {
        name: "assessment_reviews",
        columns: &[
            ("assessment_id", Text),
            ("review", Text),
            ("version", Int),
            ("updated_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "assessment_id",
    },
    Table {
        name: "assessment_rounds",
        columns: &[
            ("assessment_id", Text),
            ("number", Int),
            ("round", Text),
            ("closed_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "number",
    },
    Table {
        name: "next_actions",
        columns: &[
            ("assessment_id", Text),
            ("actions", Text),
            ("version", Int),
            ("updated_at_ms", Int),
        ],
        owner: Some("assessment_id"),
        order: "assessment_id",
    },
];

/// Tables no assessment owns, each keyed by its first column: the tombstones of deleted
/// assessments' links (their hashes, kept so that an old link says "deleted"), and the
/// organisations' contents assessments were taken with (by version, which names what it
/// holds; see `domain::content::organisation`).
pub const SHARED: [Table; 2] = [
    Table {
        name: "deleted_links",
        columns: &[("token_hash", Text), ("deleted_at_ms", Int)],
        owner: None,
        order: "token_hash",
    },
    Table {
        name: "contents",
        columns: &[("version", Text), ("body", Text), ("created_at_ms", Int)],
        owner: None,
        order: "version",
    },
];

/// A table by name: one of [`TABLES`] or [`SHARED`].
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().chain(&SHARED).find(|table| table.name == name)
}

/// A [`SHARED`] table by name.
pub fn shared(name: &str) -> Option<&'static Table> {
    SHARED.iter().find(|table| table.name == name)
}

/// One stored value. In a backup file: JSON's null, true/false, a whole number or a string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Text(String),
}

/// The columns a backup written before they existed lacks: each was added by a migration that
/// gives it a default (or allows NULL), which a restore then leaves it to. Every other column
/// of a table a backup carries must be in it.
const MAY_BE_MISSING: [(&str, &str); 11] = [
    ("assessments", "content_version"),
    ("assessments", "current_step"),
    ("assessments", "named"),
    ("assessments", "facilitator_votes"),
    ("assessments", "revealed_steps"),
    ("assessments", "timer_ends_at_ms"),
    ("assessments", "seats"),
    ("assessments", "touched_at_ms"),
    ("links", "code_hash"),
    ("links", "code_sealed"),
    ("participants", "joined_via"),
];

/// Which columns each table's rows carry, in order: this build's ([`Layout::current`]), or a
/// backup file's, which an older build may have written with fewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Layout(BTreeMap<String, Vec<String>>);

impl Layout {
    /// Every column of every table this build has.
    pub fn current() -> Self {
        Self(
            TABLES
                .iter()
                .chain(&SHARED)
                .map(|table| (table.name.to_owned(), table.column_names()))
                .collect(),
        )
    }

    /// Checks that this build has every table and column named, each once, and that each table
    /// carries every column but those a migration added later with a default
    /// ([`MAY_BE_MISSING`]): the rows can then be written here, the columns left out taking
    /// their defaults.
    pub fn check(&self) -> Result<(), DumpError> {
        for (name, columns) in &self.0 {
            let table = table(name).ok_or_else(|| DumpError::UnknownTable(name.clone()))?;
            for (at, column) in columns.iter().enumerate() {
                if table.kind(column).is_none() || columns[..at].contains(column) {
                    return Err(DumpError::UnknownColumn {
                        table: name.clone(),
                        column: column.clone(),
                    });
                }
            }
            let missing = table
                .columns
                .iter()
                .map(|(column, _)| *column)
                .filter(|column| !columns.iter().any(|carried| carried == column))
                .find(|column| !MAY_BE_MISSING.contains(&(table.name, column)));
            if let Some(column) = missing {
                return Err(DumpError::MissingColumn {
                    table: name.clone(),
                    column: column.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// The columns a table's rows carry (none when the layout does not have the table).
    pub fn columns(&self, table: &str) -> &[String] {
        self.0.get(table).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Whether a value can be stored in a column of `kind`.
fn fits(kind: Kind, value: &Value) -> bool {
    match (kind, value) {
        (_, Value::Null) | (Text, Value::Text(_)) | (Int, Value::Int(_)) | (Bool, Value::Bool(_)) => true,
        (Small, Value::Int(n)) => i16::try_from(*n).is_ok(),
        _ => false,
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Text => "text",
        Int => "a whole number",
        Small => "a whole number from -32768 to 32767",
        Bool => "true or false",
    }
}

/// Checks one row of `table` against the columns it carries: as many values, each of its
/// column's kind.
fn check_row(table: &Table, columns: &[String], row: &[Value]) -> Result<(), DumpError> {
    if row.len() != columns.len() {
        return Err(DumpError::RowLength {
            table: table.name.to_owned(),
            expected: columns.len(),
            found: row.len(),
        });
    }
    for (column, value) in columns.iter().zip(row) {
        let kind = table.kind(column).ok_or_else(|| DumpError::UnknownColumn {
            table: table.name.to_owned(),
            column: column.clone(),
        })?;
        if !fits(kind, value) {
            return Err(DumpError::BadValue {
                table: table.name.to_owned(),
                column: column.clone(),
                value: value.clone(),
                kind: kind_name(kind),
            });
        }
    }
    Ok(())
}

/// Checks the rows of a [`SHARED`] table against the columns `layout` gives them.
pub fn check_shared(table: &Table, rows: &[Vec<Value>], layout: &Layout) -> Result<(), DumpError> {
    let columns = layout.columns(table.name);
    rows.iter().try_for_each(|row| check_row(table, columns, row))
}

/// One assessment's rows, by table, each row's values in its [`Layout`]'s order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRows {
    pub id: String,
    /// When anything in it was last written: tells a finished copy from an outdated one.
    pub touched_at_ms: i64,
    pub tables: BTreeMap<String, Vec<Vec<Value>>>,
}

impl AssessmentRows {
    /// Checks the rows before any is written: tables the layout has, every row of the right
    /// length and kinds, every row this assessment's, and one row of `assessments`, touched
    /// when the line says.
    pub fn check(&self, layout: &Layout) -> Result<(), DumpError> {
        let mut own = 0;
        for (name, rows) in &self.tables {
            let table = table(name)
                .filter(|table| table.owner.is_some() && !layout.columns(name).is_empty())
                .ok_or_else(|| DumpError::UnknownTable(name.clone()))?;
            let columns = layout.columns(name);
            let owner = table
                .owner
                .and_then(|owner| columns.iter().position(|c| c == owner));
            let touched = columns.iter().position(|c| c == "touched_at_ms");
            for row in rows {
                check_row(table, columns, row)?;
                let is_own = |at: usize| matches!(&row[at], Value::Text(id) if *id == self.id);
                if owner.is_some_and(|at| !is_own(at)) {
                    return Err(DumpError::NotItsOwn {
                        table: name.clone(),
                        id: self.id.clone(),
                    });
                }
                if table.name == "assessments" {
                    own += 1;
                    if touched.is_some_and(|at| row[at] != Value::Int(self.touched_at_ms)) {
                        return Err(DumpError::NotOneAssessment(self.id.clone()));
                    }
                }
            }
        }
        if own == 1 {
            Ok(())
        } else {
            Err(DumpError::NotOneAssessment(self.id.clone()))
        }
    }
}

/// What went wrong reading or writing rows.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("{0}")]
    Database(#[from] sqlx::Error),
    #[error("this version of Whenless has no table {0:?}, or the file does not name its columns")]
    UnknownTable(String),
    #[error("this version of Whenless has no column {column:?} in table {table:?}, or it is named twice")]
    UnknownColumn { table: String, column: String },
    #[error("the rows of table {table:?} lack the column {column:?}, which has no default to take")]
    MissingColumn { table: String, column: String },
    #[error("a row of table {table:?} has {found} values for {expected} columns")]
    RowLength {
        table: String,
        expected: usize,
        found: usize,
    },
    #[error("assessment {0:?} was written to in the target meanwhile: it is left as it is there")]
    ChangedMeanwhile(String),
    #[error("a row of table {table:?} belongs to another assessment than {id:?}")]
    NotItsOwn { table: String, id: String },
    #[error(
        "the rows of assessment {0:?} do not hold the assessment itself exactly once, as last touched when its line says"
    )]
    NotOneAssessment(String),
    #[error("a row of table {table:?} has {value:?} in column {column:?}, which holds {kind}")]
    BadValue {
        table: String,
        column: String,
        value: Value,
        kind: &'static str,
    },
}

/// An opened database, without the server key: what the admin commands read and write.
pub enum Database {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// A consistent view of a whole database, taken once: later writes by a running server are not
/// in it.
pub enum Snapshot {
    Postgres(Transaction<'static, Postgres>),
    Sqlite(Transaction<'static, Sqlite>),
}

/// Runs `$body` with `$inner` bound to the pool or transaction of whichever backend `$value`
/// is: the same code, compiled for each.
macro_rules! each_backend {
    ($value:expr, $kind:ident, $inner:ident => $body:expr) => {
        match $value {
            $kind::Postgres($inner) => $body,
            $kind::Sqlite($inner) => $body,
        }
    };
}

/// What a command does with a database it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Only read: it must exist and be at this build's schema; nothing in it changes, not
    /// even its schema (a read-only role will do).
    Source,
    /// Written to: created if missing (SQLite; a Postgres database must exist) and brought
    /// to this build's schema.
    Target,
}

impl Database {
    /// Opens the database `url` names (`postgres://…` or `sqlite://…`) for `role`.
    pub async fn open(url: &str, role: Role) -> Result<Self, OpenError> {
        let settings = StoreSettings {
            url: url.to_owned(),
            max_connections: 2,
            acquire_timeout: std::time::Duration::from_secs(30),
            key_file: None,
        };
        let database = match open::Engine::of(url)? {
            open::Engine::Postgres => Self::Postgres(open::postgres_pool(&settings).await?),
            open::Engine::Sqlite => {
                let (options, file) = open::sqlite_options(&settings)?;
                if role == Role::Source && !file.exists() {
                    return Err(OpenError::NoFile(file.display().to_string()));
                }
                if role == Role::Target {
                    open::create_folder(&file)?;
                }
                Self::Sqlite(
                    open::sqlite_pool(&settings, options.create_if_missing(role == Role::Target)).await?,
                )
            }
        };
        match role {
            Role::Target => database.migrate().await?,
            Role::Source => database.check_schema().await?,
        }
        Ok(database)
    }

    async fn migrate(&self) -> Result<(), OpenError> {
        match self {
            Database::Postgres(pool) => open::POSTGRES_MIGRATIONS.run(pool).await,
            Database::Sqlite(pool) => open::SQLITE_MIGRATIONS.run(pool).await,
        }
        .map_err(OpenError::Upgrade)
    }

    /// Refuses a database that is not Whenless's, or whose schema is not this build's.
    async fn check_schema(&self) -> Result<(), OpenError> {
        let sql = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
        let found: Option<i64> =
            each_backend!(self, Database, pool => sqlx::query_scalar(sql).fetch_one(pool).await).map_err(
                |error| match error {
                    // No such table.
                    sqlx::Error::Database(_) => OpenError::NotWhenless,
                    other => OpenError::Connect(other),
                },
            )?;
        let (found, ours) = (found.ok_or(OpenError::NotWhenless)?, open::schema_version());
        if found == ours {
            Ok(())
        } else {
            Err(OpenError::OtherSchema { found, ours })
        }
    }

    /// Starts a [`Snapshot`]: on Postgres a repeatable-read, read-only transaction; on SQLite
    /// a read transaction, which sees the database as its first read found it.
    pub async fn snapshot(&self) -> Result<Snapshot, DumpError> {
        Ok(match self {
            Database::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await?;
                Snapshot::Postgres(tx)
            }
            Database::Sqlite(pool) => Snapshot::Sqlite(pool.begin().await?),
        })
    }

    /// Every assessment's id with when it was last touched, by id.
    pub async fn assessments(&self) -> Result<Vec<(String, i64)>, DumpError> {
        each_backend!(self, Database, pool => Ok(sqlx::query_as(LIST_ASSESSMENTS).fetch_all(pool).await?))
    }

    /// The link hashes this database keeps as deleted.
    pub async fn tombstoned(&self) -> Result<HashSet<String>, DumpError> {
        let sql = "SELECT token_hash FROM deleted_links";
        let hashes: Vec<String> =
            each_backend!(self, Database, pool => sqlx::query_scalar(sql).fetch_all(pool).await?);
        Ok(hashes.into_iter().collect())
    }

    /// Writes one assessment's rows in one transaction. With `replacing`, the assessment of
    /// that id is replaced, if it is still as last touched then; otherwise nothing is written
    /// ([`DumpError::ChangedMeanwhile`]).
    pub async fn write(
        &self,
        rows: &AssessmentRows,
        layout: &Layout,
        replacing: Option<i64>,
    ) -> Result<(), DumpError> {
        each_backend!(self, Database, pool => {
            let mut tx = pool.begin().await?;
            if let Some(touched_at_ms) = replacing {
                let deleted = sqlx::query("DELETE FROM assessments WHERE id = $1 AND touched_at_ms = $2")
                    .bind(&rows.id)
                    .bind(touched_at_ms)
                    .execute(&mut *tx)
                    .await?;
                if deleted.rows_affected() == 0 {
                    return Err(DumpError::ChangedMeanwhile(rows.id.clone()));
                }
            }
            for table in &TABLES {
                let columns = layout.columns(table.name);
                let insert = insert_statement(table, columns, "");
                for row in rows.tables.get(table.name).into_iter().flatten() {
                    bind_row(sqlx::query(&insert), table, columns, row)?
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Adds the rows of a [`SHARED`] table whose keys are not there yet, in one transaction.
    pub async fn add_shared(
        &self,
        table: &Table,
        rows: &[Vec<Value>],
        layout: &Layout,
    ) -> Result<(), DumpError> {
        let columns = layout.columns(table.name);
        let conflict = format!(" ON CONFLICT ({}) DO NOTHING", table.columns[0].0);
        let insert = insert_statement(table, columns, &conflict);
        each_backend!(self, Database, pool => {
            let mut tx = pool.begin().await?;
            for row in rows {
                bind_row(sqlx::query(&insert), table, columns, row)?
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn close(self) {
        each_backend!(self, Database, pool => pool.close().await)
    }
}

const LIST_ASSESSMENTS: &str = "SELECT id, touched_at_ms FROM assessments ORDER BY id";

impl Snapshot {
    /// Every link's hash with its assessment.
    pub async fn links(&mut self) -> Result<Vec<(String, String)>, DumpError> {
        let sql = "SELECT assessment_id, token_hash FROM links";
        each_backend!(self, Snapshot, tx => Ok(sqlx::query_as(sql).fetch_all(&mut **tx).await?))
    }

    /// Every assessment's id with when it was last touched, by id.
    pub async fn assessments(&mut self) -> Result<Vec<(String, i64)>, DumpError> {
        each_backend!(self, Snapshot, tx => Ok(sqlx::query_as(LIST_ASSESSMENTS).fetch_all(&mut **tx).await?))
    }

    /// One assessment's rows, every column of [`Layout::current`].
    pub async fn rows(&mut self, id: &str, touched_at_ms: i64) -> Result<AssessmentRows, DumpError> {
        let mut tables = BTreeMap::new();
        for table in &TABLES {
            let owner = table.owner.expect("an assessment's own table names its owner");
            let select = format!(
                "SELECT {} FROM {} WHERE {owner} = $1 ORDER BY {}",
                select_list(table),
                table.name,
                table.order
            );
            let rows = each_backend!(self, Snapshot, tx => {
                let found = sqlx::query(&select).bind(id).fetch_all(&mut **tx).await?;
                found.iter().map(|row| read_row(row, table)).collect::<Result<Vec<_>, _>>()?
            });
            if !rows.is_empty() {
                tables.insert(table.name.to_owned(), rows);
            }
        }
        Ok(AssessmentRows {
            id: id.to_owned(),
            touched_at_ms,
            tables,
        })
    }

    /// Every row of a [`SHARED`] table, every column of [`Layout::current`].
    pub async fn shared(&mut self, table: &Table) -> Result<Vec<Vec<Value>>, DumpError> {
        let select = format!(
            "SELECT {} FROM {} ORDER BY {}",
            select_list(table),
            table.name,
            table.order
        );
        each_backend!(self, Snapshot, tx => {
            let found = sqlx::query(&select).fetch_all(&mut **tx).await?;
            Ok(found.iter().map(|row| read_row(row, table)).collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Ends the snapshot (it only read).
    pub async fn finish(self) -> Result<(), DumpError> {
        each_backend!(self, Snapshot, tx => Ok(tx.commit().await?))
    }
}

/// The table's columns, comma-separated.
fn select_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO table (columns) VALUES ($1, …)` followed by `tail`.
fn insert_statement(table: &Table, columns: &[String], tail: &str) -> String {
    let places: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    format!(
        "INSERT INTO {} ({}) VALUES ({}){tail}",
        table.name,
        columns.join(", "),
        places.join(", ")
    )
}

/// A row's values as [`Value`]s, in the table's column order.
fn read_row<'r, R>(row: &'r R, table: &Table) -> Result<Vec<Value>, DumpError>
where
    R: Row,
    usize: ColumnIndex<R>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    Option<i16>: Decode<'r, R::Database> + Type<R::Database>,
    Option<bool>: Decode<'r, R::Database> + Type<R::Database>,
{
    let value = |at: usize, kind: Kind| -> Result<Value, sqlx::Error> {
        Ok(match kind {
            Text => row.try_get::<Option<String>, _>(at)?.map(Value::Text),
            Int => row.try_get::<Option<i64>, _>(at)?.map(Value::Int),
            Small => row.try_get::<Option<i16>, _>(at)?.map(|n| Value::Int(n.into())),
            Bool => row.try_get::<Option<bool>, _>(at)?.map(Value::Bool),
        }
        .unwrap_or(Value::Null))
    };
    table
        .columns
        .iter()
        .enumerate()
        .map(|(at, (_, kind))| value(at, *kind).map_err(DumpError::from))
        .collect()
}

/// Binds a row's values to `query`, each as its column's kind, once [`check_row`] passed.
fn bind_row<'q, DB>(
    mut query: Query<'q, DB, DB::Arguments<'q>>,
    table: &Table,
    columns: &[String],
    row: &[Value],
) -> Result<Query<'q, DB, DB::Arguments<'q>>, DumpError>
where
    DB: sqlx::Database,
    Option<String>: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<i16>: Encode<'q, DB> + Type<DB>,
    Option<bool>: Encode<'q, DB> + Type<DB>,
{
    check_row(table, columns, row)?;
    for (column, value) in columns.iter().zip(row) {
        query = match (table.kind(column), value) {
            (Some(Text), Value::Null) => query.bind(None::<String>),
            (Some(Small), Value::Null) => query.bind(None::<i16>),
            (Some(Bool), Value::Null) => query.bind(None::<bool>),
            (_, Value::Null) => query.bind(None::<i64>),
            (_, Value::Text(text)) => query.bind(Some(text.clone())),
            (Some(Small), Value::Int(n)) => query.bind(i16::try_from(*n).ok()),
            (_, Value::Int(n)) => query.bind(Some(*n)),
            (_, Value::Bool(flag)) => query.bind(Some(*flag)),
        };
    }
    Ok(query)
}
