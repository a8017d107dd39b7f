//! Link tokens at rest. A token is looked up by its SHA-256 hash, never stored as it is. The
//! participant and read-only tokens are also kept sealed under the facilitator token, so that
//! the facilitator page can show them: XChaCha20-Poly1305 under a key derived with HKDF-SHA256
//! from the facilitator token and a random salt of its own, with a fresh nonce, for every seal.
//! A join code (40 bits) is too small to protect anything by itself: it is found by an
//! HMAC-SHA256 under the server key ([`ServerKey`], a file kept outside the database), and the
//! participant token it leads to is sealed under a key derived from the server key.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use domain::access::{JOIN_CODE_ALPHABET, JOIN_CODE_LEN, LinkKind};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The hex SHA-256 of a token: the only form in which a token is looked up.
pub(crate) fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// The mark at the start of every value sealed by this module, which tells it from a value
/// sealed the way links were before migration 0007 (an XOR pad, [`open_legacy`]).
const SEALED: &str = "s1.";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// What a sealed token is bound to besides its key: its kind and its assessment.
fn bound_to(kind: LinkKind, assessment_id: &str) -> Vec<u8> {
    [kind.slug().as_bytes(), b"\0", assessment_id.as_bytes()].concat()
}

fn facilitator_key(facilitator: &str, salt: &[u8], kind: LinkKind, assessment_id: &str) -> Key {
    let mut key = Key::default();
    Hkdf::<Sha256>::new(Some(salt), facilitator.as_bytes())
        .expand_multi_info(
            &[b"whenless link seal v2\0", &bound_to(kind, assessment_id)],
            &mut key,
        )
        .expect("32 bytes is a valid HKDF-SHA256 length");
    key
}

fn encrypt(key: &Key, nonce: &[u8; NONCE_LEN], token: &str, aad: &[u8]) -> Vec<u8> {
    XChaCha20Poly1305::new(key)
        .encrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: token.as_bytes(),
                aad,
            },
        )
        .expect("sealing a short token cannot fail")
}

fn decrypt(key: &Key, nonce: &[u8], sealed: &[u8], aad: &[u8]) -> Option<String> {
    let plain = XChaCha20Poly1305::new(key)
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad })
        .ok()?;
    String::from_utf8(plain).ok()
}

/// The bytes of a value sealed by this module.
fn unmark(sealed: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(sealed.strip_prefix(SEALED)?).ok()
}

/// `token` sealed under the facilitator token, with a salt and a nonce of its own.
pub(crate) fn seal(token: &str, facilitator: &str, kind: LinkKind, assessment_id: &str) -> String {
    let (salt, nonce) = (random::<SALT_LEN>(), random::<NONCE_LEN>());
    let key = facilitator_key(facilitator, &salt, kind, assessment_id);
    let sealed = encrypt(&key, &nonce, token, &bound_to(kind, assessment_id));
    format!(
        "{SEALED}{}",
        URL_SAFE_NO_PAD.encode([&salt[..], &nonce, &sealed].concat())
    )
}

/// The token sealed by [`seal`], given the same facilitator token, kind and assessment.
pub(crate) fn open(sealed: &str, facilitator: &str, kind: LinkKind, assessment_id: &str) -> Option<String> {
    let bytes = unmark(sealed)?;
    if bytes.len() <= SALT_LEN + NONCE_LEN {
        return None;
    }
    let (salt, rest) = bytes.split_at(SALT_LEN);
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let key = facilitator_key(facilitator, salt, kind, assessment_id);
    decrypt(&key, nonce, sealed, &bound_to(kind, assessment_id))
}

/// Whether `sealed` was sealed the way links were before migration 0007.
pub(crate) fn is_legacy(sealed: &str) -> bool {
    !sealed.is_empty() && !sealed.starts_with(SEALED)
}

/// Opens a token sealed before migration 0007 (XOR with a pad derived from the facilitator
/// token), so that the facilitator's next visit can seal it again with [`seal`]. Nothing is
/// sealed this way any more.
pub(crate) fn open_legacy(
    sealed: &str,
    facilitator: &str,
    kind: LinkKind,
    assessment_id: &str,
) -> Option<String> {
    let digest = Sha256::new()
        .chain_update(b"whenless link seal\0")
        .chain_update(facilitator.as_bytes())
        .chain_update(b"\0")
        .chain_update(kind.slug().as_bytes())
        .chain_update(b"\0")
        .chain_update(assessment_id.as_bytes())
        .finalize();
    let bytes: [u8; 16] = URL_SAFE_NO_PAD.decode(sealed).ok()?.try_into().ok()?;
    let token: Vec<u8> = bytes.iter().zip(&digest[..16]).map(|(b, p)| b ^ p).collect();
    Some(URL_SAFE_NO_PAD.encode(token))
}

