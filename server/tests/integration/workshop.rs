//! The live workshop over HTTP: joining with a name and a cookie, answers kept private on the
//! server until the facilitator reveals them, pacing, removal, the join code and the limits.

use crate::common;
use crate::room;

use common::TestApp;
use domain::content::Content;
use reqwest::StatusCode;
use serde_json::Value;

/// A workshop with its facilitator and participant tokens.
struct Workshop {
    app: TestApp,
    facilitator: String,
    participant: String,
    _dir: tempfile::TempDir,
}

async fn workshop(flags: &[&str]) -> Workshop {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn_with(store, flags).await;
    let facilitator = app.create("Room").await;
    let overview = call(&app, "/api/overview", &[("token", &facilitator)], None).await;
    let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
    Workshop {
        app,
        facilitator,
        participant,
        _dir: dir,
    }
}

/// Calls a server function that reads (a GET) as the page's script does, with an optional
/// cookie; the JSON reply.
async fn call(app: &TestApp, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Value {
    let response = app.read(path, fields, cookie).await;
    assert!(response.status().is_success(), "{path}: {}", response.status());
    response.json().await.unwrap()
}

async fn send(app: &TestApp, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).form(fields);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// A page as the person with `cookie` sees it.
async fn page(app: &TestApp, path: &str, cookie: &str) -> String {
    let response = app
        .client
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    response.text().await.unwrap()
}

/// Joins as `name`; the `name=value` part of the cookie the server set.
async fn join(w: &Workshop, name: &str) -> String {
    join_with(&w.app, &w.participant, name).await
}

/// Joins through the participant link `participant` as `name`; the cookie's `name=value`.
async fn join_with(app: &TestApp, participant: &str, name: &str) -> String {
    let response = send(
        app,
        "/api/join_room",
        &[("token", participant), ("name", name)],
        None,
    )
    .await;
    assert!(response.status().is_success(), "{}", response.status());
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    set_cookie.split(';').next().unwrap().to_owned()
}

fn question(n: usize) -> String {
    Content::bundled().dimensions[0].questions[n].id.clone()
}

async fn answer(w: &Workshop, cookie: &str, question: &str, value: &str) -> reqwest::Response {
    send(
        &w.app,
        "/api/save_answer",
        &[
            ("token", &w.participant),
            ("question", question),
            ("value", value),
        ],
        Some(cookie),
    )
    .await
}

/// The facilitator reveals the answers of step 1.
async fn reveal_first_step(w: &Workshop) {
    let revealed = send(
        &w.app,
        "/api/control_room",
        &[("token", &w.facilitator), ("action", "reveal"), ("step", "1")],
        None,
    )
    .await;
    assert!(revealed.status().is_success(), "{}", revealed.status());
}

fn counts(room: &Value, question: usize) -> Vec<u64> {
    room["reveal"]["questions"][question]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn joining_sets_an_http_only_lax_cookie_and_a_reload_resumes_as_the_same_person() {
    let w = workshop(&[]).await;
    let join_page = w.app.text(&format!("/p/{}", w.participant)).await;
    assert!(join_page.contains("Your name"), "a join form first");

    let response = send(
        &w.app,
        "/api/join_room",
        &[("token", &w.participant), ("name", "  Ana ")],
        None,
    )
    .await;
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "plain HTTP: {set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap();

    let room_page = page(&w.app, &format!("/p/{}", w.participant), cookie).await;
    assert!(room_page.contains("You are Ana"), "{room_page}");
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(cookie)).await;
    assert_eq!(room["me"]["name"], "Ana");

    let again = send(
        &w.app,
        "/api/join_room",
        &[("token", &w.participant), ("name", "Ana")],
        Some(cookie),
    )
    .await;
    assert!(
        again.headers().get("set-cookie").is_none(),
        "a joined browser stays who it is"
    );
    let people = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    assert_eq!(people["people"].as_array().unwrap().len(), 1);

    let over_https = w
        .app
        .client
        .post(w.app.url("/api/join_room"))
        .header("x-forwarded-proto", "https")
        .form(&[("token", w.participant.as_str()), ("name", "Ben")])
        .send()
        .await
        .unwrap();
    let secure = over_https.headers()["set-cookie"].to_str().unwrap();
    assert!(secure.contains("; Secure"), "{secure}");
}

#[tokio::test]
async fn answers_stay_on_the_server_until_the_facilitator_reveals_them() {
    let w = workshop(&[]).await;
    let (ana, ben) = (join(&w, "Ana").await, join(&w, "Ben").await);
    assert_eq!(answer(&w, &ana, &question(0), "5").await.status(), StatusCode::OK);
    assert_eq!(answer(&w, &ben, &question(0), "1").await.status(), StatusCode::OK);

    let ben_sees = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ben)).await;
    assert_eq!(ben_sees["room"]["revealed"], false);
    assert!(ben_sees["room"]["reveal"].is_null());
    assert_eq!(
        ben_sees["mine"].as_object().unwrap().len(),
        1,
        "only Ben's own answer"
    );
    assert_eq!(ben_sees["mine"][question(0)], 1);
    assert_eq!(
        ben_sees["room"]["done"], 0,
        "nobody has answered every question yet"
    );

    let panel = call(
        &w.app,
        "/api/room_panel",
        &[("token", &w.facilitator), ("number", "1")],
        None,
    )
    .await;
    assert!(
        panel["reveal"].is_null(),
        "the facilitator sees who answered, not what"
    );
    let progress = panel["progress"].as_array().unwrap();
    assert_eq!(progress.len(), 3, "facilitator, Ana, Ben");
    assert_eq!(progress[1]["answered"], 1);

    let shared = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let read_only = shared["links"]["read_only"].as_str().unwrap().to_owned();
    let results = call(&w.app, "/api/results", &[("token", &read_only)], None).await;
    assert_eq!(
        results["report"]["participants"], 0,
        "results use revealed answers only"
    );

    reveal_first_step(&w).await;
    let ben_sees = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ben)).await;
    assert_eq!(ben_sees["room"]["revealed"], true);
    assert_eq!(counts(&ben_sees["room"], 0), vec![1, 0, 0, 0, 1, 0]);
    assert_eq!(
        ben_sees["room"]["reveal"]["questions"][0]["choices"][4]["names"],
        serde_json::json!([]),
        "anonymous"
    );
    assert_eq!(ben_sees["room"]["reveal"]["questions"][0]["disagreement"], 2.0);
    let results = call(&w.app, "/api/results", &[("token", &read_only)], None).await;
    assert_eq!(results["report"]["participants"], 2);
}

