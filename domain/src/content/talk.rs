//! The talk's own words in the content, and the checks that keep ours apart from them.
//!
//! The content carries the text of every slide it uses ([`Slide`]). A dimension names the one
//! slide its two columns come from and what that slide means by them ([`Columns`]); each point
//! of a column must be a point of that column of the slide, word for word (the slide's
//! line-wrapping joined). Our own text (a dimension's summary, a question and its "why" line)
//! may quote the talk, but only in quotation marks ("…" or “…”), and only what is on the slide
//! it cites: the dimension's, or the question's own `slide`. An organisation's own questions
//! and checks are not ours and not the talk's: they are left out of these checks and shown as
//! that organisation's (see [`super::organisation`]).

use serde::{Deserialize, Serialize};

use super::Content;

/// What a slide's two columns mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Columns {
    /// The server way on the left, the serverless way on the right: most of the talk's
    /// slides (Data, Infrastructure, Security, ...).
    ServersServerless,
    /// Both columns are about the serverless way: what makes people hesitate on the left, its
    /// strengths on the right. The talk's "Function as a Service (FaaS)" and "Events and
    /// Queues" slides.
    HesitationsStrengths,
}

impl Columns {
    /// The heading shown above the left column.
    pub fn left_heading(self) -> &'static str {
        match self {
            Columns::ServersServerless => "The server way",
            Columns::HesitationsStrengths => "Hesitations about the serverless way",
        }
    }

    /// The heading shown above the right column.
    pub fn right_heading(self) -> &'static str {
        match self {
            Columns::ServersServerless => "The serverless way",
            Columns::HesitationsStrengths => "Strengths of the serverless way",
        }
    }
}

/// One slide of the talk, word for word: either one list of points, or two columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    pub title: String,
    /// A slide of one list: its points, in order.
    #[serde(default)]
    pub points: Vec<String>,
    /// A slide of two columns: the left one's points.
    #[serde(default)]
    pub left: Vec<String>,
    /// A slide of two columns: the right one's points.
    #[serde(default)]
    pub right: Vec<String>,
}

impl Slide {
    /// Whether the slide is laid out in two columns.
    pub fn has_columns(&self) -> bool {
        !self.left.is_empty() && !self.right.is_empty()
    }

    /// Every point on the slide, whatever its column.
    pub fn all_points(&self) -> impl Iterator<Item = &String> {
        self.points.iter().chain(&self.left).chain(&self.right)
    }

    /// Whether `phrase` is on the slide word for word: within its title or within one point.
    pub fn says(&self, phrase: &str) -> bool {
        !phrase.trim().is_empty()
            && (self.title.contains(phrase) || self.all_points().any(|p| p.contains(phrase)))
    }
}

/// The phrases `text` puts in quotation marks, straight ("…") or curly (“…”), in order. Inside
/// one kind of marks the other kind is text. An error when a mark is left open or a closing
/// curly mark has no opening one.
pub fn quotes(text: &str) -> Result<Vec<&str>, &'static str> {
    let mut found = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for (index, c) in text.char_indices() {
        match (open, c) {
            (None, '"') => open = Some(('"', index + 1)),
            (None, '\u{201c}') => open = Some(('\u{201d}', index + c.len_utf8())),
            (None, '\u{201d}') => return Err("a closing quotation mark that was never opened"),
            (Some((close, start)), c) if c == close => {
                found.push(&text[start..index]);
                open = None;
            }
            _ => {}
        }
    }
    match open {
        Some(_) => Err("a quotation mark that is never closed"),
        None => Ok(found),
    }
}

