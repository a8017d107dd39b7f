use super::*;

fn content() -> &'static Content {
    Content::bundled()
}

fn form(fields: &[(&str, &str)], add: Option<&str>, remove: Option<&str>) -> PartsForm {
    PartsForm {
        fields: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        add: add.map(str::to_owned),
        remove: remove.map(str::to_owned),
    }
}

fn two_parts() -> Vec<Part> {
    let mut parts = form(&[], Some("API"), None).apply(content(), &[], None).unwrap();
    parts = form(&[], Some("Matching engine"), None)
        .apply(content(), &parts, None)
        .unwrap();
    parts
}

#[test]
fn an_added_part_gets_the_next_id_and_the_estimates_run_figures() {
    let mut costs = CostInputs::default();
    costs.workload.memory_mb = 2_048.0;
    costs.workload.uses_gateway = false;
    let parts = form(&[], Some("  Batch jobs "), None)
        .apply(content(), &[], Some(&costs))
        .unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(
        (parts[0].id.as_str(), parts[0].name.as_str()),
        ("p1", "Batch jobs")
    );
    assert_eq!(parts[0].run.memory_mb, 2_048.0);
    assert!(!parts[0].run.uses_gateway);
    assert!(parts[0].exceptions.is_empty());
    let ids: Vec<String> = two_parts().into_iter().map(|p| p.id).collect();
    assert_eq!(ids, ["p1", "p2"]);
    // Ids are never reused: after removing p1, the next is p3.
    let left = form(&[], None, Some("p1"))
        .apply(content(), &two_parts(), None)
        .unwrap();
    let again = form(&[], Some("Reports"), None)
        .apply(content(), &left, None)
        .unwrap();
    let ids: Vec<&str> = again.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p2", "p3"]);
}

#[test]
fn the_form_edits_names_answers_and_run_figures_and_an_unticked_box_is_no() {
    let parts = two_parts();
    let edited = form(
        &[
            ("p1.name", "Public API"),
            ("p1.exception.real-time", "1"),
            ("p1.exception.compute-intensive", ""),
            ("p1.longest_run_seconds", "2"),
            ("p1.memory_mb", "1,024"),
            ("p1.payload_kb", "64"),
            ("p1.uses_gateway", "on"),
            ("p2.name", "Matching engine"),
            ("p2.exception.real-time", "3"),
            ("p2.keeps_state", "on"),
        ],
        None,
        None,
    )
    .apply(content(), &parts, None)
    .unwrap();
    assert_eq!(edited[0].name, "Public API");
    assert_eq!(edited[0].exceptions.get("real-time"), Some(&ExceptionAnswer::No));
    assert!(
        !edited[0].exceptions.contains_key("compute-intensive"),
        "empty is not answered"
    );
    assert_eq!(
        (edited[0].run.longest_run_seconds, edited[0].run.memory_mb),
        (2.0, 1_024.0)
    );
    assert!(edited[0].run.uses_gateway);
    assert_eq!(
        edited[1].exceptions.get("real-time"),
        Some(&ExceptionAnswer::Core)
    );
    assert!(edited[1].run.keeps_state);
    assert!(!edited[1].run.uses_gateway, "left out: unticked");
    // A part the form does not carry is kept as it was.
    let kept = form(&[("p1.name", "API")], None, None)
        .apply(content(), &edited, None)
        .unwrap();
    assert_eq!(kept[1], edited[1]);
}

#[test]
fn bad_input_names_the_part_and_the_field_and_changes_nothing() {
    let parts = two_parts();
    let cases = [
        (
            form(&[("p1.name", "  ")], None, None),
            "p1.name",
            "The part's name",
        ),
        (
            form(&[("p1.name", "API"), ("p1.exception.real-time", "9")], None, None),
            "p1.exception.real-time",
            "API: choose one of the listed answers.",
        ),
        (
            // "Handled" is offered only where the talk names a way out: not for real time.
            form(&[("p1.name", "API"), ("p1.exception.real-time", "4")], None, None),
            "p1.exception.real-time",
            "API: choose one of the listed answers.",
        ),
        (
            form(&[("p1.name", "API"), ("p1.memory_mb", "64")], None, None),
            "p1.memory_mb",
            "API: Memory per run must be between 128 and 1,048,576 MB.",
        ),
        (
            form(&[("p2.name", "api")], None, None),
            "p2.name",
            "Two parts are called \u{201c}api\u{201d}: give each its own name.",
        ),
        (form(&[], Some("API"), None), "p3.name", "Two parts are called"),
        (
            form(&[], None, Some("p9")),
            "remove",
            "There is no such part to remove.",
        ),
        (
            form(&[], Some(&"x".repeat(NAME_MAX + 1)), None),
            "add",
            "The part's name",
        ),
    ];
    for (form, field, message) in cases {
        let error = form.apply(content(), &parts, None).unwrap_err();
        assert_eq!(error.field, field, "{form:?}");
        assert!(error.message.contains(message), "{form:?}: {}", error.message);
    }
}

