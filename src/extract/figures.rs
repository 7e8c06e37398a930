//! Figures: a number with its unit or measure word, qualifier, subject and category.
//!
//! One pattern finds every candidate (qualifier, number, multiplier, unit); general rules then
//! drop what is not a count: a number with no unit, an ordinal or identifier (第, 拨打), a year,
//! a numeral inside a longer dictionary word (十分, 一盘棋, 市一中), a number inside a short quoted
//! slogan (“六个全力”), the indefinite 一 (一名护士), and small enumerations written in Chinese
//! numerals with a generic measure word (五条保障线), which Chinese style reserves for set
//! phrases while statistics are printed in Arabic digits.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{CharFilter, FirstChars, WordMap, WordSet, WordsIn};
use super::numbers::{approximate_pair, is_chinese_digit, is_decimal_digit, multiplier, parse_number, tidy};
use super::{Lexicon, TaggedParagraph, Token};
use crate::article::Figure;

/// A dateline opening a story: 本报讯, 株洲日报讯(记者 …), 新华社长沙4月20日电.
static DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^，。,]{0,20}?(?:讯|[0-9一二三四五六七八九十]日电)").expect("valid pattern"));

const RANGE_SEPARATORS: &[&str] = &["至", "到", "~", "～", "—", "－", "-", "、"];
/// What follows a bus route's number (226路公交车): the number names the route.
const ROUTE_WORDS: &[&str] = &["公交", "车", "电车", "巴士", "专线", "线路", "大巴"];

/// The capture groups of the figure pattern, in one enum so that reading a match indexes an
/// array instead of looking a group up by name (which hashes the name, for every group of every
/// candidate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum G {
    Pre,
    Pct,
    Den,
    Numer,
    Shang,
    A,
    Aq0,
    Am,
    Aq,
    Sep,
    B,
    Bq0,
    Bm,
    Bq,
    Gq,
    Ge,
    Unit,
    Post,
}

impl G {
    const ALL: [G; 18] = [
        G::Pre,
        G::Pct,
        G::Den,
        G::Numer,
        G::Shang,
        G::A,
        G::Aq0,
        G::Am,
        G::Aq,
        G::Sep,
        G::B,
        G::Bq0,
        G::Bm,
        G::Bq,
        G::Gq,
        G::Ge,
        G::Unit,
        G::Post,
    ];

    #[cfg(test)]
    fn name(self) -> &'static str {
        match self {
            G::Pre => "pre",
            G::Pct => "pct",
            G::Den => "den",
            G::Numer => "numer",
            G::Shang => "shang",
            G::A => "a",
            G::Aq0 => "aq0",
            G::Am => "am",
            G::Aq => "aq",
            G::Sep => "sep",
            G::B => "b",
            G::Bq0 => "bq0",
            G::Bm => "bm",
            G::Bq => "bq",
            G::Gq => "gq",
            G::Ge => "ge",
            G::Unit => "unit",
            G::Post => "post",
        }
    }
}

/// One match of the figure pattern: the byte span of the whole match, in the paragraph's
/// offsets, and the groups as the matcher left them. The groups are read where the matcher wrote
/// them: copied out, some 450 bytes a match went into the match list and out of it again.
#[derive(Clone, Copy)]
struct Match<'m, 't> {
    whole: (usize, usize),
    trial: &'m Trial<'t>,
}

/// A matched group: its span in the paragraph and its text.
#[derive(Debug, Clone, Copy)]
struct Span<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> Span<'t> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'t str {
        self.text
    }
}

impl<'t> Match<'_, 't> {
    fn whole(&self) -> Span<'t> {
        let (start, end) = self.whole;
        Span {
            start,
            end,
            text: &self.trial.text[start..end],
        }
    }
    fn name(&self, g: G) -> Option<Span<'t>> {
        let (start, end) = self.trial.groups[g as usize].get()?;
        Some(Span {
            start,
            end,
            text: &self.trial.text[start..end],
        })
    }
    fn str(&self, g: G) -> Option<&'t str> {
        self.name(g).map(|s| s.text)
    }
}

/// The figure pattern and where to try it.
///
/// The grammar, with each group named as in [`G`] and `X?` optional:
///
/// ```text
/// pre? ( 百分之 pct
///      | den 分之 numer
///      | ( shang | a aq0? am? aq? ( sep b bq0? bm? bq? )? ) ( 个 gq ge | unit )
///      ) post?
/// ```
///
/// `pre` is a qualifier before the number (近, 超过), `aq`/`bq`/`gq`/`post` one after it (余, 多,
/// 左右), `am`/`bm` a multiplier (万, 亿), `shang` 上百/上千/上万, `sep` a range separator and a
/// number is Arabic (`1,000.5`, full-width digits) or a run of Chinese numerals. Every figure has
/// a unit (except 百分之五十 and 三分之一), so the common numerals of ordinary words (一些, 统一)
/// never match.
///
/// It is tried only where a figure can start: at a numeral, or at a qualifier or 上 right before
/// one. Every figure contains a numeral, so this finds exactly the matches a scan of the whole
/// paragraph finds (the leftmost first).
///
/// Matched by hand rather than with `regex`: the units and qualifiers make an alternation of some
/// two hundred words, and `regex` fills the capture groups with a backtracker that tries the
/// words one by one, which was a tenth of the extractor's instructions. Here each word list is
/// looked up by its first character, and the choices are tried in the order the regex tries them
/// (leftmost-first, greedy, the longest word of an alternation first), so the matches and groups
/// are the regex's own: a property test checks them against `regex` running the same pattern.
#[derive(Debug, Clone)]
pub(crate) struct FigurePattern {
    units: Words,
    /// The units that start with 个, without it: 3个多小时 puts a qualifier inside 个小时.
    ge_units: Words,
    before: Words,
    after: Words,
    /// What may stand right before a figure's first numeral and still belong to the figure: the
    /// `before` qualifiers (近800名) and 上 (上百名), each possibly after another (近上百).
    lead_ins: Vec<String>,
    /// The last characters of `lead_ins`, to try them only where one may end: a bit test on the
    /// character before each numeral of the text, where a search through a list cost a tenth of
    /// the figure scan.
    lead_in_ends: CharFilter,
    /// The first characters of what may follow a number: a qualifier, multiplier, range
    /// separator, unit, 个 or 分之.
    follows: WordSet<char>,
    /// Whether some word of the tables starts with a digit, comma or point, so that the shorter
    /// readings of an Arabic number (1 of 12, 1,000 of 1,000,000) must be tried too.
    arabic_readings_matter: bool,
}

/// The width of the Arabic digit (half or full width) at byte `i` of `bytes`, if one is there.
fn digit_width(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'0'..=b'9' => Some(1),
        // ０-９ are EF BC 90 to EF BC 99.
        0xef if bytes.get(i + 1) == Some(&0xbc) && bytes.get(i + 2).is_some_and(|b| (0x90..=0x99).contains(b)) => {
            Some(3)
        }
        _ => None,
    }
}

/// Multipliers after a number, in the order they are tried: the longer first.
const MULTIPLIERS: [&str; 5] = ["万亿", "千万", "百万", "万", "亿"];

/// The capture groups of the match being tried: each is set as the matcher goes forward and
/// cleared again when the branch that set it fails, so no stale group survives a backtrack, and a
/// failed try leaves every group clear. One trial serves a paragraph's tries: it is cleared after
/// each match, not made anew for each try.
struct Trial<'t> {
    text: &'t str,
    groups: [Cell<Option<(usize, usize)>>; G::ALL.len()],
}

impl<'t> Trial<'t> {
    fn new(text: &'t str) -> Trial<'t> {
        Trial {
            text,
            groups: Default::default(),
        }
    }

    /// Clears the groups a match left.
    fn clear(&self) {
        for g in &self.groups {
            g.set(None);
        }
    }

    /// Sets group `g` to `span`, then goes on with `k`; undoes it if `k` fails.
    fn set(&self, g: G, span: Option<(usize, usize)>, k: impl FnOnce() -> Option<usize>) -> Option<usize> {
        self.groups[g as usize].set(span);
        let end = k();
        if end.is_none() {
            self.groups[g as usize].set(None);
        }
        end
    }
}

/// The choices of an optional part: each way it matches from `at` (given by their ends), then
/// leaving it out.
fn optional(ends: impl Iterator<Item = usize>, at: usize) -> impl Iterator<Item = Option<(usize, usize)>> {
    ends.map(move |end| Some((at, end))).chain(std::iter::once(None))
}

/// Where an optional part leaves off.
fn end_of(span: Option<(usize, usize)>, at: usize) -> usize {
    span.map_or(at, |(_, end)| end)
}

/// A list of words looked up by first character, each character's words longest first.
#[derive(Debug, Clone, Default)]
struct Words {
    by_first: WordMap<char, Vec<String>>,
    /// The keys of `by_first`: most characters start no word, and a bit says so before a lookup.
    first_chars: CharFilter,
}

impl Words {
    fn new<'a>(words: impl IntoIterator<Item = &'a String>) -> Words {
        let mut by_first: WordMap<char, Vec<String>> = WordMap::default();
        for w in words {
            if let Some(c) = w.chars().next() {
                by_first.entry(c).or_default().push(w.clone());
            }
        }
        for list in by_first.values_mut() {
            list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            list.dedup();
        }
        let first_chars = CharFilter::new(by_first.keys().copied());
        Words { by_first, first_chars }
    }

    /// The ends of the words found at byte `at` of `text`, longest first.
    fn ends<'s>(&'s self, text: &'s str, at: usize) -> impl Iterator<Item = usize> + 's {
        let rest = &text[at..];
        let first = rest.chars().next();
        let words = first
            .filter(|&c| self.first_chars.may_contain(c))
            .and_then(|c| self.by_first.get(&c))
            .into_iter()
            .flatten();
        // The first character is known to match: a word of one character needs no comparison.
        let one_char = first.map_or(0, char::len_utf8);
        words
            .filter(move |w| w.len() == one_char || rest.starts_with(w.as_str()))
            .map(move |w| at + w.len())
    }
}