/// Everything in `content` that mixes our words with the talk's: slides that are not one list
/// or two columns, a dimension whose slide is unknown or has no two columns, a column point
/// not on its slide's column, a quotation not on the slide its text cites.
pub(super) fn problems(content: &Content) -> Vec<String> {
    let mut problems = Vec::new();
    let mut titles = std::collections::HashSet::new();
    for slide in &content.slides {
        if slide.title.trim().is_empty() {
            problems.push("a slide has no title".to_owned());
        }
        if !titles.insert(slide.title.as_str()) {
            problems.push(format!("the slide {:?} is given twice", slide.title));
        }
        let list = !slide.points.is_empty();
        let columns = !slide.left.is_empty() || !slide.right.is_empty();
        if list == columns || (columns && !slide.has_columns()) {
            problems.push(format!(
                "the slide {:?} must have either points or two columns (left and right)",
                slide.title
            ));
        }
        if slide.all_points().any(|p| p.trim().is_empty()) {
            problems.push(format!("the slide {:?} has an empty point", slide.title));
        }
    }
    let slide = |title: &str| content.slides.iter().find(|s| s.title == title);
    let mut check_quotes = |owner: &str, field: &str, text: &str, cited: Option<&Slide>| {
        match (quotes(text), cited) {
            (Err(why), _) => problems.push(format!("{owner}: its {field} has {why}")),
            (Ok(quoted), Some(cited)) => {
                for phrase in quoted.into_iter().filter(|q| !cited.says(q)) {
                    problems.push(format!(
                        "{owner}: the quote {phrase:?} in its {field} is not on the slide {:?}",
                        cited.title
                    ));
                }
            }
            // An unknown slide is reported on its own.
            (Ok(_), None) => {}
        }
    };
    let mut unknown = Vec::new();
    for dimension in &content.dimensions {
        let owner = format!("dimension {:?}", dimension.id);
        let own = slide(&dimension.slide);
        match own {
            None => unknown.push(format!(
                "{owner} names the slide {:?}, which is not among the content's slides",
                dimension.slide
            )),
            Some(own) if !own.has_columns() => {
                unknown.push(format!("{owner}: the slide {:?} has no two columns", own.title))
            }
            Some(own) => {
                for (side, points, column) in [
                    ("left", &dimension.left_points, &own.left),
                    ("right", &dimension.right_points, &own.right),
                ] {
                    for point in points.iter().filter(|p| !column.contains(p)) {
                        unknown.push(format!(
                            "{owner}: {point:?} is not a point of the {side} column of the slide {:?}",
                            own.title
                        ));
                    }
                }
            }
        }
        check_quotes(&owner, "summary", &dimension.summary, own);
        // An organisation's own question quotes nothing of the talk's: it is shown as its own.
        for question in dimension.questions.iter().filter(|q| q.own.is_none()) {
            let owner = format!("question {:?}", question.id);
            let cited = slide(question.slide(dimension));
            if cited.is_none() && question.slide.is_some() {
                unknown.push(format!(
                    "{owner} cites the slide {:?}, which is not among the content's slides",
                    question.slide(dimension)
                ));
            }
            check_quotes(&owner, "text", &question.text, cited);
            check_quotes(&owner, "why line", &question.why, cited);
        }
    }
    for exception in content
        .exceptions
        .iter()
        .filter(|e| !e.points.is_empty() && e.own.is_none())
    {
        let owner = format!("exception {:?}", exception.id);
        let own = slide(&exception.slide);
        match own {
            None => unknown.push(format!(
                "{owner} quotes the slide {:?}, which is not among the content's slides",
                exception.slide
            )),
            Some(own) => {
                for point in exception
                    .points
                    .iter()
                    .filter(|p| !own.all_points().any(|q| q == *p))
                {
                    unknown.push(format!(
                        "{owner}: {point:?} is not a point of the slide {:?}",
                        own.title
                    ));
                }
            }
        }
        for (field, text) in [
            ("concern", &exception.concern),
            ("advice", &exception.advice),
            ("core advice", &exception.core_advice),
        ] {
            check_quotes(&owner, field, text, own);
        }
    }
    problems.extend(unknown);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_in_either_kind_of_marks() {
        assert_eq!(
            quotes("The slide says \"Cost (mostly)\" and \u{201c}Scale\u{201d}.").unwrap(),
            ["Cost (mostly)", "Scale"]
        );
        assert_eq!(quotes("No quotes, it's ours.").unwrap(), Vec::<&str>::new());
        assert_eq!(
            quotes("\u{201c}Feels like \"backward step\"\u{201d}").unwrap(),
            ["Feels like \"backward step\""]
        );
        assert_eq!(quotes("\"A \u{201c}b\"").unwrap(), ["A \u{201c}b"]);
    }

    #[test]
    fn an_unbalanced_quotation_mark_is_an_error() {
        assert!(quotes("\"open").is_err());
        assert!(quotes("\u{201c}open").is_err());
        assert!(quotes("closed\u{201d}").is_err());
        assert!(quotes("\"one\" \"two").is_err());
    }

    #[test]
    fn a_slide_says_what_is_within_its_title_or_one_point() {
        let slide = Slide {
            title: "Vendor lock-in".to_owned(),
            points: Vec::new(),
            left: vec!["Containers are easy to move".to_owned()],
            right: vec![
                "It's service lock-in".to_owned(),
                "But events allow you to switch".to_owned(),
            ],
        };
        assert!(slide.says("It's service lock-in"));
        assert!(slide.says("service lock-in"));
        assert!(slide.says("Vendor lock-in"));
        assert!(slide.says("easy to move"));
        assert!(
            !slide.says("It's service lock-in But events"),
            "across two points"
        );
        assert!(!slide.says("it's service lock-in"), "case matters");
        assert!(!slide.says(""));
        assert!(!slide.says("  "));
    }

    #[test]
    fn the_headings_say_what_the_columns_mean() {
        assert_eq!(Columns::ServersServerless.left_heading(), "The server way");
        assert_eq!(Columns::ServersServerless.right_heading(), "The serverless way");
        assert_eq!(
            Columns::HesitationsStrengths.left_heading(),
            "Hesitations about the serverless way"
        );
        assert_eq!(
            Columns::HesitationsStrengths.right_heading(),
            "Strengths of the serverless way"
        );
    }
}
