//! The HTTP surface, served in-process: pages, forms without JavaScript, server functions,
//! limits, health, and what happens when the database goes away.

use crate::common;

use std::time::{Duration, Instant};

use common::{TestApp, count_assessments};
use reqwest::StatusCode;

#[tokio::test]
async fn health_reports_a_reachable_database() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "reachable");
}

#[tokio::test]
async fn the_home_page_renders_the_create_form_with_security_headers() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"),
        "{policy}"
    );
    let scripts = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .expect("script-src");
    assert!(scripts.contains("'wasm-unsafe-eval'"), "{scripts}");
    assert!(
        !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
        "{scripts}"
    );
    let html = response.text().await.unwrap();
    // Every inline script carries the nonce the policy allows, and the policy allows no other.
    common::assert_every_script_carries(&html, common::policy_nonce(&policy));
    assert!(html.contains(r#"action="/api/create_assessment""#), "{html}");
    assert!(html.contains(r#"name="title""#));
    assert!(
        html.contains("/pkg/whenless.js"),
        "the page loads the hydration bundle"
    );
}

#[tokio::test]
async fn a_form_post_without_javascript_creates_and_redirects_to_the_saved_page() {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let response = app
        .post_create_form(
            "</title><img src=x onerror=alert(1)><b>Checkout</b> & co",
            "Spiky\ntraffic",
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/f/"), "{location}");

    let page = app.client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("&lt;b&gt;Checkout&lt;/b&gt; &amp; co"),
        "title is escaped: {html}"
    );
    assert!(
        !html.contains("<img src=x"),
        "no markup from the title gets through: {html}"
    );
    assert!(!html.contains("<b>Checkout</b>"));
    assert_eq!(count_assessments(&common::sqlite_url(&dir)).await, 1);
}

#[tokio::test]
async fn a_blank_title_without_javascript_comes_back_with_the_message_and_saves_nothing() {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let response = app.post_create_form("   ", "something").await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/?"), "back to the form: {location}");

    let html = app.text(&location).await;
    assert!(html.contains("Title is required."), "{html}");
    assert_eq!(count_assessments(&common::sqlite_url(&dir)).await, 0);
}

#[tokio::test]
async fn a_forged_return_path_never_redirects_off_site() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    for forged in [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "\\\\evil.example",
        "https://evil.example",
    ] {
        let response = app
            .post_form(
                "/api/create_assessment",
                &[("title", ""), ("description", ""), ("__return", forged)],
            )
            .await;
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            server::http::is_same_site_path(location),
            "{forged:?} redirected to {location:?}"
        );
    }
}

/// An error as Leptos carries it in an address (`__err`).
fn encoded_error(error: &serde_json::Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE.encode(serde_json::to_vec(error).unwrap())
}

#[tokio::test]
async fn an_address_cannot_put_its_own_text_on_a_page() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let planted = "Your session expired: send your link to help@evil.example";
    let forged = encoded_error(&serde_json::json!({
        "Invalid": { "field": "code", "message": planted }
    }));
    let conflict = encoded_error(&serde_json::json!({
        "Conflict": { "yours": planted, "theirs": planted }
    }));
    for (path, back) in [
        (format!("/join?__path=/api/find_room&__err={forged}"), "/join"),
        (
            format!("/?lang=en&__err={conflict}&__path=/api/create_assessment"),
            "/?lang=en",
        ),
        (format!("/join?__err={}", "not%20base64"), "/join"),
    ] {
        let response = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.headers()["location"], back, "{path}");
        assert!(!response.text().await.unwrap().contains(planted));
    }

    // The fixed forms the server itself sends are shown.
    let fixed = encoded_error(&serde_json::json!({
        "Invalid": {
            "field": "code",
            "message": "A join code has eight letters and digits, like K7QM-4HXR."
        }
    }));
    let page = app
        .client
        .get(app.url(&format!("/join?__path=/api/find_room&__err={fixed}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("like K7QM-4HXR"));

    // The start page shows import problems by code only.
    let html = app
        .text(&format!("/?import_error={}", planted.replace(' ', "%20")))
        .await;
    assert!(!html.contains("help@evil.example"), "{html}");
    let html = app.text("/?import_error=no-file").await;
    assert!(html.contains("Choose a Whenless JSON file to import."), "{html}");
}

#[tokio::test]
async fn a_form_without_javascript_is_sent_back_with_a_fixed_message_only() {
    use base64::Engine;
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    // The server's own message names the typed length; the address carries the fixed one.
    let response = app.post_create_form(&"x".repeat(130), "").await;
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let err = form_urlencoded::parse(location.split_once('?').unwrap().1.as_bytes())
        .find(|(name, _)| name == "__err")
        .map(|(_, value)| value.into_owned())
        .expect("an error in the address");
    let error: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE.decode(&err).unwrap()).unwrap();
    let message = error["Invalid"]["message"].as_str().unwrap();
    assert!(message.starts_with("The title was not saved"), "{message}");
    let page = app.client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK, "the fixed form is not sent away");
    assert!(page.text().await.unwrap().contains("The title was not saved"));
}