impl FigurePattern {
    /// Calls `k` with each end of a number starting at byte `at`, in the order a backtracking regex
    /// tries them (greedy: the longest first), until `k` returns something.
    ///
    /// A number is Arabic, `[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9]+)?`, or a run of Chinese numerals
    /// with, maybe, decimals after 点 (`三点五`).
    fn each_number_end<R>(&self, text: &str, at: usize, mut k: impl FnMut(usize) -> Option<R>) -> Option<R> {
        let bytes = text.as_bytes();
        let rest = &text[at..];
        let first = rest.chars().next()?;
        if is_chinese_digit(first) {
            let run: usize = rest
                .chars()
                .take_while(|&c| is_chinese_digit(c))
                .map(char::len_utf8)
                .sum();
            // A decimal part, digit by digit after 点 (三点五亿元, 百分之三点五, 千分之三点六):
            // tried first, its longest first, as the regex's greedy `(?:点[零…九]+)?` does.
            let decimals: usize = rest[run..]
                .strip_prefix('点')
                .map_or(0, |d| d.chars().take_while(|&c| is_decimal_digit(c)).count());
            let decimal_ends = (1..=decimals).rev().map(|n| at + run + '点'.len_utf8() + 3 * n);
            // Every Chinese numeral is three bytes long in UTF-8.
            return (decimal_ends.chain((1..=run / 3).rev().map(|n| at + 3 * n))).find_map(k);
        }
        let ascii_digits = |i: usize| {
            bytes[i.min(bytes.len())..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut run_end = at;
        while let Some(w) = digit_width(bytes, run_end) {
            run_end += w;
        }
        // Each end of the run of digits, the last first, stepping back a digit at a time (one byte,
        // or three for a full-width digit).
        let heads = std::iter::successors(Some(run_end).filter(|&e| e > at), |&e| {
            let back = if bytes[e - 1].is_ascii_digit() { 1 } else { 3 };
            Some(e - back).filter(|&e| e > at)
        });
        // Only the longest reading of an Arabic number can be followed by a unit or qualifier: a
        // shorter one leaves a digit, comma or point next, and no word of the tables starts with
        // one. So the heads, thousands groups and decimals are each tried longest only.
        let readings = if self.arabic_readings_matter { usize::MAX } else { 1 };
        let heads = heads.take(readings);
        heads.into_iter().find_map(|head| {
            // Thousands groups (,000 or ，000) after the head: all of them first, then one fewer.
            let mut last = head;
            loop {
                let sep = match bytes.get(last) {
                    Some(b',') => 1,
                    _ if text[last..].starts_with('，') => 3,
                    _ => break,
                };
                if ascii_digits(last + sep) < 3 {
                    break;
                }
                last += sep + 3;
            }
            let groups = std::iter::successors(Some(last), |&g| {
                // A group is `,000` (4 bytes) or `，000` (6 bytes).
                (g > head).then(|| if bytes[g - 4] == b',' { g - 4 } else { g - 6 })
            });
            let groups = groups.take(readings);
            groups.into_iter().find_map(|g| {
                let point = match bytes.get(g) {
                    Some(b'.') => 1,
                    _ if text[g..].starts_with('．') => 3,
                    _ => 0,
                };
                let decimals = if point > 0 { ascii_digits(g + point) } else { 0 };
                let ends = (1..=decimals).rev().map(|n| g + point + n).chain([g]);
                ends.take(readings).find_map(&mut k)
            })
        })
    }

    /// Builds the pattern from the unit and qualifier tables.
    pub(crate) fn new(units: &BTreeMap<String, String>, before: &[String], after: &[String]) -> FigurePattern {
        let ge_units: Vec<String> = units
            .keys()
            .filter_map(|u| u.strip_prefix('个'))
            .filter(|rest| !rest.is_empty())
            .map(String::from)
            .collect();
        let mut lead_ins: Vec<String> = before.to_vec();
        lead_ins.push("上".to_string());
        let lead_in_ends = CharFilter::new(lead_ins.iter().filter_map(|w| w.chars().next_back()));
        let arabic_readings_matter = units
            .keys()
            .chain(before)
            .chain(after)
            .any(|w| w.starts_with(|c: char| c.is_ascii_digit() || "０１２３４５６７８９,，.．".contains(c)));
        let follows: WordSet<char> = (units.keys().chain(after).map(String::as_str))
            .chain(MULTIPLIERS)
            .chain(RANGE_SEPARATORS.iter().copied())
            .chain(["个", "分之"])
            .filter_map(|w| w.chars().next())
            .collect();
        FigurePattern {
            follows,
            arabic_readings_matter,
            units: Words::new(units.keys()),
            ge_units: Words::new(&ge_units),
            before: Words::new(before),
            after: Words::new(after),
            lead_ins,
            lead_in_ends,
        }
    }

    /// Byte offsets where a figure may start, in order: each numeral (`numerals`, in order, as
    /// [`super::Openings`] finds them), and each run of lead-ins right before one.
    fn starts(&self, text: &str, numerals: &[usize]) -> Vec<usize> {
        let mut starts = Vec::with_capacity(numerals.len() + 4);
        for &i in numerals {
            starts.push(i);
            // Asked here first: most numerals follow no lead-in, and the call costs more.
            if self.lead_in_ends.may_end(&text[..i]) {
                self.push_lead_ins(text, i, 2, &mut starts);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    fn push_lead_ins(&self, text: &str, at: usize, depth: usize, starts: &mut Vec<usize>) {
        if depth == 0 || !self.lead_in_ends.may_end(&text[..at]) {
            return;
        }
        for w in &self.lead_ins {
            if text[..at].ends_with(w.as_str()) {
                starts.push(at - w.len());
                self.push_lead_ins(text, at - w.len(), depth - 1, starts);
            }
        }
    }

    /// Calls `found` with each match in `text`, leftmost first, none overlapping. `numerals`:
    /// where its numerals stand ([`super::Openings`]).
    fn each_match<'t>(&self, text: &'t str, numerals: &[usize], mut found: impl FnMut(&Match<'_, 't>)) {
        let trial = Trial::new(text);
        let mut done = 0;
        // Where the digit right after one whose try failed starts. A try from inside a run of
        // digits reads the run's longest number only (unless a word of the tables starts with a
        // digit, comma or point), which ends where it ends from the digit before, and goes on
        // from there as that try did: it would fail too, and is not made.
        let mut after_failed_digit = usize::MAX;
        for at in self.starts(text, numerals) {
            if at < done {
                continue;
            }
            let digit = digit_width(text.as_bytes(), at);
            if let Some(width) = digit
                && at == after_failed_digit
                && !self.arabic_readings_matter
            {
                after_failed_digit = at + width;
                continue;
            }
            if let Some(end) = self.match_at(&trial, at) {
                done = end.max(at + 1);
                found(&Match {
                    whole: (at, end),
                    trial: &trial,
                });
                trial.clear();
            } else if let Some(width) = digit {
                after_failed_digit = at + width;
            }
        }
    }

    /// Where the match that starts at byte `at` of the trial's text ends, if there is one; its
    /// groups are left in `trial`, which must be clear.
    fn match_at(&self, trial: &Trial, at: usize) -> Option<usize> {
        let text = trial.text;
        optional(self.before.ends(text, at), at).find_map(|pre| {
            let at = end_of(pre, at);
            if !self.may_match_at(text, at) {
                return None;
            }
            trial.set(G::Pre, pre, || {
                self.percent(trial, at)
                    .or_else(|| self.fraction(trial, at))
                    .or_else(|| self.count(trial, at))
            })
        })
    }

    /// Whether a match may continue from `at`, right after any `pre`: false where it cannot,
    /// which is most numerals of a text (一些, 统一, 2861的), so that they are ruled out without
    /// the whole search. A match goes on with 百分之 or 上, or with a number of which some reading
    /// is followed by a character that starts something a number may be followed by.
    fn may_match_at(&self, text: &str, at: usize) -> bool {
        let rest = &text[at..];
        if rest.starts_with(['百', '上']) {
            return true;
        }
        self.each_number_end(text, at, |end| {
            text[end..].chars().next().filter(|c| self.follows.contains(c))
        })
        .is_some()
    }

    /// 百分之 pct post?
    fn percent(&self, trial: &Trial, at: usize) -> Option<usize> {
        let rest = &trial.text[at..];
        let n = at + (rest.starts_with('百') && rest.starts_with("百分之")).then_some("百分之".len())?;
        self.each_number_end(trial.text, n, |end| {
            trial.set(G::Pct, Some((n, end)), || Some(self.post(trial, end)))
        })
    }

    /// den 分之 numer post?
    fn fraction(&self, trial: &Trial, at: usize) -> Option<usize> {
        self.each_number_end(trial.text, at, |den| {
            let rest = &trial.text[den..];
            let n = den + (rest.starts_with('分') && rest.starts_with("分之")).then_some("分之".len())?;
            trial.set(G::Den, Some((at, den)), || {
                self.each_number_end(trial.text, n, |end| {
                    trial.set(G::Numer, Some((n, end)), || Some(self.post(trial, end)))
                })
            })
        })
    }

    /// ( shang | a aq0? am? aq? ( sep b bq0? bm? bq? )? ) ( 个 gq ge | unit ) post?
    fn count(&self, trial: &Trial, at: usize) -> Option<usize> {
        let text = trial.text;
        let shang = || {
            let rest = text[at..].strip_prefix('上')?;
            if !rest.starts_with(['百', '千', '万']) {
                return None;
            }
            let end = at + "上百".len();
            trial.set(G::Shang, Some((at, end)), || self.unit(trial, end))
        };
        let range = |end: usize| {
            let rest = &text[end..];
            let some = rest.starts_with(|c| RANGE_SEPARATORS.iter().any(|s| s.starts_with(c)));
            RANGE_SEPARATORS
                .iter()
                .filter(|s| some && rest.starts_with(**s))
                .find_map(|s| {
                    let b = end + s.len();
                    trial.set(G::Sep, Some((end, b)), || {
                        self.quantity(trial, b, [G::B, G::Bq0, G::Bm, G::Bq], |end| self.unit(trial, end))
                    })
                })
        };
        shang().or_else(|| {
            self.quantity(trial, at, [G::A, G::Aq0, G::Am, G::Aq], |end| {
                range(end).or_else(|| self.unit(trial, end))
            })
        })
    }

    /// number q0? m? q?, each part in the group `parts` names, then `k` from where it ends.
    fn quantity(
        &self,
        trial: &Trial,
        at: usize,
        [number, q0, m, q]: [G; 4],
        k: impl Fn(usize) -> Option<usize>,
    ) -> Option<usize> {
        let text = trial.text;
        self.each_number_end(text, at, |end| {
            trial.set(number, Some((at, end)), || {
                optional(self.after.ends(text, end), end).find_map(|first| {
                    trial.set(q0, first, || {
                        let at = end_of(first, end);
                        let rest = &text[at..];
                        // Most numbers have no multiplier: one character test rules them all out.
                        let some = rest.starts_with(['万', '千', '百', '亿']);
                        let multipliers = MULTIPLIERS.iter().filter(|w| some && rest.starts_with(**w));
                        optional(multipliers.map(|w| at + w.len()), at).find_map(|mult| {
                            trial.set(m, mult, || {
                                let at = end_of(mult, at);
                                optional(self.after.ends(text, at), at)
                                    .find_map(|second| trial.set(q, second, || k(end_of(second, at))))
                            })
                        })
                    })
                })
            })
        })
    }

    /// ( 个 gq ge | unit ) post?
    fn unit(&self, trial: &Trial, at: usize) -> Option<usize> {
        let text = trial.text;
        if let Some(rest) = text[at..].strip_prefix('个') {
            let gq_at = text.len() - rest.len();
            let ge = self.after.ends(text, gq_at).find_map(|gq| {
                let ge = self.ge_units.ends(text, gq).next()?;
                trial.set(G::Gq, Some((gq_at, gq)), || {
                    trial.set(G::Ge, Some((gq, ge)), || Some(self.post(trial, ge)))
                })
            });
            if ge.is_some() {
                return ge;
            }
        }
        let end = self.units.ends(text, at).next()?;
        trial.set(G::Unit, Some((at, end)), || Some(self.post(trial, end)))
    }

    /// Where the longest unit that starts at byte `at` of `text` ends.
    pub(crate) fn unit_end(&self, text: &str, at: usize) -> Option<usize> {
        self.units.ends(text, at).next()
    }

    /// Where the longest qualifier that may follow a figure and starts at byte `at` ends.
    pub(crate) fn qualifier_end(&self, text: &str, at: usize) -> Option<usize> {
        self.after.ends(text, at).next()
    }

    /// Whether a unit, multiplier or qualifier of the pattern starts at byte `at` of `text`.
    fn starts_unit(&self, text: &str, at: usize) -> bool {
        let rest = &text[at..];
        self.unit_end(text, at).is_some()
            || self.qualifier_end(text, at).is_some()
            || MULTIPLIERS.iter().any(|m| rest.starts_with(m))
    }

    /// post?: the longest qualifier after the figure, if any. It cannot fail.
    fn post(&self, trial: &Trial, at: usize) -> usize {
        match self.after.ends(trial.text, at).next() {
            Some(end) => {
                trial.groups[G::Post as usize].set(Some((at, end)));
                end
            }
            None => at,
        }
    }
}

/// The verbs before a whole that qualify the ratio said of it (约为…的2.3倍), and the qualifier
/// each gives.
const RATIO_QUALIFIERS: [(&str, &str); 7] = [
    ("约为", "约"),
    ("约是", "约"),
    ("约占", "约"),
    ("超过", "超过"),
    ("不到", "不到"),
    ("不足", "不足"),
    ("接近", "接近"),
];

/// 约 and the verb that joins a figure to what it counts (约为, 约合): the figure is about so much.
const ABOUT_VERBS: [&str; 5] = ["约为", "约有", "约达", "约合", "约计"];

fn is_chinese_numeral(s: &str) -> bool {
    s.chars().next().is_some_and(is_chinese_digit)
}

/// Byte spans of the contents of short quotations (“一盘棋”), where numbers are slogans.
fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    // The quotation marks are the three-byte characters E2 80 98/99/9C/9D (‘’“”) and E3 80
    // 8A/8B/8C/8D (《》「」): memchr jumps to their first bytes instead of decoding every
    // character of the paragraph.
    for i in memchr::memchr2_iter(0xe2, 0xe3, text.as_bytes()) {
        let Some(c) = text.get(i..i + 3).and_then(|s| s.chars().next()) else {
            continue;
        };
        match c {
            '“' | '「' | '‘' | '《' => open = Some(i + c.len_utf8()),
            '”' | '」' | '’' | '》' => {
                if let Some(start) = open.take()
                    && text[start..i].chars().count() <= 12
                {
                    spans.push((start, i));
                }
            }
            _ => {}
        }
    }
    spans
}

/// The token that contains byte offset `at`.
fn token_at<'a, 'b>(tokens: &'b [Token<'a>], at: usize) -> Option<(usize, &'b Token<'a>)> {
    let i = tokens.partition_point(|t| t.end <= at);
    tokens.get(i).filter(|t| t.start <= at).map(|t| (i, t))
}

fn nounish(t: &Token) -> bool {
    // N95口罩: a model code is part of the noun phrase.
    if t.word.bytes().all(|b| b.is_ascii_alphanumeric()) && t.word.bytes().any(|b| b.is_ascii_alphabetic()) {
        return true;
    }
    let han = t.word.chars().all(crate::article::is_han);
    // Person names (nr) are not what a figure counts; 党员闻令 is a phrase jieba mis-tags.
    han && t.tag != "nr" && (t.tag.starts_with('n') || matches!(t.tag, "vn" | "j" | "b" | "l" | "x" | "k" | "ng" | "i"))
}

fn all_han(word: &str) -> bool {
    !word.is_empty() && word.chars().all(crate::article::is_han)
}

/// A verb that names what a figure is about (确诊, 隔离, 接种: a category keyword) and is followed
/// by a noun modifies that noun inside the subject: 确诊患者, 隔离人员. Other verbs end it.
fn category_verb_before_noun(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    t.tag.starts_with('v')
        && all_han(t.word)
        && lex.category_of(t.word).is_some()
        && tokens.get(i + 1).is_some_and(|n| nounish(n) && n.tag != "nr")
}

/// What is counted: the noun phrase right after the unit (近800名党员干部 → 党员干部), or, when the
/// number is the predicate, the noun phrase or quotation right before it (排查“四类人员”5338人).
fn subject_of(p: &TaggedParagraph, start: usize, end: usize, lex: &Lexicon) -> Option<String> {
    let tokens = &p.tokens;
    let mut i = tokens.partition_point(|t| t.start < end);
    let mut words = String::new();
    // jieba sometimes glues the measure word to the next word (例新冠): the rest of that word
    // starts the subject.
    if let Some((k, t)) = token_at(tokens, end.saturating_sub(1))
        && t.end > end
        && p.text.is_char_boundary(end)
        && all_han(&p.text[end..t.end])
    {
        // 5人均收治: the rest (均) ends the phrase at once, and the subject comes from before.
        let rest = &p.text[end..t.end];
        i = if lex.subject_stops.contains(rest) {
            tokens.len()
        } else {
            words.push_str(rest);
            k + 1
        };
    }
    if words.is_empty() && tokens.get(i).is_some_and(|t| t.word == "的") {
        i += 1;
    }
    while let Some(t) = tokens.get(i) {
        // A verb modifies the noun after it; nounish is asked once a word.
        if !(nounish(t) || category_verb_before_noun(tokens, i, lex))
            || words.chars().count() + t.word.chars().count() > 12
            || t.word == "的"
            || lex.subject_stops.contains(t.word)
        {
            break;
        }
        if lex.aspect_markers.iter().any(|m| t.word.ends_with(m.as_str())) {
            break;
        }
        // jieba glues a preposition to the next character (患者从市医院出院 → 从市).
        if !words.is_empty() && lex.subject_prepositions.iter().any(|m| t.word.starts_with(m.as_str())) {
            break;
        }
        words.push_str(t.word);
        i += 1;
    }
    // A noun right before an aspect particle is the predicate (志愿者 闪烁/着): drop it.
    if tokens
        .get(i)
        .is_some_and(|t| lex.aspect_markers.iter().any(|m| t.word == m.as_str()))
        && let Some(prev) = tokens.get(i.wrapping_sub(1))
        && words.ends_with(prev.word)
        && words.len() > prev.word.len()
    {
        words.truncate(words.len() - prev.word.len());
    }
    if words.chars().count() >= 2 {
        return Some(words);
    }
    let before = p.text[..start].trim_end();
    if let Some(inner) = before.strip_suffix('”').or_else(|| before.strip_suffix('」'))
        && let Some(open) = inner.rfind(['“', '「'])
    {
        let quoted = &inner[open + '“'.len_utf8()..];
        if (2..=12).contains(&quoted.chars().count()) {
            return Some(quoted.to_string());
        }
    }
    let mut j = tokens.partition_point(|t| t.end <= start);
    let mut skipped = false;
    let mut parts: Vec<&Token> = Vec::new();
    while j > 0 {
        let t = &tokens[j - 1];
        // 出口额约合/vn 21.6亿美元: the verb that joins the figure is not what it counts.
        let joining = parts.is_empty() && ABOUT_VERBS.contains(&t.word);
        if nounish(t) && parts.len() < 3 && !joining {
            parts.push(t);
        } else if parts.is_empty()
            && !skipped
            && (joining || (t.word.chars().count() == 1 && matches!(t.tag, "v" | "d" | "p")))
        {
            skipped = true;
        } else {
            break;
        }
        j -= 1;
    }
    parts.reverse();
    // A place that opens the phrase says where, not what (容城县/ns 投资200亿元).
    let places = parts.iter().take_while(|t| t.tag == "ns").count();
    parts.drain(..places.min(parts.len().saturating_sub(1)));
    // A verb alone (设置, 时隔) says what was done, not what was counted; a set phrase jieba
    // tags l or an abbreviation (固定资产/l 投资/vn) is a noun here.
    if !parts
        .iter()
        .any(|t| (t.tag.starts_with('n') && t.tag != "nr" && t.tag != "ns") || matches!(t.tag, "l" | "j"))
    {
        return None;
    }
    let words: String = parts.iter().map(|t| t.word).collect();
    (words.chars().count() >= 2).then_some(words)
}

fn value_of(num: &str, mult: Option<&str>) -> Option<f64> {
    let v = parse_number(num)? * mult.map(multiplier).unwrap_or(1.0);
    v.is_finite().then(|| tidy(v))
}

/// Why a candidate was kept or dropped, so tests can check the rules one by one.
#[derive(Debug, Clone, PartialEq)]
// Not boxed: each candidate is returned once and taken apart at once, and a box cost an
// allocation for every figure of the text.
#[allow(clippy::large_enum_variant)]
enum Candidate {
    /// A figure, and the byte offset where its text starts in the paragraph.
    Figure(usize, Figure),
    NotAFigure,
}

fn read_candidate(c: &Match, p: &TaggedParagraph, quotes: &[(usize, usize)], lex: &Lexicon) -> Candidate {
    let text = p.text;
    let whole = c.whole();
    let g = |group: G| c.str(group);
    // Where the number itself starts (after any qualifier).
    let mut num_start = c.name(G::Pre).map(|m| m.end()).unwrap_or(whole.start());
    // 8时30分, 3点15分: 分 after an hour of the clock is a time, not points (28分). Scores are
    // printed in Arabic digits; after a Chinese numeral 分 makes a set phrase (十分 "very",
    // 让三分). Ruled out first: a paper prints many times of day.
    if g(G::Unit) == Some("分")
        && (text[..num_start].ends_with(['时', '点']) || text[num_start..].starts_with(is_chinese_digit))
    {
        return Candidate::NotAFigure;
    }
    let mut start = whole.start();
    // A qualifier only counts when it starts a word: 最近3天 is not 近. But jieba glues it to the
    // verb before it (占近/v 五分之二, 增近/v 三成): a verb that ends in it, at the number, keeps it,
    // unless the verb is a word of the dictionary (签约/v 亿元以上项目 is no 约).
    let mut pre = g(G::Pre);
    if let Some(m) = c.name(G::Pre)
        && token_at(&p.tokens, m.start()).is_some_and(|(_, t)| {
            t.start != m.start() && !(t.tag.starts_with('v') && t.end == m.end() && !lex.jieba.has_word(t.word))
        })
    {
        pre = None;
        start = num_start;
    }
    if lex.ends_with_identifier(&text[..start]) {
        return Candidate::NotAFigure;
    }
    // Letters or a hyphenated code around the digits: N95, COVID-19, 5G.
    let mut preceding = text[..num_start].chars().rev();
    let (prev_char, before_prev) = (preceding.next(), preceding.next());
    let code_joiner = prev_char.is_some_and(|ch| matches!(ch, '-' | '.' | '/' | '_'))
        && before_prev.is_some_and(|ch| ch.is_ascii_alphanumeric());
    if prev_char.is_some_and(|ch| ch.is_ascii_alphabetic()) || code_joiner {
        return Candidate::NotAFigure;
    }
    if quotes.iter().any(|&(s, e)| s <= num_start && whole.end() <= e) {
        return Candidate::NotAFigure;
    }

    // The unit and qualifier stay slices of the text (or of the tables) until the candidate proves a
    // figure: most candidates that are none (2021年, 十分) are ruled out after they are read.
    let (mut value, mut upper, mut end) = (0.0, None, whole.end());
    let mut unit: Cow<str> = Cow::Borrowed("");
    let mut qualifier: Option<&str> = None;
    let mut chinese_numeral = false;
    let mut number_text = "";
    if let Some(s) = g(G::Shang) {
        value = multiplier(&s[3..]);
        qualifier = Some(s);
    } else if let Some(pct) = g(G::Pct) {
        let Some(v) = value_of(pct, None) else {
            return Candidate::NotAFigure;
        };
        value = v;
        unit = Cow::Borrowed("%");
    } else if let (Some(den), Some(numer)) = (g(G::Den), g(G::Numer)) {
        match (value_of(numer, None), value_of(den, None)) {
            (Some(n), Some(d)) if d > 0.0 => value = tidy((n / d * 100.0 * 100.0).round() / 100.0),
            _ => return Candidate::NotAFigure,
        }
        unit = Cow::Borrowed("%");
    } else if let Some(a) = g(G::A) {
        number_text = a;
        chinese_numeral = is_chinese_numeral(a);
        // 一两个小时, 四五十斤: a rough range, its lower end the value.
        let pair = approximate_pair(a).filter(|_| g(G::B).is_none()).map(|(low, high)| {
            let scale = g(G::Am).map_or(1.0, multiplier);
            (tidy(low * scale), tidy(high * scale))
        });
        let Some(va) = pair
            .map(|(low, _)| low)
            .or_else(|| value_of(a, g(G::Am).or(g(G::Bm).filter(|_| g(G::B).is_some()))))
        else {
            return Candidate::NotAFigure;
        };
        value = va;
        upper = pair.map(|(_, high)| high);
        if let Some(b) = g(G::B) {
            let vb = value_of(b, g(G::Bm).or(g(G::Am)));
            let sep = g(G::Sep).unwrap_or("");
            // 2、3个小时 is a range; 1、5 is a list, and only the last number has the unit.
            match (vb, c.name(G::B)) {
                (Some(vb), _) if vb > va && (sep != "、" || vb - va <= 1.0) => upper = Some(vb),
                // A list (1、5个): the unit belongs to the last number only.
                (Some(vb), Some(bm)) if sep == "、" => {
                    value = vb;
                    number_text = b;
                    chinese_numeral = is_chinese_numeral(b);
                    start = bm.start();
                    num_start = bm.start();
                }
                _ => return Candidate::NotAFigure,
            }
        }
        // 3万余人 and 10余万元 put the qualifier on either side of the multiplier.
        qualifier = g(G::Aq0).or(g(G::Aq)).or(g(G::Bq0)).or(g(G::Bq));
        if start == num_start && c.name(G::B).is_some_and(|m| m.start() == start) {
            pre = None;
        }
    }
    if unit.is_empty()
        && let Some(rest) = g(G::Ge)
    {
        unit = Cow::Owned(format!("个{rest}"));
        qualifier = qualifier.or(g(G::Gq));
    }
    if unit.is_empty() {
        let Some(u) = c.name(G::Unit) else {
            return Candidate::NotAFigure;
        };
        unit = Cow::Borrowed(u.as_str());
        // 五千克: the 千 belongs to the unit when the numeral can stand without it.
        if chinese_numeral && number_text.chars().count() > 1 {
            let last = number_text.chars().next_back().unwrap_or(' ');
            let joined = format!("{last}{unit}");
            if lex.unit_categories.contains_key(&joined) {
                let shorter = &number_text[..number_text.len() - last.len_utf8()];
                if let Some(v) = value_of(shorter, None) {
                    value = v;
                    unit = Cow::Owned(joined);
                }
            }
        }
    }
    let unit_end = c.name(G::Unit).or(c.name(G::Ge)).map(|m| m.end()).unwrap_or(end);
    qualifier = pre.or(qualifier).or(g(G::Post));
    if pre.is_none() && qualifier.is_none() {
        end = c.name(G::Post).map(|m| m.start()).unwrap_or(end);
    }

    // A year is a date: 2021年, 二〇二一年, and 2021年7月. Before 届 or 级 it names the class of
    // that year (2025届毕业生, 2024级新生), which counts nothing.
    let year_like = || (1900.0..=2100.0).contains(&value) && value.fract() == 0.0 && number_text.chars().count() == 4;
    if unit == "年" {
        let next = text[unit_end..].chars().next();
        if year_like() || next.is_some_and(|ch| ch.is_ascii_digit() || "一二三四五六七八九十".contains(ch)) {
            return Candidate::NotAFigure;
        }
    }
    if matches!(&*unit, "届" | "级") && year_like() {
        return Candidate::NotAFigure;
    }
    // 三级医院, 四级应急响应: a grade in Chinese numerals is a rank, no count (wind force and
    // earthquakes are printed in digits: 风力14级).
    if unit == "级" && chinese_numeral {
        return Candidate::NotAFigure;
    }
    // 前8个月, 前两个月: the first months of a year are a period (a date range), not a count.
    if unit == "个月"
        && pre.is_none()
        && value.fract() == 0.0
        && (2.0..=11.0).contains(&value)
        && text[..start].ends_with('前')
    {
        return Candidate::NotAFigure;
    }
    // 226路公交车, 3路车: a bus route's number names the route.
    if unit == "路" && ROUTE_WORDS.iter().any(|w| text[unit_end..].starts_with(w)) {
        return Candidate::NotAFigure;
    }
    if chinese_numeral {
        // A numeral inside a longer dictionary word is part of the word: 十分, 一线, 市一中. But
        // jieba's dictionary also holds a qualifier with its numeral (and unit) as one word (近一成/m,
        // 近九成/l, 近一/t 亿元): the word is then inside the figure.
        let glued_to_qualifier = |t: &Token| pre.is_some() && t.start == start && (t.tag == "m" || t.end <= unit_end);
        if let Some((_, t)) = token_at(&p.tokens, num_start)
            && ((t.start < num_start && !glued_to_qualifier(t))
                || (t.end > unit_end && !matches!(t.tag, "m" | "mq" | "q")))
        {
            return Candidate::NotAFigure;
        }
        // 三 + 台子街道, 五 + 里程碑: the measure word is only the first character of the next
        // word, which the numeral then belongs to (a name, or a word of its own), no count.
        let unit_start = unit_end.saturating_sub(unit.len());
        if let Some((_, t)) = token_at(&p.tokens, unit_start)
            && t.start == unit_start
            && t.end > unit_end
            && !matches!(t.tag, "m" | "mq" | "q")
            && t.start > num_start
        {
            return Candidate::NotAFigure;
        }
        // 三里岗镇, 十里铺镇: a numeral that starts a place's name, told by its neighbours or
        // found in the gazetteer's towns (三里庵街道).
        if let Some((k, t)) = token_at(&p.tokens, num_start)
            && (super::entities::numbered_place(text, &p.tokens, k, lex).is_some()
                || (t.start == num_start
                    && (k + 1..p.tokens.len().min(k + 4))
                        .any(|j| lex.towns.contains_key(&text[t.start..p.tokens[j].end]))))
        {
            return Candidate::NotAFigure;
        }
        // 零 alone counts nothing (零部件, 零售): a zero is said without a unit (零死亡).
        if number_text == "零" || number_text == "〇" {
            return Candidate::NotAFigure;
        }
        let plain = g(G::Am).is_none() && qualifier.is_none() && upper.is_none();
        // 一名护士, 一场战役: 一 is the indefinite article. 百年, 千家万户: a bare 百 千 万 亿
        // without a digit before it is rhetoric, not a count (上百, 近亿 are read as qualified).
        // But 一 that opens a range is a number (一年至十年不等).
        let opens_range = RANGE_SEPARATORS.iter().any(|s| {
            text[unit_end..]
                .strip_prefix(s)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit() || "两二三四五六七八九十".contains(c)))
        });
        // 一成 and 一倍 are rates (增长一成, 翻了一倍), no article.
        let rate_unit = matches!(&*unit, "成" | "倍");
        if plain && ((value == 1.0 && !opens_range && !rate_unit) || number_text.starts_with(['百', '千', '万', '亿']))
        {
            return Candidate::NotAFigure;
        }
    }

