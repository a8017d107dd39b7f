//! Rounds: a team assesses again ("Assess again") and the round before is kept, closed, as the
//! team's figures only: the verdict, the fit, each dimension's score, the red flags and the
//! parts' verdicts, never one person's answers. Two rounds compare side by side.

use serde::{Deserialize, Serialize};

use crate::scoring::{Report, Verdict};

/// Most rounds an assessment keeps.
pub const MAX_ROUNDS: usize = 50;

/// A round as it ended (or, for the round under way, as it stands).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// From 1.
    pub number: i64,
    /// When it was closed; for the round under way, now.
    pub closed_at_ms: i64,
    pub content_version: String,
    pub verdict: Verdict,
    pub fit: Option<u8>,
    pub answered_questions: usize,
    pub total_questions: usize,
    pub participants: usize,
    pub dimensions: Vec<RoundDimension>,
    /// The red flags raised, by title.
    pub flags: Vec<String>,
    /// Each part's name and verdict, when the workload was split.
    pub parts: Vec<(String, Verdict)>,
}

/// A dimension's figures in a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundDimension {
    pub id: String,
    pub title: String,
    /// From -1 (servers) to 1 (serverless); `None` when nobody answered.
    pub score: Option<f64>,
    pub pros: f64,
    pub cons: f64,
}

/// Whether another round may start after `closed` closed ones: an assessment keeps at most
/// [`MAX_ROUNDS`], the one under way included.
pub fn room_for_another(closed: usize) -> Result<(), crate::ValidationError> {
    if closed + 1 >= MAX_ROUNDS {
        return Err(crate::ValidationError::new(
            "round",
            format!("An assessment keeps at most {MAX_ROUNDS} rounds. Export it and start a new assessment."),
        ));
    }
    Ok(())
}

impl Round {
    /// Round `number` as `report` scores it.
    pub fn of(report: &Report, number: i64, closed_at_ms: i64, content_version: &str) -> Round {
        Round {
            number,
            closed_at_ms,
            content_version: content_version.to_owned(),
            verdict: report.verdict,
            fit: report.fit,
            answered_questions: report.answered_questions,
            total_questions: report.total_questions,
            participants: report.participants,
            dimensions: report
                .dimensions
                .iter()
                .map(|d| RoundDimension {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    score: d.score,
                    pros: d.pros,
                    cons: d.cons,
                })
                .collect(),
            flags: report.flags.iter().map(|f| f.title.clone()).collect(),
            parts: report.parts.iter().map(|p| (p.name.clone(), p.verdict)).collect(),
        }
    }

    /// "Round 2".
    pub fn label(&self) -> String {
        format!("Round {}", self.number)
    }

    /// The closed round in a sentence, as the exports list it: "Round 1, closed 3 November
    /// 2026: Serverless first, fit 71 / 100; 12 of 40 questions answered by 3 people."
    pub fn sentence(&self) -> String {
        format!(
            "{}, closed {}: {}, fit {}; {} of {} questions answered by {} {}.",
            self.label(),
            crate::calendar::date_label(self.closed_at_ms),
            self.verdict.title(),
            self.fit
                .map_or_else(|| "none".to_owned(), |fit| format!("{fit} / 100")),
            self.answered_questions,
            self.total_questions,
            self.participants,
            if self.participants == 1 {
                "person"
            } else {
                "people"
            }
        )
    }
}

/// Rounds read from a file: at most [`MAX_ROUNDS`], numbered 1, 2, 3… in order, with fits
/// from 0 to 100 and short texts.
pub fn checked(rounds: &[Round]) -> Result<Vec<Round>, crate::ValidationError> {
    let refused = |what: &str| crate::ValidationError::new("file", format!("The file's rounds {what}."));
    if rounds.len() > MAX_ROUNDS {
        return Err(refused(&format!("are more than {MAX_ROUNDS}")));
    }
    let short = |text: &str| text.chars().count() <= 200;
    for (index, round) in rounds.iter().enumerate() {
        if usize::try_from(round.number).ok() != Some(index + 1) {
            return Err(refused("are not numbered 1, 2, 3… in order"));
        }
        let texts_short = short(&round.content_version)
            && round.dimensions.len() <= 64
            && round.dimensions.iter().all(|d| short(&d.id) && short(&d.title))
            && round.flags.len() <= 16
            && round.flags.iter().all(|f| short(f))
            && round.parts.len() <= crate::parts::MAX_PARTS
            && round.parts.iter().all(|(name, _)| short(name));
        if round.fit.is_some_and(|fit| fit > 100) || !texts_short {
            return Err(refused("hold figures or texts out of range"));
        }
    }
    Ok(rounds.to_vec())
}

