//! Dates and events: absolute (2022年11月8日), partial (7月29日, 7日下午), ranges (7月30日至8月9日,
//! 1至8月), periods (一季度, 上半年) and relative words (今年, 当天, 次日), resolved to calendar dates.
//!
//! A date without a year takes one from, in order: the sidecar or front matter, the masthead or
//! dateline, a date or month said with its year in the text, a weekday printed next to a date
//! (8月8日，星期天 fixes 2021 among its neighbours), `default_year`, a year said alone in the text
//! (the latest, with a warning); otherwise it keeps no year and the article gets a
//! warning. A year is never invented silently.

use crate::article::{civil_date, day_number};
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{
    CharFilter, RelativeDate, WordMap, alternation_order, padded_le, regex_alternation, three_byte_char,
};
use super::numbers::parse_number;
use super::{ExtractContext, Lexicon, TaggedParagraph};
use crate::article::{DateValue, Event};

const YEAR: &str = "(?:[0-9]{4}|[〇零一二三四五六七八九]{4})";
const MONTH: &str = "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])";
const DAY: &str =
    "(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])";
const TIME_OF_DAY: &str = "(?:[0-9]{1,2}[时点](?:[0-9]{1,2}分)?|零时|凌晨|上午|中午|下午|傍晚|晚上|晚间|晚|夜间|早上)";

/// What may follow a bare day (7日下午) for it to be a date: a time of day, a range word,
/// punctuation, or what a news report says was done that day (国家统计局13日发布公告, 记者4日从…
/// 获悉, 13日在北京举行).
static DAY_FOLLOWERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "^(?:{TIME_OF_DAY}|起|至|到|，|、|。|以来|前后|从|发布|召开|举行|举办|表示|宣布|公布|通报|介绍|透露|印发|出台|启动|开幕|闭幕|会见|在)"
    ))
    .expect("valid pattern")
});

/// Prepositions of time: a bare day after one is a date whatever follows (将于19日复课).
const DAY_PREPOSITIONS: [&str; 5] = ["于", "在", "截至", "截止", "自"];

/// The words that join the two ends of a range (7月30日至8月9日, 1—6月).
const RANGE_WORDS: [&str; 7] = ["至", "到", "－", "-", "—", "～", "~"];

/// What may stand between the two ends of a date range (7月30日至8月9日, 8日0时至10日24时).
static RANGE_JOINER: LazyLock<Regex> = LazyLock::new(|| {
    let joiner = RANGE_WORDS.join("|");
    Regex::new(&format!(r"^\s*{TIME_OF_DAY}?\s*(?:{joiner})\s*$")).expect("valid pattern")
});

/// Years searched for a weekday match when `default_year` gives no hint: news this tool digests
/// is recent, and the latest matching year in this window is taken. Widen it as time passes.
pub const WEEKDAY_YEARS: (i32, i32) = (2012, 2026);

/// The named groups of the date pattern.
#[derive(Debug, Clone, Copy)]
enum G {
    RangeYear,
    FromMonth,
    ToMonth,
    Year,
    Month,
    Day,
    YearOnly,
    Period,
    Relative,
    DayOnly,
}

impl G {
    const ALL: [G; 10] = [
        G::RangeYear,
        G::FromMonth,
        G::ToMonth,
        G::Year,
        G::Month,
        G::Day,
        G::YearOnly,
        G::Period,
        G::Relative,
        G::DayOnly,
    ];

    fn name(self) -> &'static str {
        match self {
            G::RangeYear => "ry",
            G::FromMonth => "m1",
            G::ToMonth => "m2",
            G::Year => "y",
            G::Month => "m",
            G::Day => "d",
            G::YearOnly => "yo",
            G::Period => "period",
            G::Relative => "rel",
            G::DayOnly => "dd",
        }
    }
}

/// The date pattern, anchored, with the index of each of its groups (a match reads its groups by
/// index, which spares looking up each group's name for every match), and what a date may start
/// with.
///
/// The pattern is tried only where a date may start ([`DateMatches`]) instead of searched for
/// through each paragraph: the search ran a lazy DFA over every byte, the costliest part of
/// reading dates (its alternatives, numbers and a list of words, give it no literal to skip ahead
/// to), and sampling showed it slower in time than its instructions say. The scan costs a few
/// more instructions, but extraction ran about 3 % faster with it (docs/performance.md).
#[derive(Debug, Clone)]
pub(crate) struct DatePattern {
    anchored: Regex,
    index: [usize; G::ALL.len()],
    /// The numerals of the pattern's numbers and the first characters of its words.
    first_chars: CharFilter,
    /// The period and relative words by first character (sorted by it), each as (its first eight
    /// bytes padded with zeros, the word, whether it is a period word), in the order the pattern
    /// tries them: the period words, then the relative words, each longest first.
    words: Vec<(u32, Vec<DateWord>)>,
}

impl DatePattern {
    /// The characters a date may start with: the numerals of its numbers and the first
    /// characters of its words.
    pub(crate) fn first_chars(&self) -> &CharFilter {
        &self.first_chars
    }
}

/// A period or relative word of the date pattern.
#[derive(Debug, Clone)]
struct DateWord {
    /// Its first eight bytes, padded with zeros, as a little-endian number.
    head: u64,
    word: String,
    period: bool,
}

/// Whether `c` is one of the characters the pattern's numbers are written with
/// (`YEAR`, `MONTH`, `DAY`).
fn date_numeral(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('0'..='9' | '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
    )
}

/// Whether `c` may follow the first number of a date: 年, 月, 日 or a range word (1至8月).
fn date_number_follower(c: char) -> bool {
    matches!(c, '年' | '月' | '日') || RANGE_WORDS.iter().any(|w| w.starts_with(c))
}

/// The matches of the date pattern in a paragraph, in order, none overlapping, as a search would
/// find them: each with the byte offset it starts at.
///
/// Every alternative of the pattern starts with a number whose first run of numerals is followed
/// by 年, 月, 日 or a range word, so it starts inside a run of numerals that such a character
/// follows, or with a period or relative word. The anchored pattern is tried at each such place in
/// turn, going on after each match: the first place where it matches is the leftmost match, with
/// the alternative a search would give it.
pub(crate) struct DateMatches<'t> {
    text: &'t str,
    pattern: &'t DatePattern,
    /// Where a date may start ([`super::Openings`]), in order, and the next one to look at.
    openings: Vec<usize>,
    next: usize,
    /// Where the last match ends: no date starts before.
    at: usize,
    /// Where the current run of numerals ends, and whether a date's follower comes after it.
    run_end: usize,
    run_followed: bool,
}

