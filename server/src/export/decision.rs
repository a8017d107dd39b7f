//! `decision.md`: the assessment as an architecture decision record in the MADR 4.0 layout
//! (https://adr.github.io/madr/): front matter with its status and date, then the context, the
//! drivers, the options, the outcome with its consequences and how it will be confirmed.

use std::fmt::Write;

use super::Summary;
use super::markdown::{escape, escape_inline};

/// The record in Markdown. Text from people and content is escaped as in the summary: it
/// cannot make a heading, a list or HTML of its own.
pub fn decision(summary: &Summary) -> String {
    let record = &summary.record;
    let mut out = format!(
        "---\nstatus: {}\ndate: {}\n---\n\n# {}\n\n## Context and Problem Statement\n\n",
        record.status.slug(),
        record.date,
        escape_inline(&record.title)
    );
    for paragraph in &record.context {
        let _ = write!(out, "{}\n\n", escape(paragraph));
    }
    out.push_str("## Decision Drivers\n\n");
    bullets(&mut out, &record.drivers);
    out.push_str("## Considered Options\n\n");
    let options: Vec<String> = record
        .options
        .iter()
        .map(|option| format!("{}: {}", option.title(), option.description()))
        .collect();
    bullets(&mut out, &options);
    let _ = write!(
        out,
        "## Decision Outcome\n\n{}\n\n{}\n\n",
        escape(&record.outcome),
        escape_inline(&record.verdict)
    );
    bullets(&mut out, &record.why);
    if !record.parts.is_empty() {
        out.push_str("Part by part:\n\n");
        bullets(&mut out, &record.parts);
    }
    out.push_str("### Consequences\n\n");
    if record.consequences.is_empty() {
        out.push_str("None yet: no option is chosen.\n\n");
    }
    let consequences: Vec<String> = record.consequences.iter().map(|c| c.sentence()).collect();
    bullets(&mut out, &consequences);
    let _ = write!(
        out,
        "### Confirmation\n\n{}\n",
        escape_inline(&record.confirmation)
    );
    if !summary.actions.is_empty() {
        let _ = write!(
            out,
            "\n## More Information\n\nNext actions:\n\n{}",
            super::checklist(summary)
        );
    }
    out
}

fn bullets(out: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    for item in items {
        let _ = writeln!(out, "* {}", escape_inline(item));
    }
    out.push('\n');
}
