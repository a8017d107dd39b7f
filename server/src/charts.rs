//! Charts drawn on the server with plotters, as SVG.

use domain::cost::{CostInputs, VOLUME_RANGE, estimate, grouped, money, serverless_cost, servers_cost};
use domain::rounds::Round;
use domain::scoring::Report;
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 520;
const SERVERS: RGBColor = RGBColor(0xb4, 0x46, 0x1a);
const SERVERLESS: RGBColor = RGBColor(0x0b, 0x7a, 0x5c);
const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
const GRID: RGBColor = RGBColor(0xd3, 0xd7, 0xdd);

/// The dark-mode colour of each colour the charts draw with: the page's dark surface, ink and
/// border for white, [`INK`] and [`GRID`], and a lighter shade of each series colour, which
/// keeps its hue but reads on the dark ground.
const DARK: [(RGBColor, &str); 15] = [
    (WHITE, "#1a1f25"),
    (INK, "#eef1f4"),
    (GRID, "#36404b"),
    (SERVERS, "#ff9a6b"),
    (SERVERLESS, "#4fd1a5"),
    (SERIES[0], "#7fb0ff"),
    (SERIES[1], "#ff9a6b"),
    (SERIES[2], "#4fd1a5"),
    (SERIES[3], "#d39be6"),
    (SERIES[4], "#f0c060"),
    (SERIES[5], "#5fd0e0"),
    (SERIES[6], "#ff8fbf"),
    (SERIES[7], "#b8c0ca"),
    (SERIES[8], "#b5d66b"),
    (SERIES[9], "#a9c9ff"),
];

/// A chart shown on a page follows the reader's colour scheme: an SVG shown as an image still
/// sees `prefers-color-scheme`, so a style sheet inside it swaps each colour for its [`DARK`]
/// one on a dark screen. Printed, or on a light screen, it is as drawn.
pub fn following_the_color_scheme(svg: String) -> String {
    let hex = |color: &RGBColor| format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
    let rules: String = DARK
        .iter()
        .map(|(color, dark)| {
            let light = hex(color);
            format!("[fill=\"{light}\"]{{fill:{dark}}}[stroke=\"{light}\"]{{stroke:{dark}}}")
        })
        .collect();
    let style = format!("<style>@media screen and (prefers-color-scheme: dark){{{rules}}}</style>");
    match svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| start + end + 1))
    {
        Some(at) => format!("{}{style}{}", &svg[..at], &svg[at..]),
        None => svg,
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("drawing the chart failed: {0}")]
pub struct ChartError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        ChartError(error.to_string())
    }
}

/// The pros and cons of each dimension side by side: cons (towards servers) to the left of
/// the centre line, pros (towards serverless) to the right, as shares of what the answered
/// questions could give, with each dimension's net score marked.
pub fn pros_and_cons(report: &Report) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let rows = report.dimensions.len();
        // The first dimension at the top.
        let titles: Vec<&str> = report.dimensions.iter().rev().map(|d| d.title.as_str()).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(215)
            .build_cartesian_2d(-100.0..100.0, (0..rows).into_segmented())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(GRID.mix(0.4))
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(9)
            .x_label_formatter(&|v: &f64| format!("{:.0}%", v.abs()))
            .y_label_formatter(&|segment| match segment {
                SegmentValue::CenterOf(row) => titles.get(*row).map(|t| (*t).to_owned()).unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(("sans-serif", 19).into_font().color(&INK))
            .x_desc("\u{2190} towards servers          towards serverless \u{2192}")
            .axis_desc_style(("sans-serif", 19).into_font().color(&INK))
            .draw()?;

        let bar = |row: usize, from: f64, to: f64, color: RGBColor| {
            let mut rect = Rectangle::new(
                [
                    (from, SegmentValue::Exact(row)),
                    (to, SegmentValue::Exact(row + 1)),
                ],
                color.filled(),
            );
            rect.set_margin(6, 6, 0, 0);
            rect
        };
        chart.draw_series(report.dimensions.iter().rev().enumerate().flat_map(|(row, d)| {
            [
                bar(row, -d.cons * 100.0, 0.0, SERVERS),
                bar(row, 0.0, d.pros * 100.0, SERVERLESS),
            ]
        }))?;
        chart.draw_series(report.dimensions.iter().rev().enumerate().filter_map(|(row, d)| {
            let score = d.score? * 100.0;
            Some(PathElement::new(
                vec![
                    (score, SegmentValue::Exact(row)),
                    (score, SegmentValue::Exact(row + 1)),
                ],
                INK.stroke_width(3),
            ))
        }))?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Exact(rows))],
            INK.stroke_width(1),
        )))?;
        root.present()?;
    }
    Ok(svg)
}

