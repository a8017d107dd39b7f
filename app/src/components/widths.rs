//! Widths in whole percent, as classes of the stylesheet (`.w-0` to `.w-100`): the
//! Content-Security-Policy allows no inline `style`, so bars take their width from a class.

/// The class that makes an element `percent` wide (at most 100).
pub fn width_class(percent: u8) -> String {
    format!("w-{}", percent.min(100))
}

/// The widths, in whole percent, of bars standing side by side for `counts`: each in
/// proportion to its count, rounded so that together they fill exactly 100 (none when all are
/// zero).
pub fn shares(counts: &[usize]) -> Vec<u8> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut before = 0;
    let mut edge = 0;
    counts
        .iter()
        .map(|count| {
            before += count;
            let next = (before * 200 + total) / (2 * total);
            let share = next - edge;
            edge = next;
            u8::try_from(share).unwrap_or(100)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_proportional_and_fill_the_bar_exactly() {
        assert_eq!(shares(&[1, 1, 1]), vec![33, 34, 33]);
        assert_eq!(shares(&[1, 0, 3]), vec![25, 0, 75]);
        assert_eq!(shares(&[0, 0]), vec![0, 0]);
        assert_eq!(shares(&[7]), vec![100]);
        assert_eq!(width_class(63), "w-63");
        assert_eq!(width_class(250), "w-100");
    }

    proptest::proptest! {
        #[test]
        fn any_counts_fill_exactly_one_hundred(counts in proptest::collection::vec(0usize..500, 1..8)) {
            let widths = shares(&counts);
            let sum: u32 = widths.iter().map(|w| u32::from(*w)).sum();
            proptest::prop_assert_eq!(sum, if counts.iter().sum::<usize>() == 0 { 0 } else { 100 });
            for (count, width) in counts.iter().zip(&widths) {
                if *count == 0 {
                    proptest::prop_assert_eq!(*width, 0);
                }
            }
        }
    }
}
