//! Lines in context: page furniture out, broken lines and paragraphs rejoined, titles told from
//! headings, bylines and datelines moved to metadata. Everything taken out of the text is
//! recorded as a removal with its source line.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::{Removal, is_han};

use super::classify::{self, Dateline, LineClass, ends_sentence, starts_mid_sentence};
use super::normalize::{fix_punctuation, fix_spaces, normalize_chars, pair_quotes};
use super::{Block, BlockKind, Credit, DocMeta};

/// One non-empty input line after normalisation.
#[derive(Debug, Clone)]
struct Unit {
    line: usize,
    text: String,
    /// Set when the line carried explicit Markdown structure (`## `, `> `, a caption element):
    /// text this cleaner rendered keeps the kind it was given.
    explicit: Option<BlockKind>,
    class: LineClass,
    /// Whether a blank line came before it: a wrap inside a paragraph has none.
    blank_before: bool,
    /// A full line of a hard-wrapped column: the text goes on in the next line.
    wrapped: bool,
}

/// A unit, or several joined, on its way to becoming a block.
#[derive(Debug, Clone)]
struct Item {
    line: usize,
    text: String,
    kind: ItemKind,
    dateline: Option<Dateline>,
    blank_before: bool,
    wrapped: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum ItemKind {
    Block(BlockKind),
    HeadingLike,
    Byline(Vec<String>),
    Names(Vec<String>),
    Prose,
}

static MARKDOWN_ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\([\\`*_\[\]<>|#+\-=.)])").expect("valid escape pattern"));
static CAPTION_ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^<p class="caption">(.*)</p>$"#).expect("valid caption pattern"));
static KICKER_ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^<p class="kicker">(.*)</p>$"#).expect("valid kicker pattern"));

/// What the structure pass produces.
pub struct Structured {
    /// Lines that were kickers in Markdown this cleaner wrote: never the headline.
    kickers: Vec<usize>,
    pub meta: DocMeta,
    pub blocks: Vec<Block>,
    pub removed: Vec<Removal>,
    pub credits: Vec<Credit>,
}

/// Runs the whole line-level cleaning over a text.
pub fn structure(text: &str, extra: &[Regex]) -> Structured {
    let units = read_units(text, extra);
    let mut out = Structured {
        kickers: units
            .iter()
            .filter(|u| u.explicit == Some(BlockKind::Title))
            .map(|u| u.line)
            .collect(),
        meta: DocMeta::default(),
        blocks: Vec::new(),
        removed: Vec::new(),
        credits: Vec::new(),
    };
    let items = drop_furniture(units, &mut out);
    let items = join_broken(items, &mut out.removed);
    let items = assign_titles(items);
    let items = assign_headings(items);
    emit(items, &mut out);
    out
}

fn read_units(text: &str, extra: &[Regex]) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut blank_before = true;
    for (i, raw) in text.lines().enumerate() {
        let (explicit, body) = explicit_kind(raw.trim());
        let unescaped = if body.contains('\\') {
            MARKDOWN_ESCAPE.replace_all(body, "$1")
        } else {
            std::borrow::Cow::Borrowed(body)
        };
        let text = fix_spaces(&fix_punctuation(&normalize_chars(&unescaped)), true);
        if text.is_empty() {
            blank_before = true;
            continue;
        }
        let class = if explicit.is_some() {
            LineClass::Prose(None)
        } else {
            classify::classify_line(&text, extra)
        };
        units.push(Unit {
            line: i + 1,
            text,
            explicit,
            class,
            blank_before,
            wrapped: false,
        });
        blank_before = false;
    }
    join_section_numbers(&mut units, extra);
    mark_wrapped_columns(&mut units);
    units
}

/// A section's number alone on its line (`01`, `二、`), the heading right under it: a web or
/// WeChat article's numbered section. The two are one heading (`01　两天迎客28.6万人次`); apart,
/// the number would read as the start of a sentence that the heading and the next paragraph
/// finish.
fn join_section_numbers(units: &mut Vec<Unit>, extra: &[Regex]) {
    static NUMBER_ALONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,2}[、.．]?|[一二三四五六七八九十]{1,3}[、.．])$")
            .expect("valid section number pattern")
    });
    let mut i = 0;
    while i + 1 < units.len() {
        let (number, next) = (&units[i], &units[i + 1]);
        if number.explicit.is_none()
            && next.explicit.is_none()
            && !next.blank_before
            && NUMBER_ALONE.is_match(&number.text)
            // A number broken over two lines (共有1 / 0余人) goes on with digits.
            && !next.text.starts_with(|c: char| c.is_ascii_digit())
            && next.text.chars().count() <= 30
            && !next.text.ends_with(['。', '！', '？'])
        {
            let next = units.remove(i + 1);
            let unit = &mut units[i];
            // An ideographic space, which the removal of layout spaces leaves alone, sets the
            // number apart (`01　两天迎客`, not `01两天迎客`).
            unit.text = format!("{}\u{3000}{}", unit.text.trim_end_matches(['、', '.', '．']), next.text);
            unit.class = classify::classify_line(&unit.text, extra);
        }
        i += 1;
    }
}

/// Narrow newspaper columns come as runs of lines of nearly the same width with no blank line
/// between them. Inside such a run a line is not a heading because it lacks a full stop, and a
/// full-width line continues in the next one even when it happens to end a sentence.
fn mark_wrapped_columns(units: &mut [Unit]) {
    let mut start = 0;
    while start < units.len() {
        let end = (start + 1..units.len())
            .find(|&i| units[i].blank_before)
            .unwrap_or(units.len());
        let run = &mut units[start..end];
        if run.len() >= 3 {
            let mut widths: Vec<usize> = run[..run.len() - 1].iter().map(|u| u.text.chars().count()).collect();
            let all = widths.clone();
            widths.sort_unstable();
            let median = widths[widths.len() / 2];
            let near = all.iter().filter(|w| w.abs_diff(median) <= 2).count();
            if median >= 8 && near * 3 >= all.len() * 2 {
                let last = run.len() - 1;
                for (k, u) in run.iter_mut().enumerate() {
                    let full = k < last && u.text.chars().count() + 2 >= median;
                    u.wrapped = full;
                    let prose_like = matches!(
                        u.class,
                        LineClass::HeadingLike | LineClass::Fragment | LineClass::Names(_)
                    );
                    if prose_like && (full || k > 0) {
                        u.class = LineClass::Prose(None);
                    }
                }
            }
        }
        start = end;
    }
}

/// The kind a line states in Markdown, and its text without the marker.
fn explicit_kind(line: &str) -> (Option<BlockKind>, &str) {
    if let Some(rest) = line.strip_prefix("### ") {
        (Some(BlockKind::SubHeading), rest)
    } else if let Some(rest) = line.strip_prefix("## ") {
        (Some(BlockKind::Heading), rest)
    } else if let Some(rest) = line.strip_prefix("> ") {
        (Some(BlockKind::Lead), rest)
    } else if let Some(c) = CAPTION_ELEMENT.captures(line) {
        let inner = c.get(1).map_or("", |m| m.as_str());
        (Some(BlockKind::Caption), inner)
    } else if let Some(c) = KICKER_ELEMENT.captures(line) {
        let inner = c.get(1).map_or("", |m| m.as_str());
        (Some(BlockKind::Title), inner)
    } else {
        (None, line)
    }
}

/// The headline a `原标题：` line gives, when it gives one.
fn original_title(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("原标题")?.trim_start_matches([':', '：', ' ']);
    (rest.chars().count() >= 4).then_some(rest)
}

/// Whether a line is one item of a list of links: another article's title (short, no sentence
/// end), which no story's text is.
fn related_item(text: &str) -> bool {
    text.chars().count() <= 40 && !ends_sentence(text) && !text.contains(['。', '，'])
}

fn drop_furniture(units: Vec<Unit>, out: &mut Structured) -> Vec<Item> {
    let mut items = Vec::with_capacity(units.len());
    // After a related-links label (相关新闻：), the titles listed under it belong to other
    // articles: their figures and places are none of this story's. The list ends at a line of
    // prose, or at a title whose story follows (a headline right before a dateline).
    let mut in_related = false;
    let mut units = units.into_iter().peekable();
    while let Some(u) = units.next() {
        let removal = |kind: &str| Removal {
            kind: kind.into(),
            text: u.text.clone(),
            line: u.line,
        };
        if u.explicit.is_none()
            && matches!(u.class, LineClass::Furniture("boilerplate"))
            && classify::is_related_label(&u.text)
        {
            in_related = true;
        } else if in_related {
            let opens_story = units
                .peek()
                .is_some_and(|n| matches!(n.class, LineClass::Prose(Some(_)) | LineClass::Byline(_)));
            in_related = u.explicit.is_none()
                && !opens_story
                && (matches!(u.class, LineClass::Furniture(_)) || related_item(&u.text));
            if in_related && !matches!(u.class, LineClass::Furniture(_)) {
                out.removed.push(removal("related"));
                continue;
            }
        }
        let kind = match (&u.explicit, u.class) {
            (Some(k), _) => ItemKind::Block(*k),
            // A paper name counts as the masthead only before the first story starts.
            (None, LineClass::Paper) if items.is_empty() => {
                out.meta.source.get_or_insert_with(|| u.text.clone());
                out.removed.push(removal("masthead"));
                continue;
            }
            (None, LineClass::Paper) => ItemKind::HeadingLike,
            (None, LineClass::MastheadDate(date)) => {
                if out.meta.date.is_none() {
                    out.meta.date = date;
                }
                out.removed.push(removal("masthead"));
                continue;
            }
            // A repost's 原标题 (original headline) is the headline when none came before it.
            (None, LineClass::Furniture("boilerplate")) if items.is_empty() && original_title(&u.text).is_some() => {
                let title = original_title(&u.text).unwrap_or_default().to_string();
                out.removed.push(Removal {
                    kind: "boilerplate".into(),
                    text: u.text[..u.text.len() - title.len()].to_string(),
                    line: u.line,
                });
                items.push(Item {
                    line: u.line,
                    text: title,
                    kind: ItemKind::HeadingLike,
                    dateline: None,
                    blank_before: u.blank_before,
                    wrapped: u.wrapped,
                });
                continue;
            }
            (None, LineClass::Furniture(kind)) => {
                out.removed.push(removal(kind));
                continue;
            }
            (None, LineClass::Lead) => ItemKind::Block(BlockKind::Lead),
            (None, LineClass::Byline(names)) => ItemKind::Byline(names),
            (None, LineClass::Names(names)) => ItemKind::Names(names),
            (None, LineClass::Caption) => ItemKind::Block(BlockKind::Caption),
            (None, LineClass::Credit) => {
                // A credit line right under a paragraph (no blank line) credits that paragraph,
                // which is then the caption of the picture.
                if !u.blank_before
                    && let Some(prev) = items.last_mut()
                    && matches!(
                        prev,
                        Item {
                            kind: ItemKind::Prose,
                            dateline: None,
                            ..
                        }
                    )
                {
                    prev.kind = ItemKind::Block(BlockKind::Caption);
                }
                ItemKind::Block(BlockKind::Caption)
            }
            (None, LineClass::HeadingLike) => ItemKind::HeadingLike,
            (None, LineClass::Fragment) => {
                let joins = items
                    .last()
                    .is_some_and(|p: &Item| p.kind == ItemKind::Prose && !ends_sentence(&p.text));
                if !joins {
                    out.removed.push(removal("fragment"));
                    continue;
                }
                ItemKind::Prose
            }
            // A long line that opens the page and names a document (`…关于…工作情况的通报`) is
            // its title: as prose without a full stop it would be joined to the text after it.
            (None, LineClass::Prose(None)) if items.is_empty() && classify::document_title(&u.text) => {
                ItemKind::HeadingLike
            }
            (None, LineClass::Prose(dateline)) => {
                items.push(Item {
                    line: u.line,
                    text: u.text,
                    kind: ItemKind::Prose,
                    dateline,
                    blank_before: u.blank_before,
                    wrapped: u.wrapped,
                });
                continue;
            }
        };
        items.push(Item {
            line: u.line,
            text: u.text,
            kind,
            dateline: None,
            blank_before: u.blank_before,
            wrapped: u.wrapped,
        });
    }
    items
}

/// Rejoins lines and paragraphs cut mid-sentence. A heading-like line joins the paragraph
/// before it only when nothing marks it as a heading: it follows without a blank line (a wrap)
/// or starts with a mark no sentence starts with.
fn join_broken(items: Vec<Item>, removed: &mut Vec<Removal>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        let Some(prev) = out.last_mut() else {
            out.push(item);
            continue;
        };
        let prev_open = prev.kind == ItemKind::Prose && !ends_sentence(&prev.text);
        let wraps_on = prev.kind == ItemKind::Prose && prev.wrapped && !item.blank_before;
        // A short clause line glued to prose below it is the start of that prose, cut by a wrap.
        let clause_wrap = prev.kind == ItemKind::HeadingLike
            && !item.blank_before
            && item.kind == ItemKind::Prose
            && item.dateline.is_none()
            && prev.text.contains(['，', ','])
            && !ends_sentence(&prev.text);
        if clause_wrap {
            prev.kind = ItemKind::Prose;
            append(&mut prev.text, &item.text);
            prev.wrapped = item.wrapped;
            continue;
        }
        let continues = (prev_open || wraps_on)
            && item.dateline.is_none()
            && match item.kind {
                ItemKind::Prose => true,
                ItemKind::HeadingLike => !item.blank_before || starts_mid_sentence(&item.text),
                _ => false,
            };
        if continues {
            append(&mut prev.text, &item.text);
            prev.wrapped = item.wrapped;
            continue;
        }
        // A caption broken over two lines: its first half looks like an unfinished paragraph.
        if item.kind == ItemKind::Block(BlockKind::Caption)
            && prev_open
            && prev.text.chars().count() <= 40
            && !classify::has_caption_mark(&item.text)
        {
            prev.kind = ItemKind::Block(BlockKind::Caption);
            append(&mut prev.text, &item.text);
            continue;
        }
        out.push(item);
    }
    // Fragments that found nothing to join are stray bits of layout.
    out.retain(|item| {
        let stray = item.kind == ItemKind::Prose
            && item.dateline.is_none()
            && item.text.chars().filter(|c| is_han(*c)).count() <= 2
            && item.text.chars().count() <= 3
            && !item.text.chars().any(|c| c.is_ascii_digit());
        if stray {
            removed.push(Removal {
                kind: "fragment".into(),
                text: item.text.clone(),
                line: item.line,
            });
        }
        !stray
    });
    out
}

fn append(text: &mut String, next: &str) {
    if text.ends_with(|c: char| c.is_ascii_alphanumeric()) && next.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Headlines: the heading-like lines right before a dateline or a byline, and those that open
/// the page. Up to three lines (kicker, headline, subtitle) form one headline.
fn assign_titles(mut items: Vec<Item>) -> Vec<Item> {
    let starts_story = |items: &[Item], i: usize| match &items[i].kind {
        ItemKind::Prose => items[i].dateline.is_some(),
        // A byline in brackets closes a story (`（通讯员/刘某 陈某）`); it does not open one.
        ItemKind::Byline(_) => !items[i].text.starts_with(['（', '(']),
        ItemKind::Names(_) => i == 0 || items[i - 1].kind == ItemKind::HeadingLike,
        _ => false,
    };
    // A long line right before a dateline is its story's headline (see
    // `classify::headline_before_dateline`).
    for i in 1..items.len() {
        if items[i].dateline.is_some()
            && items[i - 1].kind == ItemKind::Prose
            && items[i - 1].dateline.is_none()
            && classify::headline_before_dateline(&items[i - 1].text)
        {
            items[i - 1].kind = ItemKind::HeadingLike;
        }
    }
    let mut i = 0;
    while i < items.len() {
        if starts_story(&items, i) {
            if let ItemKind::Names(names) = &items[i].kind {
                items[i].kind = ItemKind::Byline(names.clone());
            }
            let mut j = i;
            while j > 0 && i - j < 3 && items[j - 1].kind == ItemKind::HeadingLike {
                j -= 1;
                items[j].kind = ItemKind::Block(BlockKind::Title);
            }
        }
        i += 1;
    }
    let lead_run = items.iter().take_while(|it| it.kind == ItemKind::HeadingLike).count();
    if lead_run < items.len() {
        for it in items.iter_mut().take(lead_run.min(3)) {
            it.kind = ItemKind::Block(BlockKind::Title);
        }
    }
    // Names nowhere near a headline: one word may still be a short heading, several are prose.
    for it in &mut items {
        if let ItemKind::Names(names) = &it.kind {
            it.kind = if names.len() == 1 {
                ItemKind::HeadingLike
            } else {
                ItemKind::Prose
            };
        }
    }
    items
}

/// A run of heading-like lines followed by body text is a heading and its sub-headings; one
/// followed by nothing worth a heading (a signature, the page end) is ordinary text.
fn assign_headings(mut items: Vec<Item>) -> Vec<Item> {
    let mut i = 0;
    while i < items.len() {
        if items[i].kind != ItemKind::HeadingLike {
            i += 1;
            continue;
        }
        let run = items[i..]
            .iter()
            .take_while(|it| it.kind == ItemKind::HeadingLike)
            .count();
        let followed_by_body = items.get(i + run).is_some_and(|next| match next.kind {
            ItemKind::Prose => next.text.chars().count() >= 16 || next.dateline.is_some(),
            ItemKind::Block(k) => matches!(k, BlockKind::Caption | BlockKind::Lead | BlockKind::Paragraph),
            _ => false,
        });
        // A numbered section heading (2 “五条保障线”…, 三、…) after other heading-like lines heads
        // the section: the unnumbered lines before it end the previous section, as the photo
        // captions printed between two sections do (…医护人员集结赴黄冈，参加医疗援助, “华联瓷业”
        // 生产车间). Made headings, they would cut the story into false sections.
        let numbered = (0..run).rev().find(|&k| section_number(&items[i + k].text));
        let captions = match numbered {
            Some(k) if followed_by_body && !(0..k).any(|j| section_number(&items[i + j].text)) => k,
            _ => 0,
        };
        for (k, it) in items[i..i + run].iter_mut().enumerate() {
            it.kind = match (followed_by_body, k) {
                (true, k) if k < captions => ItemKind::Block(BlockKind::Caption),
                (true, k) if k == captions => ItemKind::Block(BlockKind::Heading),
                (true, _) => ItemKind::Block(BlockKind::SubHeading),
                (false, _) => ItemKind::Prose,
            };
        }
        i += run;
    }
    items
}

static SECTION_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}[\s“《「]|[0-9]{1,2}[、.．]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[)）])")
        .expect("valid section number pattern")
});

/// Whether a heading opens with a section's number (`2 “五条保障线”`, `三、`, `（二）`).
pub fn section_number(text: &str) -> bool {
    SECTION_NUMBER.is_match(text)
}

fn emit(items: Vec<Item>, out: &mut Structured) {
    for item in items {
        let Item {
            line, text, dateline, ..
        } = item;
        let kind = match item.kind {
            ItemKind::Byline(names) => {
                out.removed.push(Removal {
                    kind: "byline".into(),
                    text,
                    line,
                });
                add_authors(&mut out.meta.authors, &names);
                out.credits.push(Credit {
                    line,
                    authors: names,
                    source: None,
                    date: None,
                    place: None,
                });
                continue;
            }
            ItemKind::Block(k) => k,
            ItemKind::HeadingLike | ItemKind::Names(_) | ItemKind::Prose => BlockKind::Paragraph,
        };
        let mut body = text.as_str();
        if let Some(d) = &dateline {
            let cut = body.find(d.text.as_str()).map_or(0, |p| p + d.text.len());
            body = body[cut..].trim_start();
            out.removed.push(Removal {
                kind: "dateline".into(),
                text: d.text.clone(),
                line,
            });
            add_authors(&mut out.meta.authors, &d.authors);
            if out.meta.source.is_none() {
                out.meta.source = d.source.clone();
            }
            if out.meta.date.is_none() {
                out.meta.date = d.date.clone();
            }
            out.credits.push(Credit {
                line,
                authors: d.authors.clone(),
                source: d.source.clone(),
                date: d.date.clone(),
                place: d.place.clone(),
            });
        }
        let text = fix_spaces(&pair_quotes(body), kind == BlockKind::Title);
        if text.is_empty() {
            continue;
        }
        out.blocks.push(Block { kind, text, line });
    }
    out.meta.title = headline_of(&out.blocks, 0, &out.kickers);
}

/// The headline of the first title run at or after block `start`: its longest line (the first
/// of equals), since kickers and subtitles around a headline are shorter as a rule.
pub fn headline(blocks: &[Block], start: usize) -> Option<String> {
    headline_of(blocks, start, &[])
}

/// [`headline`], never choosing a line listed in `kickers`, nor a subtitle that a dash opens
/// (`——我省农村妇女免费“两癌”筛查工作见闻`, the 副题 under a feature's headline) when the
/// run has another line.
fn headline_of(blocks: &[Block], start: usize, kickers: &[usize]) -> Option<String> {
    let run = || {
        blocks
            .iter()
            .skip(start)
            .skip_while(|b| b.kind != BlockKind::Title)
            .take_while(|b| b.kind == BlockKind::Title)
            .filter(|b| !kickers.contains(&b.line))
    };
    let subtitle = |b: &Block| b.text.starts_with(['—', '─', '-']);
    let only_subtitles = run().all(subtitle);
    // Three lines are a kicker, the headline and a subtitle (引题, 主题, 副题): the headline is
    // the middle one, whichever line is longest.
    let lines: Vec<&Block> = run().collect();
    if let [_, main, _] = lines[..]
        && !lines.iter().any(|b| subtitle(b))
    {
        return Some(main.text.clone());
    }
    run()
        .filter(|b| only_subtitles || !subtitle(b))
        .fold(None::<&Block>, |best, b| match best {
            Some(best) if best.text.chars().count() >= b.text.chars().count() => Some(best),
            _ => Some(b),
        })
        .map(|b| b.text.clone())
}

fn add_authors(authors: &mut Vec<String>, names: &[String]) {
    for n in names {
        if !authors.contains(n) {
            authors.push(n.clone());
        }
    }
}
