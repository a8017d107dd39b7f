//! The content keeps the talk's words and ours apart, and every shipped version keeps working:
//! these tests pin the structure of `content/` (see [`super::talk`]).

use super::*;

fn current() -> Content {
    Content::from_toml(BUNDLED_TOML).unwrap()
}

/// Whether some problem of `content` contains every one of `words`.
fn reported(content: &Content, words: &[&str]) -> bool {
    content
        .problems()
        .iter()
        .any(|p| words.iter().all(|w| p.contains(w)))
}

fn dimension<'a>(content: &'a mut Content, id: &str) -> &'a mut Dimension {
    content.dimensions.iter_mut().find(|d| d.id == id).unwrap()
}

fn question<'a>(content: &'a mut Content, id: &str) -> &'a mut Question {
    content
        .dimensions
        .iter_mut()
        .flat_map(|d| d.questions.iter_mut())
        .find(|q| q.id == id)
        .unwrap()
}

#[test]
fn every_shipped_version_parses_is_valid_and_is_found_by_its_version() {
    let mut versions = Vec::new();
    for text in SHIPPED_TOML {
        let content = Content::from_toml(text).unwrap_or_else(|e| panic!("{e}"));
        assert!(content.problems().is_empty(), "{:?}", content.problems());
        for dimension in &content.dimensions {
            assert!((3..=6).contains(&dimension.questions.len()), "{}", dimension.id);
        }
        assert_eq!(
            Content::version(&content.version),
            Some(&content),
            "{}",
            content.version
        );
        versions.push(content.version);
    }
    assert_eq!(versions, ["2026.11.1", "2026.11.2"], "oldest first, each once");
    assert_eq!(Content::shipped().len(), SHIPPED_TOML.len());
    assert_eq!(Content::bundled().version, "2026.11.2");
    assert_eq!(Content::bundled(), &current());
    assert_eq!(Content::version("2026.10.9"), None);
    assert_eq!(Content::version(""), None);
}

/// 2026.11.1 as it shipped: an assessment taken with it must score as it did.
#[test]
fn version_2026_11_1_keeps_its_questions_leans_weights_and_texts() {
    let old = Content::version("2026.11.1").unwrap();
    let questions: Vec<(&str, Lean, u8)> = old
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| (q.id.as_str(), q.lean, q.weight)))
        .collect();
    assert_eq!(
        questions,
        [
            ("cost-scale.spiky-traffic", Lean::Serverless, 3),
            ("cost-scale.steady-heavy-load", Lean::Servers, 2),
            ("cost-scale.idle-cost", Lean::Serverless, 2),
            ("cost-scale.long-running-jobs", Lean::Servers, 2),
            ("cost-scale.early-adopters", Lean::Serverless, 1),
            ("events-queues.triggered-by-events", Lean::Serverless, 3),
            ("events-queues.can-wait", Lean::Serverless, 2),
            ("events-queues.hard-for-developers", Lean::Servers, 2),
            ("events-queues.tightly-linked-flow", Lean::Servers, 1),
            ("events-queues.swap-parts", Lean::Serverless, 2),
            ("data.central-relational-db", Lean::Servers, 2),
            ("data.known-access-patterns", Lean::Serverless, 2),
            ("data.event-shaped", Lean::Serverless, 2),
            ("data.framework-data-layer", Lean::Servers, 2),
            ("infrastructure.no-servers-wanted", Lean::Serverless, 3),
            ("infrastructure.setup-in-code", Lean::Serverless, 2),
            ("infrastructure.many-parts-struggle", Lean::Servers, 2),
            ("infrastructure.working-setup", Lean::Servers, 1),
            ("infrastructure.config-over-code", Lean::Serverless, 1),
            ("security.patching-burden", Lean::Serverless, 2),
            ("security.provider-data-access", Lean::Servers, 3),
            ("security.server-tools", Lean::Servers, 1),
            ("security.traffic-floods", Lean::Serverless, 1),
            ("deployment.gradual-rollouts", Lean::Servers, 2),
            ("deployment.release-process-works", Lean::Servers, 1),
            ("deployment.build-own-tooling", Lean::Serverless, 2),
            ("deployment.ship-code-and-setup", Lean::Serverless, 1),
            ("testing.full-local-copy", Lean::Servers, 2),
            ("testing.small-pieces", Lean::Serverless, 2),
            ("testing.throwaway-cloud-copies", Lean::Serverless, 2),
            ("testing.familiar-tools", Lean::Servers, 1),
            ("people.framework-experts", Lean::Servers, 2),
            ("people.fast-onboarding", Lean::Serverless, 2),
            ("people.appetite-to-learn", Lean::Serverless, 2),
            ("people.no-managed-services-experience", Lean::Servers, 2),
            ("maintenance.small-team-upkeep", Lean::Serverless, 3),
            ("maintenance.upkeep-covered", Lean::Servers, 2),
            ("maintenance.large-old-codebase", Lean::Servers, 2),
            ("maintenance.care-for-setup-files", Lean::Serverless, 1),
            ("vendor-lock-in.may-need-to-move", Lean::Servers, 2),
            ("vendor-lock-in.single-provider-banned", Lean::Servers, 3),
            ("vendor-lock-in.chosen-provider", Lean::Serverless, 2),
            ("vendor-lock-in.events-between-parts", Lean::Serverless, 1),
            ("vendor-lock-in.best-of-breed", Lean::Serverless, 1),
        ]
    );
    // The statements' texts, as shipped (FNV-1a over each text and a line break).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for question in old.dimensions.iter().flat_map(|d| &d.questions) {
        for byte in question.text.bytes().chain([b'\n']) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!(hash, 0x2000_1547_0c87_d2c0, "a 2026.11.1 statement changed");
    let dimensions: Vec<&str> = old.dimensions.iter().map(|d| d.id.as_str()).collect();
    let now: Vec<&str> = Content::bundled()
        .dimensions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(dimensions, now, "dimension ids and order are kept");
    let exceptions: Vec<&str> = old.exceptions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        exceptions,
        ["real-time", "compute-intensive", "mission-critical", "control"]
    );
}

