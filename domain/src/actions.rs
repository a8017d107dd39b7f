//! The team's next actions: the report's suggestions until the facilitator edits them, then
//! the team's own list, each action with an owner and a due date; and the forms a tracker
//! imports them in (a Markdown checklist, CSV rows).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::calendar::civil_date;
use crate::scoring::Report;
use crate::text::{optional_text, refuse_direction_controls};

/// Longest summary of an action, in characters (the longest suggestion fits).
pub const SUMMARY_MAX_CHARS: usize = 600;
/// Longest owner, in characters.
pub const OWNER_MAX_CHARS: usize = 60;
/// Most actions a list may hold.
pub const MAX_ACTIONS: usize = 30;

/// One action: what to do, who does it and by when (`YYYY-MM-DD`); owner and date may be
/// empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextAction {
    pub summary: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
}

impl NextAction {
    /// The action as a line of a Markdown checklist: `- [ ] Summary — @owner, due 2027-01-15`.
    /// An owner of one word is a handle (`@ana`); a name of several words is written as it is
    /// (`owner Sam O'Neil`), as a tracker would mention only its first word.
    pub fn checklist_line(&self) -> String {
        let mut after = Vec::new();
        if self.owner.contains(char::is_whitespace) {
            after.push(format!("owner {}", self.owner));
        } else if !self.owner.is_empty() {
            after.push(format!("@{}", self.owner));
        }
        if !self.due.is_empty() {
            after.push(format!("due {}", self.due));
        }
        if after.is_empty() {
            self.summary.clone()
        } else {
            format!("{} \u{2014} {}", self.summary, after.join(", "))
        }
    }
}

/// The team's list, with the saved version it was read at or edited from. Version 0: never
/// saved, so the report's suggestions stand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextActions {
    pub items: Vec<NextAction>,
    pub version: i64,
}

impl NextActions {
    /// The actions the team sees: its own once saved, else the report's suggestions.
    pub fn shown(&self, report: &Report) -> Vec<NextAction> {
        if self.version > 0 {
            return self.items.clone();
        }
        report
            .next_actions()
            .into_iter()
            .map(|summary| NextAction {
                summary,
                ..NextAction::default()
            })
            .collect()
    }

    /// The list a form sent, edited from `version` on the day `today_ms`: rows by number
    /// (`a<n>.summary`, `a<n>.owner`, `a<n>.due`), in their order; a row without a summary is
    /// left out (how an action is removed) unless it has an owner or a date.
    pub fn parse(
        fields: &BTreeMap<String, String>,
        version: i64,
        today_ms: i64,
    ) -> Result<NextActions, ValidationError> {
        let mut rows: BTreeMap<usize, [&str; 3]> = BTreeMap::new();
        for (key, value) in fields {
            let refused = || ValidationError::new("actions", "That is not a field of the next actions form.");
            let (row, field) = key.split_once('.').ok_or_else(refused)?;
            let row: usize = row
                .strip_prefix('a')
                .and_then(|n| n.parse().ok())
                .ok_or_else(refused)?;
            let at = ["summary", "owner", "due"]
                .iter()
                .position(|f| *f == field)
                .ok_or_else(refused)?;
            rows.entry(row).or_default()[at] = value;
        }
        let mut items = Vec::new();
        for (number, [summary, owner, due]) in rows.values().enumerate() {
            let label = number + 1;
            let action = NextAction {
                summary: optional_text(
                    "actions",
                    &format!("The summary of action {label}"),
                    summary,
                    SUMMARY_MAX_CHARS,
                )?,
                owner: optional_text(
                    "actions",
                    &format!("The owner of action {label}"),
                    owner,
                    OWNER_MAX_CHARS,
                )?,
                due: due.trim().to_owned(),
            };
            if action.summary.is_empty() {
                if action.owner.is_empty() && action.due.is_empty() {
                    continue;
                }
                return Err(ValidationError::new(
                    "actions",
                    format!(
                        "Action {label} has an owner or a due date but no summary: say what is to be done."
                    ),
                ));
            }
            refuse_direction_controls(
                "actions",
                &format!("Action {label}"),
                &format!("{}{}", action.summary, action.owner),
            )?;
            check_due(&action.due, label, Some(today_ms))?;
            items.push(action);
        }
        check_count(items.len())?;
        Ok(NextActions { items, version })
    }

    /// The list a file carries, checked as a form's would be, except that a due date may have
    /// passed since it was exported.
    pub fn checked(items: &[NextAction]) -> Result<NextActions, ValidationError> {
        check_count(items.len())?;
        for (number, action) in items.iter().enumerate() {
            let label = number + 1;
            let summary = optional_text(
                "actions",
                "An action's summary",
                &action.summary,
                SUMMARY_MAX_CHARS,
            )?;
            let owner = optional_text("actions", "An action's owner", &action.owner, OWNER_MAX_CHARS)?;
            if summary.is_empty() || summary != action.summary || owner != action.owner {
                return Err(ValidationError::new(
                    "actions",
                    format!(
                        "Action {label} of the file needs a summary, without spaces around it or its owner."
                    ),
                ));
            }
            refuse_direction_controls(
                "actions",
                &format!("Action {label}"),
                &format!("{summary}{owner}"),
            )?;
            check_due(&action.due, label, None)?;
        }
        Ok(NextActions {
            items: items.to_vec(),
            version: 0,
        })
    }
}

fn check_count(count: usize) -> Result<(), ValidationError> {
    if count > MAX_ACTIONS {
        return Err(ValidationError::new(
            "actions",
            format!("A list holds at most {MAX_ACTIONS} actions."),
        ));
    }
    Ok(())
}

/// Checks a due date: empty, or a real date written `YYYY-MM-DD`, and not before `today_ms`'s
/// date when given.
fn check_due(due: &str, label: usize, today_ms: Option<i64>) -> Result<(), ValidationError> {
    if due.is_empty() {
        return Ok(());
    }
    let date = parse_date(due).ok_or_else(|| {
        ValidationError::new(
            "due",
            format!("The due date of action {label} is not a date: write it as YYYY-MM-DD, for example 2027-01-15."),
        )
    })?;
    if let Some(today_ms) = today_ms
        && date < civil_date(today_ms)
    {
        return Err(ValidationError::new(
            "due",
            format!("The due date of action {label}, {due}, is in the past: give today or a later day."),
        ));
    }
    Ok(())
}

/// A date written `YYYY-MM-DD` that exists in the calendar.
fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|part| part.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|part| part.parse::<u32>().ok())
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((i64::from(year), month, day))
}

#[cfg(all(test, feature = "toml"))]
mod tests;
