//! Markdown → HTML with pulldown-cmark, adding what it does not: heading ids that keep Chinese
//! characters, and ids `p1`, `p2`, … on top-level paragraphs so figures can link to their
//! sentence. Also reads a Markdown body back into blocks, numbered the same way.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::clean::{Block, BlockKind, CleanDoc};

/// One entry of an article's table of contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Renders a body to HTML; returns the HTML and the table of contents.
pub fn to_html(markdown: &str) -> (String, Vec<TocEntry>) {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut out = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut depth = 0usize;
    let mut paragraph = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id: None,
                classes,
                attrs,
            }) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map(|p| p + i)
                    .unwrap_or(i);
                let text = plain_text(&events[i + 1..end]);
                let id = unique_id(&heading_id(&text), &mut used);
                toc.push(TocEntry {
                    level: heading_number(*level),
                    id: id.clone(),
                    text,
                });
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                paragraph += 1;
                out.push(Event::Html(CowStr::from(format!("<p id=\"p{paragraph}\">"))));
                depth += 1;
            }
            Event::End(TagEnd::Paragraph) if depth == 1 => {
                out.push(Event::Html(CowStr::from("</p>\n")));
                depth -= 1;
            }
            e @ Event::Start(_) => {
                depth += 1;
                out.push(e.clone());
            }
            e @ Event::End(_) => {
                depth = depth.saturating_sub(1);
                out.push(e.clone());
            }
            e => out.push(e.clone()),
        }
        i += 1;
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    (html, toc)
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

/// A heading id that keeps Chinese characters (browsers show them in the address bar):
/// letters, digits and CJK kept, runs of anything else become one `-`.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

fn unique_id(base: &str, used: &mut std::collections::HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Reads a Markdown body into blocks: top-level headings and paragraphs, numbered as
/// [`to_html`] numbers them, so a hand-written article gets figures with working anchors.
pub fn to_doc(markdown: &str) -> CleanDoc {
    let mut doc = CleanDoc::default();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut depth = 0usize;
    let mut current: Option<(BlockKind, String, usize)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                let kind = if level <= HeadingLevel::H2 {
                    BlockKind::Heading
                } else {
                    BlockKind::SubHeading
                };
                current = Some((kind, String::new(), line_of(range.start)));
                depth += 1;
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                current = Some((BlockKind::Paragraph, String::new(), line_of(range.start)));
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some((kind, text, line)) = current.take()
                {
                    doc.blocks.push(Block { kind, text, line });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text, _)) = current.as_mut() {
                    // A line break inside Chinese text is not a space.
                    if text.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) {
                        text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_chinese_ids_and_paragraphs_get_numbers() {
        let (html, toc) = to_html("## 快速响应\n\n第一段。\n\n> 引文\n\n第二段。\n\n## 快速响应\n");
        assert!(html.contains("<h2 id=\"快速响应\">"), "{html}");
        assert!(html.contains("<h2 id=\"快速响应-1\">"), "{html}");
        assert!(html.contains("<p id=\"p1\">第一段。</p>"), "{html}");
        assert!(html.contains("<p id=\"p2\">第二段。</p>"), "{html}");
        assert!(!html.contains("p3"));
        assert_eq!(toc.len(), 2);
    }

    #[test]
    fn heading_ids_drop_punctuation() {
        assert_eq!(
            heading_id("1 “六个全力”，织牢 Safety Net"),
            "1-六个全力-织牢-safety-net"
        );
        assert_eq!(heading_id("！！"), "section");
    }

    #[test]
    fn markdown_reads_back_into_numbered_blocks() {
        let doc = to_doc("## 标题\n\n第一段\n接着。\n\n> 引文\n\n第二段。\n");
        let paragraphs: Vec<_> = doc.paragraphs().map(|(a, b)| (a, b.text.clone())).collect();
        assert_eq!(
            paragraphs,
            vec![("p1".into(), "第一段接着。".into()), ("p2".into(), "第二段。".into())]
        );
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading);
        assert_eq!(doc.blocks[2].line, 8);
    }
}