impl<'t> DateMatches<'t> {
    /// The matches of a text, its openings read for them alone (the extractor reads them once
    /// for dates and figures: [`DateMatches::at_openings`]).
    #[cfg(test)]
    pub(crate) fn new(text: &'t str, pattern: &'t DatePattern) -> DateMatches<'t> {
        let openings = super::Openings::scan(text, &pattern.first_chars, &pattern.first_chars, &pattern.first_chars);
        DateMatches::at_openings(text, pattern, openings.dates)
    }

    /// The matches of a text whose date openings ([`super::Openings`]) are known.
    pub(crate) fn at_openings(text: &'t str, pattern: &'t DatePattern, openings: Vec<usize>) -> DateMatches<'t> {
        DateMatches {
            text,
            pattern,
            openings,
            next: 0,
            at: 0,
            run_end: 0,
            run_followed: false,
        }
    }

    /// The character at byte `i` as a code point (0 for one of two or four bytes, which no date
    /// starts with) and its width.
    fn code_at(bytes: &[u8], i: usize) -> (u32, usize) {
        match bytes[i] {
            b @ 0x00..=0x7f => (u32::from(b), 1),
            b @ 0xe0..=0xef => (three_byte_char(b, bytes[i + 1], bytes[i + 2]), 3),
            0xf0..=0xff => (0, 4),
            _ => (0, 2),
        }
    }

    /// The period or relative word the pattern matches at the start of `rest`, whose first
    /// character is `c`, and whether it is a period word.
    fn word_at(&self, c: u32, rest: &[u8]) -> Option<(usize, bool)> {
        let words = &self.pattern.words;
        let (_, words) = &words[words.binary_search_by_key(&c, |(first, _)| *first).ok()?];
        let window = match rest.first_chunk::<8>() {
            Some(eight) => u64::from_le_bytes(*eight),
            None => padded_le(rest),
        };
        words.iter().find_map(|w| {
            let len = w.word.len();
            let mask = if len >= 8 { u64::MAX } else { (1 << (8 * len)) - 1 };
            // Bytes past the end of the text read as zeros, which no word contains.
            (window & mask == w.head && (len <= 8 || rest.starts_with(w.word.as_bytes()))).then_some((len, w.period))
        })
    }
}

