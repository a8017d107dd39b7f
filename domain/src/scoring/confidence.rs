//! How sure the fit is: how far it could move if the "don't know" answers were answered, and
//! how far apart the team's own fits are. Worked out from the answers again, so it is computed
//! with a saved assessment's results, not with every score.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Report, Responses, Verdict, band, score};
use crate::answers::Answer;
use crate::content::{Content, Lean};

/// A team this size or larger shows the middle half of its own fits; a smaller one, all of
/// them.
pub const QUARTILES_FROM: usize = 5;

/// The range the fit could lie in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confidence {
    pub fit: u8,
    pub low: u8,
    pub high: u8,
    /// "Don't know" answers given.
    pub unknowns: usize,
    /// The fit with every "don't know" a mild answer towards servers, then towards serverless.
    pub unknowns_range: Option<(u8, u8)>,
    /// The team's own fits: the middle half, or all of them in a team under
    /// [`QUARTILES_FROM`]; `None` for one person.
    pub team_range: Option<(u8, u8)>,
    pub team_size: usize,
}

impl Confidence {
    /// The verdicts the fit alone gives at either end of the range.
    pub fn verdicts(&self) -> (Verdict, Verdict) {
        (band(Some(self.low)), band(Some(self.high)))
    }

    /// The range in words, with what it means for the verdict.
    pub fn sentence(&self) -> String {
        if self.low == self.high {
            return format!(
                "The fit of {} is firm: no \u{201c}don\u{2019}t know\u{201d} answers could move it, and {}.",
                self.fit,
                if self.team_size > 1 {
                    "everyone\u{2019}s own fit is the same"
                } else {
                    "one person answered"
                }
            );
        }
        let mut reasons = Vec::new();
        if let Some((low, high)) = self.unknowns_range {
            reasons.push(format!(
                "were the {} \u{201c}don\u{2019}t know\u{201d} answer{} a mild answer either way, it would be {low} to {high}",
                self.unknowns,
                if self.unknowns == 1 { "" } else { "s" }
            ));
        }
        if let Some((low, high)) = self.team_range {
            reasons.push(if self.team_size >= QUARTILES_FROM {
                format!("the middle half of the team\u{2019}s own fits run from {low} to {high}")
            } else {
                format!("the team\u{2019}s own fits run from {low} to {high}")
            });
        }
        let (at_low, at_high) = self.verdicts();
        let holds = if at_low == at_high {
            format!("across it the fit alone gives \u{201c}{}\u{201d}", at_low.title())
        } else {
            format!(
                "across it the fit alone gives anything from \u{201c}{}\u{201d} to \u{201c}{}\u{201d}",
                at_low.title(),
                at_high.title()
            )
        };
        format!(
            "The fit of {} could lie anywhere from {} to {}: {}; {holds}.",
            self.fit,
            self.low,
            self.high,
            reasons.join("; and ")
        )
    }
}

/// How sure the fit `report` gives for `responses` is; `None` before there is a fit.
pub fn confidence(content: &Content, responses: &Responses, report: &Report) -> Option<Confidence> {
    let fit = report.fit?;
    let leans: BTreeMap<&str, Lean> = content
        .dimensions
        .iter()
        .flat_map(|d| &d.questions)
        .map(|q| (q.id.as_str(), q.lean))
        .collect();
    let unknowns = responses
        .answers
        .values()
        .flat_map(|sheet| sheet.iter())
        .filter(|(id, answer)| **answer == Answer::DontKnow && leans.contains_key(id.as_str()))
        .count();
    let unknowns_range = (unknowns > 0).then(|| {
        let towards = |serverless: bool| {
            let mut answered = responses.clone();
            for sheet in answered.answers.values_mut() {
                for (id, answer) in sheet.iter_mut() {
                    if let (Answer::DontKnow, Some(lean)) = (*answer, leans.get(id.as_str())) {
                        let agree = (*lean == Lean::Serverless) == serverless;
                        *answer = if agree { Answer::Agree } else { Answer::Disagree };
                    }
                }
            }
            score(content, &answered).fit.unwrap_or(fit)
        };
        (towards(false), towards(true))
    });
    let mut own: Vec<u8> = responses
        .answers
        .iter()
        .filter_map(|(person, sheet)| {
            let alone = Responses {
                answers: BTreeMap::from([(person.clone(), sheet.clone())]),
                exceptions: BTreeMap::new(),
                importance: responses.importance.clone(),
                cost_pull: responses.cost_pull,
                limits: None,
                parts: Vec::new(),
            };
            score(content, &alone).fit
        })
        .collect();
    own.sort_unstable();
    let team_size = own.len();
    let team_range = (team_size > 1).then(|| {
        let trim = if team_size >= QUARTILES_FROM {
            (team_size - 1) / 4
        } else {
            0
        };
        (own[trim], own[team_size - 1 - trim])
    });
    let ends = [Some((fit, fit)), unknowns_range, team_range];
    let low = ends.iter().flatten().map(|(low, _)| *low).min().unwrap_or(fit);
    let high = ends.iter().flatten().map(|(_, high)| *high).max().unwrap_or(fit);
    Some(Confidence {
        fit,
        low,
        high,
        unknowns,
        unknowns_range,
        team_range,
        team_size,
    })
}