/// One colour per dimension in [`rounds`], told apart in colour and by their marks.
const SERIES: [RGBColor; 10] = [
    RGBColor(0x1f, 0x5f, 0xbf),
    RGBColor(0xb4, 0x46, 0x1a),
    RGBColor(0x0b, 0x7a, 0x5c),
    RGBColor(0x8a, 0x3f, 0xa0),
    RGBColor(0x8a, 0x5a, 0x00),
    RGBColor(0x00, 0x7c, 0x91),
    RGBColor(0xa3, 0x1f, 0x5c),
    RGBColor(0x4f, 0x56, 0x61),
    RGBColor(0x5b, 0x7a, 0x0b),
    RGBColor(0x17, 0x3f, 0x7a),
];

/// Each dimension's score in each round, from -1 (servers) to +1 (serverless), one line per
/// dimension, with a legend; a dimension nobody answered in a round has no point there, and
/// one nobody answered in any round no line.
pub fn rounds(rounds: &[Round]) -> Result<String, ChartError> {
    let first = rounds.first().map_or(1, |r| r.number);
    let last = rounds.last().map_or(1, |r| r.number).max(first + 1);
    // Room right of the last round for the legend, which then hides no line.
    let legend_room = 0.6 + 0.45 * (last - first) as f64;
    let mut titles: Vec<(&str, &str)> = Vec::new();
    // Only dimensions some round scored: the legend names nothing the chart does not draw.
    for dimension in rounds
        .iter()
        .flat_map(|r| &r.dimensions)
        .filter(|d| d.score.is_some())
    {
        if titles.iter().all(|(id, _)| *id != dimension.id) {
            titles.push((&dimension.id, &dimension.title));
        }
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(first as f64 - 0.2..last as f64 + legend_room, -1.0..1.0)?;
        chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.4))
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(usize::try_from(last - first + 2).unwrap_or(2))
            .x_label_formatter(&|v: &f64| {
                if (v - v.round()).abs() < 0.01 && v.round() <= last as f64 {
                    format!("Round {v:.0}")
                } else {
                    String::new()
                }
            })
            .y_labels(5)
            .y_label_formatter(&|v: &f64| format!("{v:+.1}"))
            .label_style(("sans-serif", 17).into_font().color(&INK))
            .y_desc("\u{2190} servers      serverless \u{2192}")
            .axis_desc_style(("sans-serif", 17).into_font().color(&INK))
            .draw()?;
        for (index, (id, title)) in titles.iter().enumerate() {
            let color = SERIES[index % SERIES.len()];
            let points: Vec<(f64, f64)> = rounds
                .iter()
                .filter_map(|r| {
                    let score = r.dimensions.iter().find(|d| d.id == *id)?.score?;
                    Some((r.number as f64, score))
                })
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(3)))?
                .label(*title)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3)));
            chart.draw_series(points.into_iter().map(|p| Circle::new(p, 5, color.filled())))?;
        }
        // A legend of nothing would be an empty box.
        if !titles.is_empty() {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.9))
                .border_style(GRID)
                .label_font(("sans-serif", 15).into_font().color(&INK))
                .draw()?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// Monthly cost against monthly requests for both options, each without and with its people
