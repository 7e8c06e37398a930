//! Text measurement for chart layout.
//!
//! plotters without a font feature guesses text widths from UTF-8 byte counts (about 0.7 em a
//! byte, so a Chinese character is taken as 2.1 em), which makes label areas three times too wide
//! for Chinese and too narrow for nothing. The charts are laid out from these estimates instead:
//! a full-width character (Han, kana, full-width punctuation) is one em in every CJK font, and
//! Latin letters and digits are about half that. Estimates err on the wide side so that a label
//! measured here never turns out longer on screen.

/// Width in em of one character in the CJK font stack.
pub fn char_em(c: char) -> f64 {
    if is_full_width(c) {
        1.0
    } else if c.is_ascii_digit() {
        0.58
    } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '%' | '@' | '&') {
        0.8
    } else if c.is_ascii_lowercase() {
        0.56
    } else if matches!(c, ' ' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'l') {
        0.32
    } else if c.is_ascii() {
        0.6
    } else {
        // Anything else (accented Latin, Greek, symbols) may fall back to another font; assume
        // the worst case of a full-width glyph.
        1.0
    }
}

/// True for characters drawn one em wide: CJK ideographs, kana, Hangul, full-width forms and
/// CJK punctuation.
pub fn is_full_width(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{2026}'
        | '\u{2014}'
        | '\u{201C}'..='\u{201D}'
        | '\u{2018}'..='\u{2019}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Width in pixels of `text` drawn at `font_px`.
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_px
}

/// `text` cut to fit `max_px`, ending in `…` when anything was cut.
pub fn truncate_to_width(text: &str, font_px: f64, max_px: f64) -> String {
    if text_width(text, font_px) <= max_px {
        return text.to_string();
    }
    let budget = max_px - char_em('…') * font_px;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_em(c) * font_px;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` broken into lines no wider than `max_px` (a single character wider than that still
/// gets a line of its own). Chinese has no spaces to break at, so lines break between any two
/// characters.
pub fn wrap_to_width(text: &str, font_px: f64, max_px: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = char_em(c) * font_px;
        if used + w > max_px && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font_not_the_byte_count() {
        for (text, em) in [("核酸检测", 4.0), ("（人）", 3.0), ("2861", 4.0 * 0.58), ("", 0.0)] {
            assert!((text_width(text, 10.0) - em * 10.0).abs() < 1e-9, "{text}");
        }
        // A Chinese character is 3 UTF-8 bytes but one em, never the 2.1 em plotters assumes.
        assert!(text_width("人", 10.0) < 0.7 * 3.0 * 10.0 / 2.0);
    }

    #[test]
    fn truncation_fits_and_marks_the_cut() {
        let long = "湖南省株洲市醴陵市中医院党员干部先锋队志愿服务";
        let cut = truncate_to_width(long, 14.0, 140.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 14.0) <= 140.0, "{cut}");
        assert_eq!(truncate_to_width("醴陵", 14.0, 140.0), "醴陵");
    }

    #[test]
    fn wrapping_keeps_every_character_and_fits() {
        let text = "疫情“大考”看这“醴”：醴陵市全力以赴抗击疫情的二十个日日夜夜";
        let lines = wrap_to_width(text, 16.0, 160.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), text);
        assert!(lines.iter().all(|l| text_width(l, 16.0) <= 160.0));
        assert!(wrap_to_width("", 16.0, 160.0).is_empty());
    }
}
