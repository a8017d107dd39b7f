//! The Markdown summary: plain text that reads well as it is, with `---` between slides and a
//! front matter that Markdown slide tools (Marp and the like) pick up.

use std::fmt::Write;

use domain::answers::importance_label;
use domain::calendar::date_label;
use domain::cost::grouped;
use domain::walkthrough::answer_tally;

use super::Summary;

/// Escapes text from users and content so that it stays text: no HTML, no Markdown markup,
/// and no block structure. Each line starts afresh (leading spaces dropped, so nothing is an
/// indented code block) and a line that would open a block (a list item, a rule, a setext
/// underline, an ordered item) has that mark escaped; the lines are joined by hard breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push_str("  \n");
        }
        escape_line(line.trim_start(), &mut out);
    }
    out
}

/// Escapes text shown on one line (a heading, a table cell, a list item): line breaks become
/// spaces.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_line(text.replace(['\r', '\n'], " ").trim_start(), &mut out);
    out
}

fn escape_line(line: &str, out: &mut String) {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    for (index, c) in line.char_indices() {
        let opens_block = index == 0 && matches!(c, '-' | '+' | '=')
            || index == digits && digits > 0 && matches!(c, '.' | ')');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ if opens_block => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

/// The Markdown summary of an assessment.
pub fn markdown(summary: &Summary) -> String {
    let assessment = summary.assessment;
    let report = summary.report;
    let mut md = String::from("---\nmarp: true\npaginate: true\n---\n\n");
    let _ = writeln!(md, "# {}\n", escape_inline(&assessment.title));
    if !assessment.description.is_empty() {
        let _ = writeln!(md, "{}\n", escape(&assessment.description));
    }
    let _ = writeln!(
        md,
        "Whenless assessment, {}, {} {}. Built on Paul Johnston's talk \u{201c}When should you use a Serverless Approach?\u{201d} (JeffConf London, 2017).\n",
        date_label(assessment.created_at_ms),
        report.participants,
        if report.participants == 1 {
            "participant"
        } else {
            "participants"
        }
    );

    let _ = writeln!(md, "---\n\n## Verdict: {}\n", escape(report.verdict.title()));
    if let Some(fit) = report.fit {
        let _ = writeln!(md, "**Fit: {fit} / 100**\n");
    }
    let _ = writeln!(
        md,
        "**Can it run on functions?** {}  \n**Is it worth it?** {}\n",
        escape(&report.could_answer()),
        escape(&report.should_answer())
    );
    for line in report
        .explanation()
        .into_iter()
        .chain(summary.confidence.map(|c| c.sentence()))
    {
        let _ = writeln!(md, "- {}", escape(&line));
    }

    if !report.parts.is_empty() {
        let _ = writeln!(md, "\n---\n\n## Part by part\n");
        let _ = writeln!(md, "| Part | Can it run on functions? | Verdict | Why |");
        let _ = writeln!(md, "| --- | --- | --- | --- |");
        for part in &report.parts {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                escape_inline(&part.name),
                part.could_word(),
                part.verdict.title(),
                escape_inline(&part.reasons.join("; "))
            );
        }
    }

    let _ = writeln!(md, "\n---\n\n## Pros and cons by dimension\n");
    let _ = writeln!(md, "| Dimension | Importance | Pros | Cons | Score | Spread |");
    let _ = writeln!(md, "| --- | --- | ---: | ---: | ---: | ---: |");
    for section in &summary.sections {
        let s = section.score;
        let _ = writeln!(
            md,
            "| {} | {} | {:.0}% | {:.0}% | {} | {} |",
            escape_inline(&section.dimension.title),
            importance_label(section.setting.importance),
            s.pros * 100.0,
            s.cons * 100.0,
            s.score
                .map_or_else(|| "not answered".to_owned(), |v| format!("{v:+.2}")),
            if s.respondents > 1 {
                format!("{:.2}", s.spread)
            } else {
                "–".to_owned()
            },
        );
    }

    if let Some((inputs, estimate)) = &summary.costs {
        let _ = writeln!(md, "\n---\n\n## Cost and scale\n");
        let _ = writeln!(md, "{}\n", escape(&estimate.summary()));
        if let Some(volume) = estimate.break_even {
            let _ = writeln!(
                md,
                "Break-even: {} requests a month (machines only).\n",
                grouped(volume)
            );
        }
        let _ = writeln!(md, "Assumptions:\n");
        for assumption in inputs.assumptions() {
            let _ = writeln!(md, "- {}", escape(&assumption));
        }
    }

    for section in &summary.sections {
        let dimension = section.dimension;
        let _ = writeln!(md, "\n---\n\n## {}\n", escape_inline(&dimension.title));
        let _ = writeln!(
            md,
            "Importance: {}\n",
            importance_label(section.setting.importance)
        );
        let _ = writeln!(
            md,
            "From the talk's slide \u{201c}{}\u{201d}:\n",
            escape_inline(&dimension.slide)
        );
        let _ = writeln!(md, "**{}**\n", escape_inline(dimension.left_heading()));
        for point in &dimension.left_points {
            let _ = writeln!(md, "- {}", escape(point));
        }
        let _ = writeln!(md, "\n**{}**\n", escape_inline(dimension.right_heading()));
        for point in &dimension.right_points {
            let _ = writeln!(md, "- {}", escape(point));
        }
        let _ = writeln!(md, "\n**The team's answers:**\n");
        for question in &dimension.questions {
            let tally = answer_tally(section.counts.get(&question.id));
            let _ = writeln!(md, "- {} ({})", escape(&question.text), escape(&tally));
        }
        if !section.setting.note.is_empty() {
            let _ = writeln!(md, "\n**Team note:** {}", escape(&section.setting.note));
        }
    }

    let _ = writeln!(md, "\n---\n\n## Red flags\n");
    if report.flags.is_empty() {
        let _ = writeln!(md, "None raised.");
    }
    for flag in &report.flags {
        let _ = writeln!(
            md,
            "- **{}**: {} Our advice: {} ({})",
            escape(&flag.title),
            escape(&flag.effect()),
            escape(&flag.advice),
            escape(&flag.answers())
        );
        for point in &flag.points {
            let _ = writeln!(md, "  > {}", escape(point));
        }
    }

    let _ = writeln!(md, "\n---\n\n## Next steps\n");
    for (index, action) in report.next_actions().iter().enumerate() {
        let _ = writeln!(md, "{}. {}", index + 1, escape(action));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_inline};

    #[test]
    fn markup_stays_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("# not a heading *bold* [link](x)"),
            "\\# not a heading \\*bold\\* \\[link\\](x)"
        );
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("line\r\nnext"), "line  \nnext");
    }

    #[test]
    fn lines_that_would_open_a_block_stay_text() {
        assert_eq!(escape("a\n---\n==="), "a  \n\\---  \n\\===");
        assert_eq!(
            escape("- x\n+ y\n  12. z\n3) w"),
            "\\- x  \n\\+ y  \n12\\. z  \n3\\) w"
        );
        assert_eq!(escape("    code\n> quote"), "code  \n&gt; quote");
        assert_eq!(escape("a-b 1. 2)"), "a-b 1. 2)", "only a line's start is escaped");
        assert_eq!(escape_inline("Title\n===\n# x"), "Title === \\# x");
    }
}
