//! `whenless copy`, `backup` and `restore`, between and on both backends: everything an
//! assessment has arrives, links keep working, an interrupted copy goes on where it stopped,
//! and bad input (a target with assessments of its own, a cut or newer backup) writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use app::store::Store;
use domain::AssessmentDraft;
use domain::access::{Links, Token};
use domain::actions::NextActions;
use domain::cost::CostInputs;
use domain::decision::Decision;
use domain::room::Joined;
use domain::walkthrough::{AnswerRecord, DimensionSetting};
use server::admin::{self, AdminError, Moved, Refusal, backup_file};
use server::store::dump::{AssessmentRows, Database, Role, SHARED, Value};
use server::store::{self, StoreSettings};
use tempfile::TempDir;

use crate::common::{fresh_postgres_database, postgres_admin_url, sqlite_url};
use crate::store_conformance::{action, closed_round, parts, review_on};

const BIN: &str = env!("CARGO_BIN_EXE_whenless");

/// A database for one test, with the server key its store uses.
struct Db {
    url: String,
    key_file: PathBuf,
    _dir: TempDir,
}

impl Db {
    fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            url: sqlite_url(&dir),
            key_file: dir.path().join("whenless.key"),
            _dir: dir,
        }
    }

    /// A fresh Postgres database, when a test server is configured.
    async fn postgres() -> Option<Self> {
        let url = fresh_postgres_database(&postgres_admin_url()?).await;
        let dir = tempfile::tempdir().unwrap();
        Some(Self {
            url,
            key_file: dir.path().join("whenless.key"),
            _dir: dir,
        })
    }

    /// The store on this database, with `key_file` as its server key.
    async fn store_with_key(&self, key_file: &Path) -> Arc<dyn Store> {
        store::open(&StoreSettings {
            url: self.url.clone(),
            max_connections: 4,
            acquire_timeout: std::time::Duration::from_secs(30),
            key_file: Some(key_file.to_owned()),
        })
        .await
        .unwrap()
    }

    async fn store(&self) -> Arc<dyn Store> {
        self.store_with_key(&self.key_file).await
    }

    /// Every row, assessment by assessment, and each shared table's.
    async fn rows(&self) -> (Vec<AssessmentRows>, Vec<Vec<Vec<Value>>>) {
        let database = Database::open(&self.url, Role::Source).await.unwrap();
        let mut snapshot = database.snapshot().await.unwrap();
        let mut all = Vec::new();
        for (id, touched) in snapshot.assessments().await.unwrap() {
            all.push(snapshot.rows(&id, touched).await.unwrap());
        }
        let mut shared = Vec::new();
        for table in &SHARED {
            shared.push(snapshot.shared(table).await.unwrap());
        }
        snapshot.finish().await.unwrap();
        database.close().await;
        (all, shared)
    }

    async fn count(&self) -> usize {
        self.rows().await.0.len()
    }
}

fn answer(participant: &str, question: &str, value: i16) -> AnswerRecord {
    AnswerRecord {
        participant_id: participant.into(),
        question_id: question.to_owned(),
        value,
    }
}

