//! When a decision is looked at again: a review date, and the assumptions that would reopen it,
//! each with its threshold. The app sees some for itself (the date, the age of the price and
//! limits tables, newer questions); the others fire when the team enters the figure as it is
//! now ("we now do 40 M requests a month").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::calendar::{DAY_MS, civil_date, date_label, days_from_civil};
use crate::content::Content;
use crate::cost::{CostInputs, Field, field, grouped};

/// What the team will look at again, and when.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The day of the review, `YYYY-MM-DD` (UTC).
    #[serde(default)]
    pub due: Option<String>,
    /// Requests a month crossing a threshold (the cost estimate's break-even, say).
    #[serde(default)]
    pub requests: Option<Watch>,
    /// The latency the workload must keep, in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<Watch>,
    /// How many people run the workload.
    #[serde(default)]
    pub team_size: Option<Watch>,
    /// Exceptions (by id) whose answer would reopen the decision if it changed; `true` once
    /// the team says it has.
    #[serde(default)]
    pub exceptions: BTreeMap<String, bool>,
    /// The price or limits table getting older than this many months.
    #[serde(default)]
    pub tables_older_than_months: Option<u32>,
    /// A newer version of the questions being published.
    #[serde(default)]
    pub newer_questions: bool,
}

/// A figure watched against a threshold, and its value now once the team enters it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Watch {
    pub direction: Direction,
    pub threshold: f64,
    #[serde(default)]
    pub now: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Above,
    Below,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::Above => "above",
            Direction::Below => "below",
        }
    }

    fn parse(field: &str, typed: &str) -> Result<Direction, ValidationError> {
        match typed {
            "above" => Ok(Direction::Above),
            "below" => Ok(Direction::Below),
            _ => Err(ValidationError::new(field, "Choose above or below.")),
        }
    }
}

impl Watch {
    fn fired(&self) -> Option<f64> {
        let now = self.now?;
        let crossed = match self.direction {
            Direction::Above => now > self.threshold,
            Direction::Below => now < self.threshold,
        };
        crossed.then_some(now)
    }
}

/// The figures a review watches: form name prefix, label, unit, range.
const REQUESTS: Field = field("requests", "Monthly requests", "requests a month", 1.0, 1e12);
const LATENCY: Field = field("latency", "Latency", "ms", 1.0, 600_000.0);
const TEAM: Field = field("team", "Team size", "people", 1.0, 10_000.0);
const TABLES_MONTHS: Field = field("tables_months", "The tables' age", "months", 1.0, 120.0);

/// The review's form, as posted: `due`; per figure `<name>_on`, `<name>_direction`,
/// `<name>_threshold` and `<name>_now`; `exception.<id>` (watched) and `exception_changed.<id>`;
/// `tables_on` and `tables_months`; `newer_questions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewForm {
    pub fields: BTreeMap<String, String>,
}

impl ReviewForm {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    fn ticked(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true")
    }

    fn watch(&self, figure: &Field) -> Result<Option<Watch>, ValidationError> {
        if !self.ticked(&format!("{}_on", figure.name)) {
            return Ok(None);
        }
        let direction_field = format!("{}_direction", figure.name);
        let direction = Direction::parse(&direction_field, self.get(&direction_field))?;
        let threshold = figure.parse(self.get(&format!("{}_threshold", figure.name)))?;
        let now = match self.get(&format!("{}_now", figure.name)) {
            "" => None,
            typed => Some(figure.parse(typed)?),
        };
        Ok(Some(Watch {
            direction,
            threshold,
            now,
        }))
    }

