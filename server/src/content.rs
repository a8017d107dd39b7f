//! `--content FILE`: the organisation's content new assessments are taken with (see
//! [`domain::content::organisation`]). The file is read and checked before the database is
//! opened, so a file with a problem stops the server before it listens or writes anything,
//! naming each problem's line and column. Once the database is open, the content is kept in
//! it ([`app::store::Store::save_content`]), so that the assessments taken with it keep their
//! questions when the file changes or the flag is dropped, on every instance sharing the
//! database.

use std::fmt;
use std::path::Path;

use app::contents::Contents;
use app::store::{Store, StoreError};
use domain::content::Content;
use domain::content::organisation::{self, FileError};

/// Why the content a server was given cannot be used.
#[derive(Debug)]
pub enum ContentError {
    Read { path: String, source: std::io::Error },
    Invalid { path: String, errors: Vec<FileError> },
    Save(StoreError),
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentError::Read { path, source } => write!(f, "cannot read the content file {path}: {source}"),
            ContentError::Invalid { path, errors } => {
                let count = match errors.len() {
                    1 => "a problem".to_owned(),
                    n => format!("{n} problems"),
                };
                write!(
                    f,
                    "the content file {path} has {count}, so the server will not start:"
                )?;
                for error in errors {
                    write!(f, "\n  {path}:{}:{}: {}", error.line, error.column, error.message)?;
                }
                Ok(())
            }
            ContentError::Save(error) => write!(
                f,
                "cannot keep the content file's questions in the database: {error}"
            ),
        }
    }
}

impl std::error::Error for ContentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ContentError::Read { source, .. } => Some(source),
            ContentError::Save(error) => Some(error),
            ContentError::Invalid { .. } => None,
        }
    }
}

/// The content new assessments are taken with: the file's at `path`, checked, or the talk's
/// current version when there is no file.
pub fn read(path: Option<&Path>) -> Result<Content, ContentError> {
    let Some(path) = path else {
        return Ok(Content::bundled().clone());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ContentError::Read {
        path: shown.clone(),
        source,
    })?;
    organisation::read(&text).map_err(|errors| ContentError::Invalid { path: shown, errors })
}

/// The contents of a server that takes new assessments with `current`, an organisation's
/// content being kept in `store` first.
pub async fn contents(store: &dyn Store, current: Content) -> Result<Contents, ContentError> {
    if let Some(own) = &current.organisation {
        store
            .save_content(&current.version, &organisation::to_stored(&current))
            .await
            .map_err(ContentError::Save)?;
        tracing::info!(version = %current.version, organisation = %own.name, "new assessments take the content file's questions");
    }
    Ok(Contents::new(current))
}
