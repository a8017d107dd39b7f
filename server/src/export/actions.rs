//! The team's next actions as a tracker takes them: a Markdown checklist, and CSV rows with
//! the columns Jira's CSV import maps (Summary, Description, Assignee, Due date).

use std::fmt::Write;

use super::Summary;
use super::markdown::escape_inline;

/// `- [ ] Summary — @owner, due YYYY-MM-DD`, a line per action, text escaped as in the
/// summary.
pub fn checklist(summary: &Summary) -> String {
    let mut out = String::new();
    for action in &summary.actions {
        let _ = writeln!(out, "- [ ] {}", escape_inline(&action.checklist_line()));
    }
    out
}

/// A header row and a row per action. The description says where the action comes from.
pub fn csv_rows(summary: &Summary) -> Result<String, csv::Error> {
    let description = format!(
        "A next action of the Whenless assessment \u{201c}{}\u{201d} (verdict: {}).",
        summary.assessment.title,
        summary.report.verdict.title()
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["Summary", "Description", "Assignee", "Due date"])?;
    for action in &summary.actions {
        writer.write_record([
            action.summary.as_str(),
            description.as_str(),
            action.owner.as_str(),
            action.due.as_str(),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
