//! Downloads of a saved assessment: the slide deck (one self-contained HTML file), a Markdown
//! summary, the decision record, the next actions for a tracker, and the JSON file that
//! imports back.

mod actions;
mod decision;
mod deck;
mod fit;
mod markdown;

use std::collections::BTreeMap;

use domain::Assessment;
use domain::actions::NextAction;
use domain::calendar::iso_date;
use domain::content::{Content, Dimension};
use domain::cost::{CostInputs, Estimate, estimate};
use domain::decision::DecisionRecord;
use domain::rounds::{Comparison, Round};
use domain::scoring::Confidence;
use domain::scoring::{DimensionScore, Report};
use domain::views::Scored;
use domain::walkthrough::{DimensionSetting, dimension_answers};

pub use actions::{checklist, csv_rows};
pub use decision::decision;
pub use deck::deck;
pub use markdown::markdown;

/// Everything an export shows, gathered once.
pub struct Summary<'a> {
    pub assessment: &'a Assessment,
    pub report: &'a Report,
    /// How far the fit could move.
    pub confidence: Option<Confidence>,
    pub content: &'a Content,
    pub sections: Vec<Section<'a>>,
    /// The cost step's inputs and what they come to, if the team filled it in.
    pub costs: Option<(&'a CostInputs, Estimate)>,
    pub charts: Charts,
    /// The rounds closed before this one, and what changed since the last of them.
    pub history: Option<(&'a [Round], Comparison)>,
    /// The decision record, dated the day it was last saved, else `today_ms`.
    pub record: DecisionRecord,
    /// The team's next actions: its own once saved, else the suggestions.
    pub actions: Vec<NextAction>,
}

/// Charts as SVG, for the formats that show them.
#[derive(Default)]
pub struct Charts {
    pub pros_and_cons: String,
    pub cost: Option<String>,
}

/// One dimension with the team's answers.
pub struct Section<'a> {
    pub dimension: &'a Dimension,
    pub score: &'a DimensionScore,
    pub setting: DimensionSetting,
    /// Per question id, how many gave each answer (in the order of `Answer::ALL`).
    pub counts: BTreeMap<String, [usize; 6]>,
}

impl<'a> Summary<'a> {
    pub fn new(scored: &'a Scored, content: &'a Content, charts: Charts, today_ms: i64) -> Self {
        let sections = content
            .dimensions
            .iter()
            .zip(&scored.report.dimensions)
            .zip(dimension_answers(content, &scored.answers, &scored.settings))
            .map(|((dimension, score), answers)| Section {
                dimension,
                score,
                setting: answers.setting,
                counts: answers.counts,
            })
            .collect();
        let costs = scored.costs.as_ref().map(|inputs| (inputs, estimate(inputs)));
        let record = DecisionRecord::new(
            &scored.assessment,
            &scored.report,
            scored.costs.as_ref(),
            &scored.decision,
            today_ms,
        );
        Self {
            assessment: &scored.assessment,
            report: &scored.report,
            confidence: scored.confidence,
            content,
            sections,
            costs,
            charts,
            history: scored.rounds.last().map(|last| {
                let now = scored.current_round(today_ms);
                (&scored.rounds[..], Comparison::of(last, &now))
            }),
            record,
            actions: scored.next_actions.shown(&scored.report),
        }
    }
}

/// A download file name: `whenless-<title as a slug>-<date>.<extension>`.
pub fn file_name(assessment: &Assessment, extension: &str) -> String {
    let mut slug = String::new();
    for c in assessment.title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    let slug = if slug.is_empty() {
        "assessment".to_owned()
    } else {
        slug
    };
    format!(
        "whenless-{slug}-{}.{extension}",
        iso_date(assessment.created_at_ms)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(title: &str) -> Assessment {
        Assessment {
            id: "x".into(),
            title: title.into(),
            description: String::new(),
            created_at_ms: 1_499_385_600_000,
            content_version: "1".into(),
            current_step: 1,
            room: domain::room::Room::default(),
            version: 1,
        }
    }

    #[test]
    fn file_names_are_safe_slugs_with_the_date() {
        assert_eq!(
            file_name(&assessment("Checkout API"), "html"),
            "whenless-checkout-api-2017-07-07.html"
        );
        assert_eq!(
            file_name(&assessment("\"../../etc\" <x>"), "md"),
            "whenless-etc-x-2017-07-07.md"
        );
        assert_eq!(
            file_name(&assessment("日本"), "json"),
            "whenless-assessment-2017-07-07.json"
        );
    }
}
