//! The Markdown summary: plain text that reads well as it is, with `---` between slides and a
//! front matter that Markdown slide tools (Marp and the like) pick up. Each slide fits Marp's
//! default theme: what does not goes on to further slides, marked "(continued)".

use domain::answers::importance_label;
use domain::calendar::date_label;
use domain::cost::grouped;
use domain::rounds::Round;
use domain::walkthrough::answer_tally;

use super::fit::{self, Block, Group, Head, lines};
use super::{Section, Summary};

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

/// The layout of Marp's default theme (which the front matter names) at its 16:9 size, that
/// the slides are split to fit: a 1280 × 720 px slide with 78.5 px of padding, text of 29 px on
/// lines of 43.5 px, 16 px below each paragraph, list, table and heading, 7.25 px between list
/// items. Characters are taken as 0.55 em wide (16 px; Arial and its look-alikes average
/// about 0.5 em on English, Noto Sans a little more), bold headings as 0.62 em.
mod marp {
    pub const ROOM: f32 = 720.0 - 2.0 * 78.5;
    pub const LINE: f32 = 43.5;
    pub const GAP: f32 = 16.0;
    pub const ITEM_GAP: f32 = 7.25;
    /// Characters on a line of text (1,123 px), and in a list or quotation (2 em in).
    pub const TEXT: usize = 70;
    pub const LIST: usize = 66;
    /// A heading's line and characters: `##` is 1.3 em, `#` 1.6 em.
    pub const H2: (f32, usize) = (58.4, 48);
    pub const H1: (f32, usize) = (71.9, 39);
    /// A table row: a line and 6.5 px of padding above and below, and a 1 px border.
    pub const ROW: f32 = LINE + 14.0;
    /// Characters in the pros-and-cons table's first column, and across a table (its cells'
    /// padding, 1 em a cell, not counted).
    pub const DIMENSION: usize = 22;
    pub const TABLE: usize = TEXT;
}

/// A heading followed by `(continued)` on the slides after the first: `Team note:` goes on as
/// `Team note (continued):`.
fn continued(text: &str) -> String {
    match text.strip_suffix(':') {
        Some(text) => format!("{text} (continued):"),
        None => format!("{text} (continued)"),
    }
}

/// A slide's title, `#` or `##`.
fn title(level: usize, text: &str) -> Head {
    let (line, chars) = if level == 1 { marp::H1 } else { marp::H2 };
    let block = |text: &str| {
        Block::new(
            format!("{} {}\n\n", "#".repeat(level), escape_inline(text)),
            lines(text, chars) as f32 * line + marp::GAP,
        )
    };
    Head {
        first: block(text),
        continued: block(&continued(text)),
    }
}

/// A paragraph of text, escaped.
fn paragraph(text: &str) -> Block {
    Block::new(
        format!("{}\n\n", escape(text)),
        lines(text, marp::TEXT) as f32 * marp::LINE + marp::GAP,
    )
}

/// Lines of text written by people (a description, a note), each a paragraph; a line too long
/// for a slide under `title` and `head` is split at sentence ends, blank lines are dropped.
fn text_lines(text: &str, title: &Head, head: &Head) -> Vec<Block> {
    let room = marp::ROOM - title.continued.height - head.continued.height - marp::GAP;
    let most = ((room / marp::LINE).floor() as usize).max(1);
    text.lines()
        .flat_map(|line| fit::split_text(line, marp::TEXT, most))
        .map(|piece| paragraph(&piece))
        .collect()
}

/// A bold heading over what follows, continued as such.
fn bold(label: &str, below: f32) -> Head {
    let block = |label: &str| {
        Block::new(
            format!("**{}**\n\n", escape_inline(label)),
            lines(label, marp::TEXT) as f32 * marp::LINE + marp::GAP + below,
        )
    };
    Head {
        first: block(label),
        continued: block(&continued(label)),
    }
}

/// A bulleted list of `items` (Markdown, and the text it shows) under `head`.
fn list(head: Head, items: impl IntoIterator<Item = (String, String)>) -> Group {
    let items = items
        .into_iter()
        .map(|(markdown, shown)| {
            Block::new(
                format!("- {markdown}\n"),
                lines(&shown, marp::LIST) as f32 * marp::LINE + marp::ITEM_GAP,
            )
        })
        .collect();
    Group::new(head, items, "\n")
}

/// Plain text items of a list, escaped.
fn texts<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|text| (escape(text), text.clone()))
        .collect()
}