/// An assessment with something in every table: two people (one removed), answers, a note,
/// costs, parts, a review date, a closed round, a decision, next actions and a replaced link.
async fn rich_assessment(store: &Arc<dyn Store>, title: &str) -> Links {
    let (assessment, links) = store
        .create_assessment(
            &AssessmentDraft::parse(title, "Takes payments.").unwrap(),
            "test-1",
        )
        .await
        .unwrap();
    let id = assessment.id;
    for name in ["Ana", "Ben"] {
        let Joined::In { participant, .. } = store.join(&id, name, 10, &links.participant).await.unwrap()
        else {
            panic!("{name} could not join");
        };
        let who = participant.id.as_str().to_owned();
        store.save_answer(&id, &answer(&who, "data.q", 4)).await.unwrap();
        if name == "Ben" {
            store.remove_participant(&id, &participant.id).await.unwrap();
        }
    }
    let mut note = DimensionSetting::unset("data");
    note.note = "Orders must never be lost.".into();
    store.save_dimension_setting(&id, &note).await.unwrap();
    store.save_cost_inputs(&id, &CostInputs::default()).await.unwrap();
    store.save_parts(&id, &parts(&["API", "Reports"])).await.unwrap();
    store.save_review(&id, &review_on("2031-03-01"), 0).await.unwrap();
    assert!(store.start_round(&id, &closed_round(1), true).await.unwrap());
    store
        .save_decision(
            &id,
            &Decision::parse("Functions for the API.", "accepted", 0).unwrap(),
        )
        .await
        .unwrap();
    let actions = NextActions {
        items: vec![action("Measure the peak", "ana")],
        version: 0,
    };
    store.save_next_actions(&id, &actions).await.unwrap();
    store
        .rotate_link(&id, domain::access::LinkKind::ReadOnly, &links.facilitator)
        .await
        .unwrap()
}

/// The organisation's content a source keeps (see [`filled`]).
fn own_content() -> domain::content::Content {
    domain::content::organisation::read(include_str!("../../../deploy/content/own-questions.toml")).unwrap()
}

/// A source with two rich assessments, a deleted one's tombstones and an organisation's
/// content; its links and the deleted one's facilitator link.
async fn filled(db: &Db) -> (Vec<Links>, Token) {
    let store = db.store().await;
    let own = own_content();
    store
        .save_content(&own.version, &domain::content::organisation::to_stored(&own))
        .await
        .unwrap();
    let links = vec![
        rich_assessment(&store, "Checkout API").await,
        rich_assessment(&store, "Reports").await,
    ];
    let (doomed, doomed_links) = store
        .create_assessment(&AssessmentDraft::parse("Doomed", "").unwrap(), "test-1")
        .await
        .unwrap();
    assert!(store.delete_assessment(&doomed.id).await.unwrap());
    (links, doomed_links.facilitator)
}

/// `target`, opened with `source`'s key, answers every link as `source` did.
async fn links_work(target: &Db, source: &Db, links: &[Links], deleted: &Token) {
    let store = target.store_with_key(&source.key_file).await;
    for links in links {
        for token in [&links.facilitator, &links.participant, &links.read_only] {
            assert!(
                store.resolve_link(token).await.unwrap().is_some(),
                "a link was lost"
            );
        }
        assert_eq!(
            store.join_code_link(&links.join_code).await.unwrap().as_ref(),
            Some(&links.participant),
            "the join code leads to the participant link"
        );
        let id = store
            .resolve_link(&links.facilitator)
            .await
            .unwrap()
            .unwrap()
            .assessment
            .id;
        assert_eq!(store.rounds(&id).await.unwrap().len(), 1);
        assert_eq!(store.participants(&id).await.unwrap().len(), 2);
    }
    assert!(store.resolve_link(deleted).await.unwrap().is_none());
    assert!(
        store.deleted_link(deleted).await.unwrap(),
        "the deleted one still says so"
    );
    let own = own_content();
    assert_eq!(
        store.content(&own.version).await.unwrap(),
        Some(domain::content::organisation::to_stored(&own)),
        "the organisation's content arrives"
    );
}

fn quiet(_: admin::Progress) {}

