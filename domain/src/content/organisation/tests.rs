use super::*;

const FIFTEEN_MINUTES: &str = include_str!("../../../../deploy/content/15-minutes.toml");
const OWN_QUESTIONS: &str = include_str!("../../../../deploy/content/own-questions.toml");

/// The one problem `text` has, as "line L, column C: message".
fn only_error(text: &str) -> String {
    let errors = read(text).expect_err("the file is refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].to_string()
}

const QUESTION: &str = r#"organisation = "Acme"

[[questions]]
dimension = "security"
id = "card-data"
text = "Card data passes through this workload."
lean = "servers"
weight = 3
why = "Our auditors ask."
"#;

#[test]
fn the_shipped_examples_are_valid_and_keep_the_talks_part_word_for_word() {
    for text in [FIFTEEN_MINUTES, OWN_QUESTIONS] {
        let content = read(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(content.problems().is_empty(), "{:?}", content.problems());
        assert_eq!(checked(content.clone()), Ok(content.clone()));
        let talk = Content::version(&content.organisation.as_ref().unwrap().talk_version).unwrap();
        assert_eq!(content.slides, talk.slides);
        for dimension in &content.dimensions {
            let shipped = talk.dimension(&dimension.id).unwrap();
            assert_eq!(
                (&dimension.left_points, &dimension.right_points, &dimension.slide),
                (&shipped.left_points, &shipped.right_points, &shipped.slide),
                "the talk's columns stay as shipped"
            );
            for question in dimension.questions.iter().filter(|q| q.own.is_none()) {
                assert_eq!(talk.question(&question.id).unwrap().1, question);
            }
        }
        for exception in content.exceptions.iter().filter(|e| e.own.is_none()) {
            assert_eq!(talk.exception(&exception.id), Some(exception));
        }
    }
}

#[test]
fn the_fifteen_minute_version_keeps_ten_of_the_talks_questions_one_per_dimension() {
    let content = read(FIFTEEN_MINUTES).unwrap();
    assert_eq!(content.question_count(), 10);
    assert_eq!(content.dimensions.len(), 10);
    assert!(content.dimensions.iter().all(|d| d.questions.len() == 1));
    assert_eq!(
        content.exceptions,
        Content::bundled().exceptions,
        "the talk's four"
    );
    let all_own = content.dimensions.iter().flat_map(|d| &d.questions);
    assert!(
        all_own.clone().all(|q| q.own.is_none()),
        "nothing is marked as own"
    );
    assert_eq!(
        content.organisation,
        Some(Organisation {
            name: "Example Ltd".into(),
            title: "15-minute version".into(),
            talk_version: Content::bundled().version.clone(),
        })
    );
}

#[test]
fn own_questions_and_checks_are_added_and_marked_with_the_organisations_name() {
    let content = read(OWN_QUESTIONS).unwrap();
    assert_eq!(content.question_count(), Content::bundled().question_count() + 3);
    let (dimension, card) = content.question("security.card-data").unwrap();
    assert_eq!(dimension.id, "security");
    assert_eq!(card.own.as_deref(), Some("Acme Payments"));
    assert_eq!(card.own_label().unwrap(), "Acme Payments\u{2019} own question");
    assert_eq!((card.lean, card.weight), (Lean::Servers, 3));
    assert_eq!(
        dimension.questions.last().unwrap().id,
        "security.card-data",
        "after the talk's"
    );
    let (_, support) = content.question("people.platform-team-support").unwrap();
    assert_eq!(support.weight, 2, "the weight when none is given");
    let check = content.exception("settlement-window").unwrap();
    assert_eq!(check.own_label().unwrap(), "Acme Payments\u{2019} own check");
    assert_eq!(
        (check.core, check.part.as_str()),
        (Cap::Hybrid, "the settlement batch")
    );
    assert_eq!(content.exceptions.len(), 5);
    assert!(content.version.starts_with(VERSION_PREFIX), "{}", content.version);
}

#[test]
fn a_content_is_named_by_whose_it_is() {
    let fifteen = read(FIFTEEN_MINUTES).unwrap();
    assert_eq!(
        fifteen.name(),
        format!("Example Ltd\u{2019}s 15-minute version ({})", fifteen.version)
    );
    let own = read(OWN_QUESTIONS).unwrap();
    assert_eq!(
        own.name(),
        format!("Acme Payments\u{2019} questions ({})", own.version)
    );
    assert_eq!(
        Content::bundled().name(),
        format!(
            "the talk\u{2019}s questions, version {}",
            Content::bundled().version
        )
    );
}

#[test]
fn the_label_reads_as_english() {
    assert_eq!(
        super::super::own_label("Acme", "question"),
        "Acme\u{2019}s own question"
    );
    assert_eq!(
        super::super::own_label("Acme Widgets", "check"),
        "Acme Widgets\u{2019} own check"
    );
}

#[test]
fn the_version_follows_what_the_content_holds_not_the_files_layout() {
    let one = read(QUESTION).unwrap();
    let again =
        read(&QUESTION.replace("organisation = \"Acme\"", "# ours\norganisation   =  \"Acme\"")).unwrap();
    assert_eq!(one.version, again.version, "comments and spacing change nothing");
    let changed = read(&QUESTION.replace("Our auditors ask.", "Our auditors ask twice.")).unwrap();
    assert_ne!(one.version, changed.version);
    let renamed = read(&QUESTION.replace("\"Acme\"", "\"Acme Ltd\"")).unwrap();
    assert_ne!(one.version, renamed.version);
    let older = read(&format!("talk_version = \"2026.11.1\"\n{QUESTION}")).unwrap();
    assert_ne!(one.version, older.version);
    assert_eq!(older.organisation.unwrap().talk_version, "2026.11.1");
    assert_eq!(one.version.len(), VERSION_PREFIX.len() + 16);
}

#[test]
fn stored_content_reads_back_and_a_tampered_one_is_refused() {
    let content = read(OWN_QUESTIONS).unwrap();
    let stored = to_stored(&content);
    assert_eq!(from_stored(&stored), Ok(content.clone()));
    let tampered = stored.replace("Card numbers", "Card digits");
    assert!(from_stored(&tampered).unwrap_err().contains("does not match"));
    let shipped = serde_json::to_string(Content::bundled()).unwrap();
    assert_eq!(
        from_stored(&shipped).unwrap_err(),
        "it is not an organisation's content"
    );
    assert!(from_stored("{").is_err());
    let mut broken = content;
    broken.dimensions[0].questions[0].weight = 9;
    broken.version = version_of(&broken);
    assert!(checked(broken).unwrap_err().contains("not 1 to 3"));
}

#[test]
fn a_question_with_no_lean_is_named_with_its_line() {
    assert_eq!(
        only_error(&QUESTION.replace("lean = \"servers\"\n", "")),
        "line 3, column 1: question \"security.card-data\" has no lean: say which way agreeing points, lean = \"serverless\" or lean = \"servers\""
    );
}

#[test]
fn a_lean_that_is_neither_way_is_refused_where_it_is() {
    let error = only_error(&QUESTION.replace("lean = \"servers\"", "lean = \"sideways\""));
    assert!(
        error.starts_with("line 7, column 8: unknown variant `sideways`"),
        "{error}"
    );
    assert!(error.ends_with("expected `serverless` or `servers`"), "{error}");
}

#[test]
fn a_duplicate_id_names_both_lines() {
    let twice = format!(
        "{QUESTION}\n{}",
        &QUESTION[QUESTION.find("[[questions]]").unwrap()..]
    );
    assert_eq!(
        only_error(&twice),
        "line 13, column 6: question \"security.card-data\": the id is used twice (first on line 5)"
    );
}

#[test]
fn an_id_the_talk_already_has_is_refused() {
    assert_eq!(
        only_error(&QUESTION.replace("\"card-data\"", "\"provider-data-access\"")),
        "line 5, column 6: question \"security.provider-data-access\": the talk's content already has an id \"security.provider-data-access\"; choose another"
    );
    let check = CHECK.replace("\"eu-data\"", "\"real-time\"");
    assert_eq!(
        only_error(&check),
        "line 4, column 6: check \"real-time\": the talk's content already has an id \"real-time\"; choose another"
    );
}

#[test]
fn a_weight_out_of_range_is_refused() {
    assert_eq!(
        only_error(&QUESTION.replace("weight = 3", "weight = 5")),
        "line 8, column 10: question \"security.card-data\" has weight 5; a weight is 1, 2 or 3"
    );
    assert!(only_error(&QUESTION.replace("weight = 3", "weight = 0")).contains("has weight 0"));
    assert!(
        only_error(&QUESTION.replace("weight = 3", "weight = \"high\""))
            .starts_with("line 8, column 10: invalid type")
    );
}

#[test]
fn an_unknown_dimension_is_refused_naming_the_talks() {
    let error = only_error(&QUESTION.replace("dimension = \"security\"", "dimension = \"secrity\""));
    assert!(
        error.starts_with("line 4, column 13: question \"card-data\": there is no dimension \"secrity\"; the talk's dimensions are cost-scale, events-queues, data,"),
        "{error}"
    );
}

#[test]
fn an_id_that_is_not_kebab_case_is_refused() {
    assert_eq!(
        only_error(&QUESTION.replace("\"card-data\"", "\"Card Data\"")),
        "line 5, column 6: question id \"Card Data\" is not lowercase kebab-case (letters, digits and hyphens, such as \"pci-scope\")"
    );
}

#[test]
fn empty_and_overlong_texts_are_refused() {
    assert_eq!(
        only_error(&QUESTION.replace("\"Our auditors ask.\"", "\"  \"")),
        "line 9, column 7: question \"security.card-data\": its why is empty"
    );
    let long = "x".repeat(401);
    assert_eq!(
        only_error(&QUESTION.replace("Card data passes through this workload.", &long)),
        "line 6, column 8: question \"security.card-data\": its text is 401 characters long; the limit is 400"
    );
    assert!(
        only_error(&QUESTION.replace("Our auditors", "Our\u{202e} auditors"))
            .ends_with("its why has a control or invisible formatting character")
    );
    assert_eq!(
        only_error("organisation = \"\"\n"),
        "line 1, column 16: the organisation's name is empty"
    );
}

#[test]
fn an_empty_template_is_refused() {
    assert_eq!(
        only_error("organisation = \"Acme\"\nkeep = []\n"),
        "line 2, column 8: `keep` lists no questions: a template keeps at least one of the talk's questions (leave `keep` out to keep them all)"
    );
}

#[test]
fn a_template_naming_an_unknown_question_or_one_twice_is_refused() {
    let errors = read("organisation = \"Acme\"\nkeep = [\n  \"data.nope\",\n  \"data.orm-preferred\",\n  \"data.orm-preferred\",\n]\n").unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            format!(
                "line 3, column 3: `keep` names \"data.nope\", which is not a question of the talk's content {}",
                Content::bundled().version
            ),
            "line 5, column 3: `keep` names \"data.orm-preferred\" twice".to_owned(),
        ]
    );
}