/// The Markdown summary of an assessment: slides that each fit Marp's default theme, long
/// content going on to slides of its own marked "(continued)".
pub fn markdown(summary: &Summary) -> String {
    let mut slides = Vec::new();
    slides.extend(opening(summary));
    slides.extend(verdict(summary));
    slides.extend(history(summary));
    slides.extend(parts(summary));
    slides.extend(pros_and_cons(summary));
    if let Some((inputs, estimate)) = &summary.costs {
        let head = title(2, "Cost and scale");
        let mut intro = vec![paragraph(&estimate.summary())];
        if let Some(volume) = estimate.break_even {
            intro.push(paragraph(&format!(
                "Break-even: {} requests a month (machines only).",
                grouped(volume)
            )));
        }
        let assumptions = |label: &str| Block::new(label, marp::LINE + 2.0 * marp::GAP);
        let assumptions = Head {
            first: assumptions("Assumptions:\n\n"),
            continued: assumptions("Assumptions (continued):\n\n"),
        };
        let groups = [
            Group::plain(intro),
            list(assumptions, texts(&inputs.assumptions())),
        ];
        slides.extend(fit::lay_out(marp::ROOM, &head, &groups));
    }
    for section in &summary.sections {
        slides.extend(dimension(section));
    }
    slides.extend(red_flags(summary));
    let head = title(2, "Next steps");
    let actions: Vec<String> = summary.actions.iter().map(|a| a.checklist_line()).collect();
    let numbered = actions.iter().enumerate().map(|(index, action)| {
        Block::new(
            format!("{}. {}\n", index + 1, escape(action)),
            lines(action, marp::LIST) as f32 * marp::LINE + marp::ITEM_GAP,
        )
    });
    let steps = Group::new(Head::same(Block::new("", marp::GAP)), numbered.collect(), "\n");
    slides.extend(fit::lay_out(marp::ROOM, &head, &[steps]));

    let mut md = String::from("---\nmarp: true\ntheme: default\npaginate: true\n---\n\n");
    for (index, slide) in slides.iter().enumerate() {
        if index > 0 {
            md.push_str("\n---\n\n");
        }
        md.push_str(slide.trim_end());
        md.push('\n');
    }
    md
}

fn opening(summary: &Summary) -> Vec<String> {
    let assessment = summary.assessment;
    let participants = summary.report.participants;
    let head = title(1, &assessment.title);
    let byline = format!(
        "Whenless assessment, {}, {participants} {}. Built on Paul Johnston's talk \u{201c}When should you use a Serverless Approach?\u{201d} (JeffConf London, 2017).",
        date_label(assessment.created_at_ms),
        if participants == 1 {
            "participant"
        } else {
            "participants"
        }
    );
    let groups = [
        Group::plain(text_lines(&assessment.description, &head, &Head::none())),
        Group::plain(vec![paragraph(&byline)]),
    ];
    fit::lay_out(marp::ROOM, &head, &groups)
}

fn verdict(summary: &Summary) -> Vec<String> {
    let report = summary.report;
    let head = title(2, &format!("Verdict: {}", report.verdict.title()));
    let mut intro = Vec::new();
    if let Some(fit) = report.fit {
        intro.push(Block::new(
            format!("**Fit: {fit} / 100**\n\n"),
            marp::LINE + marp::GAP,
        ));
    }
    let (could, should) = (report.could_answer(), report.should_answer());
    let shown = lines(&format!("Can it run on functions? {could}"), marp::TEXT)
        + lines(&format!("Is it worth it? {should}"), marp::TEXT);
    intro.push(Block::new(
        format!(
            "**Can it run on functions?** {}  \n**Is it worth it?** {}\n\n",
            escape(&could),
            escape(&should)
        ),
        shown as f32 * marp::LINE + marp::GAP,
    ));
    let reasons: Vec<String> = report
        .explanation()
        .into_iter()
        .chain(summary.confidence.map(|c| c.sentence()))
        .collect();
    let explanation = list(Head::same(Block::new("", marp::GAP)), texts(&reasons));
    fit::lay_out(marp::ROOM, &head, &[Group::plain(intro), explanation])
}

/// The rounds before this one, each in a line, and what changed since the last of them.
fn history(summary: &Summary) -> Vec<String> {
    let Some((rounds, since)) = &summary.history else {
        return Vec::new();
    };
    let head = title(2, "Earlier rounds");
    let closed: Vec<String> = rounds.iter().map(Round::sentence).collect();
    let changed = since.changes();
    let groups = [
        list(Head::same(Block::new("", marp::GAP)), texts(&closed)),
        list(
            bold(
                &format!("Since {}", since.before.label().to_lowercase()),
                marp::GAP,
            ),
            texts(&changed),
        ),
    ];
    fit::lay_out(marp::ROOM, &head, &groups)
}