async fn copy_carries_everything_and_links_keep_working(source: Db, target: Db) {
    let (links, deleted) = filled(&source).await;
    let moved = admin::copy(&source.url, &target.url, &mut quiet).await.unwrap();
    assert_eq!(
        moved,
        Moved {
            copied: 2,
            replaced: 0,
            kept: 0,
            deleted: 0,
            shared: vec![("deleted_links", 3), ("contents", 1)]
        }
    );
    assert_eq!(
        target.rows().await,
        source.rows().await,
        "every row arrives as it was"
    );
    links_work(&target, &source, &links, &deleted).await;

    // Run again after the source changed: the changed assessment is replaced, the other kept.
    let store = source.store().await;
    let id = store
        .resolve_link(&links[1].facilitator)
        .await
        .unwrap()
        .unwrap()
        .assessment
        .id;
    store
        .save_answer(&id, &answer("someone", "data.q2", 2))
        .await
        .unwrap();
    let moved = admin::copy(&source.url, &target.url, &mut quiet).await.unwrap();
    assert_eq!((moved.copied, moved.replaced, moved.kept), (0, 1, 1));
    assert_eq!(target.rows().await, source.rows().await);
}

async fn backup_and_restore_carry_everything(source: Db, target: Db) {
    let (links, deleted) = filled(&source).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("whenless.backup");
    let backed_up = admin::backup(&source.url, &file).await.unwrap();
    assert_eq!(backed_up.assessments, 2);
    assert_eq!(backed_up.shared, vec![("deleted_links", 3), ("contents", 1)]);
    assert_eq!(backed_up.bytes, std::fs::metadata(&file).unwrap().len());
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads a backup");
    }
    assert!(!dir.path().join("whenless.backup.partial").exists());
    let moved = admin::restore(&file, &target.url, &mut quiet).await.unwrap();
    assert_eq!(moved.copied, 2);
    assert_eq!(moved.shared, vec![("deleted_links", 3), ("contents", 1)]);
    assert_eq!(target.rows().await, source.rows().await);
    links_work(&target, &source, &links, &deleted).await;
}

async fn a_target_with_assessments_of_its_own_is_refused(source: Db, target: Db) {
    filled(&source).await;
    let theirs = target.store().await;
    theirs
        .create_assessment(&AssessmentDraft::parse("Theirs", "").unwrap(), "test-1")
        .await
        .unwrap();
    let before = target.rows().await;
    let refused = admin::copy(&source.url, &target.url, &mut quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, AdminError::Refused(Refusal { foreign: 1, newer: 0 })),
        "{refused}"
    );
    assert!(refused.to_string().contains("Nothing was written"), "{refused}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.jsonl");
    admin::backup(&source.url, &file).await.unwrap();
    let refused = admin::restore(&file, &target.url, &mut quiet).await.unwrap_err();
    assert!(
        matches!(refused, AdminError::Refused(Refusal { foreign: 1, newer: 0 })),
        "{refused}"
    );
    assert_eq!(target.rows().await, before, "nothing was written");
}

/// A backup taken while assessments are being deleted holds each one whole or as the
/// tombstones of its links, never half of each: it is one snapshot.
async fn a_backup_taken_while_the_server_deletes_is_consistent(source: Db, target: Db) {
    const ASSESSMENTS: usize = 60;
    let store = source.store().await;
    let mut ids = Vec::new();
    for n in 0..ASSESSMENTS {
        let title = format!("Workload {n}");
        let (assessment, _) = store
            .create_assessment(&AssessmentDraft::parse(&title, "").unwrap(), "test-1")
            .await
            .unwrap();
        ids.push(assessment.id);
    }
    let (before, _) = source.rows().await;
    let deleting = tokio::spawn({
        let store = store.clone();
        async move {
            for id in ids {
                store.delete_assessment(&id).await.unwrap();
            }
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut backups = 0;
    while !deleting.is_finished() || backups == 0 {
        let file = dir.path().join(format!("b{backups}.jsonl"));
        admin::backup(&source.url, &file).await.unwrap();
        let backup = backup_file::read(&std::fs::read(&file).unwrap()).unwrap();
        let tombstones: Vec<&Value> = backup
            .shared
            .iter()
            .filter(|shared| shared.table == "deleted_links")
            .flat_map(|shared| shared.rows.iter().map(|row| &row[0]))
            .collect();
        for whole in &before {
            let hashes: Vec<&Value> = whole.tables["links"].iter().map(|row| &row[0]).collect();
            let kept = backup.assessments.iter().any(|rows| rows.id == whole.id);
            let buried = hashes.iter().filter(|hash| tombstones.contains(hash)).count();
            assert!(
                (kept && buried == 0) || (!kept && buried == hashes.len()),
                "backup {backups}: {} kept {kept} with {buried} of {} links buried",
                whole.id,
                hashes.len()
            );
        }
        backups += 1;
    }
    deleting.await.unwrap();
    let last = dir.path().join(format!("b{}.jsonl", backups - 1));
    admin::restore(&last, &target.url, &mut quiet).await.unwrap();
}

macro_rules! both_ways {
    ($($test:ident),* $(,)?) => {
        mod sqlite_to_sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::Db::sqlite(), super::Db::sqlite()).await;
                }
            )*
        }
        mod sqlite_to_postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    if let Some(target) = super::Db::postgres().await {
                        super::$test(super::Db::sqlite(), target).await;
                    }
                }
            )*
        }
        mod postgres_to_sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    if let Some(source) = super::Db::postgres().await {
                        super::$test(source, super::Db::sqlite()).await;
                    }
                }
            )*
        }
    };
}

