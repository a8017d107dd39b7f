//! Verdicts per part: when a team splits its workload into parts, each part's exceptions and
//! limits decide what it can run on, the team's fit whether it is worth it, and the whole
//! verdict names the split.

use serde::{Deserialize, Serialize};

use super::{ExceptionCounts, RaisedFlag, Verdict};
use crate::answers::ExceptionAnswer;
use crate::content::{Cap, Content};
use crate::parts::Part;
use crate::platform::Limits;

/// A part with its run checked against the platform's limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartInput {
    pub part: Part,
    pub limits: Limits,
}

/// What one part comes to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartVerdict {
    pub id: String,
    pub name: String,
    /// Can this part run on functions: its exceptions and limits.
    pub could: Verdict,
    /// The lower of `could` and the team's fit, with gaps named.
    pub verdict: Verdict,
    /// The exceptions answered as holding or not sure for this part.
    pub flags: Vec<RaisedFlag>,
    pub limits: Limits,
    /// Why, in sentences: each exception that holds, each limit near or over, the fit.
    pub reasons: Vec<String>,
}

impl PartVerdict {
    /// The part's verdict and its reasons in one line: "Matching engine: Servers for this
    /// workload, because “Real-time systems” holds for its core."
    pub fn line(&self) -> String {
        format!(
            "{}: {}, because {}.",
            self.name,
            self.verdict.title(),
            self.reasons.join("; ")
        )
    }

    /// Can it run on functions, in a word or two.
    pub fn could_word(&self) -> &'static str {
        match self.could {
            Verdict::ServerlessFirst => "yes",
            Verdict::ServerlessOnceGapsClosed => "yes, once its gaps are closed",
            Verdict::Hybrid => "in part",
            Verdict::Servers | Verdict::Undecided => "no",
        }
    }
}

/// Scores one part, given the verdict the team's fit gives (`uncapped`).
pub(super) fn score_part(content: &Content, input: &PartInput, uncapped: Verdict) -> PartVerdict {
    let flags: Vec<RaisedFlag> = content
        .exceptions
        .iter()
        .filter_map(|exception| {
            let answer = *input.part.exceptions.get(&exception.id)?;
            let mut counts = ExceptionCounts::default();
            counts.add(answer);
            (answer != ExceptionAnswer::No && exception.offers(answer))
                .then(|| RaisedFlag::of(exception, counts))
        })
        .collect();
    let limits = &input.limits;
    let over = limits.blocking().next().is_some();
    // A part over a hard limit cannot run on functions as it is: the part is what is over.
    let could = flags
        .iter()
        .filter_map(|f| f.cap)
        .chain(over.then_some(Cap::Servers))
        .fold(Verdict::ServerlessFirst, Verdict::capped);
    // An exception not answered for the part is an open question, as "not sure" is.
    let gaps = flags
        .iter()
        .any(|f| f.condition.is_some() || f.grade == ExceptionAnswer::Unsure)
        || limits.gaps().next().is_some()
        || content
            .exceptions
            .iter()
            .any(|e| !input.part.exceptions.contains_key(&e.id));
    let verdict = match uncapped.min(could) {
        Verdict::ServerlessFirst if gaps => Verdict::ServerlessOnceGapsClosed,
        other => other,
    };
    let mut reasons: Vec<String> = flags
        .iter()
        .map(|flag| match flag.grade {
            ExceptionAnswer::Core => format!("\u{201c}{}\u{201d} holds for its core", flag.title),
            ExceptionAnswer::Part => format!(
                "\u{201c}{}\u{201d} holds for some of it: keep {} off functions",
                flag.title, flag.part
            ),
            ExceptionAnswer::Handled => format!(
                "\u{201c}{}\u{201d} holds, with the talk\u{2019}s way out: {}",
                flag.title,
                flag.condition.as_deref().unwrap_or_default()
            ),
            ExceptionAnswer::Unsure | ExceptionAnswer::No => {
                format!("nobody is sure whether \u{201c}{}\u{201d} holds", flag.title)
            }
        })
        .collect();
    reasons.extend(
        limits
            .findings()
            .into_iter()
            .map(|finding| finding.trim_end_matches('.').to_owned()),
    );
    let unanswered: Vec<String> = content
        .exceptions
        .iter()
        .filter(|e| !input.part.exceptions.contains_key(&e.id))
        .map(|e| format!("\u{201c}{}\u{201d}", e.title))
        .collect();
    if !unanswered.is_empty() {
        reasons.push(format!("not answered yet for it: {}", unanswered.join(", ")));
    }
    if reasons.is_empty() {
        reasons.push(format!(
            "none of the talk\u{2019}s exceptions holds for it and it is within {}\u{2019}s limits",
            limits.platform
        ));
    }
    if uncapped < could {
        reasons.push(format!(
            "the team\u{2019}s answers give \u{201c}{}\u{201d} on the fit",
            uncapped.title()
        ));
    }
    PartVerdict {
        id: input.part.id.clone(),
        name: input.part.name.clone(),
        could,
        verdict,
        flags,
        limits: limits.clone(),
        reasons,
    }
}

/// The whole workload's verdict from its parts': hybrid when some parts can go serverless and
/// others stay on servers, else the lowest.
pub(super) fn combined(verdicts: impl Iterator<Item = Verdict> + Clone) -> Verdict {
    let lowest = verdicts.clone().min().unwrap_or(Verdict::Undecided);
    let highest = verdicts.max().unwrap_or(Verdict::Undecided);
    if lowest == Verdict::Servers && highest > Verdict::Servers {
        Verdict::Hybrid
    } else {
        lowest
    }
}

/// The split in one sentence: "Split into 3 parts. Serverless first: API, Reports. Servers for
/// this workload: Matching engine."
pub(super) fn split_sentence(parts: &[PartVerdict]) -> String {
    let mut groups: Vec<(Verdict, Vec<&str>)> = Vec::new();
    let mut order: Vec<Verdict> = parts.iter().map(|p| p.verdict).collect();
    order.sort_by(|a, b| b.cmp(a));
    order.dedup();
    for verdict in order {
        let names = parts
            .iter()
            .filter(|p| p.verdict == verdict)
            .map(|p| p.name.as_str())
            .collect();
        groups.push((verdict, names));
    }
    let listed: Vec<String> = groups
        .iter()
        .map(|(verdict, names)| format!("{}: {}.", verdict.title(), names.join(", ")))
        .collect();
    format!(
        "Split into {} part{}. {}",
        parts.len(),
        if parts.len() == 1 { "" } else { "s" },
        listed.join(" ")
    )
}
