//! An organisation's own content (`--content`): refused at start with each problem's line, kept
//! with the assessments taken with it across restarts with a changed file or none, and carried
//! by the JSON file to a server that never had it.

use std::path::Path;
use std::process::{Command, Stdio};

use domain::content::organisation;

use crate::common::{Binary, TestApp, create, sqlite_store};

const BIN: &str = env!("CARGO_BIN_EXE_whenless");
const OWN_QUESTIONS: &str = include_str!("../../../deploy/content/own-questions.toml");
const CARD_QUESTION: &str = "Card numbers or other payment card data pass through this workload.";
const LABEL: &str = "Acme Payments\u{2019} own question";

/// The step that shows the security dimension in `content_file`'s content.
fn security_step(content_file: &str) -> usize {
    let content = organisation::read(content_file).unwrap();
    content
        .dimensions
        .iter()
        .position(|d| d.id == "security")
        .unwrap()
        + 1
}

/// The `whenless` binary with its SQLite database in `dir`, and `--content` when given.
async fn start(dir: &Path, content: Option<&Path>) -> Binary {
    let url = format!("sqlite://{}/whenless.db", dir.display());
    match content {
        Some(file) => Binary::start(&url, &["--content".as_ref(), file.as_os_str()]).await,
        None => Binary::start(&url, &[]).await,
    }
}

impl Binary {
    /// The body of the page at `path`, which must answer 2xx.
    async fn page(&self, path: &str) -> String {
        let response = reqwest::get(format!("{}{path}", self.base)).await.unwrap();
        assert!(response.status().is_success(), "{path}: {}", response.status());
        response.text().await.unwrap()
    }

    /// Creates an assessment as the start page's form does; its facilitator token.
    async fn create(&self, title: &str) -> String {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        create(&client, &self.base, title).await
    }

    /// Stops the server as systemd would, and checks it exited cleanly.
    fn stop(mut self) {
        self.terminate();
        assert!(self.child.wait().unwrap().success());
    }
}

#[tokio::test]
async fn an_assessment_keeps_its_organisations_questions_after_the_file_changes_and_the_flag_goes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, OWN_QUESTIONS).unwrap();
    let step = security_step(OWN_QUESTIONS);

    let server = start(dir.path(), Some(&file)).await;
    let taken = server.create("Taken with Acme's first file").await;
    let page = server.page(&format!("/f/{taken}/step/{step}")).await;
    assert!(page.contains(CARD_QUESTION) && page.contains(LABEL), "{page}");
    assert!(page.contains("Why Acme Payments asks"), "its why line is its own");
    server.stop();

    let changed = OWN_QUESTIONS.replace(CARD_QUESTION, "Cardholder data passes through this workload.");
    std::fs::write(&file, &changed).unwrap();
    let server = start(dir.path(), Some(&file)).await;
    let page = server.page(&format!("/f/{taken}/step/{step}")).await;
    assert!(
        page.contains(CARD_QUESTION),
        "the assessment keeps the questions it was taken with"
    );
    assert!(!page.contains("Cardholder data"));
    let later = server.create("Taken with the changed file").await;
    let page = server.page(&format!("/f/{later}/step/{step}")).await;
    assert!(page.contains("Cardholder data passes through this workload.") && page.contains(LABEL));
    assert!(!page.contains(CARD_QUESTION));
    let changed_version = organisation::read(&changed).unwrap().version;
    let overview = server.page(&format!("/f/{later}")).await;
    assert!(!overview.contains("Move to"), "taken with the current content");
    let overview = server.page(&format!("/f/{taken}")).await;
    assert!(
        overview.contains(&format!(
            "Move to Acme Payments\u{2019} questions ({changed_version})"
        )),
        "{overview}"
    );
    server.stop();

    let server = start(dir.path(), None).await;
    for (token, question) in [(&taken, CARD_QUESTION), (&later, "Cardholder data passes")] {
        let page = server.page(&format!("/f/{token}/step/{step}")).await;
        assert!(page.contains(question) && page.contains(LABEL), "{page}");
        let overview = server.page(&format!("/f/{token}")).await;
        assert!(!overview.contains("data-error"), "{overview}");
    }
    let json = server.page(&format!("/f/{taken}/export/assessment.json")).await;
    assert!(json.contains("\"own\": \"Acme Payments\""), "{json}");
    let deck = server.page(&format!("/f/{taken}/export/deck.html")).await;
    assert!(deck.contains("own question"), "the deck marks the own questions");
    let summary = server.page(&format!("/f/{taken}/export/summary.md")).await;
    assert!(
        summary.contains(&format!("{CARD_QUESTION} \u{2014} {LABEL} (No answers)")),
        "{summary}"
    );
    let talks = server.create("Taken with the talk's content").await;
    let page = server.page(&format!("/f/{talks}/step/5")).await;
    assert!(
        !page.contains("own question"),
        "without the flag, the talk's content"
    );
    assert!(page.contains("Why we ask"));
    server.stop();
}

