//! Capability links: who may do what with an assessment. A link's token is the only key; no
//! accounts. The checks themselves happen in one place, `store::authorize`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a request is allowed to do, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// See the saved assessment.
    Read,
    /// Join and answer.
    Participate,
    /// Change everything: steps, importance, notes, links.
    Facilitate,
}

/// The three kinds of link every assessment has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    Facilitator,
    Participant,
    ReadOnly,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [LinkKind::Facilitator, LinkKind::Participant, LinkKind::ReadOnly];

    pub fn grants(self) -> Capability {
        match self {
            LinkKind::Facilitator => Capability::Facilitate,
            LinkKind::Participant => Capability::Participate,
            LinkKind::ReadOnly => Capability::Read,
        }
    }

    /// The stored and submitted name.
    pub fn slug(self) -> &'static str {
        match self {
            LinkKind::Facilitator => "facilitator",
            LinkKind::Participant => "participant",
            LinkKind::ReadOnly => "read-only",
        }
    }

    pub fn from_slug(slug: &str) -> Option<LinkKind> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The first segment of the link's URL.
    pub fn prefix(self) -> &'static str {
        match self {
            LinkKind::Facilitator => "f",
            LinkKind::Participant => "p",
            LinkKind::ReadOnly => "r",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Facilitator => "Facilitator link",
            LinkKind::Participant => "Participant link",
            LinkKind::ReadOnly => "Read-only link",
        }
    }
}

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// It has no `Display`, and its `Debug` prints no more than its type, so that it cannot
        /// reach a log by way of `{}` or `{:?}`; [`Self::expose`] gives it out where it is
        /// needed (a URL, a hash, a cookie). It is (de)serialized as the plain string.
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            /// The secret itself, for a URL, a hash or a cookie; never for a log.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                Self(secret.to_owned())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_type! {
    /// A link's token: whoever holds it has the link's [`Capability`] (see [`is_token`] for
    /// its shape).
    Token
}

secret_type! {
    /// What a participant's cookie holds: it says which participant the browser joined as.
    ParticipantSecret
}

/// The current token of each link of one assessment. Tokens are secrets: they appear in URLs
/// the facilitator hands out, never in logs or in the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    pub facilitator: Token,
    pub participant: Token,
    pub read_only: Token,
    /// The participant link's join code (see [`JOIN_CODE_ALPHABET`]), derived from its token.
    pub join_code: String,
}

impl Links {
    pub fn token(&self, kind: LinkKind) -> &Token {
        match kind {
            LinkKind::Facilitator => &self.facilitator,
            LinkKind::Participant => &self.participant,
            LinkKind::ReadOnly => &self.read_only,
        }
    }
}

/// Whether a token has the shape of one of ours: 22 URL-safe base64 characters (128 bits).
/// Anything else is refused before it reaches the database.
pub fn is_token(token: &str) -> bool {
    token.len() == 22
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The characters of a join code: capitals and digits without the look-alikes I, O, 0 and 1,
/// 32 of them, so that each carries 5 bits.
pub const JOIN_CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// A join code's length: 40 bits, typed as two groups of four.
pub const JOIN_CODE_LEN: usize = 8;

/// A typed join code in its stored form (capitals, no separators), or `None` when it cannot
/// be one. Spaces and dashes are ignored, and so is case.
pub fn normalize_join_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == JOIN_CODE_LEN && code.bytes().all(|b| JOIN_CODE_ALPHABET.contains(&b))).then_some(code)
}