/// A question id that survives into a later version keeps its meaning, so it keeps its lean
/// and weight: an answer carried over counts as it did.
#[test]
fn a_question_kept_across_versions_keeps_its_lean_and_weight() {
    let versions = Content::shipped();
    for pair in versions.windows(2) {
        for (_, before) in pair[0]
            .dimensions
            .iter()
            .flat_map(|d| d.questions.iter().map(move |q| (d, q)))
        {
            if let Some((_, after)) = pair[1].question(&before.id) {
                assert_eq!(
                    (before.lean, before.weight),
                    (after.lean, after.weight),
                    "{}",
                    before.id
                );
            }
        }
    }
}

/// Dimension → slide → what its columns mean, as the talk has them.
#[test]
fn each_dimension_shows_one_slide_with_its_columns_as_the_slide_means_them() {
    let content = current();
    let table: Vec<(&str, &str, Columns)> = content
        .dimensions
        .iter()
        .map(|d| (d.id.as_str(), d.slide.as_str(), d.columns))
        .collect();
    use Columns::{HesitationsStrengths as Hs, ServersServerless as Ss};
    assert_eq!(
        table,
        [
            ("cost-scale", "Function as a Service (FaaS)", Hs),
            ("events-queues", "Events and Queues", Hs),
            ("data", "Data", Ss),
            ("infrastructure", "Infrastructure", Ss),
            ("security", "Security", Ss),
            ("deployment", "Deployment and CI/CD", Ss),
            ("testing", "Testing", Ss),
            ("people", "People", Ss),
            ("maintenance", "Maintenance", Ss),
            ("vendor-lock-in", "Vendor lock-in", Ss),
        ]
    );
    // Every version shows each slide's columns whole, in the slide's order.
    for version in Content::shipped() {
        for dimension in &version.dimensions {
            let slide = version
                .slides
                .iter()
                .find(|s| s.title == dimension.slide)
                .unwrap();
            assert_eq!(dimension.left_points, slide.left, "{}", dimension.id);
            assert_eq!(dimension.right_points, slide.right, "{}", dimension.id);
        }
        assert_eq!(
            version.dimension("cost-scale").unwrap().left_heading(),
            "Hesitations about the serverless way"
        );
    }
}

/// The slides the first version barely used are cited where their points belong, and every
/// slide the content carries is used.
#[test]
fn every_slide_is_used_and_the_barely_used_ones_are_cited() {
    let content = current();
    let cited: Vec<&str> = content
        .dimensions
        .iter()
        .flat_map(|d| d.questions.iter().map(move |q| q.slide(d)))
        .collect();
    for slide in [
        "The Server Problem",
        "FaaS, Infrastructure and Services",
        "But...",
        "Pros and Cons of Serverless",
    ] {
        assert!(cited.contains(&slide), "nothing cites {slide:?}");
    }
    for slide in &content.slides {
        assert!(
            cited.contains(&slide.title.as_str())
                || content.dimensions.iter().any(|d| d.slide == slide.title)
                || content.exceptions.iter().any(|e| e.slide == slide.title),
            "the slide {:?} is not used",
            slide.title
        );
    }
}

