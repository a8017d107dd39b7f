//! Fitting content onto fixed-size slides: how many lines a text wraps to, splitting a text too
//! long for one slide, and laying groups of items out over as many slides as they need, each
//! slide after the first, and each group that goes on from one slide to the next, marked as
//! continued. Nothing is dropped: an item too tall for any slide gets a slide of its own.
//!
//! Heights are estimates in whatever unit the format measures in (pixels for the Markdown
//! summary as Marp draws it, ems for the deck), made with a character width on the wide side of
//! common fonts, so that a slide the estimate fills still fits when a browser draws it.

use std::ops::Range;

/// How many lines `text` takes when wrapped at `width` characters, breaking at spaces; a word
/// longer than a line is broken inside (as `overflow-wrap` does). No words, no lines.
pub fn lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut lines = 0;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if lines > 0 && used + 1 + len <= width {
            used += 1 + len;
        } else {
            lines += len.div_ceil(width);
            used = (len - 1) % width + 1;
        }
    }
    lines
}

/// Splits `text` into pieces of at most `max_lines` lines of `width` characters, as even as
/// they can be (a line over the even share each, so that a piece can end at a sentence), ending
/// each piece at the end of a sentence where one is in reach, else between words (inside a word
/// only when one word is longer than a piece). Runs of white space become single spaces.
pub fn split_text(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let total = lines(text, width);
    let max_lines = (total.div_ceil(total.div_ceil(max_lines).max(1)) + 1).min(max_lines);
    let most = width.max(1) * max_lines;
    let words: Vec<String> = text
        .split_whitespace()
        .flat_map(|word| {
            let chars: Vec<char> = word.chars().collect();
            chars
                .chunks(most)
                .map(|chunk| chunk.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut end = start + 1;
        while end < words.len() && lines(&words[start..=end].join(" "), width) <= max_lines {
            end += 1;
        }
        if end < words.len()
            && let Some(sentence_end) = (start + 1..=end).rev().find(|&i| ends_sentence(&words[i - 1]))
        {
            end = sentence_end;
        }
        pieces.push(words[start..end].join(" "));
        start = end;
    }
    pieces
}

/// How many characters wide each column of a table laid out automatically (as browsers lay
/// out a table without set widths) comes out, roughly, when the table is `width` characters
/// wide: each column gets its longest word, and the rest of the width is shared in proportion
/// to how much longer each column's longest cell is than that word.
pub fn column_widths(rows: &[&[&str]], width: usize) -> Vec<usize> {
    let columns = rows.iter().map(|row| row.len()).max().unwrap_or(0);
    let longest = |column: usize, measure: &dyn Fn(&str) -> usize| {
        rows.iter()
            .filter_map(|row| row.get(column))
            .map(|cell| measure(cell))
            .max()
            .unwrap_or(0)
    };
    let word = |cell: &str| {
        cell.split_whitespace()
            .map(|word| word.chars().count())
            .max()
            .unwrap_or(0)
    };
    let whole = |cell: &str| cell.chars().count();
    let least: Vec<usize> = (0..columns).map(|c| longest(c, &word).max(1)).collect();
    let most: Vec<usize> = (0..columns).map(|c| longest(c, &whole).max(1)).collect();
    let spare = width.saturating_sub(least.iter().sum());
    let wanted: usize = most.iter().zip(&least).map(|(m, l)| m - l).sum();
    least
        .iter()
        .zip(&most)
        .map(|(least, most)| {
            let share = (spare * (most - least)).checked_div(wanted).unwrap_or(0);
            (least + share).min(*most.max(least))
        })
        .collect()
}

fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['\u{201d}', '"', ')', '\''])
        .ends_with(['.', '!', '?', ':', ';'])
}

/// Something drawn on a slide, and the height it takes there.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub text: String,
    pub height: f32,
}

impl Block {
    pub fn new(text: impl Into<String>, height: f32) -> Self {
        Self {
            text: text.into(),
            height,
        }
    }
}

/// What heads a slide or a group: as it first appears, and on each further slide the content
/// runs onto (marked as continued).
#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    pub first: Block,
    pub continued: Block,
}

impl Head {
    /// A head that draws nothing and takes no room.
    pub fn none() -> Self {
        Self::same(Block::new("", 0.0))
    }

    /// A head drawn the same way each time (a table's opening, a box's padding).
    pub fn same(block: Block) -> Self {
        Self {
            continued: block.clone(),
            first: block,
        }
    }

