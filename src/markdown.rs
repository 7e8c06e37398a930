//! Markdown → HTML with pulldown-cmark, adding what it does not: heading ids that keep Chinese
//! characters, and ids `p1`, `p2`, … on top-level paragraphs so figures can link to their
//! sentence. Also reads a Markdown body back into blocks, numbered the same way.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    // Linear in the page and the figures, whatever their number: a long OCR page in one
    // paragraph can hold thousands of figures, many with the same words. Each paragraph's text
    // runs are found once; each paragraph's search for the same words resumes where it last
    // stopped (an occurrence passed over overlapped a marked figure, and marks only grow); and
    // the marked spans, which never overlap, are kept sorted by start.
    let mut runs_of: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    // (paragraph, words) → (text run, byte) where the next search for them starts.
    let mut resume: HashMap<(&str, String), (usize, usize)> = HashMap::new();
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    // (byte position, text to insert).
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut found = Vec::with_capacity(marks.len());
    for mark in marks {
        let needle = escape_html_text(mark.text);
        let runs = runs_of.entry(mark.anchor).or_insert_with(|| {
            paragraph_range(html, mark.anchor).map_or_else(Vec::new, |(start, end)| text_runs(html, start, end))
        });
        let resume_at = resume.entry((mark.anchor, needle.clone())).or_insert((0, 0));
        let mut hit = None;
        while !needle.is_empty()
            && let Some(&(run_start, run_end)) = runs.get(resume_at.0)
        {
            let from = resume_at.1.max(run_start);
            // Spans never overlap, so the one starting last before `b` ends last of those.
            let free = |(a, b): (usize, usize)| taken.range(..b).next_back().is_none_or(|(_, &y)| y <= a);
            hit = html[from..run_end]
                .match_indices(needle.as_str())
                .map(|(i, _)| (from + i, from + i + needle.len()))
                .find(|&span| free(span));
            match hit {
                Some((_, b)) => {
                    resume_at.1 = b;
                    break;
                }
                None => *resume_at = (resume_at.0 + 1, 0),
            }
        }
        if let Some((a, b)) = hit {
            taken.insert(a, b);
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
    // Closing tags before opening tags at the same position, so adjacent marks nest right.
    inserts.sort_by_key(|(at, text)| (*at, !text.starts_with("</")));
    let mut out = String::with_capacity(html.len() + inserts.iter().map(|(_, t)| t.len()).sum::<usize>());
    let mut copied = 0;
    for (at, text) in &inserts {
        out.push_str(&html[copied..*at]);
        out.push_str(text);
        copied = *at;
    }
    out.push_str(&html[copied..]);
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

    /// The first occurrence of each mark's words, in order, that overlaps no mark found before:
    /// each mark searched from the start of its paragraph, as the marks are specified.
    fn marked_one_by_one(html: &str, marks: &[FigureMark]) -> (String, Vec<bool>) {
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut found = Vec::new();
        for mark in marks {
            let needle = escape_html_text(mark.text);
            let hit = paragraph_range(html, mark.anchor).and_then(|(start, end)| {
                text_runs(html, start, end).into_iter().find_map(|(s, e)| {
                    html[s..e]
                        .match_indices(needle.as_str())
                        .map(|(i, _)| (s + i, s + i + needle.len()))
                        .find(|&(a, b)| !needle.is_empty() && taken.iter().all(|&(x, y)| b <= x || a >= y))
                })
            });
            if let Some((a, b)) = hit {
                taken.push((a, b));
                inserts.push((a, format!("<mark class=\"figure\" id=\"{}\">", mark.id)));
                inserts.push((b, "</mark>".into()));
            }
            found.push(hit.is_some());
        }
        inserts.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.starts_with("</").cmp(&b.1.starts_with("</")))
        });
        let mut out = html.to_string();
        for (at, text) in inserts {
            out.insert_str(at, &text);
        }
        (out, found)
    }

    proptest::proptest! {
        /// Marks resumed where the same words were last found, and kept sorted, land where a
        /// search from the start of the paragraph for each mark in turn puts them.
        #[test]
        fn marks_land_where_a_search_from_the_start_puts_them(
            paragraphs in proptest::collection::vec("(3名|3|名|12|2|，|人|<b>|</b>|&){0,12}", 1..3),
            marks in proptest::collection::vec((1..3usize, "(3名|3|名|12|2|人|名，|&){0,2}"), 0..12),
        ) {
            let (html, _) = to_html(&paragraphs.join("\n\n"));
            let anchors: Vec<String> = marks.iter().map(|(p, _)| format!("p{p}")).collect();
            let marks: Vec<FigureMark> = (marks.iter().zip(&anchors).enumerate())
                .map(|(k, ((_, text), anchor))| FigureMark { anchor, text, id: format!("fig-{k}") })
                .collect();
            proptest::prop_assert_eq!(mark_figures(&html, &marks), marked_one_by_one(&html, &marks));
        }
    }

    #[test]
    fn the_same_words_many_times_take_their_occurrences_in_turn() {
        let (html, _) = to_html(&"投入3.5亿元，".repeat(300));
        let marks: Vec<FigureMark> = (0..301)
            .map(|k| FigureMark {
                anchor: "p1",
                text: "3.5亿元",
                id: format!("fig-{k}"),
            })
            .collect();
        let (out, found) = mark_figures(&html, &marks);
        assert_eq!(
            found.iter().filter(|&&f| f).count(),
            300,
            "one mark too many has no words left"
        );
        assert!(!found[300]);
        assert!(
            out.contains("投入<mark class=\"figure\" id=\"fig-299\">3.5亿元</mark>，</p>"),
            "{out}"
        );
    }
}