both_ways!(
    copy_carries_everything_and_links_keep_working,
    backup_and_restore_carry_everything,
    a_target_with_assessments_of_its_own_is_refused,
    a_backup_taken_while_the_server_deletes_is_consistent,
);

/// The binary, killed partway through a copy and run again, goes on where it stopped: nothing
/// twice, nothing missing.
#[tokio::test]
async fn an_interrupted_copy_goes_on_where_it_stopped() {
    use std::io::BufRead;

    const ASSESSMENTS: usize = 200;
    let source = Db::sqlite();
    let target = match Db::postgres().await {
        Some(postgres) => postgres,
        None => Db::sqlite(),
    };
    let store = source.store().await;
    rich_assessment(&store, "Checkout API").await;
    for n in 1..ASSESSMENTS {
        let draft = AssessmentDraft::parse(&format!("Workload {n}"), "").unwrap();
        store.create_assessment(&draft, "test-1").await.unwrap();
    }
    let copy = ["copy", "--from", &source.url, "--to", &target.url];
    let mut first = Command::new(BIN)
        .args(copy)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let progress = std::io::BufReader::new(first.stderr.take().unwrap());
    for line in progress.lines() {
        if line.unwrap().starts_with("5 of ") {
            break;
        }
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let copied = target.count().await;
    assert!(
        (5..ASSESSMENTS).contains(&copied),
        "the first run stopped after {copied}"
    );

    let second = Command::new(BIN).args(copy).output().unwrap();
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(
        second.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let rest = ASSESSMENTS - copied;
    assert!(
        said.contains(&format!(
            "{rest} assessment(s) copied, 0 replaced, {copied} already there"
        )),
        "{said}"
    );
    assert_eq!(target.rows().await, source.rows().await);
}

/// A [`filled`] SQLite database backed up to a file in a folder of its own.
async fn backed_up() -> (Db, Vec<Links>, TempDir, PathBuf) {
    let source = Db::sqlite();
    let (links, _) = filled(&source).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("whenless.backup");
    admin::backup(&source.url, &file).await.unwrap();
    (source, links, dir, file)
}

/// A [`backed_up`] database restored into a new SQLite one (the folder of its backup file
/// lives as long as it does).
struct Restored {
    file: PathBuf,
    _dir: TempDir,
    target: Db,
    /// The target's store, with the source's key.
    store: Arc<dyn Store>,
    /// The first assessment's id.
    id: domain::AssessmentId,
    links: Vec<Links>,
}

async fn restored() -> Restored {
    let (source, links, dir, file) = backed_up().await;
    let target = Db::sqlite();
    admin::restore(&file, &target.url, &mut quiet).await.unwrap();
    let store = target.store_with_key(&source.key_file).await;
    let resolved = store.resolve_link(&links[0].facilitator).await.unwrap();
    Restored {
        file,
        _dir: dir,
        target,
        store,
        id: resolved.unwrap().assessment.id,
        links,
    }
}

/// Rewrites a backup through `edit`, as a valid file (its end line made anew).
fn rewritten(bytes: &[u8], edit: impl FnOnce(&mut backup_file::Backup)) -> Vec<u8> {
    let mut backup = backup_file::read(bytes).unwrap();
    edit(&mut backup);
    let mut writer = backup_file::Writer::new(Vec::new(), &backup.header).unwrap();
    for shared in backup.shared {
        writer.shared(&shared.table, shared.rows).unwrap();
    }
    for rows in backup.assessments {
        writer.assessment(rows).unwrap();
    }
    writer.finish().unwrap()
}

/// A file cut short, changed, from a newer version, or not a backup at all: the binary says
/// which, exits 1 and writes nothing.
#[tokio::test]
async fn a_cut_damaged_or_newer_backup_is_refused_whole() {
    let (_, _, dir, file) = backed_up().await;
    let bytes = std::fs::read(&file).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let without_end = &text[..text.trim_end().rfind('\n').unwrap() + 1];
    let newer = rewritten(&bytes, |backup| backup.header.schema_version += 1);
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("cut", bytes[..bytes.len() * 2 / 3].to_vec(), "incomplete"),
        (
            "cut before its end",
            without_end.as_bytes().to_vec(),
            "incomplete",
        ),
        (
            "changed",
            text.replace("Orders must never be lost.", "Orders may well be lost...")
                .into_bytes(),
            "damaged: its SHA-256 does not match",
        ),
        ("newer", newer, "written by a newer Whenless"),
        (
            "an export",
            b"{\"format\":\"whenless-assessment\",\"format_version\":4}\n".to_vec(),
            "not a Whenless backup",
        ),
        ("empty", Vec::new(), "not a Whenless backup"),
    ];
    let target = Db::sqlite();
    target.store().await;
    for (what, bytes, says) in cases {
        let path = dir.path().join(format!("{what}.backup"));
        std::fs::write(&path, bytes).unwrap();
        let output = Command::new(BIN)
            .args(["restore", &path.display().to_string(), "--to", &target.url])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
        assert!(stderr.contains(says), "{what}: {stderr}");
        assert!(stderr.contains("Nothing was restored"), "{what}: {stderr}");
        assert_eq!(target.count().await, 0, "{what}: nothing was written");
    }
}

/// A backup an older build wrote, without a column added since, restores: the column takes
/// its default.
#[tokio::test]
async fn a_backup_without_a_newer_column_restores_with_its_default() {
    let (source, links, _dir, file) = backed_up().await;
    let older = rewritten(&std::fs::read(&file).unwrap(), |backup| {
        let mut tables = serde_json::to_value(&backup.header.tables).unwrap();
        let columns = tables["assessments"].as_array_mut().unwrap();
        let at = columns.iter().position(|column| column == "seats").unwrap();
        columns.remove(at);
        backup.header.tables = serde_json::from_value(tables).unwrap();
        for rows in &mut backup.assessments {
            rows.tables.get_mut("assessments").unwrap()[0].remove(at);
        }
    });
    std::fs::write(&file, older).unwrap();
    let target = Db::sqlite();
    admin::restore(&file, &target.url, &mut quiet).await.unwrap();
    let store = target.store_with_key(&source.key_file).await;
    let resolved = store.resolve_link(&links[0].facilitator).await.unwrap().unwrap();
    assert_eq!(resolved.assessment.title, "Checkout API");
}

/// A backup the first version of the format wrote (schema 13) restores into this build and its
/// links work: every later build must keep reading it.
#[tokio::test]
async fn the_first_backup_format_still_restores() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup-format-1-schema-13.jsonl");
    let target = Db::sqlite();
    let moved = admin::restore(&file, &target.url, &mut quiet).await.unwrap();
    assert_eq!(moved.copied, 2);
    let store = target.store().await;
    let resolved = store
        .resolve_link(&Token::from("zRds50RTIvcXCob6sIiz5A"))
        .await
        .unwrap()
        .expect("the facilitator link written into the file works");
    assert_eq!(resolved.assessment.title, "Checkout API");
}

