//! An organisation's own content: a TOML file, given to the server at start (`--content`), that
//! starts from the talk's content and adds the organisation's own questions and checks, keeps
//! only some of the talk's questions (a shorter template), or both.
//!
//! ```toml
//! organisation = "Acme"                 # required: own questions and checks carry its name
//! title = "15-minute version"           # optional: what the organisation calls this content
//! talk_version = "2026.11.2"            # optional: the talk's content to start from (the current one)
//! keep = ["cost-scale.spiky-traffic"]   # optional: only these of the talk's questions (all when absent)
//!
//! [[questions]]                         # the organisation's own questions, any number
//! dimension = "security"                # one of the talk's dimensions
//! id = "pci-scope"                      # kebab-case; the question's id is "security.pci-scope"
//! text = "Card numbers pass through this workload."
//! lean = "servers"                      # which way agreeing points: "serverless" or "servers"
//! weight = 3                            # 1 to 3 (2 when absent)
//! why = "Our PCI auditors ask for every component that sees a card number."
//!
//! [[checks]]                            # the organisation's own checks, beside the talk's four exceptions
//! id = "data-residency"
//! title = "Data that must stay in the EU"
//! question = "Must some of this workload's data stay in the EU?"
//! points = ["Our customer contracts name EU regions only."]   # optional: the organisation's own lines
//! concern = "..."
//! advice = "..."                        # when it holds for a part of the workload
//! part = "the EU-bound data"            # optional
//! core = "servers"                      # the best verdict when it holds for the core: "hybrid" or "servers"
//! core_advice = "..."                   # optional
//! ```
//!
//! [`read`] checks everything and reports every problem with its line and column, or makes
//! the [`Content`]: the talk's dimensions, slides and exceptions exactly as shipped (so the
//! talk's points stay word for word and attributed), the kept questions, and the
//! organisation's own questions and checks, each marked with the organisation's name
//! ([`Question::own`], [`Exception::own`]). Its version is derived from what it holds
//! ([`version_of`]): the same file gives the same version, a changed file a new one, so an
//! assessment keeps the content it was taken with. The server keeps every organisation's
//! content it was started with in its database ([`to_stored`], [`from_stored`]).

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::{Cap, Content, Dimension, Exception, Handled, Lean, Organisation, Question, is_slug};
use crate::text::is_format_char;

/// The largest content file read.
pub const MAX_BYTES: usize = 256 * 1024;
/// An organisation's content version starts with this; the talk's versions are dates.
pub const VERSION_PREFIX: &str = "org-";
const NAME_MAX: usize = 80;
const TEXT_MAX: usize = 400;
const LONG_MAX: usize = 1_000;
const DEFAULT_WEIGHT: i64 = 2;

/// One problem of a content file, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
}

impl FileError {
    fn at(text: &str, offset: usize, message: impl Into<String>) -> FileError {
        let before = &text[..text.floor_char_boundary(offset)];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        FileError {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    organisation: Spanned<String>,
    #[serde(default)]
    title: Option<Spanned<String>>,
    #[serde(default)]
    talk_version: Option<Spanned<String>>,
    #[serde(default)]
    keep: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    questions: Vec<Spanned<OwnQuestion>>,
    #[serde(default)]
    checks: Vec<Spanned<OwnCheck>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnQuestion {
    dimension: Spanned<String>,
    id: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    lean: Option<Lean>,
    #[serde(default)]
    weight: Option<Spanned<i64>>,
    why: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnCheck {
    id: Spanned<String>,
    title: Spanned<String>,
    question: Spanned<String>,
    #[serde(default)]
    points: Vec<Spanned<String>>,
    concern: Spanned<String>,
    advice: Spanned<String>,
    #[serde(default)]
    part: Option<Spanned<String>>,
    core: Cap,
    #[serde(default)]
    core_advice: Option<Spanned<String>>,
    #[serde(default)]
    handled: Option<Spanned<Handled>>,
}

/// The problems found so far, each placed in `text`.
struct Problems<'a> {
    text: &'a str,
    found: Vec<FileError>,
}

impl Problems<'_> {
    fn add<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        self.found
            .push(FileError::at(self.text, at.span().start, message));
    }

    /// `value` trimmed, once it is text a person wrote: not empty (unless `optional`), at most
    /// `max` characters, no control or invisible formatting characters.
    fn text(&mut self, value: &Spanned<String>, what: &str, max: usize, optional: bool) -> String {
        let trimmed = value.get_ref().trim();
        let length = trimmed.chars().count();
        if trimmed.is_empty() && !optional {
            self.add(value, format!("{what} is empty"));
        } else if length > max {
            self.add(
                value,
                format!("{what} is {length} characters long; the limit is {max}"),
            );
        } else if trimmed
            .chars()
            .any(|c| (c.is_control() && c != '\n') || is_format_char(c))
        {
            self.add(
                value,
                format!("{what} has a control or invisible formatting character"),
            );
        }
        trimmed.to_owned()
    }
}

/// Reads an organisation's content file: the content it makes, or every problem in it, in the
/// order of the file, each with its line and column.
pub fn read(text: &str) -> Result<Content, Vec<FileError>> {
    if text.len() > MAX_BYTES {
        return Err(vec![FileError::at(
            text,
            0,
            format!(
                "the file is {} bytes long; a content file may be at most {MAX_BYTES}",
                text.len()
            ),
        )]);
    }
    let file: File = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        vec![FileError::at(text, offset, error.message().trim().to_owned())]
    })?;
    let mut problems = Problems {
        text,
        found: Vec::new(),
    };
    let content = compose(file, &mut problems);
    let mut found = problems.found;
    if found.is_empty() {
        // The checks above are meant to catch everything the content's own rules refuse;
        // anything they missed is still reported, at the start of the file.
        found.extend(content.problems().into_iter().map(|p| FileError::at(text, 0, p)));
    }
    if found.is_empty() {
        Ok(content)
    } else {
        found.sort_by_key(|e| (e.line, e.column));
        Err(found)
    }
}

