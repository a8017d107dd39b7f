//! One suite, two backends: every test here runs against SQLite and against Postgres.

mod common;

use std::sync::Arc;

use app::domain::AssessmentDraft;
use app::store::Store;

async fn creates_and_reads_back_an_assessment(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Checkout API", "Takes payments.\nSpiky at lunch.").unwrap();
    let created = store.create_assessment(&draft).await.unwrap();
    assert_eq!(created.title, "Checkout API");
    assert_eq!(created.description, "Takes payments.\nSpiky at lunch.");
    assert!(
        created.created_at_ms > 1_700_000_000_000,
        "{}",
        created.created_at_ms
    );

    let read = store.assessment(&created.id).await.unwrap().expect("saved");
    assert_eq!(read, created);
}

async fn unknown_ids_are_absent(store: Arc<dyn Store>) {
    assert_eq!(store.assessment("no-such-id").await.unwrap(), None);
    assert_eq!(store.assessment("").await.unwrap(), None);
    assert_eq!(store.assessment("' OR '1'='1").await.unwrap(), None);
}

async fn ids_are_random_and_unguessable(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Same title", "").unwrap();
    let first = store.create_assessment(&draft).await.unwrap();
    let second = store.create_assessment(&draft).await.unwrap();
    assert_ne!(first.id, second.id);
    assert_eq!(first.id.len(), 22, "128 bits in unpadded base64: {}", first.id);
    assert_eq!(store.assessment(&second.id).await.unwrap().unwrap().id, second.id);
}

async fn text_is_stored_exactly(store: Arc<dyn Store>) {
    let title = "<script>alert('x')</script> «Zürich» 🚀";
    let description = "Robert'); DROP TABLE assessments;--\n\ttabbed $1 ?";
    let draft = AssessmentDraft::parse(title, description).unwrap();
    let created = store.create_assessment(&draft).await.unwrap();
    let read = store.assessment(&created.id).await.unwrap().unwrap();
    assert_eq!(read.title, title);
    assert_eq!(read.description, description);
}

async fn answers_a_ping(store: Arc<dyn Store>) {
    store.ping().await.unwrap();
}

macro_rules! conformance {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    let (_dir, store) = crate::common::sqlite_store().await;
                    super::$test(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    if let Some(store) = crate::common::postgres_store().await {
                        super::$test(store).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    creates_and_reads_back_an_assessment,
    unknown_ids_are_absent,
    ids_are_random_and_unguessable,
    text_is_stored_exactly,
    answers_a_ping,
);
