//! One suite, two backends: every test here runs against SQLite and against Postgres.

use std::sync::Arc;

use app::store::Store;
use domain::access::{LinkKind, ParticipantSecret, Token};
use domain::actions::{NextAction, NextActions};
use domain::content::organisation;
use domain::cost::CostInputs;
use domain::decision::{Decision, Status};
use domain::room::Joined;
use domain::transfer::ValidImport;
use domain::walkthrough::{AnswerRecord, DimensionSetting, Saved};
use domain::{AssessmentDraft, AssessmentId, ParticipantId};

async fn new_assessment(store: &Arc<dyn Store>) -> AssessmentId {
    let draft = AssessmentDraft::parse("Workload", "").unwrap();
    store.create_assessment(&draft, "test-1").await.unwrap().0.id
}

fn answer(participant: &str, question: &str, value: i16) -> AnswerRecord {
    AnswerRecord {
        participant_id: participant.into(),
        question_id: question.to_owned(),
        value,
    }
}

async fn creates_and_reads_back_an_assessment(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Checkout API", "Takes payments.\nSpiky at lunch.").unwrap();
    let (created, _) = store.create_assessment(&draft, "test-1").await.unwrap();
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
    assert_eq!(
        store.assessment(&AssessmentId::from("no-such-id")).await.unwrap(),
        None
    );
    assert_eq!(store.assessment(&AssessmentId::from("")).await.unwrap(), None);
    assert_eq!(
        store
            .assessment(&AssessmentId::from("' OR '1'='1"))
            .await
            .unwrap(),
        None
    );
}

async fn ids_are_random_and_unguessable(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Same title", "").unwrap();
    let (first, _) = store.create_assessment(&draft, "test-1").await.unwrap();
    let (second, _) = store.create_assessment(&draft, "test-1").await.unwrap();
    assert_ne!(first.id, second.id);
    assert_eq!(
        first.id.as_str().len(),
        22,
        "128 bits in unpadded base64: {}",
        first.id
    );
    assert_eq!(store.assessment(&second.id).await.unwrap().unwrap().id, second.id);
}

async fn text_is_stored_exactly(store: Arc<dyn Store>) {
    let title = "<script>alert('x')</script> «Zürich» 🚀";
    let description = "Robert'); DROP TABLE assessments;--\n\ttabbed $1 ?";
    let draft = AssessmentDraft::parse(title, description).unwrap();
    let (created, _) = store.create_assessment(&draft, "test-1").await.unwrap();
    let read = store.assessment(&created.id).await.unwrap().unwrap();
    assert_eq!(read.title, title);
    assert_eq!(read.description, description);
}

async fn remembers_the_current_step(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    store.set_current_step(&id, 4).await.unwrap();
    assert_eq!(store.assessment(&id).await.unwrap().unwrap().current_step, 4);
}

async fn moves_to_another_content_version_keeping_the_answers(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let answer = AnswerRecord {
        participant_id: "facilitator".into(),
        question_id: "q.kept".into(),
        value: 4,
    };
    store.save_answer(&id, &answer).await.unwrap();
    store.set_content_version(&id, "test-2").await.unwrap();
    assert_eq!(
        store.assessment(&id).await.unwrap().unwrap().content_version,
        "test-2"
    );
    assert_eq!(store.answers(&id).await.unwrap(), [answer]);
}

async fn answers_are_upserts_keyed_by_person_and_question(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let other = new_assessment(&store).await;
    store.save_answer(&id, &answer("ann", "data.q", 2)).await.unwrap();
    store.save_answer(&id, &answer("ann", "data.q", 2)).await.unwrap();
    store.save_answer(&id, &answer("ann", "data.q", 5)).await.unwrap();
    store.save_answer(&id, &answer("bob", "data.q", 1)).await.unwrap();
    store
        .save_answer(&id, &answer("ann", "real-time", 0))
        .await
        .unwrap();
    store
        .save_answer(&other, &answer("ann", "data.q", 3))
        .await
        .unwrap();
    assert_eq!(
        store.answers(&id).await.unwrap(),
        vec![
            answer("ann", "data.q", 5),
            answer("ann", "real-time", 0),
            answer("bob", "data.q", 1)
        ]
    );
    assert_eq!(
        store.answers(&other).await.unwrap(),
        vec![answer("ann", "data.q", 3)]
    );
}

async fn concurrent_answers_to_one_question_leave_one_row(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let writes = (1..=5).map(|value| {
        let store = store.clone();
        let id = id.clone();
        tokio::spawn(async move { store.save_answer(&id, &answer("ann", "data.q", value)).await })
    });
    for write in writes {
        write.await.unwrap().unwrap();
    }
    let answers = store.answers(&id).await.unwrap();
    assert_eq!(answers.len(), 1);
    assert!((1..=5).contains(&answers[0].value));
}

async fn answers_to_a_missing_assessment_are_refused(store: Arc<dyn Store>) {
    assert!(
        store
            .save_answer(&AssessmentId::from("no-such-id"), &answer("ann", "data.q", 3))
            .await
            .is_err_and(|error| matches!(error, app::store::StoreError::Gone))
    );
}

async fn dimension_settings_are_versioned(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    assert_eq!(store.dimension_settings(&id).await.unwrap(), vec![]);
    let first = DimensionSetting {
        importance: 3,
        note: "Queue everything".into(),
        ..DimensionSetting::unset("data")
    };
    assert_eq!(
        store.save_dimension_setting(&id, &first).await.unwrap(),
        Saved::Version(1)
    );

    // A second edit from the same stale page is refused and told what is saved.
    let stale = DimensionSetting {
        note: "Overwrite".into(),
        ..DimensionSetting::unset("data")
    };
    let Saved::Conflict(current) = store.save_dimension_setting(&id, &stale).await.unwrap() else {
        panic!("a stale edit must conflict");
    };
    assert_eq!(current.note, "Queue everything");
    assert_eq!(current.version, 1);

    let next = DimensionSetting {
        note: "Queue most things".into(),
        ..current
    };
    assert_eq!(
        store.save_dimension_setting(&id, &next).await.unwrap(),
        Saved::Version(2)
    );
    let saved = store.dimension_settings(&id).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].importance, saved[0].note.as_str(), saved[0].version),
        (3, "Queue most things", 2)
    );
}