/// The problems of a content file, as the server prints them before exiting with status 1,
/// and whether it wrote anything: the database's folder is never created.
fn refused(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, text).unwrap();
    let data = dir.path().join("data");
    let output = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--database-url"])
        .arg(format!("sqlite://{}/whenless.db", data.display()))
        .arg("--content")
        .arg(&file)
        .env_remove("WHENLESS_CONTENT")
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!data.exists(), "nothing is written before the file is fixed");
    String::from_utf8_lossy(&output.stderr).replace(&format!("{}", file.display()), "acme.toml")
}

#[test]
fn a_content_file_with_a_duplicate_id_or_a_question_with_no_lean_stops_the_server() {
    let question = &OWN_QUESTIONS[OWN_QUESTIONS.find("[[questions]]").unwrap()
        ..OWN_QUESTIONS
            .find("[[questions]]\ndimension = \"deployment\"")
            .unwrap()];
    let twice = OWN_QUESTIONS.replacen(question, &format!("{question}{question}"), 1);
    let stderr = refused(&twice);
    assert!(
        stderr.contains("whenless: the content file acme.toml has a problem, so the server will not start:\n  acme.toml:19:6: question \"security.card-data\": the id is used twice (first on line 11)"),
        "{stderr}"
    );

    let no_lean = OWN_QUESTIONS.replacen("lean = \"servers\"\n", "", 1);
    let stderr = refused(&format!("keep = []\n{no_lean}"));
    assert!(stderr.contains("has 2 problems"), "{stderr}");
    assert!(
        stderr.contains("acme.toml:10:1: question \"security.card-data\" has no lean: say which way agreeing points, lean = \"serverless\" or lean = \"servers\""),
        "{stderr}"
    );

    let missing = refused("organisation = \"Acme\"\n[[questions]]\nid = \"x\"\n");
    assert!(
        missing.contains("acme.toml:2:1: missing field `dimension`"),
        "{missing}"
    );
}

#[test]
fn a_content_file_that_cannot_be_read_stops_the_server() {
    let output = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--content", "/no/such/file.toml"])
        .env_remove("WHENLESS_CONTENT")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot read the content file /no/such/file.toml"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_file_taken_with_an_organisations_content_imports_into_a_server_that_never_had_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.toml");
    std::fs::write(&file, OWN_QUESTIONS).unwrap();
    let (_first_db, store) = sqlite_store().await;
    let acme = TestApp::spawn_with(store, &["--content", file.to_str().unwrap()]).await;
    let token = acme.create("Checkout").await;
    let exported = acme.json(&format!("/f/{token}/export/assessment.json")).await;
    assert_eq!(exported["format_version"], 5);
    assert_eq!(exported["content"]["organisation"]["name"], "Acme Payments");

    let (_second_db, store) = sqlite_store().await;
    let elsewhere = TestApp::spawn(store).await;
    let imported = elsewhere.import(&exported).await;
    let step = security_step(OWN_QUESTIONS);
    let page = elsewhere.text(&format!("/f/{imported}/step/{step}")).await;
    assert!(page.contains(CARD_QUESTION) && page.contains(LABEL), "{page}");

    let mut without = exported.clone();
    without.as_object_mut().unwrap().remove("content");
    let response = elsewhere
        .client
        .post(elsewhere.url("/import"))
        .json(&without)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert!(body.contains("which this Whenless does not have"), "{body}");
}