/// Why the server key could not be read or created.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or create the key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the key file {0} does not hold a Whenless key (one line of URL-safe base64, 32 bytes)")]
    Malformed(String),
}

/// Length of the server key, in bytes.
pub const KEY_LEN: usize = 32;

/// The secret kept outside the database that join codes need: without it a copy of the
/// database cannot tell which code leads where, nor open the token a code leads to.
pub struct ServerKey {
    lookup: [u8; KEY_LEN],
    seal: Key,
}

impl ServerKey {
    pub fn from_bytes(secret: &[u8; KEY_LEN]) -> Self {
        let derive = |info: &[u8]| {
            let mut out = [0u8; KEY_LEN];
            Hkdf::<Sha256>::new(None, secret)
                .expand(info, &mut out)
                .expect("32 bytes is a valid HKDF-SHA256 length");
            out
        };
        Self {
            lookup: derive(b"whenless join code lookup"),
            seal: Key::from(derive(b"whenless join code seal")),
        }
    }

    /// Reads the key at `path`, or creates it there (readable by its owner only) when there is
    /// no file yet. Two servers starting at once end up with the same key.
    pub fn load_or_create(path: &Path) -> Result<Self, KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).ok_or_else(|| KeyError::Malformed(path.display().to_string())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                create_key_file(path).map_err(io)?;
                Self::load_or_create(path)
            }
            Err(error) => Err(io(error)),
        }
    }

    /// A key file's text: one line of URL-safe base64 holding [`KEY_LEN`] bytes.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes: [u8; KEY_LEN] = URL_SAFE_NO_PAD.decode(text.trim()).ok()?.try_into().ok()?;
        Some(Self::from_bytes(&bytes))
    }

    /// The form a join code is found by: its HMAC-SHA256 under the server key, in hex.
    pub(crate) fn code_hash(&self, code: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup).expect("HMAC takes any key length");
        mac.update(code.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// The participant token sealed for the join code lookup, with a fresh nonce.
    pub(crate) fn seal_for_code(&self, token: &str, assessment_id: &str) -> String {
        let nonce = random::<NONCE_LEN>();
        let sealed = encrypt(
            &self.seal,
            &nonce,
            token,
            &bound_to(LinkKind::Participant, assessment_id),
        );
        format!(
            "{SEALED}{}",
            URL_SAFE_NO_PAD.encode([&nonce[..], &sealed].concat())
        )
    }

    /// The token sealed by [`ServerKey::seal_for_code`].
    pub(crate) fn open_for_code(&self, sealed: &str, assessment_id: &str) -> Option<String> {
        let bytes = unmark(sealed)?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        decrypt(
            &self.seal,
            nonce,
            sealed,
            &bound_to(LinkKind::Participant, assessment_id),
        )
    }

    /// The join code columns of a new link: the code's keyed hash and the token sealed for it
    /// (participant links only).
    pub(crate) fn join_code_columns(
        &self,
        kind: LinkKind,
        token: &str,
        assessment_id: &str,
    ) -> (Option<String>, Option<String>) {
        if kind != LinkKind::Participant {
            return (None, None);
        }
        (
            Some(self.code_hash(&join_code(token))),
            Some(self.seal_for_code(token, assessment_id)),
        )
    }
}