async fn of_two_concurrent_edits_from_one_version_exactly_one_wins(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let base = DimensionSetting {
        note: "v1".into(),
        ..DimensionSetting::unset("people")
    };
    store.save_dimension_setting(&id, &base).await.unwrap();
    let edits = ["left", "right"].map(|note| {
        let store = store.clone();
        let id = id.clone();
        let edit = DimensionSetting {
            note: note.into(),
            version: 1,
            ..DimensionSetting::unset("people")
        };
        tokio::spawn(async move { store.save_dimension_setting(&id, &edit).await.unwrap() })
    });
    let mut outcomes = Vec::new();
    for edit in edits {
        outcomes.push(edit.await.unwrap());
    }
    let wins = outcomes.iter().filter(|o| **o == Saved::Version(2)).count();
    let conflicts = outcomes
        .iter()
        .filter(|o| matches!(o, Saved::Conflict(_)))
        .count();
    assert_eq!((wins, conflicts), (1, 1), "{outcomes:?}");
}

async fn of_two_concurrent_detail_edits_from_one_version_exactly_one_wins(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let version = store.assessment(&id).await.unwrap().unwrap().version;
    let first = AssessmentDraft::parse("Checkout", "first").unwrap();
    let second = AssessmentDraft::parse("Payments", "second").unwrap();
    let (a, b) = tokio::join!(
        store.update_details(&id, &first, version),
        store.update_details(&id, &second, version)
    );
    let outcomes = [a.unwrap(), b.unwrap()];
    let wins = outcomes
        .iter()
        .filter(|o| **o == Saved::Version(version + 1))
        .count();
    assert_eq!(wins, 1, "{outcomes:?}");
    let now = store.assessment(&id).await.unwrap().unwrap();
    assert_eq!(now.version, version + 1);
    let Some(Saved::Conflict(theirs)) = outcomes.into_iter().find(|o| matches!(o, Saved::Conflict(_))) else {
        panic!("the other edit is refused");
    };
    assert_eq!(theirs, now, "the refused edit is told what is saved now");
    assert!(matches!(
        store.update_details(&id, &first, now.version).await.unwrap(),
        Saved::Version(v) if v == now.version + 1
    ));
    assert_eq!(store.assessment(&id).await.unwrap().unwrap().description, "first");
}

async fn every_assessment_gets_three_distinct_links(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Links", "").unwrap();
    let (assessment, links) = store.create_assessment(&draft, "test-1").await.unwrap();
    let tokens = [&links.facilitator, &links.participant, &links.read_only];
    for (i, a) in tokens.iter().enumerate() {
        assert!(domain::access::is_token(a.expose()), "{}", a.expose());
        for b in &tokens[i + 1..] {
            assert_ne!(a, b);
        }
    }
    for kind in LinkKind::ALL {
        let found = store.resolve_link(links.token(kind)).await.unwrap().unwrap();
        assert_eq!(
            (found.assessment.id.as_str(), found.kind, found.replaced),
            (assessment.id.as_str(), kind, false)
        );
    }
    assert_eq!(
        store.links(&assessment.id, &links.facilitator).await.unwrap(),
        links
    );
    assert_eq!(
        store
            .resolve_link(&Token::from("AAAAAAAAAAAAAAAAAAAAAA"))
            .await
            .unwrap(),
        None
    );
}

async fn a_rotated_link_stops_working_and_the_others_stay(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Rotation", "").unwrap();
    let (assessment, links) = store.create_assessment(&draft, "test-1").await.unwrap();

    let after = store
        .rotate_link(&assessment.id, LinkKind::ReadOnly, &links.facilitator)
        .await
        .unwrap();
    assert_ne!(after.read_only, links.read_only);
    assert_eq!(
        (after.facilitator.expose(), after.participant.expose()),
        (links.facilitator.expose(), links.participant.expose())
    );
    assert!(
        store
            .resolve_link(&links.read_only)
            .await
            .unwrap()
            .unwrap()
            .replaced
    );
    assert!(
        !store
            .resolve_link(&after.read_only)
            .await
            .unwrap()
            .unwrap()
            .replaced
    );

    // Replacing the facilitator link keeps the participant and read-only links as they are.
    let moved = store
        .rotate_link(&assessment.id, LinkKind::Facilitator, &links.facilitator)
        .await
        .unwrap();
    assert_ne!(moved.facilitator, links.facilitator);
    assert_eq!(
        (moved.participant.expose(), moved.read_only.expose()),
        (after.participant.expose(), after.read_only.expose())
    );
    assert!(
        store
            .resolve_link(&links.facilitator)
            .await
            .unwrap()
            .unwrap()
            .replaced
    );
    assert_eq!(
        store.links(&assessment.id, &moved.facilitator).await.unwrap(),
        moved
    );
}

async fn cost_inputs_are_saved_and_replaced(store: Arc<dyn Store>) {
    use domain::cost::CostInputs;
    let id = new_assessment(&store).await;
    assert_eq!(store.cost_inputs(&id).await.unwrap(), None);
    let mut inputs = CostInputs::default();
    store.save_cost_inputs(&id, &inputs).await.unwrap();
    assert_eq!(store.cost_inputs(&id).await.unwrap(), Some(inputs.clone()));
    inputs.workload.requests_per_month = 123_456_789.0;
    inputs.pricing.as_of = "edited".into();
    store.save_cost_inputs(&id, &inputs).await.unwrap();
    assert_eq!(store.cost_inputs(&id).await.unwrap(), Some(inputs));
}

/// Parts named `names`, with ids p1, p2, …, and one exception answered on the first.
pub(crate) fn parts(names: &[&str]) -> Vec<domain::parts::Part> {
    use domain::answers::ExceptionAnswer;
    use domain::parts::{Part, PartRun};
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Part {
            id: format!("p{}", i + 1),
            name: (*name).to_owned(),
            exceptions: (i == 0)
                .then(|| ("real-time".to_owned(), ExceptionAnswer::Core))
                .into_iter()
                .collect(),
            run: PartRun::of(&CostInputs::default().workload),
        })
        .collect()
}

async fn parts_are_saved_in_order_and_replaced_whole(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let other = new_assessment(&store).await;
    assert!(store.parts(&id).await.unwrap().is_empty());
    let first = parts(&["API", "Matching engine", "Nightly jobs"]);
    store.save_parts(&id, &first).await.unwrap();
    assert_eq!(store.parts(&id).await.unwrap(), first);
    let fewer = parts(&["Matching engine"]);
    store.save_parts(&id, &fewer).await.unwrap();
    assert_eq!(store.parts(&id).await.unwrap(), fewer);
    store.save_parts(&id, &[]).await.unwrap();
    assert!(store.parts(&id).await.unwrap().is_empty());
    assert!(
        store.parts(&other).await.unwrap().is_empty(),
        "each assessment its own"
    );
}

