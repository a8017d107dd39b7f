//! A real room on the default settings: sixty phones behind one address (a venue's Wi-Fi),
//! each following the room with the calls its browser makes and answering at human pace,
//! while a presenter and a facilitator page follow too.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use app::store::Store;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::watch;

use crate::common::{Events, TestApp};

/// What every screen in the room saw: refusals for too many writes, and how long each phone
/// took to show a new step after the facilitator moved on.
#[derive(Default)]
struct Seen {
    too_many: AtomicUsize,
    calls: AtomicUsize,
}

impl Seen {
    fn count(&self, response: &reqwest::Response) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            self.too_many.fetch_add(1, Ordering::Relaxed);
        }
    }
}

struct Room {
    app: TestApp,
    /// A client without the fixtures' whole-request timeout: event streams stay open.
    client: reqwest::Client,
    participant: String,
    facilitator: String,
    seen: Seen,
}

impl Room {
    async fn get(&self, path: &str, query: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.app.url(path)).query(query);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        self.seen.count(&response);
        response
    }

    async fn post(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.client.post(self.app.url(path)).form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        self.seen.count(&response);
        response
    }

    async fn json(&self, path: &str, token: &str, cookie: Option<&str>) -> Value {
        let response = self.get(path, &[("token", token)], cookie).await;
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.json().await.unwrap()
    }
}

/// Question ids on a participant's page, in order.
fn questions_on(page: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for rest in page.split("name=\"answers[").skip(1) {
        let id = rest.split(']').next().unwrap().to_owned();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// One phone: joins, follows the room as its page does (a key check on every room change,
/// a count refresh at most every two seconds as others answer, nothing when people join),
/// reloads when the room moves on, and answers every question of the step it is shown, one
/// every 2 to 6 seconds, retrying an answer refused for a passing reason as the page does.
/// Returns its answers, and when it saw each move of the room.
async fn phone(
    room: Arc<Room>,
    n: usize,
    answers_wanted: usize,
    last_step: String,
    stop: watch::Receiver<bool>,
) -> (BTreeMap<String, String>, Vec<Instant>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
    let page_path = format!("/p/{}", room.participant);
    room.get(&page_path, &[], None).await;
    let name = format!("Person {n}");
    let joined = room
        .post(
            "/api/join_room",
            &[("token", &room.participant), ("name", &name)],
            None,
        )
        .await;
    assert!(
        joined.status().is_success() || joined.status().is_redirection(),
        "join: {}",
        joined.status()
    );
    let cookie = joined.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    // The page's follower: each room change checks the key, and a changed key is a reload;
    // answers refresh the count at most every two seconds; people joining change nothing.
    let (moved, mut moves) = watch::channel(Instant::now());
    let follower = {
        let (room, cookie) = (room.clone(), cookie.clone());
        let mut events = Events::new(room.get(&format!("{page_path}/events"), &[], Some(&cookie)).await);
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let pulse = |room: Arc<Room>, cookie: String| async move {
                room.json("/api/room_pulse", &room.participant, Some(&cookie))
                    .await["key"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            };
            let mut key = pulse(room.clone(), cookie.clone()).await;
            let mut last_count = Instant::now() - Duration::from_secs(10);
            loop {
                let kind = tokio::select! {
                    kind = events.next() => kind,
                    _ = stop.wait_for(|s| *s) => None,
                };
                let check = match kind.as_deref() {
                    None => return,
                    Some("room") => true,
                    Some("answers") if last_count.elapsed() >= Duration::from_secs(2) => {
                        last_count = Instant::now();
                        true
                    }
                    Some(_) => false,
                };
                if check {
                    let now = pulse(room.clone(), cookie.clone()).await;
                    if now != key {
                        key = now;
                        moved.send_replace(Instant::now());
                    }
                }
            }
        })
    };

    let mut mine = BTreeMap::new();
    let mut arrivals = Vec::new();
    loop {
        let page = room
            .get(&page_path, &[], Some(&cookie))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("You are {name}")), "{page}");
        if questions_on(&page).contains(&last_step) {
            break;
        }
        for question in questions_on(&page) {
            if mine.len() == answers_wanted {
                break;
            }
            tokio::time::sleep(Duration::from_millis(rng.random_range(2000..6000))).await;
            let value = rng.random_range(1..=5).to_string();
            let mut pause = Duration::from_millis(500);
            loop {
                let saved = room
                    .post(
                        "/api/save_answer",
                        &[
                            ("token", &room.participant),
                            ("question", &question),
                            ("value", &value),
                        ],
                        Some(&cookie),
                    )
                    .await;
                match saved.status() {
                    status if status.is_success() => break,
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                        tokio::time::sleep(pause).await;
                        pause *= 2;
                    }
                    status => panic!("an answer was refused: {status}"),
                }
            }
            mine.insert(question, value);
        }
        // Wait for the room to move on, then reload as the page does.
        moves.changed().await.unwrap();
        arrivals.push(*moves.borrow_and_update());
    }
    drop(follower);
    (mine, arrivals)
}