/// A match of the date pattern: its groups, read in the text from where it starts, or the period
/// or relative word it is.
pub(crate) enum DateMatch<'t> {
    Groups(regex::Captures<'t>),
    Period(&'t str),
    Relative(&'t str),
}

impl<'t> Iterator for DateMatches<'t> {
    /// The offset the match starts at, and the match.
    type Item = (usize, DateMatch<'t>);

    fn next(&mut self) -> Option<(usize, DateMatch<'t>)> {
        let bytes = self.text.as_bytes();
        loop {
            // The next place a date may start, past the last match: an ASCII digit or a
            // three-byte character.
            let at = loop {
                let &at = self.openings.get(self.next)?;
                self.next += 1;
                if at >= self.at {
                    break at;
                }
            };
            let (c, width) = match bytes[at] {
                b @ 0x00..=0x7f => (u32::from(b), 1),
                b => (three_byte_char(b, bytes[at + 1], bytes[at + 2]), 3),
            };
            self.at = at + width;
            let ascii_digit = c < 0x80;
            let numeral = ascii_digit || date_numeral(c);
            if numeral && at >= self.run_end {
                let mut end = at;
                while end < bytes.len() {
                    let (c, w) = Self::code_at(bytes, end);
                    if !date_numeral(c) {
                        break;
                    }
                    end += w;
                }
                self.run_end = end;
                self.run_followed = self.text[end..].chars().next().is_some_and(date_number_follower);
            }
            if !(numeral && self.run_followed) {
                // No number of the pattern starts here: if anything, a word does, the first of
                // the words the pattern tries.
                if ascii_digit {
                    continue;
                }
                let Some((len, period)) = self.word_at(c, &bytes[at..]) else {
                    continue;
                };
                self.at = at + len;
                let word = &self.text[at..at + len];
                return Some((
                    at,
                    if period {
                        DateMatch::Period(word)
                    } else {
                        DateMatch::Relative(word)
                    },
                ));
            }
            let Some(found) = self.pattern.anchored.captures(&self.text[at..]) else {
                continue;
            };
            self.at = at + found.get(0).expect("group 0 always matches").end();
            return Some((at, DateMatch::Groups(found)));
        }
    }
}

/// The date pattern, built from the period and relative-word tables.
pub(crate) fn date_pattern(
    periods: &HashMap<String, (u32, u32, i32)>,
    relative: &[(String, RelativeDate)],
) -> DatePattern {
    // The words in the order the pattern tries them.
    let words_in_pattern: Vec<(&String, bool)> = (alternation_order(periods.keys()).into_iter().map(|w| (w, true)))
        .chain(
            alternation_order(relative.iter().map(|(w, _)| w))
                .into_iter()
                .map(|w| (w, false)),
        )
        .collect();
    let periods = regex_alternation(periods.keys());
    let relative = regex_alternation(relative.iter().map(|(w, _)| w));
    let joiner = RANGE_WORDS.join("|");
    let pattern = format!(
        "(?:(?P<ry>{YEAR})年)?(?P<m1>{MONTH})(?:{joiner})(?P<m2>{MONTH})月\
         |(?:(?P<y>{YEAR})年)?(?P<m>{MONTH})月(?:份)?(?:(?P<d>{DAY})[日号])?\
         |(?P<yo>{YEAR})年\
         |(?P<period>{periods})\
         |(?P<rel>{relative})\
         |(?P<dd>{DAY})日"
    );
    let anchored = Regex::new(&format!("^(?:{pattern})")).expect("date tables build a valid pattern");
    let index = G::ALL.map(|g| {
        anchored
            .capture_names()
            .position(|n| n == Some(g.name()))
            .expect("the pattern names every group")
    });
    let mut words: Vec<(u32, Vec<DateWord>)> = Vec::new();
    for (w, period) in words_in_pattern {
        let Some(first) = w.chars().next() else { continue };
        let word = DateWord {
            head: padded_le(&w.as_bytes()[..w.len().min(8)]),
            word: w.to_string(),
            period,
        };
        match words.iter_mut().find(|(c, _)| *c == first as u32) {
            Some((_, list)) => list.push(word),
            None => words.push((first as u32, vec![word])),
        }
    }
    words.sort_by_key(|(c, _)| *c);
    // The numerals as `date_numeral` tells them (one list), with the words' first characters.
    let numerals = (0..0x1_0000).filter(|&c| date_numeral(c)).filter_map(char::from_u32);
    let first_chars = CharFilter::new(numerals.chain(words.iter().filter_map(|(c, _)| char::from_u32(*c))));
    DatePattern {
        anchored,
        index,
        first_chars,
        words,
    }
}

/// Where a document's year came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearSource {
    Known,
    Masthead,
    Text,
    Weekday,
    Default,
}

/// What the text says, before years are filled in.
#[derive(Debug, Clone, PartialEq)]
enum Said {
    /// Month, optional day, optional year.
    Date {
        year: Option<i32>,
        month: u32,
        day: Option<u32>,
    },
    /// 1至8月.
    Months {
        year: Option<i32>,
        from: u32,
        to: u32,
    },
    YearOnly(i32),
    /// Months `from` to `to` of the reference year, moved by a number of years (去年底: −1).
    Period(u32, u32, i32),
    DayOnly(u32),
    Relative(RelativeDate),
}

/// A date expression found in a paragraph, with its byte span there.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub anchor: String,
    pub start: usize,
    pub end: usize,
    said: Said,
    /// Weekday printed next to it (0 = Monday … 6 = Sunday).
    weekday: Option<u32>,
    /// A following mention joined to this one by 至/到 (7月30日至8月9日).
    range_to: Option<Box<DateMention>>,
}

fn number(s: &str) -> Option<u32> {
    let v = parse_number(s)?;
    ((0.0..10000.0).contains(&v) && v.fract() == 0.0).then_some(v as u32)
}

/// A date as front matter writes it, `DateValue`'s `Display` (2021-08-25, 2021-08, --08-25),
/// written digit by digit: every figure and event of a dated paragraph carries its date as text,
/// and the formatting machinery cost some 800 instructions a date, more than the figure's date
/// lookup. Years outside 0 to 9999 and months or days over 99, which no text names, go through
/// `Display`.
pub(crate) fn date_text(d: DateValue) -> String {
    let two = |out: &mut String, n: u32| {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let plain = d.year.is_none_or(|y| (0..=9999).contains(&y)) && d.month <= 99 && d.day.is_none_or(|d| d <= 99);
    if !plain {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    match d.year {
        Some(y) => {
            let y = y as u32;
            two(&mut out, y / 100);
            two(&mut out, y % 100);
        }
        None => out.push('-'),
    }
    out.push('-');
    two(&mut out, d.month);
    if let Some(day) = d.day {
        out.push('-');
        two(&mut out, day);
    }
    out
}

/// 0 = Monday … 6 = Sunday, for a proleptic Gregorian date.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    (day_number(year, month, day) + 3).rem_euclid(7) as u32
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    (day_number(next.0, next.1, 1) - day_number(year, month, 1)) as u32
}

fn add_days(date: DateValue, days: i64) -> Option<DateValue> {
    let (y, m, d) = civil_date(day_number(date.year?, date.month, date.day?) + days);
    Some(DateValue {
        year: Some(y),
        month: m,
        day: Some(d),
    })
}

fn valid(year: Option<i32>, month: u32, day: Option<u32>) -> bool {
    (1..=12).contains(&month) && day.is_none_or(|d| d >= 1 && d <= year.map(|y| days_in_month(y, month)).unwrap_or(31))
}

fn weekday_after(text: &str) -> Option<u32> {
    let rest = text.trim_start_matches([' ', '，', ',', '（', '(', '　']);
    let rest = ["星期", "礼拜", "周"].iter().find_map(|w| rest.strip_prefix(w))?;
    Some(match rest.chars().next()? {
        '一' => 0,
        '二' => 1,
        '三' => 2,
        '四' => 3,
        '五' => 4,
        '六' => 5,
        '日' | '天' => 6,
        _ => return None,
    })
}

/// Reads every date expression of one paragraph whose date openings ([`super::Openings`]) are
/// known, joining ranges.
pub(crate) fn mentions_at(p: &TaggedParagraph, lex: &Lexicon, openings: Vec<usize>) -> Vec<DateMention> {
    let text = p.text;
    let mut raw: Vec<DateMention> = Vec::new();
    let pattern = &lex.date_pattern;
    for (at, found) in DateMatches::at_openings(text, pattern, openings) {
        let m = match &found {
            DateMatch::Groups(c) => {
                let m = c.get(0).expect("group 0 always matches");
                at + m.start()..at + m.end()
            }
            DateMatch::Period(w) | DateMatch::Relative(w) => at..at + w.len(),
        };
        let g = |group: G| match &found {
            DateMatch::Groups(c) => c.get(pattern.index[group as usize]).map(|m| m.as_str()),
            DateMatch::Period(w) => matches!(group, G::Period).then_some(*w),
            DateMatch::Relative(w) => matches!(group, G::Relative).then_some(*w),
        };
        let year = |group: G| g(group).and_then(number).map(|y| y as i32);
        let said = if let (Some(a), Some(b)) = (g(G::FromMonth), g(G::ToMonth)) {
            match (number(a), number(b)) {
                (Some(from), Some(to)) if from < to && to <= 12 => Said::Months {
                    year: year(G::RangeYear),
                    from,
                    to,
                },
                _ => continue,
            }
        } else if let Some(month) = g(G::Month).and_then(number) {
            let day = g(G::Day).and_then(number);
            let y = year(G::Year);
            if !valid(y, month, day) {
                continue;
            }
            Said::Date { year: y, month, day }
        } else if let Some(y) = year(G::YearOnly) {
            // A year said alone as the base of a comparison (较2019年同期增长38.2%) or as the
            // target of a plan (到2027年, 2027年前建成) is no time the story happens in: taken for
            // the story's year, it dated a 2025 report 2019.
            let (before, after) = (&text[..m.start], &text[m.end..]);
            let base =
                after.starts_with("同期") || ["较", "比", "与", "同", "相比"].iter().any(|w| before.ends_with(w));
            let target = before.ends_with('到') || after.starts_with('前');
            if !(1900..=2100).contains(&y) || base || target {
                continue;
            }
            Said::YearOnly(y)
        } else if let Some(w) = g(G::Period) {
            let Some(&(from, to, years)) = lex.periods.get(w) else {
                continue;
            };
            Said::Period(from, to, years)
        } else if let Some(w) = g(G::Relative) {
            let Some((_, r)) = lex.relative_dates.iter().find(|(word, _)| word == w) else {
                continue;
            };
            Said::Relative(*r)
        } else if let Some(d) = g(G::DayOnly).and_then(number) {
            // A bare day (7日下午) is a date only when a time of day, a range word or punctuation
            // follows and it does not continue a number; 7日内 is a duration.
            let after = &text[m.end..];
            let before = text[..m.start].chars().next_back();
            let time_follows = DAY_FOLLOWERS.is_match(after);
            // The far end of a range (10月1日至7日举行) is a date whatever follows: 至 said so.
            let ends_range = RANGE_WORDS.iter().any(|j| {
                text[..m.start]
                    .strip_suffix(j)
                    .is_some_and(|b| b.ends_with(['日', '号', '时']))
            });
            // A preposition of time before it says so too (将于19日复课, 截至17日), unless 内
            // makes a span of it (在3日内完成).
            let at_time =
                DAY_PREPOSITIONS.iter().any(|w| text[..m.start].ends_with(w)) && !after.starts_with(['内', '间']);
            if !(time_follows || ends_range || at_time)
                || before.is_some_and(|ch| ch.is_ascii_digit())
                || !(1..=31).contains(&d)
            {
                continue;
            }
            Said::DayOnly(d)
        } else {
            continue;
        };
        // 13月 is not 3月: a number never starts in the middle of digits.
        if text[..m.start]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        // A relative word inside a longer word (今年度 is fine, 每日 is not ours) must start a word.
        if matches!(said, Said::Relative(_)) {
            let i = p.tokens.partition_point(|t| t.end <= m.start);
            if p.tokens.get(i).is_some_and(|t| t.start != m.start) {
                continue;
            }
        }
        raw.push(DateMention {
            anchor: p.anchor.clone(),
            start: m.start,
            end: m.end,
            weekday: weekday_after(&text[m.end..]),
            said,
            range_to: None,
        });
    }
    // Join `A 至 B` into one mention with a range end.
    let joiner = &*RANGE_JOINER;
    let mut out: Vec<DateMention> = Vec::new();
    for m in raw {
        if let Some(prev) = out.last_mut()
            && prev.range_to.is_none()
            && matches!(prev.said, Said::Date { .. } | Said::DayOnly(_))
            && matches!(m.said, Said::Date { .. } | Said::DayOnly(_))
            && joiner.is_match(&text[prev.end..m.start])
        {
            prev.end = m.end;
            prev.range_to = Some(Box::new(m));
            continue;
        }
        out.push(m);
    }
    out
}

/// Every dated mention of an article, resolved, with the publication date and warnings.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub events: Vec<Event>,
    pub publication: Option<DateValue>,
    pub publication_inferred: bool,
    pub year: Option<(i32, YearSource)>,
    pub warnings: Vec<String>,
    /// Each resolved mention's byte start and date, in order, by its paragraph's anchor: every
    /// figure asks for the dates of its own paragraph, and a lookup spares comparing its anchor
    /// with every mention's.
    resolved: WordMap<String, Vec<Resolved>>,
}

/// A resolved mention of a paragraph, as [`Timeline::date_at`] reads it.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    /// The byte offset where the mention starts.
    start: usize,
    date: DateValue,
    /// Where the mention's sentence starts and ends ([`super::sentence_bounds`]), when its
    /// paragraph's text was known as it was resolved.
    sentence: Option<(usize, usize)>,
}

