//! Character-level normalisation of one line or paragraph: full-width ASCII, odd spaces,
//! invisible characters, HTML tags and entities, Chinese punctuation, stray spaces, quotes.
//! None of it adds or drops a Han character, which keeps the cleaner's accounting simple.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::article::is_han;

static ENTITIES: LazyLock<HashMap<&'static str, char>> = LazyLock::new(|| {
    include_str!("entities.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (name, ch) = l.split_once('\t')?;
            Some((name, ch.chars().next()?))
        })
        .collect()
});

/// Tags from scraped pages. Attributes may hold anything but Han text, so removing a tag can
/// never remove a Chinese character.
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\p{Han}]*)?/?>").expect("valid tag pattern"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});").expect("valid entity pattern"));
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+").expect("valid url pattern")
});

/// Full-width forms that are the normal Chinese punctuation and must stay full-width.
const KEEP_FULL_WIDTH: &str = "，；：？！（）～";

/// Characters of the input line in canonical form: HTML removed, full-width ASCII made
/// half-width, every kind of space made one ASCII space, invisible characters dropped, ends
/// trimmed.
pub fn normalize_chars(line: &str) -> String {
    let mut text = std::borrow::Cow::Borrowed(line);
    if text.contains('<') {
        text = std::borrow::Cow::Owned(HTML_TAG.replace_all(&text, "").into_owned());
    }
    if text.contains('&') {
        text = std::borrow::Cow::Owned(decode_entities(&text));
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' if !KEEP_FULL_WIDTH.contains(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\t' => ' ',
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

fn decode_entities(text: &str) -> String {
    ENTITY
        .replace_all(text, |caps: &regex::Captures| {
            let body = &caps[1];
            let decoded = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = body.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                ENTITIES.get(body).copied()
            };
            match decoded {
                Some(c) if !c.is_control() => c.to_string(),
                _ => caps[0].to_string(),
            }
        })
        .into_owned()
}

/// The chars of a text, allocated once: these passes run on every line of every file.
fn chars_of(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len());
    chars.extend(text.chars());
    chars
}

/// The chars back as a string, allocated once (`bytes` is a size hint).
fn string_of(chars: &[char], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 8);
    out.extend(chars.iter());
    out
}

/// Chinese punctuation: CJK symbols, full-width forms and the curly quotes, dashes and ellipsis
/// used in Chinese prose.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Han character or Chinese punctuation: the neighbours that make a half-width mark Chinese.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Half-width `, ; : ? ! ( )` in Chinese prose become `，；：？！（）`. Numbers (`1,000`, `10:30`),
/// Latin text, URLs and Markdown link syntax are left alone; parentheses change in pairs.
pub fn fix_punctuation(text: &str) -> String {
    if !text
        .bytes()
        .any(|b| matches!(b, b',' | b';' | b':' | b'?' | b'!' | b'(' | b')'))
    {
        return text.to_string();
    }
    let mut chars = chars_of(text);
    let protected = protected_spans(text, &chars);
    let prev_solid = |chars: &[char], i: usize| chars[..i].iter().rev().find(|c| **c != ' ').copied();
    let next_solid = |chars: &[char], i: usize| chars[i + 1..].iter().find(|c| **c != ' ').copied();
    // Parentheses: pair them first so both halves of a pair change together.
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if protected[i] {
            continue;
        }
        match c {
            '(' => stack.push(i),
            ')' => pairs.push((stack.pop(), Some(i))),
            _ => {}
        }
    }
    pairs.extend(stack.into_iter().map(|open| (Some(open), None)));
    for (open, close) in pairs {
        let link = open.is_some_and(|o| o > 0 && chars[o - 1] == ']');
        let touches_cjk = |i: usize, chars: &[char]| {
            prev_solid(chars, i).is_some_and(is_cjk) || next_solid(chars, i).is_some_and(is_cjk)
        };
        let chinese =
            !link && (open.is_some_and(|o| touches_cjk(o, &chars)) || close.is_some_and(|c| touches_cjk(c, &chars)));
        if chinese {
            if let Some(o) = open {
                chars[o] = '（';
            }
            if let Some(c) = close {
                chars[c] = '）';
            }
        }
    }
    for i in 0..chars.len() {
        let full = match chars[i] {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            _ => continue,
        };
        if protected[i] {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let between_digits = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
        // `![`  starts a Markdown image.
        let markdown = chars[i] == '!' && after == Some('[');
        if between_digits || markdown {
            continue;
        }
        if prev_solid(&chars, i).is_some_and(is_cjk) || next_solid(&chars, i).is_some_and(is_cjk) {
            chars[i] = full;
        }
    }
    string_of(&chars, text.len())
}