    let (unit, value) = match lex.unit_conversions.get(&*unit) {
        Some((printed, factor)) => (Cow::Borrowed(printed.as_str()), tidy(value * factor)),
        None => (unit, value),
    };
    let upper = upper.map(|u| match lex.unit_conversions.get(&*unit) {
        Some((_, factor)) => tidy(u * factor),
        None => u,
    });
    let mut unit_category = lex.unit_categories.get(&*unit).map(String::as_str).unwrap_or("other");
    let clause_start = text[..start]
        .rfind(['，', '。', '；', '：', '、'])
        .map(|i| i + 3)
        .unwrap_or(0);
    // 优良天数为252天, 高温天数达18天: days that 天数 names are counted, not a span of time.
    if unit_category == "duration" && text[clause_start.min(start)..start].contains("天数") {
        unit_category = "other";
    }
    // 近14天内, 近三年来: 近 before a span of time that ends in 内 or 来 is "the last", not
    // "nearly" (近800名, 奋战近60个小时).
    if qualifier == Some("近")
        && unit_category == "duration"
        && (text[..unit_end].ends_with('内')
            || ["内", "来", "以来", "里"]
                .iter()
                .any(|w| text[unit_end..].starts_with(w)))
    {
        qualifier = None;
    }
    // 约占全省的三成, 约占45%: 约 before 占 qualifies the share its clause ends in. 约 before the
    // verb that joins it to its figure (中签率约为23.8%, 约有3000人, 约达5亿元, 约合21.6亿美元)
    // qualifies the figure.
    let joined_by_verb = ABOUT_VERBS.iter().any(|w| text[..start].ends_with(w));
    if qualifier.is_none()
        && (joined_by_verb || (in_percent(&unit) && text[clause_start.min(start)..start].contains("约占")))
    {
        qualifier = Some("约");
    }
    // 约为常年同期平均降雨量的2.3倍, 超过全省的七分之一, 不到全国的一半: a qualifying verb
    // before the whole a ratio is of qualifies the ratio, past the whole's words.
    let before = &text[clause_start.min(start)..start];
    if qualifier.is_none() && before.ends_with('的') && (in_percent(&unit) || matches!(&*unit, "成" | "倍")) {
        qualifier = RATIO_QUALIFIERS
            .iter()
            .filter_map(|&(verb, q)| before.rfind(verb).map(|at| (at, q)))
            .max_by_key(|&(at, _)| at)
            .map(|(_, q)| q);
    }
    // A duration counts time; the words after it (48小时内核酸检测) are something else.
    let subject = if unit_category == "duration" {
        None
    } else {
        subject_of(p, num_start, end, lex)
    };
    let category = if matches!(unit_category, "money" | "duration" | "cases") {
        unit_category
    } else {
        subject
            .as_deref()
            .and_then(|s| lex.category_of(s))
            .or_else(|| lex.category_of(&text[clause_start.min(start)..start]))
            .unwrap_or(unit_category)
    };
    // Chinese-numeral counts of generic things are enumerations and set phrases (五条保障线,
    // 一办十一组): Chinese style (GB/T 15835) prints statistics in Arabic digits. A rounded count
    // (三千余个, 十余万个) is no slogan.
    if chinese_numeral && category == "other" && unit_category == "other" && qualifier.is_none() && value < 100.0 {
        return Candidate::NotAFigure;
    }
    // So are a few kinds of anything (三项社会保险基金, 两类人群, 五种疫苗), whatever they count:
    // a statistic of kinds is printed in digits (新增检测项目12项).
    if chinese_numeral && matches!(&*unit, "项" | "种" | "类") && qualifier.is_none() && value < 10.0 {
        return Candidate::NotAFigure;
    }
    Candidate::Figure(
        start,
        Figure {
            value,
            upper,
            unit: unit.into_owned(),
            qualifier: qualifier.map(String::from),
            subject,
            category: category.to_string(),
            date: None,
            text: text[start..end].to_string(),
            anchor: p.anchor.clone(),
            key: false,
        },
    )
}

/// The figures in one paragraph, in order of appearance.
pub fn figures_in(p: &TaggedParagraph, lex: &Lexicon) -> Vec<Figure> {
    placed_figures_in(p, lex).into_iter().map(|(_, f)| f).collect()
}

/// [`figures_in`], each figure with the byte offset where its text starts in the paragraph.
pub fn placed_figures_in(p: &TaggedParagraph, lex: &Lexicon) -> Vec<(usize, Figure)> {
    placed_figures_at(p, lex, &super::Openings::of(p.text, lex).numerals)
}

/// [`placed_figures_in`] a paragraph whose numerals ([`super::Openings`]) are known.
pub(crate) fn placed_figures_at(p: &TaggedParagraph, lex: &Lexicon, numerals: &[usize]) -> Vec<(usize, Figure)> {
    let mut out = Vec::new();
    each_placed_figure(p, lex, numerals, |at, f| out.push((at, f)));
    out
}

/// Hands each figure of a paragraph whose numerals are known to `found`, in order, with the byte
/// offset where its text starts ([`placed_figures_at`]). The extractor adds them to the article's
/// lists as they come: a list of its own for each paragraph was grown, then moved figure by
/// figure into the article's, for every paragraph with figures.
pub(crate) fn each_placed_figure(
    p: &TaggedParagraph,
    lex: &Lexicon,
    numerals: &[usize],
    mut found: impl FnMut(usize, Figure),
) {
    let quotes = quoted_spans(p.text);
    // The last figure read, held back until the next one is read: a range (20岁至80岁) takes the
    // next figure into it.
    let mut last: Option<(usize, Figure)> = None;
    // Where the last figure read on (2小时15分08秒 takes the 08秒 along).
    let mut covered = 0;
    // Where the last figure ends.
    let mut last_end = 0;
    lex.figure_pattern.each_match(p.text, numerals, |c| {
        if c.whole.0 < covered {
            return;
        }
        let Candidate::Figure(start, mut f) = read_candidate(c, p, &quotes, lex) else {
            return;
        };
        let mut end = start + f.text.len();
        if f.upper.is_none()
            && let Some((tail_end, value, unit)) = compound_tail(p.text, end, f.value, &f.unit, lex)
        {
            f.value = value;
            if let Some(unit) = unit {
                f.unit = unit.to_string();
                f.category = lex.unit_categories.get(unit).cloned().unwrap_or_else(|| "other".into());
            }
            if f.category == "duration" {
                f.subject = None;
            }
            f.text = p.text[start..tail_end].to_string();
            end = tail_end;
        }
        // 45微克/立方米, 1.52万元/平方米, 42米/秒: a unit per another unit is one unit, a rate, and a
        // qualifier may follow it (43微克/立方米左右).
        if f.upper.is_none()
            && p.text[end..].starts_with('/')
            && let Some(per_end) = lex.figure_pattern.unit_end(p.text, end + 1)
        {
            f.unit = format!("{}/{}", f.unit, &p.text[end + 1..per_end]);
            end = per_end;
            if f.qualifier.is_none()
                && let Some(q_end) = lex.figure_pattern.qualifier_end(p.text, end)
            {
                f.qualifier = Some(p.text[end..q_end].to_string());
                end = q_end;
            }
            f.text = p.text[start..end].to_string();
        }
        covered = end;
        // Most figures are not a plain count of months: the unit rules them out.
        let in_months = f.unit == "个月" && f.upper.is_none() && f.qualifier.is_none();
        let years = in_months.then(|| years_before(p.text, start, lex)).flatten();
        let start = match years {
            Some((years_start, years)) => {
                f.value = tidy(years * 12.0 + f.value);
                f.text = p.text[years_start..end].to_string();
                years_start
            }
            None => start,
        };
        // 20岁至80岁: two figures with one unit joined by a range word are one range.
        if let Some((prev_start, prev)) = last.as_mut()
            && prev.unit == f.unit
            && prev.upper.is_none()
            && f.value > prev.value
            && RANGE_SEPARATORS[..RANGE_SEPARATORS.len() - 1].contains(&&p.text[last_end..start])
        {
            prev.upper = Some(f.value);
            prev.text = p.text[*prev_start..end].to_string();
            last_end = end;
            if prev.qualifier.is_none() {
                prev.qualifier = f.qualifier.clone();
            }
            return;
        }
        if let Some((at, f)) = last.replace((start, f)) {
            found(at, f);
        }
        last_end = end;
    });
    if let Some((at, f)) = last {
        found(at, f);
    }
}

/// How a time is written in smaller units after larger ones (2小时15分08秒, 3分45秒): the unit, the
/// smaller unit that may follow it, how many of those make one of it, and the unit the whole is
/// counted in. 分 after 小时 is minutes, not points; a part of 60 or more is no such time.
const TIME_LADDER: [(&str, &str, f64, &str); 8] = [
    ("小时", "分钟", 60.0, "分钟"),
    ("小时", "分", 60.0, "分钟"),
    ("个小时", "分钟", 60.0, "分钟"),
    ("个小时", "分", 60.0, "分钟"),
    ("分", "秒钟", 60.0, "秒"),
    ("分", "秒", 60.0, "秒"),
    ("分钟", "秒钟", 60.0, "秒"),
    ("分钟", "秒", 60.0, "秒"),
];

/// Units a result is written with its decimals after them (9秒97 is 9.97 秒, 6米32 is 6.32 米):
/// the way sports results (a sprint, a jump, a height: 1米85) are printed.
const DECIMAL_AFTER_UNIT: [&str; 2] = ["秒", "米"];

/// The rest of a time or result written across units, right after a figure that ends at byte
/// `end` (2小时 + 15分08秒, 9秒 + 97, 6米 + 32): where it ends, the whole value, and its unit
/// (the smallest unit named: 2小时15分08秒 is 8108 秒, 2小时38分 is 158 分钟). Only Arabic parts of
/// one or two digits; a decimal tail not followed by another digit, point or unit (6米32个 is
/// two figures' worth of text, not 6.32 米).
/// The unit is returned only when it changes.
fn compound_tail(
    text: &str,
    end: usize,
    value: f64,
    unit: &str,
    lex: &Lexicon,
) -> Option<(usize, f64, Option<&'static str>)> {
    if !text[..end].ends_with(unit) || !text[end..].starts_with(|c: char| c.is_ascii_digit()) || value.fract() != 0.0 {
        return None;
    }
    let (mut at, mut value, mut counted) = (end, value, None);
    let mut last_step = unit;
    loop {
        let digits = text.as_bytes()[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&digits) {
            break;
        }
        let part: f64 = text[at..at + digits].parse().ok()?;
        let rest = &text[at + digits..];
        if let Some(&(_, smaller, per, whole_unit)) = TIME_LADDER
            .iter()
            .find(|(larger, smaller, ..)| *larger == last_step && rest.starts_with(smaller))
            && part < per
        {
            value = value * per + part;
            at += digits + smaller.len();
            counted = Some(whole_unit);
            last_step = smaller;
            continue;
        }
        let unit_next = lex.figure_pattern.starts_unit(text, at + digits);
        if DECIMAL_AFTER_UNIT.contains(&last_step)
            && !rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '%'))
            && !unit_next
        {
            value = tidy(value + part / 10f64.powi(digits as i32));
            at += digits;
        }
        break;
    }
    (at > end).then_some((at, tidy(value), counted))
}