/// Each part's verdict, when the team split the workload: a table of the short answers (its
/// columns as wide as Marp's automatic table layout makes them, roughly), then each part's
/// reasons.
fn parts(summary: &Summary) -> Vec<String> {
    let parts = &summary.report.parts;
    if parts.is_empty() {
        return Vec::new();
    }
    let head = title(2, "Part by part");
    let header = ["Part", "Can it run on functions?", "Verdict"];
    let rows: Vec<[&str; 3]> = parts
        .iter()
        .map(|part| [part.name.as_str(), part.could_word(), part.verdict.title()])
        .collect();
    let cells: Vec<&[&str]> = std::iter::once(&header[..])
        .chain(rows.iter().map(|row| &row[..]))
        .collect();
    let widths = fit::column_widths(&cells, marp::TABLE - 2 * header.len());
    let height = |row: &[&str]| {
        let tallest = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| lines(cell, *width))
            .max()
            .unwrap_or(1);
        marp::ROW + (tallest.max(1) - 1) as f32 * marp::LINE
    };
    let table = Group::new(
        Head::same(Block::new(
            "| Part | Can it run on functions? | Verdict |\n| --- | --- | --- |\n",
            height(&header) + marp::GAP,
        )),
        rows.iter()
            .map(|row| {
                Block::new(
                    format!("| {} | {} | {} |\n", escape_inline(row[0]), row[1], row[2]),
                    height(row),
                )
            })
            .collect(),
        "\n",
    );
    let mut groups = vec![table];
    groups.extend(parts.iter().map(|part| {
        list(
            bold(&format!("Why: {}", part.name), marp::GAP),
            texts(&part.reasons),
        )
    }));
    fit::lay_out(marp::ROOM, &head, &groups)
}

fn pros_and_cons(summary: &Summary) -> Vec<String> {
    let head = title(2, "Pros and cons by dimension");
    let header = Head::same(Block::new(
        "| Dimension | Importance | Pros | Cons | Score | Spread |\n| --- | --- | ---: | ---: | ---: | ---: |\n",
        marp::ROW + marp::GAP,
    ));
    let rows = summary
        .sections
        .iter()
        .map(|section| {
            let s = section.score;
            let title = &section.dimension.title;
            Block::new(
                format!(
                    "| {} | {} | {:.0}% | {:.0}% | {} | {} |\n",
                    escape_inline(title),
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
                ),
                marp::ROW + (lines(title, marp::DIMENSION).max(1) - 1) as f32 * marp::LINE,
            )
        })
        .collect();
    fit::lay_out(marp::ROOM, &head, &[Group::new(header, rows, "\n")])
}

fn dimension(section: &Section) -> Vec<String> {
    let dimension = section.dimension;
    let head = title(2, &dimension.title);
    let intro = Group::plain(vec![
        paragraph(&format!(
            "Importance: {}",
            importance_label(section.setting.importance)
        )),
        paragraph(&format!(
            "From the talk's slide \u{201c}{}\u{201d}:",
            dimension.slide.replace(['\r', '\n'], " ")
        )),
    ]);
    let left = list(
        bold(dimension.left_heading(), marp::GAP),
        texts(&dimension.left_points),
    );
    let right = list(
        bold(dimension.right_heading(), marp::GAP),
        texts(&dimension.right_points),
    );
    let answers = list(
        bold("The team's answers:", marp::GAP),
        dimension.questions.iter().map(|question| {
            let tally = answer_tally(section.counts.get(&question.id));
            let statement = question.labelled_text();
            let markdown = format!("{} ({})", escape(&statement), escape(&tally));
            (markdown, format!("{statement} ({tally})"))
        }),
    );
    let note_head = bold("Team note:", 0.0);
    let note = Group::new(
        note_head.clone(),
        text_lines(&section.setting.note, &head, &note_head),
        "",
    );
    fit::lay_out(marp::ROOM, &head, &[intro, left, right, answers, note])
}

fn red_flags(summary: &Summary) -> Vec<String> {
    let report = summary.report;
    let head = title(2, "Red flags");
    if report.flags.is_empty() {
        return fit::lay_out(
            marp::ROOM,
            &head,
            &[Group::plain(vec![paragraph("None raised.")])],
        );
    }
    let groups: Vec<Group> = report
        .flags
        .iter()
        .map(|flag| {
            // The talk's lines are quoted; an organisation's own check's lines are its own.
            let mark = if flag.own.is_some() { "-" } else { ">" };
            let quote: Vec<String> = flag
                .points
                .iter()
                .map(|point| format!("{mark} {}", escape(point)))
                .collect();
            let quoted: usize = flag.points.iter().map(|point| lines(point, marp::LIST)).sum();
            let items = vec![
                paragraph(&flag.effect()),
                paragraph(&flag.points_heading()),
                Block::new(
                    format!("{}\n\n", quote.join("  \n")),
                    quoted as f32 * marp::LINE + marp::GAP,
                ),
                paragraph(&format!("{} {}", flag.advice_heading(), flag.advice)),
                paragraph(&flag.answers()),
            ];
            Group::new(bold(&flag.title, 0.0), items, "")
        })
        .collect();
    fit::lay_out(marp::ROOM, &head, &groups)
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
