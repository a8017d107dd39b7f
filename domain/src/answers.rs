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

/// An answer to one of the talk's exceptions (when not to go serverless).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExceptionAnswer {
    No,
    Unsure,
    Yes,
}

impl ExceptionAnswer {
    pub const ALL: [ExceptionAnswer; 3] =
        [ExceptionAnswer::No, ExceptionAnswer::Unsure, ExceptionAnswer::Yes];

    /// The stored and submitted form.
    pub fn code(self) -> i16 {
        match self {
            ExceptionAnswer::No => 1,
            ExceptionAnswer::Unsure => 0,
            ExceptionAnswer::Yes => 2,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ExceptionAnswer::No => "No",
            ExceptionAnswer::Unsure => "Not sure",
            ExceptionAnswer::Yes => "Yes",
        }
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
        assert_eq!(ExceptionAnswer::from_code(3), None);
    }

    #[test]
    fn agreement_is_centred_on_neutral() {
        assert_eq!(Answer::StronglyDisagree.agreement(), Some(-2));
        assert_eq!(Answer::Neutral.agreement(), Some(0));
        assert_eq!(Answer::StronglyAgree.agreement(), Some(2));
        assert_eq!(Answer::DontKnow.agreement(), None);
    }
}
