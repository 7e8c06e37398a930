//! Extract stage: figures, dates and events, places, people, organisations, keywords and a
//! summary, each traceable to its paragraph.

use std::collections::{BTreeMap, HashMap};

use jieba_rs::{Jieba, KeywordExtract, TfIdf};
use regex::Regex;

use crate::article::{self, Article, DateValue, Event, Figure, FrontMatter, Quality};
use crate::clean::{BlockKind, CleanDoc};
use crate::config::Extensions;

/// The knowledge the extractor uses: the jieba dictionary and our tables. Loading it costs
/// about 0.1 s in release, so a build loads one and shares it across threads.
pub struct Lexicon {
    pub jieba: Jieba,
    pub tfidf: TfIdf,
    /// Unit or measure word → default category, longest first when matching.
    pub units: BTreeMap<String, String>,
    figure_re: Regex,
    date_re: Regex,
}

/// What the extractor needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ExtractContext {
    /// `default_year` from site.yaml.
    pub default_year: Option<i32>,
    /// Publication date fixed by a sidecar or front matter.
    pub known_date: Option<String>,
}

impl Lexicon {
    /// Loads the dictionary and the built-in tables, merged with the site's extensions.
    pub fn new(ext: &Extensions) -> Lexicon {
        let mut units: BTreeMap<String, String> = include_str!("units.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(u, c)| (u.trim().to_string(), c.trim().to_string()))
            .collect();
        units.extend(ext.units.clone());
        let mut alternatives: Vec<&String> = units.keys().collect();
        alternatives.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
        let alt = alternatives
            .iter()
            .map(|u| regex::escape(u))
            .collect::<Vec<_>>()
            .join("|");
        let figure_re = Regex::new(&format!(
            r"(约|近|超过|逾|不到)?(\d+(?:[,，]\d{{3}})*(?:\.\d+)?)(万|亿)?(余|多)?({alt})"
        ))
        .expect("unit table builds a valid regex");
        let date_re = Regex::new(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日").expect("valid date regex");
        Lexicon {
            jieba: Jieba::new(),
            tfidf: TfIdf::default(),
            units,
            figure_re,
            date_re,
        }
    }
}

/// Turns a cleaned document into an article: front matter from the text, body as Markdown.
pub fn extract(doc: &CleanDoc, lex: &Lexicon, ctx: &ExtractContext) -> Article {
    let mut front = FrontMatter {
        title: doc.meta.title.clone().unwrap_or_default(),
        authors: doc.meta.authors.clone(),
        source: doc.meta.source.clone(),
        quality: Quality {
            removed: doc.removed.clone(),
            warnings: doc.warnings.clone(),
            scrambled: doc.scrambled.clone(),
        },
        ..Default::default()
    };
    let year = ctx
        .known_date
        .as_deref()
        .or(doc.meta.date.as_deref())
        .and_then(DateValue::parse)
        .and_then(|d| d.year)
        .or(ctx.default_year);
    let mut body_text = String::new();
    for (anchor, block) in doc.paragraphs() {
        body_text.push_str(&block.text);
        body_text.push('\n');
        front.figures.extend(figures_in(&block.text, &anchor, lex));
        front.events.extend(events_in(&block.text, &anchor, year, lex));
    }
    front.date = ctx.known_date.clone().or_else(|| doc.meta.date.clone());
    if front.date.is_none()
        && let Some(latest) = front
            .events
            .iter()
            .filter_map(|e| DateValue::parse(&e.date))
            .filter(|d| d.year.is_some())
            .max()
    {
        front.date = Some(latest.to_string());
        front.date_inferred = true;
    }
    for f in front.figures.iter_mut().take(3) {
        f.key = true;
    }
    let tags = lex.jieba.tag(&body_text, true);
    let mut seen = std::collections::HashSet::new();
    for t in &tags {
        let list = match t.tag {
            "ns" => &mut front.places,
            "nr" => &mut front.persons,
            "nt" => &mut front.organizations,
            _ => continue,
        };
        if t.word.chars().count() >= 2 && seen.insert(t.word.to_string()) {
            list.push(t.word.to_string());
        }
    }
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for t in &tags {
        if t.word.chars().count() >= 2 && t.tag.starts_with('n') {
            *counts.entry(t.word).or_default() += 1;
        }
    }
    let mut terms: Vec<(String, u32)> = counts.into_iter().map(|(w, c)| (w.to_string(), c)).collect();
    terms.sort();
    let allowed = ["n", "nz", "vn", "ns", "nt"].iter().map(|s| s.to_string()).collect();
    front.keywords = lex
        .tfidf
        .extract_keywords(&lex.jieba, &body_text, 8, allowed)
        .into_iter()
        .map(|k| k.keyword)
        .collect();
    front.summary = summary_of(doc);
    front.chars = article::count_chinese_chars(&body_text);
    front.reading_minutes = article::reading_minutes(front.chars);
    Article {
        front,
        body: doc.to_markdown(),
        source_path: String::new(),
        terms,
        fixed: Vec::new(),
    }
}

fn figures_in(text: &str, anchor: &str, lex: &Lexicon) -> Vec<Figure> {
    lex.figure_re
        .captures_iter(text)
        .filter_map(|c| {
            let mut value: f64 = c[2].replace([',', '，'], "").parse().ok()?;
            match c.get(3).map(|m| m.as_str()) {
                Some("万") => value *= 1e4,
                Some("亿") => value *= 1e8,
                _ => {}
            }
            let unit = c[5].to_string();
            let qualifier = c.get(1).or(c.get(4)).map(|m| m.as_str().to_string());
            Some(Figure {
                value,
                category: lex.units.get(&unit).cloned().unwrap_or_else(|| "other".into()),
                unit,
                qualifier,
                subject: None,
                date: None,
                text: c[0].to_string(),
                anchor: anchor.to_string(),
                key: false,
            })
        })
        .collect()
}

fn events_in(text: &str, anchor: &str, year: Option<i32>, lex: &Lexicon) -> Vec<Event> {
    lex.date_re
        .captures_iter(text)
        .filter_map(|c| {
            let y = c.get(1).and_then(|m| m.as_str().parse().ok()).or(year);
            let date = DateValue {
                year: y,
                month: c[2].parse().ok()?,
                day: Some(c[3].parse().ok()?),
            };
            let clause = sentence_around(text, c.get(0)?.start());
            Some(Event {
                date: DateValue::parse(&date.to_string())?.to_string(),
                end: None,
                text: clause.to_string(),
                anchor: anchor.into(),
            })
        })
        .collect()
}

/// The sentence (up to 。！？；) that contains byte offset `at`.
fn sentence_around(text: &str, at: usize) -> &str {
    let start = text[..at]
        .rfind(['。', '！', '？', '；'])
        .map(|i| i + '。'.len_utf8())
        .unwrap_or(0);
    let end = text[at..]
        .find(['。', '！', '？', '；'])
        .map(|i| at + i)
        .unwrap_or(text.len());
    &text[start..end]
}

fn summary_of(doc: &CleanDoc) -> String {
    let first = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph && b.text.chars().count() > 20);
    first
        .map(|b| sentence_around(&b.text, 0).to_string() + "。")
        .unwrap_or_default()
}
