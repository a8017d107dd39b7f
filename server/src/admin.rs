//! What an operator runs beside serving: `whenless copy` (every assessment from one database
//! to another, SQLite to Postgres say), `whenless backup` (every assessment to one file, while
//! the server runs) and `whenless restore` (a backup file into a database). See the README's
//! "Running it for an organisation".
//!
//! Copy and restore write one assessment per transaction, so an interruption leaves whole
//! assessments only; run again, they keep what is there and go on ([`plan`]). Neither writes
//! into a database that holds assessments of its own.

pub mod backup_file;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::Command;
use crate::store::OpenError;
use crate::store::dump::{AssessmentRows, Database, DumpError, Layout, SHARED, Snapshot, Table, Value};
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
}

/// Why the target is refused: it holds assessments the source does not (`foreign`), or a
/// later version of one than the source has (`newer`). Writing would mix two databases, or
/// take back what was written since.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    pub foreign: usize,
    pub newer: usize,
}

/// What to do with each source assessment, given what the target holds; both lists are
/// `(id, touched_at_ms)`. Refused when the target holds an assessment the source does not
/// (another database's) or one written to after the source's version of it (restoring an
/// older backup over it would lose those writes).
pub fn plan(source: &[(String, i64)], target: &[(String, i64)]) -> Result<Vec<Step>, Refusal> {
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

/// Why a command failed. Each message says what was kept.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("the source database: {0}")]
    OpenSource(#[source] OpenError),
    #[error("the target database: {0}")]
    OpenTarget(#[source] OpenError),
    #[error(
        "the target database already holds {} assessment(s) that are not in the source and {} written to \
         after the source's version of it. Copy or restore only into an empty database, or into one an \
         interrupted run from the same source left. Nothing was written",
        .0.foreign,
        .0.newer
    )]
    Refused(Refusal),
    #[error("reading the source: {0}")]
    Read(#[source] DumpError),
    #[error("reading the target: {0}")]
    ReadTarget(#[source] DumpError),
    #[error(
        "writing assessment {id} to the target: {source}. The assessments written before it are kept: \
         run the command again to go on"
    )]
    Write { id: String, source: DumpError },
    #[error("writing table {table} to the target: {source}. Run the command again to go on")]
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
        };
        eprintln!("{} of {}: {} {verb}", progress.done, progress.total, progress.id);
    };
    let outcome = match command {
        Command::Copy { from, to } => copy(&from, &to, &mut progress)
            .await
            .map(|moved| format!("{moved}\n{KEY_REMINDER}")),
        Command::Backup { file } => backup(database_url, &file).await.map(|backed_up| {
            format!(
                "wrote {}: {} assessment(s){}; {} bytes",
                file.display(),
                backed_up.assessments,
                described(&backed_up.shared),
                backed_up.bytes
            )
        }),
        Command::Restore { file } => restore(&file, database_url, &mut progress)
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
            "done: {} assessment(s) copied, {} replaced, {} already there{}",
            self.copied,
            self.replaced,
            self.kept,
            described(&self.shared)
        )
    }
}

/// The rows of each [`SHARED`] table, in words: "; 3 deleted link(s) kept as deleted".
fn described(shared: &[(&str, usize)]) -> String {
    shared
        .iter()
        .map(|(table, count)| match *table {
            "deleted_links" => format!("; {count} deleted link(s) kept as deleted"),
            other => format!("; {count} row(s) of {other}"),
        })
        .collect()
}

/// Copies every assessment and every row of the [`SHARED`] tables from the database `from` to `to`, as a snapshot of
/// `from` taken at the start. `from` must exist; `to` is created (SQLite) and migrated.
pub async fn copy(from: &str, to: &str, progress: &mut dyn FnMut(Progress)) -> Result<Moved, AdminError> {
    let source = Database::open(from, true).await.map_err(AdminError::OpenSource)?;
    let target = Database::open(to, false).await.map_err(AdminError::OpenTarget)?;
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
    let target = Database::open(to, false).await.map_err(AdminError::OpenTarget)?;
    let moved = move_all(Source::file(backup), &target, progress).await;
    target.close().await;
    moved
}

/// Writes every assessment and every row of the [`SHARED`] tables of the database `from` to `file`, as one snapshot:
/// what the server writes meanwhile is in it entirely or not at all. The file appears only
/// once complete (it is written beside it first), readable by its owner only.
pub async fn backup(from: &str, file: &Path) -> Result<BackedUp, AdminError> {
    let source = Database::open(from, true).await.map_err(AdminError::OpenSource)?;
    let mut snapshot = source.snapshot().await.map_err(AdminError::Read)?;
    let partial = partial_path(file);
    let written = write_backup(&mut snapshot, &partial).await;
    let finished = snapshot.finish().await.map_err(AdminError::Read);
    source.close().await;
    let renamed = written.and_then(|backed_up| {
        finished?;
        std::fs::rename(&partial, file).map_err(|source| AdminError::WriteFile {
            path: file.display().to_string(),
            source,
        })?;
        Ok(backed_up)
    });
    if renamed.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    renamed
}

