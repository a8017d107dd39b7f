//! Links at rest: what a copy of the database gives someone who also holds a link, or nothing
//! at all, and how links sealed before the key file came are brought up to date.

use crate::common;

use std::sync::Arc;

use app::store::Store;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::access::{LinkKind, Links, Token};
use domain::{AssessmentDraft, AssessmentId};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use tempfile::TempDir;

fn hex_sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn new_assessment(store: &dyn Store) -> (AssessmentId, Links) {
    let draft = AssessmentDraft::parse("Sealed", "").unwrap();
    let (assessment, links) = store.create_assessment(&draft, "test").await.unwrap();
    (assessment.id, links)
}

/// The database file alone, copied into a folder of its own (no key file beside it).
async fn copy_of_database(dir: &TempDir) -> (TempDir, String) {
    let copy = tempfile::tempdir().unwrap();
    let path = copy.path().join("whenless.db");
    let pool = SqlitePool::connect(&common::sqlite_url(dir)).await.unwrap();
    sqlx::query(&format!("VACUUM INTO '{}'", path.display()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert_eq!(
        std::fs::read_dir(copy.path()).unwrap().count(),
        1,
        "the database file alone"
    );
    (copy, format!("sqlite://{}", path.display()))
}

type LinkRow = (String, String, Option<String>, Option<String>, Option<i64>);

async fn link_rows(url: &str) -> Vec<LinkRow> {
    let pool = SqlitePool::connect(url).await.unwrap();
    let rows = sqlx::query_as("SELECT kind, sealed, code_hash, code_sealed, replaced_at_ms FROM links")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

/// Every stored text value of the links, as bytes (base64 decoded, after any prefix).
fn stored_bytes(rows: &[LinkRow]) -> Vec<Vec<u8>> {
    rows.iter()
        .flat_map(|(_, sealed, code_hash, code_sealed, _)| {
            [Some(sealed.clone()), code_hash.clone(), code_sealed.clone()]
        })
        .flatten()
        .filter_map(|value| {
            let value = value.rsplit('.').next().unwrap_or_default().to_owned();
            URL_SAFE_NO_PAD.decode(value).ok()
        })
        .collect()
}

#[tokio::test]
async fn a_copy_of_the_database_alone_opens_no_link_and_no_join_code() {
    let (dir, store) = common::sqlite_store().await;
    let (id, links) = new_assessment(store.as_ref()).await;
    assert_eq!(
        store
            .join_code_link(&links.join_code)
            .await
            .unwrap()
            .as_ref()
            .map(Token::expose),
        Some(links.participant.expose()),
        "the server itself finds the code"
    );
    let (_copy, url) = copy_of_database(&dir).await;

    let rows = link_rows(&url).await;
    for (kind, sealed, code_hash, code_sealed, _) in &rows {
        for token in [&links.participant, &links.read_only, &links.facilitator] {
            assert!(!sealed.contains(token.expose()), "{kind}");
            assert!(
                !code_sealed
                    .as_deref()
                    .unwrap_or_default()
                    .contains(token.expose())
            );
        }
        // Trying every join code against the copy would need the plain hash of the code.
        assert_ne!(code_hash.as_deref(), Some(hex_sha256(&links.join_code).as_str()));
    }
    let code_hash = rows
        .iter()
        .find(|(kind, ..)| kind == "participant")
        .and_then(|row| row.2.clone())
        .expect("the participant link has a keyed join code hash");
    assert_eq!(code_hash.len(), 64);

    // The server started on the copy makes a key of its own, which finds nothing: the right
    // code leads nowhere without the key file.
    let on_copy = server::store::open(&common::settings(&url)).await.unwrap();
    assert_eq!(on_copy.join_code_link(&links.join_code).await.unwrap(), None);
    // Nor does any token but the facilitator's open the sealed links.
    for wrong in [&links.participant, &links.read_only] {
        assert!(on_copy.links(&id, wrong).await.is_err());
    }
}

#[tokio::test]
async fn a_copy_and_a_replaced_link_do_not_open_the_link_that_replaced_it() {
    let (dir, store) = common::sqlite_store().await;
    let (id, first) = new_assessment(store.as_ref()).await;
    store
        .rotate_link(&id, LinkKind::ReadOnly, &first.facilitator)
        .await
        .unwrap();
    let now = store
        .rotate_link(&id, LinkKind::Participant, &first.facilitator)
        .await
        .unwrap();
    assert_ne!(now.read_only, first.read_only);
    assert_ne!(now.participant, first.participant);
    let (_copy, url) = copy_of_database(&dir).await;
    let rows = link_rows(&url).await;

    for (kind, sealed, code_hash, code_sealed, replaced) in &rows {
        if replaced.is_some() {
            assert_eq!(sealed, "", "a replaced {kind} link keeps no sealed token");
            assert_eq!((code_hash, code_sealed), (&None, &None), "{kind}");
        }
    }
    // The attack on a pad shared by a link and its successor: the stored values XOR each
    // other XOR the old token. No pair gives the new token.
    let stored = stored_bytes(&rows);
    for (old, new) in [
        (&first.read_only, &now.read_only),
        (&first.participant, &now.participant),
    ] {
        let old = URL_SAFE_NO_PAD.decode(old.expose()).unwrap();
        let new = URL_SAFE_NO_PAD.decode(new.expose()).unwrap();
        for a in &stored {
            for b in &stored {
                for offset in 0..a.len().min(b.len()).saturating_sub(15) {
                    let guess: Vec<u8> = (0..16).map(|i| a[offset + i] ^ b[offset + i] ^ old[i]).collect();
                    assert_ne!(guess, new);
                }
            }
        }
    }
    // Through the server on the copy: the old tokens open nothing.
    let on_copy = server::store::open(&common::settings(&url)).await.unwrap();
    for old in [&first.read_only, &first.participant] {
        assert!(on_copy.links(&id, old).await.is_err());
    }
}

/// A link sealed as before migration 0007: the token XOR a pad derived from `key`.
fn legacy_seal(token: &str, key: &str, kind: &str, id: &str) -> String {
    let pad = Sha256::new()
        .chain_update(b"whenless link seal\0")
        .chain_update(key.as_bytes())
        .chain_update(b"\0")
        .chain_update(kind.as_bytes())
        .chain_update(b"\0")
        .chain_update(id.as_bytes())
        .finalize();
    let bytes = URL_SAFE_NO_PAD.decode(token).unwrap();
    URL_SAFE_NO_PAD.encode(bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect::<Vec<u8>>())
}

/// Rewrites the links of `id` the way the server stored them before migration 0007 (with a
/// replaced read-only link beside the live one), and marks that migration as not yet applied.
async fn store_as_before_the_key_migration(
    pool: &SqlitePool,
    id: &str,
    links: &Links,
    old_read_only: &Token,
) {
    for (kind, token) in [
        ("participant", &links.participant),
        ("read-only", &links.read_only),
    ] {
        let code = (kind == "participant").then(|| links.join_code.clone());
        sqlx::query(
            "UPDATE links SET sealed = $1, code_hash = $2, code_sealed = $3 \
             WHERE assessment_id = $4 AND kind = $5 AND replaced_at_ms IS NULL",
        )
        .bind(legacy_seal(token.expose(), links.facilitator.expose(), kind, id))
        .bind(code.as_deref().map(hex_sha256))
        .bind(
            code.as_deref()
                .map(|code| legacy_seal(token.expose(), code, kind, id)),
        )
        .bind(id)
        .bind(kind)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "UPDATE links SET sealed = $1 WHERE assessment_id = $2 AND kind = 'read-only' AND replaced_at_ms IS NOT NULL",
    )
    .bind(legacy_seal(old_read_only.expose(), links.facilitator.expose(), "read-only", id))
    .bind(id)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 7")
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn links_sealed_before_the_key_file_keep_working_and_are_sealed_again_at_the_facilitators_visit() {
    let (dir, store) = common::sqlite_store().await;
    let (id, first) = new_assessment(store.as_ref()).await;
    let links = store
        .rotate_link(&id, LinkKind::ReadOnly, &first.facilitator)
        .await
        .unwrap();
    drop(store);
    let url = common::sqlite_url(&dir);
    let pool = SqlitePool::connect(&url).await.unwrap();
    store_as_before_the_key_migration(&pool, id.as_str(), &links, &first.read_only).await;
    pool.close().await;

    // The migration clears the weak values at once.
    let store: Arc<dyn Store> = server::store::open(&common::settings(&url)).await.unwrap();
    for (kind, sealed, code_hash, code_sealed, replaced) in link_rows(&url).await {
        assert_eq!((code_hash, code_sealed), (None, None), "{kind}");
        if replaced.is_some() {
            assert_eq!(sealed, "", "{kind}");
        }
    }
    assert_eq!(store.join_code_link(&links.join_code).await.unwrap(), None);

    // The facilitator's visit opens the old seals, seals them again and brings the code back.
    assert_eq!(store.links(&id, &links.facilitator).await.unwrap(), links);
    for (kind, sealed, code_hash, _, replaced) in link_rows(&url).await {
        if replaced.is_none() && kind != "facilitator" {
            assert!(sealed.starts_with("s1."), "{kind}: {sealed}");
            assert_eq!(code_hash.is_some(), kind == "participant");
        }
    }
    assert_eq!(
        store
            .join_code_link(&links.join_code)
            .await
            .unwrap()
            .as_ref()
            .map(Token::expose),
        Some(links.participant.expose())
    );
    assert_eq!(
        store.links(&id, &links.facilitator).await.unwrap(),
        links,
        "stable"
    );
    let resolved = store.resolve_link(&links.participant).await.unwrap().unwrap();
    assert!(!resolved.replaced);
}

/// Opens the store at `url` with the key file `key`.
async fn open_with_key(url: &str, key: &std::path::Path) -> Arc<dyn Store> {
    let settings = server::store::StoreSettings {
        key_file: Some(key.to_owned()),
        ..common::settings(url)
    };
    server::store::open(&settings).await.unwrap()
}

/// Rotating the key: the store is opened again with a new key file.
async fn join_codes_come_back_under_a_new_key(url: &str) {
    let keys = tempfile::tempdir().unwrap();
    let store = open_with_key(url, &keys.path().join("old.key")).await;
    let (id, links) = new_assessment(store.as_ref()).await;
    drop(store);
    let store = open_with_key(url, &keys.path().join("new.key")).await;
    assert_eq!(store.join_code_link(&links.join_code).await.unwrap(), None);
    assert_eq!(store.links(&id, &links.facilitator).await.unwrap(), links);
    assert_eq!(
        store
            .join_code_link(&links.join_code)
            .await
            .unwrap()
            .as_ref()
            .map(Token::expose),
        Some(links.participant.expose())
    );
}

#[tokio::test]
async fn a_new_key_file_brings_join_codes_back_at_the_facilitators_visit_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    join_codes_come_back_under_a_new_key(&common::sqlite_url(&dir)).await;
}

#[tokio::test]
async fn a_new_key_file_brings_join_codes_back_at_the_facilitators_visit_postgres() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    join_codes_come_back_under_a_new_key(&common::fresh_postgres_database(&admin).await).await;
}