#[tokio::test]
async fn revealed_answer_bars_and_the_fit_meter_need_no_inline_style() {
    let w = workshop(&[]).await;
    let (ana, ben, cy) = (join(&w, "Ana").await, join(&w, "Ben").await, join(&w, "Cy").await);
    for (cookie, value) in [(&ana, "5"), (&ben, "1"), (&cy, "5")] {
        assert_eq!(
            answer(&w, cookie, &question(0), value).await.status(),
            StatusCode::OK
        );
    }
    reveal_first_step(&w).await;

    let phone = w
        .app
        .client
        .get(w.app.url(&format!("/p/{}", w.participant)))
        .header("cookie", &ben)
        .send()
        .await
        .unwrap();
    let policy = phone.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let styles = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("style-src"))
        .unwrap();
    assert_eq!(styles, "style-src 'self'", "{policy}");
    let html = phone.text().await.unwrap();
    assert!(html.contains("class=\"segment segment-6-0 w-33\""), "{html}");
    assert!(html.contains("class=\"segment segment-6-4 w-67\""), "{html}");
    let results = page(&w.app, &format!("/f/{}/results", w.facilitator), &ben).await;
    assert!(results.contains("fit-meter"), "{results}");
    for html in [html, results] {
        assert!(!html.contains(" style=") && !html.contains("<style"), "{html}");
    }
}