/// cost (dashed), with the team's workload and the break-even marked.
pub fn cost(inputs: &CostInputs) -> Result<String, ChartError> {
    let CostInputs {
        workload, pricing, ..
    } = inputs;
    let numbers = estimate(inputs);
    let volume = workload.requests_per_month.max(VOLUME_RANGE.0);
    let anchor_low = numbers.break_even.map_or(volume, |b| b.min(volume));
    let anchor_high = numbers
        .break_even_with_people
        .or(numbers.break_even)
        .map_or(volume, |b| b.max(volume));
    let x_low = (anchor_low / 10.0).max(1_000.0);
    let x_high = (anchor_high * 10.0).clamp(x_low * 100.0, VOLUME_RANGE.1);
    let samples = 240;
    let xs: Vec<f64> = (0..=samples)
        .map(|i| x_low * (x_high / x_low).powf(f64::from(i) / f64::from(samples)))
        .collect();
    let curve = |cost: &dyn Fn(f64) -> f64| -> Vec<(f64, f64)> { xs.iter().map(|&v| (v, cost(v))).collect() };
    let serverless = curve(&|v| serverless_cost(v, workload, pricing).total(false));
    let serverless_people = curve(&|v| serverless_cost(v, workload, pricing).total(true));
    let machines = curve(&|v| servers_cost(v, workload, pricing).total(false));
    let with_people = curve(&|v| servers_cost(v, workload, pricing).total(true));
    let y_high = serverless_people
        .iter()
        .chain(&with_people)
        .map(|(_, c)| *c)
        .fold(1.0, f64::max)
        * 1.08;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d((x_low..x_high).log_scale(), 0.0..y_high)?;
        chart
            .configure_mesh()
            .light_line_style(GRID.mix(0.4))
            .bold_line_style(GRID)
            .axis_style(INK)
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v: &f64| short_count(*v))
            .y_label_formatter(&|v: &f64| money(*v))
            .label_style(("sans-serif", 17).into_font().color(&INK))
            .x_desc("Requests per month")
            .y_desc("Cost per month (USD)")
            .axis_desc_style(("sans-serif", 17).into_font().color(&INK))
            .draw()?;

        chart
            .draw_series(LineSeries::new(serverless, SERVERLESS.stroke_width(3)))?
            .label("Serverless")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], SERVERLESS.stroke_width(3)));
        chart
            .draw_series(DashedLineSeries::new(
                serverless_people,
                8,
                6,
                SERVERLESS.stroke_width(2),
            ))?
            .label("Serverless with people time")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], SERVERLESS.stroke_width(1)));
        chart
            .draw_series(LineSeries::new(machines, SERVERS.stroke_width(3)))?
            .label("Servers (machines)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], SERVERS.stroke_width(3)));
        chart
            .draw_series(DashedLineSeries::new(with_people, 8, 6, SERVERS.stroke_width(2)))?
            .label("Servers with people time")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], SERVERS.stroke_width(1)));

        let label = ("sans-serif", 17).into_font().color(&INK);
        if (x_low..=x_high).contains(&volume) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(volume, 0.0), (volume, y_high)],
                INK.mix(0.6).stroke_width(2),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("your workload: {}", short_count(volume)),
                // Half-way up: the legend fills the top left, where a small workload's line is.
                (volume * 1.05, y_high * 0.5),
                label.clone(),
            )))?;
        }
        if let Some(point) = numbers.break_even.filter(|b| (x_low..=x_high).contains(b)) {
            let at = serverless_cost(point, workload, pricing).total(false);
            chart.draw_series(std::iter::once(Circle::new((point, at), 7, INK.filled())))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("break-even: {} requests, {}", short_count(point), money(at)),
                (point * 1.08, at + y_high * 0.04),
                label,
            )))?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(GRID)
            .label_font(("sans-serif", 17).into_font().color(&INK))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

/// "10M", "250k", "1.5B": request counts on the axis.
fn short_count(value: f64) -> String {
    let (scaled, suffix) = match value {
        v if v >= 1e9 => (v / 1e9, "B"),
        v if v >= 1e6 => (v / 1e6, "M"),
        v if v >= 1e3 => (v / 1e3, "k"),
        v => return grouped(v),
    };
    if scaled >= 10.0 {
        format!("{scaled:.0}{suffix}")
    } else {
        format!("{scaled:.1}{suffix}")
    }
}