/// Writes a fresh key to `path` with mode 0600, all at once: written to a file of its own
/// first, then linked into place, which fails if another process got there first (its key is
/// then the one read).
fn create_key_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let mut scratch = PathBuf::from(path);
    scratch.set_file_name(format!(
        ".{}.{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("whenless.key"),
        URL_SAFE_NO_PAD.encode(random::<9>())
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&scratch)?;
    let written = writeln!(file, "{}", URL_SAFE_NO_PAD.encode(random::<KEY_LEN>()))
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::hard_link(&scratch, path));
    let removed = std::fs::remove_file(&scratch);
    match written {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.and(removed),
    }
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
            prop_assert!(!sealed.contains(&token));
            prop_assert_eq!(open(&sealed, &facilitator, LinkKind::Participant, &id), Some(token.clone()));
            prop_assert_eq!(open(&sealed, &facilitator, LinkKind::ReadOnly, &id), None);
        }

        #[test]
        fn hashes_never_reveal_the_token(token in any_token()) {
            let hashed = hash(&token);
            prop_assert_eq!(hashed.len(), 64);
            prop_assert!(hashed.bytes().all(|b| b.is_ascii_hexdigit()));
            prop_assert!(!hashed.contains(&token));
        }

        #[test]
        fn a_tampered_seal_opens_to_nothing(token in any_token(), at in 0usize..200, bit in 0u8..8) {
            let facilitator = new_id();
            let mut bytes = unmark(&seal(&token, &facilitator, LinkKind::ReadOnly, "a1")).unwrap();
            let at = at % bytes.len();
            bytes[at] ^= 1 << bit;
            let tampered = format!("{SEALED}{}", URL_SAFE_NO_PAD.encode(bytes));
            prop_assert_eq!(open(&tampered, &facilitator, LinkKind::ReadOnly, "a1"), None);
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
            domain::access::normalize_join_code(&code.to_lowercase()),
            Some(code.clone())
        );
        let codes: std::collections::HashSet<String> = (0..1_000).map(|_| join_code(&new_id())).collect();
        assert_eq!(codes.len(), 1_000);
    }

    #[test]
    fn sealed_tokens_open_only_with_the_same_facilitator_token_kind_and_assessment() {
        let (token, facilitator) = (new_id(), new_id());
        let sealed = seal(&token, &facilitator, LinkKind::ReadOnly, "a1");
        assert_ne!(
            sealed,
            seal(&token, &facilitator, LinkKind::ReadOnly, "a1"),
            "fresh every time"
        );
        assert_eq!(
            open(&sealed, &facilitator, LinkKind::ReadOnly, "a1").as_deref(),
            Some(token.as_str())
        );
        assert_eq!(open(&sealed, &new_id(), LinkKind::ReadOnly, "a1"), None);
        assert_eq!(open(&sealed, &facilitator, LinkKind::Participant, "a1"), None);
        assert_eq!(open(&sealed, &facilitator, LinkKind::ReadOnly, "a2"), None);
        assert_eq!(open("not base64!", &facilitator, LinkKind::ReadOnly, "a1"), None);
        assert_eq!(open(SEALED, &facilitator, LinkKind::ReadOnly, "a1"), None);
    }

    #[test]
    fn the_same_facilitator_token_never_gives_the_same_key_twice() {
        // A replaced link's seal and its token reveal nothing about the next seal: the two are
        // sealed under different keys, so knowing one plaintext gives no pad for the other.
        let facilitator = new_id();
        let (old, new) = (new_id(), new_id());
        let a = unmark(&seal(&old, &facilitator, LinkKind::ReadOnly, "a1")).unwrap();
        let b = unmark(&seal(&new, &facilitator, LinkKind::ReadOnly, "a1")).unwrap();
        assert_ne!(a[..SALT_LEN], b[..SALT_LEN]);
        assert_ne!(
            a[SALT_LEN..SALT_LEN + NONCE_LEN],
            b[SALT_LEN..SALT_LEN + NONCE_LEN]
        );
    }

    #[test]
    fn legacy_seals_still_open_for_the_facilitator() {
        // As sealed before migration 0007: the token XOR the pad.
        let (token, facilitator) = (new_id(), new_id());
        let pad_of = |t: &str| open_legacy(t, &facilitator, LinkKind::Participant, "a1").unwrap();
        let legacy = pad_of(&token);
        assert!(is_legacy(&legacy));
        assert_eq!(pad_of(&legacy), token);
        assert!(!is_legacy(&seal(
            &token,
            &facilitator,
            LinkKind::Participant,
            "a1"
        )));
        assert!(!is_legacy(""));
    }

    #[test]
    fn join_code_columns_need_the_server_key() {
        let key = ServerKey::from_bytes(&[7; KEY_LEN]);
        let other = ServerKey::from_bytes(&[8; KEY_LEN]);
        let token = new_id();
        let code = join_code(&token);
        let (hash_of_code, sealed) = key.join_code_columns(LinkKind::Participant, &token, "a1");
        let (hash_of_code, sealed) = (hash_of_code.unwrap(), sealed.unwrap());
        assert_eq!(hash_of_code, key.code_hash(&code));
        assert_ne!(hash_of_code, other.code_hash(&code));
        assert_ne!(hash_of_code, hash(&code), "not the plain hash of the code");
        assert_eq!(key.open_for_code(&sealed, "a1").as_deref(), Some(token.as_str()));
        assert_eq!(other.open_for_code(&sealed, "a1"), None);
        assert_eq!(key.open_for_code(&sealed, "a2"), None);
        assert_eq!(
            key.join_code_columns(LinkKind::ReadOnly, &token, "a1"),
            (None, None)
        );
    }

    #[test]
    fn a_key_file_is_created_once_private_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/whenless.key");
        let first = ServerKey::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = ServerKey::load_or_create(&path).unwrap();
        assert_eq!(first.code_hash("K7QM4HXR"), again.code_hash("K7QM4HXR"));
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1,
            "no scratch files left"
        );
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(
            ServerKey::load_or_create(&path),
            Err(KeyError::Malformed(_))
        ));
        assert!(ServerKey::parse(&URL_SAFE_NO_PAD.encode([1; 31])).is_none());
    }
}
