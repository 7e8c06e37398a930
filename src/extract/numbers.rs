//! Reading numbers as Chinese news prints them: Arabic with separators and decimals, Chinese
//! numerals (一百二十, 三千, 两), and the multipliers 万 and 亿 that follow either.

/// The Chinese numeral characters.
pub const CHINESE_DIGITS: [char; 17] = [
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿',
];

/// Whether `c` is one of [`CHINESE_DIGITS`].
pub fn is_chinese_digit(c: char) -> bool {
    !c.is_ascii() && !('０'..='９').contains(&c) && is_numeral_code(c as u32)
}

/// One bit per character of the Basic Multilingual Plane, set for the characters a number starts
/// with: Arabic digits, half and full width, and the Chinese numerals. The figure scan asks this of
/// every character of an article; a bit test is a few instructions where a comparison with each
/// numeral in turn was several dozen.
pub(crate) static NUMERAL_BITS: [u64; 1024] = {
    const fn set(bits: &mut [u64; 1024], c: u32) {
        bits[c as usize >> 6] |= 1 << (c as usize & 63);
    }
    let mut bits = [0u64; 1024];
    let mut d = 0;
    while d < 10 {
        set(&mut bits, '0' as u32 + d);
        set(&mut bits, '０' as u32 + d);
        d += 1;
    }
    let mut i = 0;
    while i < CHINESE_DIGITS.len() {
        set(&mut bits, CHINESE_DIGITS[i] as u32);
        i += 1;
    }
    bits
};

/// Whether a number can start with the character whose code point is `c`.
pub fn is_numeral_code(c: u32) -> bool {
    let c = c as usize;
    c < 1 << 16 && NUMERAL_BITS[c >> 6] >> (c & 63) & 1 == 1
}

/// [`is_numeral_code`] of a three-byte character, from its bytes: the code's bits above the
/// lowest six are the low four of the first byte and six of the second, which index the bitmap's
/// word, and the third byte's low six the bit.
#[inline]
pub fn is_numeral_bmp(b0: u8, b1: u8, b2: u8) -> bool {
    let word = usize::from(b0 & 0x0f) << 6 | usize::from(b1 & 0x3f);
    NUMERAL_BITS[word] >> (b2 & 0x3f) & 1 == 1
}