fn compose(file: File, problems: &mut Problems<'_>) -> Content {
    let organisation = problems.text(&file.organisation, "the organisation's name", NAME_MAX, false);
    let title = file
        .title
        .as_ref()
        .map(|t| problems.text(t, "the title", NAME_MAX, true))
        .unwrap_or_default();
    let talk = match &file.talk_version {
        None => Content::bundled(),
        Some(version) => Content::version(version.get_ref()).unwrap_or_else(|| {
            let known: Vec<&str> = Content::shipped().iter().map(|c| c.version.as_str()).collect();
            problems.add(
                version,
                format!(
                    "talk_version {:?} is not a version of the talk's content this Whenless has (it has {})",
                    version.get_ref(),
                    known.join(", ")
                ),
            );
            Content::bundled()
        }),
    };
    // Every id in use, with the line where the file first used it (`None`: the talk's).
    let mut ids: HashMap<String, Option<usize>> = talk
        .dimensions
        .iter()
        .flat_map(|d| std::iter::once(d.id.clone()).chain(d.questions.iter().map(|q| q.id.clone())))
        .chain(talk.exceptions.iter().map(|e| e.id.clone()))
        .map(|id| (id, None))
        .collect();
    let mut claim = |problems: &mut Problems<'_>, at: &Spanned<String>, id: &str, what: &str| {
        let line = FileError::at(problems.text, at.span().start, "").line;
        match ids.get(id) {
            Some(None) => problems.add(
                at,
                format!("{what} {id:?}: the talk's content already has an id {id:?}; choose another"),
            ),
            Some(Some(first)) => problems.add(
                at,
                format!("{what} {id:?}: the id is used twice (first on line {first})"),
            ),
            None => {
                ids.insert(id.to_owned(), Some(line));
            }
        }
    };

    let kept = file.keep.as_ref().map(|keep| {
        if keep.get_ref().is_empty() {
            problems.add(
                keep,
                "`keep` lists no questions: a template keeps at least one of the talk's questions (leave `keep` out to keep them all)",
            );
        }
        let mut kept: Vec<&str> = Vec::new();
        for id in keep.get_ref() {
            if talk.question(id.get_ref()).is_none() {
                problems.add(
                    id,
                    format!(
                        "`keep` names {:?}, which is not a question of the talk's content {}",
                        id.get_ref(),
                        talk.version
                    ),
                );
            } else if kept.contains(&id.get_ref().as_str()) {
                problems.add(id, format!("`keep` names {:?} twice", id.get_ref()));
            } else {
                kept.push(id.get_ref());
            }
        }
        kept
    });

    let mut own: Vec<(String, Question)> = Vec::new();
    for question in &file.questions {
        let q = question.get_ref();
        let dimension = q.dimension.get_ref();
        let id = q.id.get_ref();
        let full = format!("{dimension}.{id}");
        if talk.dimension(dimension).is_none() {
            let known: Vec<&str> = talk.dimensions.iter().map(|d| d.id.as_str()).collect();
            problems.add(
                &q.dimension,
                format!(
                    "question {id:?}: there is no dimension {dimension:?}; the talk's dimensions are {}",
                    known.join(", ")
                ),
            );
        }
        if is_slug(id) {
            claim(problems, &q.id, &full, "question");
        } else {
            problems.add(
                &q.id,
                format!("question id {id:?} is not lowercase kebab-case (letters, digits and hyphens, such as \"pci-scope\")"),
            );
        }
        let lean = q.lean.unwrap_or_else(|| {
            problems.add(
                question,
                format!("question {full:?} has no lean: say which way agreeing points, lean = \"serverless\" or lean = \"servers\""),
            );
            Lean::Servers
        });
        let weight = match &q.weight {
            None => DEFAULT_WEIGHT,
            Some(weight) => {
                if !(1..=3).contains(weight.get_ref()) {
                    problems.add(
                        weight,
                        format!(
                            "question {full:?} has weight {}; a weight is 1, 2 or 3",
                            weight.get_ref()
                        ),
                    );
                }
                *weight.get_ref()
            }
        };
        let text = problems.text(&q.text, &format!("question {full:?}: its text"), TEXT_MAX, false);
        let why = problems.text(&q.why, &format!("question {full:?}: its why"), LONG_MAX, false);
        own.push((
            dimension.clone(),
            Question {
                id: full,
                text,
                lean,
                weight: u8::try_from(weight.clamp(1, 3)).unwrap_or(1),
                why,
                slide: None,
                own: Some(organisation.clone()),
            },
        ));
    }

    let mut checks = Vec::new();
    for check in &file.checks {
        let c = check.get_ref();
        let id = c.id.get_ref();
        if is_slug(id) {
            claim(problems, &c.id, id, "check");
        } else {
            problems.add(
                &c.id,
                format!("check id {id:?} is not lowercase kebab-case (letters, digits and hyphens, such as \"data-residency\")"),
            );
        }
        let owner = format!("check {id:?}");
        let mut text = |value: &Spanned<String>, field: &str, max: usize, optional: bool| {
            problems.text(value, &format!("{owner}: its {field}"), max, optional)
        };
        let title = text(&c.title, "title", NAME_MAX, false);
        let question = text(&c.question, "question", TEXT_MAX, false);
        let points: Vec<String> = c
            .points
            .iter()
            .map(|p| text(p, "point", TEXT_MAX, false))
            .collect();
        let concern = text(&c.concern, "concern", LONG_MAX, false);
        let advice = text(&c.advice, "advice", LONG_MAX, false);
        let part = c
            .part
            .as_ref()
            .map(|p| text(p, "part", TEXT_MAX, true))
            .unwrap_or_default();
        let core_advice = c
            .core_advice
            .as_ref()
            .map(|a| text(a, "core advice", LONG_MAX, true))
            .unwrap_or_default();
        if let Some(handled) = &c.handled {
            let h = handled.get_ref();
            if h.label.trim().is_empty() || h.condition.trim().is_empty() {
                problems.add(
                    handled,
                    format!("{owner}: its way out (`handled`) needs both a label and a condition"),
                );
            }
        }
        checks.push(Exception {
            id: id.clone(),
            title,
            question,
            slide: String::new(),
            points,
            concern,
            advice,
            part,
            core: c.core,
            core_advice,
            handled: c.handled.as_ref().map(|h| h.get_ref().clone()),
            own: Some(organisation.clone()),
        });
    }

    let dimensions: Vec<Dimension> = talk
        .dimensions
        .iter()
        .map(|dimension| {
            let questions = dimension
                .questions
                .iter()
                .filter(|q| kept.as_ref().is_none_or(|kept| kept.contains(&q.id.as_str())))
                .cloned()
                .chain(
                    own.iter()
                        .filter(|(d, _)| *d == dimension.id)
                        .map(|(_, q)| q.clone()),
                )
                .collect();
            Dimension {
                questions,
                ..dimension.clone()
            }
        })
        .filter(|d| !d.questions.is_empty())
        .collect();
    let mut content = Content {
        version: String::new(),
        source: talk.source.clone(),
        slides: talk.slides.clone(),
        dimensions,
        exceptions: talk.exceptions.iter().cloned().chain(checks).collect(),
        organisation: Some(Organisation {
            name: organisation,
            title,
            talk_version: talk.version.clone(),
        }),
    };
    content.version = version_of(&content);
    content
}