#[tokio::test]
async fn the_room_follows_the_facilitator_and_named_mode_is_chosen_before_anyone_joins() {
    let w = workshop(&[]).await;
    let control = |action: &'static str, step: &'static str| {
        let token = w.facilitator.clone();
        let app = &w.app;
        async move {
            send(
                app,
                "/api/control_room",
                &[("token", &token), ("action", action), ("step", step)],
                None,
            )
            .await
        }
    };
    assert_eq!(control("named", "").await.status(), StatusCode::OK);
    let ana = join(&w, "Ana").await;
    assert_eq!(
        control("anonymous", "").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    assert_eq!(control("go", "4").await.status(), StatusCode::OK);
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ana)).await;
    assert_eq!(room["room"]["number"], 4);
    assert_eq!(room["dimension"]["id"], Content::bundled().dimensions[3].id);
    assert_eq!(
        control("go", "99").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        control("dance", "1").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let timer = send(
        &w.app,
        "/api/control_room",
        &[("token", &w.facilitator), ("action", "timer"), ("minutes", "3")],
        None,
    )
    .await;
    assert_eq!(timer.status(), StatusCode::OK);
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ana)).await;
    let left = room["room"]["timer_ms"].as_i64().unwrap();
    assert!((170_000..=180_000).contains(&left), "{left}");
    assert_eq!(control("go", "5").await.status(), StatusCode::OK);
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ana)).await;
    assert!(
        room["room"]["timer_ms"].is_null(),
        "moving on stops the countdown"
    );

    answer(&w, &ana, &Content::bundled().dimensions[4].questions[0].id, "4").await;
    control("reveal", "5").await;
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ana)).await;
    assert_eq!(
        room["room"]["reveal"]["questions"][0]["choices"][3]["names"],
        serde_json::json!(["Ana"])
    );
}

