//! The `Article`: YAML front matter plus a Markdown body. This is the one contract between the
//! "understanding text" half of the pipeline (load, clean, extract) and the "publishing" half
//! (site, render, output). A hand-written `.md` file enters the pipeline here.

use serde::{Deserialize, Serialize, Serializer};

/// One article, ready to publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Everything the site knows about the article; serialised as the Markdown's front matter.
    pub front: FrontMatter,
    /// The cleaned body as CommonMark. Its N-th paragraph has the anchor `pN`.
    pub body: String,
    /// Path of the content file this article came from, relative to the content folder,
    /// with `/` separators (so it is the same on every platform).
    pub source_path: String,
    /// Word frequencies of the body (jieba words that pass the keyword filter), kept so the site
    /// stage can pick keywords with IDF computed over the site's own articles. Not published.
    #[serde(skip)]
    pub terms: Vec<(String, u32)>,
    /// Front matter fields set by hand (sidecar or `.md` front matter); extraction never
    /// overrides them. Not published.
    #[serde(skip)]
    pub fixed: Vec<String>,
}

/// The article's front matter. Every field is documented in `docs/front-matter.md`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// True when the text had no headline and `title` is its first sentence.
    #[serde(skip_serializing_if = "is_false")]
    pub title_inferred: bool,
    /// URL-safe slug; default is the content file's stem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Publication date, `YYYY-MM-DD` (see [`DateValue`] for the accepted forms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// True when `date` was not stated (sidecar, masthead, dateline) but inferred from the text.
    #[serde(skip_serializing_if = "is_false")]
    pub date_inferred: bool,
    /// The publication (newspaper, site) the article came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub authors: Vec<String>,
    pub places: Vec<String>,
    pub persons: Vec<String>,
    pub organizations: Vec<String>,
    pub keywords: Vec<String>,
    pub summary: String,
    /// Length of the body in Chinese characters (Han ideographs), and reading time in minutes
    /// at about 400 characters a minute.
    pub chars: usize,
    pub reading_minutes: usize,
    pub figures: Vec<Figure>,
    pub events: Vec<Event>,
    /// When the article is one story of a page that held several: the page's slug and title,
    /// and this story's position (1-based) on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageRef>,
    pub quality: Quality,
}

/// Link from a story back to the page it was split from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageRef {
    pub slug: String,
    pub title: String,
    pub part: usize,
    pub parts: usize,
}

/// A number from the text with what it counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Figure {
    /// The number, with 万/亿 multiplied out and money in 元. Written as an integer when whole.
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    /// Upper end of a range (`20岁至80岁` → value 20, upper 80), with the same scaling as `value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// Unit or measure word as printed (元 after money normalisation): 例, 名, 元, %, 个百分点 …
    pub unit: String,
    /// 余 多 近 约 超过 逾 以上 左右 不到 上百 …, or absent.
    pub qualifier: Option<String>,
    /// What is counted: 党员干部, 四类人员 …
    pub subject: Option<String>,
    /// cases people money testing supplies economy facilities duration results other
    pub category: String,
    /// Date of the clause the figure is in, when it gives one.
    pub date: Option<String>,
    /// The exact words the figure came from: a substring of its paragraph's text.
    pub text: String,
    /// Id of the paragraph in the rendered page (`p12`).
    pub anchor: String,
    /// A headline figure for the digest.
    pub key: bool,
}

/// A dated clause, for the site timeline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// `YYYY-MM-DD`, `YYYY-MM`, or `--MM-DD` when the year could not be known.
    pub date: String,
    pub end: Option<String>,
    pub text: String,
    pub anchor: String,
}

/// What cleaning did to the text, so nothing is silently lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quality {
    pub removed: Vec<Removal>,
    pub warnings: Vec<String>,
    /// Paragraph anchors whose column order looks scrambled (the page shows a notice).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scrambled: Vec<String>,
}

/// One thing the cleaner removed, with why and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// duplicate, near-duplicate, boilerplate, masthead, fragment, byline, dateline, …
    pub kind: String,
    pub text: String,
    /// 1-based line in the source file.
    pub line: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Writes whole numbers as integers (`800`, not `800.0`) so front matter reads naturally.
pub fn serialize_number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

/// A calendar date as used in front matter: year may be unknown, day may be absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateValue {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl DateValue {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` and `--MM-DD`.
    pub fn parse(s: &str) -> Option<DateValue> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("--") {
            let (m, d) = rest.split_once('-')?;
            return Some(DateValue {
                year: None,
                month: m.parse().ok()?,
                day: Some(d.parse().ok()?),
            })
            .filter(DateValue::is_valid);
        }
        let mut parts = s.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = match parts.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        Some(DateValue {
            year: Some(year),
            month,
            day,
        })
        .filter(DateValue::is_valid)
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month) && self.day.is_none_or(|d| (1..=31).contains(&d))
    }

    /// Chinese form for labels: `2021年7月29日`, or `7月29日` without the year.
    pub fn to_chinese(&self, with_year: bool) -> String {
        let mut out = String::new();
        if let (true, Some(y)) = (with_year, self.year) {
            out.push_str(&format!("{y}年"));
        }
        out.push_str(&format!("{}月", self.month));
        if let Some(d) = self.day {
            out.push_str(&format!("{d}日"));
        }
        out
    }
}

