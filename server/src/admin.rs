//! What an operator runs beside serving: `whenless copy` (every assessment from one database
//! to another, SQLite to Postgres say), `whenless backup` (every assessment to one file, while
//! the server runs) and `whenless restore` (a backup file into a database). See the README's
//! "Running it for an organisation".
//!
//! Copy and restore write one assessment per transaction, so an interruption leaves whole
//! assessments only; run again, they keep what is there and go on ([`plan`]). Neither writes
//! into a database that holds assessments of its own.

pub mod backup_file;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::config::Command;
use crate::store::OpenError;
use crate::store::dump::{AssessmentRows, Database, DumpError, Layout, Role, SHARED, Snapshot, Table, Value};
use backup_file::{Backup, BackupError, Header, SharedRows};

/// What happens to one assessment of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Not in the target yet: written.
    Copy,
    /// In the target as it is in the source (an earlier run wrote it): left alone.
    Keep,
    /// In the target, but written to in the source since an earlier run copied it: replaced.
    Replace,
    /// Deleted in the target since an earlier run wrote it (its links are tombstones there):
    /// not brought back.
    Deleted,
}

/// Why the target is refused: it holds assessments the source does not (`foreign`), or a
/// later version of one than the source has (`newer`). Writing would mix two databases, or
/// take back what was written since.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub foreign: usize,
    pub newer: usize,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut held = Vec::new();
        if self.foreign > 0 {
            held.push(format!(
                "{} assessment(s) that are not in the source",
                self.foreign
            ));
        }
        if self.newer > 0 {
            held.push(format!(
                "{} assessment(s) written to after the source's version of them",
                self.newer
            ));
        }
        write!(f, "the target database already holds {}. ", held.join(" and "))?;
        if self.newer > 0 {
            f.write_str("Restore a later backup, or copy into an empty database")
        } else {
            f.write_str(
                "Copy or restore only into an empty database, or into one an interrupted run from the same source left",
            )
        }
    }
}

/// What to do with each source assessment, given what the target holds; both lists are
/// `(id, touched_at_ms)`, and `deleted` names the source's assessments whose links the target
/// keeps as deleted. Refused when the target holds an assessment the source does not (another
/// database's) or one written to after the source's version of it (restoring an older backup
/// over it would lose those writes).
pub fn plan(
    source: &[(String, i64)],
    target: &[(String, i64)],
    deleted: &HashSet<String>,
) -> Result<Vec<Step>, Refusal> {
    let in_source: HashMap<&str, i64> = source
        .iter()
        .map(|(id, touched)| (id.as_str(), *touched))
        .collect();
    let mut refusal = Refusal { foreign: 0, newer: 0 };
    for (id, touched) in target {
        match in_source.get(id.as_str()) {
            None => refusal.foreign += 1,
            Some(theirs) if touched > theirs => refusal.newer += 1,
            Some(_) => {}
        }
    }
    if refusal.foreign + refusal.newer > 0 {
        return Err(refusal);
    }
    let in_target: HashMap<&str, i64> = target
        .iter()
        .map(|(id, touched)| (id.as_str(), *touched))
        .collect();
    Ok(source
        .iter()
        .map(|(id, touched)| match in_target.get(id.as_str()) {
            None if deleted.contains(id) => Step::Deleted,
            None => Step::Copy,
            Some(there) if there == touched => Step::Keep,
            Some(_) => Step::Replace,
        })
        .collect())
}

/// How far a copy or restore is, after each assessment.
#[derive(Clone, Copy, Debug)]
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub id: &'a str,
    pub step: Step,
}

/// What a copy or restore did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moved {
    pub copied: usize,
    pub replaced: usize,
    pub kept: usize,
    /// Deleted in the target since an earlier run wrote them: not brought back.
    pub deleted: usize,
    /// How many rows of each [`SHARED`] table the source has (the target has them all after).
    pub shared: Vec<(&'static str, usize)>,
}

/// What a backup wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackedUp {
    pub assessments: usize,
    /// How many rows of each [`SHARED`] table.
    pub shared: Vec<(&'static str, usize)>,
    pub bytes: u64,
}

