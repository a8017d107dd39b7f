//! The slide deck: one self-contained HTML file (inline CSS, SVG and a few lines of script, no
//! network request of any kind) that presents full-screen with the keyboard and prints one
//! slide per 16:9 page.

use std::fmt::Write;

use domain::answers::importance_label;
use domain::calendar::date_label;
use domain::cost::{CostInputs, Estimate, grouped};
use domain::walkthrough::answer_tally;
use html_escape::encode_text as text;

use super::fit::{self, Block, Group, Head, lines};
use super::{Section, Summary};

const STYLE: &str = r#"
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#15191e;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24}
.slide{position:absolute;inset:0;margin:auto;width:min(100vw,177.78vh);height:min(56.25vw,100vh);
  display:none;flex-direction:column;gap:.6em;padding:4.5% 6%;overflow:hidden;background:#fff;
  font-size:calc(min(100vw,177.78vh)/56);line-height:1.4;overflow-wrap:break-word}
.slide.current{display:flex}
h1{font-size:2.6em;line-height:1.1;margin:0}
h2{font-size:1.8em;margin:0 0 .2em}
h3{font-size:1.05em;margin:0 0 .3em}
p,ul,ol{margin:0}
ul,ol{padding-left:1.2em}
li{margin:.15em 0}
.eyebrow{color:#1f5fbf;font-weight:700;letter-spacing:.06em;text-transform:uppercase;font-size:.8em}
.muted{color:#4f5661}
.fit{font-size:4em;font-weight:800;line-height:1}
.fit small{font-size:.3em;font-weight:600;color:#4f5661}
.verdict{border-left:.35em solid #4f5661;padding-left:.6em}
.verdict-serverless-first{border-color:#0b7a5c}.verdict-serverless-once-gaps-closed{border-color:#0b7a5c;border-left-style:dashed}.verdict-hybrid{border-color:#1f5fbf}.verdict-servers{border-color:#b4461a}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.column{border-top:.25em solid;padding-top:.3em;font-size:.85em}
.left{border-color:#b4461a}.right{border-color:#0b7a5c}
table{border-collapse:collapse;font-size:.78em;width:100%}
.answers{table-layout:fixed}
.answers td:first-child{width:58%}
.answers.short td:first-child{width:80%}
.parts{table-layout:fixed}
.parts th:first-child{width:40%}.parts thead th:nth-child(2){width:25%}
.reasons{font-size:.85em}
.reasons h3{margin:0 0 .3em}
td,th{padding:.25em .4em;border-bottom:1px solid #d3d7dd;text-align:left;vertical-align:top}
.chart{flex:1;min-height:0;display:flex;justify-content:center}
.chart svg{height:100%;width:auto;max-width:100%}
.columns .chart{margin-bottom:.6em}
.assumptions{font-size:.72em}
.flag{border-left:.25em solid #b3261e;background:#fdecea;padding:.4em .7em;font-size:.85em}
.flag h3,.note h3{margin:0}
.flag p,.flag blockquote,.note p{margin:.35em 0 0}
.flag blockquote{margin-left:1em}
.note{background:#eef0f3;padding:.4em .7em;font-size:.85em}
.note>p:first-child{margin-top:0}
.counter{position:fixed;right:1em;bottom:.8em;color:#aab3be;font:14px system-ui,sans-serif}
@page{size:16in 9in;margin:0}
@media print{
  html,body{background:#fff;height:auto}
  .slide{display:flex;position:relative;inset:auto;width:16in;height:9in;font-size:20pt;break-after:page;page-break-after:always}
  .slide:last-of-type{break-after:auto;page-break-after:auto}
  .counter{display:none}
}
"#;

const SCRIPT: &str = r#"
(function(){
  var slides=[].slice.call(document.querySelectorAll('.slide'));
  var counter=document.querySelector('.counter');
  var at=0;
  function show(n){
    at=Math.max(0,Math.min(slides.length-1,n));
    slides.forEach(function(s,i){s.classList.toggle('current',i===at)});
    counter.textContent=(at+1)+' / '+slides.length;
    history.replaceState(null,'','#'+(at+1));
  }
  document.addEventListener('keydown',function(e){
    if(['ArrowRight','ArrowDown','PageDown',' ','Enter'].indexOf(e.key)>=0){show(at+1);e.preventDefault();}
    else if(['ArrowLeft','ArrowUp','PageUp','Backspace'].indexOf(e.key)>=0){show(at-1);e.preventDefault();}
    else if(e.key==='Home'){show(0);}
    else if(e.key==='End'){show(slides.length-1);}
    else if(e.key==='f'&&document.documentElement.requestFullscreen){document.documentElement.requestFullscreen();}
  });
  document.addEventListener('click',function(){show(at+1)});
  show((parseInt(location.hash.slice(1),10)||1)-1);
})();
"#;

/// The deck's layout in ems of a slide's text, that the slides are split to fit: on screen a
/// slide is 56 em wide and 31.5 em high with 2.52 em of padding above and below and 3.36 em at
/// the sides (printed, 57.6 em by 32.4 em: a little more room). Characters are taken as 0.58 em
/// wide at 1 em (DejaVu Sans, the widest common system font, averages about 0.55 em on
/// English), bold ones as 0.64 em.
mod em {
    pub const ROOM: f32 = 31.5 - 2.0 * 2.52;
    pub const WIDTH: f32 = 56.0 - 2.0 * 3.36;
    /// Between the slide's blocks (`.slide{gap}`).
    pub const GAP: f32 = 0.6;
    /// An eyebrow's line (0.8 em), and the space below a heading (`h2{margin}`: 0.2 of 1.8 em).
    pub const EYEBROW: f32 = 0.8 * 1.4;
    pub const BELOW_H2: f32 = 0.2 * 1.8;
    pub const CHAR: f32 = 0.58;
    pub const BOLD: f32 = 0.64;
    /// A column of two, 1 em apart (`.columns`).
    pub const COLUMN: f32 = (WIDTH - 1.0) / 2.0;
    /// A list's indent (`ul,ol{padding-left}`) and the space above each item (`li{margin}`).
    pub const INDENT: f32 = 1.2;
    pub const ITEM: f32 = 0.15;
    /// A box's text (`.note`, `.flag`, `.column`), its padding and the space between its blocks.
    pub const BOX: f32 = 0.85;
    pub const BOX_PADDING: (f32, f32) = (0.4, 0.7);
    pub const BOX_SPACE: f32 = 0.35;
    /// The answers' table: text, the question's share of the width (more when every tally is
    /// short: `.answers.short`), padding and border.
    pub const TABLE: f32 = 0.78;
    pub const QUESTION: f32 = 0.58;
    pub const QUESTION_SHORT: (f32, usize) = (0.8, 20);
    /// The part-by-part table's columns (`.parts`): the part, can it run on functions, verdict.
    pub const PARTS: [f32; 3] = [0.4, 0.25, 0.35];
    pub const CELL_PADDING: (f32, f32) = (0.25, 0.4);
    pub const RULE: f32 = 0.05;
    /// The cost assumptions' text.
    pub const ASSUMPTIONS: f32 = 0.72;
}

/// The height of `text` in `font` em on lines `line` times that, `width` em wide, in ems of the
/// slide's text; `char` is a character's width at 1 em.
fn height(text: &str, font: f32, line: f32, width: f32, char: f32) -> f32 {
    let chars = (width / (font * char)).floor() as usize;
    lines(text, chars) as f32 * font * line
}

/// Text at 1.4 lines.
fn set(text: &str, font: f32, width: f32) -> f32 {
    height(text, font, 1.4, width, em::CHAR)
}

fn set_bold(text: &str, font: f32, width: f32) -> f32 {
    height(text, font, 1.4, width, em::BOLD)
}

/// A slide's title: an eyebrow, and a heading that says "(continued)" on the slides after the
/// first.
fn title(eyebrow: &str, heading: &str) -> Head {
    let block = |heading: &str| {
        Block::new(
            format!(
                r#"<p class="eyebrow">{}</p><h2>{}</h2>"#,
                text(eyebrow),
                text(heading)
            ),
            em::EYEBROW + em::GAP + set_bold(heading, 1.8, em::WIDTH) + em::BELOW_H2,
        )
    };
    Head {
        first: block(heading),
        continued: block(&format!("{heading} (continued)")),
    }
}

/// Paragraphs, each a block of the slide.
fn paragraphs(class: &str, lines: impl IntoIterator<Item = String>) -> Group {
    let open = if class.is_empty() {
        "<p>".to_owned()
    } else {
        format!(r#"<p class="{class}">"#)
    };
    Group::plain(
        lines
            .into_iter()
            .map(|line| {
                Block::new(
                    format!("{open}{}</p>", text(&line)),
                    em::GAP + set(&line, 1.0, em::WIDTH),
                )
            })
            .collect(),
    )
}

/// A box (`.note`) of people's text, under a heading if it has one, each line a paragraph; a
/// line too long for a slide under `title` is split at sentence ends, blank lines are dropped.
fn note(heading: Option<&str>, body: &str, title: &Head) -> Group {
    let width = em::WIDTH - 2.0 * em::BOX_PADDING.1 * em::BOX;
    let padding = em::GAP + 2.0 * em::BOX_PADDING.0 * em::BOX;
    let head = match heading {
        Some(heading) => {
            let head = |heading: &str| {
                Block::new(
                    format!(r#"<div class="note"><h3>{}</h3>"#, text(heading)),
                    padding + set_bold(heading, 1.05 * em::BOX, width),
                )
            };
            Head {
                first: head(heading),
                continued: head(&format!("{heading} (continued)")),
            }
        }
        None => Head::same(Block::new(r#"<div class="note">"#, padding)),
    };
    let line = em::BOX * 1.4;
    let room = em::ROOM - title.continued.height - head.continued.height - em::BOX_SPACE;
    let chars = (width / (em::BOX * em::CHAR)).floor() as usize;
    let most = ((room / line).floor() as usize).max(1);
    let items = body
        .lines()
        .flat_map(|line| fit::split_text(line, chars, most))
        .map(|piece| {
            Block::new(
                format!("<p>{}</p>", text(&piece)),
                em::BOX_SPACE * em::BOX + lines(&piece, chars) as f32 * line,
            )
        })
        .collect();
    Group::new(head, items, "</div>")
}

/// The height of a list's item, `font` em, in a list `width` em wide.
fn item_height(shown: &str, font: f32, width: f32) -> f32 {
    em::ITEM * font + set(shown, font, width - em::INDENT * font)
}

/// The deck for an assessment: slides that each fit, long content going on to slides of its
/// own marked "(continued)".
pub fn deck(summary: &Summary) -> String {
    let assessment = summary.assessment;
    let mut slides: Vec<String> = Vec::new();
    slides.extend(opening(summary));
    slides.extend(verdict(summary));
    slides.extend(history(summary));
    slides.extend(parts(summary));
    slides.push(format!(
        r#"<p class="eyebrow">Pros and cons</p><h2>What pushes towards servers (left) and serverless (right)</h2><div class="chart">{}</div>"#,
        summary.charts.pros_and_cons
    ));
    if let Some((inputs, estimate)) = &summary.costs {
        slides.extend(costs(summary, inputs, estimate));
    }
    for section in &summary.sections {
        slides.extend(dimension_slides(section));
    }
    slides.extend(red_flags(summary));
    let head = title("Next steps", "What to do next");
    let steps = summary
        .actions
        .iter()
        .map(|action| action.checklist_line())
        .enumerate()
        .map(|(index, action)| {
            Block::new(
                format!(r#"<li value="{}">{}</li>"#, index + 1, text(&action)),
                item_height(&action, 1.0, em::WIDTH),
            )
        })
        .collect();
    let steps = Group::new(Head::same(Block::new("<ol>", em::GAP + em::ITEM)), steps, "</ol>");
    slides.extend(fit::lay_out(em::ROOM, &head, &[steps]));
    slides.extend(decision(summary));

    let mut html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} · Whenless</title><style>{STYLE}</style></head><body>"#,
        text(&assessment.title)
    );
    for (index, slide) in slides.iter().enumerate() {
        let _ = write!(
            html,
            r#"<section class="slide" aria-label="Slide {}">{slide}</section>"#,
            index + 1
        );
    }
    let _ = write!(
        html,
        r#"<div class="counter" aria-hidden="true"></div><script>{SCRIPT}</script></body></html>"#
    );
    html
}

fn opening(summary: &Summary) -> Vec<String> {
    let assessment = summary.assessment;
    let participants = summary.report.participants;
    let head = |title: &str| {
        Block::new(
            format!(
                r#"<p class="eyebrow">Whenless assessment</p><h1>{}</h1>"#,
                text(title)
            ),
            em::EYEBROW + em::GAP + height(title, 2.6, 1.1, em::WIDTH, em::BOLD),
        )
    };
    let head = Head {
        first: head(&assessment.title),
        continued: head(&format!("{} (continued)", assessment.title)),
    };
    let description = note(None, &assessment.description, &head);
    let meta = paragraphs(
        "muted",
        [
            format!(
                "{} · {participants} {} · questions version {}",
                date_label(assessment.created_at_ms),
                if participants == 1 {
                    "participant"
                } else {
                    "participants"
                },
                assessment.content_version
            ),
            "Should this workload be serverless? Built on Paul Johnston's talk \u{201c}When should you use a Serverless Approach?\u{201d} (JeffConf London, 2017).".to_owned(),
        ],
    );
    fit::lay_out(em::ROOM, &head, &[description, meta])
}

fn verdict(summary: &Summary) -> Vec<String> {
    let report = summary.report;
    let (could, should) = (report.could_answer(), report.should_answer());
    let slug = report.verdict.slug();
    let verdict = report.verdict.title();
    // `.verdict`: a 0.35 em rule and 0.6 em of padding on the left.
    let box_width = em::WIDTH - 0.35 - 0.6;
    let first = Block::new(
        format!(
            r#"<p class="eyebrow">Verdict</p><div class="verdict verdict-{slug}"><h2>{}</h2><p class="fit">{}<small> / 100 fit</small></p><p><strong>Can it run on functions?</strong> {}<br><strong>Is it worth it?</strong> {}</p></div>"#,
            text(verdict),
            report.fit.map_or_else(|| "–".to_owned(), |f| f.to_string()),
            text(&could),
            text(&should),
        ),
        em::EYEBROW
            + em::GAP
            + set_bold(verdict, 1.8, box_width)
            + em::BELOW_H2
            + 4.0
            + set(&format!("Can it run on functions? {could}"), 1.0, box_width)
            + set(&format!("Is it worth it? {should}"), 1.0, box_width),
    );
    let continued = format!("{verdict} (continued)");
    let head = Head {
        first,
        continued: Block::new(
            format!(
                r#"<p class="eyebrow">Verdict</p><div class="verdict verdict-{slug}"><h2>{}</h2></div>"#,
                text(&continued)
            ),
            em::EYEBROW + em::GAP + set_bold(&continued, 1.8, box_width) + em::BELOW_H2,
        ),
    };
    let lines: Vec<String> = report
        .explanation()
        .into_iter()
        .chain(summary.confidence.map(|c| c.sentence()))
        .collect();
    fit::lay_out(em::ROOM, &head, &[bullets(None, &lines)])
}

/// A bulleted list, each line an item, under a bold line when `heading` is given.
fn bullets(heading: Option<&str>, lines: &[String]) -> Group {
    let open = match heading {
        Some(heading) => Block::new(
            format!("<p><strong>{}</strong></p><ul>", text(heading)),
            2.0 * em::GAP + set_bold(heading, 1.0, em::WIDTH) + em::ITEM,
        ),
        None => Block::new("<ul>", em::GAP + em::ITEM),
    };
    let items = lines
        .iter()
        .map(|line| {
            Block::new(
                format!("<li>{}</li>", text(line)),
                item_height(line, 1.0, em::WIDTH),
            )
        })
        .collect();
    Group::new(Head::same(open), items, "</ul>")
}

/// The rounds before this one, each in a sentence, and what changed since the last of them.
fn history(summary: &Summary) -> Vec<String> {
    let Some((rounds, since)) = &summary.history else {
        return Vec::new();
    };
    let closed: Vec<String> = rounds.iter().map(domain::rounds::Round::sentence).collect();
    let since_heading = format!("Since {}", since.before.label().to_lowercase());
    fit::lay_out(
        em::ROOM,
        &title("Assessed again", "Earlier rounds"),
        &[
            bullets(None, &closed),
            bullets(Some(&since_heading), &since.changes()),
        ],
    )
}

/// Each part's verdict, when the team split the workload: a table of the short answers, then
/// each part's reasons.
fn parts(summary: &Summary) -> Vec<String> {
    let parts = &summary.report.parts;
    if parts.is_empty() {
        return Vec::new();
    }
    let head = title("Verdict", "Part by part");
    let font = em::TABLE;
    let widths = em::PARTS.map(|share| em::WIDTH * share - 2.0 * em::CELL_PADDING.1 * font);
    let rows = parts
        .iter()
        .map(|part| {
            let cells = [part.name.as_str(), part.could_word(), part.verdict.title()];
            let tallest = set_bold(cells[0], font, widths[0])
                .max(set(cells[1], font, widths[1]))
                .max(set(cells[2], font, widths[2]));
            Block::new(
                format!(
                    "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
                    text(cells[0]),
                    text(cells[1]),
                    text(cells[2])
                ),
                2.0 * em::CELL_PADDING.0 * font + em::RULE + tallest,
            )
        })
        .collect();
    let header = ["Part", "Can it run on functions?", "Verdict"];
    let header_height = header
        .iter()
        .zip(&widths)
        .map(|(cell, width)| set_bold(cell, font, *width))
        .fold(0.0, f32::max);
    let table = Group::new(
        Head::same(Block::new(
            r#"<table class="parts"><thead><tr><th>Part</th><th>Can it run on functions?</th><th>Verdict</th></tr></thead><tbody>"#,
            em::GAP + 2.0 * em::CELL_PADDING.0 * font + em::RULE + header_height,
        )),
        rows,
        "</tbody></table>",
    );
    let mut groups = vec![table];
    let font = em::BOX;
    for part in parts {
        let head = |heading: &str| {
            Block::new(
                format!(r#"<div class="reasons"><h3>{}</h3><ul>"#, text(heading)),
                em::GAP + set_bold(heading, 1.05 * font, em::WIDTH) + 0.3 * 1.05 * font + em::ITEM * font,
            )
        };
        let heading = format!("Why: {}", part.name);
        let reasons = part
            .reasons
            .iter()
            .map(|reason| {
                Block::new(
                    format!("<li>{}</li>", text(reason)),
                    item_height(reason, font, em::WIDTH),
                )
            })
            .collect();
        groups.push(Group::new(
            Head {
                continued: head(&format!("{heading} (continued)")),
                first: head(&heading),
            },
            reasons,
            "</ul></div>",
        ));
    }
    fit::lay_out(em::ROOM, &head, &groups)
}

/// The cost slides: the chart, with what it comes to below it, beside the assumptions; those
/// that do not fit there go on to slides of their own. (The chart and the sentence below it
/// are shorter than the room beside them: see the test.)
fn costs(summary: &Summary, inputs: &CostInputs, estimate: &Estimate) -> Vec<String> {
    let head = title("Cost and scale", "Monthly cost");
    let outcome = estimate.summary();
    let break_even = estimate.break_even.map_or_else(
        || "Serverless stays cheaper at any volume (machines only).".to_owned(),
        |v| format!("Break-even: {} requests a month (machines only).", grouped(v)),
    );
    let font = em::ASSUMPTIONS;
    let mut items = vec![Block::new(
        format!("<li><strong>{}</strong></li>", text(&break_even)),
        em::ITEM * font + set_bold(&break_even, font, em::COLUMN - em::INDENT * font),
    )];
    items.extend(inputs.assumptions().iter().map(|assumption| {
        Block::new(
            format!("<li>{}</li>", text(assumption)),
            item_height(assumption, font, em::COLUMN),
        )
    }));
    let list = Group::new(Head::same(Block::new("", em::GAP + em::ITEM * font)), items, "");
    let chart = summary
        .charts
        .cost
        .as_deref()
        .map_or_else(String::new, |svg| format!(r#"<div class="chart">{svg}</div>"#));
    fit::paginate(em::ROOM, &head, std::slice::from_ref(&list))
        .into_iter()
        .enumerate()
        .map(|(number, parts)| {
            let listed: String = parts
                .iter()
                .flat_map(|part| &list.items[part.items.clone()])
                .map(|item| item.text.as_str())
                .collect();
            let listed = format!(r#"<ul class="assumptions">{listed}</ul>"#);
            if number == 0 {
                format!(
                    r#"{}<div class="columns"><div>{chart}<p>{}</p></div>{listed}</div>"#,
                    head.first.text,
                    text(&outcome)
                )
            } else {
                format!("{}{listed}", head.continued.text)
            }
        })
        .collect()
}

fn dimension_slides(section: &Section) -> Vec<String> {
    let dimension = section.dimension;
    let score = section.score;
    let head = title(
        &format!("Dimension · {}", importance_label(section.setting.importance)),
        &dimension.title,
    );
    let intro = paragraphs(
        "muted",
        [
            match score.score {
                Some(s) if score.respondents > 1 => format!(
                    "Score {s:+.2} · pros {:.0}% · cons {:.0}% · spread {:.2}",
                    score.pros * 100.0,
                    score.cons * 100.0,
                    score.spread
                ),
                Some(s) => format!(
                    "Score {s:+.2} · pros {:.0}% · cons {:.0}%",
                    score.pros * 100.0,
                    score.cons * 100.0
                ),
                None => "Not answered".to_owned(),
            },
            format!("From the talk's slide \u{201c}{}\u{201d}", dimension.slide),
        ],
    );
    let column = |class: &str, heading: &str, points: &[String]| {
        let font = em::BOX;
        let mut html = format!(r#"<div class="column {class}"><h3>{}</h3><ul>"#, text(heading));
        // `.column`: a 0.25 em rule and 0.3 em of padding above its heading (`h3`, 1.05 em,
        // 0.3 em below).
        let mut tall = 0.55 * font + set_bold(heading, 1.05 * font, em::COLUMN) + 0.3 * 1.05 * font;
        for point in points {
            let _ = write!(html, "<li>{}</li>", text(point));
            tall += item_height(point, font, em::COLUMN);
        }
        html.push_str("</ul></div>");
        (html, tall + em::ITEM * font)
    };
    let (left, left_tall) = column("left", dimension.left_heading(), &dimension.left_points);
    let (right, right_tall) = column("right", dimension.right_heading(), &dimension.right_points);
    let columns = Group::plain(vec![Block::new(
        format!(r#"<div class="columns">{left}{right}</div>"#),
        em::GAP + left_tall.max(right_tall),
    )]);
    let font = em::TABLE;
    let tallies: Vec<String> = dimension
        .questions
        .iter()
        .map(|question| answer_tally(section.counts.get(&question.id)))
        .collect();
    let (class, share) = if tallies
        .iter()
        .all(|tally| tally.chars().count() <= em::QUESTION_SHORT.1)
    {
        ("answers short", em::QUESTION_SHORT.0)
    } else {
        ("answers", em::QUESTION)
    };
    let question_width = em::WIDTH * share - 2.0 * em::CELL_PADDING.1 * font;
    let tally_width = em::WIDTH * (1.0 - share) - 2.0 * em::CELL_PADDING.1 * font;
    let rows = dimension
        .questions
        .iter()
        .zip(&tallies)
        .map(|(question, tally)| {
            let statement = question.labelled_text();
            Block::new(
                format!("<tr><td>{}</td><td>{}</td></tr>", text(&statement), text(tally)),
                2.0 * em::CELL_PADDING.0 * font
                    + em::RULE
                    + set(&statement, font, question_width).max(set(tally, font, tally_width)),
            )
        })
        .collect();
    let answers = Group::new(
        Head::same(Block::new(format!(r#"<table class="{class}"><tbody>"#), em::GAP)),
        rows,
        "</tbody></table>",
    );
    let note = note(Some("Team note"), &section.setting.note, &head);
    fit::lay_out(em::ROOM, &head, &[intro, columns, answers, note])
}

/// The decision record, last: its status and date, the decision, its consequences and when to
/// revisit it.
fn decision(summary: &Summary) -> Vec<String> {
    let record = &summary.record;
    let head = title(
        &format!(
            "Decision record \u{b7} {} \u{b7} {}",
            record.status.label(),
            record.date
        ),
        "The decision",
    );
    let outcome = note(None, &record.outcome, &head);
    let consequences = record
        .consequences
        .iter()
        .map(|c| c.sentence())
        .collect::<Vec<_>>();
    let heading = |text: &str| {
        Block::new(
            format!("<h3>{}</h3><ul>", text),
            em::GAP + set_bold(text, 1.05, em::WIDTH) + 0.3 * 1.05 + em::ITEM,
        )
    };
    let listed = Group::new(
        Head {
            first: heading("Consequences"),
            continued: heading("Consequences (continued)"),
        },
        consequences
            .iter()
            .map(|line| {
                Block::new(
                    format!("<li>{}</li>", text(line)),
                    item_height(line, 1.0, em::WIDTH),
                )
            })
            .collect(),
        "</ul>",
    );
    let mut groups = vec![outcome];
    if !consequences.is_empty() {
        groups.push(listed);
    }
    groups.push(paragraphs("muted", [record.confirmation.clone()]));
    fit::lay_out(em::ROOM, &head, &groups)
}

/// What the exceptions step asked about: the talk's four exceptions, and an organisation's
/// own checks when its content adds some.
fn checked(content: &domain::content::Content) -> String {
    match content.exceptions.iter().find_map(|check| check.own.as_deref()) {
        Some(organisation) => format!(
            "the talk's four exceptions or {}",
            domain::content::own_label(organisation, "checks")
        ),
        None => "the talk's four exceptions".to_owned(),
    }
}

fn red_flags(summary: &Summary) -> Vec<String> {
    let report = summary.report;
    let head = title("The talk's exceptions", "Red flags");
    let mut groups = Vec::new();
    if report.flags.is_empty() {
        groups.push(paragraphs(
            "",
            [format!(
                "No red flags were raised: nobody said any of {} holds.",
                checked(summary.content)
            )],
        ));
    }
    let font = em::BOX;
    // `.flag`: padding and a 0.25 em rule on the left.
    let width = em::WIDTH - 2.0 * em::BOX_PADDING.1 * font - 0.25 * font;
    let space = em::BOX_SPACE * font;
    for flag in &report.flags {
        let head = |title: &str| {
            Block::new(
                format!(r#"<div class="flag"><h3>{}</h3>"#, text(title)),
                em::GAP + 2.0 * em::BOX_PADDING.0 * font + set_bold(title, 1.05 * font, width),
            )
        };
        let quote_width = width - font;
        let quote: String = flag
            .points
            .iter()
            .map(|point| format!("<li>{}</li>", text(point)))
            .collect();
        let quoted: f32 = flag
            .points
            .iter()
            .map(|point| item_height(point, font, quote_width))
            .sum();
        let effect = flag.effect();
        let advice = format!("{} {}", flag.advice_heading(), flag.advice);
        let answers = flag.answers();
        let source = flag.points_heading();
        let items = vec![
            Block::new(
                format!("<p><strong>{}</strong></p>", text(&effect)),
                space + set_bold(&effect, font, width),
            ),
            Block::new(
                if flag.own.is_some() {
                    // An organisation's own check: its lines are its own, not a quotation.
                    format!(r#"<p class="muted">{}</p><ul>{quote}</ul>"#, text(&source))
                } else {
                    format!(
                        r#"<p class="muted">{}</p><blockquote><ul>{quote}</ul></blockquote>"#,
                        text(&source)
                    )
                },
                2.0 * space + set(&source, font, width) + quoted + em::ITEM * font,
            ),
            Block::new(
                format!(
                    "<p><strong>{}</strong> {}</p>",
                    text(&flag.advice_heading()),
                    text(&flag.advice)
                ),
                space + set(&advice, font, width),
            ),
            Block::new(
                format!(r#"<p class="muted">{}</p>"#, text(&answers)),
                space + set(&answers, font, width),
            ),
        ];
        groups.push(Group::new(
            Head {
                first: head(&flag.title),
                continued: head(&format!("{} (continued)", flag.title)),
            },
            items,
            "</div>",
        ));
    }
    groups.push(paragraphs(
        "muted",
        report
            .open_exceptions
            .iter()
            .map(|check| format!("Not sure yet: {}", check.title)),
    ));
    fit::lay_out(em::ROOM, &head, &groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_red_flags_names_what_was_checked() {
        let talk = domain::content::Content::bundled();
        assert_eq!(checked(talk), "the talk's four exceptions");
        let mut own = talk.clone();
        own.exceptions[0].own = Some("Acme Payments".into());
        assert_eq!(
            checked(&own),
            "the talk's four exceptions or Acme Payments\u{2019} own checks"
        );
    }

    #[test]
    fn the_cost_chart_and_the_sentence_below_it_fit_under_the_title() {
        // The chart is drawn 900 × 520 and scaled to the column's width.
        let chart = em::COLUMN * 520.0 / 900.0;
        let longest = "At this volume serverless costs $999,999,999 a month, servers $999,999,999 in machines plus $999,999,999 in people.";
        let title = title("Cost and scale", "Monthly cost").first.height;
        assert!(title + em::GAP + chart + em::GAP + set(longest, 1.0, em::COLUMN) <= em::ROOM);
    }
}
