//! Reading numbers as Chinese news prints them: Arabic with separators and decimals, Chinese
//! numerals (一百二十, 三千, 两), and the multipliers 万 and 亿 that follow either.

/// Chinese numeral characters, for building patterns and testing characters.
pub const CHINESE_DIGITS: &str = "零〇一二两三四五六七八九十百千万亿";

/// Value of an Arabic number as printed: `1,000`, `1，000`, `11.2`, full-width digits.
pub fn parse_arabic(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | '，'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            _ => c,
        })
        .collect();
    if ascii.is_empty() || !ascii.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    ascii.parse().ok()
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral: `一百二十` → 120, `十` → 10, `三千万` → 30000000,
/// `二〇二一` (digit by digit, as years are written) → 2021.
pub fn parse_chinese(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    // Digit-by-digit form: no positional characters at all.
    if s.chars().all(|c| digit_value(c).is_some()) && s.chars().count() > 1 {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit_value(c)?)?;
        }
        return Some(v as f64);
    }
    // Positional form: sections separated by 亿 and 万, each section up to 千.
    let mut total: f64 = 0.0;
    let mut section: f64 = 0.0;
    let mut digit: Option<f64> = None;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            digit = Some(d as f64);
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        if unit >= 1e4 {
            section += digit.take().unwrap_or(0.0);
            if section == 0.0 {
                section = 1.0;
            }
            if unit == 1e8 {
                total = (total + section) * unit;
            } else {
                total += section * unit;
            }
            section = 0.0;
        } else {
            // 十 alone means one ten (十二 = 12).
            section += digit.take().unwrap_or(1.0) * unit;
        }
    }
    section += digit.unwrap_or(0.0);
    Some(total + section)
}

/// Value of a number written either way.
pub fn parse_number(s: &str) -> Option<f64> {
    match s.chars().next()? {
        c if c.is_ascii_digit() || ('０'..='９').contains(&c) => parse_arabic(s),
        _ => parse_chinese(s),
    }
}

/// Multiplier for 万, 亿 and their combinations written after an Arabic number (`4.6万`).
pub fn multiplier(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            '亿' => 1e8,
            _ => 1.0,
        })
        .product()
}

/// Rounds away binary noise from multiplying decimals (`4.6 * 1e4` = 46000, not 45999.99…).
pub fn tidy(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r.is_finite() { r } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_printed() {
        let cases: &[(&str, f64)] = &[
            ("0", 0.0),
            ("800", 800.0),
            ("1,000", 1000.0),
            ("1，000", 1000.0),
            ("12,345,678", 12345678.0),
            ("11.2", 11.2),
            ("0.5", 0.5),
            ("５３３８", 5338.0),
            ("一", 1.0),
            ("两", 2.0),
            ("十", 10.0),
            ("十二", 12.0),
            ("二十", 20.0),
            ("一百二十", 120.0),
            ("一百零五", 105.0),
            ("三千", 3000.0),
            ("三千零二十", 3020.0),
            ("五万", 50000.0),
            ("三千万", 30000000.0),
            ("十五万", 150000.0),
            ("一亿", 1e8),
            ("五亿三千万", 530000000.0),
            ("两千", 2000.0),
            ("二〇二一", 2021.0),
            ("一九九八", 1998.0),
            ("百", 100.0),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(*want), "{text}");
        }
    }

    #[test]
    fn non_numbers_are_refused() {
        for text in ["", "abc", "1.2.3x", "红十字会", "十分x"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn multipliers_compose() {
        for (text, want) in [("万", 1e4), ("亿", 1e8), ("千万", 1e7), ("万亿", 1e12), ("", 1.0)] {
            assert_eq!(multiplier(text), want, "{text}");
        }
        assert_eq!(tidy(4.6 * 1e4), 46000.0);
        assert_eq!(tidy(5.65 * 1e8), 565000000.0);
    }
}