/// Per char: inside a URL, where no punctuation may change.
fn protected_spans(text: &str, chars: &[char]) -> Vec<bool> {
    let mut protected = vec![false; chars.len()];
    if !text.contains("http") && !text.contains("www.") {
        return protected;
    }
    let byte_to_char: Vec<usize> = {
        let mut map = vec![0; text.len() + 1];
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            map[bi] = ci;
        }
        map[text.len()] = chars.len();
        map
    };
    for m in URL.find_iter(text) {
        for p in protected
            .iter_mut()
            .take(byte_to_char[m.end()])
            .skip(byte_to_char[m.start()])
        {
            *p = true;
        }
    }
    protected
}

/// Removes spaces that layout left inside Chinese text: between two Han characters (unless
/// `keep_between_han`, for titles whose two halves are set apart by a space), next to Chinese
/// punctuation, and between a plain number and the Chinese word around it (`例 3 人`,
/// `531.94 亿元`). Spaces around Latin words and codes (`N95 口罩`) stay.
pub fn fix_spaces(text: &str, keep_between_han: bool) -> String {
    if !text.contains(' ') {
        return text.to_string();
    }
    let chars = chars_of(text);
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let (Some(&p), Some(&n)) = (i.checked_sub(1).and_then(|j| chars.get(j)), chars.get(i + 1)) else {
            continue;
        };
        let drop = if is_han(p) && is_han(n) {
            !keep_between_han
        } else if is_cjk_punct(p) || is_cjk_punct(n) {
            true
        } else if is_han(p) && n.is_ascii_digit() {
            plain_number_at(&chars, i + 1)
        } else if p == '%' && is_han(n) && keep_between_han {
            // In a headline a rate may end its first half (`去向落实率达87.6% 国有企业招录…`); a
            // percent sign ends its number, so no unit follows it.
            false
        } else if (p.is_ascii_digit() || p == '%') && is_han(n) {
            plain_number_ending_at(&chars, i)
        } else {
            false
        };
        if !drop {
            out.push(' ');
        }
    }
    out
}

/// Whether the token starting at `start` (up to the next space or Han character) is a plain
/// number: no Latin letters in it, so not a code such as `N95` or `COVID-19`.
fn plain_number_at(chars: &[char], start: usize) -> bool {
    let token = chars[start..].iter().take_while(|c| **c != ' ' && !is_han(**c));
    !token.into_iter().any(|c| c.is_ascii_alphabetic())
}

/// Whether the token ending just before `end` is a plain number (see [`plain_number_at`]).
fn plain_number_ending_at(chars: &[char], end: usize) -> bool {
    let token = chars[..end].iter().rev().take_while(|c| **c != ' ' && !is_han(**c));
    !token.into_iter().any(|c| c.is_ascii_alphabetic())
}