/// The version of an organisation's content: [`VERSION_PREFIX`] and the start of the SHA-256
/// of everything in it but its version. Equal contents have equal versions; any change to a
/// question, a check, the organisation or the talk's content it starts from changes it.
pub fn version_of(content: &Content) -> String {
    let unversioned = Content {
        version: String::new(),
        ..content.clone()
    };
    let json = serde_json::to_string(&unversioned).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{VERSION_PREFIX}{hex}")
}

/// The text an organisation's content is kept as in the database (JSON).
pub fn to_stored(content: &Content) -> String {
    serde_json::to_string(content).unwrap_or_default()
}

/// An organisation's content read back from its stored text (or from an assessment file that
/// carries it), checked as at start: it must be an organisation's content, valid, and of the
/// version its text gives.
pub fn from_stored(text: &str) -> Result<Content, String> {
    let content: Content = serde_json::from_str(text).map_err(|e| e.to_string())?;
    checked(content)
}

/// `content`, once it is an organisation's content that is valid and of its own version.
pub fn checked(content: Content) -> Result<Content, String> {
    if content.organisation.is_none() {
        return Err("it is not an organisation's content".to_owned());
    }
    let problems = content.problems();
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    if content.version != version_of(&content) {
        return Err(format!(
            "its version {:?} does not match what it holds",
            content.version
        ));
    }
    Ok(content)
}

#[cfg(test)]
mod tests;