/// What changed from one round to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub before: Round,
    pub after: Round,
    /// Each dimension both rounds scored or either did, by title: (before, after).
    pub dimensions: Vec<(String, Option<f64>, Option<f64>)>,
    /// Red flags the later round raised that the earlier did not.
    pub raised: Vec<String>,
    /// Red flags the earlier round raised that the later did not.
    pub cleared: Vec<String>,
}

/// Scores closer than this read as unchanged.
const UNCHANGED: f64 = 0.005;

impl Comparison {
    /// Compares two rounds, the earlier first whichever order they are given in.
    pub fn of(one: &Round, other: &Round) -> Comparison {
        let (before, after) = if one.number <= other.number {
            (one, other)
        } else {
            (other, one)
        };
        let mut dimensions: Vec<(String, Option<f64>, Option<f64>)> = before
            .dimensions
            .iter()
            .map(|d| {
                let later = after
                    .dimensions
                    .iter()
                    .find(|a| a.id == d.id)
                    .and_then(|a| a.score);
                (d.title.clone(), d.score, later)
            })
            .collect();
        dimensions.extend(
            after
                .dimensions
                .iter()
                .filter(|a| before.dimensions.iter().all(|d| d.id != a.id))
                .map(|a| (a.title.clone(), None, a.score)),
        );
        let missing_from = |round: &Round, flags: &[String]| -> Vec<String> {
            flags
                .iter()
                .filter(|f| !round.flags.contains(f))
                .cloned()
                .collect()
        };
        Comparison {
            raised: missing_from(before, &after.flags),
            cleared: missing_from(after, &before.flags),
            dimensions,
            before: before.clone(),
            after: after.clone(),
        }
    }