#[tokio::test]
async fn only_people_in_the_room_answer_and_a_removed_person_is_out() {
    let w = workshop(&[]).await;
    let stranger = answer(&w, "whenless-x=AAAAAAAAAAAAAAAAAAAAAA", &question(0), "5").await;
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    let no_cookie = send(
        &w.app,
        "/api/save_answer",
        &[
            ("token", &w.participant),
            ("question", &question(0)),
            ("value", "5"),
        ],
        None,
    )
    .await;
    assert_eq!(no_cookie.status(), StatusCode::FORBIDDEN);
    assert!(no_cookie.text().await.unwrap().contains("NotJoined"));

    let ana = join(&w, "Ana").await;
    answer(&w, &ana, &question(0), "5").await;
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let id = domain::ParticipantId::from(overview["people"][0]["id"].as_str().unwrap());
    let people_field = app::api::person_field(&id);
    for (path, fields) in [
        ("/api/remove_people", vec![(people_field.as_str(), "on")]),
        ("/api/control_room", vec![("action", "reveal"), ("step", "1")]),
    ] {
        let mut fields = fields;
        fields.push(("token", &w.participant));
        let forged = send(&w.app, path, &fields, Some(&ana)).await;
        assert_eq!(
            forged.status(),
            StatusCode::FORBIDDEN,
            "{path} needs the facilitator link"
        );
    }

    let removed = send(
        &w.app,
        "/api/remove_people",
        &[("token", &w.facilitator), (&people_field, "on")],
        None,
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    let after = answer(&w, &ana, &question(1), "5").await;
    assert_eq!(after.status(), StatusCode::FORBIDDEN);
    assert!(after.text().await.unwrap().contains("Removed"));
    let room = call(&w.app, "/api/room", &[("token", &w.participant)], Some(&ana)).await;
    assert_eq!(room["me"]["removed"], true);
    let panel = call(
        &w.app,
        "/api/room_panel",
        &[("token", &w.facilitator), ("number", "1")],
        None,
    )
    .await;
    assert_eq!(
        panel["progress"].as_array().unwrap().len(),
        1,
        "only the facilitator is left"
    );
}

#[tokio::test]
async fn a_full_room_and_bad_names_are_refused_with_a_message() {
    let w = workshop(&["--max-participants", "1"]).await;
    join(&w, "Ana").await;
    let full = send(
        &w.app,
        "/api/join_room",
        &[("token", &w.participant), ("name", "Ben")],
        None,
    )
    .await;
    assert_eq!(full.status(), StatusCode::CONFLICT);
    assert!(full.text().await.unwrap().contains("RoomFull"));
    for name in ["", "   ", &"n".repeat(41), "a\nb"] {
        let refused = send(
            &w.app,
            "/api/join_room",
            &[("token", &w.participant), ("name", name)],
            None,
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
    }
    let read_only =
        call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await["links"]["read_only"]
            .as_str()
            .unwrap()
            .to_owned();
    let with_read_only = send(
        &w.app,
        "/api/join_room",
        &[("token", &read_only), ("name", "Cy")],
        None,
    )
    .await;
    assert_eq!(with_read_only.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_join_code_opens_the_participant_page_and_the_qr_code_carries_the_link() {
    let w = workshop(&[]).await;
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let code = overview["links"]["join_code"].as_str().unwrap().to_lowercase();
    let typed = format!("{}-{}", &code[..4], &code[4..]);
    let found = w
        .app
        .post_form("/api/find_room", &[("code", &typed), ("__return", "/join")])
        .await;
    assert_eq!(found.status(), StatusCode::FOUND);
    assert_eq!(
        found.headers()["location"],
        format!("/p/{}", w.participant).as_str()
    );
    for wrong in ["ABCD-EFGH", "nope", ""] {
        let refused = send(&w.app, "/api/find_room", &[("code", wrong)], None).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
    }

    let qr = w
        .app
        .client
        .get(w.app.url(&format!("/f/{}/join-qr.svg", w.facilitator)))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), StatusCode::OK);
    assert!(
        qr.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
    assert!(qr.text().await.unwrap().contains("<svg"));
    let as_participant = w
        .app
        .client
        .get(w.app.url(&format!("/f/{}/join-qr.svg", w.participant)))
        .send()
        .await
        .unwrap();
    assert_eq!(as_participant.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn participants_and_read_only_pages_load_only_the_islands_bundle() {
    let w = workshop(&[]).await;
    let cookie = join(&w, "Ana").await;
    let room_page = page(&w.app, &format!("/p/{}", w.participant), &cookie).await;
    assert!(room_page.contains("You are Ana"));
    assert!(room_page.contains("/pkg/whenless-islands.js"));
    assert!(!room_page.contains("/pkg/whenless.js"));
    for island in ["SaveAnswersOnTap", "TickingCountdown", "FollowRoom"] {
        assert!(
            room_page.contains(&format!("<leptos-island data-component=\"{island}_")),
            "{island}"
        );
    }

    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let read_only = overview["links"]["read_only"].as_str().unwrap();
    let read_only_page = w.app.text(&format!("/r/{read_only}")).await;
    assert!(read_only_page.contains("<leptos-island data-component=\"FollowPage_"));
    for page in [w.app.text("/join").await, read_only_page] {
        assert!(page.contains("/pkg/whenless-islands.js"));
        assert!(!page.contains("/pkg/whenless.js"));
        // Nothing outside the islands hydrates, so no resource data is sent along.
        assert!(!page.contains("__RESOLVED_RESOURCES[0]"));
    }
    let facilitator_page = w.app.text(&format!("/f/{}", w.facilitator)).await;
    assert!(facilitator_page.contains("/pkg/whenless.js"));
    assert!(!facilitator_page.contains("<leptos-island"));
}

#[tokio::test]
async fn sixty_phones_behind_one_address_lose_nothing_on_the_default_limits_sqlite() {
    let (_dir, store) = common::sqlite_store_with(common::Pool::Default).await;
    room::sixty_phones_on_one_address(store).await;
}

#[tokio::test]
async fn sixty_phones_behind_one_address_lose_nothing_on_the_default_limits_postgres() {
    let Some(store) = common::postgres_store_with(common::Pool::Default).await else {
        return;
    };
    room::sixty_phones_on_one_address(store).await;
}

#[tokio::test]
async fn one_flooding_phone_is_held_back_on_the_default_limits() {
    let (_dir, store) = common::sqlite_store().await;
    room::one_flooding_client_is_held_back(store).await;
}

#[tokio::test]
async fn without_names_the_read_only_file_tells_nobody_apart_and_the_facilitators_keeps_ids() {
    let w = workshop(&[]).await;
    let (ana, ben) = (join(&w, "Ana").await, join(&w, "Ben").await);
    for (cookie, value) in [(&ana, "5"), (&ben, "1")] {
        assert_eq!(
            answer(&w, cookie, &question(0), value).await.status(),
            StatusCode::OK
        );
    }
    let own = send(
        &w.app,
        "/api/save_answer",
        &[
            ("token", &w.facilitator),
            ("question", &question(0)),
            ("value", "3"),
        ],
        None,
    )
    .await;
    assert_eq!(own.status(), StatusCode::OK, "the facilitator answers too");
    reveal_first_step(&w).await;
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let read_only = overview["links"]["read_only"].as_str().unwrap().to_owned();
    let ids: Vec<String> = overview["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();

    let shared = w
        .app
        .text(&format!("/r/{read_only}/export/assessment.json"))
        .await;
    let file: Value = serde_json::from_str(&shared).unwrap();
    let mut respondents: Vec<&str> = file["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["participant"].as_str().unwrap())
        .collect();
    respondents.sort_unstable();
    assert_eq!(respondents, ["respondent-1", "respondent-2", "respondent-3"]);
    for id in ids.iter().map(String::as_str).chain(["facilitator"]) {
        assert!(!shared.contains(id), "{id} is in the read-only file");
    }
    for page in [
        format!("/r/{read_only}"),
        format!("/r/{read_only}/export/summary.md"),
        format!("/r/{read_only}/export/deck.html"),
    ] {
        let text = w.app.text(&page).await;
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{id} is on {page}");
        }
    }

    let own_file = w
        .app
        .text(&format!("/f/{}/export/assessment.json", w.facilitator))
        .await;
    for id in ids.iter().map(String::as_str).chain(["facilitator"]) {
        assert!(
            own_file.contains(id),
            "the facilitator's file keeps {id} for re-import"
        );
    }
}

#[tokio::test]
async fn replacing_the_participant_link_can_clear_the_seats_taken_through_it() {
    let w = workshop(&[]).await;
    for name in ["Leaker", "Crasher"] {
        join(&w, name).await;
    }
    let replaced = send(
        &w.app,
        "/api/rotate_link",
        &[
            ("token", &w.facilitator),
            ("kind", "participant"),
            ("remove_joined", "on"),
        ],
        None,
    )
    .await;
    assert!(
        replaced.status().is_success() || replaced.status().is_redirection(),
        "{}",
        replaced.status()
    );
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let participant = overview["links"]["participant"].as_str().unwrap().to_owned();
    assert_ne!(participant, w.participant);
    let late = send(
        &w.app,
        "/api/join_room",
        &[("token", &participant), ("name", "Invited")],
        None,
    )
    .await;
    assert!(late.status().is_success(), "{}", late.status());
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let people: Vec<(&str, bool)> = overview["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["removed"].as_bool().unwrap()))
        .collect();
    assert!(people.contains(&("Invited", false)), "{people:?}");
    assert!(
        !people.contains(&("Leaker", false)) && !people.contains(&("Crasher", false)),
        "{people:?}"
    );

    // Several at once: the ticked people go, with their answers.
    let a = join_with(&w.app, &participant, "A").await;
    let b = join_with(&w.app, &participant, "B").await;
    let overview = call(&w.app, "/api/overview", &[("token", &w.facilitator)], None).await;
    let id_of = |name: &str| {
        overview["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name && p["removed"] == false)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .into()
    };
    let fields = [
        app::api::person_field(&id_of("A")),
        app::api::person_field(&id_of("B")),
    ];
    let removed = send(
        &w.app,
        "/api/remove_people",
        &[("token", &w.facilitator), (&fields[0], "on"), (&fields[1], "on")],
        None,
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    for cookie in [a, b] {
        let room = call(&w.app, "/api/room", &[("token", &participant)], Some(&cookie)).await;
        assert_eq!(room["me"]["removed"], true);
    }
    let nobody = send(&w.app, "/api/remove_people", &[("token", &w.facilitator)], None).await;
    assert_eq!(
        nobody.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nobody ticked: a clear message"
    );
}
