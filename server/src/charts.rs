//! Charts drawn on the server with plotters, as SVG.

use app::domain::scoring::Report;
use plotters::prelude::*;

const WIDTH: u32 = 900;
const HEIGHT: u32 = 520;
const SERVERS: RGBColor = RGBColor(0xb4, 0x46, 0x1a);
const SERVERLESS: RGBColor = RGBColor(0x0b, 0x7a, 0x5c);
const INK: RGBColor = RGBColor(0x1b, 0x1f, 0x24);
const GRID: RGBColor = RGBColor(0xd3, 0xd7, 0xdd);

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use app::domain::answers::Answer;
    use app::domain::content::Content;
    use app::domain::scoring::{Responses, score};

    use super::*;

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
