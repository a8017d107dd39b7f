//! Dates for display, computed from Unix time without a time-zone database (dates are UTC).

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day, in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// The UTC calendar date (year, month 1-12, day 1-31) of a Unix time in milliseconds.
pub fn civil_date(unix_ms: i64) -> (i64, u32, u32) {
    let days = unix_ms.div_euclid(DAY_MS);
    // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era's year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil_date`]).
pub fn days_from_civil(year: i64, month: u32, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// "27 November 2026".
pub fn date_label(unix_ms: i64) -> String {
    let (year, month, day) = civil_date(unix_ms);
    format!("{day} {} {year}", MONTHS[month as usize - 1])
}

/// "2026-11-27", for `<time datetime>` and file names.
pub fn iso_date(unix_ms: i64) -> String {
    let (year, month, day) = civil_date(unix_ms);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(-1), (1969, 12, 31));
        // 2000-02-29 12:00 UTC, a leap day in a century leap year.
        assert_eq!(civil_date(951_825_600_000), (2000, 2, 29));
        // 2017-07-07, the day of the talk.
        assert_eq!(civil_date(1_499_385_600_000), (2017, 7, 7));
        // 2100-03-01: 2100 is not a leap year.
        assert_eq!(civil_date(4_107_542_400_000), (2100, 3, 1));
    }

    #[test]
    fn labels() {
        assert_eq!(date_label(1_499_385_600_000), "7 July 2017");
        assert_eq!(iso_date(1_499_385_600_000), "2017-07-07");
    }

    #[test]
    fn consecutive_days_never_skip_or_repeat() {
        let mut previous = civil_date(0);
        for day in 1..(400 * 366) {
            let current = civil_date(day * 86_400_000);
            let (y, m, d) = previous;
            let next_in_month = (y, m, d + 1);
            let next_month = if m == 12 { (y + 1, 1, 1) } else { (y, m + 1, 1) };
            assert!(
                current == next_in_month || current == next_month,
                "{previous:?} -> {current:?}"
            );
            previous = current;
        }
    }
}
