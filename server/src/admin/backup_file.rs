//! The backup file `whenless backup` writes and `whenless restore` reads: JSON Lines.
//!
//! 1. A header: the format and its version, the schema version of the build that wrote it,
//!    when, and which columns each table's rows carry ([`Layout`]).
//! 2. One line per table no assessment owns ([`dump::SHARED`]: the tombstones of deleted
//!    assessments' links), with its rows (`{"shared": {"table": …, "rows": …}}`).
//! 3. One line per assessment, with all its rows (`{"assessment": …}`).
//! 4. An end line: how many assessments, and the SHA-256 of every byte before it.
//!
//! A file cut short has no end line; a changed one fails the hash. Either is refused whole,
//! before anything is written.

use std::io::Write;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::dump::{self, AssessmentRows, DumpError, Layout, Value};
use crate::store::links::hex;

/// The `format` of every backup file.
pub const FORMAT: &str = "whenless-backup";

/// This build's version of the file format: a build reads its own and every earlier one.
pub const FORMAT_VERSION: u32 = 1;

/// The first line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    /// The last migration of the build that wrote it ([`crate::store::schema_version`]).
    pub schema_version: i64,
    pub written_at_ms: i64,
    pub tables: Layout,
}

impl Header {
    /// The header of a file this build writes now.
    pub fn current(written_at_ms: i64) -> Self {
        Self {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema_version: crate::store::schema_version(),
            written_at_ms,
            tables: Layout::current(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Line {
    Shared(SharedRows),
    Assessment(AssessmentRows),
    End(End),
}

/// The rows of one of [`dump::SHARED`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedRows {
    pub table: String,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    assessments: usize,
    /// Lower-case hex.
    sha256: String,
}

/// Writes a backup file line by line, hashing as it goes.
pub struct Writer<W: Write> {
    out: W,
    hash: Sha256,
    assessments: usize,
}

impl<W: Write> Writer<W> {
    /// Starts a file with its header.
    pub fn new(out: W, header: &Header) -> std::io::Result<Self> {
        let mut writer = Self {
            out,
            hash: Sha256::new(),
            assessments: 0,
        };
        writer.line(header)?;
        Ok(writer)
    }

    pub fn assessment(&mut self, rows: AssessmentRows) -> std::io::Result<()> {
        self.assessments += 1;
        self.line(&Line::Assessment(rows))
    }

    /// The rows of a [`dump::SHARED`] table.
    pub fn shared(&mut self, table: &str, rows: Vec<Vec<Value>>) -> std::io::Result<()> {
        self.line(&Line::Shared(SharedRows {
            table: table.to_owned(),
            rows,
        }))
    }

    /// Writes the end line and hands back the output.
    pub fn finish(self) -> std::io::Result<W> {
        let Writer {
            mut out,
            hash,
            assessments,
        } = self;
        let end = End {
            assessments,
            sha256: hex(&hash.finalize()),
        };
        out.write_all(&line_bytes(&Line::End(end))?)?;
        Ok(out)
    }

    fn line(&mut self, value: &impl Serialize) -> std::io::Result<()> {
        let text = line_bytes(value)?;
        self.hash.update(&text);
        self.out.write_all(&text)
    }
}

fn line_bytes(value: &impl Serialize) -> std::io::Result<Vec<u8>> {
    let mut text = serde_json::to_vec(value)?;
    text.push(b'\n');
    Ok(text)
}

/// A whole backup, read and checked.
#[derive(Debug)]
pub struct Backup {
    pub header: Header,
    pub assessments: Vec<AssessmentRows>,
    /// The rows of each [`dump::SHARED`] table the file holds.
    pub shared: Vec<SharedRows>,
}

/// Why a file cannot be restored. Nothing is written when any of these is found.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Whenless backup file (its first line is not a backup header)")]
    NotABackup,
    #[error(
        "this backup was written by a newer Whenless (file format {format_version}, schema {schema_version}); \
         this one reads file format {FORMAT_VERSION} up to schema {ours}: restore it with that version or a later one",
        ours = crate::store::schema_version()
    )]
    Newer {
        format_version: u32,
        schema_version: i64,
    },
    #[error(
        "the backup file is incomplete: it stops after {lines} lines without its end line, so it was cut off \
         while being written or copied"
    )]
    Cut { lines: usize },
    #[error("the backup file is damaged: {0}")]
    Damaged(&'static str),
    #[error("line {line} of the backup file: {reason}")]
    Line { line: usize, reason: String },
}

impl BackupError {
    fn line(line: usize, reason: impl std::fmt::Display) -> Self {
        Self::Line {
            line,
            reason: reason.to_string(),
        }
    }
}