#[test]
fn a_template_drops_the_dimensions_it_keeps_nothing_of() {
    let content = read("organisation = \"Acme\"\nkeep = [\"data.orm-preferred\"]\n").unwrap();
    assert_eq!(content.dimensions.len(), 1);
    assert_eq!(content.dimensions[0].questions.len(), 1);
    let with_own = read(&QUESTION.replace(
        "organisation = \"Acme\"",
        "organisation = \"Acme\"\nkeep = [\"data.orm-preferred\"]",
    ))
    .unwrap();
    let ids: Vec<&str> = with_own.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["data", "security"], "in the talk's order");
}

#[test]
fn an_unknown_talk_version_is_refused_naming_those_there_are() {
    assert_eq!(
        only_error("organisation = \"Acme\"\ntalk_version = \"2020.1.1\"\n"),
        format!(
            "line 2, column 16: talk_version \"2020.1.1\" is not a version of the talk's content this Whenless has (it has 2026.11.1, {})",
            Content::bundled().version
        )
    );
}

#[test]
fn toml_errors_and_unknown_fields_name_their_line() {
    let error = only_error("organisation = \"Acme\"\n\n[[questions]\n");
    assert!(error.starts_with("line 3, column "), "{error}");
    let error = only_error(&QUESTION.replace("weight = 3", "weight = 3\ncolour = \"red\""));
    assert!(
        error.starts_with("line 9, column 1: unknown field `colour`"),
        "{error}"
    );
    let error = only_error("title = \"x\"\n");
    assert!(error.contains("missing field `organisation`"), "{error}");
    let error = only_error(&QUESTION.replace("why = \"Our auditors ask.\"\n", ""));
    assert!(
        error.starts_with("line 3, column 1: missing field `why`"),
        "{error}"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let text = format!("organisation = \"Acme\"\n#{}\n", "x".repeat(MAX_BYTES));
    assert!(only_error(&text).starts_with("line 1, column 1: the file is 262"));
}

#[test]
fn every_problem_is_reported_in_the_files_order() {
    let text = QUESTION
        .replace("weight = 3", "weight = 4")
        .replace("dimension = \"security\"", "dimension = \"nope\"");
    let errors = read(&text).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 8]);
}