impl std::fmt::Display for DateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.year, self.day) {
            (Some(y), Some(d)) => write!(f, "{y:04}-{:02}-{d:02}", self.month),
            (Some(y), None) => write!(f, "{y:04}-{:02}", self.month),
            (None, Some(d)) => write!(f, "--{:02}-{d:02}", self.month),
            (None, None) => write!(f, "--{:02}", self.month),
        }
    }
}

// Calendar arithmetic (day numbers for chart axes, weekdays for year inference) is these two
// functions, Howard Hinnant's civil-date algorithms; one shared copy serves the extract and
// chart stages, which is less than a calendar crate would add for the same two conversions.
/// Days since 1970-01-01 of a full date (proleptic Gregorian calendar).
pub fn day_number(year: i32, month: u32, day: u32) -> i64 {
    // Howard Hinnant's days_from_civil.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number: (year, month, day).
pub fn civil_date(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// Counts Han ideographs: the unit of length and reading time for Chinese text.
///
/// By lead bytes rather than by decoding every character (this reads every character of every
/// article): a three-byte ideograph is told by its first two bytes, in a loop the compiler
/// vectorises, and only the supplementary planes (lead F0) are decoded.
pub fn count_chinese_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    // A three-byte character is told Han by its first two bytes: E4 to E9 are U+4000 to U+9FFF,
    // all Han but the hexagrams U+4DC0 to U+4DFF (E4 B7); E3 90 and up is U+3400 to U+3FFF, EF A4
    // to EF AB the compatibility ideographs U+F900 to U+FAFF. Each byte is read with the next, in
    // byte-sized sums of 240 pairs: byte lanes are what vectorises well, and 240 (not 255) is a
    // multiple of the 16 lanes, which leaves no pair to a loop of one at a time. (A search for E3
    // and EF instead stopped at every 。 and ，, and cost more than the count.)
    let (firsts, seconds) = (
        &bytes[..bytes.len().saturating_sub(1)],
        bytes.get(1..).unwrap_or_default(),
    );
    let leads = firsts.chunks(240).zip(seconds.chunks(240));
    let three_byte: usize = leads
        .map(|(firsts, seconds)| {
            let han = firsts.iter().zip(seconds).fold(0u8, |n, (&b0, &b1)| {
                let common = (b0.wrapping_sub(0xe4) < 6) & !((b0 == 0xe4) & (b1 == 0xb7));
                let rare = ((b0 == 0xe3) & (b1 >= 0x90)) | ((b0 == 0xef) & (b1.wrapping_sub(0xa4) < 8));
                n + u8::from(common | rare)
            });
            usize::from(han)
        })
        .sum();
    // The supplementary ideographs (U+20000 to U+2FA1F) are four bytes long and rare.
    let four_byte = memchr::memchr_iter(0xf0, bytes)
        .filter(|&i| text[i..].chars().next().is_some_and(is_han))
        .count();
    three_byte + four_byte
}

/// Reading time in minutes at about 400 Chinese characters a minute; at least one minute.
pub fn reading_minutes(chars: usize) -> usize {
    chars.div_ceil(400).max(1)
}

/// True for CJK unified ideographs (the basic block and extension A) and compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

impl Article {
    /// The Markdown file as published: `---` YAML front matter `---` then the body.
    pub fn to_markdown(&self) -> Result<String, serde_yaml::Error> {
        let yaml = serde_yaml::to_string(&self.front)?;
        Ok(format!("---\n{yaml}---\n\n{}\n", self.body.trim_end()))
    }
}

/// Splits a Markdown text into its YAML front matter (between `---` lines at the very top) and
/// body. Returns `None` for the front matter when there is none.
pub fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = t.strip_prefix("---\n").or_else(|| t.strip_prefix("---\r\n")) else {
        return (None, t);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (Some(yaml), body);
        }
        offset += line.len();
    }
    (None, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_print() {
        for (input, chinese) in [
            ("2021-07-29", "2021年7月29日"),
            ("2022-11", "2022年11月"),
            ("--08-07", "8月7日"),
        ] {
            let d = DateValue::parse(input).unwrap();
            assert_eq!(d.to_string(), input);
            assert_eq!(d.to_chinese(true), chinese);
        }
        assert_eq!(DateValue::parse("2021-13-01"), None);
        assert_eq!(DateValue::parse("七月"), None);
    }

    #[test]
    fn chinese_characters_are_counted_not_words() {
        assert_eq!(count_chinese_chars("核酸检测 2861 人，N95口罩"), 7);
        // Each block's first and last ideograph, and the characters just outside them.
        let edges = "\u{33FF}\u{3400}\u{4DBF}\u{4DC0}\u{4DFF}\u{4E00}\u{9FFF}\u{A000}\u{F8FF}\u{F900}\u{FAFF}\u{FB00}\u{1FFFF}\u{20000}\u{2FA1F}\u{2FA20}";
        assert_eq!(count_chinese_chars(edges), 8);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(401), 2);
    }

    proptest::proptest! {
        /// Counting by lead byte counts what decoding every character counts.
        #[test]
        fn counting_by_lead_byte_agrees_with_decoding(text in "(\\PC|[\u{3300}-\u{4FFF}\u{F800}-\u{FBFF}\u{2FA00}-\u{2FA2F}]){0,40}") {
            proptest::prop_assert_eq!(count_chinese_chars(&text), text.chars().filter(|&c| is_han(c)).count());
        }

        /// The same over long texts (the pairs are summed 240 at a time) made of the characters
        /// at and just outside the edges of each block, and punctuation that shares their lead.
        #[test]
        fn counting_by_lead_byte_agrees_at_block_edges(
            text in "[\u{33FF}\u{3400}\u{4DBF}\u{4DC0}\u{4DFF}\u{4E00}\u{9FFF}\u{A000}\u{F8FF}\u{F900}\u{FAFF}\u{FB00}\u{1FFFF}\u{20000}\u{2FA1F}\u{2FA20}，。a]{0,400}"
        ) {
            proptest::prop_assert_eq!(count_chinese_chars(&text), text.chars().filter(|&c| is_han(c)).count());
        }
    }

    #[test]
    fn whole_values_serialise_as_integers() {
        let f = Figure {
            value: 800.0,
            ..Default::default()
        };
        let y = serde_yaml::to_string(&f).unwrap();
        assert!(y.contains("value: 800\n"), "{y}");
        let f = Figure {
            value: 8.3,
            ..Default::default()
        };
        assert!(serde_yaml::to_string(&f).unwrap().contains("value: 8.3\n"));
    }

    #[test]
    fn front_matter_is_split_from_body() {
        let (fm, body) = split_front_matter("---\ntitle: 标题\n---\n正文\n");
        assert_eq!(fm, Some("title: 标题\n"));
        assert_eq!(body, "正文\n");
        assert_eq!(split_front_matter("正文"), (None, "正文"));
        assert_eq!(split_front_matter("---\nno end"), (None, "---\nno end"));
    }
}