#[test]
fn an_assessment_has_at_most_eight_parts() {
    let mut parts = Vec::new();
    for n in 0..MAX_PARTS {
        parts = form(&[], Some(&format!("Part {n}")), None)
            .apply(content(), &parts, None)
            .unwrap();
    }
    let error = form(&[], Some("One too many"), None)
        .apply(content(), &parts, None)
        .unwrap_err();
    assert_eq!(
        error.message,
        "An assessment has at most 8 parts; remove one first."
    );
    // An empty name adds nothing.
    assert_eq!(
        form(&[], Some("  "), None)
            .apply(content(), &parts, None)
            .unwrap()
            .len(),
        8
    );
}

#[test]
fn a_parts_run_replaces_only_its_own_figures_of_the_workload() {
    let costs = CostInputs::default();
    let run = PartRun {
        longest_run_seconds: 7_200.0,
        memory_mb: 4_096.0,
        payload_kb: 10.0,
        uses_gateway: false,
        needs_gpu: true,
        keeps_state: true,
    };
    let workload = run.applied_to(&costs.workload);
    assert_eq!(PartRun::of(&workload), run);
    assert_eq!(workload.requests_per_month, costs.workload.requests_per_month);
    assert_eq!(workload.duration_ms, costs.workload.duration_ms);
}

#[test]
fn parts_from_a_file_are_checked_as_the_form_checks_them() {
    let mut parts = two_parts();
    parts[0]
        .exceptions
        .insert("real-time".to_owned(), ExceptionAnswer::Core);
    parts[1].run.needs_gpu = true;
    parts[1].run.uses_gateway = false;
    assert_eq!(
        checked(content(), &parts),
        Ok(parts.clone()),
        "a valid list reads back whole"
    );
    assert_eq!(checked(content(), &[]), Ok(Vec::new()));

    let refused = |parts: &[Part]| checked(content(), parts).unwrap_err().message;
    let mut many = Vec::new();
    for n in 1..=MAX_PARTS + 1 {
        let mut part = parts[0].clone();
        part.id = format!("p{n}");
        part.name = format!("Part {n}");
        many.push(part);
    }
    assert_eq!(
        refused(&many),
        "An assessment has at most 8 parts; this file has 9."
    );
    many.truncate(MAX_PARTS);
    assert_eq!(checked(content(), &many).map(|p| p.len()), Ok(MAX_PARTS));

    for id in ["x1", "p", "pp2"] {
        let mut bad = parts.clone();
        bad[0].id = id.to_owned();
        assert!(
            refused(&bad).contains("is not p and a number, or it repeats"),
            "{id}"
        );
    }
    let mut repeated = parts.clone();
    repeated[1].id = "p1".to_owned();
    assert!(refused(&repeated).contains("repeats"));

    let mut unknown = parts.clone();
    unknown[0]
        .exceptions
        .insert("teleportation".to_owned(), ExceptionAnswer::No);
    assert_eq!(
        refused(&unknown),
        "API: there is no exception \"teleportation\" in these questions."
    );
    let mut huge = parts;
    huge[1].run.memory_mb = 1e9;
    assert!(refused(&huge).starts_with("Matching engine: Memory per run must be between"));
}

#[test]
fn a_parts_runs_average_no_longer_than_its_longest_run() {
    let mut costs = CostInputs::default();
    costs.workload.duration_ms = 60_000.0;
    let mut run = PartRun::of(&costs.workload);
    run.longest_run_seconds = 3.0;
    assert_eq!(run.applied_to(&costs.workload).duration_ms, 3_000.0);
    run.longest_run_seconds = 600.0;
    assert_eq!(run.applied_to(&costs.workload).duration_ms, 60_000.0);
}
