//! Parts of a workload: a team may split what it assesses into named parts (an API, background
//! jobs, a real-time channel, batch compute) and answer the talk's exceptions and the
//! platform's limits for each, so that each part gets its own verdict. Pure data and the
//! form's rules.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::answers::ExceptionAnswer;
use crate::content::Content;
use crate::cost::{CostInputs, Workload};

/// Most parts one assessment can have: enough for any split a room discusses.
pub const MAX_PARTS: usize = 8;
/// Longest part name.
pub const NAME_MAX: usize = 60;

/// One named part of the workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Stable within the assessment: `p1`, `p2`, … in the order parts were added.
    pub id: String,
    pub name: String,
    /// Exception id → the answer for this part; an exception not answered is left out.
    #[serde(default)]
    pub exceptions: BTreeMap<String, ExceptionAnswer>,
    /// What one run of this part needs, checked against the platform's limits.
    pub run: PartRun,
}

/// What one run of a part needs: the figures of the platform's limits that differ between parts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartRun {
    pub longest_run_seconds: f64,
    pub memory_mb: f64,
    pub payload_kb: f64,
    pub uses_gateway: bool,
    pub needs_gpu: bool,
    pub keeps_state: bool,
}

/// The numbers and yes-or-nos of a part's run, by form name: the cost step's own fields, so
/// they are checked alike.
pub const RUN_FIELDS: [&str; 3] = ["longest_run_seconds", "memory_mb", "payload_kb"];
pub const RUN_FLAGS: [&str; 3] = ["uses_gateway", "needs_gpu", "keeps_state"];

impl PartRun {
    /// The run figures of `workload`.
    pub fn of(workload: &Workload) -> PartRun {
        PartRun {
            longest_run_seconds: workload.longest_run_seconds,
            memory_mb: workload.memory_mb,
            payload_kb: workload.payload_kb,
            uses_gateway: workload.uses_gateway,
            needs_gpu: workload.needs_gpu,
            keeps_state: workload.keeps_state,
        }
    }

    /// The default estimate holding this part's run figures, to read and set them by the cost
    /// step's field names and with its checks (see [`RUN_FIELDS`] and [`RUN_FLAGS`]).
    pub fn inputs(&self) -> CostInputs {
        let mut inputs = CostInputs::default();
        inputs.workload = self.applied_to(&inputs.workload);
        inputs
    }

    /// `workload` with this part's run figures: what the platform's limits are checked against.
    /// A part's runs are its own: their average is at most its longest run, however long the
    /// whole workload's average is.
    pub fn applied_to(&self, workload: &Workload) -> Workload {
        Workload {
            duration_ms: workload.duration_ms.min(self.longest_run_seconds * 1_000.0),
            longest_run_seconds: self.longest_run_seconds,
            memory_mb: self.memory_mb,
            payload_kb: self.payload_kb,
            uses_gateway: self.uses_gateway,
            needs_gpu: self.needs_gpu,
            keeps_state: self.keeps_state,
            ..workload.clone()
        }
    }
}

/// What the parts form sent: `<part id>.name`, `<part id>.exception.<exception id>` (an
/// answer's code, empty for not answered), `<part id>.<run field>`, and `<part id>.<run flag>`
/// (`on` when ticked, left out when not); a new part's name; the id of a part to remove.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartsForm {
    pub fields: BTreeMap<String, String>,
    pub add: Option<String>,
    pub remove: Option<String>,
}

impl PartsForm {
    /// The parts after this form: `saved` edited as the form says, less the one removed, plus
    /// the one added (with the run figures of the team's estimate, `costs`). Everything is
    /// checked before anything changes; an error names the part and the field.
    pub fn apply(
        &self,
        content: &Content,
        saved: &[Part],
        costs: Option<&CostInputs>,
    ) -> Result<Vec<Part>, ValidationError> {
        let mut parts = Vec::with_capacity(saved.len() + 1);
        for part in saved {
            if self.remove.as_deref() == Some(part.id.as_str()) {
                continue;
            }
            parts.push(self.edited(content, part)?);
        }
        if let Some(removed) = self.remove.as_deref()
            && !saved.iter().any(|p| p.id == removed)
        {
            return Err(ValidationError::new("remove", "There is no such part to remove."));
        }
        if let Some(name) = self.add.as_deref().filter(|n| !n.trim().is_empty()) {
            if parts.len() >= MAX_PARTS {
                return Err(ValidationError::new(
                    "add",
                    format!("An assessment has at most {MAX_PARTS} parts; remove one first."),
                ));
            }
            let next = saved
                .iter()
                .filter_map(|p| p.id.strip_prefix('p')?.parse::<u32>().ok())
                .max()
                .unwrap_or(0)
                + 1;
            parts.push(Part {
                id: format!("p{next}"),
                name: crate::text::required_text("add", "The part's name", name, NAME_MAX)?,
                exceptions: BTreeMap::new(),
                run: PartRun::of(&costs.cloned().unwrap_or_default().workload),
            });
        }
        let mut names = std::collections::BTreeSet::new();
        for part in &parts {
            if !names.insert(part.name.to_lowercase()) {
                return Err(ValidationError::new(
                    &format!("{}.name", part.id),
                    format!(
                        "Two parts are called \u{201c}{}\u{201d}: give each its own name.",
                        part.name
                    ),
                ));
            }
        }
        Ok(parts)
    }