/// The misreadings of the first version stay gone: a point is not quoted against its meaning.
#[test]
fn the_talk_is_not_quoted_against_its_meaning() {
    let content = current();
    for dimension in &content.dimensions {
        for question in &dimension.questions {
            let quoted = talk::quotes(&question.why).unwrap();
            // "It's service lock-in" is half a thought: the slide goes on "But events allow
            // you to switch".
            if quoted.iter().any(|q| q.contains("service lock-in")) {
                assert!(
                    quoted.contains(&"But events allow you to switch"),
                    "{}",
                    question.id
                );
            }
            // A problem of servers is no argument for them.
            if quoted
                .iter()
                .any(|q| ["Almost invariably monolithic", "Long term cost"].contains(q))
            {
                assert_eq!(question.lean, Lean::Serverless, "{}", question.id);
            }
        }
    }
    // Splitting work into sequential or parallel steps is the talk's serverless way.
    let (_, split) = content.question("events-queues.splits-into-steps").unwrap();
    assert_eq!(split.lean, Lean::Serverless);
    assert!(content.question("events-queues.tightly-linked-flow").is_none());
}

/// A team that starts from nothing can answer every statement: none assumes servers, tools
/// or a system the team already runs.
#[test]
fn no_statement_assumes_the_team_already_runs_something() {
    for dimension in &current().dimensions {
        for question in &dimension.questions {
            let text = question.text.to_lowercase();
            for presumption in [
                "our servers",
                "our current",
                "our system",
                "our product",
                "our code",
                "already",
                "today",
                "currently",
            ] {
                assert!(
                    !text.contains(presumption),
                    "{} assumes {presumption:?}",
                    question.id
                );
            }
            // One statement, one claim: no "and" joining two sentences' worth of claims.
            assert!(!text.contains(", and "), "{} is double-barrelled", question.id);
        }
    }
}

#[test]
fn a_dimension_naming_an_unknown_slide_is_reported() {
    let mut content = current();
    dimension(&mut content, "data").slide = "Databases".to_owned();
    assert!(reported(
        &content,
        &["dimension \"data\"", "\"Databases\"", "not among"]
    ));
}

#[test]
fn a_dimension_on_a_slide_without_two_columns_is_reported() {
    let mut content = current();
    dimension(&mut content, "data").slide = "The Server Problem".to_owned();
    assert!(reported(&content, &["\"data\"", "has no two columns"]));
}

#[test]
fn a_column_point_not_word_for_word_on_its_slide_is_reported() {
    let mut content = current();
    dimension(&mut content, "data").left_points[0] = "RDBMS first".to_owned();
    assert!(reported(
        &content,
        &["\"RDBMS first\"", "left column", "\"Data\""]
    ));

    // A point of the same slide in the other column.
    let mut content = current();
    let data = dimension(&mut content, "data");
    let point = data.right_points[0].clone();
    data.left_points.push(point);
    assert!(reported(
        &content,
        &["\"Events force distributed thinking\"", "left column"]
    ));

    // A point of another slide, as cost and scale once had.
    let mut content = current();
    dimension(&mut content, "cost-scale")
        .left_points
        .push("Long term cost".to_owned());
    assert!(reported(&content, &["\"Long term cost\"", "left column"]));
    let mut content = current();
    dimension(&mut content, "cost-scale")
        .right_points
        .push("Scale is easy and hard".to_owned());
    assert!(reported(
        &content,
        &["\"Scale is easy and hard\"", "right column"]
    ));
}