/// `file` with `.partial` added to its name.
fn partial_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_owned();
    name.push(".partial");
    file.with_file_name(name)
}

async fn write_backup(snapshot: &mut Snapshot, path: &Path) -> Result<BackedUp, AdminError> {
    use std::os::unix::fs::OpenOptionsExt;
    let io_error = |source| AdminError::WriteFile {
        path: path.display().to_string(),
        source,
    };
    let out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(io_error)?;
    let mut writer = backup_file::Writer::new(
        std::io::BufWriter::new(out),
        &Header::current(app::store::now_ms()),
    )
    .map_err(io_error)?;
    let mut shared = Vec::new();
    for table in &SHARED {
        let rows = snapshot.shared(table).await.map_err(AdminError::Read)?;
        shared.push((table.name, rows.len()));
        writer.shared(table.name, rows).map_err(io_error)?;
    }
    let listed = snapshot.assessments().await.map_err(AdminError::Read)?;
    for (id, touched) in &listed {
        let rows = snapshot.rows(id, *touched).await.map_err(AdminError::Read)?;
        writer.assessment(rows).map_err(io_error)?;
    }
    let mut out = writer.finish().map_err(io_error)?;
    out.flush().map_err(io_error)?;
    let file = out.into_inner().map_err(|error| io_error(error.into_error()))?;
    file.sync_all().map_err(io_error)?;
    Ok(BackedUp {
        assessments: listed.len(),
        shared,
        bytes: file.metadata().map_err(io_error)?.len(),
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
    let steps = plan(&listed, &present).map_err(AdminError::Refused)?;
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
        if step != Step::Keep {
            let rows = source.rows(at, id, *touched).await.map_err(AdminError::Read)?;
            target
                .write(&rows, &layout, step == Step::Replace)
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
        assert_eq!(plan(&source, &[]), Ok(vec![Step::Copy, Step::Copy]));
    }

    #[test]
    fn a_second_run_keeps_what_the_first_wrote_and_replaces_what_changed_since() {
        let source = listed(&[("a", 1), ("b", 5), ("c", 3)]);
        let target = listed(&[("a", 1), ("b", 2)]);
        assert_eq!(
            plan(&source, &target),
            Ok(vec![Step::Keep, Step::Replace, Step::Copy])
        );
    }

    #[test]
    fn a_target_with_assessments_of_its_own_is_refused() {
        let source = listed(&[("a", 1)]);
        let target = listed(&[("a", 1), ("x", 1), ("y", 9)]);
        assert_eq!(plan(&source, &target), Err(Refusal { foreign: 2, newer: 0 }));
        assert_eq!(plan(&[], &target), Err(Refusal { foreign: 3, newer: 0 }));
    }

    #[test]
    fn a_target_written_to_after_the_source_is_refused() {
        let backup = listed(&[("a", 5), ("b", 5)]);
        let since = listed(&[("a", 5), ("b", 9)]);
        assert_eq!(plan(&backup, &since), Err(Refusal { foreign: 0, newer: 1 }));
    }

    proptest::proptest! {
        /// Whatever an earlier run left (any subset of the source, some since changed), the
        /// plan copies exactly what is missing, replaces exactly what changed and keeps the
        /// rest; and a target with anything else is refused.
        #[test]
        fn a_plan_goes_on_from_any_interruption(
            touched in proptest::collection::btree_map("[a-z]{1,4}", 0i64..3, 0..30),
            copied in proptest::collection::vec(proptest::bool::ANY, 30),
            changed in proptest::collection::vec(proptest::bool::ANY, 30),
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
                proptest::prop_assert_eq!(plan(&source, &target), Err(Refusal { foreign: 1, newer: 0 }));
                return Ok(());
            }
            let steps = plan(&source, &target).unwrap();
            proptest::prop_assert_eq!(steps.len(), source.len());
            for (at, step) in steps.iter().enumerate() {
                let expected = match (copied[at], changed[at]) {
                    (false, _) => Step::Copy,
                    (true, false) => Step::Keep,
                    (true, true) => Step::Replace,
                };
                proptest::prop_assert_eq!(*step, expected);
            }
        }
    }

    #[test]
    fn the_partial_file_lies_beside_the_backup() {
        assert_eq!(
            partial_path(Path::new("/var/backups/whenless.jsonl")),
            Path::new("/var/backups/whenless.jsonl.partial")
        );
    }
}