    fn get(&self, continued: bool) -> &Block {
        if continued { &self.continued } else { &self.first }
    }
}

/// Items that belong together under one head (a heading and its list, a table's rows, a
/// note's paragraphs), closed by `tail` on each slide they appear on.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub head: Head,
    pub items: Vec<Block>,
    pub tail: String,
}

impl Group {
    pub fn new(head: Head, items: Vec<Block>, tail: impl Into<String>) -> Self {
        Self {
            head,
            items,
            tail: tail.into(),
        }
    }

    /// Items with nothing around them: each its own paragraph.
    pub fn plain(items: Vec<Block>) -> Self {
        Self::new(Head::none(), items, "")
    }
}

/// The items of one group on one slide; `continued` when the group began on an earlier slide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub group: usize,
    pub items: Range<usize>,
}

impl Part {
    pub fn continued(&self) -> bool {
        self.items.start > 0
    }
}

/// Lays `groups` out on slides of height `room` under `title`, in order: as many items on each
/// slide as fit, a group's head repeated (continued) on each slide it goes on to, never a head
/// without an item below it, and no item of a group alone on a slide when it could have
/// company (a group that breaks leaves two or more items on each side where it has them).
/// Groups without items are left out.
pub fn paginate(room: f32, title: &Head, groups: &[Group]) -> Vec<Vec<Part>> {
    let mut slides = Vec::new();
    let mut slide: Vec<Part> = Vec::new();
    let mut used = title.first.height;
    for (index, group) in groups.iter().enumerate() {
        let mut start = 0;
        while start < group.items.len() {
            let mut filled = used + group.head.get(start > 0).height;
            let mut end = start;
            while end < group.items.len() && filled + group.items[end].height <= room {
                filled += group.items[end].height;
                end += 1;
            }
            let count = group.items.len();
            if end < count {
                // Neither one item left alone at the top of the next slide, nor one alone at the
                // bottom of this one, where the group can give more; a group that cannot give
                // two to each side starts on the next slide.
                if count - end == 1 && end - start >= 3 {
                    end -= 1;
                }
                let alone = end - start == 1 || count - end == 1;
                if alone && !slide.is_empty() {
                    end = start;
                }
            }
            if end == start {
                if slide.is_empty() {
                    // Too tall for any slide: it gets one of its own.
                    filled += group.items[end].height;
                    end += 1;
                } else {
                    slides.push(std::mem::take(&mut slide));
                    used = title.continued.height;
                    continue;
                }
            }
            slide.push(Part {
                group: index,
                items: start..end,
            });
            used = filled;
            start = end;
            if start < group.items.len() {
                slides.push(std::mem::take(&mut slide));
                used = title.continued.height;
            }
        }
    }
    if !slide.is_empty() || slides.is_empty() {
        slides.push(slide);
    }
    slides
}

