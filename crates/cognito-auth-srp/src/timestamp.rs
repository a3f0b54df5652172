//! Cognito's `TIMESTAMP`: `Ddd Mmm D HH:MM:SS UTC YYYY` in UTC with English
//! names and the day of the month **not** zero-padded, e.g.
//! `Tue Jan 2 15:04:05 UTC 2024`. Real Cognito rejects a padded day or a
//! weekday that does not match the date, so [`parse`] does too.

use crate::SrpError;

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats seconds since the Unix epoch (UTC).
pub fn format(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[weekday],
        MONTHS[(month - 1) as usize],
        day,
        secs / 3600,
        (secs / 60) % 60,
        secs % 60,
        year
    )
}

/// Parses a TIMESTAMP strictly and returns seconds since the Unix epoch.
///
/// Rejects: a zero-padded or out-of-range day, a weekday that does not match
/// the date, lowercase names, any zone other than `UTC`, extra or missing
/// spaces, and years outside 1000–9999.
pub fn parse(s: &str) -> Result<i64, SrpError> {
    let bad = SrpError::InvalidTimestamp;
    let parts: Vec<&str> = s.split(' ').collect();
    let [wd, mon, day, time, zone, year] = parts.as_slice() else {
        return Err(bad);
    };
    let weekday = DAYS.iter().position(|d| d == wd).ok_or(bad)?;
    let month = MONTHS.iter().position(|m| m == mon).ok_or(bad)? as u32 + 1;
    if day.is_empty() || day.len() > 2 || day.starts_with('0') {
        return Err(bad);
    }
    let day: u32 = digits(day).ok_or(bad)?;
    if *zone != "UTC" || year.len() != 4 {
        return Err(bad);
    }
    let year: i64 = i64::from(digits(year).ok_or(bad)?);
    if year < 1000 {
        return Err(bad);
    }
    let tparts: Vec<&str> = time.split(':').collect();
    let [hh, mm, ss] = tparts.as_slice() else {
        return Err(bad);
    };
    if hh.len() != 2 || mm.len() != 2 || ss.len() != 2 {
        return Err(bad);
    }
    let (hh, mm, ss) = (
        digits(hh).ok_or(bad)?,
        digits(mm).ok_or(bad)?,
        digits(ss).ok_or(bad)?,
    );
    if hh > 23 || mm > 59 || ss > 59 || day == 0 || day > days_in_month(year, month) {
        return Err(bad);
    }
    let days = days_from_civil(year, month, day);
    if (days + 4).rem_euclid(7) as usize != weekday {
        return Err(bad);
    }
    Ok(days * 86_400 + i64::from(hh) * 3600 + i64::from(mm) * 60 + i64::from(ss))
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format(1_704_207_845), "Tue Jan 2 15:04:05 UTC 2024");
        assert_eq!(format(1_531_220_460), "Tue Jul 10 11:01:00 UTC 2018");
        assert_eq!(format(1_736_067_787), "Sun Jan 5 09:03:07 UTC 2025");
        assert_eq!(format(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(format(951_782_400), "Tue Feb 29 00:00:00 UTC 2000");
    }

    #[test]
    fn parse_inverts_format() {
        for t in [0, 1_704_207_845, 951_782_400, 4_102_444_799, 1_739_212_212] {
            assert_eq!(parse(&format(t)), Ok(t));
        }
    }

    #[test]
    fn pitfall_4_rejects_zero_padded_day_and_wrong_weekday() {
        assert!(parse("Tue Jan 02 15:04:05 UTC 2024").is_err());
        assert!(parse("Wed Jan 2 15:04:05 UTC 2024").is_err());
        assert!(parse("Tue Jan 2 15:04:05 GMT 2024").is_err());
        assert!(parse("tue Jan 2 15:04:05 UTC 2024").is_err());
        assert!(parse("Tue Jan  2 15:04:05 UTC 2024").is_err());
        assert!(parse("Tue Jan 2 15:4:05 UTC 2024").is_err());
        assert!(parse("Tue Jan 2 24:00:00 UTC 2024").is_err());
        assert!(parse("Thu Feb 30 00:00:00 UTC 2024").is_err());
        assert!(parse("").is_err());
        assert!(parse("Tue Jan 2 15:04:05 UTC 2024 ").is_err());
        assert!(parse("Tue Jan +2 15:04:05 UTC 2024").is_err());
    }
}