/// Why a command failed. Each message that can come after something was written says what
/// was kept.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("the source database: {0}")]
    OpenSource(#[source] OpenError),
    #[error("the target database: {0}")]
    OpenTarget(#[source] OpenError),
    #[error("{0}. Nothing was written")]
    Refused(Refusal),
    #[error("reading the source: {0}")]
    Read(#[source] DumpError),
    #[error("reading the target: {0}")]
    ReadTarget(#[source] DumpError),
    #[error(
        "writing assessment {id} to the target: {source}. Nothing of it was written; the assessments \
         before it are kept, and once the cause is mended, running the command again goes on from it"
    )]
    Write { id: String, source: DumpError },
    #[error(
        "writing table {table} to the target: {source}. No assessment was written yet; once the cause is \
         mended, run the command again"
    )]
    WriteShared { table: &'static str, source: DumpError },
    #[error("cannot read {path}: {source}")]
    ReadFile { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}. No backup file was made")]
    WriteFile { path: String, source: std::io::Error },
    #[error("{path}: {source}. Nothing was restored")]
    Backup { path: String, source: BackupError },
}

/// What a copy or restore leaves to the operator: the server key is a file, not a row.
const KEY_REMINDER: &str = "Serve it with the server key file of the database it came from (--key-file; \
     by default whenless.key beside a SQLite file): links work with any key, join codes need that one.";

/// Runs an operator's command, reporting progress on stderr and the outcome on stdout.
pub async fn run(command: Command, database_url: &str) -> ExitCode {
    let mut progress = |progress: Progress| {
        let verb = match progress.step {
            Step::Copy => "copied",
            Step::Keep => "already there",
            Step::Replace => "replaced (changed since)",
            Step::Deleted => "deleted in the target since: left deleted",
        };
        eprintln!("{} of {}: {} {verb}", progress.done, progress.total, progress.id);
    };
    let outcome = match command {
        Command::Copy { from, to } => copy(&from, &to, &mut progress)
            .await
            .map(|moved| format!("{moved}\n{KEY_REMINDER}")),
        Command::Backup { file } => backup(database_url, &file).await.map(|backed_up| {
            format!(
                "wrote {} from {}: {} assessment(s){}; {} bytes",
                file.display(),
                shown(database_url),
                backed_up.assessments,
                described(&backed_up.shared),
                backed_up.bytes
            )
        }),
        Command::Restore { file, to } => restore(&file, &to, &mut progress)
            .await
            .map(|moved| format!("{moved}\n{KEY_REMINDER}")),
    };
    match outcome {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("whenless: {error}");
            ExitCode::FAILURE
        }
    }
}

impl std::fmt::Display for Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "done: {} assessment(s) copied, {} replaced, {} already there, {} deleted there since and not brought back{}",
            self.copied,
            self.replaced,
            self.kept,
            self.deleted,
            described(&self.shared)
        )
    }
}

