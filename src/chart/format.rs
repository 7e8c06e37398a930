//! How numbers and dates read on a chart: Chinese large-number units (`36万`, `5.65亿`), axis
//! ticks at round values, and calendar arithmetic for the timeline.

use crate::article::DateValue;

/// Chinese large-number units, largest first: a reader says 5.65亿, never 565,000,000.
const LARGE_UNITS: [(f64, &str); 3] = [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")];

/// Formats a value with Chinese large-number units and at most two decimals: `36万`, `5.65亿`,
/// `0.5`, `-1.2万`. Not-a-number and infinities read as `—`.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    // Pick the unit after rounding, so 99,999,999 reads 1亿 rather than 10000万.
    for (i, (scale, suffix)) in LARGE_UNITS.iter().enumerate() {
        if a >= *scale * 0.99995 {
            let digits = two_decimals(a / scale);
            let rounded_up = digits.parse::<f64>().unwrap_or(0.0) >= 1e4;
            return match (rounded_up, i.checked_sub(1).and_then(|j| LARGE_UNITS.get(j))) {
                (true, Some((bigger, bigger_suffix))) => format!("{sign}{}{bigger_suffix}", two_decimals(a / bigger)),
                _ => format!("{sign}{digits}{suffix}"),
            };
        }
    }
    let digits = two_decimals(a);
    if digits == "0" {
        "0".into()
    } else {
        format!("{sign}{digits}")
    }
}

/// `x` with at most two decimals and no trailing zeros.
fn two_decimals(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Round tick values from `lo` to at least `hi`: multiples of 1, 2 or 5 times a power of ten,
/// about `count` of them. Always at least two ticks, so even a single value gets an axis.
pub fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let hi = if hi - lo < 1e-9 { lo + 1.0 } else { hi };
    let step = nice_step((hi - lo) / count.max(1) as f64);
    let first = (lo / step).floor();
    let last = (hi / step).ceil().max(first + 1.0);
    let n = (last - first) as i64;
    (0..=n).map(|i| clean((first + i as f64) * step)).collect()
}

/// Round integer ticks for counts (never 0.5 of an article).
pub fn count_ticks(max: f64, count: usize) -> Vec<f64> {
    let ticks = nice_ticks(0.0, max.max(1.0), count);
    let step = ticks.get(1).map(|t| t - ticks[0]).unwrap_or(1.0);
    if step >= 1.0 {
        ticks
    } else {
        (0..=max.max(1.0).ceil() as i64).map(|i| i as f64).collect()
    }
}

fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() && raw > 0.0 { raw } else { 1.0 };
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    // The tolerance keeps 0.1 / 0.1 = 1.0000000000000002 a step of 1, not 2.
    let nice = if norm <= 1.0 + 1e-9 {
        1.0
    } else if norm <= 2.0 + 1e-9 {
        2.0
    } else if norm <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Removes float noise such as 0.30000000000000004 so tick labels are exact.
fn clean(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

pub use crate::article::{civil_date, day_number};

/// The day number of a front-matter date. A date without a year takes `year_hint` (the
/// article's own year); a date without a day, or one whose year cannot be known, has no place on
/// a day-by-day axis and gives `None`.
pub fn resolve_day(date: &str, year_hint: Option<i32>) -> Option<i64> {
    let d = DateValue::parse(date)?;
    let year = d.year.or(year_hint)?;
    let day = d.day?;
    // Reject 2月31日 and the like rather than let it roll into March.
    let n = day_number(year, d.month, day);
    (civil_date(n) == (year, d.month, day)).then_some(n)
}

/// A day as a Chinese label: `7月29日`, or `2021年7月29日` with the year.
pub fn day_label(days: i64, with_year: bool) -> String {
    let (y, m, d) = civil_date(days);
    DateValue {
        year: Some(y),
        month: m,
        day: Some(d),
    }
    .to_chinese(with_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_with_chinese_units() {
        for (v, text) in [
            (0.0, "0"),
            (0.5, "0.5"),
            (2.0, "2"),
            (12.345, "12.35"),
            (800.0, "800"),
            (9999.0, "9999"),
            (10_000.0, "1万"),
            (360_000.0, "36万"),
            (2_861_000.0, "286.1万"),
            (99_999_999.0, "1亿"),
            (565_000_000.0, "5.65亿"),
            (500_000_000.0, "5亿"),
            (1.5e12, "1.5万亿"),
            (-12_000.0, "-1.2万"),
            (-0.001, "0"),
            (f64::NAN, "—"),
            (f64::INFINITY, "—"),
        ] {
            assert_eq!(format_value(v), text, "{v}");
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        for (lo, hi, count, want) in [
            (0.0, 800.0, 4, vec![0.0, 200.0, 400.0, 600.0, 800.0]),
            (0.0, 0.5, 5, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5]),
            (0.0, 5.0e8, 5, vec![0.0, 1e8, 2e8, 3e8, 4e8, 5e8]),
            (0.0, 0.0, 4, vec![0.0, 0.5, 1.0]),
            (-30.0, 70.0, 4, vec![-50.0, 0.0, 50.0, 100.0]),
        ] {
            assert_eq!(nice_ticks(lo, hi, count), want, "{lo}..{hi}");
        }
        assert_eq!(count_ticks(3.0, 6), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(count_ticks(0.0, 6), vec![0.0, 1.0]);
    }

    #[test]
    fn calendar_round_trips() {
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2021, 7, 29) - day_number(2021, 7, 1), 28);
        for n in [-1000, 0, 18_000, 18_838, 20_000] {
            let (y, m, d) = civil_date(n);
            assert_eq!(day_number(y, m, d), n);
        }
        assert_eq!(resolve_day("2021-07-29", None), Some(day_number(2021, 7, 29)));
        assert_eq!(resolve_day("--08-07", Some(2021)), Some(day_number(2021, 8, 7)));
        assert_eq!(resolve_day("--08-07", None), None);
        assert_eq!(resolve_day("2021-08", None), None);
        assert_eq!(resolve_day("2021-02-31", None), None);
        assert_eq!(day_label(day_number(2021, 7, 29), false), "7月29日");
        assert_eq!(day_label(day_number(2021, 7, 29), true), "2021年7月29日");
    }
}