/// Reads and checks a whole backup file: its header and version first, then that it is
/// complete and unchanged, then every line and row.
pub fn read(bytes: &[u8]) -> Result<Backup, BackupError> {
    let mut lines = bytes.split_inclusive(|byte| *byte == b'\n');
    let header: Header = lines
        .next()
        .and_then(|line| serde_json::from_slice(line).ok())
        .filter(|header: &Header| header.format == FORMAT)
        .ok_or(BackupError::NotABackup)?;
    if header.format_version > FORMAT_VERSION || header.schema_version > crate::store::schema_version() {
        return Err(BackupError::Newer {
            format_version: header.format_version,
            schema_version: header.schema_version,
        });
    }
    let body: Vec<&[u8]> = lines.collect();
    let line_count = body.len() + 1;
    let (end_line, middle) = body
        .split_last()
        .filter(|(last, _)| last.ends_with(b"\n"))
        .ok_or(BackupError::Cut { lines: line_count })?;
    let Ok(Line::End(end)) = serde_json::from_slice(end_line) else {
        return Err(BackupError::Cut { lines: line_count });
    };
    let hashed = &bytes[..bytes.len() - end_line.len()];
    if hex(&Sha256::digest(hashed)) != end.sha256 {
        return Err(BackupError::Damaged("its SHA-256 does not match its end line"));
    }
    let layout_error = |error: DumpError| BackupError::line(1, error);
    header.tables.check().map_err(layout_error)?;
    let mut backup = Backup {
        header,
        assessments: Vec::new(),
        shared: Vec::new(),
    };
    let mut ids = std::collections::HashSet::new();
    for (at, line) in middle.iter().enumerate() {
        let number = at + 2;
        match serde_json::from_slice(line).map_err(|error| BackupError::line(number, error))? {
            Line::Assessment(rows) => {
                rows.check(&backup.header.tables)
                    .map_err(|error| BackupError::line(number, error))?;
                if !ids.insert(rows.id.clone()) {
                    return Err(BackupError::line(
                        number,
                        format!("assessment {:?} a second time", rows.id),
                    ));
                }
                backup.assessments.push(rows);
            }
            Line::Shared(shared) => {
                let table = dump::shared(&shared.table).ok_or_else(|| {
                    BackupError::line(number, DumpError::UnknownTable(shared.table.clone()))
                })?;
                dump::check_shared(table, &shared.rows, &backup.header.tables)
                    .map_err(|error| BackupError::line(number, error))?;
                if backup.shared.iter().any(|seen| seen.table == shared.table) {
                    return Err(BackupError::line(
                        number,
                        format!("table {:?} a second time", shared.table),
                    ));
                }
                backup.shared.push(shared);
            }
            Line::End(_) => return Err(BackupError::line(number, "an end line before the end")),
        }
    }
    if backup.assessments.len() != end.assessments {
        return Err(BackupError::Damaged(
            "it holds another number of assessments than its end line says",
        ));
    }
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn assessment(id: &str) -> AssessmentRows {
        let layout = Layout::current();
        let row: Vec<Value> = layout
            .columns("assessments")
            .iter()
            .map(|column| match column.as_str() {
                "id" => Value::Text(id.to_owned()),
                "title" | "description" | "content_version" => Value::Text("x".into()),
                "named" | "facilitator_votes" => Value::Bool(false),
                "timer_ends_at_ms" => Value::Null,
                _ => Value::Int(1),
            })
            .collect();
        let answer = vec![
            Value::Text(id.to_owned()),
            Value::Text("ana".into()),
            Value::Text("data.q".into()),
            Value::Int(4),
            Value::Int(1),
        ];
        AssessmentRows {
            id: id.to_owned(),
            touched_at_ms: 1,
            tables: BTreeMap::from([
                ("assessments".to_owned(), vec![row]),
                ("answers".to_owned(), vec![answer]),
            ]),
        }
    }

    fn file(header: &Header, assessments: Vec<AssessmentRows>) -> Vec<u8> {
        let mut writer = Writer::new(Vec::new(), header).unwrap();
        writer
            .shared(
                "deleted_links",
                vec![vec![Value::Text("hash".into()), Value::Int(7)]],
            )
            .unwrap();
        for rows in assessments {
            writer.assessment(rows).unwrap();
        }
        writer.finish().unwrap()
    }

    fn refusal(bytes: &[u8]) -> String {
        read(bytes).unwrap_err().to_string()
    }

    #[test]
    fn what_is_written_reads_back() {
        let header = Header::current(5);
        let bytes = file(&header, vec![assessment("a"), assessment("b")]);
        let backup = read(&bytes).unwrap();
        assert_eq!(backup.header, header);
        assert_eq!(backup.assessments, vec![assessment("a"), assessment("b")]);
        assert_eq!(backup.shared.len(), 1);
        assert_eq!(backup.shared[0].rows.len(), 1);
        assert_eq!(
            bytes.iter().filter(|byte| **byte == b'\n').count(),
            5,
            "a line each"
        );
    }

    #[test]
    fn a_newer_format_or_schema_is_refused_before_anything_else() {
        for newer in [
            Header {
                format_version: FORMAT_VERSION + 1,
                ..Header::current(5)
            },
            Header {
                schema_version: crate::store::schema_version() + 1,
                ..Header::current(5)
            },
        ] {
            let mut bytes = file(&newer, vec![assessment("a")]);
            let header_line = bytes.iter().position(|byte| *byte == b'\n').unwrap() + 1;
            bytes.truncate(header_line + 10);
            assert!(
                refusal(&bytes).contains("written by a newer Whenless"),
                "{}",
                refusal(&bytes)
            );
        }
    }

    #[test]
    fn every_cut_is_noticed() {
        let bytes = file(&Header::current(5), vec![assessment("a"), assessment("b")]);
        let first_line = bytes.iter().position(|byte| *byte == b'\n').unwrap() + 1;
        for cut in first_line..bytes.len() {
            let said = refusal(&bytes[..cut]);
            assert!(
                said.contains("incomplete") || said.contains("damaged"),
                "cut at {cut}: {said}"
            );
        }
    }

    #[test]
    fn rows_that_do_not_fit_are_refused_with_their_line() {
        let mut wrong_kind = assessment("a");
        wrong_kind.tables.get_mut("answers").unwrap()[0][3] = Value::Text("four".into());
        let said = refusal(&file(&Header::current(5), vec![wrong_kind]));
        assert!(said.starts_with("line 3 of the backup file:"), "{said}");
        assert!(said.contains("\"value\""), "{said}");

        let mut too_big = assessment("a");
        too_big.tables.get_mut("answers").unwrap()[0][3] = Value::Int(70_000);
        assert!(refusal(&file(&Header::current(5), vec![too_big])).contains("-32768 to 32767"));

        let mut not_its_own = assessment("a");
        not_its_own.tables.get_mut("answers").unwrap()[0][0] = Value::Text("b".into());
        assert!(refusal(&file(&Header::current(5), vec![not_its_own])).contains("another assessment"));

        let twice = file(&Header::current(5), vec![assessment("a"), assessment("a")]);
        assert!(refusal(&twice).starts_with("line 4 of the backup file: assessment \"a\" a second time"));
    }

    /// A header without `table` among its tables.
    fn header_without(table: &str, column: Option<&str>) -> Header {
        let mut tables = serde_json::to_value(Layout::current()).unwrap();
        match column {
            Some(column) => tables[table].as_array_mut().unwrap().retain(|c| c != column),
            None => drop(tables.as_object_mut().unwrap().remove(table)),
        }
        Header {
            tables: serde_json::from_value(tables).unwrap(),
            ..Header::current(5)
        }
    }

    #[test]
    fn rows_of_a_table_the_header_does_not_name_are_refused() {
        let said = refusal(&file(&header_without("answers", None), vec![assessment("a")]));
        assert!(said.contains("no table \"answers\""), "{said}");
    }

    #[test]
    fn only_a_column_added_later_with_a_default_may_be_missing() {
        let said = refusal(&file(&header_without("assessments", Some("title")), Vec::new()));
        assert!(said.starts_with("line 1 of the backup file:"), "{said}");
        assert!(
            said.contains("lack the column \"title\", which has no default"),
            "{said}"
        );
        let without_seats = header_without("assessments", Some("seats"));
        assert!(
            read(&file(&without_seats, Vec::new())).is_ok(),
            "seats came later, with a default"
        );
    }

    #[test]
    fn an_assessment_line_says_when_its_row_was_touched() {
        let mut edited = assessment("a");
        edited.touched_at_ms = 2;
        let said = refusal(&file(&Header::current(5), vec![edited]));
        assert!(said.contains("as last touched when its line says"), "{said}");
    }

    #[test]
    fn a_column_this_build_does_not_have_is_refused() {
        let mut tables = serde_json::to_value(Layout::current()).unwrap();
        tables["answers"].as_array_mut().unwrap().push("mood".into());
        let header = Header {
            tables: serde_json::from_value(tables).unwrap(),
            ..Header::current(5)
        };
        let said = refusal(&file(&header, Vec::new()));
        assert!(said.contains("no column \"mood\" in table \"answers\""), "{said}");
    }

    #[test]
    fn other_files_are_not_backups() {
        for other in [
            &b""[..],
            b"\n",
            b"{\"format\":\"whenless-assessment\"}\n",
            b"name,title\n",
        ] {
            assert!(refusal(other).contains("not a Whenless backup"));
        }
    }
}
