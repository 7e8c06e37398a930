//! Clean stage: raw scraped or OCR'd text → classified blocks, with every removal recorded.

use serde::{Deserialize, Serialize};

mod classify;
mod dedup;
mod normalize;
mod stories;
mod structure;

pub use normalize::{fix_punctuation, fix_spaces, normalize_chars, pair_quotes};
pub use stories::split_stories;
pub use structure::section_number;

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
    /// What the block is.
    pub kind: BlockKind,
    /// The cleaned text, without Markdown escapes.
    pub text: String,
    /// 1-based line of the source where the block starts.
    pub line: usize,
}

/// Facts the cleaner read off the page furniture (masthead, byline, dateline).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// The headline: the longest line of the first title run.
    pub title: Option<String>,
    /// Names from bylines and datelines, first appearance first.
    pub authors: Vec<String>,
    /// The publication named in the masthead or dateline.
    pub source: Option<String>,
    /// Publication date from the masthead or dateline, `YYYY-MM-DD` or `--MM-DD`.
    pub date: Option<String>,
}

/// The cleaner's output: classified blocks, what was removed, and warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CleanDoc {
    /// What the page furniture, bylines and datelines said.
    pub meta: DocMeta,
    /// The text, in reading order.
    pub blocks: Vec<Block>,
    /// Everything taken out of the text, by source line.
    pub removed: Vec<Removal>,
    /// Decoding problems and scrambled-column notices, for `quality.warnings`.
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
    /// 1-based source line of the byline or dateline.
    pub line: usize,
    /// Author names, in the order printed (photo credits excluded).
    pub authors: Vec<String>,
    /// The publication a dateline names (`株洲日报`); `None` for `本报讯` and for bylines.
    pub source: Option<String>,
    /// `--MM-DD` from a dateline.
    pub date: Option<String>,
    /// The city a dateline files the story from (`本报北京…电` → 北京).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
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

    /// The lines of the first title run: the headline with its kicker and subtitle (引题, 副题).
    pub fn title_lines(&self) -> impl Iterator<Item = &str> {
        let end = first_title_run_end(&self.blocks);
        let start = self.blocks[..end]
            .iter()
            .rposition(|b| b.kind != BlockKind::Title)
            .map_or(0, |i| i + 1);
        self.blocks[start..end].iter().map(|b| b.text.as_str())
    }

    /// The headings inside the text (`##`, `###`, and the headlines of later stories on an
    /// unsplit page), each with the number of the paragraph after it (1 for `p1`).
    pub fn headings(&self) -> impl Iterator<Item = (usize, &str)> {
        let first_run_end = first_title_run_end(&self.blocks);
        let mut paragraphs = 0;
        self.blocks.iter().enumerate().filter_map(move |(i, b)| match b.kind {
            BlockKind::Paragraph => {
                paragraphs += 1;
                None
            }
            BlockKind::Heading | BlockKind::SubHeading => Some((paragraphs + 1, b.text.as_str())),
            BlockKind::Title if i >= first_run_end => Some((paragraphs + 1, b.text.as_str())),
            _ => None,
        })
    }

    /// The body as CommonMark: headings as `##`/`###`, the lead as a block quote, captions as
    /// `<p class="caption">` (so they are not numbered as paragraphs), paragraphs escaped.
    ///
    /// The headline itself lives in the front matter. The other lines of the page's first title
    /// run (kicker, subtitle) are kept as `<p class="kicker">`, and the headlines of later
    /// stories on an unsplit page as `##` headings, so no printed line leaves the body.
    pub fn to_markdown(&self) -> String {
        // Sized once: the body is as long as the text plus a little markup a block.
        let mut out = String::with_capacity(self.blocks.iter().map(|b| b.text.len() + 8).sum());
        let first_run_end = first_title_run_end(&self.blocks);
        for (i, block) in self.blocks.iter().enumerate() {
            match block.kind {
                // In the body a title line loses the space between its halves, like a heading.
                BlockKind::Title if i >= first_run_end => {
                    out.push_str("## ");
                    push_escaped(&mut out, &fix_spaces(&block.text, false));
                }
                BlockKind::Title if self.meta.title.as_ref() == Some(&block.text) => continue,
                BlockKind::Title => {
                    out.push_str("<p class=\"kicker\">");
                    out.push_str(&escape_html(&fix_spaces(&block.text, false)));
                    out.push_str("</p>");
                }
                BlockKind::Lead | BlockKind::Heading | BlockKind::SubHeading | BlockKind::Paragraph => {
                    out.push_str(match block.kind {
                        BlockKind::Lead => "> ",
                        BlockKind::Heading => "## ",
                        BlockKind::SubHeading => "### ",
                        _ => "",
                    });
                    push_escaped(&mut out, &block.text);
                }
                BlockKind::Caption => {
                    out.push_str("<p class=\"caption\">");
                    out.push_str(&escape_html(&block.text));
                    out.push_str("</p>");
                }
            }
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

/// Index just past the first run of `Title` blocks (0 when the page has no title).
fn first_title_run_end(blocks: &[Block]) -> usize {
    let start = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Title)
        .unwrap_or(blocks.len());
    start
        + blocks[start..]
            .iter()
            .take_while(|b| b.kind == BlockKind::Title)
            .count()
}

/// The high bit of each byte of a `u64`: set in every byte of a UTF-8 character beyond ASCII.
const NOT_ASCII: u64 = 0x8080_8080_8080_8080;

/// Escapes characters that CommonMark would read as syntax, so the text renders as printed.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out` as [`escape_markdown`] escapes it: the body is written in place, where
/// a string of its own for each block was allocated and copied again.
fn push_escaped(out: &mut String, text: &str) {
    let start = out.len();
    // Every character to escape is ASCII, and no byte of a longer UTF-8 character is: the text is
    // copied in runs between them (this runs over every article's whole body).
    let bytes = text.as_bytes();
    let syntax = |at: usize| {
        let b = bytes[at];
        matches!(b, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|')
            || (at == 0 && matches!(b, b'#' | b'+' | b'-' | b'='))
    };
    let mut copied = 0;
    let mut escape = |at: usize| {
        out.push_str(&text[copied..at]);
        out.push('\\');
        copied = at;
    };
    // Eight bytes at a time: Chinese text is mostly three-byte characters, whose bytes all have
    // the high bit set, and only the ASCII bytes among the eight (digits, mostly) are looked at,
    // by the high bits of their complement, where a run with one ASCII byte was read byte by byte.
    let mut i = 0;
    while let Some(eight) = bytes.get(i..i + 8) {
        let mut ascii = !u64::from_le_bytes(eight.try_into().expect("eight bytes")) & NOT_ASCII;
        while ascii != 0 {
            let at = i + ascii.trailing_zeros() as usize / 8;
            if syntax(at) {
                escape(at);
            }
            ascii &= ascii - 1;
        }
        i += 8;
    }
    for at in i..bytes.len() {
        if syntax(at) {
            escape(at);
        }
    }
    out.push_str(&text[copied..]);
    // "1. " or "1) " at the start would start an ordered list.
    let piece = &out[start..];
    let digits = piece.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && matches!(piece.as_bytes().get(digits), Some(b'.' | b')')) && piece[digits + 1..].starts_with(' ') {
        out.insert(start + digits, '\\');
    }
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

    fn source(text: &str) -> Source {
        Source::from_text("t.txt", text)
    }

    /// The document as `kind:text` rows: blocks in order, then removals.
    fn rows(text: &str) -> Vec<String> {
        let doc = clean(&source(text), &CleanOptions::default());
        let kind = |k: BlockKind| serde_json::to_value(k).unwrap().as_str().unwrap().to_string();
        doc.blocks
            .iter()
            .map(|b| format!("{}:{}", kind(b.kind), b.text))
            .chain(doc.removed.iter().map(|r| format!("-{}:{}", r.kind, r.text)))
            .collect()
    }

    const BODY: &str = "这是一段足够长的正文，用来让前后的短行有上下文可依。";

    #[test]
    fn documents_are_cleaned_block_by_block() {
        let long_open = "这一段没有写完就被版面截断了，它比任何标题都长得多，而且还在继续写";
        let cases: Vec<(String, Vec<String>)> = vec![
            // A line wrapped mid-sentence joins the next line.
            (
                format!("{BODY}\n这一行被版面截断了，第一句话没有说\n完，后半句在这里。"),
                vec![format!("paragraph:{BODY}"), "paragraph:这一行被版面截断了，第一句话没有说完，后半句在这里。".into()],
            ),
            // Narrow columns wrapped line by line, no blank lines: one paragraph per sentence run.
            (
                "一二三四五六七八九十\n\n益阳市第一时间吹响疫情\n防控集结号，落实联防联\n控机制，筑牢群防群治防\n线。\n全市上下一条心。".into(),
                vec![
                    "title:一二三四五六七八九十".into(),
                    "paragraph:益阳市第一时间吹响疫情防控集结号，落实联防联控机制，筑牢群防群治防线。".into(),
                    "paragraph:全市上下一条心。".into(),
                ],
            ),
            // A paragraph cut by a blank line mid-sentence joins its second half.
            (
                format!("{long_open}\n\n督，压实各方责任。"),
                vec![format!("paragraph:{long_open}督，压实各方责任。")],
            ),
            // A heading after an unfinished paragraph stays a heading.
            (
                format!("{BODY}\n\n{long_open}\n\n快速响应\n\n另{BODY}"),
                vec![
                    format!("paragraph:{BODY}"),
                    format!("paragraph:{long_open}"),
                    "heading:快速响应".into(),
                    format!("paragraph:另{BODY}"),
                ],
            ),
            // A heading with a second line is a heading and a sub-heading.
            (
                format!("{BODY}\n\n快速响应\n党代会提前一天闭幕 领导督导调度\n\n正文第一段写得足够长，以便成为段落。"),
                vec![
                    format!("paragraph:{BODY}"),
                    "heading:快速响应".into(),
                    "sub-heading:党代会提前一天闭幕领导督导调度".into(),
                    "paragraph:正文第一段写得足够长，以便成为段落。".into(),
                ],
            ),
            // A headline before a dateline is a title; the dateline goes to metadata.
            (
                "市里召开防汛会议\n\n本报讯（记者 张某）昨日，市里召开防汛工作会议。".into(),
                vec![
                    "title:市里召开防汛会议".into(),
                    "paragraph:昨日，市里召开防汛工作会议。".into(),
                    "-dateline:本报讯（记者 张某）".into(),
                ],
            ),
            // Bylines and masthead furniture are removed and recorded.
            (
                format!("滨江日报\n第100期 今日8版\n\n文/甲乙 丙丁\n\n{BODY}\n责任编辑：某某"),
                vec![
                    format!("paragraph:{BODY}"),
                    "-masthead:滨江日报".into(),
                    "-masthead:第100期 今日8版".into(),
                    "-byline:文/甲乙 丙丁".into(),
                    "-boilerplate:责任编辑：某某".into(),
                ],
            ),
            // Lead marker, captions and credits.
            (
                format!("【核心阅读】\n{BODY}\n\n①志愿者在路口值守。 某某 摄\n\n工人正在检修线路。\n记者/某某 摄"),
                vec![
                    "lead:【核心阅读】".into(),
                    format!("paragraph:{BODY}"),
                    "caption:①志愿者在路口值守。某某摄".into(),
                    "caption:工人正在检修线路。".into(),
                    "caption:记者/某某摄".into(),
                ],
            ),
            // Repeats and stray fragments.
            (
                format!("{BODY}\n\n城\n\n{BODY}\n\n这是一段足够长的正文，用来让前后"),
                vec![
                    format!("paragraph:{BODY}"),
                    "-fragment:城".into(),
                    format!("-duplicate:{BODY}"),
                    "-near-duplicate:这是一段足够长的正文，用来让前后".into(),
                ],
            ),
            // Characters, punctuation and spaces in one paragraph.
            (
                format!("{BODY}\n<p>全市确诊患 者共１０９例,增长８．３％;例 3 人,\"清零\"&nbsp;了。</p>"),
                vec![format!("paragraph:{BODY}"), "paragraph:全市确诊患者共109例，增长8.3%；例3人，“清零”了。".into()],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(rows(&input), want, "input {input:?}");
        }
    }

    #[test]
    fn masthead_bylines_and_datelines_fill_the_metadata() {
        let doc = clean(
            &source(
                "江城日报\n2023年3月5日 星期日\n\n春天来了\n\n江城日报讯（记者/王某 通讯员/李某某）3月4日，江城迎来春雨。",
            ),
            &CleanOptions::default(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some("春天来了"));
        assert_eq!(doc.meta.source.as_deref(), Some("江城日报"));
        assert_eq!(doc.meta.date.as_deref(), Some("2023-03-05"));
        assert_eq!(doc.meta.authors, vec!["王某", "李某某"]);
    }

    #[test]
    fn scrambled_columns_are_flagged() {
        let doc = clean(
            &source(&format!(
                "{BODY}\n\n，接着上一栏的半句话写下去，这一段开头就不完整。\n\n快速响应\n\n{BODY}"
            )),
            &CleanOptions::default(),
        );
        assert_eq!(doc.scrambled, vec!["p2"]);
        assert_eq!(doc.warnings, vec!["column order looks scrambled in p2"]);
        let tidy = clean(
            &source(&format!("{BODY}\n\n快速响应\n\n{BODY}")),
            &CleanOptions::default(),
        );
        assert!(tidy.scrambled.is_empty() && tidy.warnings.is_empty());
    }

    #[test]
    fn site_boilerplate_patterns_are_removed() {
        let options = CleanOptions::with_boilerplate(&["本报热线.*".to_string()]).unwrap();
        let doc = clean(&source(&format!("{BODY}\n本报热线：12345")), &options);
        assert_eq!(doc.removed[0].kind, "boilerplate");
        assert_eq!(doc.blocks.len(), 1);
    }

    #[test]
    fn markdown_has_one_paragraph_per_paragraph_block() {
        let doc = clean(
            &source(&format!(
                "标题一行\n\n文/某某\n\n【导读】\n{BODY}\n\n小标题\n\n二{BODY}\n\n①图片说明。"
            )),
            &CleanOptions::default(),
        );
        assert_eq!(
            doc.to_markdown(),
            format!("> 【导读】\n\n{BODY}\n\n## 小标题\n\n二{BODY}\n\n<p class=\"caption\">①图片说明。</p>\n")
        );
        assert_eq!(doc.paragraphs().count(), 2);
    }

    /// A headline with its second half on one line runs past 32 characters; before a dateline it
    /// is still the headline, and a page that opens with a document's name (…的通报) has that
    /// name for its title, with no dateline after it.
    #[test]
    fn long_headlines_before_a_dateline_or_naming_a_document() {
        let long = "国庆中秋假期新疆接待游客2186.4万人次 旅游花费同比增长14.2%";
        let doc = clean(
            &source(&format!(
                "{long}\n\n新华社乌鲁木齐10月9日电（记者 王某）{BODY}\n\n另{BODY}"
            )),
            &CleanOptions::default(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some(long));
        assert_eq!(doc.paragraphs().count(), 2);
        let notice = "某市生态环境局关于2025年前三季度全市生态环境执法工作情况的通报";
        let doc = clean(
            &source(&format!("{notice}\n\n今年以来，全市生态环境质量持续改善\n\n{BODY}")),
            &CleanOptions::default(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some(notice));
        // The same line with no dateline after it and naming no document is prose.
        let doc = clean(&source(&format!("{long}\n\n{BODY}")), &CleanOptions::default());
        assert_ne!(doc.meta.title.as_deref(), Some(long));
    }

    /// A web page's source and time line dates the page as a masthead does; its buttons and the
    /// label of its related links are furniture, recorded as removed.
    #[test]
    fn a_web_pages_furniture_is_removed_and_its_date_kept() {
        let page = format!(
            "我市一季度经济运行平稳\n来源：长江日报 | 2024-04-22 09:15:31 | 编辑：刘洋\n字号：大 中 小\n长江日报讯（记者 张明）{BODY}\n另{BODY}\n【纠错】 【打印】 【关闭】\n相关新闻："
        );
        let doc = clean(&source(&page), &CleanOptions::default());
        assert_eq!(doc.meta.title.as_deref(), Some("我市一季度经济运行平稳"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-04-22"));
        assert_eq!(doc.paragraphs().count(), 2);
        assert!(!doc.to_markdown().contains('【'), "{}", doc.to_markdown());
        let removed: Vec<&str> = doc.removed.iter().map(|r| r.text.as_str()).collect();
        for line in [
            "来源：长江日报 | 2024-04-22 09:15:31 | 编辑：刘洋",
            "【纠错】【打印】【关闭】",
            "相关新闻：",
        ] {
            assert!(removed.contains(&line), "{line}: {removed:?}");
        }
        // A repost's original headline is the headline when none came before it.
        let repost = format!(
            "原标题：暴雨致我省12个县受灾 紧急转移群众3.2万人\n发布时间：2025-07-18 07:30:12\n\n人民网长沙7月17日电（记者 刘 洋）{BODY}"
        );
        let doc = clean(&source(&repost), &CleanOptions::default());
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("暴雨致我省12个县受灾 紧急转移群众3.2万人")
        );
        assert_eq!(doc.meta.date.as_deref(), Some("2025-07-18"));
        assert_eq!(doc.meta.authors, ["刘洋"]);
    }

    /// The titles listed under a related-links label are other articles' headlines: removed,
    /// up to the first line of prose, or a headline whose own dateline follows.
    #[test]
    fn related_links_are_removed_but_not_the_story_after_them() {
        let page = format!(
            "我市一季度经济运行平稳\n\n长江日报讯（记者 张明）{BODY}\n\n相关新闻：\n·我省启动防汛Ⅲ级应急响应\n·全市新增就业岗位3.2万个\n\n又{BODY}"
        );
        let doc = clean(&source(&page), &CleanOptions::default());
        let removed: Vec<(&str, &str)> = doc.removed.iter().map(|r| (r.kind.as_str(), r.text.as_str())).collect();
        assert!(
            removed.contains(&("related", "·全市新增就业岗位3.2万个")),
            "{removed:?}"
        );
        assert!(!doc.to_markdown().contains("3.2万个"), "{}", doc.to_markdown());
        // A paragraph of prose ends the list: it is text, not a link.
        assert_eq!(doc.paragraphs().count(), 2, "{}", doc.to_markdown());
        // A headline right before a dateline opens a story: the list ended before it.
        let page = format!(
            "我市一季度经济运行平稳\n\n长江日报讯（记者 张明）{BODY}\n\n相关阅读\n\n全市新增就业岗位3.2万个\n\n长江日报讯（记者 李某）又{BODY}"
        );
        let doc = clean(&source(&page), &CleanOptions::default());
        assert!(
            doc.to_markdown().contains("全市新增就业岗位3.2万个"),
            "{}",
            doc.to_markdown()
        );
    }

    /// A subtitle opened by a dash (the 副题 under a feature's headline) is never the headline,
    /// however long; the masthead's date line and sponsor line are no title either.
    #[test]
    fn a_dash_subtitle_is_not_the_headline() {
        let doc = clean(
            &source(&format!(
                "某某日报  2025年4月17日  星期四  第6版  社会·健康\n中共某某县委主管  某某县融媒体中心主办\n\n早筛查早治疗 守护农村妇女健康\n——我省农村妇女免费两癌筛查工作见闻\n\n本报记者 马某某\n\n{BODY}"
            )),
            &CleanOptions::default(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some("早筛查早治疗 守护农村妇女健康"));
        assert_eq!(doc.meta.date.as_deref(), Some("2025-04-17"));
        assert_eq!(
            doc.title_lines().collect::<Vec<_>>(),
            ["早筛查早治疗 守护农村妇女健康", "——我省农村妇女免费两癌筛查工作见闻"]
        );
    }

    /// Unnumbered lines printed right before a numbered section's heading are the photo captions
    /// between two sections, not headings: the numbered line heads the section.
    #[test]
    fn lines_before_a_numbered_section_heading_are_captions() {
        let page = |second: &str| {
            format!(
                "某市全力稳就业\n\n本报讯（记者 王某）{BODY}\n\n某某医院13名医护人员集结赴黄冈\n\n“某某瓷业”生产车间\n\n{second}\n\n又{BODY}"
            )
        };
        let doc = clean(
            &source(&page("2 “五条保障线”，弹好复工复产“五线谱”")),
            &CleanOptions::default(),
        );
        let kinds: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert!(
            kinds.contains(&(BlockKind::Caption, "某某医院13名医护人员集结赴黄冈")),
            "{kinds:?}"
        );
        assert!(kinds.contains(&(BlockKind::Caption, "“某某瓷业”生产车间")), "{kinds:?}");
        assert_eq!(
            doc.headings().map(|h| h.1).collect::<Vec<_>>(),
            ["2“五条保障线”，弹好复工复产“五线谱”"]
        );
        // Without a numbered line, the run is a heading and its subheadings, as before.
        let doc = clean(&source(&page("弹好复工复产五线谱")), &CleanOptions::default());
        assert_eq!(doc.headings().count(), 3, "{:?}", doc.blocks);
        assert!(
            !doc.blocks.iter().any(|b| b.kind == BlockKind::Caption),
            "{:?}",
            doc.blocks
        );
    }

    #[test]
    fn kickers_and_later_headlines_stay_in_the_body() {
        let doc = clean(
            &source(&format!(
                "省长视察某某工地 并强调\n加快重点项目建设进度 确保年底完工\n\n本报讯（记者 王某）{BODY}\n\n第二条 新闻标题\n\n本报讯（记者 李某）另{BODY}"
            )),
            &CleanOptions::default(),
        );
        assert_eq!(doc.meta.title.as_deref(), Some("加快重点项目建设进度 确保年底完工"));
        assert_eq!(
            doc.to_markdown(),
            format!("<p class=\"kicker\">省长视察某某工地并强调</p>\n\n{BODY}\n\n## 第二条新闻标题\n\n另{BODY}\n")
        );
        let again = clean(&source(&doc.to_markdown()), &CleanOptions::default());
        assert_eq!(again.to_markdown(), doc.to_markdown());
    }

    #[test]
    fn a_closing_byline_in_brackets_opens_no_story() {
        let doc = clean(
            &source(&format!("{BODY}\n\n大美醴陵\n\n（通讯员/刘某 陈某某）")),
            &CleanOptions::default(),
        );
        assert!(
            doc.blocks.iter().all(|b| b.kind != BlockKind::Title),
            "{:?}",
            doc.blocks
        );
        assert_eq!(doc.meta.authors, vec!["刘某", "陈某某"]);
        let trailing_title = CleanDoc {
            blocks: vec![
                Block {
                    kind: BlockKind::Title,
                    text: "甲".into(),
                    line: 1,
                },
                Block {
                    kind: BlockKind::Paragraph,
                    text: "乙。".into(),
                    line: 2,
                },
                Block {
                    kind: BlockKind::Title,
                    text: "丙".into(),
                    line: 3,
                },
            ],
            ..Default::default()
        };
        assert_eq!(split_stories(trailing_title.clone()), vec![trailing_title]);
    }

    #[test]
    fn a_photo_spread_told_in_captions_keeps_them_as_its_text() {
        // A story ends with a photo spread: a heading, a label over each picture, its caption,
        // and the photographer's credit right under it.
        let page = format!(
            "{BODY}{BODY}\n\n我们都是志愿者\n\n检测现场有我\n\n\
             5日，某区团委发布招募令，召集了200余名青年志愿者。截至目前，全区已有400余名青年志愿者在一线。\n\
             某某日报记者/张某 通讯员/李某 摄\n\n配送物资有我\n\n\
             6日，志愿者为封控小区配送物资。\n某某日报记者/王某 摄"
        );
        let stories = split_stories(clean(&source(&page), &CleanOptions::default()));
        let blocks = &stories[0].blocks;
        let paragraphs: Vec<&str> = (blocks.iter())
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(paragraphs.len(), 3, "{blocks:#?}");
        assert!(paragraphs[1].contains("400余名"), "{blocks:#?}");
        assert!(paragraphs[2].starts_with("6日"), "{blocks:#?}");
        // The credits say no sentence: they stay captions.
        let captions = blocks.iter().filter(|b| b.kind == BlockKind::Caption);
        assert_eq!(captions.filter(|b| b.text.ends_with("摄")).count(), 2, "{blocks:#?}");
        // A caption in a section with paragraphs of its own stays a caption, after a heading too.
        for text in [
            format!("{BODY}\n\n{BODY}\n5日，志愿者在社区值守。\n某某日报记者/张某 摄"),
            format!(
                "{BODY}\n\n检测现场有我\n\n5日，志愿者在社区值守。\n某某日报记者/张某 摄\n\n志愿者们每天清晨六点到岗，一直忙到深夜才离开检测点。"
            ),
        ] {
            let stories = split_stories(clean(&source(&text), &CleanOptions::default()));
            let blocks = &stories[0].blocks;
            assert!(
                blocks
                    .iter()
                    .any(|b| b.kind == BlockKind::Caption && b.text.starts_with("5日")),
                "{blocks:#?}"
            );
        }
    }

    #[test]
    fn a_three_line_headline_is_kicker_headline_and_subtitle() {
        let page = "国家统计局发布公告\n全年粮食总产量14130亿斤\n比上年增加221.8亿斤，首次突破1.4万亿斤\n\n\
                    本报北京12月13日电（记者 王某）国家统计局13日发布公告，全国粮食总产量再创新高。";
        let doc = clean(&source(page), &CleanOptions::default());
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("全年粮食总产量14130亿斤"),
            "{:?}",
            doc.blocks
        );
        // Two lines: the longer is the headline, as before.
        let page = "国家统计局发布公告\n全年粮食总产量再创新高达到14130亿斤\n\n\
                    本报北京12月13日电（记者 王某）国家统计局13日发布公告，全国粮食总产量再创新高。";
        let doc = clean(&source(page), &CleanOptions::default());
        assert_eq!(doc.meta.title.as_deref(), Some("全年粮食总产量再创新高达到14130亿斤"));
    }

    #[test]
    fn a_section_number_alone_on_its_line_joins_its_heading() {
        let page = format!(
            "{BODY}\n\n01\n两天迎客28.6万人次\n\n据统计，全县共接待游客28.6万人次。\n\n\
             02\n民宿一房难求\n\n周末期间，全县民宿平均入住率达到92%以上。"
        );
        let doc = clean(&source(&page), &CleanOptions::default());
        let kinds: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert!(
            kinds.contains(&(BlockKind::Heading, "01\u{3000}两天迎客28.6万人次")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(BlockKind::Paragraph, "据统计，全县共接待游客28.6万人次。")),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&(BlockKind::Heading, "02\u{3000}民宿一房难求")),
            "{kinds:?}"
        );
        // A number broken over two lines, or a numeral alone without its 、, joins nothing.
        let page = format!("{BODY}\n\n截至目前，全县共有志愿者\n1\n0余人参与服务\n工作。\n\n二\n十余名干部下沉社区。");
        let doc = clean(&source(&page), &CleanOptions::default());
        assert!(
            !doc.blocks.iter().any(|b| b.text.contains('\u{3000}')),
            "{:?}",
            doc.blocks
        );
    }

    #[test]
    fn markdown_escapes_and_caption_entities_read_back() {
        let raw = format!("{BODY}\n\n#1 *重要* [注] a_b，见<附件>。\n\n①图上写着&lt;A&amp;B&gt;。");
        let first = clean(&source(&raw), &CleanOptions::default());
        let markdown = first.to_markdown();
        let second = clean(&source(&markdown), &CleanOptions::default());
        let texts = |d: &CleanDoc| d.blocks.iter().map(|b| (b.kind, b.text.clone())).collect::<Vec<_>>();
        assert_eq!(texts(&second), texts(&first));
        assert_eq!(second.to_markdown(), markdown);
        assert!(
            first.blocks.iter().any(|b| b.text == "#1 *重要* [注] a_b，见<附件>。"),
            "{:?}",
            first.blocks
        );
        assert!(
            first.blocks.iter().any(|b| b.text == "①图上写着<A&B>。"),
            "{:?}",
            first.blocks
        );
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(escape_markdown("#1 *重要* [注]"), "\\#1 \\*重要\\* \\[注\\]");
        assert_eq!(escape_markdown("1. 第一"), "1\\. 第一");
        for (text, escaped) in [
            ("12) 第二", "12\\) 第二"),
            ("12)第二", "12)第二"),
            ("1.5万人", "1.5万人"),
            ("-3℃到+5℃", "\\-3℃到+5℃"),
            ("a_b|c`d\\e<f>", "a\\_b\\|c\\`d\\\\e\\<f\\>"),
            ("“一盘棋”", "“一盘棋”"),
            ("", ""),
            (
                "核酸检测核酸检测核酸检测*重要*核酸检测",
                "核酸检测核酸检测核酸检测\\*重要\\*核酸检测",
            ),
        ] {
            assert_eq!(escape_markdown(text), escaped, "{text}");
        }
    }

    proptest::proptest! {
        /// Skipping runs of Chinese text eight bytes at a time escapes what a byte-by-byte scan does.
        /// No digits: "1. " at the start is the ordered-list rule, tested on its own above.
        #[test]
        fn escaping_skips_only_chinese(text in "[核酸检测a .*_#|\\[\\]<>`+=-]{0,40}") {
            let mut expected = String::new();
            for (i, c) in text.char_indices() {
                if "\\`*_[]<>|".contains(c) || (i == 0 && "#+-=".contains(c)) {
                    expected.push('\\');
                }
                expected.push(c);
            }
            proptest::prop_assert_eq!(escape_markdown(&text), expected);
        }
    }
}
