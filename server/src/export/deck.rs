//! The slide deck: one self-contained HTML file (inline CSS, SVG and a few lines of script, no
//! network request of any kind) that presents full-screen with the keyboard and prints one
//! slide per 16:9 page.

use std::fmt::Write;

use domain::answers::importance_label;
use domain::calendar::date_label;
use domain::cost::grouped;
use domain::walkthrough::answer_tally;
use html_escape::encode_text as text;

use super::{Section, Summary};

const STYLE: &str = r#"
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#15191e;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1f24}
.slide{position:absolute;inset:0;margin:auto;width:min(100vw,177.78vh);height:min(56.25vw,100vh);
  display:none;flex-direction:column;gap:.6em;padding:4.5% 6%;overflow:hidden;background:#fff;
  font-size:calc(min(100vw,177.78vh)/56);line-height:1.4}
.slide.current{display:flex}
h1{font-size:2.6em;line-height:1.1;margin:0}
h2{font-size:1.8em;margin:0 0 .2em}
h3{font-size:1.05em;margin:0 0 .3em}
p,ul{margin:0}
ul{padding-left:1.2em}
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
td,th{padding:.25em .4em;border-bottom:1px solid #d3d7dd;text-align:left;vertical-align:top}
.chart{flex:1;min-height:0;display:flex;justify-content:center}
.chart svg{height:100%;width:auto;max-width:100%}
.assumptions{font-size:.72em}
.flag{border-left:.25em solid #b3261e;background:#fdecea;padding:.4em .7em;font-size:.85em}
.note{background:#eef0f3;padding:.4em .7em;font-size:.85em;white-space:pre-line}
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

/// The deck for an assessment.
pub fn deck(summary: &Summary) -> String {
    let assessment = summary.assessment;
    let report = summary.report;
    let mut slides: Vec<String> = Vec::new();

    let participants = report.participants;
    slides.push(format!(
        r#"<p class="eyebrow">Whenless assessment</p><h1>{}</h1>{}<p class="muted">{} · {} {} · questions version {}</p>
<p class="muted">Should this workload be serverless? Built on Paul Johnston's talk “When should you use a Serverless Approach?” (JeffConf London, 2017).</p>"#,
        text(&assessment.title),
        if assessment.description.is_empty() {
            String::new()
        } else {
            format!(r#"<p class="note">{}</p>"#, text(&assessment.description))
        },
        date_label(assessment.created_at_ms),
        participants,
        if participants == 1 { "participant" } else { "participants" },
        text(&assessment.content_version),
    ));

    let mut verdict = format!(
        r#"<p class="eyebrow">Verdict</p><div class="verdict verdict-{}"><h2>{}</h2><p class="fit">{}<small> / 100 fit</small></p><p><strong>Can it run on functions?</strong> {}<br><strong>Is it worth it?</strong> {}</p></div><ul>"#,
        report.verdict.slug(),
        text(report.verdict.title()),
        report.fit.map_or_else(|| "–".to_owned(), |f| f.to_string()),
        text(&report.could_answer()),
        text(&report.should_answer()),
    );
    for line in report
        .explanation()
        .into_iter()
        .chain(summary.confidence.map(|c| c.sentence()))
    {
        let _ = write!(verdict, "<li>{}</li>", text(&line));
    }
    verdict.push_str("</ul>");
    slides.push(verdict);

    if !report.parts.is_empty() {
        let mut slide = String::from(
            r#"<p class="eyebrow">Verdict</p><h2>Part by part</h2><table><thead><tr><th>Part</th><th>Can it run on functions?</th><th>Verdict</th><th>Why</th></tr></thead><tbody>"#,
        );
        for part in &report.parts {
            let _ = write!(
                slide,
                "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                text(&part.name),
                text(part.could_word()),
                text(part.verdict.title()),
                text(&part.reasons.join("; "))
            );
        }
        slide.push_str("</tbody></table>");
        slides.push(slide);
    }

    slides.push(format!(
        r#"<p class="eyebrow">Pros and cons</p><h2>What pushes towards servers (left) and serverless (right)</h2><div class="chart">{}</div>"#,
        summary.charts.pros_and_cons
    ));

    if let Some((inputs, estimate)) = &summary.costs {
        let mut slide = format!(
            r#"<p class="eyebrow">Cost and scale</p><h2>Monthly cost</h2><p>{}</p><div class="columns"><div>{}</div><ul class="assumptions">"#,
            text(&estimate.summary()),
            summary
                .charts
                .cost
                .as_deref()
                .map_or_else(String::new, |svg| format!(r#"<div class="chart">{svg}</div>"#)),
        );
        let break_even = estimate.break_even.map_or_else(
            || "Serverless stays cheaper at any volume (machines only).".to_owned(),
            |v| format!("Break-even: {} requests a month (machines only).", grouped(v)),
        );
        let _ = write!(slide, "<li><strong>{}</strong></li>", text(&break_even));
        for assumption in inputs.assumptions() {
            let _ = write!(slide, "<li>{}</li>", text(&assumption));
        }
        slide.push_str("</ul></div>");
        slides.push(slide);
    }

    for section in &summary.sections {
        slides.push(dimension_slide(section));
    }

    let mut flags = String::from(r#"<p class="eyebrow">The talk's exceptions</p><h2>Red flags</h2>"#);
    if report.flags.is_empty() {
        flags.push_str(
            "<p>No red flags were raised: nobody said any of the talk's four exceptions holds.</p>",
        );
    }
    for flag in &report.flags {
        let quote: String = flag
            .points
            .iter()
            .map(|point| format!("<li>{}</li>", text(point)))
            .collect();
        let _ = write!(
            flags,
            r#"<div class="flag"><h3>{}</h3><p><strong>{}</strong></p><blockquote><ul>{quote}</ul></blockquote><p><strong>Our advice:</strong> {}</p><p class="muted">{}</p></div>"#,
            text(&flag.title),
            text(&flag.effect()),
            text(&flag.advice),
            text(&flag.answers())
        );
    }
    for check in &report.open_exceptions {
        let _ = write!(
            flags,
            r#"<p class="muted">Not sure yet: {}</p>"#,
            text(&check.title)
        );
    }
    slides.push(flags);

    let mut next = String::from(r#"<p class="eyebrow">Next steps</p><h2>What to do next</h2><ol>"#);
    for action in report.next_actions() {
        let _ = write!(next, "<li>{}</li>", text(&action));
    }
    next.push_str("</ol>");
    slides.push(next);

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

fn dimension_slide(section: &Section) -> String {
    let dimension = section.dimension;
    let score = section.score;
    let mut slide = format!(
        r#"<p class="eyebrow">Dimension · {}</p><h2>{}</h2><p class="muted">{}</p><p class="muted">From the talk's slide “{}”</p><div class="columns"><div class="column left"><h3>{}</h3><ul>"#,
        text(importance_label(section.setting.importance)),
        text(&dimension.title),
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
        text(&dimension.slide),
        text(dimension.left_heading()),
    );
    for point in &dimension.left_points {
        let _ = write!(slide, "<li>{}</li>", text(point));
    }
    let _ = write!(
        slide,
        r#"</ul></div><div class="column right"><h3>{}</h3><ul>"#,
        text(dimension.right_heading())
    );
    for point in &dimension.right_points {
        let _ = write!(slide, "<li>{}</li>", text(point));
    }
    slide.push_str("</ul></div></div><table><tbody>");
    for question in &dimension.questions {
        let tally = answer_tally(section.counts.get(&question.id));
        let _ = write!(
            slide,
            "<tr><td>{}</td><td>{}</td></tr>",
            text(&question.text),
            text(&tally)
        );
    }
    slide.push_str("</tbody></table>");
    if !section.setting.note.is_empty() {
        let _ = write!(
            slide,
            r#"<p class="note"><strong>Team note:</strong> {}</p>"#,
            text(&section.setting.note)
        );
    }
    slide
}