/// Restoring a backup again over the assessments it restored, after they were written to, is
/// refused: it would take those writes back.
#[tokio::test]
async fn a_backup_does_not_take_back_later_writes() {
    let restored = restored().await;
    let (target, store) = (&restored.target, &restored.store);
    store
        .save_answer(&restored.id, &answer("later", "data.q", 1))
        .await
        .unwrap();
    let before = target.rows().await;
    let refused = admin::restore(&restored.file, &target.url, &mut quiet)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, AdminError::Refused(Refusal { foreign: 0, newer: 1 })),
        "{refused}"
    );
    assert_eq!(target.rows().await, before, "the later answer is kept");
}

#[tokio::test]
async fn a_missing_source_file_is_refused_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let url = format!("sqlite://{}", missing.display());
    let refused = admin::copy(&url, &Db::sqlite().url, &mut quiet)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("there is no SQLite file at"),
        "{refused}"
    );
    let refused = admin::backup(&url, &dir.path().join("b.jsonl"))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("there is no SQLite file at"),
        "{refused}"
    );
    assert!(!missing.exists());
    assert!(!dir.path().join("b.jsonl").exists(), "no backup file either");
}

/// A backup that fails at its last step leaves what had that name as it was, and no partial
/// file.
#[tokio::test]
async fn a_failed_backup_leaves_no_file_behind() {
    let source = Db::sqlite();
    filled(&source).await;
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("taken");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("kept"), "kept").unwrap();
    let refused = admin::backup(&source.url, &taken).await.unwrap_err();
    assert!(
        refused.to_string().contains("No backup file was made"),
        "{refused}"
    );
    assert_eq!(std::fs::read_to_string(taken.join("kept")).unwrap(), "kept");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left, ["taken"], "no partial file is left");
}

