//! Clean stage: raw scraped or OCR'd text → classified blocks, with every removal recorded.

use serde::{Deserialize, Serialize};

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
}

/// Options that change what the cleaner does.
#[derive(Debug, Clone, Default)]
pub struct CleanOptions {
    /// Extra page-furniture patterns from `site.yaml` (whole-line regular expressions).
    pub boilerplate: Vec<regex::Regex>,
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

/// Cleans one raw source into classified blocks.
pub fn clean(source: &Source, _options: &CleanOptions) -> CleanDoc {
    let mut doc = CleanDoc {
        warnings: source.warnings.clone(),
        ..Default::default()
    };
    let mut seen = std::collections::HashSet::new();
    for (i, raw) in source.text.lines().enumerate() {
        let line = i + 1;
        let text = normalize(raw);
        if text.is_empty() {
            continue;
        }
        if !seen.insert(text.clone()) {
            doc.removed.push(Removal {
                kind: "duplicate".into(),
                text,
                line,
            });
            continue;
        }
        let kind = if doc.blocks.is_empty() && looks_like_heading(&text) {
            BlockKind::Title
        } else if looks_like_heading(&text) {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        if kind == BlockKind::Title {
            doc.meta.title = Some(text.clone());
        }
        doc.blocks.push(Block { kind, text, line });
    }
    doc
}

/// Full-width ASCII to half-width, odd spaces and invisible characters out, ends trimmed.
pub fn normalize(line: &str) -> String {
    line.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' if !"，；：？！（）".contains(c) => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' | '\u{00A0}' => Some(' '),
            '\u{200B}'..='\u{200D}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn looks_like_heading(text: &str) -> bool {
    let n = text.chars().count();
    (4..=30).contains(&n) && !text.ends_with(['。', '！', '？', '；', '，', '…', '”', '：'])
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
    fn normalizes_full_width_characters() {
        assert_eq!(normalize("１０９万元，８．３％\u{200B}"), "109万元，8.3%");
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(escape_markdown("#1 *重要* [注]"), "\\#1 \\*重要\\* \\[注\\]");
        assert_eq!(escape_markdown("1. 第一"), "1\\. 第一");
    }
}