/// Value of an Arabic number as printed: `1,000`, `1，000`, `11.2`, full-width digits.
pub fn parse_arabic(s: &str) -> Option<f64> {
    // Most numbers are plain ASCII (2861, 5.2): read them in place, without a copy, and whole
    // numbers of up to 15 digits (exact in an f64) without the float parser.
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if s.len() <= 15 && !s.contains('.') {
            return Some(s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0')) as f64);
        }
        return s.parse().ok();
    }
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

/// Whether `c` is a Chinese digit that may stand after 点 in a decimal (三点五, 千分之三点零六):
/// 零 to 九, not 两 or a positional 十百千万亿.
pub fn is_decimal_digit(c: char) -> bool {
    c != '两' && digit_value(c).is_some()
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
/// `二〇二一` (digit by digit, as years are written) → 2021, `三点五` → 3.5.
pub fn parse_chinese(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    // 三点五 → 3.5: the whole part as any numeral, the decimals digit by digit.
    if let Some((whole, decimals)) = s.split_once('点') {
        let (mut digits, mut scale) = (0u64, 1.0);
        for c in decimals.chars() {
            digits = digits
                .checked_mul(10)?
                .checked_add(digit_value(c).filter(|_| c != '两')?)?;
            scale *= 10.0;
        }
        return (!decimals.is_empty()).then(|| parse_chinese(whole).map(|w| w + digits as f64 / scale))?;
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

/// Two neighbouring digits said together give a rough range, not a number: 一两个小时 is one or
/// two hours, 四五十斤 forty or fifty jin, 两三万人 twenty or thirty thousand, 三五天 three to
/// five days (read digit by digit they would be 12, 45 and 35). The lower and upper value, when `s` is such a pair, with
/// the positional characters after it (十 百 千 万, 十万…). 一二 alone is no pair: it opens lists
/// (一二三) and names (一二线城市).
pub fn approximate_pair(s: &str) -> Option<(f64, f64)> {
    let mut chars = s.chars();
    let (a, b) = (chars.next()?, chars.next()?);
    let rest = chars.as_str();
    let (da, db) = (digit_value(a)?, digit_value(b)?);
    // 三五 (three to five) is said as the neighbours are.
    let consecutive = da >= 1 && (db == da + 1 || (da, db) == (3, 5)) && !(a == '一' && b == '二' && rest.is_empty());
    if !consecutive || !rest.chars().all(|c| matches!(c, '十' | '百' | '千' | '万' | '亿')) {
        return None;
    }
    let scale = multiplier(rest);
    Some((da as f64 * scale, db as f64 * scale))
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
    // Most figures are whole numbers (2861名, 46000元 once 4.6万 is tidied), which the rounding
    // below gives back unchanged while their millionths are exact (below 2^53 / 10^6): the
    // logarithm and the powers cost a few hundred instructions a figure.
    if v.fract() == 0.0 && v.abs() < WHOLE_UNCHANGED {
        return v;
    }
    tidy_by_rounding(v)
}

/// Whole numbers below this are their own [`tidy`]: times 10^6 they stay below 2^53, where every
/// whole number is exact, and so does every step of the rounding.
const WHOLE_UNCHANGED: f64 = 9e9;

/// [`tidy`] by arithmetic, for any value.
fn tidy_by_rounding(v: f64) -> f64 {
    // 4,875.6亿 is 4875.6 × 1e8 = 487560000000.00006 in binary floating point: no figure a paper
    // prints has more than twelve significant digits, so the value is rounded to twelve first,
    // then to six decimals (三分之二 is 66.666667 %). Every number read passes here: arithmetic,
    // not a round trip through a formatted string. Above 1e12 the last digits kept are tens or
    // more, divided out and multiplied back, both exact on whole numbers.
    let digits = if v == 0.0 || !v.is_finite() {
        0
    } else {
        v.abs().log10().floor() as i32 - 11
    };
    let significant = if digits > 0 {
        let scale = 10f64.powi(digits);
        (v / scale).round() * scale
    } else {
        let scale = 10f64.powi(-digits);
        (v * scale).round() / scale
    };
    let r = (significant * 1e6).round() / 1e6;
    if r.is_finite() { r } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_digits_are_a_rough_range() {
        let cases: &[(&str, Option<(f64, f64)>)] = &[
            ("一两", Some((1.0, 2.0))),
            ("两三", Some((2.0, 3.0))),
            ("四五十", Some((40.0, 50.0))),
            ("三四百", Some((300.0, 400.0))),
            ("七八千", Some((7000.0, 8000.0))),
            ("两三万", Some((20000.0, 30000.0))),
            ("三五", Some((3.0, 5.0))),
            // Not neighbours, or not a pair.
            ("一二", None),
            ("二五", None),
            ("三十", None),
            ("四十五", None),
            ("二〇二一", None),
            ("九十", None),
        ];
        for (text, range) in cases {
            assert_eq!(approximate_pair(text), *range, "{text}");
        }
    }

    #[test]
    fn numerals_are_told_from_their_bytes_as_from_their_code() {
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            let mut utf8 = [0; 4];
            let [b0, b1, b2, _] = *{
                c.encode_utf8(&mut utf8);
                &utf8
            };
            assert_eq!(is_numeral_bmp(b0, b1, b2), is_numeral_code(c as u32), "{c}");
        }
    }

    #[test]
    fn chinese_digit_test_agrees_with_the_list() {
        assert!("零〇一二两三四五六七八九十百千万亿".chars().all(is_chinese_digit));
        assert!("0１上下约的.".chars().all(|c| !is_chinese_digit(c)));
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_chinese_digit(c), CHINESE_DIGITS.contains(&c), "{c}");
            let numeral = c.is_ascii_digit() || ('０'..='９').contains(&c) || CHINESE_DIGITS.contains(&c);
            assert_eq!(is_numeral_code(c as u32), numeral, "{c}");
        }
    }

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
            ("0012", 12.0),
            ("123456789012345", 123456789012345.0),
            ("1234567890123456789", 1234567890123456789.0),
            ("５３３８", 5338.0),
            ("１２．５", 12.5),
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
            ("三点五", 3.5),
            ("十二点零五", 12.05),
            ("一百点二", 100.2),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(*want), "{text}");
        }
        for text in ["1.2.3", ".", "1.", "12a"] {
            assert_eq!(parse_arabic(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn non_numbers_are_refused() {
        // 点 must have digits after it, and only digits: 三点 (three o'clock), 三点十.
        for text in ["三点", "点五", "三点十", "三点两"] {
            assert_eq!(parse_chinese(text), None, "{text}");
        }
        for text in ["", "abc", "1.2.3x", "红十字会", "十分x"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Rounding to twelve significant digits by arithmetic gives what a round trip through
        /// the number formatted with twelve gives, for numbers of up to twelve digits and four
        /// decimals, times 万, 亿 or 万亿.
        #[test]
        fn twelve_digits_by_arithmetic_as_by_formatting(
            mantissa in 0u64..1_000_000_000_000,
            decimals in 0i32..5,
            multiplier in proptest::sample::select(vec![1.0, 1e4, 1e8, 1e12]),
        ) {
            let v = mantissa as f64 / 10f64.powi(decimals) * multiplier;
            let formatted: f64 = format!("{v:.11e}").parse().unwrap_or(v);
            proptest::prop_assert_eq!(tidy(v), (formatted * 1e6).round() / 1e6, "{}", v);
        }
    }

    proptest::proptest! {
        /// Whole numbers below the bound are their own tidy value, as the rounding gives, and
        /// every other value goes through the rounding: checked on whole numbers on both sides
        /// of the bound, both zeros, and any value at all.
        #[test]
        fn whole_numbers_are_tidy_as_rounded(
            whole in -2e10f64..2e10,
            near in -1000.0f64..1000.0,
            any in proptest::num::f64::ANY,
        ) {
            for v in [whole.trunc(), (WHOLE_UNCHANGED + near).trunc(), -(WHOLE_UNCHANGED + near).trunc(), 0.0, -0.0, any] {
                proptest::prop_assert_eq!(tidy(v).to_bits(), tidy_by_rounding(v).to_bits(), "{}", v);
            }
        }
    }

    #[test]
    fn multipliers_compose() {
        for (text, want) in [("万", 1e4), ("亿", 1e8), ("千万", 1e7), ("万亿", 1e12), ("", 1.0)] {
            assert_eq!(multiplier(text), want, "{text}");
        }
        assert_eq!(tidy(4.6 * 1e4), 46000.0);
        assert_eq!(tidy(5.65 * 1e8), 565000000.0);
        // Large values keep no binary noise beyond twelve significant digits.
        assert_eq!(tidy(4875.6 * 1e8), 487560000000.0);
        assert_eq!(tidy(38.7 * 1e8), 3870000000.0);
        assert_eq!(tidy(1.17 * 1e12), 1170000000000.0);
        assert_eq!(tidy(2.0 / 3.0 * 100.0), 66.666667);
    }
}