/// What had the backup's name, a file anyone could read or a link to another file, is
/// replaced by the backup, readable by its owner only; the file a link led to is untouched.
#[tokio::test]
async fn a_backup_replaces_what_had_its_name_and_never_writes_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let source = Db::sqlite();
    filled(&source).await;
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("open.backup");
    std::fs::write(&open, "old").unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o666)).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    let linked = dir.path().join("linked.backup");
    std::os::unix::fs::symlink(&victim, &linked).unwrap();
    for file in [&open, &linked] {
        admin::backup(&source.url, file).await.unwrap();
        let metadata = std::fs::symlink_metadata(file).unwrap();
        assert!(metadata.is_file(), "{} is a file of its own", file.display());
        assert_eq!(metadata.permissions().mode() & 0o777, 0o600);
        backup_file::read(&std::fs::read(file).unwrap()).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
}

/// An assessment deleted in the target after a restore is not brought back by restoring the
/// same backup again: its links stay deleted.
#[tokio::test]
async fn a_restore_does_not_bring_back_what_was_deleted_since() {
    let restored = restored().await;
    let (store, facilitator) = (&restored.store, &restored.links[0].facilitator);
    assert!(store.delete_assessment(&restored.id).await.unwrap());
    let moved = admin::restore(&restored.file, &restored.target.url, &mut quiet)
        .await
        .unwrap();
    assert_eq!((moved.copied, moved.kept, moved.deleted), (0, 1, 1));
    assert!(store.resolve_link(facilitator).await.unwrap().is_none());
    assert!(store.deleted_link(facilitator).await.unwrap());
}