async fn joining_takes_a_seat_under_a_name_nobody_in_the_room_has(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    let other = new_assessment(&store).await;
    let Joined::In {
        participant: ana,
        secret,
    } = store
        .join(&id, "Ana", 2, &Token::from("a participant link"))
        .await
        .unwrap()
    else {
        panic!("the first person gets in");
    };
    assert_eq!(ana.name, "Ana");
    assert_eq!(store.participant(&id, &secret).await.unwrap(), Some(ana.clone()));
    assert_eq!(
        store.participant(&other, &secret).await.unwrap(),
        None,
        "cookies are per assessment"
    );
    assert_eq!(
        store
            .participant(&id, &ParticipantSecret::from("AAAAAAAAAAAAAAAAAAAAAA"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .join(&id, "ana", 2, &Token::from("a participant link"))
            .await
            .unwrap(),
        Joined::NameTaken,
        "names ignore case"
    );
    for lookalike in ["\u{ff21}\u{ff4e}\u{ff41}", "ANA"] {
        assert_eq!(
            store
                .join(&id, lookalike, 2, &Token::from("a participant link"))
                .await
                .unwrap(),
            Joined::NameTaken,
            "{lookalike:?} looks like Ana"
        );
    }
    assert!(matches!(
        store
            .join(&id, "Ben", 2, &Token::from("a participant link"))
            .await
            .unwrap(),
        Joined::In { .. }
    ));
    assert_eq!(
        store
            .join(&id, "Cy", 2, &Token::from("a participant link"))
            .await
            .unwrap(),
        Joined::Full
    );
    assert!(matches!(
        store
            .join(&other, "Ana", 2, &Token::from("a participant link"))
            .await
            .unwrap(),
        Joined::In { .. }
    ));
    let names: Vec<String> = store
        .participants(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Ana", "Ben"], "in joining order");

    store
        .save_answer(&id, &answer(ana.id.as_str(), "data.q", 4))
        .await
        .unwrap();
    store
        .save_answer(&id, &answer("facilitator", "data.q", 2))
        .await
        .unwrap();
    assert!(store.remove_participant(&id, &ana.id).await.unwrap());
    assert!(
        !store.remove_participant(&id, &ana.id).await.unwrap(),
        "only once"
    );
    assert!(
        !store.remove_participant(&other, &ana.id).await.unwrap(),
        "not from another assessment"
    );
    assert!(store.participant(&id, &secret).await.unwrap().unwrap().removed);
    assert_eq!(
        store.answers(&id).await.unwrap(),
        vec![answer("facilitator", "data.q", 2)],
        "their answers go with them"
    );
    assert!(
        matches!(
            store
                .join(&id, "Ana", 2, &Token::from("a participant link"))
                .await
                .unwrap(),
            Joined::In { .. }
        ),
        "the seat and the name are free again"
    );
}

async fn the_room_reveals_counts_down_and_fixes_its_mode_once_people_join(store: Arc<dyn Store>) {
    use domain::room::{Room, RoomChange};
    let id = new_assessment(&store).await;
    let room = || async { store.assessment(&id).await.unwrap().unwrap().room };
    assert_eq!(room().await, Room::default());
    assert!(store.change_room(&id, &RoomChange::Named(true)).await.unwrap());
    assert!(store.change_room(&id, &RoomChange::Reveal(3)).await.unwrap());
    assert!(store.change_room(&id, &RoomChange::Reveal(12)).await.unwrap());
    assert!(
        store
            .change_room(&id, &RoomChange::Timer(Some(1_800_000_000_000)))
            .await
            .unwrap()
    );
    assert!(
        store
            .change_room(&id, &RoomChange::FacilitatorVotes(false))
            .await
            .unwrap()
    );
    let now = room().await;
    assert!(now.named && !now.facilitator_votes);
    assert!(now.is_revealed(3) && now.is_revealed(12) && !now.is_revealed(4));
    assert_eq!(now.timer_ends_at_ms, Some(1_800_000_000_000));
    assert!(store.change_room(&id, &RoomChange::Timer(None)).await.unwrap());
    assert_eq!(room().await.timer_ends_at_ms, None);

    store
        .join(&id, "Ana", 10, &Token::from("a participant link"))
        .await
        .unwrap();
    assert!(
        !store.change_room(&id, &RoomChange::Named(false)).await.unwrap(),
        "the answer mode is fixed once somebody joined"
    );
    assert!(room().await.named);
    assert!(
        !store
            .change_room(&AssessmentId::from("no-such-id"), &RoomChange::Reveal(1))
            .await
            .unwrap()
    );
}

async fn a_join_code_leads_to_the_current_participant_link(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Codes", "").unwrap();
    let (assessment, links) = store.create_assessment(&draft, "test-1").await.unwrap();
    assert_eq!(
        domain::access::normalize_join_code(&links.join_code),
        Some(links.join_code.clone())
    );
    assert_eq!(
        store.join_code_link(&links.join_code).await.unwrap(),
        Some(links.participant.clone())
    );
    assert_eq!(store.join_code_link("ABCDEFGH").await.unwrap(), None);
    let after = store
        .rotate_link(&assessment.id, LinkKind::Participant, &links.facilitator)
        .await
        .unwrap();
    assert_ne!(after.join_code, links.join_code);
    assert_eq!(
        store.join_code_link(&links.join_code).await.unwrap(),
        None,
        "the old code stops"
    );
    assert_eq!(
        store.join_code_link(&after.join_code).await.unwrap(),
        Some(after.participant)
    );
}

/// The workshop's promise: a full room answering at once loses and doubles nothing, and the
/// team's scores are what a hand count of the same answers gives.
async fn two_hundred_participants_answer_at_once_and_nothing_is_lost(store: Arc<dyn Store>) {
    use domain::answers::Answer;
    use domain::content::Content;
    use domain::scoring::score;
    use domain::walkthrough::responses;
    use futures_util::future::join_all;

    const PEOPLE: usize = 200;
    let content = Content::bundled();
    let questions: Vec<String> = content.dimensions[0]
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let id = new_assessment(&store).await;
    let code = |person: usize, question: usize| i16::try_from((person * 7 + question * 3) % 6).unwrap();

    let joins = join_all((0..PEOPLE).map(|i| {
        let (store, id) = (store.clone(), id.clone());
        async move {
            store
                .join(
                    &id,
                    &format!("Person {i}"),
                    PEOPLE,
                    &Token::from("a participant link"),
                )
                .await
                .unwrap()
        }
    }))
    .await;
    let people: Vec<ParticipantId> = joins
        .into_iter()
        .map(|joined| match joined {
            Joined::In { participant, .. } => participant.id,
            other => panic!("everyone gets in: {other:?}"),
        })
        .collect();
    assert_eq!(
        store
            .join(&id, "One too many", PEOPLE, &Token::from("a participant link"))
            .await
            .unwrap(),
        Joined::Full
    );

    join_all(people.iter().enumerate().map(|(person, pid)| {
        let (store, id, questions) = (store.clone(), id.clone(), questions.clone());
        async move {
            for (q, question) in questions.iter().enumerate() {
                // A first thought, then the real answer twice: a change and a retry.
                store
                    .save_answer(&id, &answer(pid.as_str(), question, 3))
                    .await
                    .unwrap();
                for _ in 0..2 {
                    store
                        .save_answer(&id, &answer(pid.as_str(), question, code(person, q)))
                        .await
                        .unwrap();
                }
            }
        }
    }))
    .await;

    let stored = store.answers(&id).await.unwrap();
    assert_eq!(
        stored.len(),
        PEOPLE * questions.len(),
        "exactly one row per person and question"
    );
    for (person, pid) in people.iter().enumerate() {
        for (q, question) in questions.iter().enumerate() {
            let mine: Vec<&AnswerRecord> = stored
                .iter()
                .filter(|r| r.participant_id == *pid && r.question_id == *question)
                .collect();
            assert_eq!(mine.len(), 1);
            assert_eq!(mine[0].value, code(person, q));
        }
    }

    let report = score(content, &responses(content, &stored, &[]));
    for (q, question) in questions.iter().enumerate() {
        let opinions: Vec<i32> = (0..PEOPLE)
            .filter_map(|person| Answer::from_code(code(person, q))?.agreement())
            .collect();
        let expected = f64::from(opinions.iter().sum::<i32>()) / opinions.len() as f64;
        let driver = report.dimensions[0]
            .drivers
            .iter()
            .find(|d| d.question_id == *question)
            .unwrap();
        assert_eq!(driver.answered, opinions.len());
        assert!(
            (driver.agreement - expected).abs() < 1e-9,
            "{question}: {} vs {expected}",
            driver.agreement
        );
    }
    assert_eq!(report.participants, PEOPLE);
}

async fn snapshots_are_kept_until_their_assessment_changes(store: Arc<dyn Store>) {
    use app::snapshots::Snapshots;
    let id = new_assessment(&store).await;
    let other = new_assessment(&store).await;
    let snapshots = Snapshots::default();
    let first = snapshots.get(store.as_ref(), &id).await.unwrap();
    assert!(first.answers.is_empty() && first.solo());

    // A write the cache has not heard of: the kept snapshot is served.
    store.save_answer(&id, &answer("ann", "data.q", 4)).await.unwrap();
    assert!(Arc::ptr_eq(
        &first,
        &snapshots.get(store.as_ref(), &id).await.unwrap()
    ));

    let kept_other = snapshots.get(store.as_ref(), &other).await.unwrap();
    snapshots.forget(&id);
    let fresh = snapshots.get(store.as_ref(), &id).await.unwrap();
    assert_eq!(fresh.answers, vec![answer("ann", "data.q", 4)]);
    assert!(
        Arc::ptr_eq(&kept_other, &snapshots.get(store.as_ref(), &other).await.unwrap()),
        "other assessments stay kept"
    );

    store
        .join(&id, "Ana", 10, &Token::from("a participant link"))
        .await
        .unwrap();
    snapshots.forget_all();
    let after = snapshots.get(store.as_ref(), &id).await.unwrap();
    assert!(!after.solo());
    assert!(!Arc::ptr_eq(
        &kept_other,
        &snapshots.get(store.as_ref(), &other).await.unwrap()
    ));
}

async fn answers_a_ping(store: Arc<dyn Store>) {
    store.ping().await.unwrap();
}

async fn next_and_previous_move_the_room_from_where_it_is(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    assert_eq!(store.move_room(&id, 1, 12).await.unwrap(), 2);
    assert_eq!(
        store.move_room(&id, 1, 12).await.unwrap(),
        3,
        "twice is two steps"
    );
    assert_eq!(store.move_room(&id, -1, 12).await.unwrap(), 2);
    store.set_current_step(&id, 12).await.unwrap();
    assert_eq!(
        store.move_room(&id, 1, 12).await.unwrap(),
        12,
        "never past the last step"
    );
    store.set_current_step(&id, 1).await.unwrap();
    assert_eq!(
        store.move_room(&id, -1, 12).await.unwrap(),
        1,
        "never before the first"
    );
    // Presses from two screens at once each count.
    let (a, b) = tokio::join!(store.move_room(&id, 1, 12), store.move_room(&id, 1, 12));
    let mut reached = [a.unwrap(), b.unwrap()];
    reached.sort_unstable();
    assert_eq!(reached, [2, 3]);
    assert_eq!(store.assessment(&id).await.unwrap().unwrap().current_step, 3);
}

async fn people_who_joined_through_a_replaced_link_are_known(store: Arc<dyn Store>) {
    let draft = AssessmentDraft::parse("Seats", "").unwrap();
    let (assessment, links) = store.create_assessment(&draft, "test-1").await.unwrap();
    let id = assessment.id;
    let seat = |joined: Joined| match joined {
        Joined::In { participant, .. } => participant.id,
        other => panic!("{other:?}"),
    };
    let early = seat(store.join(&id, "Early", 10, &links.participant).await.unwrap());
    assert_eq!(
        store.joined_through_old_links(&id).await.unwrap(),
        Vec::<ParticipantId>::new()
    );
    let after = store
        .rotate_link(&id, LinkKind::Participant, &links.facilitator)
        .await
        .unwrap();
    let late = seat(store.join(&id, "Late", 10, &after.participant).await.unwrap());
    assert_eq!(
        store.joined_through_old_links(&id).await.unwrap(),
        vec![early.clone()]
    );
    assert!(store.remove_participant(&id, &early).await.unwrap());
    assert_eq!(
        store.joined_through_old_links(&id).await.unwrap(),
        Vec::<ParticipantId>::new(),
        "removed people are out already"
    );
    assert!(
        store
            .participants(&id)
            .await
            .unwrap()
            .iter()
            .any(|p| p.id == late && !p.removed)
    );
}

async fn the_decision_is_versioned(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    assert_eq!(store.decision(&id).await.unwrap(), Decision::default());
    let first = Decision::parse("Functions, the API first.", "proposed", 0).unwrap();
    assert_eq!(store.save_decision(&id, &first).await.unwrap(), Saved::Version(1));
    let saved = store.decision(&id).await.unwrap();
    assert_eq!(
        (saved.wording.as_str(), saved.status, saved.version),
        ("Functions, the API first.", Status::Proposed, 1)
    );
    assert!(saved.saved_at_ms > 0);

    // A second edit from the same stale page is refused and told what is saved.
    let stale = Decision::parse("Servers.", "accepted", 0).unwrap();
    let Saved::Conflict(current) = store.save_decision(&id, &stale).await.unwrap() else {
        panic!("a stale edit must conflict");
    };
    assert_eq!(current, saved);

    // Back to the generated sentence, accepted.
    let next = Decision::parse("", "accepted", current.version).unwrap();
    assert_eq!(store.save_decision(&id, &next).await.unwrap(), Saved::Version(2));
    let saved = store.decision(&id).await.unwrap();
    assert_eq!(
        (saved.wording.as_str(), saved.status, saved.version),
        ("", Status::Accepted, 2)
    );
    // Another assessment's decision is its own.
    let other = new_assessment(&store).await;
    assert_eq!(store.decision(&other).await.unwrap(), Decision::default());
}

async fn of_two_concurrent_decision_edits_from_one_version_exactly_one_wins(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    for version in [0, 1] {
        let edits = ["left", "right"].map(|wording| {
            let store = store.clone();
            let id = id.clone();
            let edit = Decision::parse(wording, "proposed", version).unwrap();
            tokio::spawn(async move { store.save_decision(&id, &edit).await.unwrap() })
        });
        let mut outcomes = Vec::new();
        for edit in edits {
            outcomes.push(edit.await.unwrap());
        }
        let wins = outcomes
            .iter()
            .filter(|o| **o == Saved::Version(version + 1))
            .count();
        assert_eq!(wins, 1, "from version {version}: {outcomes:?}");
        assert_eq!(store.decision(&id).await.unwrap().version, version + 1);
    }
}

pub(crate) fn action(summary: &str, owner: &str) -> NextAction {
    NextAction {
        summary: summary.to_owned(),
        owner: owner.to_owned(),
        due: "2030-01-31".to_owned(),
    }
}

async fn the_next_actions_are_versioned(store: Arc<dyn Store>) {
    let id = new_assessment(&store).await;
    assert_eq!(store.next_actions(&id).await.unwrap(), NextActions::default());
    let first = NextActions {
        items: vec![action("Measure the peak", "ana"), action("Write the runbook", "")],
        version: 0,
    };
    assert_eq!(
        store.save_next_actions(&id, &first).await.unwrap(),
        Saved::Version(1)
    );
    let saved = store.next_actions(&id).await.unwrap();
    assert_eq!(
        saved,
        NextActions {
            version: 1,
            ..first.clone()
        }
    );

    // A second edit from the same stale page is refused and told what is saved.
    let stale = NextActions {
        items: Vec::new(),
        version: 0,
    };
    assert_eq!(
        store.save_next_actions(&id, &stale).await.unwrap(),
        Saved::Conflict(saved.clone())
    );
    // Saved empty, the list stays empty (the suggestions do not come back).
    let emptied = NextActions {
        items: Vec::new(),
        version: 1,
    };
    assert_eq!(
        store.save_next_actions(&id, &emptied).await.unwrap(),
        Saved::Version(2)
    );
    assert_eq!(
        store.next_actions(&id).await.unwrap(),
        NextActions {
            items: Vec::new(),
            version: 2
        }
    );
    let other = new_assessment(&store).await;
    assert_eq!(store.next_actions(&other).await.unwrap(), NextActions::default());
}

fn setting(dimension: &str, importance: u8) -> DimensionSetting {
    DimensionSetting {
        dimension_id: dimension.to_owned(),
        importance,
        note: format!("Note on {dimension}"),
        version: 0,
    }
}

const OWN_QUESTIONS: &str = include_str!("../../../deploy/content/own-questions.toml");

/// An organisation's content is kept under its version, once: saving it again (another
/// instance starting with the same file) changes nothing, and a version names what it holds.
async fn an_organisations_content_is_kept_once_under_its_version(store: Arc<dyn Store>) {
    let own = organisation::read(OWN_QUESTIONS).unwrap();
    let body = organisation::to_stored(&own);
    assert_eq!(store.content(&own.version).await.unwrap(), None);
    store.save_content(&own.version, &body).await.unwrap();
    store.save_content(&own.version, "{}").await.unwrap();
    assert_eq!(store.content(&own.version).await.unwrap(), Some(body));
    assert_eq!(store.content("org-0000000000000000").await.unwrap(), None);
    assert_eq!(store.content("' OR '1'='1").await.unwrap(), None);
}

/// Rows in every table an import writes to, in the database at `url`.
async fn rows_written(url: &str) -> i64 {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM assessments) + (SELECT COUNT(*) FROM links) \
                       + (SELECT COUNT(*) FROM answers) + (SELECT COUNT(*) FROM dimension_settings) \
                       + (SELECT COUNT(*) FROM cost_inputs) + (SELECT COUNT(*) FROM assessment_parts) \
                       + (SELECT COUNT(*) FROM decisions) + (SELECT COUNT(*) FROM next_actions) \
                       + (SELECT COUNT(*) FROM contents)";
    let (count,): (i64,) = if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query_as(SQL).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query_as(SQL).fetch_one(&pool).await.unwrap()
    };
    count
}

/// An import is one transaction: when its last row fails (here a dimension given twice, which
/// the table's key refuses), nothing of it is kept; a whole one is kept whole.
async fn an_import_is_kept_whole_or_not_at_all(store: Arc<dyn Store>, url: &str) {
    let draft = AssessmentDraft::parse("Imported", "From a file").unwrap();
    let answers = [answer("p1", "data.q", 2), answer("p2", "data.q", 4)];
    let before = rows_written(url).await;
    let decision = Decision::parse("Functions, the API first.", "accepted", 0).unwrap();
    let own = organisation::read(OWN_QUESTIONS).unwrap();
    let import = |settings: &[DimensionSetting], costs: CostInputs, names: &[&str]| ValidImport {
        content: Some(own.clone()),
        answers: answers.to_vec(),
        settings: settings.to_vec(),
        costs: Some(costs),
        parts: parts(names),
        decision: decision.clone(),
        next_actions: Some(NextActions {
            items: vec![action("Measure the peak", "ana")],
            version: 0,
        }),
        ..ValidImport::empty(draft.clone())
    };
    let failed = store
        .import_assessment(
            &import(
                &[setting("data", 3), setting("people", 1), setting("data", 2)],
                CostInputs::default(),
                &["API"],
            ),
            "test-1",
        )
        .await;
    assert!(failed.is_err(), "the repeated dimension is refused");
    assert_eq!(rows_written(url).await, before, "nothing half-imported");
    assert_eq!(
        store.content(&own.version).await.unwrap(),
        None,
        "not even the content"
    );

    let settings = [setting("data", 3), setting("people", 1)];
    let mut costs = CostInputs::default();
    costs.workload.requests_per_month = 40_000_000.0;
    let (imported, links) = store
        .import_assessment(&import(&settings, costs.clone(), &["API", "Jobs"]), "test-1")
        .await
        .unwrap();
    let saved = store.decision(&imported.id).await.unwrap();
    assert_eq!(
        (saved.wording.as_str(), saved.status, saved.version),
        ("Functions, the API first.", Status::Accepted, 1)
    );
    let kept = store
        .content(&own.version)
        .await
        .unwrap()
        .expect("the carried content is kept");
    assert_eq!(organisation::from_stored(&kept), Ok(own.clone()));
    assert_eq!(
        store.next_actions(&imported.id).await.unwrap(),
        NextActions {
            items: vec![action("Measure the peak", "ana")],
            version: 1
        }
    );
    assert_eq!(store.cost_inputs(&imported.id).await.unwrap(), Some(costs));
    assert_eq!(store.parts(&imported.id).await.unwrap(), parts(&["API", "Jobs"]));
    assert_eq!(
        store.assessment(&imported.id).await.unwrap().unwrap().title,
        "Imported"
    );
    assert_eq!(
        store
            .resolve_link(&links.facilitator)
            .await
            .unwrap()
            .unwrap()
            .assessment
            .id,
        imported.id
    );
    let mut saved = store.answers(&imported.id).await.unwrap();
    saved.sort_by(|a, b| a.participant_id.cmp(&b.participant_id));
    assert_eq!(saved, answers);
    let saved = store.dimension_settings(&imported.id).await.unwrap();
    assert_eq!(
        saved
            .iter()
            .map(|s| (s.dimension_id.as_str(), s.importance, s.note.as_str(), s.version))
            .collect::<Vec<_>>(),
        [("data", 3, "Note on data", 1), ("people", 1, "Note on people", 1)]
    );
}

mod import {
    #[tokio::test]
    async fn sqlite_import_is_atomic() {
        let (dir, store) = crate::common::sqlite_store().await;
        super::an_import_is_kept_whole_or_not_at_all(store, &crate::common::sqlite_url(&dir)).await;
    }

    #[tokio::test]
    async fn postgres_import_is_atomic() {
        let Some(admin) = crate::common::postgres_admin_url() else {
            return;
        };
        let url = crate::common::fresh_postgres_database(&admin).await;
        let store = server::store::open(&crate::common::settings(&url)).await.unwrap();
        super::an_import_is_kept_whole_or_not_at_all(store, &url).await;
    }
}

/// A time after which nothing has yet been written, waiting until the clock has passed it.
async fn from_now_on() -> i64 {
    let since = app::store::now_ms() + 1;
    while app::store::now_ms() < since {
        tokio::task::yield_now().await;
    }
    since
}

async fn a_deleted_assessment_leaves_only_tombstones_of_its_links(store: Arc<dyn Store>) {
    use app::store::StoreError;

    let draft = AssessmentDraft::parse("Doomed", "").unwrap();
    let (doomed, links) = store.create_assessment(&draft, "test-1").await.unwrap();
    let id = doomed.id.clone();
    let (kept, kept_links) = store.create_assessment(&draft, "test-1").await.unwrap();
    for target in [&id, &kept.id] {
        store
            .save_answer(target, &answer("ann", "data.q", 3))
            .await
            .unwrap();
        store
            .save_cost_inputs(target, &CostInputs::default())
            .await
            .unwrap();
        store.save_parts(target, &parts(&["API"])).await.unwrap();
        let note = DimensionSetting {
            note: "Queue everything".into(),
            ..DimensionSetting::unset("data")
        };
        store.save_dimension_setting(target, &note).await.unwrap();
    }
    let Joined::In { secret, .. } = store.join(&id, "Ana", 5, &links.participant).await.unwrap() else {
        panic!("Ana could not join");
    };
    let rotated = store
        .rotate_link(&id, LinkKind::ReadOnly, &links.facilitator)
        .await
        .unwrap();

    assert!(store.delete_assessment(&id).await.unwrap());

    assert_eq!(store.assessment(&id).await.unwrap(), None);
    assert!(store.answers(&id).await.unwrap().is_empty());
    assert!(store.dimension_settings(&id).await.unwrap().is_empty());
    assert_eq!(store.cost_inputs(&id).await.unwrap(), None);
    assert!(store.parts(&id).await.unwrap().is_empty());
    assert!(store.participants(&id).await.unwrap().is_empty());
    assert_eq!(store.participant(&id, &secret).await.unwrap(), None);
    assert_eq!(store.join_code_link(&links.join_code).await.unwrap(), None);
    // Every link it ever had, the replaced read-only link included, is known as deleted.
    for token in [
        &links.facilitator,
        &links.participant,
        &links.read_only,
        &rotated.read_only,
    ] {
        assert_eq!(store.resolve_link(token).await.unwrap(), None);
        assert!(
            store.deleted_link(token).await.unwrap(),
            "a tombstone for every link"
        );
    }
    // The other assessment keeps everything.
    assert!(!store.deleted_link(&kept_links.facilitator).await.unwrap());
    assert!(!store.deleted_link(&Token::from("never a link")).await.unwrap());
    assert_eq!(store.answers(&kept.id).await.unwrap().len(), 1);
    assert!(store.cost_inputs(&kept.id).await.unwrap().is_some());
    assert_eq!(store.parts(&kept.id).await.unwrap().len(), 1);
    assert_eq!(store.dimension_settings(&kept.id).await.unwrap().len(), 1);

    // Deleting twice finds nothing; writes that arrive after the delete keep nothing.
    assert!(!store.delete_assessment(&id).await.unwrap());
    assert!(matches!(
        store.save_answer(&id, &answer("ann", "data.q", 4)).await,
        Err(StoreError::Gone)
    ));
    assert!(matches!(
        store.save_cost_inputs(&id, &CostInputs::default()).await,
        Err(StoreError::Gone)
    ));
    assert!(matches!(
        store.save_parts(&id, &parts(&["API"])).await,
        Err(StoreError::Gone)
    ));
    assert!(matches!(
        store
            .save_dimension_setting(&id, &DimensionSetting::unset("people"))
            .await,
        Err(StoreError::Gone)
    ));
    assert_eq!(store.answers(&id).await.unwrap(), vec![]);
    assert_eq!(store.cost_inputs(&id).await.unwrap(), None);
}

/// Every kind of write to an assessment, in `every_write_counts_as_a_touch`.
#[derive(Clone, Copy, Debug)]
enum Write {
    Details,
    Step,
    ContentVersion,
    MoveRoom,
    Answer,
    Costs,
    Parts,
    Setting,
    Join,
    RemovePerson,
    Room,
    RotateLink,
    Review,
    Round,
    Decision,
    NextActions,
}

async fn every_write_counts_as_a_touch(store: Arc<dyn Store>) {
    use domain::room::RoomChange;

    let draft = AssessmentDraft::parse("Workload", "").unwrap();
    let writes = [
        Write::Details,
        Write::Step,
        Write::ContentVersion,
        Write::MoveRoom,
        Write::Answer,
        Write::Costs,
        Write::Parts,
        Write::Setting,
        Write::Join,
        Write::RemovePerson,
        Write::Room,
        Write::RotateLink,
        Write::Review,
        Write::Round,
        Write::Decision,
        Write::NextActions,
    ];
    for write in writes {
        let (assessment, links) = store.create_assessment(&draft, "test-1").await.unwrap();
        let id = assessment.id;
        let Joined::In { participant, .. } = store.join(&id, "Ana", 5, &links.participant).await.unwrap()
        else {
            panic!("Ana could not join");
        };
        let since = from_now_on().await;
        match write {
            Write::Details => {
                let edited = AssessmentDraft::parse("Edited", "").unwrap();
                let saved = store
                    .update_details(&id, &edited, assessment.version)
                    .await
                    .unwrap();
                assert_eq!(saved, Saved::Version(assessment.version + 1));
            }
            Write::Step => store.set_current_step(&id, 3).await.unwrap(),
            Write::ContentVersion => store.set_content_version(&id, "test-2").await.unwrap(),
            Write::MoveRoom => assert_eq!(store.move_room(&id, 1, 12).await.unwrap(), 2),
            Write::Answer => store.save_answer(&id, &answer("ann", "data.q", 3)).await.unwrap(),
            Write::Costs => store.save_cost_inputs(&id, &CostInputs::default()).await.unwrap(),
            Write::Parts => store.save_parts(&id, &parts(&["API"])).await.unwrap(),
            Write::Setting => {
                let saved = store
                    .save_dimension_setting(&id, &DimensionSetting::unset("data"))
                    .await
                    .unwrap();
                assert_eq!(saved, Saved::Version(1));
            }
            Write::Join => assert!(matches!(
                store.join(&id, "Ben", 5, &links.participant).await.unwrap(),
                Joined::In { .. }
            )),
            Write::RemovePerson => assert!(store.remove_participant(&id, &participant.id).await.unwrap()),
            Write::Room => assert!(store.change_room(&id, &RoomChange::Reveal(2)).await.unwrap()),
            Write::RotateLink => {
                store
                    .rotate_link(&id, LinkKind::Participant, &links.facilitator)
                    .await
                    .unwrap();
            }
            Write::Round => assert!(store.start_round(&id, &closed_round(1), true).await.unwrap()),
            Write::Decision => {
                let decision = Decision::parse("Functions.", "accepted", 0).unwrap();
                assert_eq!(
                    store.save_decision(&id, &decision).await.unwrap(),
                    Saved::Version(1)
                );
            }
            Write::NextActions => {
                let actions = NextActions {
                    items: vec![action("Measure the peak", "ana")],
                    version: 0,
                };
                assert_eq!(
                    store.save_next_actions(&id, &actions).await.unwrap(),
                    Saved::Version(1)
                );
            }
            Write::Review => assert_eq!(
                store.save_review(&id, &review_on("2030-01-01"), 0).await.unwrap(),
                Saved::Version(1)
            ),
        }
        let swept = store.delete_untouched(since).await.unwrap();
        assert!(!swept.contains(&id), "{write:?} did not count as a touch");
        assert!(store.assessment(&id).await.unwrap().is_some(), "{write:?}");
    }
}

async fn untouched_assessments_are_deleted_as_the_facilitator_would(store: Arc<dyn Store>) {
    let (untouched, links) = store
        .create_assessment(&AssessmentDraft::parse("Old", "").unwrap(), "test-1")
        .await
        .unwrap();
    // Reading is not writing.
    store.answers(&untouched.id).await.unwrap();
    store.resolve_link(&links.read_only).await.unwrap();
    let since = from_now_on().await;
    let busy = new_assessment(&store).await;
    assert_eq!(
        store.delete_untouched(since).await.unwrap(),
        vec![untouched.id.clone()]
    );
    assert_eq!(store.assessment(&untouched.id).await.unwrap(), None);
    assert!(store.deleted_link(&links.participant).await.unwrap());
    assert!(store.assessment(&busy).await.unwrap().is_some());
    assert!(store.delete_untouched(since).await.unwrap().is_empty());
}

pub(crate) fn review_on(due: &str) -> domain::review::Review {
    domain::review::Review {
        due: Some(due.to_owned()),
        ..domain::review::Review::default()
    }
}

async fn the_review_is_versioned_and_one_of_two_concurrent_saves_wins(store: Arc<dyn Store>) {
    use domain::review::Review;

    let id = new_assessment(&store).await;
    let other = new_assessment(&store).await;
    assert_eq!(store.review(&id).await.unwrap(), (Review::default(), 0));
    let first = review_on("2030-01-01");
    assert_eq!(
        store.save_review(&id, &first, 0).await.unwrap(),
        Saved::Version(1)
    );
    assert_eq!(store.review(&id).await.unwrap(), (first.clone(), 1));
    // A save from a page that showed no review yet finds the first one.
    assert_eq!(
        store.save_review(&id, &review_on("2031-01-01"), 0).await.unwrap(),
        Saved::Conflict((first.clone(), 1))
    );
    let (a, b) = (review_on("2032-01-01"), review_on("2033-01-01"));
    let (saved_a, saved_b) = tokio::join!(store.save_review(&id, &a, 1), store.save_review(&id, &b, 1));
    let outcomes = [saved_a.unwrap(), saved_b.unwrap()];
    let won = outcomes.iter().filter(|o| **o == Saved::Version(2)).count();
    assert_eq!(won, 1, "{outcomes:?}");
    let (kept, version) = store.review(&id).await.unwrap();
    assert_eq!(version, 2);
    assert!(kept == a || kept == b);
    assert!(
        outcomes.contains(&Saved::Conflict((kept, 2))),
        "the loser sees the winner"
    );
    assert_eq!(store.review(&other).await.unwrap(), (Review::default(), 0));
    assert!(matches!(
        store
            .save_review(&AssessmentId::from("no-such-id"), &first, 0)
            .await,
        Err(app::store::StoreError::Gone)
    ));
}

/// Round `number` as closed, with a verdict and one dimension's score.
pub(crate) fn closed_round(number: i64) -> domain::rounds::Round {
    domain::rounds::Round {
        number,
        closed_at_ms: 1_800_000_000_000 + number,
        content_version: "test-1".into(),
        verdict: domain::scoring::Verdict::Hybrid,
        fit: Some(40 + u8::try_from(number).unwrap()),
        answered_questions: 12,
        total_questions: 40,
        participants: 3,
        dimensions: vec![domain::rounds::RoundDimension {
            id: "data".into(),
            title: "Data".into(),
            score: Some(0.25),
            pros: 0.5,
            cons: 0.25,
        }],
        flags: vec!["Real-time systems".into()],
        parts: vec![("API".into(), domain::scoring::Verdict::ServerlessFirst)],
    }
}

async fn assessing_again_closes_the_round_and_resets_the_room(store: Arc<dyn Store>) {
    use domain::room::RoomChange;

    let (assessment, links) = store
        .create_assessment(&AssessmentDraft::parse("Rounds", "").unwrap(), "test-1")
        .await
        .unwrap();
    let id = assessment.id;
    let other = new_assessment(&store).await;
    assert!(store.rounds(&id).await.unwrap().is_empty());
    let Joined::In { participant, .. } = store.join(&id, "Ana", 5, &links.participant).await.unwrap() else {
        panic!("Ana could not join");
    };
    store
        .save_answer(&id, &answer(participant.id.as_str(), "data.q", 4))
        .await
        .unwrap();
    store
        .save_answer(&other, &answer("ann", "data.q", 2))
        .await
        .unwrap();
    store.save_cost_inputs(&id, &CostInputs::default()).await.unwrap();
    store.save_parts(&id, &parts(&["API"])).await.unwrap();
    store.set_current_step(&id, 5).await.unwrap();
    store.change_room(&id, &RoomChange::Reveal(3)).await.unwrap();
    store
        .change_room(&id, &RoomChange::Timer(Some(1_900_000_000_000)))
        .await
        .unwrap();

    assert!(store.start_round(&id, &closed_round(1), false).await.unwrap());
    assert_eq!(store.rounds(&id).await.unwrap(), vec![closed_round(1)]);
    let now = store.assessment(&id).await.unwrap().unwrap();
    assert_eq!(now.current_step, 1);
    assert_eq!(now.room.revealed_steps, 0);
    assert_eq!(now.room.timer_ends_at_ms, None);
    assert!(store.answers(&id).await.unwrap().is_empty(), "a fresh start");
    assert_eq!(
        store.participants(&id).await.unwrap().len(),
        1,
        "people carry over"
    );
    assert!(store.cost_inputs(&id).await.unwrap().is_some());
    assert_eq!(store.parts(&id).await.unwrap().len(), 1);
    assert_eq!(
        store.answers(&other).await.unwrap().len(),
        1,
        "other assessments keep theirs"
    );
    assert!(store.rounds(&other).await.unwrap().is_empty());

    // The same round closed twice: the second is refused and writes nothing.
    store
        .save_answer(&id, &answer(participant.id.as_str(), "data.q", 5))
        .await
        .unwrap();
    assert!(!store.start_round(&id, &closed_round(1), false).await.unwrap());
    assert_eq!(store.answers(&id).await.unwrap().len(), 1);

    // Keeping the answers as a starting point.
    assert!(store.start_round(&id, &closed_round(2), true).await.unwrap());
    assert_eq!(store.answers(&id).await.unwrap().len(), 1);
    // Of two facilitators closing round 3 at once, one does.
    let third = closed_round(3);
    let (a, b) = tokio::join!(
        store.start_round(&id, &third, false),
        store.start_round(&id, &third, false)
    );
    assert!(a.unwrap() ^ b.unwrap(), "exactly one closes it");
    let numbers: Vec<i64> = store
        .rounds(&id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(numbers, vec![1, 2, 3]);

    assert!(store.delete_assessment(&id).await.unwrap());
    assert!(store.rounds(&id).await.unwrap().is_empty(), "rounds go with it");
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
    remembers_the_current_step,
    moves_to_another_content_version_keeping_the_answers,
    cost_inputs_are_saved_and_replaced,
    parts_are_saved_in_order_and_replaced_whole,
    every_assessment_gets_three_distinct_links,
    a_rotated_link_stops_working_and_the_others_stay,
    answers_are_upserts_keyed_by_person_and_question,
    concurrent_answers_to_one_question_leave_one_row,
    answers_to_a_missing_assessment_are_refused,
    dimension_settings_are_versioned,
    of_two_concurrent_edits_from_one_version_exactly_one_wins,
    of_two_concurrent_detail_edits_from_one_version_exactly_one_wins,
    joining_takes_a_seat_under_a_name_nobody_in_the_room_has,
    the_room_reveals_counts_down_and_fixes_its_mode_once_people_join,
    a_join_code_leads_to_the_current_participant_link,
    two_hundred_participants_answer_at_once_and_nothing_is_lost,
    snapshots_are_kept_until_their_assessment_changes,
    next_and_previous_move_the_room_from_where_it_is,
    people_who_joined_through_a_replaced_link_are_known,
    a_deleted_assessment_leaves_only_tombstones_of_its_links,
    every_write_counts_as_a_touch,
    untouched_assessments_are_deleted_as_the_facilitator_would,
    the_review_is_versioned_and_one_of_two_concurrent_saves_wins,
    assessing_again_closes_the_round_and_resets_the_room,
    the_decision_is_versioned,
    of_two_concurrent_decision_edits_from_one_version_exactly_one_wins,
    the_next_actions_are_versioned,
    an_organisations_content_is_kept_once_under_its_version,
);
