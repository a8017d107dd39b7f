//! Identifiers that are not secrets: an assessment's and a participant's. Each is its own type,
//! so that one cannot be passed where the other (or a link token, [`crate::access::Token`]) is
//! expected. They are (de)serialized as plain strings, so stored and JSON formats do not see
//! them, and they print as themselves: logging an id is fine.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// As the string it holds, so that debug output reads as it did before the type.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type! {
    /// An assessment's id: random and URL-safe, but not a secret (it is part of the
    /// participant cookie's name and appears in the log); links carry tokens instead.
    AssessmentId
}

id_type! {
    /// A participant's id within one assessment: a random id for somebody who joined the
    /// workshop, [`crate::walkthrough::FACILITATOR`] for the facilitator, or a respondent
    /// number when answers are shown anonymously.
    ParticipantId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_strings_in_json() {
        let id = AssessmentId::from("abc-_123");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""abc-_123""#);
        assert_eq!(serde_json::from_str::<AssessmentId>(r#""abc-_123""#).unwrap(), id);
        let id = ParticipantId::from("ana");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""ana""#);
        assert_eq!(serde_json::from_str::<ParticipantId>(r#""ana""#).unwrap(), id);
        assert!(serde_json::from_str::<ParticipantId>("7").is_err());
    }

    #[test]
    fn ids_print_as_themselves() {
        let id = AssessmentId::new(String::from("abc"));
        assert_eq!(id.to_string(), "abc");
        assert_eq!(format!("{id:?}"), r#""abc""#);
        assert_eq!(id.as_str(), "abc");
        assert_eq!(id.clone().into_string(), "abc");
        let ana = ParticipantId::from("ana");
        assert!(ana == "ana" && ana == *"ana");
        assert!(ana != "ben" && ana != *"ben");
    }
}