impl Timeline {
    /// The date of the clause at byte offset `at` of a paragraph: the last date named before it
    /// in its sentence, else the first one after it in the same sentence.
    pub fn date_at(&self, anchor: &str, paragraph: &str, at: usize) -> Option<DateValue> {
        // Most paragraphs name no date: then there is no sentence to find.
        let dates = self.resolved.get(anchor)?;
        // Dates are in order, so the one just before `at` is in its sentence exactly when no
        // sentence ends between them, and when it is not, no date before `at` is; the first one
        // after `at` likewise. A date's sentence is found once, as it is resolved: a paragraph's
        // figures ask about the same few dates, and reading the text between a date and each
        // figure read it again for every figure after the date.
        let at = super::floor_boundary(paragraph, at.min(paragraph.len()));
        let after = dates.partition_point(|d| d.start <= at);
        let sentence = |d: &Resolved| d.sentence.unwrap_or_else(|| super::sentence_bounds(paragraph, d.start));
        let before = after.checked_sub(1).map(|k| &dates[k]);
        // No sentence ends between a date and `at` when its sentence ends at `at` or later (for
        // one before), or starts at `at` or earlier (for one after): marks are whole characters,
        // and `at` is a character boundary.
        before
            .filter(|d| sentence(d).1 >= at)
            .or_else(|| dates.get(after).filter(|d| sentence(d).0 <= at))
            .map(|d| d.date)
    }
}

fn year_of_document(
    mentions: &[DateMention],
    masthead: Option<DateValue>,
    ctx: &ExtractContext,
) -> (Option<(i32, YearSource)>, Option<String>) {
    if let Some(y) = ctx
        .known_date
        .as_deref()
        .and_then(DateValue::parse)
        .and_then(|d| d.year)
    {
        return (Some((y, YearSource::Known)), None);
    }
    if let Some(y) = masthead.and_then(|d| d.year) {
        return (Some((y, YearSource::Masthead)), None);
    }
    // A date or month said with its year dates the story. A year said alone (建于1998年, 2018年的数
    // 据) may be any year the story looks back on: a weekday printed with a date and the site's
    // `default_year` outrank it, and of several, the latest is taken, with a warning.
    let explicit = mentions.iter().find_map(|m| match m.said {
        Said::Date { year: Some(y), .. } | Said::Months { year: Some(y), .. } => Some(y),
        _ => None,
    });
    if let Some(y) = explicit {
        return (Some((y, YearSource::Text)), None);
    }
    let year_alone = (mentions.iter())
        .filter_map(|m| match m.said {
            Said::YearOnly(y) => Some(y),
            _ => None,
        })
        .max();
    let pins: Vec<(u32, u32, u32)> = mentions
        .iter()
        .filter_map(|m| match (m.weekday, &m.said) {
            (
                Some(w),
                Said::Date {
                    month, day: Some(d), ..
                },
            ) => Some((*month, *d, w)),
            _ => None,
        })
        .collect();
    if !pins.is_empty() {
        let fits = |y: i32| {
            pins.iter()
                .all(|&(m, d, w)| valid(Some(y), m, Some(d)) && weekday(y, m, d) == w)
        };
        let chosen = match ctx.default_year {
            Some(hint) => (0..=7).flat_map(|k| [hint - k, hint + k]).find(|&y| fits(y)),
            None => (WEEKDAY_YEARS.0..=WEEKDAY_YEARS.1).rev().find(|&y| fits(y)),
        };
        if let Some(y) = chosen {
            let (m, d, _) = pins[0];
            return (
                Some((y, YearSource::Weekday)),
                Some(format!("year {y} inferred from the weekday printed with {m}月{d}日")),
            );
        }
    }
    if let Some(y) = ctx.default_year {
        return (Some((y, YearSource::Default)), None);
    }
    match year_alone {
        Some(y) => (
            Some((y, YearSource::Text)),
            Some(format!("year {y} guessed from a year said alone in the text")),
        ),
        None => (None, None),
    }
}

/// Reads the dates of an article and resolves them into events and a publication date.
pub fn read_dates(
    paragraphs: &[TaggedParagraph],
    masthead: Option<&str>,
    ctx: &ExtractContext,
    lex: &Lexicon,
) -> Timeline {
    let mentions: Vec<DateMention> = paragraphs.iter().flat_map(|p| date_mentions(p, lex)).collect();
    let texts: WordMap<&str, &str> = paragraphs.iter().map(|p| (p.anchor.as_str(), p.text)).collect();
    resolve_dates(&mentions, &texts, masthead, ctx)
}

