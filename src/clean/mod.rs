//! Clean stage: raw scraped or OCR'd text → classified blocks, with every removal recorded.

use serde::{Deserialize, Serialize};

mod classify;
mod dedup;
mod normalize;
mod stories;
mod structure;

pub use normalize::{fix_punctuation, fix_spaces, normalize_chars, pair_quotes};
pub use stories::split_stories;

use crate::article::Removal;
use crate::load::Source;

/// What a block of the cleaned text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// The story's headline.
    Title,
    /// A deck or lead marker (`【核心阅读】`) or a standfirst.
    Lead,
    /// A section heading (`##`).
    Heading,
    /// A sub-heading under a section heading (`###`).
    SubHeading,
    /// Body text, numbered `p1`, `p2`… for anchors.
    Paragraph,
    /// A photo caption or credit line.
    Caption,
}

/// One block of cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// 1-based line of the source where the block starts.
    pub line: usize,
}

/// Facts the cleaner read off the page furniture (masthead, byline, dateline).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The publication named in the masthead or dateline.
    pub source: Option<String>,
    /// Publication date from the masthead or dateline, `YYYY-MM-DD` or `--MM-DD`.
    pub date: Option<String>,
}

/// The cleaner's output: classified blocks, what was removed, and warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CleanDoc {
    pub meta: DocMeta,
    pub blocks: Vec<Block>,
    pub removed: Vec<Removal>,
    pub warnings: Vec<String>,
    /// Anchors (`pN`) of paragraphs whose column order looks scrambled.
    pub scrambled: Vec<String>,
    /// Every byline and dateline, by source line, so a split page gives each story its own.
    #[serde(default)]
    pub credits: Vec<Credit>,
}

/// Who and where a byline or dateline credits, and the line it was on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    pub line: usize,
    pub authors: Vec<String>,
    pub source: Option<String>,
    /// `--MM-DD` from a dateline.
    pub date: Option<String>,
}

/// Options that change what the cleaner does.
#[derive(Debug, Clone, Default)]
pub struct CleanOptions {
    /// Extra page-furniture patterns from `site.yaml` (whole-line regular expressions).
    pub boilerplate: Vec<regex::Regex>,
}

impl CleanOptions {
    /// Options with the site's extra boilerplate patterns, each matched against a whole line.
    pub fn with_boilerplate(patterns: &[String]) -> Result<CleanOptions, regex::Error> {
        let boilerplate = patterns
            .iter()
            .map(|p| regex::Regex::new(&format!("^(?:{p})$")))
            .collect::<Result<_, _>>()?;
        Ok(CleanOptions { boilerplate })
    }
}

impl CleanDoc {
    /// The paragraphs with their anchors (`p1`, `p2`, …), in order. The same numbering is used
    /// when the body is rendered, so figures and events can link to their sentence.
    pub fn paragraphs(&self) -> impl Iterator<Item = (String, &Block)> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .enumerate()
            .map(|(i, b)| (format!("p{}", i + 1), b))
    }

    /// The body as CommonMark: headings as `##`/`###`, the lead as a block quote, captions as
    /// `<p class="caption">` (so they are not numbered as paragraphs), paragraphs escaped.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            let text = escape_markdown(&block.text);
            let piece = match block.kind {
                BlockKind::Title => continue,
                BlockKind::Lead => format!("> {text}"),
                BlockKind::Heading => format!("## {text}"),
                BlockKind::SubHeading => format!("### {text}"),
                BlockKind::Paragraph => text,
                BlockKind::Caption => format!("<p class=\"caption\">{}</p>", escape_html(&block.text)),
            };
            out.push_str(&piece);
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

/// Escapes characters that CommonMark would read as syntax, so the text renders as printed.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // "1. " or "1) " at the start would start an ordered list.
    if let Some(pos) = out.find(['.', ')'])
        && pos > 0
        && out[..pos].bytes().all(|b| b.is_ascii_digit())
        && out[pos + 1..].starts_with(' ')
    {
        out.insert(pos, '\\');
    }
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Cleans one raw source into classified blocks: normalise characters and punctuation, rejoin
/// broken lines, classify, move bylines and datelines to metadata, drop furniture and repeats,
/// flag scrambled columns. Never panics; every Han character of the input ends up in a block,
/// in `meta`, or in `removed`.
pub fn clean(source: &Source, options: &CleanOptions) -> CleanDoc {
    let structured = structure::structure(&source.text, &options.boilerplate);
    let mut removed = structured.removed;
    let blocks = dedup::drop_repeats(structured.blocks, &mut removed);
    removed.sort_by_key(|r| r.line);
    let mut doc = CleanDoc {
        meta: structured.meta,
        blocks,
        removed,
        warnings: source.warnings.clone(),
        scrambled: Vec::new(),
        credits: structured.credits,
    };
    flag_scrambled(&mut doc);
    doc
}

/// Start of the warning that names scrambled paragraphs; recomputed when a page is split.
const SCRAMBLED_WARNING: &str = "column order looks scrambled in";

/// Paragraphs that stop mid-clause with nothing to continue them, or start mid-clause: the
/// columns were read in the wrong order there. Rejoining what is adjacent was already done;
/// moving text across the page is not safe, so these are flagged, not repaired.
fn flag_scrambled(doc: &mut CleanDoc) {
    doc.warnings.retain(|w| !w.starts_with(SCRAMBLED_WARNING));
    doc.scrambled = doc
        .paragraphs()
        .filter(|(_, b)| {
            let long = b.text.chars().count() >= 20;
            (long && !classify::ends_sentence(&b.text)) || classify::starts_mid_sentence(&b.text)
        })
        .map(|(anchor, _)| anchor)
        .collect();
    if !doc.scrambled.is_empty() {
        doc.warnings
            .push(format!("{SCRAMBLED_WARNING} {}", doc.scrambled.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Sidecar, SourceKind};

    fn source(text: &str) -> Source {
        Source {
            path: "t.txt".into(),
            kind: SourceKind::Raw,
            text: text.into(),
            encoding: "UTF-8",
            sidecar: Sidecar::default(),
            warnings: vec![],
        }
    }

    #[test]
    fn duplicates_are_removed_and_recorded() {
        let doc = clean(
            &source("标题在这里啊\n\n第一段文字。\n第一段文字。\n"),
            &CleanOptions::default(),
        );
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.removed[0].kind, "duplicate");
        assert_eq!(doc.removed[0].line, 4);
    }


    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(escape_markdown("#1 *重要* [注]"), "\\#1 \\*重要\\* \\[注\\]");
        assert_eq!(escape_markdown("1. 第一"), "1\\. 第一");
    }
}