/// A database URL as it may be shown: without its password.
fn shown(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(at)) if at > scheme.len() + 3 => {
            let user_info = &rest[..at - scheme.len() - 3];
            let user = user_info.split_once(':').map_or(user_info, |(user, _)| user);
            format!("{scheme}://{user}@{}", &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// The rows of each [`SHARED`] table, in words: "; 3 deleted link(s) kept as deleted".
fn described(shared: &[(&str, usize)]) -> String {
    shared
        .iter()
        .map(|(table, count)| match *table {
            "deleted_links" => format!("; {count} deleted link(s) kept as deleted"),
            "contents" => format!("; {count} organisation content version(s)"),
            other => format!("; {count} row(s) of {other}"),
        })
        .collect()
}

/// Copies every assessment and every row of the [`SHARED`] tables from the database `from` to `to`, as a snapshot of
/// `from` taken at the start. `from` must exist; `to` is created (SQLite) and migrated.
pub async fn copy(from: &str, to: &str, progress: &mut dyn FnMut(Progress)) -> Result<Moved, AdminError> {
    let source = Database::open(from, Role::Source)
        .await
        .map_err(AdminError::OpenSource)?;
    let target = Database::open(to, Role::Target)
        .await
        .map_err(AdminError::OpenTarget)?;
    let snapshot = source.snapshot().await.map_err(AdminError::Read)?;
    let moved = move_all(Source::Database(snapshot), &target, progress).await;
    source.close().await;
    target.close().await;
    moved
}

/// Restores the backup `file` into the database `to`, after reading and checking all of it.
pub async fn restore(file: &Path, to: &str, progress: &mut dyn FnMut(Progress)) -> Result<Moved, AdminError> {
    let path = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|source| AdminError::ReadFile {
        path: path.clone(),
        source,
    })?;
    let backup = backup_file::read(&bytes).map_err(|source| AdminError::Backup { path, source })?;
    drop(bytes);
    let target = Database::open(to, Role::Target)
        .await
        .map_err(AdminError::OpenTarget)?;
    let moved = move_all(Source::file(backup), &target, progress).await;
    target.close().await;
    moved
}

/// Writes every assessment and every row of the [`SHARED`] tables of the database `from` to
/// `file`, as one snapshot: what the server writes meanwhile is in it entirely or not at all.
/// The file is written under a new name of its own beside `file` (created, never opened: not
/// an existing file nor a link), readable by its owner only, and renamed to `file` once
/// complete and on disk.
pub async fn backup(from: &str, file: &Path) -> Result<BackedUp, AdminError> {
    let write_error = |source| AdminError::WriteFile {
        path: file.display().to_string(),
        source,
    };
    let folder = match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let partial = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(&write_error)?;
    let source = Database::open(from, Role::Source)
        .await
        .map_err(AdminError::OpenSource)?;
    let mut snapshot = source.snapshot().await.map_err(AdminError::Read)?;
    let written = write_backup(&mut snapshot, partial.as_file(), &write_error).await;
    let finished = snapshot.finish().await.map_err(AdminError::Read);
    source.close().await;
    let backed_up = written?;
    finished?;
    // Dropped on an error before this, the partial file is removed.
    partial.persist(file).map_err(|error| write_error(error.error))?;
    std::fs::File::open(folder)
        .and_then(|folder| folder.sync_all())
        .map_err(&write_error)?;
    Ok(backed_up)
}

async fn write_backup(
    snapshot: &mut Snapshot,
    out: &std::fs::File,
    io_error: impl Fn(std::io::Error) -> AdminError,
) -> Result<BackedUp, AdminError> {
    let mut writer = backup_file::Writer::new(
        std::io::BufWriter::new(out),
        &Header::current(app::store::now_ms()),
    )
    .map_err(&io_error)?;
    let mut shared = Vec::new();
    for table in &SHARED {
        let rows = snapshot.shared(table).await.map_err(AdminError::Read)?;
        shared.push((table.name, rows.len()));
        writer.shared(table.name, rows).map_err(&io_error)?;
    }
    let listed = snapshot.assessments().await.map_err(AdminError::Read)?;
    for (id, touched) in &listed {
        let rows = snapshot.rows(id, *touched).await.map_err(AdminError::Read)?;
        writer.assessment(rows).map_err(&io_error)?;
    }
    let mut out = writer.finish().map_err(&io_error)?;
    out.flush().map_err(&io_error)?;
    let file = out.into_inner().map_err(|error| io_error(error.into_error()))?;
    file.sync_all().map_err(&io_error)?;
    Ok(BackedUp {
        assessments: listed.len(),
        shared,
        bytes: file.metadata().map_err(&io_error)?.len(),
    })
}

/// Where the rows come from.
enum Source {
    Database(Snapshot),
    /// A backup, its assessments taken out as they are written.
    File {
        layout: Layout,
        assessments: Vec<Option<AssessmentRows>>,
        shared: Vec<SharedRows>,
    },
}

impl Source {
    fn file(backup: Backup) -> Self {
        Source::File {
            layout: backup.header.tables,
            assessments: backup.assessments.into_iter().map(Some).collect(),
            shared: backup.shared,
        }
    }

    fn layout(&self) -> Layout {
        match self {
            Source::Database(_) => Layout::current(),
            Source::File { layout, .. } => layout.clone(),
        }
    }

    /// Every assessment's id and when it was last touched, in the order [`Source::rows`] takes.
    async fn list(&mut self) -> Result<Vec<(String, i64)>, DumpError> {
        match self {
            Source::Database(snapshot) => snapshot.assessments().await,
            Source::File { assessments, .. } => Ok(assessments
                .iter()
                .flatten()
                .map(|rows| (rows.id.clone(), rows.touched_at_ms))
                .collect()),
        }
    }

    /// Every link's hash with its assessment's id.
    async fn links(&mut self) -> Result<Vec<(String, String)>, DumpError> {
        match self {
            Source::Database(snapshot) => snapshot.links().await,
            Source::File {
                layout, assessments, ..
            } => {
                let columns = layout.columns("links");
                let hash = columns.iter().position(|column| column == "token_hash");
                Ok(assessments
                    .iter()
                    .flatten()
                    .flat_map(|rows| {
                        let links = rows.tables.get("links").into_iter().flatten();
                        links.filter_map(move |row| match hash.map(|at| &row[at]) {
                            Some(Value::Text(hash)) => Some((rows.id.clone(), hash.clone())),
                            _ => None,
                        })
                    })
                    .collect())
            }
        }
    }

    /// The rows of the assessment listed `at`.
    async fn rows(&mut self, at: usize, id: &str, touched_at_ms: i64) -> Result<AssessmentRows, DumpError> {
        match self {
            Source::Database(snapshot) => snapshot.rows(id, touched_at_ms).await,
            Source::File { assessments, .. } => {
                Ok(assessments[at].take().expect("each assessment is taken once"))
            }
        }
    }

    /// The rows of a [`SHARED`] table (none when a file lacks the table).
    async fn shared(&mut self, table: &Table) -> Result<Vec<Vec<Value>>, DumpError> {
        match self {
            Source::Database(snapshot) => snapshot.shared(table).await,
            Source::File { shared, .. } => Ok(shared
                .iter_mut()
                .find(|rows| rows.table == table.name)
                .map(|rows| std::mem::take(&mut rows.rows))
                .unwrap_or_default()),
        }
    }

    async fn finish(self) -> Result<(), DumpError> {
        match self {
            Source::Database(snapshot) => snapshot.finish().await,
            Source::File { .. } => Ok(()),
        }
    }
}

/// Writes what [`plan`] says: the [`SHARED`] tables first, each in one transaction, then one
/// assessment per transaction.
async fn move_all(
    mut source: Source,
    target: &Database,
    progress: &mut dyn FnMut(Progress),
) -> Result<Moved, AdminError> {
    let listed = source.list().await.map_err(AdminError::Read)?;
    let present = target.assessments().await.map_err(AdminError::ReadTarget)?;
    let tombstoned = target.tombstoned().await.map_err(AdminError::ReadTarget)?;
    let deleted: HashSet<String> = source
        .links()
        .await
        .map_err(AdminError::Read)?
        .into_iter()
        .filter(|(_, hash)| tombstoned.contains(hash))
        .map(|(id, _)| id)
        .collect();
    let steps = plan(&listed, &present, &deleted).map_err(AdminError::Refused)?;
    let present: HashMap<String, i64> = present.into_iter().collect();
    let layout = source.layout();
    let mut moved = Moved::default();
    for table in &SHARED {
        let rows = source.shared(table).await.map_err(AdminError::Read)?;
        target
            .add_shared(table, &rows, &layout)
            .await
            .map_err(|source| AdminError::WriteShared {
                table: table.name,
                source,
            })?;
        moved.shared.push((table.name, rows.len()));
    }
    for (at, ((id, touched), step)) in listed.iter().zip(steps).enumerate() {
        if matches!(step, Step::Copy | Step::Replace) {
            let rows = source.rows(at, id, *touched).await.map_err(AdminError::Read)?;
            let replacing = present.get(id).copied().filter(|_| step == Step::Replace);
            target
                .write(&rows, &layout, replacing)
                .await
                .map_err(|source| AdminError::Write {
                    id: id.clone(),
                    source,
                })?;
        }
        match step {
            Step::Copy => moved.copied += 1,
            Step::Keep => moved.kept += 1,
            Step::Replace => moved.replaced += 1,
            Step::Deleted => moved.deleted += 1,
        }
        progress(Progress {
            done: at + 1,
            total: listed.len(),
            id,
            step,
        });
    }
    source.finish().await.map_err(AdminError::Read)?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(items: &[(&str, i64)]) -> Vec<(String, i64)> {
        items
            .iter()
            .map(|(id, touched)| ((*id).to_owned(), *touched))
            .collect()
    }

    #[test]
    fn an_empty_target_gets_everything() {
        let source = listed(&[("a", 1), ("b", 2)]);
        assert_eq!(
            plan(&source, &[], &HashSet::new()),
            Ok(vec![Step::Copy, Step::Copy])
        );
    }

    #[test]
    fn a_second_run_keeps_what_the_first_wrote_and_replaces_what_changed_since() {
        let source = listed(&[("a", 1), ("b", 5), ("c", 3)]);
        let target = listed(&[("a", 1), ("b", 2)]);
        assert_eq!(
            plan(&source, &target, &HashSet::new()),
            Ok(vec![Step::Keep, Step::Replace, Step::Copy])
        );
    }

    #[test]
    fn a_target_with_assessments_of_its_own_is_refused() {
        let source = listed(&[("a", 1)]);
        let target = listed(&[("a", 1), ("x", 1), ("y", 9)]);
        assert_eq!(
            plan(&source, &target, &HashSet::new()),
            Err(Refusal { foreign: 2, newer: 0 })
        );
        assert_eq!(
            plan(&[], &target, &HashSet::new()),
            Err(Refusal { foreign: 3, newer: 0 })
        );
    }

    #[test]
    fn an_assessment_deleted_in_the_target_since_is_not_brought_back() {
        let backup = listed(&[("a", 5), ("b", 5)]);
        let since = listed(&[("a", 5)]);
        let deleted = HashSet::from(["b".to_owned()]);
        assert_eq!(
            plan(&backup, &since, &deleted),
            Ok(vec![Step::Keep, Step::Deleted])
        );
    }

    #[test]
    fn a_target_written_to_after_the_source_is_refused() {
        let backup = listed(&[("a", 5), ("b", 5)]);
        let since = listed(&[("a", 5), ("b", 9)]);
        assert_eq!(
            plan(&backup, &since, &HashSet::new()),
            Err(Refusal { foreign: 0, newer: 1 })
        );
    }

    #[test]
    fn a_shown_url_has_no_password() {
        assert_eq!(
            shown("postgres://whenless:s3cr@t@db.internal:5432/whenless"),
            "postgres://whenless@db.internal:5432/whenless"
        );
        assert_eq!(
            shown("postgres://db.internal/whenless"),
            "postgres://db.internal/whenless"
        );
        assert_eq!(shown("postgres://ops@db/whenless"), "postgres://ops@db/whenless");
        assert_eq!(shown("sqlite://data/whenless.db"), "sqlite://data/whenless.db");
    }

    proptest::proptest! {
        /// Whatever an earlier run left (any subset of the source, some since changed, some
        /// since deleted in the target), the plan copies exactly what is missing, replaces
        /// exactly what changed, keeps the rest and brings nothing deleted back; and a target
        /// with anything else is refused.
        #[test]
        fn a_plan_goes_on_from_any_interruption(
            touched in proptest::collection::btree_map("[a-z]{1,4}", 0i64..3, 0..30),
            copied in proptest::collection::vec(proptest::bool::ANY, 30),
            changed in proptest::collection::vec(proptest::bool::ANY, 30),
            buried in proptest::collection::vec(proptest::bool::ANY, 30),
            foreign in proptest::option::of("[A-Z]{1,4}"),
        ) {
            let source: Vec<(String, i64)> = touched.into_iter().collect();
            let mut target: Vec<(String, i64)> = source
                .iter()
                .zip(&copied)
                .zip(&changed)
                .filter(|((_, copied), _)| **copied)
                .map(|(((id, touched), _), changed)| (id.clone(), touched - i64::from(*changed)))
                .collect();
            if let Some(id) = foreign {
                target.push((id, 0));
                proptest::prop_assert_eq!(plan(&source, &target, &HashSet::new()), Err(Refusal { foreign: 1, newer: 0 }));
                return Ok(());
            }
            // Deleted in the target: among what it no longer holds.
            let deleted: HashSet<String> = source
                .iter()
                .enumerate()
                .filter(|(at, _)| !copied[*at] && buried[*at])
                .map(|(_, (id, _))| id.clone())
                .collect();
            let steps = plan(&source, &target, &deleted).unwrap();
            proptest::prop_assert_eq!(steps.len(), source.len());
            for (at, step) in steps.iter().enumerate() {
                let expected = match (copied[at], changed[at]) {
                    (false, _) if buried[at] => Step::Deleted,
                    (false, _) => Step::Copy,
                    (true, false) => Step::Keep,
                    (true, true) => Step::Replace,
                };
                proptest::prop_assert_eq!(*step, expected);
            }
        }
    }
}
