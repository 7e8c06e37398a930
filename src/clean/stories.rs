//! Pages with several stories: a newspaper page holds a headline, a dateline and a body, then
//! the next headline. Each story becomes its own document.

use super::structure::headline;
use super::{Block, BlockKind, CleanDoc, DocMeta, flag_scrambled};

/// Splits a page into one document per story. A story starts at each run of `Title` blocks
/// that follows other text; blocks before the first headline belong to the first story.
/// Removals and credits go to the story whose lines they fall in; page-level facts (the
/// masthead's paper and date) apply to every story. A single-story page comes back alone,
/// unchanged but for [`captions_as_text`].
pub fn split_stories(mut doc: CleanDoc) -> Vec<CleanDoc> {
    let mut starts: Vec<usize> = (0..doc.blocks.len())
        .filter(|&i| doc.blocks[i].kind == BlockKind::Title && (i == 0 || doc.blocks[i - 1].kind != BlockKind::Title))
        .collect();
    let content_before = |i: usize| doc.blocks[..i].iter().any(|b| b.kind != BlockKind::Title);
    // A headline with no text after it before the next one opens no story of its own.
    let content_after = |i: usize| {
        doc.blocks[i..]
            .iter()
            .skip_while(|b| b.kind == BlockKind::Title)
            .take_while(|b| b.kind != BlockKind::Title)
            .any(|b| b.kind != BlockKind::Title)
    };
    starts.retain(|&i| content_before(i) && content_after(i));
    if starts.is_empty() {
        captions_as_text(&mut doc);
        return vec![doc];
    }
    starts.insert(0, 0);
    // Line where each story starts; the first one owns everything above it (the masthead).
    let first_lines: Vec<usize> = starts
        .iter()
        .enumerate()
        .map(|(k, &i)| if k == 0 { 0 } else { doc.blocks[i].line })
        .collect();
    let page_meta = &doc.meta;
    let masthead_date = page_meta.date.clone().filter(|d| !d.starts_with("--"));
    let mut stories = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(doc.blocks.len());
        let (lo, hi) = (first_lines[k], first_lines.get(k + 1).copied().unwrap_or(usize::MAX));
        let in_story = |line: usize| line >= lo && line < hi;
        let blocks = doc.blocks[start..end].to_vec();
        let credits: Vec<_> = doc.credits.iter().filter(|c| in_story(c.line)).cloned().collect();
        let mut authors = Vec::new();
        for name in credits.iter().flat_map(|c| &c.authors) {
            if !authors.contains(name) {
                authors.push(name.clone());
            }
        }
        let title_at = blocks.iter().position(|b| b.kind == BlockKind::Title).unwrap_or(0);
        let meta = DocMeta {
            title: headline(&blocks, title_at),
            authors,
            source: credits
                .iter()
                .find_map(|c| c.source.clone())
                .or_else(|| page_meta.source.clone()),
            date: masthead_date
                .clone()
                .or_else(|| credits.iter().find_map(|c| c.date.clone()))
                .or_else(|| page_meta.date.clone()),
        };
        let mut story = CleanDoc {
            meta,
            blocks,
            removed: doc.removed.iter().filter(|r| in_story(r.line)).cloned().collect(),
            warnings: doc.warnings.clone(),
            scrambled: Vec::new(),
            credits,
        };
        captions_as_text(&mut story);
        flag_scrambled(&mut story);
        stories.push(story);
    }
    stories
}

/// A story or a section told in captions alone has no paragraph: a photo spread is a heading,
/// then each picture's label, caption and credit. Its captions are then its text, read for
/// figures, dates and places and shown as paragraphs (the site shows no pictures). A credit
/// (`记者/某某 摄`), which says no sentence, stays a caption, and so does a caption under a
/// heading whose section has paragraphs of its own.
fn captions_as_text(doc: &mut CleanDoc) {
    let opens_section = |b: &Block| matches!(b.kind, BlockKind::Title | BlockKind::Heading | BlockKind::SubHeading);
    let mut start = 0;
    while start < doc.blocks.len() {
        let end = (start + 1..doc.blocks.len())
            .find(|&i| opens_section(&doc.blocks[i]))
            .unwrap_or(doc.blocks.len());
        let section = &mut doc.blocks[start..end];
        if !section
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Lead))
        {
            for b in section {
                if b.kind == BlockKind::Caption && b.text.contains(['。', '，', '！', '？', '；']) {
                    b.kind = BlockKind::Paragraph;
                }
            }
        }
        start = end;
    }
}