/// The years of a duration in years and months (有期徒刑二年六个月, 历时3年8个月): where they
/// start before the figure in months (with no range or qualifier) that starts at byte `start`,
/// and how many. Alone, a number before 年 and another number reads as a date (2021年7月) and is
/// no figure; before a count of months it is part of the duration, which is then counted in
/// months. Not after an ordinal (第二年六个月后), and not a year of the calendar.
fn years_before(text: &str, start: usize, lex: &Lexicon) -> Option<(usize, f64)> {
    let before = text[..start].strip_suffix('年')?;
    let (years_start, _) = (before.char_indices().rev())
        .take_while(|&(_, c)| c.is_ascii_digit() || is_chinese_digit(c))
        .last()?;
    let years = parse_number(&before[years_start..])?;
    let ordinal = lex.ends_with_identifier(&before[..years_start]);
    (!ordinal && years.fract() == 0.0 && (1.0..100.0).contains(&years)).then_some((years_start, years))
}

/// Whether a unit is percentage points (1.6个百分点).
fn in_points(unit: &str) -> bool {
    // Most units are shorter: the length rules them out before a substring search is prepared.
    unit.len() >= "百分点".len() && unit.contains("百分点")
}

/// Whether a unit is a share of a hundred or of ten: 12.8%, and 四成 (40 %), which news writes
/// for a rounded rate (录取率超过四成, 增长三成以上).
fn in_percent(unit: &str) -> bool {
    // Read byte by byte: a unit is a few bytes, and `str::contains` prepares a searcher for each
    // call, which key marking makes several times a figure. '%' is ASCII, so its byte is no part
    // of a longer character.
    unit.bytes().any(|b| b == b'%') || unit == "成"
}

/// The words key marking looks for in a figure's clause, found in one read of it: whether it
/// holds a per-unit word (人均, 亩产: `per_unit.txt`), a word of the headline's topic, and a
/// distributive word (均 都) among its last eight characters. Three reads of the clause, one for
/// each list, cost three times the characters' decoding; the tail's start is known once the
/// read ends (the eighth character from the end), so the last distributive word found is kept.
/// `firsts`: the three lists' first characters ([`clause_firsts`]), which rule out most
/// characters with one test.
fn clause_words(clause: &str, firsts: &FirstChars, topic: &WordsIn, lex: &Lexicon) -> [bool; 3] {
    let (mut per_unit, mut topical, mut last_distributive) = (false, false, None);
    // Where each of the last eight characters starts, by their count modulo 8.
    let mut starts = [0; 8];
    let mut n = 0;
    for (i, c) in clause.char_indices() {
        starts[n % 8] = i;
        n += 1;
        if !firsts.may_start(c) {
            continue;
        }
        per_unit = per_unit || lex.per_unit_words.starts_at(clause, i, c);
        topical = topical || topic.starts_at(clause, i, c);
        if lex.distributive_words.starts_at(clause, i, c) {
            last_distributive = Some(i);
        }
    }
    let tail = if n >= 8 { starts[n % 8] } else { 0 };
    [per_unit, topical, last_distributive.is_some_and(|i| i >= tail)]
}

/// The first characters of the lists [`clause_words`] looks for, once an article.
fn clause_firsts(topic: &WordsIn, lex: &Lexicon) -> FirstChars {
    FirstChars::of(&[&lex.per_unit_words, topic, &lex.distributive_words])
}

/// Whether the figure after `clause` is said of each of several things: a distributive adverb
/// (`distributive.txt`: 均 都) among the last three words before it (南康区、瑞金市、于都县收入
/// 均突破20亿元; 均同比增长三成以上). Such a bound or shared rate is a detail of the list, as a
/// part is of its whole. jieba tags the clause only when one of the words stands in its last
/// eight characters (`in_tail`, from [`clause_words`]), which few clauses have.
fn said_of_each(clause: &str, in_tail: bool, lex: &Lexicon) -> bool {
    if !in_tail {
        return false;
    }
    let tokens = super::tag_text(clause, lex);
    tokens
        .iter()
        .rev()
        .take(3)
        .any(|t| t.tag == "d" && lex.distributive_words.has(t.word))
}

/// How much a figure belongs on a one-page digest: what it counts (`key_weights.tsv`), where it
/// stands (`paragraph` counts from the lead of its story, 0), how big. `emphasis` is the
/// prominence its sentence gives the figure (`prominence.tsv`: 全市 累计 新增 > 0, 其中 分别 < 0).
/// `None`: never key.
///
/// `per_unit`: the amount is per person or per area (人均可支配收入17,150元, 亩产445公斤,
/// `per_unit.txt`), a rate whose size, like a percentage's, says nothing of its weight. `toll`:
/// the count is a toll (造成2人死亡, `tolls.txt`), news however small.
fn key_score(
    f: &Figure,
    paragraph: usize,
    paragraphs: usize,
    emphasis: f64,
    per_unit: bool,
    toll: bool,
    lex: &Lexicon,
) -> Option<f64> {
    let &(weight, smallest) = lex.key_weights.get(f.category.as_str())?;
    let (points, percent) = (in_points(&f.unit), in_percent(&f.unit) || per_unit);
    // A rate (同比增长5.2%, 提高1.6个百分点, 增长3倍, 人均17,150元) is small by nature.
    let rate = percent || points || f.unit == "倍";
    // An age is colour (a nurse's 25岁), and so is a small count (3层衣服, a team of 30).
    if matches!(f.unit.as_str(), "岁" | "周岁" | "月龄") || (!rate && !toll && f.value < smallest) {
        return None;
    }
    // A handful of anything (1例患者出院, 通报2起问题) is a detail of the story unless the
    // sentence presents it as the news (新增2例, 累计5例).
    if f.value < 10.0 && !rate && emphasis <= 0.0 {
        return None;
    }
    let position = match paragraph {
        0 => 2.0,
        1 => 1.0,
        n if n * 4 <= paragraphs => 0.5,
        _ => 0.0,
    };
    let magnitude = if points {
        // A change in percentage points compares two rates (增速提高1.6个百分点); the rate
        // itself is the headline.
        0.5
    } else if percent {
        // An indicator's growth rate is as much its headline as its level (whose size is
        // capped at 2.5): 同比增长4.9% said alone is what a bulletin reports of it. So is an
        // amount per person or per mu (人均可支配收入, 亩产).
        if !per_unit {
            1.5 + 0.5 * f.value.abs().min(1.0)
        } else {
            2.0
        }
    } else if f.category == "money" {
        // Money is always a large number; its size counts from 万元 up.
        ((f.value / 1e4 + 1.0).log10() * 0.4).min(2.5)
    } else {
        ((f.value + 1.0).log10() * 0.4).min(2.5)
    };
    let subject = if f.subject.is_some() { 0.5 } else { 0.0 };
    // 近800名, 3万余人: reporters round the totals they headline.
    // A rate said roughly (6%左右, 90%以上, 约三分之一) is a goal, an estimate or a comparison: the
    // rates a story measures are said exactly.
    let rounded = match (f.qualifier.is_some(), rate) {
        (false, _) => 0.0,
        (true, false) => 0.5,
        (true, true) => -0.5,
    };
    Some(weight + position + magnitude + subject + rounded)
}

/// Where the text before a figure that starts at byte `at` of its paragraph begins, at three
/// widths, and where the marks of its list sentence that a part word may follow stand.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Before {
    /// After the previous comma, colon or sentence end (，：, 。；！？).
    clause: usize,
    /// After the previous sentence end (。；！？).
    sentence: usize,
    /// After the previous 。！？: the semicolon separates the items of a list, not sentences.
    list: usize,
    /// Where the last two 「，」 of the list sentence before the figure stand, the last first.
    commas: [Option<usize>; 2],
    /// Where the last 「；」 of the list sentence before the figure stands.
    semicolon: Option<usize>,
}

/// The marks [`Before`] is made of.
static BEFORE_MARKS: super::Marks = super::Marks::new(&['，', '：', ',', '；', '。', '！', '？']);

/// [`Before`] of byte `at`, from `b`, the [`Before`] of byte `from` of the same paragraph
/// (`from` ≤ `at`): the marks between them are read forward.
fn read_on(paragraph: &str, mut b: Before, mut from: usize, at: usize) -> Before {
    while let Some((k, c)) = BEFORE_MARKS.find(&paragraph[from..at]) {
        let i = from + k;
        let after = i + c.len_utf8();
        match c {
            '，' => {
                b.clause = after;
                b.commas = [Some(i), b.commas[0]];
            }
            '；' => {
                (b.clause, b.sentence) = (after, after);
                b.semicolon = Some(i);
            }
            '。' | '！' | '？' => {
                b = Before {
                    clause: after,
                    sentence: after,
                    list: after,
                    ..Before::default()
                };
            }
            _ => b.clause = after,
        }
        from = after;
    }
    b
}

/// [`Before`] of each figure (`places`: each figure's paragraph and where it starts there).
/// Figures come in order, so a paragraph is read forward once for all of its figures, where a
/// backward search from each figure read its sentence again for every figure in it; a figure
/// before the previous one (tests place figures by searching for their text) is read from the
/// paragraph's start.
fn befores_of(places: &[(&str, usize)]) -> Vec<Before> {
    let mut out: Vec<Before> = Vec::with_capacity(places.len());
    for (k, &(text, at)) in places.iter().enumerate() {
        let b = match k.checked_sub(1).map(|j| (places[j], out[j])) {
            Some(((previous, from), b)) if std::ptr::eq(previous, text) && from <= at => read_on(text, b, from, at),
            _ => read_on(text, Before::default(), 0, at),
        };
        out.push(b);
    }
    out
}

/// The ends of sentences and of the items of a ；-list.
static ITEM_ENDS: super::Marks = super::Marks::new(&['。', '！', '？', '；']);

/// Where the item of each figure ends (`ends`: each figure's paragraph and where the figure ends
/// there): at the first 。！？ or ； from there, else at the paragraph's end. Figures come in order,
/// and the mark found after one is the first after the next as long as that ends before it, so
/// a paragraph is searched again only past each mark found, where a search from every figure
/// read the rest of its sentence for each of its figures; a figure that ends before the
/// previous one (tests place figures by searching for their text) is searched from its end.
fn item_ends_of(ends: &[(&str, usize)]) -> Vec<usize> {
    let mut out = Vec::with_capacity(ends.len());
    // The previous figure's paragraph, its end, and the end of its item.
    let mut last: Option<(&str, usize, usize)> = None;
    for &(text, from) in ends {
        let to = match last {
            Some((previous, previous_from, to))
                if std::ptr::eq(previous, text) && (previous_from..=to).contains(&from) =>
            {
                to
            }
            _ => ITEM_ENDS.find(&text[from..]).map_or(text.len(), |(k, _)| from + k),
        };
        last = Some((text, from, to));
        out.push(to);
    }
    out
}

/// For each figure, how many of the `listed` figures of its sentence (`same_sentence` of two
/// figures' indices) have its category. Figures come in order, so a sentence's figures stand
/// next to each other and are counted among themselves, where a map keyed by anchor, sentence
/// and category hashed two strings for every figure.
fn listed_alike(same_sentence: impl Fn(usize, usize) -> bool, figures: &[Figure], listed: &[bool]) -> Vec<usize> {
    let mut counts = Vec::with_capacity(figures.len());
    while counts.len() < figures.len() {
        let from = counts.len();
        let to = (from + 1..figures.len())
            .find(|&j| !same_sentence(from, j))
            .unwrap_or(figures.len());
        let run = from..to;
        for i in run.clone() {
            let category = &figures[i].category;
            counts.push(
                run.clone()
                    .filter(|&j| listed[j] && figures[j].category == *category)
                    .count(),
            );
        }
    }
    counts
}

/// How many figures a digest shows of an article, given how many figures each of its stories
/// has (a page may hold several, a feature its sidebars): of each story one in four of its first
/// 20 figures and one in eight of the rest, at most eight; at least three in all. A story's
/// headlines grow slower than its figures: a holiday report of 28 figures has six, and at one in
/// four the seventh went to a second-rank total.
fn key_budget(stories: &[usize]) -> usize {
    stories.iter().map(|&n| story_share(n)).sum::<usize>().max(3)
}

/// A story's share of [`key_budget`], given how many figures it has.
fn story_share(n: usize) -> usize {
    (n.min(20).div_ceil(4) + n.saturating_sub(20).div_ceil(8)).min(8)
}

/// What an article's headline says: the value and unit of each figure it repeats, and the nouns
/// that name its topic (本土 病例 感染者 of 广州新增本土确诊病例6例、无症状感染者21例).
#[derive(Debug, Default)]
pub struct Headline {
    pub figures: Vec<(f64, String)>,
    topic: WordsIn,
    /// The headings inside the story that say figures (a feature's sidebars, a page's later
    /// headlines, a report's subheads): the number of the paragraph each starts at, and the value
    /// and unit of each figure it says. Each heads its section as the headline heads the story.
    sections: Vec<(usize, Vec<(f64, String)>)>,
    /// The paragraph every heading starts, whether it says a figure or labels a section (一、
    /// 工业生产较快增长): a section opens with its main figure, as a story's lead does.
    section_starts: Vec<usize>,
    /// The paragraph each numbered part starts.
    parts: Vec<usize>,
}