/// The slides `paginate` lays out, each drawn: its title, then each part's head, items and
/// tail.
pub fn lay_out(room: f32, title: &Head, groups: &[Group]) -> Vec<String> {
    paginate(room, title, groups)
        .into_iter()
        .enumerate()
        .map(|(number, parts)| {
            let mut slide = title.get(number > 0).text.clone();
            for part in parts {
                let group = &groups[part.group];
                slide.push_str(&group.head.get(part.continued()).text);
                for item in &group.items[part.items] {
                    slide.push_str(&item.text);
                }
                slide.push_str(&group.tail);
            }
            slide
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_and_break_long_words() {
        assert_eq!(lines("", 10), 0);
        assert_eq!(lines("   ", 10), 0);
        assert_eq!(lines("one", 10), 1);
        assert_eq!(lines("one two", 7), 1, "exactly the width");
        assert_eq!(lines("one two", 6), 2);
        assert_eq!(lines("aaaa bbbb cccc", 9), 2);
        assert_eq!(
            lines("aaaaaaaaaaaaaaaaaaaaaaaaa", 10),
            3,
            "25 letters: 10 + 10 + 5"
        );
        assert_eq!(
            lines("x aaaaaaaaaaaaaaaaaaaa y", 10),
            4,
            "x, the word's 2 lines, y"
        );
        assert_eq!(lines("ééééé ééééé", 11), 1, "characters, not bytes");
    }

    #[test]
    fn a_long_text_is_split_into_pieces_that_fit_at_sentence_ends() {
        let text = "First sentence here. Second one is a bit longer. Third.";
        assert_eq!(split_text(text, 80, 1), [text], "fits: one piece");
        assert_eq!(
            split_text(text, 30, 1),
            ["First sentence here.", "Second one is a bit longer.", "Third."]
        );
        assert_eq!(
            split_text(&format!("{text} One more ends it."), 30, 2),
            [
                "First sentence here. Second one is a bit longer. Third.",
                "One more ends it."
            ],
            "a piece ends at the last sentence end in reach"
        );
        let words = "no sentence ends in this text at all so it breaks between words";
        let pieces = split_text(words, 20, 1);
        assert!(pieces.iter().all(|piece| lines(piece, 20) == 1), "{pieces:?}");
        assert_eq!(pieces.join(" "), words);
        let word = "x".repeat(45);
        assert_eq!(
            split_text(&word, 10, 2),
            ["x".repeat(20), "x".repeat(20), "x".repeat(5)]
        );
        assert!(split_text("  ", 10, 2).is_empty());
    }

    #[test]
    fn pieces_are_even_rather_than_full_and_a_crumb() {
        let text = "A sentence of about forty characters ok. ".repeat(10);
        assert_eq!(lines(&text, 41), 10);
        let pieces = split_text(&text, 41, 9);
        let sizes: Vec<usize> = pieces.iter().map(|piece| lines(piece, 41)).collect();
        assert_eq!(sizes, [6, 4], "not 9 and 1: {pieces:?}");
    }

    #[test]
    fn split_text_keeps_every_word_in_order() {
        let note =
            "Minutes. ".repeat(10) + &"word ".repeat(300) + "End: https://example.com/" + &"a".repeat(200);
        for (width, max_lines) in [(20, 1), (66, 9), (94, 20), (5, 3)] {
            let pieces = split_text(&note, width, max_lines);
            assert!(
                pieces.iter().all(|piece| lines(piece, width) <= max_lines),
                "{width} × {max_lines}: {pieces:?}"
            );
            let joined: String = pieces.concat().split_whitespace().collect();
            let original: String = note.split_whitespace().collect();
            assert_eq!(joined, original);
        }
    }

    #[test]
    fn table_columns_share_the_width_by_their_longest_cells() {
        let rows: [&[&str]; 3] = [
            &["Part", "Can it run on functions?", "Verdict"],
            &["Public API", "yes", "Serverless first"],
            &["Matching engine", "no", "Servers for this workload"],
        ];
        let widths = column_widths(&rows, 200);
        assert_eq!(widths, [15, 24, 25], "room for every cell on one line");
        let widths = column_widths(&rows, 40);
        assert!((38..=40).contains(&widths.iter().sum::<usize>()), "{widths:?}");
        assert!(widths[0] >= "Matching".len() && widths[1] >= "functions?".len());
        assert!(widths[2] > widths[0], "the longer column gets more: {widths:?}");
        assert_eq!(
            column_widths(&rows, 10),
            [8, 10, 10],
            "never narrower than a column's longest word"
        );
        assert!(column_widths(&[], 10).is_empty());
    }

    fn group(head: (f32, f32), items: &[f32]) -> Group {
        Group::new(
            Head {
                first: Block::new("[", head.0),
                continued: Block::new("[…", head.1),
            },
            items
                .iter()
                .enumerate()
                .map(|(index, height)| Block::new(index.to_string(), *height))
                .collect(),
            "]",
        )
    }

    fn title(first: f32, continued: f32) -> Head {
        Head {
            first: Block::new("T", first),
            continued: Block::new("T…", continued),
        }
    }

    fn part(group: usize, items: Range<usize>) -> Part {
        Part { group, items }
    }

    #[test]
    fn what_fits_stays_on_one_slide() {
        let groups = [group((1.0, 1.0), &[2.0, 2.0]), group((0.0, 0.0), &[3.0])];
        assert_eq!(
            paginate(10.0, &title(2.0, 2.0), &groups),
            [vec![part(0, 0..2), part(1, 0..1)]],
            "2 + 1 + 2 + 2 + 3: exactly the room"
        );
        assert_eq!(lay_out(10.0, &title(2.0, 2.0), &groups), ["T[01][0]"]);
    }

    #[test]
    fn a_group_goes_on_to_the_next_slide_with_its_head_continued() {
        let groups = [group((1.0, 1.5), &[3.0, 3.0, 3.0, 3.0, 3.0])];
        assert_eq!(
            paginate(10.0, &title(2.0, 1.0), &groups),
            [vec![part(0, 0..2)], vec![part(0, 2..4)], vec![part(0, 4..5)]]
        );
        assert_eq!(
            lay_out(10.0, &title(2.0, 1.0), &groups),
            ["T[01]", "T…[…23]", "T…[…4]"]
        );
    }

    #[test]
    fn a_head_is_never_left_at_the_bottom_without_an_item() {
        let groups = [group((0.0, 0.0), &[7.0]), group((2.0, 2.0), &[2.0])];
        assert_eq!(
            paginate(10.0, &title(0.0, 0.0), &groups),
            [vec![part(0, 0..1)], vec![part(1, 0..1)]],
            "the second group's head fits after the first, its item does not"
        );
    }

    #[test]
    fn a_group_breaks_with_two_items_or_more_on_each_side() {
        let intro = group((0.0, 0.0), &[5.0]);
        let list = group((1.0, 1.0), &[1.0, 1.0, 1.0, 1.0, 1.0]);
        assert_eq!(
            paginate(9.5, &title(2.0, 2.0), &[intro, list.clone()]),
            [vec![part(0, 0..1)], vec![part(1, 0..5)]],
            "one item of the list would fit below the intro: the list starts on the next slide"
        );
        assert_eq!(
            paginate(6.5, &title(1.0, 1.0), &[list]),
            [vec![part(0, 0..3)], vec![part(0, 3..5)]],
            "four items fit, but the fifth would be alone on the next slide"
        );
        let three = group((1.0, 1.0), &[1.0, 1.0, 1.0]);
        assert_eq!(
            paginate(6.5, &title(1.0, 1.0), &[group((0.0, 0.0), &[2.0]), three]),
            [vec![part(0, 0..1)], vec![part(1, 0..3)]],
            "two items would fit and the third be alone: the three start on the next slide"
        );
        let two = group((1.0, 1.0), &[4.0, 4.0]);
        assert_eq!(
            paginate(7.0, &title(1.0, 1.0), &[two]),
            [vec![part(0, 0..1)], vec![part(0, 1..2)]],
            "an item alone on a slide when the slide holds no more"
        );
    }

    #[test]
    fn an_item_too_tall_for_any_slide_gets_one_of_its_own() {
        let groups = [group((1.0, 1.0), &[1.0, 50.0, 1.0])];
        assert_eq!(
            paginate(10.0, &title(1.0, 1.0), &groups),
            [vec![part(0, 0..1)], vec![part(0, 1..2)], vec![part(0, 2..3)]]
        );
    }

    #[test]
    fn groups_without_items_are_left_out_and_a_title_alone_is_a_slide() {
        let groups = [group((1.0, 1.0), &[]), group((1.0, 1.0), &[1.0])];
        assert_eq!(paginate(10.0, &title(1.0, 1.0), &groups), [vec![part(1, 0..1)]]);
        assert_eq!(paginate(10.0, &title(1.0, 1.0), &[]), [Vec::<Part>::new()]);
        assert_eq!(lay_out(10.0, &title(1.0, 1.0), &[]), ["T"]);
    }

    #[test]
    fn every_item_is_laid_out_once_in_order() {
        let heights = [0.5, 4.0, 1.0, 9.0, 2.5, 2.5, 2.5, 0.1, 12.0, 3.0];
        let groups: Vec<Group> = heights.chunks(3).map(|items| group((1.0, 1.5), items)).collect();
        let slides = paginate(10.0, &title(2.0, 1.0), &groups);
        let placed: Vec<(usize, usize)> = slides
            .iter()
            .flatten()
            .flat_map(|part| part.items.clone().map(move |item| (part.group, item)))
            .collect();
        let expected: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(index, group)| (0..group.items.len()).map(move |item| (index, item)))
            .collect();
        assert_eq!(placed, expected);
        for (number, parts) in slides.iter().enumerate() {
            let used: f32 = if number == 0 { 2.0 } else { 1.0 }
                + parts
                    .iter()
                    .map(|part| {
                        let head = if part.continued() { 1.5 } else { 1.0 };
                        head + groups[part.group].items[part.items.clone()]
                            .iter()
                            .map(|item| item.height)
                            .sum::<f32>()
                    })
                    .sum::<f32>();
            let alone = parts.len() == 1 && parts[0].items.len() == 1;
            assert!(used <= 10.0 || alone, "{parts:?} takes {used}");
        }
    }
}
