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
    let mut heading_open: Option<String> = None;
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
                heading_open = Some(id.clone());
                depth += 1;
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
            Event::End(TagEnd::Heading(_)) if heading_open.is_some() => {
                // A visible link to the heading itself, so a reader can copy a section's address.
                if let Some(id) = heading_open.take() {
                    out.push(Event::Html(CowStr::from(format!(
                        "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"本节链接\">#</a>"
                    ))));
                }
                depth = depth.saturating_sub(1);
                out.push(events[i].clone());
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

/// A figure to mark in the rendered body: the words it came from, in paragraph `anchor`.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureMark<'a> {
    pub anchor: &'a str,
    pub text: &'a str,
    /// Id of the `<mark>` element, the target figure links point to.
    pub id: String,
}

/// Wraps each figure's words in its paragraph in `<mark id=…>`, so a link to the figure lands
/// on (and `:target` CSS highlights) the exact words, with or without JavaScript. Returns the
/// HTML and, per figure, whether it was marked: words that cannot be found (or that overlap a
/// figure marked before them) stay plain, and links fall back to the paragraph.
pub fn mark_figures(html: &str, marks: &[FigureMark]) -> (String, Vec<bool>) {
    // (byte position, text to insert), applied back to front so positions stay valid.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut found = Vec::with_capacity(marks.len());
    for mark in marks {
        let needle = escape_html_text(mark.text);
        let hit = paragraph_range(html, mark.anchor).and_then(|(start, end)| {
            text_runs(html, start, end)
                .into_iter()
                .find_map(|(run_start, run_end)| {
                    html[run_start..run_end]
                        .match_indices(needle.as_str())
                        .map(|(i, _)| (run_start + i, run_start + i + needle.len()))
                        .find(|&(a, b)| !needle.is_empty() && taken.iter().all(|&(x, y)| b <= x || a >= y))
                })
        });
        if let Some((a, b)) = hit {
            taken.push((a, b));
            inserts.push((
                a,
                format!(
                    "<mark class=\"figure\" id=\"{}\">",
                    escape_html_text(&mark.id).replace('"', "&quot;")
                ),
            ));
            inserts.push((b, "</mark>".into()));
        }
        found.push(hit.is_some());
    }
    // Closing tags sort before opening tags at the same position, so adjacent marks nest right.
    inserts.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.starts_with("</").cmp(&b.1.starts_with("</")))
    });
    let mut out = html.to_string();
    for (pos, text) in inserts {
        out.insert_str(pos, &text);
    }
    (out, found)
}

/// Byte range of the content of `<p id="anchor">`.
fn paragraph_range(html: &str, anchor: &str) -> Option<(usize, usize)> {
    let open = format!("<p id=\"{anchor}\">");
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find("</p>")?;
    Some((start, end))
}

/// Byte ranges of the text between tags in `html[start..end]`.
fn text_runs(html: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut run_start = start;
    let mut in_tag = false;
    for (i, c) in html[start..end].char_indices() {
        let at = start + i;
        match c {
            '<' if !in_tag => {
                if at > run_start {
                    runs.push((run_start, at));
                }
                in_tag = true;
            }
            '>' if in_tag => {
                in_tag = false;
                run_start = at + 1;
            }
            _ => {}
        }
    }
    if !in_tag && end > run_start {
        runs.push((run_start, end));
    }
    runs
}

/// Escapes text the way pulldown-cmark writes body text (`&`, `<`, `>`, quotes left as they
/// are), so figure words can be found in its HTML.
fn escape_html_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_chinese_ids_and_paragraphs_get_numbers() {
        let (html, toc) = to_html("## 快速响应\n\n第一段。\n\n> 引文\n\n第二段。\n\n## 快速响应\n");
        assert!(
            html.contains("<h2 id=\"快速响应\">快速响应<a class=\"heading-anchor\" href=\"#快速响应\""),
            "{html}"
        );
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

    #[test]
    fn figures_are_marked_in_their_paragraph() {
        let (html, _) = to_html("近800名党员，又有800名群众。\n\n24小时内24小时值守，A&B共3人。\n");
        let marks = [
            ("p1", "800名", "fig-1"),
            ("p2", "24小时", "fig-2"),
            ("p2", "24小时", "fig-3"),
            ("p2", "A&B共3人", "fig-4"),
            ("p1", "不存在", "fig-5"),
            ("p9", "800名", "fig-6"),
            ("p1", "", "fig-7"),
        ];
        let marks: Vec<FigureMark> = marks
            .iter()
            .map(|(anchor, text, id)| FigureMark {
                anchor,
                text,
                id: id.to_string(),
            })
            .collect();
        let (out, found) = mark_figures(&html, &marks);
        assert_eq!(found, vec![true, true, true, true, false, false, false]);
        assert!(
            out.contains("近<mark class=\"figure\" id=\"fig-1\">800名</mark>党员，又有800名"),
            "{out}"
        );
        assert!(
            out.contains(
                "<mark class=\"figure\" id=\"fig-2\">24小时</mark>内<mark class=\"figure\" id=\"fig-3\">24小时</mark>"
            ),
            "the second figure with the same words takes the next occurrence: {out}"
        );
        assert!(
            out.contains("<mark class=\"figure\" id=\"fig-4\">A&amp;B共3人</mark>"),
            "{out}"
        );
    }

    #[test]
    fn marks_never_cut_through_tags() {
        let (html, _) = to_html("共有<span title=\"3名\">3名</span>人员。\n");
        let marks = [FigureMark {
            anchor: "p1",
            text: "3名",
            id: "fig-1".into(),
        }];
        let (out, found) = mark_figures(&html, &marks);
        assert_eq!(found, vec![true]);
        assert!(
            out.contains("<span title=\"3名\"><mark class=\"figure\" id=\"fig-1\">3名</mark></span>"),
            "{out}"
        );
    }
}