/// A replace happens only if the target's assessment is still as the plan found it.
#[tokio::test]
async fn a_replace_leaves_an_assessment_written_to_meanwhile() {
    use server::store::dump::DumpError;
    let source = Db::sqlite();
    filled(&source).await;
    let (rows, _) = source.rows().await;
    let target = Db::sqlite();
    let database = Database::open(&target.url, Role::Target).await.unwrap();
    let layout = server::store::dump::Layout::current();
    database.write(&rows[0], &layout, None).await.unwrap();
    let refused = database
        .write(&rows[0], &layout, Some(rows[0].touched_at_ms - 1))
        .await
        .unwrap_err();
    assert!(matches!(refused, DumpError::ChangedMeanwhile(_)), "{refused}");
    database.close().await;
    assert_eq!(target.rows().await.0, rows[..1], "left as it was");
}

/// A source is only read: one at another schema version is refused, and nothing in it
/// changes; a missing one is not created, nor its folder.
#[tokio::test]
async fn a_source_is_never_changed_nor_made() {
    let source = Db::sqlite();
    filled(&source).await;
    let file = source.url.trim_start_matches("sqlite://").to_owned();
    {
        let pool = sqlx::SqlitePool::connect(&source.url).await.unwrap();
        sqlx::query(
            "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
        )
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let before = std::fs::read(&file).unwrap();
    let refused = admin::copy(&source.url, &Db::sqlite().url, &mut quiet)
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("start this version's server on it once"),
        "{refused}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before, "the source is as it was");

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/typo.db");
    let url = format!("sqlite://{}", missing.display());
    let refused = admin::backup(&url, &dir.path().join("b.backup"))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("there is no SQLite file at"),
        "{refused}"
    );
    assert!(!dir.path().join("no").exists(), "no folder was made");
}

/// Each table and column of both schemas is in the dump's list, with its kind: a migration
/// that adds one fails here until copy, backup and restore carry it.
#[tokio::test]
async fn the_dump_names_every_table_and_column_of_both_schemas() {
    use server::store::dump::{Kind, TABLES};
    let listed: Vec<(String, String, Kind)> = TABLES
        .iter()
        .chain(&SHARED)
        .flat_map(|table| {
            table
                .columns
                .iter()
                .map(|(column, kind)| (table.name.to_owned(), (*column).to_owned(), *kind))
        })
        .collect();
    let sqlite = Db::sqlite();
    let Database::Sqlite(pool) = Database::open(&sqlite.url, Role::Target).await.unwrap() else {
        unreachable!("a sqlite:// URL")
    };
    let schema: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT m.name, c.name, c.type FROM sqlite_master m, pragma_table_info(m.name) c \
         WHERE m.type = 'table' AND m.name NOT LIKE '\\_sqlx%' ESCAPE '\\' ORDER BY m.name, c.cid",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let stored = |kind: Kind| if kind == Kind::Text { "TEXT" } else { "INTEGER" };
    let mut expected: Vec<(String, String, String)> = listed
        .iter()
        .map(|(table, column, kind)| (table.clone(), column.clone(), stored(*kind).to_owned()))
        .collect();
    let mut schema = schema;
    schema.sort();
    expected.sort();
    assert_eq!(schema, expected, "SQLite");

    if let Some(postgres) = Db::postgres().await {
        let Database::Postgres(pool) = Database::open(&postgres.url, Role::Target).await.unwrap() else {
            unreachable!("a postgres:// URL")
        };
        let mut schema: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let stored = |kind: Kind| match kind {
            Kind::Text => "text",
            Kind::Int => "bigint",
            Kind::Small => "smallint",
            Kind::Bool => "boolean",
        };
        let mut expected: Vec<(String, String, String)> = listed
            .iter()
            .map(|(table, column, kind)| (table.clone(), column.clone(), stored(*kind).to_owned()))
            .collect();
        schema.sort();
        expected.sort();
        assert_eq!(schema, expected, "Postgres");
    }
}
