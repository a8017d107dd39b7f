//! Link tokens at rest: a SHA-256 hash to find a link by its token, and, for the participant
//! and read-only links, the token sealed with a pad derived from the facilitator token, so
//! that the facilitator page can show them and a copy of the database reveals none of them.

use app::domain::access::{JOIN_CODE_ALPHABET, JOIN_CODE_LEN, LinkKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The hex SHA-256 of a token: the only form in which a token is looked up.
pub(crate) fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn pad(facilitator: &str, kind: LinkKind, assessment_id: &str) -> [u8; 16] {
    let digest = Sha256::new()
        .chain_update(b"whenless link seal\0")
        .chain_update(facilitator.as_bytes())
        .chain_update(b"\0")
        .chain_update(kind.slug().as_bytes())
        .chain_update(b"\0")
        .chain_update(assessment_id.as_bytes())
        .finalize();
    let mut pad = [0u8; 16];
    pad.copy_from_slice(&digest[..16]);
    pad
}

fn xor(text: &str, pad: [u8; 16]) -> Option<String> {
    let bytes: [u8; 16] = URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok()?;
    let mixed: Vec<u8> = bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect();
    Some(URL_SAFE_NO_PAD.encode(mixed))
}

/// The join code of a participant link: the first 40 bits of a hash of its token, in
/// [`JOIN_CODE_ALPHABET`]. It changes whenever the link is replaced.
pub(crate) fn join_code(participant_token: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"whenless join code\0")
        .chain_update(participant_token.as_bytes())
        .finalize();
    let bits = digest[..5].iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
    (0..JOIN_CODE_LEN)
        .rev()
        .map(|i| char::from(JOIN_CODE_ALPHABET[usize::try_from(bits >> (5 * i) & 31).unwrap_or(0)]))
        .collect()
}

/// `token` sealed under the facilitator token.
pub(crate) fn seal(token: &str, facilitator: &str, kind: LinkKind, assessment_id: &str) -> String {
    xor(token, pad(facilitator, kind, assessment_id)).expect("tokens are 16 bytes of URL-safe base64")
}

/// The token sealed by [`seal`], given the same facilitator token.
pub(crate) fn open(sealed: &str, facilitator: &str, kind: LinkKind, assessment_id: &str) -> Option<String> {
    xor(sealed, pad(facilitator, kind, assessment_id))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::store::new_id;

    fn any_token() -> impl Strategy<Value = String> {
        prop::array::uniform16(any::<u8>()).prop_map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
    }

    proptest! {
        #[test]
        fn sealing_round_trips_for_any_tokens(token in any_token(), facilitator in any_token(), id in "[A-Za-z0-9_-]{1,30}") {
            let sealed = seal(&token, &facilitator, LinkKind::Participant, &id);
            prop_assert!(app::domain::access::is_token(&sealed));
            prop_assert_eq!(open(&sealed, &facilitator, LinkKind::Participant, &id), Some(token.clone()));
            prop_assert_ne!(open(&sealed, &facilitator, LinkKind::ReadOnly, &id), Some(token));
        }

        #[test]
        fn hashes_never_reveal_the_token(token in any_token()) {
            let hashed = hash(&token);
            prop_assert_eq!(hashed.len(), 64);
            prop_assert!(hashed.bytes().all(|b| b.is_ascii_hexdigit()));
            prop_assert!(!hashed.contains(&token));
        }
    }

    #[test]
    fn hashes_are_stable_hex_and_differ_from_the_token() {
        let token = new_id();
        assert_eq!(hash(&token), hash(&token));
        assert_eq!(hash(&token).len(), 64);
        assert!(!hash(&token).contains(&token));
        assert_ne!(hash(&token), hash(&new_id()));
    }

    #[test]
    fn join_codes_are_stable_typeable_and_differ_per_link() {
        let token = new_id();
        let code = join_code(&token);
        assert_eq!(code, join_code(&token));
        assert_eq!(
            app::domain::access::normalize_join_code(&code.to_lowercase()),
            Some(code.clone())
        );
        let codes: std::collections::HashSet<String> = (0..1_000).map(|_| join_code(&new_id())).collect();
        assert_eq!(codes.len(), 1_000);
    }

    #[test]
    fn sealed_tokens_open_only_with_the_same_facilitator_token() {
        let (token, facilitator) = (new_id(), new_id());
        let sealed = seal(&token, &facilitator, LinkKind::ReadOnly, "a1");
        assert_ne!(sealed, token);
        assert_eq!(
            open(&sealed, &facilitator, LinkKind::ReadOnly, "a1").as_deref(),
            Some(token.as_str())
        );
        assert_ne!(
            open(&sealed, &new_id(), LinkKind::ReadOnly, "a1").as_deref(),
            Some(token.as_str())
        );
        assert_ne!(
            open(&sealed, &facilitator, LinkKind::Participant, "a1").as_deref(),
            Some(token.as_str())
        );
        assert_ne!(
            open(&sealed, &facilitator, LinkKind::ReadOnly, "a2").as_deref(),
            Some(token.as_str())
        );
        assert_eq!(open("not base64!", &facilitator, LinkKind::ReadOnly, "a1"), None);
    }
}