impl Headline {
    /// Reads a headline. Its topic is its nouns of two characters or more, but not places or
    /// names (the story's own place is in every sentence), stop words, or the prominence words,
    /// which count already (全省, 累计).
    pub fn read(title: &str, lex: &Lexicon) -> Headline {
        let p = TaggedParagraph {
            anchor: String::new(),
            text: title,
            tokens: super::tag_text(title, lex),
        };
        let figures = figures_in(&p, lex).into_iter().map(|f| (f.value, f.unit)).collect();
        let topic = (p.tokens.iter())
            .filter(|t| matches!(t.tag, "n" | "nz" | "vn" | "nt" | "nl") && t.word.chars().nth(1).is_some())
            .filter(|t| !lex.is_stopword(t.word) && lex.prominence.iter().all(|(w, _)| w != t.word))
            .map(|t| t.word.to_string())
            .collect();
        Headline {
            figures,
            topic: WordsIn::new(topic),
            sections: Vec::new(),
            section_starts: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Adds the figures of another line of the headline's title run: a kicker or a subtitle (今年
    /// 我市新增义务教育学位3.2万个 above 市教育局发布2025年义务教育招生入学通告) says the figure
    /// the editor chose as the headline does.
    pub fn add_deck(&mut self, line: &str, lex: &Lexicon) {
        self.figures.extend(figures_of_line(line, lex));
    }

    /// Adds a heading inside the story, which starts at paragraph `paragraph` (1 for `p1`), when
    /// it says a figure. A heading with a figure states a fact, as a headline does (今年计划实施
    /// 重点项目192个, 2861名志愿者主动请缨抗疫): it heads a story of its own, a sidebar or a
    /// report's part. One without a figure (迅疾行动争分夺秒, 党旗飘扬) is a section's label.
    pub fn add_section(&mut self, paragraph: usize, heading: &str, lex: &Lexicon) {
        self.section_starts.push(paragraph);
        // A numbered part of a long report (1“六个全力”…, 二、投资结构持续优化) tells a topic of
        // its own: it has a share of the budget, as a sidebar does.
        if crate::clean::section_number(heading) {
            self.parts.push(paragraph);
        }
        let figures = figures_of_line(heading, lex);
        if !figures.is_empty() {
            self.sections.push((paragraph, figures));
        }
    }

    /// Whether the headline, or the heading of the section paragraph `n` is in, says a figure.
    fn says(&self, n: usize, value: f64, unit: &str) -> bool {
        let section = self.sections.iter().rev().find(|s| s.0 <= n).map(|s| s.1.as_slice());
        (self.figures.iter().chain(section.unwrap_or_default()))
            .any(|(v, u)| *v == value && counted_as(u) == counted_as(unit))
    }
}

/// The unit a count is compared in: people are counted in 人, 名 or 位 alike (3人死亡, then
/// 3名遇难者 tells the same toll again).
fn counted_as(unit: &str) -> &str {
    match unit {
        "名" | "位" => "人",
        unit => unit,
    }
}

/// The values and units of the figures an article has said so far, to tell a figure said again.
/// A list compared with every figure before (an article says dozens, not thousands), behind 64
/// bits of the values said: most figures say a value not said before, and one bit tells them
/// without reading the list.
#[derive(Default)]
struct Said<'a> {
    values: u64,
    said: Vec<(f64, &'a str)>,
}

impl<'a> Said<'a> {
    /// Whether `value` in `unit` is said for the first time; it is said from now on.
    fn first_time(&mut self, value: f64, unit: &'a str) -> bool {
        let unit = counted_as(unit);
        // Equal values have equal bits, but for zero's two signs.
        let bits = if value == 0.0 { 0 } else { value.to_bits() };
        let bit = 1 << (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58);
        if self.values & bit != 0 && self.said.contains(&(value, unit)) {
            return false;
        }
        self.values |= bit;
        self.said.push((value, unit));
        true
    }
}

/// The value and unit of each figure a line of the title run or a heading says. A figure starts
/// at a numeral or at a lead-in before one: a line without numerals (迅疾行动争分夺秒, most
/// headings) says none, and is not tagged, which costs more than the rest.
fn figures_of_line(line: &str, lex: &Lexicon) -> Vec<(f64, String)> {
    let numerals = super::Openings::of(line, lex).numerals;
    if numerals.is_empty() {
        return Vec::new();
    }
    let p = TaggedParagraph {
        anchor: String::new(),
        text: line,
        tokens: super::tag_text(line, lex),
    };
    (placed_figures_at(&p, lex, &numerals).into_iter())
        .map(|(_, f)| (f.value, f.unit))
        .collect()
}

/// The paragraph number of an anchor (`p12` → 12).
fn paragraph_number(anchor: &str) -> Option<usize> {
    anchor.strip_prefix('p')?.parse().ok()
}

/// Whether a paragraph opens a story with a dateline (本报讯, 新华社长沙4月20日电).
fn opens_story(text: &str) -> bool {
    // A dateline is within the first two dozen characters; the pattern needs no more, and most
    // paragraphs have neither 讯 nor 电 there, which is cheaper to see than to run the pattern.
    let head = text.char_indices().nth(24).map_or(text, |(i, _)| &text[..i]);
    (head.contains('讯') || head.contains('电')) && DATELINE.is_match(head)
}

/// [`mark_key_figures_at`] with each figure's place searched for here: `paragraph_text` gives a
/// paragraph's text by anchor. The extractor knows the places already; the tests do not.
#[cfg(test)]
fn mark_key_figures<'a>(
    figures: &mut [Figure],
    paragraphs: usize,
    paragraph_text: impl Fn(&str) -> Option<&'a str>,
    lex: &Lexicon,
) {
    let mut places = Vec::with_capacity(figures.len());
    for run in figures.chunk_by(|a, b| a.anchor == b.anchor) {
        let text = paragraph_text(&run[0].anchor).unwrap_or("");
        places.extend(offsets_in(text, run).into_iter().map(|at| (text, at)));
    }
    let text_of = |n: usize| paragraph_text(&format!("p{n}"));
    let openings: Vec<Vec<usize>> = (places.iter())
        .map(|&(text, _)| super::Openings::of(text, lex).prominent)
        .collect();
    let prominent: Vec<&[usize]> = openings.iter().map(Vec::as_slice).collect();
    mark_key_figures_at(
        figures,
        &places,
        &prominent,
        paragraphs,
        text_of,
        &Headline::default(),
        lex,
    );
}

/// Where each of a paragraph's figures (in order) starts in its text, for tests that give figures
/// without their places ([`placed_figures_in`] knows them). Figures come in order, so each is
/// searched after the previous one (5万元 may repeat), else from the start.
#[cfg(test)]
fn offsets_in(text: &str, figures: &[Figure]) -> Vec<usize> {
    let mut from = 0;
    figures
        .iter()
        .map(|f| {
            let at = text
                .get(from..)
                .and_then(|rest| rest.find(f.text.as_str()))
                .map_or_else(|| text.find(f.text.as_str()).unwrap_or(0), |k| from + k);
            from = at + f.text.len();
            at
        })
        .collect()
}

/// Marks the article's headline figures: those its headline repeats, then, of those that score
/// high enough at all, the best up to [`key_budget`]. `places` gives each figure's paragraph
/// text and its byte offset there ([`placed_figures_in`]), `prominent` where prominence words
/// may start in each figure's paragraph ([`super::Openings`]), `paragraph_text` a paragraph's
/// text by its number (1 for `p1`), `headline` the value and unit of each figure of the headline.
pub(crate) fn mark_key_figures_at<'a>(
    figures: &mut [Figure],
    places: &[(&str, usize)],
    prominent: &[&[usize]],
    paragraphs: usize,
    paragraph_text: impl Fn(usize) -> Option<&'a str>,
    headline: &Headline,
    lex: &Lexicon,
) {
    let befores = befores_of(places);
    // The rest of each figure's item: from the figure's end to the 。！？ or ； after it.
    let figure_ends: Vec<(&str, usize)> = (places.iter().zip(figures.iter()))
        .map(|(&(text, at), f)| (text, (at + f.text.len()).min(text.len())))
        .collect();
    let item_rests: Vec<(usize, usize)> = (figure_ends.iter().zip(item_ends_of(&figure_ends)))
        .map(|(&(_, from), to)| (from, to))
        .collect();
    // The prominence words of each paragraph with figures, found once: every figure asks for
    // those of a few stretches of its paragraph, which overlap, all between the start of its list
    // sentence and the end of its item. Figures come in order, so a paragraph's figures are next
    // to each other, and only the stretch from the first one's sentence to the last one's item
    // end is read.
    let mut paragraph_words: Vec<Vec<(usize, usize, f64)>> = Vec::new();
    let mut paragraph_of: Vec<usize> = Vec::with_capacity(places.len());
    let mut i = 0;
    while i < places.len() {
        let text = places[i].0;
        let run = places[i..].iter().take_while(|p| std::ptr::eq(p.0, text)).count();
        let from = (befores[i..i + run].iter().map(|b| b.list).min()).unwrap_or(0);
        let to = (item_rests[i..i + run].iter().map(|r| r.1).max()).unwrap_or(text.len());
        paragraph_words.push(lex.prominence_words_at(text, from, to, prominent[i]));
        paragraph_of.extend(std::iter::repeat_n(paragraph_words.len() - 1, run));
        i += run;
    }
    // The prominence words that lie inside bytes `from..to` of figure `i`'s paragraph, as they
    // would be found in that stretch alone: where each starts, and its weight.
    let words_in = |i: usize, from: usize, to: usize| {
        let words = &paragraph_words[paragraph_of[i]];
        let first = words.partition_point(|w| w.0 < from);
        words[first..]
            .iter()
            .take_while(move |w| w.0 < to)
            .filter(move |w| w.1 <= to)
            .map(|&(start, _, weight)| (start, weight))
    };
    // Three or more figures of one category in a sentence are a list or a breakdown (帐篷300顶、
    // 折叠床800张、饮用水5000箱; 第一产业98.3亿元…；第二产业…；第三产业…): its items are
    // details, and the total, where there is one, is said on its own. The semicolon separates
    // the items of such a list, so here a sentence ends only at 。！？.
    // Told without comparing anchors: a paragraph's figures share its text.
    let same_sentence =
        |i: usize, j: usize| std::ptr::eq(places[i].0, places[j].0) && befores[i].list == befores[j].list;
    // A part word (其中, 分别, 分产业看: −1 or less in prominence.tsv) makes parts of a whole of
    // its own clause, of the clause after it when it stands alone (其中，4例…), and of the items
    // of a ；-list it heads (分产业看，第一产业…；第二产业…); a figure just before it is that
    // whole, not an item. A clause after the parts (其中规上企业全部复工，返岗员工近10万人)
    // says something new.
    let part_word = |i: usize, from: usize, to: usize| {
        let down = words_in(i, from, to).map(|(_, weight)| weight).fold(0.0, f64::min);
        Some(down).filter(|&down| down <= -1.0)
    };
    let part_words: Vec<(&str, f64)> = (lex.prominence.iter())
        .filter(|(_, d)| *d <= -1.0)
        .map(|(w, d)| (w.as_str(), *d))
        .collect();
    let parts_before = |i: usize| {
        let text = places[i].0;
        let b = befores[i];
        // The clause before the figure's own, between the last two commas.
        let previous = b.commas[0].map_or("", |last| {
            &text[b.commas[1].map_or(b.list, |c| c + '，'.len_utf8())..last]
        });
        let bare = part_words.iter().find(|(w, _)| previous == *w).map(|(_, d)| *d);
        // A list's head is its first item: a part word inside a later item (5600余名医护人员冲锋
        // 一线，37名医护人员分别支援黄冈；1300余名警务人员…) is that item's, not the list's.
        let head_end = b.semicolon.and_then(|_| text[b.list..].find('；')).map(|k| b.list + k);
        let list_head = head_end.and_then(|k| part_word(i, b.list, k));
        bare.into_iter().chain(list_head).reduce(f64::min)
    };
    let parts: Vec<Option<f64>> = (0..figures.len()).map(parts_before).collect();
    let totals: Vec<bool> = (0..figures.len())
        .map(|i| {
            if parts[i].is_some() {
                return false;
            }
            // The whole is said in the item right before its parts: a ；ends that item.
            let (from, to) = item_rests[i];
            part_word(i, from, to).is_some()
        })
        .collect();
    // A change against a figure said before it in its sentence compares the two (增长5.2%，增速
    // 比一季度加快0.9个百分点; 余额6.28万亿元，比年初增加4,568亿元): the figure compared is the
    // headline, the change its detail.
    let compares = |i: usize| {
        let f = &figures[i];
        let (text, at) = places[i];
        let clause = &text[befores[i].clause..at];
        // 同比 and 环比 (year on year, month on month) compare with a period, not with a figure
        // said before: 增长12.3%；…同比增长15.7% are two rates, each a headline.
        let against = clause
            .match_indices('比')
            .any(|(k, _)| !clause[..k].ends_with(['同', '环']))
            || clause.contains('较');
        let points = in_points(&f.unit);
        // Figures come in order, so those of the same sentence are the ones right before.
        (0..i).rev().take_while(|&j| same_sentence(i, j)).any(|j| {
            let e = &figures[j];
            (points && e.unit.contains('%')) || (against && e.unit == f.unit)
        })
    };
    // Whether each figure's category has a weight at all (`key_weights.tsv`), looked up once.
    let weighed: Vec<bool> = (figures.iter())
        .map(|f| lex.key_weights.contains_key(f.category.as_str()))
        .collect();
    // A change against a figure before it is a detail of that figure, no item of a list (播种
    // 面积8,538.6万亩，比上年增加12.3万亩；总产量…，比上年增产34.7亿斤).
    let compared: Vec<bool> = (0..figures.len()).map(|i| weighed[i] && compares(i)).collect();
    // A part said after its whole in one sentence (收入完成312.6亿元…；其中税收收入198.4亿元) is
    // that whole's detail, as a change is: the whole, said before the part word, is the headline.
    // A part whose whole was said in an earlier sentence, or not at all (分产业看，第一产业…；
    // 第二产业…), still competes, lowered by its part word.
    let parted: Vec<bool> = (0..figures.len())
        .map(|i| {
            let at = places[i].1;
            if !weighed[i] || (parts[i].is_none() && part_word(i, befores[i].clause, at).is_none()) {
                return false;
            }
            let Some(part_at) = words_in(i, befores[i].list, at)
                .filter(|w| w.1 <= -1.0)
                .map(|w| w.0)
                .last()
            else {
                return false;
            };
            (0..i)
                .rev()
                .take_while(|&j| same_sentence(i, j))
                .any(|j| places[j].1 < part_at && figures[j].unit == figures[i].unit)
        })
        .collect();
    // 占一般公共预算收入的63.5%: a share of a whole, like a change, is a detail of a figure and no
    // item of a list (收入312.6亿元，增长4.3%，完成预算的101.2%；…占…63.5% lists no rates).
    let share = |i: usize| {
        let (text, at) = places[i];
        in_percent(&figures[i].unit) && text[befores[i].clause..at].contains('占')
    };
    // A part is still an item of its sentence's list (新增装机356万千瓦，其中光伏254.8万千瓦).
    let listed: Vec<bool> = (0..figures.len())
        .map(|i| !(totals[i] || compared[i] || share(i)))
        .collect();
    let per_sentence = listed_alike(same_sentence, figures, &listed);
    // A page may hold several stories, each opening with a dateline (本报讯, 新华社长沙4月20日电);
    // each story's lead counts as a lead.
    let mut leads: Vec<usize> = vec![1];
    for n in 2..=paragraphs {
        if paragraph_text(n).is_some_and(opens_story) {
            leads.push(n);
        }
    }
    // A section under a heading that says a figure (a feature's sidebar) opens with its lead as
    // a story does, and has its own share of the budget.
    leads.extend(
        (headline.sections.iter().map(|s| s.0))
            .chain(headline.parts.iter().copied())
            .filter(|&n| (2..=paragraphs).contains(&n)),
    );
    leads.sort_unstable();
    leads.dedup();
    let mut seen = Said::default();
    let mut scored: Vec<(usize, f64)> = Vec::new();
    let firsts = clause_firsts(&headline.topic, lex);
    // A figure the headline repeats (国庆假期我市接待游客2391.6万人次, 主犯获刑十三年) is the
    // one the editor chose to headline: it is key whatever its rank, where the story first says it.
    let mut picked: Vec<usize> = Vec::new();
    // Every figure that may be key at all and is no detail, with its score: a story none of whose
    // figures scores high enough still shows its best one.
    let mut fallback: Vec<(usize, f64)> = Vec::new();
    for (i, f) in figures.iter().enumerate() {
        // A figure repeated later adds nothing.
        if !seen.first_time(f.value, &f.unit) {
            continue;
        }
        let n = paragraph_number(&f.anchor).unwrap_or(paragraphs);
        if headline.says(n, f.value, &f.unit) {
            picked.push(i);
            continue;
        }
        // Most figures can never be key: skip reading their sentence.
        if !weighed[i] || compared[i] || parted[i] {
            continue;
        }
        let lead = (leads.iter().chain(&headline.section_starts))
            .copied()
            .filter(|&l| l <= n)
            .max()
            .unwrap_or(1);
        let at = places[i].1;
        let b = befores[i];
        // The clause ends the sentence: one pass reads the prominence words of both. A
        // sentence-opening 至此 or 截至目前 presents every count of its sentence as a total.
        let (mut up, mut down, mut sentence_up) = (0.0_f64, 0.0_f64, 0.0_f64);
        for (start, weight) in words_in(i, b.sentence, at) {
            sentence_up = sentence_up.max(weight);
            if start >= b.clause {
                up = up.max(weight);
                down = down.min(weight);
            }
        }
        if let Some(part) = parts[i] {
            down = down.min(part);
        }
        let clause = &places[i].0[b.clause..at];
        // 占金牌总数的11.9%, 占比30%: a share of a whole is a part of it, and the words that
        // name the whole (总数, 全市) are not the share's.
        if share(i) {
            (up, sentence_up, down) = (0.0, 0.0, down.min(-1.0));
        }
        let [per_unit_word, topic_word, distributive] = clause_words(clause, &firsts, &headline.topic, lex);
        if said_of_each(clause, distributive, lex) {
            down = down.min(-1.0);
        }
        // A unit per another unit (元/平方米, 微克/立方米) is a price or a level, a rate too.
        let per_unit = f.unit.contains('/') || per_unit_word;
        // 平均, 每天 lower an amount derived from a total (日均147.9万人次); a rate or an amount
        // per person or mu is an average by nature (平均客房入住率87.5%, 平均亩产445公斤), so they
        // say nothing of it. Part words (其中, 分别) still do.
        if (per_unit || in_percent(&f.unit)) && down > -1.0 {
            down = 0.0;
        }
        // 造成2人死亡、5人受伤: a toll word right after a count of people makes it the toll.
        let after = &places[i].0[item_rests[i].0..];
        let toll = f.category == "people" && lex.toll_words.iter().any(|w| after.starts_with(w.as_str()));
        // The dead and the missing (2人死亡、3人失联) are a disaster's news before any count of
        // those it affected or of those sent to help: key, as the headline's figures are.
        if toll && ["死亡", "遇难", "失踪", "失联"].iter().any(|w| after.starts_with(w)) {
            picked.push(i);
            continue;
        }
        if toll {
            up = up.max(1.0);
        }
        let emphasis = sentence_up.max(up) + down;
        let Some(mut score) = key_score(f, n.saturating_sub(lead), paragraphs, emphasis, per_unit, toll, lex) else {
            continue;
        };
        if !totals[i] && per_sentence[i] >= 3 {
            score -= 1.5;
        }
        score += up + down;
        // A figure marked a detail (a part, a figure said of each, a share) is never its story's
        // only headline.
        if down > -1.0 {
            fallback.push((i, score));
        }
        // A figure of what the headline is about (新增本土确诊病例6例 → 累计报告本土确诊病例87例)
        // belongs with it.
        let topic = &headline.topic;
        if topic_word || f.subject.as_deref().is_some_and(|s| topic.any_in(s)) {
            score += 0.5;
        }
        if score >= 4.5 {
            scored.push((i, score));
        }
    }
    // A digest shows different kinds of figures: each figure of a category already picked by rank
    // makes the next one of that category count half a point less. The headline's own figures do
    // not: a bulletin headlines its new cases, and the cumulative count is still its news.
    let story: Vec<usize> = (figures.iter())
        .map(|f| {
            let n = paragraph_number(&f.anchor).unwrap_or(paragraphs);
            leads.partition_point(|&l| l <= n).saturating_sub(1)
        })
        .collect();
    let mut per_story = vec![0; leads.len()];
    for &s in &story {
        per_story[s] += 1;
    }
    let budget = key_budget(&per_story);
    // Each story spends its own share first (a page's second story, a feature's sidebar): one
    // story's strong figures would otherwise take the slots of another's, and a digest shows
    // every story. What a story cannot spend goes to the best figures left anywhere.
    let mut left: Vec<usize> = per_story.iter().map(|&n| story_share(n)).collect();
    for &p in &picked {
        left[story[p]] = left[story[p]].saturating_sub(1);
    }
    // A smaller count of the same thing in the same unit as a figure picked (游客2391.6万人次,
    // then 景区接待游客1,126.4万人次, 单日接待游客236.7万人次) is a part of it or a peak within
    // it: a breakdown of that headline, not another.
    let part_of = |i: usize, p: usize| {
        let (f, whole) = (&figures[i], &figures[p]);
        f.subject.is_some() && whole.subject == f.subject && whole.unit == f.unit && whole.value > f.value
    };
    // Each contender: its figure, its score, how many figures of its category were picked by
    // rank, and whether it is part of a figure picked (the headline's too). Each pick brings the
    // others up to date once, where comparing every contender with every figure picked, round
    // after round, cost the rounds times both.
    let mut contenders: Vec<(usize, f64, usize, bool)> = (scored.iter())
        .map(|&(i, score)| (i, score, 0, picked.iter().any(|&p| part_of(i, p))))
        .collect();
    for _ in picked.len().min(budget)..budget {
        let best_in = |own_share: bool| {
            (contenders.iter().enumerate())
                .filter(|(_, c)| !own_share || left[story[c.0]] > 0)
                .map(|(k, &(i, score, repeats, part))| {
                    let part = if part { 1.5 } else { 0.0 };
                    (k, i, score - 0.5 * repeats as f64 - part)
                })
                .max_by(|a, b| a.2.total_cmp(&b.2).then(b.1.cmp(&a.1)))
        };
        let Some((k, i, _)) = best_in(true).or_else(|| best_in(false)) else {
            break;
        };
        contenders.swap_remove(k);
        left[story[i]] = left[story[i]].saturating_sub(1);
        picked.push(i);
        for (other, _, repeats, part) in &mut contenders {
            *repeats += usize::from(figures[*other].category == figures[i].category);
            *part |= part_of(*other, i);
        }
    }
    // A story with figures but none picked (a short item of a page, a first-person piece) still
    // shows its best figure: a digest lists every story.
    for s in (0..per_story.len()).filter(|&s| per_story[s] > 0) {
        if picked.iter().any(|&p| story[p] == s) {
            continue;
        }
        let best = (fallback.iter())
            .filter(|&&(i, _)| story[i] == s)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some(&(i, _)) = best {
            picked.push(i);
        }
    }
    for i in picked {
        figures[i].key = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lexicon::regex_alternation;
    use crate::extract::tag_text;
    use crate::extract::test_lexicon::LEX;

    /// [`Before`] of byte `at` by a search backward from it, mark by mark: the oracle of
    /// [`befores_of`], which reads forward.
    fn before_backward(paragraph: &str, at: usize) -> Before {
        let (mut clause, mut sentence, mut list) = (None, None, 0);
        let mut rest = &paragraph[..at];
        while let Some((i, c)) = BEFORE_MARKS.rfind(rest) {
            let after = i + c.len_utf8();
            match c {
                '；' => {
                    clause.get_or_insert(after);
                    sentence.get_or_insert(after);
                }
                '。' | '！' | '？' => {
                    list = after;
                    clause.get_or_insert(after);
                    sentence.get_or_insert(after);
                    break;
                }
                _ => {
                    clause.get_or_insert(after);
                }
            }
            rest = &rest[..i];
        }
        let before = &paragraph[list..at];
        let commas: Vec<usize> = before
            .match_indices('，')
            .map(|(k, _)| list + k)
            .rev()
            .take(2)
            .collect();
        Before {
            clause: clause.unwrap_or(0),
            sentence: sentence.unwrap_or(0),
            list,
            commas: [commas.first().copied(), commas.get(1).copied()],
            semicolon: before.rfind('；').map(|k| list + k),
        }
    }

    proptest::proptest! {
        /// A unit is a share where `str::contains` finds its '%', also beside characters whose
        /// bytes are not ASCII (‰, 万%).
        #[test]
        fn percent_units_are_those_with_a_percent_sign(unit in "[%‰万成个元/]{0,4}") {
            proptest::prop_assert_eq!(in_percent(&unit), unit.contains('%') || unit == "成");
        }
    }

    proptest::proptest! {
        /// A figure is said for the first time where the list of those said before does not hold
        /// its value and unit, for values alike in their low bits, both zeros and no number.
        #[test]
        fn figures_said_again_are_those_in_the_list(
            figures in proptest::collection::vec((0usize..8, 0usize..2), 0..40),
        ) {
            let values = [0.0, -0.0, f64::NAN, 1.0, 2.0, 1.0 + f64::EPSILON, 64.0, 1e12];
            let units = ["人", "%"];
            let mut said = Said::default();
            let mut list: Vec<(f64, &str)> = Vec::new();
            for (v, u) in figures {
                let (value, unit) = (values[v], units[u]);
                let expected = !list.contains(&(value, unit));
                if expected {
                    list.push((value, unit));
                }
                proptest::prop_assert_eq!(said.first_time(value, unit), expected);
            }
        }
    }

    proptest::proptest! {
        /// Reading each paragraph forward once finds what a backward search from each figure
        /// finds, for figures in order and out of it.
        #[test]
        fn befores_read_forward_match_a_backward_search(
            pieces in proptest::collection::vec("[，：,；。！？a一]{1,3}", 0..12),
            cuts in proptest::collection::vec(0usize..100, 1..6),
        ) {
            let text: String = pieces.concat();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let places: Vec<(&str, usize)> = cuts.iter().map(|c| (text.as_str(), bounds[c % bounds.len()])).collect();
            let expected: Vec<Before> = places.iter().map(|&(t, at)| before_backward(t, at)).collect();
            proptest::prop_assert_eq!(befores_of(&places), expected);
        }
    }

    proptest::proptest! {
        /// Searching each paragraph once past each mark finds the item ends a search from every
        /// figure's end finds, for figures in order and out of it.
        #[test]
        fn item_ends_found_once_match_a_search_from_each_figure(
            pieces in proptest::collection::vec("[。！？；，a一]{1,3}", 0..12),
            cuts in proptest::collection::vec(0usize..100, 1..6),
        ) {
            let text: String = pieces.concat();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let ends: Vec<(&str, usize)> = cuts.iter().map(|c| (text.as_str(), bounds[c % bounds.len()])).collect();
            let expected: Vec<usize> = ends
                .iter()
                .map(|&(t, from)| t[from..].find(['。', '！', '？', '；']).map_or(t.len(), |k| from + k))
                .collect();
            proptest::prop_assert_eq!(item_ends_of(&ends), expected);
        }
    }

    proptest::proptest! {
        /// Looking for the distributive words in a clause's tail with one read of it finds the
        /// clauses a search for each word with `str::contains` found.
        #[test]
        fn said_of_each_matches_a_search_for_each_word(clause in "[均都平人成首南康区收入突破增长，]{0,14}") {
            let words = ["均", "都"];
            let tail = clause.char_indices().rev().nth(7).map_or(clause.as_str(), |(k, _)| &clause[k..]);
            let expected = words.iter().any(|d| tail.contains(d))
                && tag_text(&clause, &LEX)
                    .iter()
                    .rev()
                    .take(3)
                    .any(|t| t.tag == "d" && words.contains(&t.word));
            let none = WordsIn::default();
            let [_, _, in_tail] = clause_words(&clause, &clause_firsts(&none, &LEX), &none, &LEX);
            proptest::prop_assert_eq!(said_of_each(&clause, in_tail, &LEX), expected, "{}", clause);
        }

        /// One read of a clause finds what a read for each list finds: the per-unit words and the
        /// topic's in the whole clause, the distributive words in its last eight characters, with
        /// words that start on the same character (人均 and 人口) and clauses shorter and longer
        /// than the tail.
        #[test]
        fn one_read_of_a_clause_finds_what_three_reads_find(
            clause in "[均都人口户亩单产每天病例，a𠀀]{0,14}",
            topic in proptest::collection::vec("[人口病例都]{1,2}", 0..3),
        ) {
            let topic = WordsIn::new(topic);
            let tail = clause.char_indices().rev().nth(7).map_or(clause.as_str(), |(k, _)| &clause[k..]);
            let expected = [
                LEX.per_unit_words.any_in(&clause),
                topic.any_in(&clause),
                LEX.distributive_words.any_in(tail),
            ];
            let firsts = clause_firsts(&topic, &LEX);
            proptest::prop_assert_eq!(clause_words(&clause, &firsts, &topic, &LEX), expected, "{}", clause);
        }
    }

    proptest::proptest! {
        /// A heading is tagged only when it has numerals, and says the figures it said when every
        /// heading was tagged and read.
        #[test]
        fn headings_without_numerals_say_no_figures(
            heading in "[0-9一二两三十百万约超过近余名人例元个项目亿%志愿者行动抗疫新增，]{0,16}"
        ) {
            let mut headline = Headline::default();
            headline.add_section(3, &heading, &LEX);
            let p = TaggedParagraph {
                anchor: String::new(),
                text: &heading,
                tokens: tag_text(&heading, &LEX),
            };
            let said: Vec<(f64, String)> = figures_in(&p, &LEX).into_iter().map(|f| (f.value, f.unit)).collect();
            let expected = if said.is_empty() { Vec::new() } else { vec![(3, said)] };
            proptest::prop_assert_eq!(&headline.sections, &expected, "{}", heading);
        }
    }

    fn figures(text: &str) -> Vec<Figure> {
        let p = TaggedParagraph {
            anchor: "p1".into(),
            text,
            tokens: tag_text(text, &LEX),
        };
        figures_in(&p, &LEX)
    }

    /// (text, value, unit, qualifier) of the only figure expected in the sentence.
    #[test]
    fn figures_are_read_with_value_unit_and_qualifier() {
        let cases: &[(&str, f64, &str, Option<&str>)] = &[
            ("新增报告2例阳性检测者", 2.0, "例", None),
            ("组建近800名党员干部先锋队", 800.0, "名", Some("近")),
            ("共有1,000人参加", 1000.0, "人", None),
            ("共有1，000人参加", 1000.0, "人", None),
            ("累计检测4.6万人次", 46000.0, "人次", None),
            ("发放口罩3万余只", 30000.0, "只", Some("余")),
            ("她日均往返20000余步", 20000.0, "步", Some("余")),
            ("服务1.1万人", 11000.0, "人", None),
            ("投入资金20万元", 200000.0, "元", None),
            ("总投资5.65亿元", 565000000.0, "元", None),
            ("出口额649万美元", 6490000.0, "美元", None),
            ("时隔500多天", 500.0, "天", Some("多")),
            ("派出十余名队员", 10.0, "名", Some("余")),
            ("动员一百二十名志愿者", 120.0, "名", None),
            ("筹集三千份物资", 3000.0, "份", None),
            ("约200名群众", 200.0, "名", Some("约")),
            ("超过5000人", 5000.0, "人", Some("超过")),
            // A qualifier jieba keeps in one word with the numeral (近九成/l, 近一/t).
            ("全省近九成的渔船已回港", 9.0, "成", Some("近")),
            ("比上年增加近一亿元", 100000000.0, "元", Some("近")),
            // Rounded counts in Chinese numerals of what no keyword names are counts, no slogans.
            ("提供岗位三千余个", 3000.0, "个", Some("余")),
            ("开发政策性岗位十余万个", 100000.0, "个", Some("余")),
            ("收到两百多份简历", 200.0, "份", Some("多")),
            // A unit per another unit is one unit, and a qualifier may follow it.
            ("PM2.5平均浓度为45微克/立方米", 45.0, "微克/立方米", None),
            ("新房成交均价1.52万元/平方米", 15200.0, "元/平方米", None),
            ("最大风速42米/秒", 42.0, "米/秒", None),
            ("力争降至43微克/立方米左右", 43.0, "微克/立方米", Some("左右")),
            ("中心最低气压955百帕", 955.0, "百帕", None),
            ("集装箱吞吐量2,070万标准箱", 20700000.0, "标准箱", None),
            ("重污染天数为7天", 7.0, "天", None),
            ("客流同比增长一成", 1.0, "成", None),
            ("通勤客流约占六成", 6.0, "成", Some("约")),
            // A qualifier jieba glues to the verb before it.
            ("外省观众占近五分之二", 40.0, "%", Some("近")),
            ("约占全省的三成", 3.0, "成", Some("约")),
            // A qualifying verb before the whole a ratio is of (…的2.3倍, …的七分之一).
            ("降雨量约为常年同期平均降雨量的2.3倍", 2.3, "倍", Some("约")),
            ("基层医生约为实际需求的三分之二", 66.67, "%", Some("约")),
            ("产量超过全省的七分之一", 14.29, "%", Some("超过")),
            ("降雨量为常年同期的2.3倍", 2.3, "倍", None),
            ("占全省的三成", 3.0, "成", None),
            ("销售额增长一倍", 1.0, "倍", None),
            ("年满70周岁的退休人员", 70.0, "周岁", None),
            ("登陆时中心附近最大风力14级", 14.0, "级", None),
            ("逾300户居民", 300.0, "户", Some("逾")),
            ("不到50人", 50.0, "人", Some("不到")),
            ("1000人以上参与", 1000.0, "人", Some("以上")),
            ("300人左右", 300.0, "人", Some("左右")),
            ("上百名志愿者", 100.0, "名", Some("上百")),
            ("同比增长11.2%", 11.2, "%", None),
            ("增速达百分之五十", 50.0, "%", None),
            // Chinese decimals after 点.
            ("完成投资三点五亿元", 350000000.0, "元", None),
            ("同比增长百分之三点五", 3.5, "%", None),
            ("宫颈癌检出率为千分之三点六", 0.36, "%", None),
            ("提高1.6个百分点", 1.6, "个百分点", None),
            ("约三分之一的居民", 33.33, "%", Some("约")),
            ("设置5个隔离点", 5.0, "个", None),
            ("居家休息4天", 4.0, "天", None),
            ("连续奋战24小时", 24.0, "小时", None),
            ("运送蔬菜12吨", 12.0, "吨", None),
            ("捐赠两千元", 2000.0, "元", None),
            ("价值5块钱", 5.0, "元", None),
            ("售价8角", 0.8, "元", None),
            ("已有两名护士", 2.0, "名", None),
            ("面积3,500平方米", 3500.0, "平方米", None),
            ("全长12.5公里", 12.5, "公里", None),
            ("共3起案件", 3.0, "起", None),
            ("完成3轮核酸检测", 3.0, "轮", None),
            ("接种疫苗1.2万剂次", 12000.0, "剂次", None),
            ("营收增长3倍", 3.0, "倍", None),
            ("资金近亿元", 1e8, "元", Some("近")),
            ("运来五千克大米", 5.0, "千克", None),
            ("最近3天没有新增", 3.0, "天", None),
            ("累计排查5338人", 5338.0, "人", None),
            ("总额达1.5亿美元", 150000000.0, "美元", None),
            ("涉及12个社区", 12.0, "个", None),
            ("连续工作3个多小时", 3.0, "个小时", Some("多")),
            ("不眠不休近60个小时", 60.0, "个小时", Some("近")),
            ("捐赠1.1万个N95口罩", 11000.0, "个", None),
            ("开展活动超过10万场次", 100000.0, "场次", Some("超过")),
            ("存量在10立方米以下", 10.0, "立方米", Some("以下")),
            ("投入资金5,000万元", 50000000.0, "元", None),
            ("援助１２０万美元", 1200000.0, "美元", None),
            ("完成7万余人的采样", 70000.0, "人", Some("余")),
            ("农作物受灾4.5万亩", 45000.0, "亩", None),
            ("生产总值3561.2亿元", 356120000000.0, "元", None),
            ("增长约18%", 18.0, "%", Some("约")),
            ("下降0.5个百分点", 0.5, "个百分点", None),
            ("怀孕七个月", 7.0, "个月", None),
            ("隔离十四天", 14.0, "天", None),
            ("接种两剂疫苗", 2.0, "剂", None),
            ("捐款10余万元", 100000.0, "元", Some("余")),
            ("投资3000多万元", 30000000.0, "元", Some("多")),
            ("营收1亿多元", 100000000.0, "元", Some("多")),
            ("惠及十余万人", 100000.0, "人", Some("余")),
            // Sports results and times across units are one figure, in the smallest unit named.
            ("跑出9秒97的成绩", 9.97, "秒", None),
            ("以2小时08分35秒夺冠", 7715.0, "秒", None),
            ("女子组冠军用时2小时38分", 158.0, "分钟", None),
            ("用时约2小时10分完成", 130.0, "分钟", Some("约")),
            ("以3分45秒完成比赛", 225.0, "秒", None),
            ("跳出6米32，打破纪录", 6.32, "米", None),
            ("身高1米85的他", 1.85, "米", None),
            // 分 after no hour of the clock counts points.
            ("全场砍下28分", 28.0, "分", None),
            ("浇灌小麦3,260万亩次", 32600000.0, "亩次", None),
            ("获得金牌112枚", 112.0, "枚", None),
            // 突破 (broke through) is over a round mark, as 超过.
            ("收入均突破20亿元", 2e9, "元", Some("突破")),
            // 家次 counts businesses as often as each was visited, as 人次 counts people.
            ("累计检查企业12.7万家次", 127000.0, "家次", None),
            // Wells, machines with their fittings, households served as often as each was,
            // containers as ports count them, an infant's age in months.
            ("全县新打抗旱机井86眼", 86.0, "眼", None),
            ("调配抗旱水泵2,300余台套", 2300.0, "台套", Some("余")),
            ("惠及纳税人82.6万户次", 826000.0, "户次", None),
            ("全港完成集装箱吞吐量86.7万TEU", 867000.0, "TEU", None),
            ("作业效率达到32.6自然箱/小时", 32.6, "自然箱/小时", None),
            ("6月龄以上人群均可接种", 6.0, "月龄", Some("以上")),
            // 约 with the verb that joins it to its figure.
            ("中签率约为23.8%", 23.8, "%", Some("约")),
            ("全市约有3000名志愿者", 3000.0, "名", Some("约")),
            // jieba holds 近一成 as one numeral word: still a qualifier, a numeral and a unit.
            ("事故起数下降近一成", 1.0, "成", Some("近")),
            // 约合 joins a figure as 约为 does (a currency converted).
            ("出口额约合21.6亿美元", 2160000000.0, "美元", Some("约")),
            // A verb of the dictionary that ends in a qualifier's character keeps it (签约 is no 约).
            ("新签约亿元以上项目", 100000000.0, "元", Some("以上")),
            ("全年电池产量86.4吉瓦时", 86.4, "吉瓦时", None),
        ];
        for (text, value, unit, qualifier) in cases {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let f = &found[0];
            assert_eq!(
                (f.value, f.unit.as_str(), f.qualifier.as_deref()),
                (*value, *unit, *qualifier),
                "{text}"
            );
            assert!(text.contains(&f.text), "{text}: {}", f.text);
        }
    }

    #[test]
    fn ranges_keep_both_ends() {
        let cases: &[(&str, f64, f64, &str)] = &[
            ("年龄在20岁至80岁之间", 20.0, 80.0, "岁"),
            ("每人2、3个小时", 2.0, 3.0, "个小时"),
            ("投入3至5万元", 30000.0, 50000.0, "元"),
            ("增长3%-5%", 3.0, 5.0, "%"),
            ("需要10到15天", 10.0, 15.0, "天"),
        ];
        // A list is not a range: only the number next to the unit is a figure.
        let found = figures("分别为1、5个");
        assert_eq!(
            found.iter().map(|f| (f.value, f.text.as_str())).collect::<Vec<_>>(),
            [(5.0, "5个")]
        );
        for (text, low, high, unit) in cases {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(
                (found[0].value, found[0].upper, found[0].unit.as_str()),
                (*low, Some(*high), *unit),
                "{text}"
            );
        }
    }

    /// Numbers that are not figures: dates, ordinals, identifiers, names, set phrases, slogans.
    /// A decimal tail is read after 秒 or 米 only where no unit follows it: 6米32个 is 6 米 and 32 个.
    #[test]
    fn a_result_tail_never_takes_a_count() {
        let found: Vec<(f64, String)> = figures("长6米32个").into_iter().map(|f| (f.value, f.unit)).collect();
        assert_eq!(found, vec![(6.0, "米".to_string()), (32.0, "个".to_string())]);
    }

    #[test]
    fn not_figures() {
        let cases = [
            // A bus route's number; a numeral that opens a town's name.
            "每天乘坐226路公交车上班",
            "家住蜀山区三里庵街道的刘女士",
            // 步 counts steps, but not in set phrases (分三步走, 进一步, 每一步) or ordinals.
            "改革分三步走，第一步是摸底",
            "要进一步加强管理，每一步都要走稳",
            "7月29日召开会议",
            "2021年是建党百年",
            "二〇二一年七月",
            "11月8日0时起实施",
            // 分 after an hour of the clock is a time, not points.
            "7月29日8时30分召开",
            "下午3点15分出发",
            "下午三点十五分出发",
            "两点一线的生活",
            // 十分 is an adverb (very), even in a clause about testing: points are in digits.
            "核酸检测工作一直十分流畅",
            "有理也要让三分",
            "第十三次党代会",
            // A latitude or longitude locates, as a date does.
            "震中位于北纬23.45度",
            "东经101.72度",
            "第23124期",
            "〔2022〕21号文件",
            "请拨打120急救电话",
            "热线电话12345",
            "市一中的学生们",
            "二水厂恢复供水",
            "用84消毒液消毒",
            "全市“一盘棋”",
            "坚持“两手抓、两不误”",
            "落实“六个全力”要求",
            "筑牢五条保障线",
            "干部下沉一线",
            "大家十分辛苦",
            "万众一心抗疫情",
            "指挥部“一办十一组”",
            "查验两码",
            "一名护士说",
            "打好一场硬仗",
            "佩戴N95口罩",
            "5G网络覆盖",
            "新冠COVID-19疫情",
            "三个一批",
            "一方面要加强",
            "四面八方",
            "百分百满意",
            "这是一次大考",
            "新一届领导班子",
            "一季度经济回暖",
            "第一时间赶到",
            "一是加强领导",
            "社区两委成员",
            "联系电话0731-28888888",
            "建党百年",
            "千家万户",
            "三令五申",
            // The base of a rate after 每, and a numeral that opens a place's name.
            "每10万剂次报告的疑似异常反应",
            "每万人口高价值发明专利拥有量",
            "殷店镇、草店镇、三里岗镇等乡镇",
            "沈阳市皇姑区三台子街道一居民楼",
            "全省三项社会保险基金总收入",
            "重点保障两类人群",
            "一办十一组",
            "2022年11月8日",
            "8时30分",
            // A year before 届 or 级 names a class; the first months of a year are a period.
            "2025届高校毕业生",
            "2024级新生报到",
            "今年前8个月，全省外贸平稳",
            "前两个月实现开门红",
            "全省三级医院全部开通",
            "启动防汛四级应急响应",
            // 零 alone counts nothing.
            "一家汽车零部件企业",
            "社会消费品零售总额",
        ];
        for text in cases {
            let found = figures(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn subjects_are_what_is_counted() {
        let cases = [
            ("组建近800名党员干部先锋队", "党员干部先锋队"),
            ("排查“四类人员”5338人", "四类人员"),
            ("新增2例无症状感染者", "无症状感染者"),
            ("招募1200名志愿者参与", "志愿者"),
            ("累计核酸检测120万人次", "核酸检测"),
            ("发放3000份物资", "物资"),
            // jieba glues the measure word to the next word (例新冠): the rest starts the subject.
            ("全镇4例新冠肺炎患者已康复", "新冠肺炎患者"),
            // A word ending in an aspect particle is a predicate, even when tagged as an idiom.
            ("1200名志愿者闪烁着青春光芒", "志愿者"),
            // Quantifiers after the counted thing are not part of it (subject_boundaries.tsv).
            ("3000名党员干部全部下沉社区", "党员干部"),
            ("50户居民全部搬离", "居民"),
            ("80名医护人员所有人到岗", "医护人员"),
            // A category verb before a noun modifies it; the subject is not the verb before.
            ("收治12例确诊患者", "确诊患者"),
            ("6名患者从外地返回", "患者"),
            // A set phrase jieba tags l is a noun (固定资产/l 投资/vn).
            ("该县完成固定资产投资200亿元", "固定资产投资"),
            // The verb that joins a figure is not what it counts.
            ("出口额约合21.6亿美元", "出口额"),
            // A place that opens the phrase says where, not what.
            ("容城县居民2000人", "居民"),
        ];
        for (text, subject) in cases {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].subject.as_deref(), Some(subject), "{text}");
        }
        // A place that opens the phrase before the number says where, not what: with it gone, a
        // verb alone is left, which counts nothing.
        for text in ["容城县投资200亿元", "长沙投资200亿元"] {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].subject, None, "{text}");
        }
    }

    #[test]
    fn categories_come_from_subject_then_unit() {
        let cases = [
            ("新增2例无症状感染者", "cases"),
            ("累计核酸检测120万人次", "testing"),
            ("招募1200名志愿者", "people"),
            ("投入资金3000万元", "money"),
            ("发放口罩5000只", "supplies"),
            ("GDP同比增长8.2%", "economy"),
            ("涉及12个社区", "facilities"),
            ("居家休息4天", "duration"),
            // Days that 天数 names are counted, no span of time.
            ("全年优良天数为252天", "other"),
            ("年龄最大的85岁", "other"),
            // 起 counts incidents of any kind: the subject decides.
            ("通报3起违纪问题", "other"),
            // A medal tally is a games' result; a time across units is a duration.
            ("代表团获得金牌112枚", "results"),
            ("以3分45秒完成比赛", "duration"),
            ("发生12起交通事故", "cases"),
            // The head of the phrase (its last keyword) decides: 居民楼 is a building.
            ("排查120栋居民楼", "facilities"),
            ("慰问300名社区居民", "people"),
            // Energy a plant produces is output, not relief supplies, in any multiple.
            ("风电场去年发电1200万千瓦时", "economy"),
            ("新增装机容量80万千瓦", "economy"),
            // Test kits are supplies, though the phrase names the test they serve.
            ("储备核酸检测试剂600万人份", "supplies"),
            // An exam's score lines are its results, as a games' medals.
            ("物理类本科批次线为422分", "results"),
        ];
        for (text, category) in cases {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].category, category, "{text}");
        }
    }

    const ARABIC: &str = r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9]+)?";
    const CHINESE: &str = "[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?";

    /// [`FigurePattern`]'s grammar as a regular expression, built from the same tables: the
    /// reference the hand-written matcher must agree with.
    fn figure_regex_text(units: &BTreeMap<String, String>, before: &[String], after: &[String]) -> String {
        let ge_units: Vec<String> = units
            .keys()
            .filter_map(|u| u.strip_prefix('个'))
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect();
        let ge_units = regex_alternation(ge_units.iter());
        let units = regex_alternation(units.keys());
        let before = regex_alternation(before.iter());
        let after = regex_alternation(after.iter());
        let multiplier = MULTIPLIERS.join("|");
        let num = format!("(?:{ARABIC}|{CHINESE})");
        let sep = RANGE_SEPARATORS
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        format!(
            "(?P<pre>{before})?(?:\
             百分之(?P<pct>{num})\
             |(?P<den>{num})分之(?P<numer>{num})\
             |(?:(?P<shang>上(?:百|千|万))\
             |(?P<a>{num})(?P<aq0>{after})?(?P<am>{multiplier})?(?P<aq>{after})?\
             (?:(?P<sep>{sep})(?P<b>{num})(?P<bq0>{after})?(?P<bm>{multiplier})?(?P<bq>{after})?)?\
             )(?:个(?P<gq>{after})(?P<ge>{ge_units})|(?P<unit>{units}))\
             )(?P<post>{after})?"
        )
    }

    /// The pattern unanchored, scanned over the whole text: what the anchored tries must equal.
    static WHOLE_SCAN: LazyLock<Regex> = LazyLock::new(|| {
        regex::RegexBuilder::new(&figure_regex_text(
            &LEX.units,
            &LEX.qualifiers_before,
            &LEX.qualifiers_after,
        ))
        .dfa_size_limit(32 << 20)
        .build()
        .expect("figure tables build a valid pattern")
    });

    /// Each match of the hand-written matcher: its span, then each group's.
    fn matched(pattern: &FigurePattern, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let mut found = Vec::new();
        pattern.each_match(text, &crate::extract::Openings::of(text, &LEX).numerals, |m| {
            found.push(
                std::iter::once(Some(m.whole))
                    .chain(m.trial.groups.iter().map(Cell::get))
                    .collect(),
            )
        });
        found
    }

    /// Each match of an unanchored scan with the regex: its span, then each group's.
    fn scanned(re: &Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let span = |m: regex::Match| (m.start(), m.end());
        re.captures_iter(text)
            .map(|c| {
                std::iter::once(c.get(0).map(span))
                    .chain(G::ALL.iter().map(|g| c.name(g.name()).map(span)))
                    .collect()
            })
            .collect()
    }

    proptest::proptest! {
        /// Trying the pattern only where a numeral, or a qualifier or 上 before one, starts finds
        /// the same matches, with the same groups, as scanning every byte.
        #[test]
        fn anchored_tries_find_what_a_whole_scan_finds(
            text in "[0-9０-９,，.．点一二两三四五六七八九十百千万亿零〇上约大近将接超过逾不到足少于至最多高达余以左右下有个名人元例次天小时分之岁年月日%、~～－—-。的些统美公斤里平方米]{0,40}"
        ) {
            proptest::prop_assert_eq!(matched(&LEX.figure_pattern, &text), scanned(&WHOLE_SCAN, &text), "{}", text);
        }

        /// With a site's table words that start with a digit, comma or point (a unit 0后, a
        /// qualifier .5), the shorter readings of an Arabic number matter, and the matcher still
        /// agrees with the regex.
        #[test]
        fn odd_table_words_keep_the_matcher_equal_to_the_regex(
            text in "[0-9,，.．一二十百万上约近余多个名人元后0G]{0,24}"
        ) {
            let mut units = LEX.units.clone();
            units.insert("0后".into(), "people".into());
            units.insert(",5G".into(), "other".into());
            let mut after = LEX.qualifiers_after.clone();
            after.push(".5".into());
            let pattern = FigurePattern::new(&units, &LEX.qualifiers_before, &after);
            proptest::prop_assert!(pattern.arabic_readings_matter);
            let re = regex::Regex::new(&figure_regex_text(&units, &LEX.qualifiers_before, &after)).unwrap();
            proptest::prop_assert_eq!(matched(&pattern, &text), scanned(&re, &text), "{}", text);
        }
    }

    proptest::proptest! {
        /// Counting a sentence's figures of each category among the figures next to each other
        /// counts what a map keyed by sentence and category counts, for figures in order:
        /// sentences of one figure or many, categories repeated inside a sentence and across
        /// sentences, figures left out of the counts.
        #[test]
        fn sentence_counts_by_runs_as_by_a_map(
            mut figures in proptest::collection::vec((0usize..4, 0usize..3, 0usize..3, proptest::bool::ANY), 0..24)
        ) {
            figures.sort_by_key(|&(paragraph, sentence, _, _)| (paragraph, sentence));
            let categories = ["people", "money", "cases"];
            let sentences: Vec<(usize, usize)> = figures.iter().map(|&(p, s, _, _)| (p, s)).collect();
            let listed: Vec<bool> = figures.iter().map(|f| f.3).collect();
            let as_figures: Vec<Figure> = (figures.iter())
                .map(|&(_, _, c, _)| Figure { category: categories[c].into(), ..Default::default() })
                .collect();
            let mut by_map: std::collections::HashMap<((usize, usize), &str), usize> = Default::default();
            for (k, f) in as_figures.iter().enumerate().filter(|&(k, _)| listed[k]) {
                *by_map.entry((sentences[k], f.category.as_str())).or_default() += 1;
            }
            let expected: Vec<usize> = (as_figures.iter().enumerate())
                .map(|(k, f)| by_map.get(&(sentences[k], f.category.as_str())).copied().unwrap_or(0))
                .collect();
            let same_sentence = |a: usize, b: usize| sentences[a] == sentences[b];
            proptest::prop_assert_eq!(listed_alike(same_sentence, &as_figures, &listed), expected);
        }
    }

    /// Whether the figure written `figure` is key in an article made of `paragraphs`.
    fn is_key(paragraphs: &[&str], figure: &str) -> bool {
        let mut fs = Vec::new();
        for (i, text) in paragraphs.iter().enumerate() {
            let p = TaggedParagraph {
                anchor: format!("p{}", i + 1),
                text,
                tokens: tag_text(text, &LEX),
            };
            fs.extend(figures_in(&p, &LEX));
        }
        let text_of = |a: &str| paragraphs.get(a[1..].parse::<usize>().ok()? - 1).copied();
        mark_key_figures(&mut fs, paragraphs.len(), text_of, &LEX);
        let found = fs.iter().find(|f| f.text == figure);
        assert!(found.is_some(), "{figure} not found in {paragraphs:?}: {fs:?}");
        found.is_some_and(|f| f.key)
    }

    /// A handful of cases or incidents is news only when the clause says so (新增, 累计, 至此);
    /// rates are small by nature and stay eligible.
    #[test]
    fn small_counts_are_key_only_when_presented_as_news() {
        let cases: &[(&[&str], &str, bool)] = &[
            (&["某区1例确诊患者今日治愈出院，医护人员列队相送。"], "1例", false),
            (&["某区新增1例确诊病例，系外省返乡人员。"], "1例", true),
            (&["市纪委通报3起违纪问题，5名干部被问责。"], "3起", false),
            (&["截至目前，全市累计报告8例确诊病例。"], "8例", true),
            (&["至此，该县6例无症状感染者全部出院。"], "6例", true),
            (&["该县上半年地区生产总值同比增长5.2%。"], "5.2%", true),
            (&["某区新增12例确诊病例。", "其中一名患者已连续发热3天。"], "12例", true),
            // The part of a total is a detail even in a sentence about new cases.
            (&["全市新增5例确诊病例，其中2例为外省输入。"], "2例", false),
        ];
        for (paragraphs, figure, key) in cases {
            assert_eq!(is_key(paragraphs, figure), *key, "{figure} in {paragraphs:?}");
        }
    }

    /// A team, a ward, a delivery: counts below their category's `smallest` are colour.
    #[test]
    fn small_groups_of_people_and_things_are_colour() {
        let cases: &[(&[&str], &str, bool)] = &[
            (&["医院从各科室抽调医护人员30名支援急诊。"], "30名", false),
            (&["县里新增隔离床位40张。"], "40张", false),
            (&["全市累计招募志愿者3000名。"], "3000名", true),
            (&["全县累计转移安置群众1.2万人。"], "1.2万人", true),
            // Money and rates have no such floor.
            (&["某镇筹集救灾资金8万元。"], "8万元", true),
            (&["某区一季度税收同比增长3.5%。"], "3.5%", true),
        ];
        for (paragraphs, figure, key) in cases {
            assert_eq!(is_key(paragraphs, figure), *key, "{figure} in {paragraphs:?}");
        }
    }

    /// A smaller count of the same thing in the same unit as a figure picked is a breakdown of
    /// that headline: a different kind of figure takes the slot.
    #[test]
    fn parts_of_a_picked_figure_give_way() {
        let article: &[&str] = &[
            "国庆假期全市共接待游客2391.6万人次，实现旅游收入263.8亿元。",
            "全市景区累计接待游客1126.4万人次。",
            "全市铁路、公路、民航累计发送旅客1035.2万人次。",
            "全市星级酒店平均客房入住率达到87.5%。",
        ];
        assert!(is_key(article, "2391.6万人次"));
        assert!(!is_key(article, "1126.4万人次"));
        assert!(is_key(article, "1035.2万人次"));
    }

    /// Three or more figures of one category in one sentence (items parted by 、 or ；) are a
    /// list; the figures said on their own stay key.
    #[test]
    fn items_of_a_list_are_details() {
        let article: &[&str] = &[
            "某县连日降雨，全县累计转移群众8000人。",
            "县里当天调运帐篷600顶、棉被900件、饮用水2000箱。",
            "市财政下拨救灾资金500万元。",
        ];
        for (figure, key) in [("8000人", true), ("500万元", true), ("600顶", false), ("2000箱", false)] {
            assert_eq!(is_key(article, figure), key, "{figure}");
        }
        let breakdown: &[&str] = &[
            "某市上半年地区生产总值1200亿元，同比增长6%。",
            "其中，第一产业增加值90亿元；第二产业增加值480亿元；第三产业增加值630亿元。",
        ];
        assert!(is_key(breakdown, "1200亿元"));
        assert!(!is_key(breakdown, "630亿元"));
    }

    /// A part word (其中, 分产业看) makes the rest of its sentence details, across ；; the figure
    /// before it is the whole and no item of a list.
    #[test]
    fn parts_of_a_whole_are_details_to_the_end_of_their_sentence() {
        let cases: &[(&[&str], &str, bool)] = &[
            (
                &[
                    "某市疫情防控形势总体平稳。",
                    "各区加强社区管控。",
                    "全市新增确诊病例5例、无症状感染者20例。其中，2例确诊病例和17例无症状感染者为隔离人员。",
                ],
                "17例",
                false,
            ),
            (
                &[
                    "全省经济运行稳中向好。",
                    "各地加快项目建设。",
                    "上半年，全省规模以上工业增加值同比增长4.9%，其中6月份增长6.2%，比5月份加快1.1个百分点。",
                ],
                "4.9%",
                true,
            ),
            (
                &[
                    "全省经济运行稳中向好。",
                    "各地加快项目建设。",
                    "分产业看，第一产业增加值增长3.9%。",
                ],
                "3.9%",
                false,
            ),
            (
                &[
                    "全省经济运行稳中向好。",
                    "各地加快项目建设。",
                    "按常住地分，城镇居民收入增长4.6%；农村居民收入增长6.8%。",
                ],
                "6.8%",
                false,
            ),
            // A part word inside a later item of a ；-list heads no parts: the items after it
            // are the list's.
            (
                &[
                    "全市上下闻令而动。",
                    "各地加快复工复产。",
                    "全市4.6万余名党员投身一线；5600余名医护人员坚守岗位，37名医护人员分别支援外地；各地调运口罩300万只。",
                ],
                "300万只",
                true,
            ),
            // A clause after the parts says something new.
            (
                &[
                    "全市经济运行稳中向好。",
                    "各地加快项目建设。",
                    "截至目前，90%以上的企业已复工，其中规模以上工业企业全部复工，返岗员工3000人。",
                ],
                "3000人",
                true,
            ),
            // A part said after its whole in one sentence is the whole's detail.
            (
                &[
                    "全市财政运行总体平稳。",
                    "各部门严格执行预算。",
                    "去年全市一般公共预算收入完成312.6亿元，同比增长4.3%；其中税收收入198.4亿元，占比63.5%。",
                ],
                "198.4亿元",
                false,
            ),
        ];
        for (paragraphs, figure, key) in cases {
            assert_eq!(is_key(paragraphs, figure), *key, "{figure} in {paragraphs:?}");
        }
    }

    /// A count said again in another word for people (3人死亡, then 3名遇难者) adds nothing.
    #[test]
    fn a_toll_said_again_in_another_measure_word_is_no_second_key() {
        let story: &[&str] = &[
            "某化工企业发生火灾，已造成3人死亡、8人受伤。",
            "3名遇难者身份已经确认，8名伤者正在医院救治。",
        ];
        assert!(is_key(story, "3人"));
        assert!(!is_key(story, "3名"));
    }

    /// A rate said roughly (a goal, an estimate) ranks below the rates a story measures; a count
    /// said roughly does not (近800名 is how reporters headline a total).
    #[test]
    fn rough_rates_rank_below_measured_ones() {
        let story: &[&str] = &[
            "上半年，某市规模以上工业增加值同比增长6.1%。",
            "全年预期目标为增长6%左右。",
            "社会消费品零售总额增长5.2%，固定资产投资增长9%左右。",
            "进出口总额增长10%以上，居民人均可支配收入增长4.8%。",
        ];
        assert!(is_key(story, "6.1%"));
        assert!(is_key(story, "5.2%"));
        assert!(!is_key(story, "9%左右"));
        assert!(!is_key(story, "10%以上"));
        // Counts said roughly keep their place.
        let counts: &[&str] = &[
            "某市组织党员干部下沉社区。",
            "各地组建近800名党员干部先锋队，720名志愿者参与值守。",
        ];
        assert!(is_key(counts, "近800名"));
    }

    /// 近 before a span of time that ends in 内 or 来 means "the last", and 天内 is counted in 天;
    /// 一 that opens a range is a number.
    #[test]
    fn time_windows_and_ranges_from_one() {
        /// (text, value, upper, unit, qualifier) of the only figure.
        type Case<'a> = (&'a str, f64, Option<f64>, &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            ("近14天内有旅居史的人员", 14.0, None, "天", None),
            ("请在3天内完成检测", 3.0, None, "天", None),
            ("7日内完成检测", 7.0, None, "天", None),
            ("近3年来累计投入", 3.0, None, "年", None),
            ("近两个月以来", 2.0, None, "个月", None),
            ("历时近3年建成", 3.0, None, "年", Some("近")),
            ("判处一年至十年不等的有期徒刑", 1.0, Some(10.0), "年", None),
            ("每人一至三个月", 1.0, Some(3.0), "个月", None),
            // Neighbouring digits said together are a rough range, not one number.
            ("以前坐公交要一两个小时", 1.0, Some(2.0), "个小时", None),
            ("卖出皇菊四五十斤", 40.0, Some(50.0), "斤", None),
            ("现场聚集了两三万人", 20000.0, Some(30000.0), "人", None),
            ("三五天就能完成", 3.0, Some(5.0), "天", None),
            ("他走了七八个村子", 7.0, Some(8.0), "个", None),
            ("判处有期徒刑二年六个月", 30.0, None, "个月", None),
            ("项目历时3年8个月建成", 44.0, None, "个月", None),
            ("判处有期徒刑一年零三个月", 15.0, None, "个月", None),
            ("第二年六个月后", 6.0, None, "个月", None),
        ];
        for (text, value, upper, unit, qualifier) in cases {
            let found = figures(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            let f = &found[0];
            assert_eq!(
                (f.value, f.upper, f.unit.as_str(), f.qualifier.as_deref()),
                (*value, *upper, *unit, *qualifier),
                "{text}"
            );
        }
    }

    /// A change against a figure of its sentence (in percentage points after a rate, or in the
    /// unit of the figure before it, after 比 or 较) is a detail; a rate after a count is not.
    #[test]
    fn changes_against_a_figure_of_their_sentence_are_details() {
        let cases: &[(&str, &str, bool)] = &[
            (
                "某市地区生产总值同比增长5.2%，增速比上年提高1.6个百分点。",
                "1.6个百分点",
                false,
            ),
            ("全省存款余额6.28万亿元，比年初增加4568亿元。", "4568亿元", false),
            ("全省存款余额6.28万亿元，比年初增加4568亿元。", "6.28万亿元", true),
            ("全市新增确诊病例32例，较前一日增加15例。", "15例", false),
            ("医院接诊患者5.8万人次，较去年同期增长15%。", "15%", true),
            ("城镇调查失业率下降0.3个百分点。", "0.3个百分点", true),
            // 同比 compares with a period, not with the figure before: two rates, two headlines.
            ("游客人次同比增长12.3%，旅游收入同比增长15.7%。", "15.7%", true),
        ];
        for (text, figure, key) in cases {
            assert_eq!(is_key(&[text], figure), *key, "{figure} in {text}");
        }
    }

    /// An indicator's growth rate ranks with the levels of a bulletin: said without its level
    /// (工业增加值同比增长4.9%), it is the indicator's headline.
    #[test]
    fn growth_rates_rank_with_levels() {
        let article: &[&str] = &[
            "上半年全省地区生产总值1.56万亿元，同比增长4.1%。",
            "全省规模以上工业增加值同比增长4.9%。",
            "全省发电量802.7亿千瓦时，新增装机容量356万千瓦。",
        ];
        assert!(is_key(article, "4.9%"));
        assert!(!is_key(article, "802.7亿千瓦时"));
    }

    /// A change against a figure before it is that figure's detail, not one more item of a list:
    /// a lead sentence of levels, each with its change, is no list of three.
    #[test]
    fn changes_are_no_items_of_a_list() {
        let article: &[&str] = &[
            "全省夏粮播种面积8538.6万亩，比上年增加12.3万亩；夏粮总产量759.8亿斤，比上年增产34.7亿斤；平均亩产445公斤，每亩比上年增加18.6公斤。",
            "全省组织农技人员1.2万名。",
            "全省投入资金9.6亿元。",
        ];
        assert!(is_key(article, "759.8亿斤"));
    }

    /// A share of a whole (占…的11.9%) is a detail, though its clause names the whole (总数).
    #[test]
    fn a_share_of_a_whole_is_a_detail() {
        let article: &[&str] = &[
            "本届运动会共产生金牌486枚，参赛运动员8600余名。",
            "游泳项目共产生金牌58枚，占金牌总数的11.9%。",
            "全市接待游客46.8万人次，带动消费3.6亿元。",
        ];
        assert!(!is_key(article, "11.9%"));
        // And no item of a list: two rates and a share are no list of three.
        let article: &[&str] = &[
            "全市财政运行总体平稳。",
            "各部门严格执行预算。",
            "去年全市一般公共预算收入完成312.6亿元，同比增长4.3%，完成预算的101.2%，占全省的8.5%。",
        ];
        assert!(is_key(article, "4.3%"));
    }

    /// A rate in tenths (成) is a rate as a percentage is: 四成 is 40 %, not a handful.
    #[test]
    fn a_rate_in_tenths_ranks_as_a_percentage() {
        let article: &[&str] = &[
            "全省高考报名人数达68.3万人，创历史新高。",
            "各地做好考务工作。",
            "全省本科计划招生约22.5万名，本科录取率预计超过四成。",
        ];
        assert!(is_key(article, "超过四成"));
    }

    /// A figure after a distributive adverb (均, 都: `distributive.txt`) is said of each item of
    /// a list, a detail as a part is; 平均 and 人均 are no such adverb.
    #[test]
    fn figures_said_of_each_are_details() {
        let cases: &[(&str, &str, bool)] = &[
            ("浏阳市、宁乡市进出口均增长12.5%。", "12.5%", false),
            ("两地游客人数都增长12.5%。", "12.5%", false),
            ("全市居民人均可支配收入增长12.5%。", "12.5%", true),
            ("全市新建商品住宅平均价格增长12.5%。", "12.5%", true),
        ];
        for (text, figure, key) in cases {
            let article = ["全市经济运行平稳。", "各地加快发展。", text];
            assert_eq!(is_key(&article, figure), *key, "{text}");
        }
    }

    /// An amount per person or per mu (人均, 亩产: `per_unit.txt`) is a rate: its small size
    /// does not keep it from the digest, and 平均 before it (an average by nature) takes nothing
    /// off, as for 平均入住率.
    #[test]
    fn amounts_per_head_rank_as_rates() {
        let article: &[&str] = &[
            "全省生产总值1.56万亿元，同比增长4.1%。",
            "全省居民人均可支配收入17150元。",
            "全省发放消费券5000万元。",
        ];
        assert!(is_key(article, "17150元"));
        assert!(!is_key(article, "5000万元"));
        let occupancy: &[&str] = &[
            "全市接待游客2391.6万人次。",
            "全市实现旅游收入263.8亿元。",
            "星级酒店平均入住率87.5%。",
            "假期天气晴好。",
        ];
        assert!(is_key(occupancy, "87.5%"));
    }

    /// The toll of a disaster is its headline: the people affected outrank the supplies and the
    /// helpers sent, though all are counts of people or things said later in the story.
    #[test]
    fn a_disasters_toll_is_its_headline() {
        let article: &[&str] = &[
            "7月以来，我市遭遇多轮强降雨，全市平均降雨量达218毫米。",
            "各地累计投入救灾资金9.6亿元，调拨帐篷500顶、折叠床1200张、棉被3000床。",
            "据初步统计，强降雨造成受灾人口23.7万人，农作物受灾面积46.2万亩。",
            "全市组织1.2万名党员干部深入一线，转移安置群众1.6万人。",
            "目前，各地正在抓紧开展灾后重建。",
        ];
        assert!(is_key(article, "23.7万人"));
        assert!(!is_key(article, "1.2万名"));
    }

    /// A count of people right before a toll word (造成2人死亡、5人受伤) is the news of an accident,
    /// however small; the same small counts of the helpers are its colour.
    #[test]
    fn a_toll_said_after_its_count_is_key() {
        let article: &[&str] = &[
            "本报讯 1月14日凌晨，市区一居民楼发生火灾，造成2人死亡、5人受伤。",
            "消防部门调派18辆消防车、96名指战员赶赴现场，疏散群众37人。",
            "事故发生后，全市开展隐患排查，检查居民小区1,200个，整改隐患4,873处，投入资金300万元。",
            "据统计，全市今年共发生居民住宅火灾156起。",
        ];
        assert!(is_key(article, "2人"));
        assert!(is_key(article, "5人"));
        assert!(!is_key(article, "37人"));
        // A flood's dead and missing (失联) rank above its large counts of the people helped.
        let article: &[&str] = &[
            "本报讯 截至4日18时，山洪灾害已造成全县4.3万人受灾，2人死亡、3人失联，紧急转移群众1.26万人。",
            "全县组织党员干部1,600余人、民兵386人开展搜救，调派救援车辆230余台。",
            "各地累计安置受灾群众3,840人，发放救灾资金约6.8亿元。",
            "全县共抢通道路1,200余处，抢修电力线路约128公里。",
            "目前，各地正在抓紧开展灾后重建。",
        ];
        assert!(is_key(article, "2人"));
        assert!(is_key(article, "3人"));
    }

    /// A change under 1% is close to flat: of two rates otherwise alike, the larger is the
    /// headline.
    #[test]
    fn a_rate_under_one_percent_ranks_below_a_larger_one() {
        let text = "1—6月，全省固定资产投资同比增长4.2%，全省居民消费价格同比上涨0.1%。";
        let fs = figures(text);
        let score = |t: &str| {
            let f = fs.iter().find(|f| f.text == t).expect("figure");
            key_score(f, 3, 8, 1.0, false, false, &LEX).expect("eligible")
        };
        assert!(score("4.2%") > score("0.1%"));
    }

    /// The prison term is the news of a verdict, though a span of time is otherwise colour.
    #[test]
    fn a_prison_term_is_the_news_of_a_verdict() {
        let article: &[&str] = &[
            "市中级人民法院对一起诈骗案公开宣判，以诈骗罪判处被告人郑某有期徒刑十三年。",
            "法院审理查明，郑某等人骗取被害人钱款共计860万元，涉及被害人300余名。",
            "当天，法院向被害人返还资金86万元。",
            "该院今年已审结此类案件120件。",
        ];
        assert!(is_key(article, "十三年"));
    }

    #[test]
    fn a_digest_shows_one_figure_in_four_then_one_in_eight() {
        let cases: [(&[usize], usize); 15] = [
            (&[0], 3),
            (&[2], 3),
            (&[12], 3),
            (&[13], 4),
            (&[19], 5),
            (&[20], 5),
            (&[24], 6),
            (&[28], 6),
            (&[41], 8),
            (&[54], 8),
            (&[27, 27], 12),
            (&[50, 50], 16),
            // A feature and its sidebars: each story its own share, a small one one figure.
            (&[80, 10, 2, 2], 13),
            (&[2, 2], 3),
            (&[], 3),
        ];
        for (stories, budget) in cases {
            assert_eq!(key_budget(stories), budget, "{stories:?}");
        }
    }

    /// A change in percentage points compares two rates; the rate is the headline.
    #[test]
    fn percentage_points_rank_below_the_rate() {
        let text = "某市地区生产总值同比增长5.2%，增速比上年提高1.6个百分点。";
        let fs = figures(text);
        let score = |t: &str| {
            let f = fs.iter().find(|f| f.text == t).expect("figure found");
            key_score(f, 0, 1, 0.0, false, false, &LEX).expect("eligible")
        };
        assert!(score("5.2%") > score("1.6个百分点"));
    }

    /// With a budget of three, the count of volunteers is picked before a third sum of money,
    /// though that scores a little higher on its own.
    #[test]
    fn a_digest_mixes_categories() {
        let article: &[&str] = &[
            "全市今年投入防疫资金3.2亿元，累计发放补贴1.8亿元。",
            "市慈善总会累计募集捐款9000万元。",
            "全市累计招募志愿者50万名。",
        ];
        assert!(is_key(article, "50万名"));
        assert!(!is_key(article, "9000万元"));
    }

    #[test]
    fn key_figures_prefer_news_over_colour() {
        let mut fs = Vec::new();
        for (i, text) in [
            "7月29日新增报告2例确诊病例，累计检测核酸120万人次。",
            "护士小李今年25岁，穿了3层衣服。",
            "全市投入防疫资金3000万元。",
        ]
        .iter()
        .enumerate()
        {
            let p = TaggedParagraph {
                anchor: format!("p{}", i + 1),
                text,
                tokens: tag_text(text, &LEX),
            };
            fs.extend(figures_in(&p, &LEX));
        }
        let texts = [
            "7月29日新增报告2例确诊病例，累计检测核酸120万人次。",
            "护士小李今年25岁，穿了3层衣服。",
            "全市投入防疫资金3000万元。",
        ];
        mark_key_figures(
            &mut fs,
            3,
            |a| texts.get(a[1..].parse::<usize>().ok()? - 1).copied(),
            &LEX,
        );
        let key: Vec<&str> = fs.iter().filter(|f| f.key).map(|f| f.text.as_str()).collect();
        assert!(key.contains(&"2例"), "{key:?}");
        assert!(key.contains(&"120万人次"), "{key:?}");
        assert!(!key.iter().any(|k| k.contains('岁') || k.contains('层')), "{key:?}");
    }
}