    /// What changed, in sentences, the verdict and the fit first.
    pub fn changes(&self) -> Vec<String> {
        let (before, after) = (&self.before, &self.after);
        let mut lines = Vec::new();
        if before.verdict == after.verdict {
            lines.push(format!("The verdict stayed: {}.", after.verdict.title()));
        } else {
            lines.push(format!(
                "The verdict moved from {} to {}.",
                before.verdict.title(),
                after.verdict.title()
            ));
        }
        match (before.fit, after.fit) {
            (Some(was), Some(is)) if was != is => {
                let way = if is > was {
                    "towards serverless"
                } else {
                    "towards servers"
                };
                lines.push(format!("The fit moved from {was} to {is}, {way}."));
            }
            (Some(was), Some(_)) => lines.push(format!("The fit stayed at {was}.")),
            _ => {}
        }
        for (title, was, is) in &self.dimensions {
            match (was, is) {
                (Some(was), Some(is)) if (is - was).abs() >= UNCHANGED => {
                    lines.push(format!("{title}: {was:+.2} to {is:+.2}."));
                }
                (None, Some(is)) => lines.push(format!("{title}: answered now ({is:+.2}).")),
                (Some(_), None) => lines.push(format!("{title}: no longer answered.")),
                _ => {}
            }
        }
        lines.extend(self.raised.iter().map(|f| format!("Red flag raised: {f}.")));
        lines.extend(self.cleared.iter().map(|f| format!("Red flag cleared: {f}.")));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(
        number: i64,
        verdict: Verdict,
        fit: Option<u8>,
        scores: &[(&str, Option<f64>)],
        flags: &[&str],
    ) -> Round {
        Round {
            number,
            closed_at_ms: number * 1_000,
            content_version: "1".into(),
            verdict,
            fit,
            answered_questions: 10,
            total_questions: 40,
            participants: 4,
            dimensions: scores
                .iter()
                .map(|(id, score)| RoundDimension {
                    id: (*id).to_owned(),
                    title: id.to_uppercase(),
                    score: *score,
                    pros: 0.5,
                    cons: 0.2,
                })
                .collect(),
            flags: flags.iter().map(|f| (*f).to_owned()).collect(),
            parts: vec![],
        }
    }

    #[test]
    fn a_closed_round_reads_as_one_sentence() {
        let mut closed = round(2, Verdict::Hybrid, Some(48), &[], &[]);
        closed.closed_at_ms = 1_793_664_000_000;
        assert_eq!(
            closed.sentence(),
            "Round 2, closed 3 November 2026: Hybrid: named parts on servers, fit 48 / 100; 10 of 40 questions answered by 4 people."
        );
        closed.fit = None;
        closed.participants = 1;
        assert!(
            closed
                .sentence()
                .ends_with("fit none; 10 of 40 questions answered by 1 person.")
        );
    }

    #[test]
    fn a_comparison_names_what_moved_and_what_stayed() {
        let first = round(
            1,
            Verdict::Hybrid,
            Some(45),
            &[("data", Some(0.2)), ("cost", Some(-0.1)), ("people", None)],
            &["Real-time systems"],
        );
        let second = round(
            2,
            Verdict::ServerlessFirst,
            Some(62),
            &[("data", Some(0.2)), ("cost", Some(0.4)), ("people", Some(0.1))],
            &["Where you need control"],
        );
        // Either order: the earlier round comes first.
        let comparison = Comparison::of(&second, &first);
        assert_eq!(comparison.before.number, 1);
        assert_eq!(comparison.raised, vec!["Where you need control".to_owned()]);
        assert_eq!(comparison.cleared, vec!["Real-time systems".to_owned()]);
        assert_eq!(
            comparison.changes(),
            vec![
                "The verdict moved from Hybrid: named parts on servers to Serverless first.".to_owned(),
                "The fit moved from 45 to 62, towards serverless.".to_owned(),
                "COST: -0.10 to +0.40.".to_owned(),
                "PEOPLE: answered now (+0.10).".to_owned(),
                "Red flag raised: Where you need control.".to_owned(),
                "Red flag cleared: Real-time systems.".to_owned(),
            ]
        );
    }

    #[test]
    fn a_round_compared_with_itself_changed_nothing_but_says_so() {
        let only = round(1, Verdict::Servers, Some(20), &[("data", Some(-0.5))], &[]);
        let comparison = Comparison::of(&only, &only);
        assert!(comparison.raised.is_empty() && comparison.cleared.is_empty());
        assert_eq!(
            comparison.changes(),
            vec![
                "The verdict stayed: Servers for this workload.".to_owned(),
                "The fit stayed at 20.".to_owned()
            ]
        );
    }

    #[test]
    fn rounds_from_a_file_are_numbered_in_order_and_few_enough() {
        let rounds: Vec<Round> = (1..=3)
            .map(|n| round(n, Verdict::Hybrid, Some(50), &[], &[]))
            .collect();
        assert_eq!(rounds[1].label(), "Round 2");
        assert_eq!(checked(&rounds), Ok(rounds.clone()));
        let most: Vec<Round> = (1..=50)
            .map(|n| round(n, Verdict::Hybrid, Some(50), &[], &[]))
            .collect();
        assert!(checked(&most).is_ok(), "fifty is the most");
        let too_many: Vec<Round> = (1..=51)
            .map(|n| round(n, Verdict::Hybrid, Some(50), &[], &[]))
            .collect();
        assert_eq!(
            checked(&too_many).unwrap_err().message,
            "The file's rounds are more than 50."
        );
        let mut over = rounds.clone();
        over[0].fit = Some(100);
        assert!(checked(&over).is_ok(), "a fit of 100 is a fit");
        over[0].fit = Some(101);
        assert!(checked(&over).is_err());
        let long = "x".repeat(201);
        let refusals: [fn(&mut Round, &str); 8] = [
            |r, long| r.content_version = long.to_owned(),
            |r, long| r.dimensions[0].id = long.to_owned(),
            |r, long| r.dimensions[0].title = long.to_owned(),
            |r, _| r.dimensions = vec![r.dimensions[0].clone(); 65],
            |r, long| r.flags = vec![long.to_owned()],
            |r, _| r.flags = vec!["Real time".to_owned(); 17],
            |r, long| r.parts = vec![(long.to_owned(), Verdict::Servers)],
            |r, _| r.parts = vec![("API".to_owned(), Verdict::Servers); crate::parts::MAX_PARTS + 1],
        ];
        for (index, refuse) in refusals.iter().enumerate() {
            let mut one = rounds.clone();
            one[2].dimensions = vec![one[2].dimensions.first().cloned().unwrap_or(RoundDimension {
                id: "data".into(),
                title: "Data".into(),
                score: None,
                pros: 0.0,
                cons: 0.0,
            })];
            assert!(checked(&one).is_ok(), "{index}: the round as it is");
            refuse(&mut one[2], &long);
            assert_eq!(
                checked(&one).unwrap_err().message,
                "The file's rounds hold figures or texts out of range.",
                "{index}"
            );
        }
    }

    #[test]
    fn the_fiftieth_round_is_the_last() {
        assert_eq!(room_for_another(0), Ok(()));
        assert_eq!(room_for_another(MAX_ROUNDS - 2), Ok(()), "the 50th starts");
        let refused = room_for_another(MAX_ROUNDS - 1).unwrap_err();
        assert_eq!(refused.field, "round");
        assert!(refused.message.contains("at most 50 rounds"), "{refused}");
    }

    #[test]
    fn dimensions_only_one_round_had_are_kept() {
        let old = round(1, Verdict::Undecided, None, &[("gone", Some(0.3))], &[]);
        let new = round(2, Verdict::Undecided, None, &[("new", Some(-0.3))], &[]);
        let comparison = Comparison::of(&old, &new);
        assert_eq!(
            comparison.dimensions,
            vec![
                ("GONE".to_owned(), Some(0.3), None),
                ("NEW".to_owned(), None, Some(-0.3))
            ]
        );
        assert_eq!(
            comparison.changes()[1..],
            [
                "GONE: no longer answered.".to_owned(),
                "NEW: answered now (-0.30).".to_owned()
            ]
        );
    }
}