/// `text` (a link) as a QR code in SVG, black on white with the quiet zone, for phones to scan
/// from a projector.
pub fn qr_code(text: &str) -> Result<String, ChartError> {
    use qrcode::render::svg;

    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|error| ChartError(error.to_string()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use domain::answers::Answer;
    use domain::content::Content;
    use domain::scoring::{Responses, score};

    use super::*;

    #[test]
    fn rounds_nobody_scored_draw_no_empty_legend() {
        let legend = "opacity=\"0.9\" fill=\"#FFFFFF\"";
        assert!(!rounds(&[]).unwrap().contains(legend));
        assert!(
            cost(&CostInputs::default()).unwrap().contains(legend),
            "the legend's look"
        );
    }

    #[test]
    fn in_dark_mode_every_colour_a_chart_draws_with_is_swapped() {
        let content = Content::bundled();
        let report = score(content, &Responses::default());
        let charts = [
            pros_and_cons(&report).unwrap(),
            cost(&CostInputs::default()).unwrap(),
            rounds(&[]).unwrap(),
        ];
        for chart in charts {
            let shown = following_the_color_scheme(chart.clone());
            let style_at = shown
                .find("<style>@media screen and (prefers-color-scheme: dark){")
                .unwrap();
            assert!(shown[..style_at].starts_with("<svg") || shown[..style_at].contains("<svg"));
            assert_eq!(
                shown.replace(&shown[style_at..shown.find("</style>").unwrap() + 8], ""),
                chart
            );
            // Every colour drawn is one the style sheet swaps: nothing stays light-only.
            assert!(chart.contains("fill=\"#FFFFFF\"") && chart.contains("stroke=\"#1B1F24\""));
            for attribute in ["fill=\"#", "stroke=\"#"] {
                for (at, _) in chart.match_indices(attribute) {
                    let drawn = &chart[at..at + attribute.len() + 7];
                    assert!(
                        shown[style_at..].contains(&format!("[{drawn}]")),
                        "{drawn} is not swapped"
                    );
                }
            }
        }
    }

    #[test]
    fn rounds_draw_a_line_for_each_dimension_some_round_scored() {
        use domain::rounds::RoundDimension;
        use domain::scoring::Verdict;
        let round = |number: i64, score: Option<f64>| Round {
            number,
            closed_at_ms: 0,
            content_version: "1".into(),
            verdict: Verdict::Hybrid,
            fit: Some(50),
            answered_questions: 1,
            total_questions: 2,
            participants: 1,
            dimensions: vec![
                RoundDimension {
                    id: "data".into(),
                    title: "Data".into(),
                    score,
                    pros: 0.5,
                    cons: 0.5,
                },
                RoundDimension {
                    id: "people".into(),
                    title: "People".into(),
                    score: None,
                    pros: 0.0,
                    cons: 0.0,
                },
            ],
            flags: vec![],
            parts: vec![],
        };
        let svg = rounds(&[round(1, Some(0.5)), round(2, None), round(3, Some(-0.25))]).unwrap();
        for label in ["Round 1", "Round 2", "Round 3", "Data"] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(!svg.contains("People"), "never scored: not in the legend");
        assert!(!svg.contains("Round 4"), "the legend's room is no round");
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "a point where the round scored it"
        );
        // One round alone still draws.
        assert!(rounds(&[round(1, Some(0.1))]).unwrap().contains("Round 1"));
    }

    #[test]
    fn draws_one_bar_pair_per_dimension_with_labels() {
        let content = Content::bundled();
        let mut sheet = BTreeMap::new();
        for dimension in &content.dimensions {
            for question in &dimension.questions {
                sheet.insert(question.id.clone(), Answer::Agree);
            }
        }
        let responses = Responses {
            answers: BTreeMap::from([("p".to_owned(), sheet)]),
            ..Default::default()
        };
        let report = score(content, &responses);
        let svg = pros_and_cons(&report).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        for dimension in &content.dimensions {
            assert!(
                svg.contains(&dimension.title.replace('&', "&amp;")),
                "missing label {}",
                dimension.title
            );
        }
        let servers = svg.matches("#B4461A").count() + svg.matches("#b4461a").count();
        let serverless = svg.matches("#0B7A5C").count() + svg.matches("#0b7a5c").count();
        assert!(
            servers >= content.dimensions.len() && serverless >= content.dimensions.len(),
            "{servers} {serverless}"
        );
    }
}