/// A facilitator screen (presenter, or overview and step panel) following its event stream,
/// refetching at most once a second as the page does.
async fn screen(
    room: Arc<Room>,
    reads: Vec<(&'static str, Vec<(&'static str, String)>)>,
    stop: watch::Receiver<bool>,
) {
    let mut events = Events::new(
        room.get(&format!("/f/{}/events", room.facilitator), &[], None)
            .await,
    );
    let mut stop = stop;
    let mut last = Instant::now() - Duration::from_secs(10);
    loop {
        let kind = tokio::select! {
            kind = events.next() => kind,
            _ = stop.wait_for(|s| *s) => None,
        };
        if kind.is_none() {
            return;
        }
        if last.elapsed() < Duration::from_secs(1) {
            continue;
        }
        last = Instant::now();
        for (path, query) in &reads {
            let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = room.get(path, &query, None).await;
            assert!(response.status().is_success(), "{path}: {}", response.status());
        }
    }
}

/// Plays the room on `store` with the server's default settings; checks that nobody saw a
/// 429 and that every answer was stored exactly once.
pub async fn sixty_phones_on_one_address(store: Arc<dyn Store>) {
    const PEOPLE: usize = 60;
    // Everyone answers every question of the first two steps.
    let content = domain::content::Content::bundled();
    let answers: usize = content.dimensions[..2].iter().map(|d| d.questions.len()).sum();
    let app = TestApp::spawn(store.clone()).await;
    let facilitator = app.create("Venue Wi-Fi").await;
    let overview = app.read("/api/overview", &[("token", &facilitator)], None).await;
    let overview: Value = overview.json().await.unwrap();
    let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
    let assessment_id = domain::AssessmentId::from(overview["assessment"]["id"].as_str().unwrap());
    let room = Arc::new(Room {
        app,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        participant,
        facilitator: facilitator.clone(),
        seen: Seen::default(),
    });
    // Only facilitate: the facilitator does not answer.
    let mode = room
        .post(
            "/api/control_room",
            &[("token", &facilitator), ("action", "facilitate-only")],
            None,
        )
        .await;
    assert!(mode.status().is_success());

    let (stop_all, stop) = watch::channel(false);
    let presenter = tokio::spawn(screen(
        room.clone(),
        vec![("/api/presenter", vec![("token", facilitator.clone())])],
        stop.clone(),
    ));
    let panel = tokio::spawn(screen(
        room.clone(),
        vec![
            ("/api/overview", vec![("token", facilitator.clone())]),
            (
                "/api/room_panel",
                vec![("token", facilitator.clone()), ("number", "1".to_owned())],
            ),
        ],
        stop.clone(),
    ));
    let third = match domain::walkthrough::Step::from_number(content, 3) {
        Some(domain::walkthrough::Step::Dimension(index)) => {
            content.dimensions[index].questions[0].id.clone()
        }
        other => panic!("step 3 is a dimension: {other:?}"),
    };
    let started = Instant::now();
    let phones: Vec<_> = (0..PEOPLE)
        .map(|n| tokio::spawn(phone(room.clone(), n, answers, third.clone(), stop.clone())))
        .collect();
    let mut nexts = Vec::new();

    // The facilitator watches the presenter's count and moves the room on once everyone has
    // answered the step: twice, to the third step.
    let deadline = Instant::now() + Duration::from_secs(240);
    for step in 1..=2 {
        loop {
            assert!(Instant::now() < deadline, "the room never finished step {step}");
            assert!(
                !phones.iter().any(tokio::task::JoinHandle::is_finished),
                "a phone stopped before the room finished step {step}"
            );
            let view = room.json("/api/presenter", &facilitator, None).await;
            assert_eq!(view["room"]["number"], step);
            if view["room"]["voters"] == PEOPLE && view["room"]["done"] == PEOPLE {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        nexts.push(Instant::now());
        let next = room
            .post(
                "/api/control_room",
                &[("token", &facilitator), ("action", "next")],
                None,
            )
            .await;
        assert!(next.status().is_success(), "next: {}", next.status());
    }

    let mut given = BTreeMap::new();
    let mut arrivals = Vec::new();
    for phone in phones {
        let (mine, seen) = phone.await.unwrap();
        assert_eq!(mine.len(), answers);
        assert_eq!(seen.len(), nexts.len(), "the phone followed every move");
        given.insert(given.len(), mine);
        arrivals.extend(
            seen.iter()
                .zip(&nexts)
                .map(|(seen, next)| seen.saturating_duration_since(*next)),
        );
    }
    stop_all.send_replace(true);
    presenter.await.unwrap();
    panel.await.unwrap();

    let too_many = room.seen.too_many.load(Ordering::Relaxed);
    let calls = room.seen.calls.load(Ordering::Relaxed);
    arrivals.sort();
    eprintln!(
        "room of {PEOPLE}: {calls} calls in {:.0?}, {too_many} refused with 429; a move reached the phones within {:.0?} (median {:.0?})",
        started.elapsed(),
        arrivals.last().unwrap(),
        arrivals[arrivals.len() / 2],
    );
    assert_eq!(too_many, 0, "nobody in the room is told to slow down");

    let stored = store.answers(&assessment_id).await.unwrap();
    assert_eq!(
        stored.len(),
        PEOPLE * answers,
        "every answer is stored exactly once"
    );
    let people = store.participants(&assessment_id).await.unwrap();
    let mut by_person: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for record in stored {
        let previous = by_person
            .entry(record.participant_id.into_string())
            .or_default()
            .insert(record.question_id, record.value.to_string());
        assert!(previous.is_none(), "one answer per person and question");
    }
    for person in people {
        let n: usize = person.name.trim_start_matches("Person ").parse().unwrap();
        assert_eq!(
            by_person[person.id.as_str()],
            given[&n],
            "{} answers what they chose",
            person.name
        );
    }
}

/// On the same defaults, one client sending answers as fast as it can is refused with 429,
/// while the others behind the same address go on answering.
pub async fn one_flooding_client_is_held_back(store: Arc<dyn Store>) {
    let app = TestApp::spawn(store).await;
    let facilitator = app.create("Flood").await;
    let overview: Value = app
        .read("/api/overview", &[("token", &facilitator)], None)
        .await
        .json()
        .await
        .unwrap();
    let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
    let mut cookies = Vec::new();
    for name in ["Flooder", "Calm"] {
        let joined = app
            .client
            .post(app.url("/api/join_room"))
            .form(&[("token", participant.as_str()), ("name", name)])
            .send()
            .await
            .unwrap();
        cookies.push(
            joined.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    let question = domain::content::Content::bundled().dimensions[0].questions[0]
        .id
        .clone();
    let answer = |cookie: String| {
        app.client
            .post(app.url("/api/save_answer"))
            .header("cookie", cookie)
            .form(&[
                ("token", participant.as_str()),
                ("question", question.as_str()),
                ("value", "4"),
            ])
            .send()
    };
    let mut refused = None;
    for sent in 1..=500 {
        let response = answer(cookies[0].clone()).await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry_after >= 1);
            refused = Some(sent);
            break;
        }
        assert!(response.status().is_success(), "{}", response.status());
    }
    let refused = refused.expect("a flood is refused");
    assert!(
        refused > 60,
        "the default burst of 60 is allowed first: refused at {refused}"
    );
    let calm = answer(cookies[1].clone()).await.unwrap();
    assert!(
        calm.status().is_success(),
        "someone else at the same address: {}",
        calm.status()
    );
}