const CHECK: &str = r#"organisation = "Acme"

[[checks]]
id = "eu-data"
title = "EU data"
question = "Must some data stay in the EU?"
concern = "Regions."
advice = "Keep it in EU regions."
core = "servers"
"#;

#[test]
fn own_checks_are_checked_like_questions() {
    let content = read(CHECK).unwrap();
    let check = content.exception("eu-data").unwrap();
    assert_eq!(check.own.as_deref(), Some("Acme"));
    assert_eq!(check.part_name(), "the part it concerns");
    assert_eq!(
        only_error(&CHECK.replace("advice = \"Keep it in EU regions.\"", "advice = \"\"")),
        "line 8, column 10: check \"eu-data\": its advice is empty"
    );
    assert!(only_error(&CHECK.replace("core = \"servers\"\n", "")).contains("missing field `core`"));
    assert_eq!(
        only_error(&format!(
            "{CHECK}handled = {{ label = \"Yes, split\", condition = \" \" }}\n"
        )),
        "line 10, column 11: check \"eu-data\": its way out (`handled`) needs both a label and a condition"
    );
    assert_eq!(
        only_error(&format!("{CHECK}points = [\"\"]\n")),
        "line 10, column 11: check \"eu-data\": its point is empty"
    );
    let twice = format!("{CHECK}\n{}", &CHECK[CHECK.find("[[checks]]").unwrap()..]);
    assert_eq!(
        only_error(&twice),
        "line 12, column 6: check \"eu-data\": the id is used twice (first on line 4)"
    );
}