#[test]
fn a_quote_not_on_the_cited_slide_is_reported() {
    // Not on any slide.
    let mut content = current();
    question(&mut content, "data.event-shaped").why = "The talk says \"data is king\".".to_owned();
    assert!(reported(
        &content,
        &[
            "\"data.event-shaped\"",
            "\"data is king\"",
            "why line",
            "\"Data\""
        ]
    ));

    // On another slide than the one cited, in curly marks.
    let mut content = current();
    question(&mut content, "data.event-shaped").why = "\u{201c}Long term cost\u{201d}.".to_owned();
    assert!(reported(
        &content,
        &["\"Long term cost\"", "not on the slide \"Data\""]
    ));
    // Citing that slide makes it right.
    question(&mut content, "data.event-shaped").slide = Some("The Server Problem".to_owned());
    assert!(content.problems().is_empty(), "{:?}", content.problems());

    // A quote in a summary or a statement is checked too.
    let mut content = current();
    dimension(&mut content, "testing").summary = "Testing is \"a solved problem\".".to_owned();
    assert!(reported(
        &content,
        &["\"testing\"", "summary", "\"a solved problem\""]
    ));
    let mut content = current();
    question(&mut content, "testing.small-pieces").text = "We test \"everything\".".to_owned();
    assert!(reported(&content, &["\"testing.small-pieces\"", "its text"]));
}

#[test]
fn a_question_citing_an_unknown_slide_is_reported() {
    let mut content = current();
    question(&mut content, "testing.small-pieces").slide = Some("Unit tests".to_owned());
    assert!(reported(
        &content,
        &["\"testing.small-pieces\"", "\"Unit tests\"", "not among"]
    ));
}

#[test]
fn a_quotation_mark_left_open_is_reported() {
    let mut content = current();
    question(&mut content, "testing.small-pieces").why = "\"Unit testing easy".to_owned();
    assert!(reported(&content, &["\"testing.small-pieces\"", "never closed"]));
}

#[test]
fn a_question_without_a_why_line_is_reported() {
    let mut content = current();
    question(&mut content, "testing.small-pieces").why = " ".to_owned();
    assert!(reported(&content, &["\"testing.small-pieces\"", "no why line"]));
}

#[test]
fn a_slide_must_be_one_list_or_two_columns_given_once() {
    let mut content = current();
    let mut slide = content.slides[0].clone();
    content.slides.push(slide.clone());
    assert!(reported(&content, &["given twice"]));

    let mut content = current();
    slide.title = "Both".to_owned();
    slide.left = vec!["x".to_owned()];
    slide.right = vec!["y".to_owned()];
    content.slides.push(slide.clone());
    slide.title = "One column".to_owned();
    slide.points.clear();
    slide.right.clear();
    content.slides.push(slide.clone());
    slide.title = "Nothing".to_owned();
    slide.left.clear();
    content.slides.push(slide);
    for title in ["\"Both\"", "\"One column\"", "\"Nothing\""] {
        assert!(
            reported(&content, &[title, "either points or two columns"]),
            "{title}"
        );
    }

    let mut content = current();
    content.slides[0].points.push(String::new());
    assert!(reported(&content, &["an empty point"]));
    content.slides[0].title = " ".to_owned();
    assert!(reported(&content, &["a slide has no title"]));
}

#[test]
fn the_column_kinds_are_read_from_the_file() {
    let text = BUNDLED_TOML.replacen(
        "columns = \"hesitations-strengths\"",
        "columns = \"pros-cons\"",
        1,
    );
    assert!(Content::from_toml(&text).unwrap_err().contains("pros-cons"));
    let text = BUNDLED_TOML.replacen(
        "columns = \"hesitations-strengths\"",
        "columns = \"servers-serverless\"",
        1,
    );
    assert_eq!(
        Content::from_toml(&text).unwrap().dimensions[0].columns,
        Columns::ServersServerless
    );
}

#[test]
fn an_exceptions_quoted_lines_must_be_on_its_slide() {
    let content = current();
    for exception in &content.exceptions {
        assert!(!exception.points.is_empty(), "{} quotes its slide", exception.id);
    }
    let mut changed = current();
    changed.exceptions[0]
        .points
        .push("Serverless is always slow".to_owned());
    assert!(reported(
        &changed,
        &[
            "exception \"real-time\"",
            "\"Serverless is always slow\" is not a point of the slide \"#1: Real time systems\""
        ]
    ));
    let mut changed = current();
    changed.exceptions[1].slide = "#9: Nowhere".to_owned();
    assert!(reported(
        &changed,
        &["exception \"compute-intensive\" quotes the slide \"#9: Nowhere\""]
    ));
    let mut changed = current();
    changed.exceptions[3].advice = "The talk says \"Keep everything on premises\".".to_owned();
    assert!(reported(
        &changed,
        &[
            "exception \"control\"",
            "\"Keep everything on premises\" in its advice is not on the slide"
        ]
    ));
}