/// Straight double quotes in Chinese prose become curly ones, alternating open and close; curly
/// quotes already present set the state, so a half-converted paragraph still pairs correctly.
pub fn pair_quotes(text: &str) -> String {
    if !text.contains('"') {
        return text.to_string();
    }
    let chars = chars_of(text);
    let chinese = chars.iter().enumerate().any(|(i, c)| {
        *c == '"'
            && (i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|c| is_cjk(*c))
                || chars.get(i + 1).is_some_and(|c| is_cjk(*c)))
    });
    if !chinese {
        return text.to_string();
    }
    let mut open = false;
    let mut out = String::with_capacity(text.len() + 8);
    for c in chars {
        out.push(match c {
            '“' => {
                open = true;
                c
            }
            '”' => {
                open = false;
                c
            }
            '"' => {
                open = !open;
                if open { '“' } else { '”' }
            }
            c => c,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_normalised() {
        let cases = [
            ("１０９万元", "109万元"),
            ("８．３％", "8.3%"),
            ("Ｎ９５口罩", "N95口罩"),
            ("甲，乙；丙：丁？戊！（己）", "甲，乙；丙：丁？戊！（己）"),
            ("前\u{3000}\u{3000}后", "前 后"),
            ("前\u{00A0}后", "前 后"),
            ("零\u{200B}宽\u{FEFF}字", "零宽字"),
            ("控\u{0007}制", "控制"),
            ("<p>段落</p><br/>", "段落"),
            ("<span style=\"color:red\">红</span>", "红"),
            ("&lt;b&gt;&nbsp;&amp;", "<b> &"),
            ("&#20013;&#x6587;", "中文"),
            ("&unknown;", "&unknown;"),
            ("  首尾  ", "首尾"),
            ("a <不是标签>", "a <不是标签>"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_chars(input), want, "input {input:?}");
        }
    }

    #[test]
    fn punctuation_in_chinese_prose_becomes_full_width() {
        let cases = [
            ("有一种精神,叫做无畏;有一种力量", "有一种精神，叫做无畏；有一种力量"),
            ("他说:好吗?好!", "他说：好吗？好！"),
            ("增长22.3%, 高于", "增长22.3%， 高于"),
            ("共1,000人", "共1,000人"),
            ("10:30开会", "10:30开会"),
            ("时间:10:30", "时间：10:30"),
            ("各县(区、市)委", "各县（区、市）委"),
            ("告(2022)21号", "告（2022）21号"),
            ("Hello, world (test)", "Hello, world (test)"),
            ("见https://a.cn/x?y=1,2!网址", "见https://a.cn/x?y=1,2!网址"),
            ("[链接](https://a.cn)中", "[链接](https://a.cn)中"),
            ("![图](a.png)", "![图](a.png)"),
        ];
        for (input, want) in cases {
            assert_eq!(fix_punctuation(input), want, "input {input:?}");
        }
    }

    #[test]
    fn stray_spaces_are_removed_and_meaningful_ones_kept() {
        let cases = [
            ("确诊患 者", false, "确诊患者"),
            ("例 3 人", false, "例3人"),
            ("总额 531.94 亿元", false, "总额531.94亿元"),
            ("高于， 全省", false, "高于，全省"),
            ("N95 口罩", false, "N95 口罩"),
            ("使用 iPhone 手机", false, "使用 iPhone 手机"),
            ("迅疾行动 争分夺秒", true, "迅疾行动 争分夺秒"),
            ("迅疾行动 争分夺秒", false, "迅疾行动争分夺秒"),
            ("增长 22.3% 高于", false, "增长22.3%高于"),
            // In a headline a rate may end its first half.
            (
                "落实率达87.6% 国有企业招录2.3万人",
                true,
                "落实率达87.6% 国有企业招录2.3万人",
            ),
            ("总额 531.94 亿元", true, "总额531.94亿元"),
            ("COVID-19 病毒", false, "COVID-19 病毒"),
            ("第 2 版", false, "第2版"),
        ];
        for (input, keep, want) in cases {
            assert_eq!(fix_spaces(input, keep), want, "input {input:?}");
        }
    }

    #[test]
    fn straight_quotes_pair_up() {
        let cases = [
            ("全部\"清零\"。", "全部“清零”。"),
            ("\"德尔塔\"变异", "“德尔塔”变异"),
            ("“已有”和\"新的\"", "“已有”和“新的”"),
            ("say \"hi\"", "say \"hi\""),
        ];
        for (input, want) in cases {
            assert_eq!(pair_quotes(input), want, "input {input:?}");
        }
    }
}