/// Sets front matter fields from a mapping (a sidecar, or a `.md` file's own front matter).
/// These fields were chosen by a person, so they win over extraction and are remembered in
/// `fixed`.
pub fn apply_overrides(article: &mut Article, fields: &serde_yaml::Mapping) -> Result<(), serde_yaml::Error> {
    if fields.is_empty() {
        return Ok(());
    }
    let mut value = serde_yaml::to_value(&article.front)?;
    if let serde_yaml::Value::Mapping(map) = &mut value {
        for (k, v) in fields {
            map.insert(k.clone(), v.clone());
            if let Some(name) = k.as_str() {
                article.fixed.push(name.to_string());
            }
        }
    }
    article.front = serde_yaml::from_value(value)?;
    if fields.contains_key("title") {
        article.front.title_inferred = fields.get("title_inferred").and_then(|v| v.as_bool()).unwrap_or(false);
    }
    if fields.contains_key("date") {
        article.front.date_inferred = fields.get("date_inferred").and_then(|v| v.as_bool()).unwrap_or(false);
    }
    // A YAML date such as 2021-08-20 is a string to us; normalise 2021-8-20 as well.
    if let Some(d) = article.front.date.as_deref().and_then(DateValue::parse) {
        article.front.date = Some(d.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod override_tests {
    use super::*;

    #[test]
    fn overrides_win_and_are_remembered() {
        let mut a = Article {
            front: FrontMatter {
                title: "抽取的标题".into(),
                date: Some("2021-01-01".into()),
                date_inferred: true,
                ..Default::default()
            },
            body: String::new(),
            source_path: "x.txt".into(),
            terms: vec![],
            fixed: vec![],
        };
        let fields: serde_yaml::Mapping =
            serde_yaml::from_str("title: 编辑的标题\ndate: 2021-8-20\nauthors: [李逸峰]\n").unwrap();
        apply_overrides(&mut a, &fields).unwrap();
        assert_eq!(a.front.title, "编辑的标题");
        assert_eq!(a.front.date.as_deref(), Some("2021-08-20"));
        assert!(!a.front.date_inferred);
        assert_eq!(a.front.authors, vec!["李逸峰"]);
        assert_eq!(a.fixed, vec!["title", "date", "authors"]);
    }
}