#[tokio::test]
async fn malformed_server_function_arguments_are_the_clients_mistake() {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let facilitator = app.create("Malformed calls").await;
    let calls = [
        (
            "/api/create_assessment",
            vec![("description", "no title")],
            "missing field `title`",
        ),
        (
            "/api/save_step",
            vec![("token", facilitator.as_str()), ("number", "three")],
            "invalid digit",
        ),
        (
            "/api/save_step",
            vec![("token", facilitator.as_str())],
            "missing field `number`",
        ),
    ];
    for (path, fields, detail) in calls {
        let response = app.client.post(app.url(path)).form(&fields).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} {fields:?}");
        let body = response.text().await.unwrap();
        assert!(body.contains(detail), "{path} {fields:?}: {body}");
    }
    assert_eq!(count_assessments(&common::sqlite_url(&dir)).await, 1);
}

#[tokio::test]
async fn an_oversized_title_is_refused_with_422_and_saves_nothing() {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let title = "x".repeat(10 * 1024);
    let response = app
        .client
        .post(app.url("/api/create_assessment"))
        .form(&[("title", title.as_str()), ("description", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = response.json().await.unwrap();
    let message = body["Invalid"]["message"].as_str().unwrap();
    assert!(message.contains("the limit is 120"), "{message}");
    assert_eq!(count_assessments(&common::sqlite_url(&dir)).await, 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let (dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let title = "x".repeat(server::http::BODY_LIMIT_BYTES + 1);
    let response = app
        .client
        .post(app.url("/api/create_assessment"))
        .form(&[("title", title.as_str()), ("description", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count_assessments(&common::sqlite_url(&dir)).await, 0);
}

#[tokio::test]
async fn unknown_pages_and_assessments_are_clear_404s() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let response = app
        .client
        .get(app.url("/f/AAAAAAAAAAAAAAAAAAAAAA"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("There is no assessment at this address")
    );
    let response = app.client.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn a_database_outage_gives_a_fast_503_and_the_app_recovers_without_a_restart() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let url = common::fresh_postgres_database(&admin).await;
    let proxy = common::OutageProxy::start(common::target_of(&url)).await;
    let store = server::store::open(&common::settings(&common::via(&url, proxy.addr)))
        .await
        .unwrap();
    let app = TestApp::spawn(store).await;

    let location = app.post_create_form("Survives outages", "").await.headers()["location"]
        .to_str()
        .unwrap()
        .to_owned();

    let facilitator_page = app.text(&location).await;
    let read_only: String = facilitator_page
        .split("/r/")
        .nth(1)
        .expect("a read-only link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();

    proxy.cut();
    let started = Instant::now();
    let page = app.client.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text().await.unwrap().contains("cannot reach its database"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);

    // A database that hangs: the read-only page waits for it once, like every other page
    // (the pool waits 2 s here).
    proxy.hang();
    let started = Instant::now();
    let page = app
        .client
        .get(app.url(&format!("/r/{read_only}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.text().await.unwrap().contains("cannot reach its database"));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(2),
        "the database was waited for: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(3),
        "one wait for the database, not two: took {waited:?}"
    );

    proxy.restore();
    let mut recovered = false;
    for _ in 0..20 {
        let page = app.client.get(app.url(&location)).send().await.unwrap();
        if page.status() == StatusCode::OK {
            assert!(
                page.text().await.unwrap().contains("Survives outages"),
                "nothing was lost"
            );
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "the app serves again once the database is back");
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_when_the_browser_accepts_it() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let pkg = app.site().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("whenless.css"), "body { color: red }").unwrap();
    std::fs::write(pkg.join("whenless.css.br"), b"precompressed brotli").unwrap();

    let compressed = app
        .client
        .get(app.url("/pkg/whenless.css"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.status(), StatusCode::OK);
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(compressed.headers()["cache-control"], "no-cache");
    assert_eq!(
        compressed.bytes().await.unwrap().as_ref(),
        b"precompressed brotli"
    );

    let plain = app
        .client
        .get(app.url("/pkg/whenless.css"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.text().await.unwrap(), "body { color: red }");
    let missing = app.client.get(app.url("/pkg/nothing.js")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_name_the_content_named_bundles_which_browsers_keep_for_a_year() {
    // A site as scripts/build.sh lays it out: each file named by its content, the hashes of
    // each bundle in <bundle>.hash.txt in the site root.
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let (js, wasm, css) = (
        "0123456789abcdef0123",
        "89abcdef0123456789ab",
        "fedcba9876543210fedc",
    );
    let (islands_js, islands_wasm) = ("1111111111aaaaaaaaaa", "2222222222bbbbbbbbbb");
    for file in [
        format!("whenless.{js}.js"),
        format!("whenless.{wasm}.wasm"),
        format!("whenless.{css}.css"),
        format!("whenless-islands.{islands_js}.js"),
        format!("whenless-islands.{islands_wasm}.wasm"),
    ] {
        std::fs::write(pkg.join(file), "content").unwrap();
    }
    std::fs::write(pkg.join(format!("whenless.{wasm}.wasm.br")), "brotli").unwrap();
    std::fs::write(
        site.path().join("whenless.hash.txt"),
        format!("js: {js}\nwasm: {wasm}\ncss: {css}\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("whenless-islands.hash.txt"),
        format!("js: {islands_js}\nwasm: {islands_wasm}\n"),
    )
    .unwrap();
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn_in(site, store, &[]).await;

    let home = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(
        home.headers().get("cache-control").map(|v| v.to_str().unwrap()),
        Some(server::http::bundle::REVALIDATE),
        "a page is revalidated, so that a new build's names reach browsers"
    );
    let home = home.text().await.unwrap();
    for name in [
        format!("/pkg/whenless.{js}.js"),
        format!("/pkg/whenless.{wasm}.wasm"),
        format!("/pkg/whenless.{css}.css"),
    ] {
        assert!(home.contains(&name), "{name} in {home}");
    }
    let join = app.text("/join").await;
    for name in [
        format!("/pkg/whenless-islands.{islands_js}.js"),
        format!("/pkg/whenless-islands.{islands_wasm}.wasm"),
        format!("/pkg/whenless.{css}.css"),
    ] {
        assert!(join.contains(&name), "{name} in {join}");
    }
    assert!(!join.contains(&format!("/pkg/whenless.{js}.js")));

    for (name, encoding, body) in [
        (format!("whenless.{wasm}.wasm"), "br", "brotli"),
        (format!("whenless.{wasm}.wasm"), "identity", "content"),
        (format!("whenless-islands.{islands_js}.js"), "identity", "content"),
        (format!("whenless.{css}.css"), "identity", "content"),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/pkg/{name}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        assert_eq!(
            response.headers()["cache-control"],
            server::http::bundle::IMMUTABLE,
            "{name}"
        );
        assert_eq!(response.text().await.unwrap(), body, "{name}");
    }
    for old in [
        "whenless.js",
        "whenless_bg.wasm",
        "whenless.css",
        "whenless-islands.js",
        "whenless-islands_bg.wasm",
    ] {
        let response = app
            .client
            .get(app.url(&format!("/pkg/{old}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{old}");
    }
    let unknown = app
        .client
        .get(app.url("/pkg/whenless.00000000000000000000.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.headers()["cache-control"],
        "no-cache",
        "a miss is not kept"
    );
}

#[tokio::test]
async fn an_edit_of_the_details_from_a_stale_page_is_refused_and_nothing_is_overwritten() {
    let (_dir, store) = common::sqlite_store().await;
    let app = TestApp::spawn(store).await;
    let token = app.create("Before").await;
    let edit = |title: &'static str, version: &'static str| {
        let token = token.clone();
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/edit_details"))
                .form(&[
                    ("token", token.as_str()),
                    ("title", title),
                    ("description", "d"),
                    ("version", version),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(edit("First edit", "1").await.status(), StatusCode::OK);
    let stale = edit("Second edit", "1").await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body = stale.text().await.unwrap();
    assert!(
        body.contains("First edit") && body.contains("Second edit"),
        "{body}"
    );
    assert_eq!(edit("", "2").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let page = app.text(&format!("/f/{token}")).await;
    assert!(page.contains("First edit") && !page.contains("Second edit"));
    assert!(
        page.contains(r#"name="version" value="2""#),
        "the form carries the new version"
    );
}

/// A file of the site is served outside any page's Leptos Owner. Leptos's own file handler made
/// the file's Owner a child of whatever Owner the thread had left current and gave the file that
/// Owner's response headers, taking them from the page being rendered: behind a proxy, under
/// load, a participant's page now and then reached the browser without its
/// Content-Security-Policy (so with the strict one: no script, no stylesheet). Here the thread
/// is left with a page's Owner current, as it was then, and the favicon is asked for.
#[tokio::test]
async fn a_site_file_takes_no_headers_from_a_page_being_rendered() {
    use leptos::prelude::{Owner, provide_context};

    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let (_dir, store) = common::sqlite_store().await;
    // The test's runtime has one thread: the server's tasks run where the Owner is left.
    let app = TestApp::spawn_in(site, store, &[]).await;
    let page = leptos_axum::ResponseOptions::default();
    let owner = Owner::new_root(None);
    owner.with(|| provide_context(page.clone()));
    let policy = app::content_security_policy("page-nonce");
    page.insert_header(
        reqwest::header::CONTENT_SECURITY_POLICY,
        reqwest::header::HeaderValue::from_str(&policy).unwrap(),
    );
    owner.set();

    let favicon = app.client.get(app.url("/favicon.svg")).send().await.unwrap();
    assert_eq!(favicon.status(), StatusCode::OK);
    assert_eq!(
        favicon.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'",
        "a file gets the strict policy, not the page's"
    );
    assert_eq!(
        page.0
            .read()
            .unwrap()
            .headers
            .get("content-security-policy")
            .map(|v| v.to_str().unwrap()),
        Some(policy.as_str()),
        "the page keeps its policy"
    );
    let missing = app.client.get(app.url("/no-such-file.svg")).send().await.unwrap();
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "any other address is Leptos's 404 page"
    );
    assert!(missing.text().await.unwrap().contains("Page not found"));
}