    /// The review the form describes, checked: a date that is a real day and not before
    /// `today_ms` (unless it is the date already saved, which may since have passed), figures
    /// within their ranges, exceptions of `content`.
    pub fn parse(&self, content: &Content, today_ms: i64, saved: &Review) -> Result<Review, ValidationError> {
        let due = match self.get("due") {
            "" => None,
            typed => {
                let day = parse_day(typed).ok_or_else(|| {
                    ValidationError::new("review_due", "The review date must be a day, as YYYY-MM-DD.")
                })?;
                let unchanged = saved.due.as_deref() == Some(typed);
                if day < day_number(civil_date(today_ms)) && !unchanged {
                    return Err(ValidationError::new(
                        "review_due",
                        "The review date is in the past. Choose today or a later day.",
                    ));
                }
                Some(typed.to_owned())
            }
        };
        let mut exceptions = BTreeMap::new();
        for (name, _) in self
            .fields
            .iter()
            .filter(|(_, v)| matches!(v.trim(), "on" | "true"))
        {
            // "It has" changed, ticked alone, says the exception is watched too.
            let id = name
                .strip_prefix("exception.")
                .or_else(|| name.strip_prefix("exception_changed."));
            if let Some(id) = id {
                if !content.exceptions.iter().any(|e| e.id == id) {
                    return Err(ValidationError::new("exception", "There is no such exception."));
                }
                exceptions.insert(id.to_owned(), self.ticked(&format!("exception_changed.{id}")));
            }
        }
        let tables_older_than_months = if self.ticked("tables_on") {
            // Whole months: the parsed figure is within 1..=120.
            Some(TABLES_MONTHS.parse(self.get(TABLES_MONTHS.name))?.round() as u32)
        } else {
            None
        };
        Ok(Review {
            due,
            requests: self.watch(&REQUESTS)?,
            latency_ms: self.watch(&LATENCY)?,
            team_size: self.watch(&TEAM)?,
            exceptions,
            tables_older_than_months,
            newer_questions: self.ticked("newer_questions"),
        })
    }
}

/// Days since 0000-03-01 of a (year, month, day), for comparing dates.
fn day_number((year, month, day): (i64, u32, u32)) -> i64 {
    year * 372 + i64::from(month) * 31 + i64::from(day)
}

/// A `YYYY-MM-DD` that names a real day, as a comparable number.
fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|m| m.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|d| d.len() == 2)?.parse().ok()?;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&day)
        .then(|| day_number((year, month, day)))
}

/// A table's date as the cost step keeps it (`2024-11`, or a full date): its year and month.
fn year_month(text: &str) -> Option<(i64, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next()?.get(..2)?.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

/// "1 May 2027" for a `YYYY-MM-DD`.
fn day_label(text: &str) -> String {
    let Some((year, month)) = year_month(text) else {
        return text.to_owned();
    };
    let day: i64 = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    // Noon UTC of that day, shown by the same calendar as every other date.
    let days = days_from_civil(year, month, day);
    date_label(days * DAY_MS + DAY_MS / 2)
}

/// What the app knows when it judges a review: today, the tables' dates, and whether newer
/// questions exist.
pub struct Now<'a> {
    pub today_ms: i64,
    pub costs: Option<&'a CostInputs>,
    /// The current content version, when it is newer than the assessment's.
    pub newer_questions: Option<&'a str>,
}

/// Where a review stands: what has reopened the decision, and what is watched.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewStatus {
    /// The review date, as words.
    pub due: Option<String>,
    /// Each assumption that no longer holds, as a sentence; a review is due when any does.
    pub reopened: Vec<String>,
    /// Each assumption watched besides the date, as a sentence.
    pub watched: Vec<String>,
}

impl ReviewStatus {
    pub fn is_due(&self) -> bool {
        !self.reopened.is_empty()
    }

    /// Nothing set: no date, nothing watched.
    pub fn is_empty(&self) -> bool {
        self.due.is_none() && self.watched.is_empty()
    }
}

impl Review {
    /// A review read from a file, checked as its form is, except that its date may have passed.
    pub fn checked(&self, content: &Content) -> Result<Review, ValidationError> {
        let refused = |what: &str| ValidationError::new("file", format!("The file's review has {what}."));
        if self.due.as_deref().is_some_and(|due| parse_day(due).is_none()) {
            return Err(refused("a date that is not a day"));
        }
        let figures = [
            (&self.requests, &REQUESTS),
            (&self.latency_ms, &LATENCY),
            (&self.team_size, &TEAM),
        ];
        for (watch, figure) in figures {
            let within = |v: f64| v.is_finite() && (figure.min..=figure.max).contains(&v);
            if watch
                .as_ref()
                .is_some_and(|w| !within(w.threshold) || w.now.is_some_and(|now| !within(now)))
            {
                return Err(refused(&format!("a figure out of range ({})", figure.label)));
            }
        }
        if self
            .exceptions
            .keys()
            .any(|id| content.exceptions.iter().all(|e| e.id != *id))
        {
            return Err(refused("an exception these questions do not have"));
        }
        if self
            .tables_older_than_months
            .is_some_and(|months| !(1..=120).contains(&months))
        {
            return Err(refused("a table age out of range"));
        }
        Ok(self.clone())
    }