/// The date expressions of one paragraph, in order, not yet resolved.
pub fn date_mentions(p: &TaggedParagraph, lex: &Lexicon) -> Vec<DateMention> {
    mentions_at(p, lex, super::Openings::of(p.text, lex).dates)
}

/// Resolves an article's date mentions (in order) into events, a publication date and warnings.
/// `texts` gives each paragraph's text by anchor.
pub fn resolve_dates(
    mentions: &[DateMention],
    texts: &WordMap<&str, &str>,
    masthead: Option<&str>,
    ctx: &ExtractContext,
) -> Timeline {
    let masthead = masthead.and_then(DateValue::parse);
    let (year, note) = year_of_document(mentions, masthead, ctx);
    let mut timeline = Timeline {
        year,
        ..Default::default()
    };
    timeline.warnings.extend(note);
    let doc_year = year.map(|(y, _)| y);
    // The publication date as stated (sidecar or masthead), completed with the document's year.
    let stated = ctx
        .known_date
        .as_deref()
        .and_then(DateValue::parse)
        .or(masthead)
        .map(|d| DateValue {
            year: d.year.or(doc_year),
            ..d
        });
    // Reports look back: with a stated publication date, a month well after it is last year's.
    let year_for = |month: u32| -> Option<i32> {
        let y = doc_year?;
        match (stated, year.map(|(_, s)| s)) {
            (Some(p), Some(YearSource::Known | YearSource::Masthead)) if p.year == Some(y) && month > p.month + 3 => {
                Some(y - 1)
            }
            _ => Some(y),
        }
    };
    let mut last_full: Option<DateValue> = None;
    let mut last_month: Option<(Option<i32>, u32)> = None;
    let mut pending_year: Option<(usize, String, i32)> = None;
    let mut yearless: Vec<String> = Vec::new();
    // The dates told as happened (or happening), for the publication date when none is stated.
    let mut told: Vec<DateValue> = Vec::new();

    for m in mentions {
        let adjacent_year = pending_year
            .as_ref()
            .filter(|(end, anchor, _)| *end == m.start && *anchor == m.anchor)
            .map(|(_, _, y)| *y);
        let resolve = |said: &Said,
                       last_full: Option<DateValue>,
                       last_month: Option<(Option<i32>, u32)>|
         -> Option<(DateValue, Option<DateValue>)> {
            match *said {
                Said::Date { year: y, month, day } => {
                    let y = y.or(adjacent_year).or_else(|| year_for(month));
                    Some((DateValue { year: y, month, day }, None))
                }
                Said::Months { year: y, from, to } => {
                    let y = y.or(adjacent_year).or(doc_year)?;
                    let d = |month| DateValue {
                        year: Some(y),
                        month,
                        day: None,
                    };
                    Some((d(from), Some(d(to))))
                }
                Said::Period(from, to, years) => {
                    let y = adjacent_year.or(doc_year)? + years;
                    let d = |month| DateValue {
                        year: Some(y),
                        month,
                        day: None,
                    };
                    Some((d(from), Some(d(to))))
                }
                Said::DayOnly(day) => {
                    // A bare day (13日) is of the month of the last date said with its day; with
                    // none, of the dateline's month (the news is of days before it), not of a month
                    // a statistic was reported for (6月份全港完成…。13日，…首航).
                    let dated = last_full.map(|d| (d.year, d.month));
                    let dateline = stated
                        .filter(|p| p.day.is_some_and(|d| d >= day))
                        .map(|p| (p.year, p.month));
                    let (y, month) = dated
                        .or(dateline)
                        .or(last_month)
                        .or(stated.map(|p| (p.year, p.month)))?;
                    valid(y, month, Some(day)).then_some((
                        DateValue {
                            year: y,
                            month,
                            day: Some(day),
                        },
                        None,
                    ))
                }
                Said::Relative(RelativeDate::DayAfterMention(k)) => {
                    let base = last_full?;
                    let d = if base.year.is_some() {
                        add_days(base, k as i64)?
                    } else if k == 0 {
                        base
                    } else {
                        return None;
                    };
                    Some((d, None))
                }
                Said::Relative(RelativeDate::DayFromPublication(k)) => {
                    Some((add_days(stated.filter(|p| p.day.is_some())?, k as i64)?, None))
                }
                Said::Relative(RelativeDate::Month(k)) => {
                    let p = stated?;
                    let index = p.year? * 12 + p.month as i32 - 1 + k;
                    Some((
                        DateValue {
                            year: Some(index.div_euclid(12)),
                            month: (index.rem_euclid(12) + 1) as u32,
                            day: None,
                        },
                        None,
                    ))
                }
                Said::Relative(RelativeDate::Year(_)) | Said::YearOnly(_) => None,
            }
        };
        match m.said {
            Said::YearOnly(y) => {
                pending_year = Some((m.end, m.anchor.clone(), y));
                continue;
            }
            Said::Relative(RelativeDate::Year(k)) => {
                let reference = stated.and_then(|p| p.year).or(doc_year);
                if let Some(y) = reference {
                    pending_year = Some((m.end, m.anchor.clone(), y + k));
                }
                continue;
            }
            _ => {}
        }
        let Some((date, mut end)) = resolve(&m.said, last_full, last_month) else {
            continue;
        };
        if let Some(to) = &m.range_to {
            let (to_said, base_month) = match to.said {
                Said::DayOnly(day) => (
                    Said::Date {
                        year: date.year,
                        month: date.month,
                        day: Some(day),
                    },
                    (date.year, date.month),
                ),
                ref s => (s.clone(), (date.year, date.month)),
            };
            end = resolve(&to_said, Some(date), Some(base_month)).map(|(d, _)| d);
            // 12月28日至1月3日 crosses a year.
            if let (Some(e), Some(y)) = (end.as_mut(), date.year)
                && e.month < date.month
                && e.year == Some(y)
            {
                e.year = Some(y + 1);
            }
        }
        if date.day.is_some() {
            last_full = Some(end.filter(|e| e.day.is_some()).unwrap_or(date));
        }
        // A deadline (12月20日前完成整改) is not yet when the story is told: it never stands for
        // the publication date.
        let text = texts.get(m.anchor.as_str());
        let after = text.and_then(|t| t.get(m.end..)).unwrap_or("");
        let deadline = ["前", "之前", "以前"].iter().any(|w| after.starts_with(w)) && !after.starts_with("前后");
        if !deadline {
            told.extend([Some(date), end].into_iter().flatten());
        }
        last_month = Some((date.year, end.map(|e| e.month).unwrap_or(date.month)));
        if date.year.is_none() {
            let chinese = date.to_chinese(false);
            if !yearless.contains(&chinese) {
                yearless.push(chinese);
            }
        }
        let sentence = text.map(|text| super::sentence_bounds(text, m.start));
        (timeline.resolved.entry(m.anchor.clone()).or_default()).push(Resolved {
            start: m.start,
            date,
            sentence,
        });
        let (Some(text), Some((from, to))) = (text, sentence) else {
            continue;
        };
        // Yearless months (--07) cannot be written as a front-matter date.
        if date.year.is_none() && date.day.is_none() {
            continue;
        }
        let event = Event {
            date: date_text(date),
            end: end.filter(|e| e.year.is_some() || e.day.is_some()).map(date_text),
            text: text[from..to].trim().to_string(),
            anchor: m.anchor.clone(),
        };
        if !timeline.events.contains(&event) {
            timeline.events.push(event);
        }
    }
    if !yearless.is_empty() {
        timeline.warnings.push(format!(
            "{} date(s) have no year (no sidecar date, masthead year, year in the text, weekday or default_year): {}",
            yearless.len(),
            yearless.iter().take(5).cloned().collect::<Vec<_>>().join("、")
        ));
    }
    match stated {
        Some(p) => timeline.publication = Some(p),
        None => {
            let latest = (told.iter())
                .filter(|d| d.year.is_some() && d.day.is_some())
                .max()
                .copied();
            if let Some(d) = latest {
                timeline.publication = Some(d);
                timeline.publication_inferred = true;
            }
        }
    }
    if stated.is_some_and(|p| p.year.is_none()) {
        timeline.publication = None;
    }
    timeline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tag_text;
    use crate::extract::test_lexicon::LEX;

    fn timeline(paragraphs: &[&str], masthead: Option<&str>, ctx: &ExtractContext) -> Timeline {
        let tagged: Vec<TaggedParagraph> = paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| TaggedParagraph {
                anchor: format!("p{}", i + 1),
                text: t,
                tokens: tag_text(t, &LEX),
            })
            .collect();
        read_dates(&tagged, masthead, ctx, &LEX)
    }

    fn with_year(y: i32) -> ExtractContext {
        ExtractContext {
            default_year: Some(y),
            known_date: None,
        }
    }

    /// (text, expected (date, end) of the only event), with default_year 2021 where no other
    /// year is given.
    #[test]
    fn date_forms_become_events() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("2022年11月8日召开会议。", "2022-11-08", None),
            ("7月29日，新增病例。", "2021-07-29", None),
            ("7月29日，开会。7日下午又开会。", "2021-07-29", None),
            ("11月8日0时至11月10日24时实行管控。", "2021-11-08", Some("2021-11-10")),
            ("今年1至8月，产值增长。", "2021-01", Some("2021-08")),
            ("7月30日至8月9日，全员检测。", "2021-07-30", Some("2021-08-09")),
            ("8月1日至5日，封控管理。", "2021-08-01", Some("2021-08-05")),
            ("一季度，全市经济回暖。", "2021-01", Some("2021-03")),
            ("上半年，投资增长。", "2021-01", Some("2021-06")),
            ("二〇二一年七月二十九日，召开会议。", "2021-07-29", None),
            ("2020年3月，复工复产。", "2020-03", None),
            ("12月28日至1月3日，开展排查。", "2021-12-28", Some("2022-01-03")),
            ("去年3月，项目开工。", "2020-03", None),
            ("今年10月，项目竣工。", "2021-10", None),
            ("2023年4月18日（星期二），召开会议。", "2023-04-18", None),
            ("3月份，零售总额增长。", "2021-03", None),
            ("7月3日以来，持续降雨。", "2021-07-03", None),
            ("截至7月6日18时，转移群众。", "2021-07-06", None),
            ("8月2日晚8时，召开会议。", "2021-08-02", None),
            ("下半年，经济回升。", "2021-07", Some("2021-12")),
            ("前三季度，产值增长。", "2021-01", Some("2021-09")),
            ("前8个月，外贸增长。", "2021-01", Some("2021-08")),
            ("截至去年底，全市常住人口增长。", "2020-12", Some("2020-12")),
            ("力争明年底前建成。", "2022-12", Some("2022-12")),
            ("今年前两个月，销量回升。", "2021-01", Some("2021-02")),
            ("2022年1月至3月，项目推进。", "2022-01", Some("2022-03")),
        ];
        for (text, date, end) in cases {
            let t = timeline(&[text], None, &with_year(2021));
            let first = t.events.first().unwrap_or_else(|| panic!("{text}: no event"));
            assert_eq!(
                (first.date.as_str(), first.end.as_deref()),
                (*date, *end),
                "{text}: {:?}",
                t.events
            );
            assert!(text.contains(&first.text), "{text}");
        }
    }

    /// The far end of a range is a date whatever follows it; a bare day elsewhere still needs a
    /// time of day or punctuation after it (7日内 is a duration).
    #[test]
    fn a_range_ends_in_a_bare_day() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("比赛将于10月1日至7日举行。", "2021-10-01", Some("2021-10-07")),
            ("展会10月1日—7日在会展中心举行。", "2021-10-01", Some("2021-10-07")),
            ("国庆假期（10月1日至7日），接待游客。", "2021-10-01", Some("2021-10-07")),
            // Bare days take the month last named.
            ("8日0时至10日24时实行管控。", "2021-09-08", Some("2021-09-10")),
            ("10月1日开幕，7日内完成检测。", "2021-10-01", None),
            // A preposition of time before a bare day makes it a date whatever follows.
            ("10月1日开幕，中小学将于8日复课。", "2021-10-08", None),
            ("10月1日开幕，截至5日累计接待游客。", "2021-10-05", None),
            ("10月1日开幕，须在3日内完成检测。", "2021-10-01", None),
            // What a report says was done that day makes it a date.
            ("10月1日开幕，国家统计局5日发布公告。", "2021-10-05", None),
            ("10月1日开幕，记者6日从市应急管理局获悉。", "2021-10-06", None),
            ("10月1日开幕，颁奖仪式8日在北京举行。", "2021-10-08", None),
            // A day that counts (一日三餐, 3日游) is none.
            ("10月1日开幕，推出3日游线路。", "2021-10-01", None),
        ];
        for (text, date, end) in cases {
            let t = timeline(&["9月30日，召开会议。", text], None, &with_year(2021));
            let last = t.events.last().unwrap_or_else(|| panic!("{text}: no event"));
            assert_eq!(
                (last.date.as_str(), last.end.as_deref()),
                (*date, *end),
                "{text}: {:?}",
                t.events
            );
        }
    }

    /// A bare day is of the month of the last date said with its day, else of the dateline's
    /// month, not of a month a statistic was reported for.
    #[test]
    fn a_bare_day_is_of_the_last_dated_day_or_the_datelines_month() {
        let ctx = ExtractContext {
            default_year: None,
            known_date: Some("2025-07-14".into()),
        };
        let last = |paragraphs: &[&str]| timeline(paragraphs, None, &ctx).events.last().map(|e| e.date.clone());
        let cases: &[(&[&str], &str)] = &[
            (
                &["6月份，全港完成吞吐量86.7万标准箱。13日，远洋航线完成首航。"],
                "2025-07-13",
            ),
            (&["截至6月底，共开通航线82条。13日，远洋航线完成首航。"], "2025-07-13"),
            (&["7月30日至8月9日开展检测。5日，新增病例。"], "2025-08-05"),
            (&["6月20日召开会议。25日，项目开工。"], "2025-06-25"),
            // A day after the dateline's cannot be of its month's past: the month last said.
            (&["5月份，销量增长。20日，新品上市。"], "2025-05-20"),
        ];
        for (paragraphs, date) in cases {
            assert_eq!(last(paragraphs).as_deref(), Some(*date), "{paragraphs:?}");
        }
    }

    #[test]
    fn relative_days_follow_the_last_named_date() {
        let t = timeline(
            &["7月29日晚，召开会议。次日凌晨，全员检测。当天完成采样。"],
            None,
            &with_year(2021),
        );
        let dates: Vec<&str> = t.events.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(dates, ["2021-07-29", "2021-07-30", "2021-07-30"]);
        let t = timeline(&["7月31日召开会议。次日全员检测。"], None, &with_year(2021));
        assert_eq!(t.events.last().map(|e| e.date.as_str()), Some("2021-08-01"));
    }

    #[test]
    fn relative_days_from_publication() {
        let ctx = ExtractContext {
            default_year: None,
            known_date: Some("2022-03-01".into()),
        };
        let t = timeline(&["昨天，全市新增病例。本月中旬将复学。"], None, &ctx);
        let dates: Vec<&str> = t.events.iter().map(|e| e.date.as_str()).collect();
        assert_eq!(dates, ["2022-02-28", "2022-03"]);
    }

    /// (paragraphs, masthead, ctx default_year, known date, expected year and source).
    #[test]
    fn year_inference_order() {
        type Case<'a> = (
            &'a [&'a str],
            Option<&'a str>,
            Option<i32>,
            Option<&'a str>,
            Option<(i32, YearSource)>,
        );
        let cases: &[Case] = &[
            (
                &["7月29日开会。"],
                None,
                Some(2019),
                Some("2021-08-20"),
                Some((2021, YearSource::Known)),
            ),
            (
                &["7月29日开会。"],
                Some("2020-08-01"),
                Some(2019),
                None,
                Some((2020, YearSource::Masthead)),
            ),
            (
                &["2018年工作会议。7月29日开会。"],
                Some("2020-08-01"),
                None,
                None,
                Some((2020, YearSource::Masthead)),
            ),
            (
                &["7月29日开会。", "2018年的数据。"],
                None,
                Some(2019),
                None,
                Some((2019, YearSource::Default)),
            ),
            (
                &["7月29日开会。", "2018年的数据。"],
                None,
                None,
                None,
                Some((2018, YearSource::Text)),
            ),
            (
                &["8月8日，星期天，开会。"],
                None,
                Some(2022),
                None,
                Some((2021, YearSource::Weekday)),
            ),
            // A year said alone may be one the story looks back on: a weekday and the site's
            // default year outrank it.
            (
                &["1月14日（星期二）晚，一栋建于1998年的住宅楼起火。"],
                None,
                Some(2025),
                None,
                Some((2025, YearSource::Weekday)),
            ),
            // Of several years said alone, the latest.
            (
                &["7月29日开会。", "2018年的数据高于2016年。"],
                None,
                None,
                None,
                Some((2018, YearSource::Text)),
            ),
            // But not the base of a comparison or the target of a plan.
            (
                &["10月1日至8日，接待游客2186.4万人次，较2019年同期增长38.2%。"],
                None,
                None,
                None,
                None,
            ),
            (
                &["7月29日开会。", "2023年的数据显示，到2027年将新建养老床位1000张。"],
                None,
                None,
                None,
                Some((2023, YearSource::Text)),
            ),
            (
                &["7月29日开会。", "2024年全市产量比2019年翻一番，2027年前全面完成改造。"],
                None,
                None,
                None,
                Some((2024, YearSource::Text)),
            ),
            (
                &["8月8日（星期日）开会。"],
                None,
                Some(2020),
                None,
                Some((2021, YearSource::Weekday)),
            ),
            (
                &["2022年1月1日（星期六）开会。"],
                None,
                None,
                None,
                Some((2022, YearSource::Text)),
            ),
            (
                &["8月8日，星期天，开会。"],
                None,
                None,
                None,
                Some((2021, YearSource::Weekday)),
            ),
            (
                &["7月29日开会。"],
                None,
                Some(2019),
                None,
                Some((2019, YearSource::Default)),
            ),
            (&["7月29日开会。"], None, None, None, None),
            (&["7月29日开会。"], Some("--07-30"), None, None, None),
        ];
        for (paragraphs, masthead, default_year, known, want) in cases {
            let ctx = ExtractContext {
                default_year: *default_year,
                known_date: known.map(String::from),
            };
            let t = timeline(paragraphs, *masthead, &ctx);
            assert_eq!(t.year, *want, "{paragraphs:?} {masthead:?} {default_year:?} {known:?}");
        }
    }

    #[test]
    fn a_missing_year_is_warned_about_not_invented() {
        let t = timeline(&["7月29日开会。"], None, &ExtractContext::default());
        assert_eq!(t.events[0].date, "--07-29");
        assert!(t.warnings.iter().any(|w| w.contains("no year")), "{:?}", t.warnings);
        assert_eq!(t.publication, None);
    }

    #[test]
    fn publication_date_prefers_stated_dates() {
        let ctx = ExtractContext {
            default_year: None,
            known_date: Some("2021-08-20".into()),
        };
        let t = timeline(&["2021年8月25日开会。"], Some("2021-08-19"), &ctx);
        assert_eq!(
            (t.publication.map(|d| d.to_string()), t.publication_inferred),
            (Some("2021-08-20".into()), false)
        );
        let t = timeline(&["2021年8月25日开会。"], Some("2021-08-19"), &ExtractContext::default());
        assert_eq!(
            (t.publication.map(|d| d.to_string()), t.publication_inferred),
            (Some("2021-08-19".into()), false)
        );
        let t = timeline(&["2021年8月25日开会。8月3日开会。"], None, &ExtractContext::default());
        assert_eq!(
            (t.publication.map(|d| d.to_string()), t.publication_inferred),
            (Some("2021-08-25".into()), true)
        );
        // A deadline is not yet: the latest date told as happened is.
        for deadline in ["12月20日前", "12月20日之前", "12月20日以前"] {
            let text = format!("2021年8月25日开会，要求{deadline}完成整改。");
            let t = timeline(&[text.as_str()], None, &ExtractContext::default());
            assert_eq!(
                t.publication.map(|d| d.to_string()),
                Some("2021-08-25".into()),
                "{deadline}"
            );
            assert!(
                t.events.iter().any(|e| e.date == "2021-12-20"),
                "{deadline}: still an event"
            );
        }
        let t = timeline(
            &["2021年8月25日开会，12月20日前后完成整改。"],
            None,
            &ExtractContext::default(),
        );
        assert_eq!(t.publication.map(|d| d.to_string()), Some("2021-12-20".into()));
    }

    #[test]
    fn a_masthead_month_after_the_story_is_the_previous_year() {
        let t = timeline(&["12月28日开会。"], Some("2022-01-05"), &ExtractContext::default());
        assert_eq!(t.events[0].date, "2021-12-28");
    }

    #[test]
    fn not_dates() {
        for text in [
            "7日内完成检测。",
            "连续奋战30日。",
            "第13月。",
            "13月32日。",
            "须在3日内完成。",
            "病毒于3日间传播。",
        ] {
            let t = timeline(&[text], None, &with_year(2021));
            assert!(t.events.is_empty(), "{text}: {:?}", t.events);
        }
    }

    #[test]
    fn weekdays_are_computed() {
        assert_eq!(weekday(2021, 8, 8), 6);
        assert_eq!(weekday(2022, 1, 1), 5);
        assert_eq!(weekday(2000, 2, 29), 1);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(
            add_days(DateValue::parse("2021-12-31").unwrap(), 1).map(|d| d.to_string()),
            Some("2022-01-01".into())
        );
    }

    proptest::proptest! {
        /// A date's text is what `Display` writes, for dates of the calendar and beyond it.
        #[test]
        fn date_text_is_what_display_writes(
            year in proptest::option::of(proptest::prop_oneof![-20000i32..20000, proptest::num::i32::ANY]),
            month in proptest::prop_oneof![0u32..200, proptest::num::u32::ANY],
            day in proptest::option::of(proptest::prop_oneof![0u32..200, proptest::num::u32::ANY]),
        ) {
            let d = DateValue { year, month, day };
            proptest::prop_assert_eq!(date_text(d), d.to_string());
        }

        /// The pattern tried where a date may start finds what a search through the whole text
        /// finds: the same spans, with the same groups. Texts are made of pieces of dates, words
        /// of the tables, numerals, range words and filler.
        #[test]
        fn date_matches_are_what_a_search_finds(pieces in proptest::collection::vec(0usize..48, 0..24)) {
            const PIECES: [&str; 48] = [
                "2022", "年", "1", "至", "8", "月", "3", "日", "号", "十一", "二〇二二", "今年", "去年",
                "一季度", "第一季度", "上半年", "年初", "年底", "当天", "次日", "，", "。", "下午", "-",
                "—", "份", "13", "星期一", "a", "的", "今年度", "每日", "三十一", "十", "九", "０", "5",
                "前三季度", "上个月", "第二天", "到", "～", "零", "七", "二十", "12", "31", "同日",
            ];
            let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            let pattern = &LEX.date_pattern;
            let source = pattern.anchored.as_str();
            let search = Regex::new(&source[4..source.len() - 1]).expect("the unanchored pattern");
            type Found = Vec<(usize, usize, Vec<Option<(usize, usize)>>)>;
            let expected: Found = search
                .captures_iter(&text)
                .map(|c| {
                    let m = c.get(0).expect("group 0");
                    let groups = G::ALL.map(|g| c.get(pattern.index[g as usize]).map(|m| (m.start(), m.end())));
                    (m.start(), m.end(), groups.to_vec())
                })
                .collect();
            let found: Found = DateMatches::new(&text, pattern)
                .map(|(at, found)| match found {
                    DateMatch::Groups(c) => {
                        let m = c.get(0).expect("group 0");
                        let groups = G::ALL.map(|g| c.get(pattern.index[g as usize]).map(|m| (at + m.start(), at + m.end())));
                        (at + m.start(), at + m.end(), groups.to_vec())
                    }
                    DateMatch::Period(w) | DateMatch::Relative(w) => {
                        let period = matches!(found, DateMatch::Period(_));
                        let groups = G::ALL.map(|g| {
                            let mine = if period { matches!(g, G::Period) } else { matches!(g, G::Relative) };
                            mine.then_some((at, at + w.len()))
                        });
                        (at, at + w.len(), groups.to_vec())
                    }
                })
                .collect();
            proptest::prop_assert_eq!(found, expected, "{}", text);
        }

        /// A figure takes the date that a search of the text between it and each date gives it,
        /// whether the dates' sentences were found as they were resolved or are found as asked:
        /// dates before, after and at the figure, sentence ends of one and three bytes between.
        #[test]
        fn dates_of_figures_from_their_sentences_are_those_a_search_between_gives(
            pieces in proptest::collection::vec(0usize..9, 0..16),
            starts in proptest::collection::vec(0usize..64, 0..4),
            at in 0usize..64,
            known in proptest::bool::ANY,
        ) {
            const PIECES: [&str; 9] = ["。", "；", "，", "日", "a", "!", "\n", "中", " "];
            let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut starts: Vec<usize> = starts.iter().map(|k| boundaries[k % boundaries.len()]).collect();
            starts.sort_unstable();
            starts.dedup();
            let dates: Vec<Resolved> = (starts.iter().enumerate())
                .map(|(k, &start)| Resolved {
                    start,
                    date: DateValue { year: None, month: 1, day: Some(k as u32 + 1) },
                    sentence: known.then(|| crate::extract::sentence_bounds(&text, start)),
                })
                .collect();
            let at = at % (text.len() + 1);
            // The search, as the figures' dates were found before their sentences were kept.
            let floored = crate::extract::floor_boundary(&text, at);
            let joined = |from: usize, to: usize| crate::extract::SENTENCE_ENDS.find(&text[from..to]).is_none();
            let after = starts.partition_point(|&pos| pos <= floored);
            let expected = (after.checked_sub(1))
                .filter(|&k| joined(starts[k], floored))
                .or_else(|| (after < starts.len() && joined(floored, starts[after])).then_some(after))
                .map(|k| dates[k].date);
            let mut timeline = Timeline::default();
            timeline.resolved.insert("p1".into(), dates);
            proptest::prop_assert_eq!(timeline.date_at("p1", &text, at), expected, "{:?} {:?} {}", text, starts, at);
        }
    }
}
