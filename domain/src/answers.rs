//! What a person can answer: a five-point agreement scale plus "don't know" for statements,
//! and yes / not sure / no for the talk's exceptions (when not to go serverless).

use serde::{Deserialize, Serialize};

/// An answer to a statement about the team's situation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    StronglyDisagree,
    Disagree,
    Neutral,
    Agree,
    StronglyAgree,
    DontKnow,
}

impl Answer {
    /// In the order a form shows them.
    pub const ALL: [Answer; 6] = [
        Answer::StronglyDisagree,
        Answer::Disagree,
        Answer::Neutral,
        Answer::Agree,
        Answer::StronglyAgree,
        Answer::DontKnow,
    ];

    /// The stored and submitted form: 1 to 5 on the scale, 0 for "don't know".
    pub fn code(self) -> i16 {
        match self {
            Answer::DontKnow => 0,
            Answer::StronglyDisagree => 1,
            Answer::Disagree => 2,
            Answer::Neutral => 3,
            Answer::Agree => 4,
            Answer::StronglyAgree => 5,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::StronglyDisagree => "Strongly disagree",
            Answer::Disagree => "Disagree",
            Answer::Neutral => "Neither",
            Answer::Agree => "Agree",
            Answer::StronglyAgree => "Strongly agree",
            Answer::DontKnow => "Don't know",
        }
    }

    /// Agreement from -2 (strongly disagree) to 2 (strongly agree); `None` for "don't know".
    pub fn agreement(self) -> Option<i32> {
        match self {
            Answer::DontKnow => None,
            other => Some(i32::from(other.code()) - 3),
        }
    }
}

/// An answer to one of the talk's exceptions (when not to go serverless), graded the way the
/// talk resolves them: does the case hold, and for how much of the workload?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionAnswer {
    Unsure,
    No,
    /// It holds, and the team has the way out the talk names (for example, the job splits into
    /// sequential or parallel tasks). Only offered where the exception has one.
    Handled,
    /// It holds for a part of the workload, not its core.
    Part,
    /// It holds for the workload's core.
    Core,
}

impl ExceptionAnswer {
    /// In the order a form shows them.
    pub const ALL: [ExceptionAnswer; 5] = [
        ExceptionAnswer::No,
        ExceptionAnswer::Part,
        ExceptionAnswer::Core,
        ExceptionAnswer::Handled,
        ExceptionAnswer::Unsure,
    ];

    /// The stored and submitted form. `2` was a plain "yes" before answers were graded; it
    /// reads as "for a part", which capped the verdict at hybrid then as now.
    pub fn code(self) -> i16 {
        match self {
            ExceptionAnswer::Unsure => 0,
            ExceptionAnswer::No => 1,
            ExceptionAnswer::Part => 2,
            ExceptionAnswer::Core => 3,
            ExceptionAnswer::Handled => 4,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The label on the form; [`ExceptionAnswer::Handled`] is worded by each exception.
    pub fn label(self) -> &'static str {
        match self {
            ExceptionAnswer::No => "No",
            ExceptionAnswer::Unsure => "Not sure",
            ExceptionAnswer::Part => "Yes, for a part",
            ExceptionAnswer::Core => "Yes, for its core",
            ExceptionAnswer::Handled => "Yes, and we can handle it",
        }
    }

    /// Whether the case holds at all (any of the three "yes" answers).
    pub fn holds(self) -> bool {
        matches!(
            self,
            ExceptionAnswer::Part | ExceptionAnswer::Core | ExceptionAnswer::Handled
        )
    }
}

/// Importance of a dimension for this workload, set by the team: 0 (ignore) to 3 (critical).
pub const IMPORTANCE_MAX: u8 = 3;
/// Importance of a dimension nobody has rated yet.
pub const IMPORTANCE_DEFAULT: u8 = 2;

pub fn importance_label(importance: u8) -> &'static str {
    match importance {
        0 => "Not relevant",
        1 => "Minor",
        2 => "Matters",
        _ => "Critical",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for answer in Answer::ALL {
            assert_eq!(Answer::from_code(answer.code()), Some(answer));
        }
        for answer in ExceptionAnswer::ALL {
            assert_eq!(ExceptionAnswer::from_code(answer.code()), Some(answer));
        }
        assert_eq!(Answer::from_code(6), None);
        assert_eq!(Answer::from_code(-1), None);
        assert_eq!(ExceptionAnswer::from_code(5), None);
    }

    #[test]
    fn the_plain_yes_saved_before_grading_reads_as_for_a_part() {
        assert_eq!(ExceptionAnswer::from_code(2), Some(ExceptionAnswer::Part));
        assert_eq!(ExceptionAnswer::from_code(1), Some(ExceptionAnswer::No));
        assert_eq!(ExceptionAnswer::from_code(0), Some(ExceptionAnswer::Unsure));
    }

    #[test]
    fn each_exception_answer_has_its_own_label() {
        let labels: Vec<&str> = ExceptionAnswer::ALL.iter().map(|a| a.label()).collect();
        assert_eq!(
            labels,
            [
                "No",
                "Yes, for a part",
                "Yes, for its core",
                "Yes, and we can handle it",
                "Not sure"
            ]
        );
    }

    #[test]
    fn only_the_three_yes_answers_hold() {
        let holding: Vec<_> = ExceptionAnswer::ALL.into_iter().filter(|a| a.holds()).collect();
        assert_eq!(
            holding,
            [
                ExceptionAnswer::Part,
                ExceptionAnswer::Core,
                ExceptionAnswer::Handled
            ]
        );
    }

    #[test]
    fn agreement_is_centred_on_neutral() {
        assert_eq!(Answer::StronglyDisagree.agreement(), Some(-2));
        assert_eq!(Answer::Neutral.agreement(), Some(0));
        assert_eq!(Answer::StronglyAgree.agreement(), Some(2));
        assert_eq!(Answer::DontKnow.agreement(), None);
    }
}