    /// Judges the review against `now`.
    pub fn status(&self, content: &Content, now: &Now) -> ReviewStatus {
        let mut status = ReviewStatus {
            due: self.due.as_deref().map(day_label),
            ..ReviewStatus::default()
        };
        if let Some(due) = &self.due {
            let label = day_label(due);
            if parse_day(due).is_some_and(|day| day <= day_number(civil_date(now.today_ms))) {
                status
                    .reopened
                    .push(format!("The review date, {label}, has come."));
            }
        }
        let figures = [
            (&self.requests, "Monthly requests", ""),
            (&self.latency_ms, "Latency", " ms"),
            (&self.team_size, "The team", " people"),
        ];
        for (watch, label, unit) in figures {
            let Some(watch) = watch else { continue };
            let (direction, threshold) = (watch.direction.word(), grouped(watch.threshold));
            status
                .watched
                .push(format!("{label} {direction} {threshold}{unit}."));
            if let Some(figure) = watch.fired() {
                status.reopened.push(format!(
                    "{label} now {}{unit}: {direction} the {threshold}{unit} that reopens the decision.",
                    grouped(figure)
                ));
            }
        }
        for (id, changed) in &self.exceptions {
            let Some(exception) = content.exceptions.iter().find(|e| e.id == *id) else {
                continue;
            };
            status
                .watched
                .push(format!("A change in the answer to “{}”.", exception.title));
            if *changed {
                status.reopened.push(format!(
                    "The answer to “{}” has changed, the team says.",
                    exception.title
                ));
            }
        }
        if let Some(months) = self.tables_older_than_months {
            status
                .watched
                .push(format!("The price and limits tables older than {months} months."));
            if let Some(costs) = now.costs {
                let tables = [
                    ("prices", &costs.pricing.as_of),
                    (costs.platform.name.as_str(), &costs.platform.as_of),
                ];
                for (name, as_of) in tables {
                    if let Some(age) =
                        months_since(as_of, now.today_ms).filter(|age| *age > i64::from(months))
                    {
                        status.reopened.push(format!(
                            "The {name} table is dated {as_of}: {age} months old, more than {months}."
                        ));
                    }
                }
            }
        }
        if self.newer_questions {
            status.watched.push("Newer questions being published.".to_owned());
            if let Some(version) = now.newer_questions {
                status.reopened.push(format!(
                    "Newer questions (version {version}) were published after this assessment was taken."
                ));
            }
        }
        status
    }
}

/// Whole months from a table's date to `today_ms`; `None` when the date cannot be read.
fn months_since(as_of: &str, today_ms: i64) -> Option<i64> {
    let (year, month) = year_month(as_of)?;
    let (today_year, today_month, _) = civil_date(today_ms);
    Some((today_year - year) * 12 + i64::from(today_month) - i64::from(month))
}

/// The review a team starts from: the cost estimate's break-even watched in the direction it
/// would be crossed, and the tables' age a year from their age on `today_ms` (at least a year),
/// so that no suggested trigger has already fired.
pub fn suggested(costs: Option<&CostInputs>, today_ms: i64) -> Review {
    let requests = costs.and_then(|inputs| {
        let break_even = crate::cost::estimate(inputs).break_even_with_people?;
        let direction = if inputs.workload.requests_per_month < break_even {
            Direction::Above
        } else {
            Direction::Below
        };
        Some(Watch {
            direction,
            threshold: break_even.round().max(1.0),
            now: None,
        })
    });
    let oldest = costs
        .into_iter()
        .flat_map(|inputs| [&inputs.pricing.as_of, &inputs.platform.as_of])
        .filter_map(|as_of| months_since(as_of, today_ms))
        .max()
        .unwrap_or(0);
    let months = u32::try_from((oldest + 12).clamp(12, 120)).unwrap_or(12);
    Review {
        requests,
        tables_older_than_months: Some(months),
        newer_questions: true,
        ..Review::default()
    }
}

#[cfg(test)]
mod tests;