    /// `part` as the form edits it; unchanged when the form does not carry it.
    fn edited(&self, content: &Content, part: &Part) -> Result<Part, ValidationError> {
        let key = |name: &str| format!("{}.{name}", part.id);
        let Some(name) = self.fields.get(&key("name")) else {
            return Ok(part.clone());
        };
        let name = crate::text::required_text(&key("name"), "The part's name", name, NAME_MAX)?;
        let mut exceptions = BTreeMap::new();
        for exception in &content.exceptions {
            let field = key(&format!("exception.{}", exception.id));
            let typed = self.fields.get(&field).map_or("", |t| t.trim());
            if typed.is_empty() {
                continue;
            }
            let answer = typed
                .parse::<i16>()
                .ok()
                .and_then(ExceptionAnswer::from_code)
                .filter(|a| exception.offers(*a))
                .ok_or_else(|| {
                    ValidationError::new(&field, format!("{name}: choose one of the listed answers."))
                })?;
            exceptions.insert(exception.id.clone(), answer);
        }
        // The cost step's own checks, on an estimate holding this part's figures.
        let mut inputs = part.run.inputs();
        for field in RUN_FIELDS {
            if let Some(typed) = self.fields.get(&key(field)) {
                inputs
                    .set(field, typed)
                    .map_err(|e| ValidationError::new(&key(field), format!("{name}: {}", e.message)))?;
            }
        }
        for flag in RUN_FLAGS {
            let typed = self.fields.get(&key(flag)).map_or("off", String::as_str);
            inputs
                .set(flag, typed)
                .map_err(|e| ValidationError::new(&key(flag), format!("{name}: {}", e.message)))?;
        }
        Ok(Part {
            id: part.id.clone(),
            name,
            exceptions,
            run: PartRun::of(&inputs.workload),
        })
    }
}

/// `parts` from a file, each checked as the parts form checks it: names, answers, run figures,
/// ids of the form `p<number>` without repeats, at most [`MAX_PARTS`].
pub fn checked(content: &Content, parts: &[Part]) -> Result<Vec<Part>, ValidationError> {
    if parts.len() > MAX_PARTS {
        return Err(ValidationError::new(
            "parts",
            format!(
                "An assessment has at most {MAX_PARTS} parts; this file has {}.",
                parts.len()
            ),
        ));
    }
    let mut ids = std::collections::BTreeSet::new();
    for part in parts {
        let numbered = part
            .id
            .strip_prefix('p')
            .is_some_and(|n| n.parse::<u32>().is_ok());
        if !numbered || !ids.insert(part.id.as_str()) {
            return Err(ValidationError::new(
                "parts",
                format!("The part id {:?} is not p and a number, or it repeats.", part.id),
            ));
        }
    }
    let mut fields = BTreeMap::new();
    for part in parts {
        let key = |name: &str| format!("{}.{name}", part.id);
        fields.insert(key("name"), part.name.clone());
        for (exception, answer) in &part.exceptions {
            if content.exception(exception).is_none() {
                return Err(ValidationError::new(
                    "parts",
                    format!(
                        "{}: there is no exception {exception:?} in these questions.",
                        part.name
                    ),
                ));
            }
            fields.insert(key(&format!("exception.{exception}")), answer.code().to_string());
        }
        let inputs = part.run.inputs();
        for field in RUN_FIELDS {
            fields.insert(key(field), inputs.get(field).unwrap_or_default().to_string());
        }
        for flag in RUN_FLAGS.into_iter().filter(|f| inputs.flag(f) == Some(true)) {
            fields.insert(key(flag), "on".to_owned());
        }
    }
    PartsForm {
        fields,
        add: None,
        remove: None,
    }
    .apply(content, parts, None)
}

#[cfg(test)]
mod tests;