/// A join code as people read it: `ABCD-EFGH`.
pub fn display_join_code(code: &str) -> String {
    let (head, tail) = code.split_at(code.len().min(JOIN_CODE_LEN / 2));
    format!("{head}-{tail}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn any_22_url_safe_characters_are_a_token(token in "[A-Za-z0-9_-]{22}") {
            prop_assert!(is_token(&token));
        }

        #[test]
        fn anything_else_is_not(text in "\\PC{0,40}") {
            let shaped = text.len() == 22
                && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            prop_assert_eq!(is_token(&text), shaped);
        }
    }

    #[test]
    fn join_codes_forgive_case_spaces_and_dashes() {
        assert_eq!(normalize_join_code("abcd-efgh").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalize_join_code(" K7QM 4HXR ").as_deref(), Some("K7QM4HXR"));
        assert_eq!(normalize_join_code("ABCD-EFG"), None, "too short");
        assert_eq!(normalize_join_code("ABCD-EFGHJ"), None, "too long");
        assert_eq!(normalize_join_code("ABCD-EFG0"), None, "0 is not used");
        assert_eq!(normalize_join_code("ABCD-EFGÉ"), None);
        assert_eq!(display_join_code("K7QM4HXR"), "K7QM-4HXR");
    }

    #[test]
    fn capabilities_are_ordered_from_read_to_facilitate() {
        assert!(Capability::Facilitate > Capability::Participate);
        assert!(Capability::Participate > Capability::Read);
        assert_eq!(LinkKind::ReadOnly.grants(), Capability::Read);
    }

    #[test]
    fn slugs_round_trip() {
        for kind in LinkKind::ALL {
            assert_eq!(LinkKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(LinkKind::from_slug("admin"), None);
    }

    #[test]
    fn each_link_grants_its_own_capability_under_its_own_url_prefix_and_label() {
        assert_eq!(LinkKind::Facilitator.grants(), Capability::Facilitate);
        assert_eq!(LinkKind::Participant.grants(), Capability::Participate);
        assert_eq!(LinkKind::ReadOnly.grants(), Capability::Read);
        let prefixes: Vec<&str> = LinkKind::ALL.iter().map(|k| k.prefix()).collect();
        assert_eq!(prefixes, ["f", "p", "r"], "the first segment of each link's URL");
        let labels: std::collections::BTreeSet<&str> = LinkKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(labels.len(), 3);
        assert!(labels.iter().all(|l| l.ends_with(" link")));
        assert_eq!(LinkKind::ReadOnly.slug(), "read-only");
    }

    #[test]
    fn each_link_kind_has_its_own_token() {
        let links = Links {
            facilitator: Token::new("F".repeat(22)),
            participant: Token::new("P".repeat(22)),
            read_only: Token::new("R".repeat(22)),
            join_code: "ABCDEFGH".to_owned(),
        };
        assert_eq!(links.token(LinkKind::Facilitator).expose(), "F".repeat(22));
        assert_eq!(links.token(LinkKind::Participant).expose(), "P".repeat(22));
        assert_eq!(links.token(LinkKind::ReadOnly).expose(), "R".repeat(22));
    }

    #[test]
    fn secrets_are_plain_strings_in_json() {
        let token = Token::from("abc-_DEF0123456789xyzQ");
        let json = serde_json::to_string(&token).unwrap();
        assert_eq!(json, r#""abc-_DEF0123456789xyzQ""#);
        assert_eq!(serde_json::from_str::<Token>(&json).unwrap(), token);
        let secret = ParticipantSecret::from("S".repeat(22));
        let json = serde_json::to_string(&secret).unwrap();
        assert_eq!(json, format!(r#""{}""#, "S".repeat(22)));
        assert_eq!(serde_json::from_str::<ParticipantSecret>(&json).unwrap(), secret);
        assert!(serde_json::from_str::<Token>("7").is_err());
    }

    #[test]
    fn links_keep_their_json_shape() {
        let links = Links {
            facilitator: Token::from("f"),
            participant: Token::from("p"),
            read_only: Token::from("r"),
            join_code: "ABCDEFGH".to_owned(),
        };
        let json = serde_json::to_value(&links).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"facilitator": "f", "participant": "p", "read_only": "r", "join_code": "ABCDEFGH"})
        );
        assert_eq!(serde_json::from_value::<Links>(json).unwrap(), links);
    }

    #[test]
    fn debug_output_never_shows_a_secret() {
        let secret = "K7qM4hXrTz9_Wb2-Lc5NpQ";
        assert_eq!(format!("{:?}", Token::from(secret)), "Token(<redacted>)");
        assert_eq!(format!("{:#?}", Token::from(secret)), "Token(<redacted>)");
        assert_eq!(
            format!("{:?}", ParticipantSecret::from(secret)),
            "ParticipantSecret(<redacted>)"
        );
        let links = Links {
            facilitator: Token::from(secret),
            participant: Token::from(secret),
            read_only: Token::from(secret),
            join_code: "ABCDEFGH".to_owned(),
        };
        assert!(!format!("{links:?}").contains(secret), "{links:?}");
        assert!(!format!("{links:#?}").contains(secret));
        assert_eq!(Token::from(secret).expose(), secret);
    }

    #[test]
    fn a_join_code_is_eight_characters_of_the_alphabet_whatever_the_separators() {
        // Tabs and several dashes are ignored too; 32 characters, no look-alikes.
        assert_eq!(JOIN_CODE_ALPHABET.len(), 32);
        assert_eq!(
            normalize_join_code("--ab\tcd--ef gh--").as_deref(),
            Some("ABCDEFGH")
        );
        assert_eq!(
            normalize_join_code("ab.cdefg"),
            None,
            "only spaces and dashes are separators"
        );
        assert_eq!(normalize_join_code("ABCDEFGH").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalize_join_code("ABCDEFG_"), None);
        assert_eq!(normalize_join_code("ABCDEFGI"), None, "I looks like 1");
        assert_eq!(normalize_join_code("ABCDEFGO"), None, "O looks like 0");
        assert_eq!(normalize_join_code(""), None);
        assert_eq!(normalize_join_code("ABCDEFGHABCDEFGH"), None);
        assert_eq!(display_join_code("ABCDEFGH"), "ABCD-EFGH");
    }

    #[test]
    fn only_well_formed_tokens_pass() {
        assert!(is_token("AAAAAAAAAAAAAAAAAAAAAA"));
        assert!(is_token("abc-_DEF0123456789xyzQ"));
        assert!(!is_token("short"));
        assert!(!is_token("AAAAAAAAAAAAAAAAAAAAA="));
        assert!(!is_token("AAAAAAAAAAAAAAAAAAAAAAA"));
        assert!(!is_token("' OR 1=1 --AAAAAAAAAAA"));
    }
}
