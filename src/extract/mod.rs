//! Extract stage: figures, dates and events, places, people, organisations, keywords and a
//! summary, each traceable to its paragraph.
//!
//! Each paragraph is tagged by jieba exactly once; every finder below reads those tags, because
//! tagging is the most expensive step (24 MB/s on the reference machine, 34–39 MB/s on
//! our build machine) and the throughput target is 10 MB/s.

mod dates;
mod entities;
mod figures;
mod keywords;
mod lexicon;
mod numbers;
mod summary;

pub use dates::{DateMention, Timeline, YearSource, read_dates, weekday};
pub use entities::{Names, find as find_names};
pub use figures::figures_in;
pub use keywords::{keywords_from_terms, site_keywords, terms};
pub use lexicon::Lexicon;
pub use numbers::{parse_chinese, parse_number};

use crate::article::{self, Article, DateValue, FrontMatter, Quality};
use crate::clean::CleanDoc;

/// What the extractor needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct ExtractContext {
    /// `default_year` from site.yaml.
    pub default_year: Option<i32>,
    /// Publication date fixed by a sidecar or front matter.
    pub known_date: Option<String>,
}

/// One jieba word of a paragraph, with its byte span in the paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub tag: &'a str,
    pub start: usize,
    pub end: usize,
}

/// A paragraph and its jieba words.
#[derive(Debug, Clone)]
pub struct TaggedParagraph<'a> {
    pub anchor: String,
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
}

/// Tags a text once, keeping byte spans (jieba's own positions are in characters).
pub fn tag_text<'a>(text: &'a str, lex: &'a Lexicon) -> Vec<Token<'a>> {
    let mut at = 0;
    // Collected from a map over the tags, whose length is known, rather than pushed one by one:
    // each push checks the capacity again, and this runs for every word of every paragraph.
    (lex.jieba.tag(text, true).into_iter())
        .map(|t| {
            let start = at;
            at += t.word.len();
            Token {
                word: t.word,
                tag: t.tag,
                start,
                end: at,
            }
        })
        .collect()
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
    if front.title.trim().is_empty()
        && let Some(title) = summary::fallback_title(doc)
    {
        front.title = title;
        front.title_inferred = true;
    }
    // Every paragraph is tagged first, then each is read by every finder: jieba's tables stay in
    // cache while it tags, and ours while they are read. Measured 2-4 % faster than tagging and
    // reading paragraph by paragraph (best of 16 alternating runs); an article's tags are small.
    let mut mentions = Vec::new();
    let mut names = entities::NameFinder::default();
    // A few hundred distinct nouns an article: sized once instead of grown.
    let mut counts = lexicon::WordMap::with_capacity_and_hasher(512, Default::default());
    // Each figure's paragraph text and byte offset there, for dating and ranking it.
    let mut places: Vec<(&str, usize)> = Vec::new();
    // Where prominence words may start in each paragraph ([`Openings`]), for key marking, and
    // each figure's paragraph.
    let mut prominent: Vec<Vec<usize>> = Vec::new();
    let mut paragraph_of: Vec<usize> = Vec::new();
    let mut chars = 0;
    let mut paragraph_count = 0;
    let tagged: Vec<TaggedParagraph> = doc
        .paragraphs()
        .map(|(anchor, b)| TaggedParagraph {
            anchor,
            text: &b.text,
            tokens: tag_text(&b.text, lex),
        })
        .collect();
    // Sized once, where growing them moved every figure read so far four or five times an
    // article: a dense bulletin says a figure in some 150 bytes of text, and a larger guess
    // costs nothing but memory.
    let expected = tagged.iter().map(|p| p.text.len()).sum::<usize>() / 128;
    front.figures.reserve(expected);
    places.reserve(expected);
    paragraph_of.reserve(expected);
    let mut texts: lexicon::WordMap<&str, &str> =
        lexicon::WordMap::with_capacity_and_hasher(tagged.len(), Default::default());
    for p in &tagged {
        let (anchor, text) = (&p.anchor, &p.text);
        let openings = Openings::of(text, lex);
        mentions.extend(dates::mentions_at(p, lex, openings.dates));
        figures::each_placed_figure(p, lex, &openings.numerals, |at, f| {
            places.push((*text, at));
            paragraph_of.push(prominent.len());
            front.figures.push(f);
        });
        prominent.push(openings.prominent);
        names.read(p, lex);
        keywords::count_terms(p, lex, &mut counts);
        chars += article::count_chinese_chars(text);
        paragraph_count += 1;
        texts.insert(anchor.as_str(), text);
    }

    let timeline = dates::resolve_dates(&mentions, &texts, doc.meta.date.as_deref(), ctx);
    front.quality.warnings.extend(timeline.warnings.iter().cloned());
    front.events = timeline.events.clone();
    front.date = timeline.publication.map(dates::date_text);
    front.date_inferred = timeline.publication_inferred;
    for (f, &(text, at)) in front.figures.iter_mut().zip(&places) {
        f.date = timeline.date_at(&f.anchor, text, at).map(dates::date_text);
    }
    let text_of = |n: usize| tagged.get(n.checked_sub(1)?).map(|p| p.text);
    // What the headline says, when there is one: a title taken from the text's first sentence
    // repeats the text and says nothing of what the editor chose.
    let mut headline = if front.title_inferred {
        figures::Headline::default()
    } else {
        figures::Headline::read(&front.title, lex)
    };
    if !front.title_inferred {
        for line in doc.title_lines().filter(|&l| l != front.title) {
            headline.add_deck(line, lex);
        }
    }
    for (paragraph, heading) in doc.headings() {
        headline.add_section(paragraph, heading, lex);
    }
    let prominent: Vec<&[usize]> = paragraph_of.iter().map(|&k| prominent[k].as_slice()).collect();
    figures::mark_key_figures_at(
        &mut front.figures,
        &places,
        &prominent,
        paragraph_count,
        text_of,
        &headline,
        lex,
    );

    let names = names.finish(lex);
    front.places = names.places;
    // The city a dateline files the story from (新华社成都8月4日电) is a place of the story,
    // where it is reported from, though the text never names it again.
    for city in doc.credits.iter().filter_map(|c| c.place.as_deref()) {
        let full = lex.place_short_names.get(city).map_or(city, String::as_str);
        if let Some(place) = lex.places.get(full).filter(|p| p.level != lexicon::PlaceLevel::Town)
            && !front.places.contains(&place.name)
        {
            front.places.insert(0, place.name.clone());
        }
    }
    front.persons = names.persons;
    front.organizations = names.organizations;

    let terms = keywords::counted_terms(counts);
    front.keywords = keywords::keywords_from_terms(&terms, lex, None);
    front.summary = summary::summary_of(doc, lex);
    front.chars = chars;
    front.reading_minutes = article::reading_minutes(chars);
    Article {
        front,
        body: doc.to_markdown(),
        source_path: String::new(),
        terms,
        fixed: Vec::new(),
    }
}

/// Where a figure's number, a date or a prominence word may start in a paragraph: the byte
/// offsets of its numerals, of the characters a date may start with (the numerals of dates, the
/// first characters of the period and relative words), and of the three-byte characters a
/// prominence word starts with (全市, 累计, 其中: the table's words are Han), each in order. The
/// figure and date finders and key marking read every character of a paragraph for these, each
/// with a filter of its own: one read serves all three.
pub(crate) struct Openings {
    pub(crate) numerals: Vec<usize>,
    pub(crate) dates: Vec<usize>,
    pub(crate) prominent: Vec<usize>,
}

impl Openings {
    /// The openings of a paragraph.
    pub(crate) fn of(text: &str, lex: &Lexicon) -> Openings {
        Openings::scan(
            text,
            &lex.openings,
            lex.date_pattern.first_chars(),
            &lex.prominence_first_chars,
        )
    }

    /// The numerals of `text` ([`numbers::is_numeral_bmp`] and ASCII digits), the characters of
    /// `dates` (the BMP characters of the set, and ASCII digits), and the three-byte characters
    /// of `prominent`, where `any` holds at least the three-byte characters of all three sets.
    pub(crate) fn scan(
        text: &str,
        any: &lexicon::CharFilter,
        dates: &lexicon::CharFilter,
        prominent: &lexicon::CharFilter,
    ) -> Openings {
        let mut found = Openings {
            numerals: Vec::with_capacity(16),
            dates: Vec::with_capacity(16),
            prominent: Vec::with_capacity(16),
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        // By bytes, not chars: all numerals and the characters dates and prominence words start
        // with are ASCII or three bytes long in UTF-8, and a three-byte character is tested in
        // place, against the union of the three sets first, which passes few. The lead byte is
        // read alone, and the three-byte characters (nearly all of a paragraph) tested first: a
        // match on the slice from `i` checked its length once an arm.
        while let Some(&b0) = bytes.get(i) {
            if b0 & 0xf0 == 0xe0 {
                // A three-byte lead starts three bytes in a `str`.
                let [_, b1, b2] = bytes[i..i + 3] else { unreachable!() };
                let c = lexicon::three_byte_char(b0, b1, b2);
                if any.may_contain_bmp(c) {
                    if numbers::is_numeral_bmp(b0, b1, b2) {
                        found.numerals.push(i);
                    }
                    if dates.may_contain_bmp(c) {
                        found.dates.push(i);
                    }
                    if prominent.may_contain_bmp(c) {
                        found.prominent.push(i);
                    }
                }
                i += 3;
            } else if b0 < 0x80 {
                if b0.is_ascii_digit() {
                    found.numerals.push(i);
                    found.dates.push(i);
                }
                i += 1;
            } else {
                i += if b0 >= 0xf0 { 4 } else { 2 };
            }
        }
        found
    }
}

/// Sentence ends: 。！？； and their ASCII forms, and line breaks.
static SENTENCE_ENDS: Marks = Marks::new(&['。', '！', '？', '；', '!', '?', ';', '\n']);

/// Where the sentence (up to 。！？；) that contains byte offset `at` starts (right after the last
/// sentence end before it) and ends (at the first sentence end from it), spaces included.
pub(crate) fn sentence_bounds(text: &str, at: usize) -> (usize, usize) {
    let at = floor_boundary(text, at.min(text.len()));
    let start = SENTENCE_ENDS
        .rfind(&text[..at])
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let end = SENTENCE_ENDS
        .find(&text[at..])
        .map(|(i, _)| at + i)
        .unwrap_or(text.len());
    (start, end)
}

/// A few punctuation marks to look for in a paragraph. The finders look around every figure and
/// date for them; instead of decoding every character (as `str::find` with a `[char]` pattern
/// does), the search compares bytes with the first byte of each mark's UTF-8 form and decodes
/// only the characters starting with one. Chinese punctuation starts with bytes (E3, EF) that
/// Han characters (E4–E9) do not.
pub(crate) struct Marks {
    chars: &'static [char],
    first_bytes: [bool; 256],
    /// The distinct first bytes in threes, when there are at most six (，：；。！？ start with
    /// EF and E3; `!?;` and line breaks are ASCII): memchr's vectorised search looks for three
    /// bytes at a time, 16 or 32 bytes a step, where a byte-by-byte table lookup takes a step a
    /// byte.
    leads: [[u8; 3]; 2],
    /// How many of `leads` are in use: 0 when there are more than six first bytes.
    groups: usize,
}

impl Marks {
    pub(crate) const fn new(chars: &'static [char]) -> Marks {
        let mut first_bytes = [false; 256];
        let (mut leads, mut distinct) = ([0; 6], 0);
        let mut k = 0;
        while k < chars.len() {
            let mut utf8 = [0; 4];
            let first = chars[k].encode_utf8(&mut utf8).as_bytes()[0];
            if !first_bytes[first as usize] {
                if distinct < 6 {
                    leads[distinct] = first;
                }
                distinct += 1;
            }
            first_bytes[first as usize] = true;
            k += 1;
        }
        // A group not full repeats its first byte.
        let mut d = distinct;
        while d > 0 && d % 3 != 0 && d < 6 {
            leads[d] = leads[d - d % 3];
            d += 1;
        }
        Marks {
            chars,
            first_bytes,
            leads: [[leads[0], leads[1], leads[2]], [leads[3], leads[4], leads[5]]],
            groups: if distinct <= 6 { distinct.div_ceil(3) } else { 0 },
        }
    }

    /// Where the first byte that may start a mark is in `bytes`.
    fn next_lead(&self, bytes: &[u8]) -> Option<usize> {
        let [[a, b, c], [d, e, f]] = self.leads;
        match self.groups {
            1 => memchr::memchr3(a, b, c, bytes),
            2 => {
                let first = memchr::memchr3(a, b, c, bytes);
                memchr::memchr3(d, e, f, &bytes[..first.unwrap_or(bytes.len())]).or(first)
            }
            _ => bytes.iter().position(|&b| self.first_bytes[usize::from(b)]),
        }
    }

    /// Where the last byte that may start a mark is in `bytes`.
    fn last_lead(&self, bytes: &[u8]) -> Option<usize> {
        let [[a, b, c], [d, e, f]] = self.leads;
        match self.groups {
            1 => memchr::memrchr3(a, b, c, bytes),
            2 => {
                let last = memchr::memrchr3(a, b, c, bytes);
                let from = last.map_or(0, |i| i + 1);
                memchr::memrchr3(d, e, f, &bytes[from..]).map(|i| from + i).or(last)
            }
            _ => bytes.iter().rposition(|&b| self.first_bytes[usize::from(b)]),
        }
    }

    /// The mark that starts at byte `i` of `text`, if one does.
    fn starting_at(&self, text: &str, i: usize) -> Option<char> {
        let c = text.get(i..)?.chars().next()?;
        self.chars.contains(&c).then_some(c)
    }

    /// The first mark in `text`, with its byte offset.
    pub(crate) fn find(&self, text: &str) -> Option<(usize, char)> {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(k) = self.next_lead(&bytes[from..]) {
            let i = from + k;
            if let Some(c) = self.starting_at(text, i) {
                return Some((i, c));
            }
            from = i + 1;
        }
        None
    }

    /// The last mark in `text`, with its byte offset.
    pub(crate) fn rfind(&self, text: &str) -> Option<(usize, char)> {
        let bytes = text.as_bytes();
        let mut end = bytes.len();
        while let Some(i) = self.last_lead(&bytes[..end]) {
            if let Some(c) = self.starting_at(text, i) {
                return Some((i, c));
            }
            end = i;
        }
        None
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Parses a date string of the front matter, for callers outside the module.
pub fn parse_date(s: &str) -> Option<DateValue> {
    DateValue::parse(s)
}

#[cfg(test)]
pub(crate) mod test_lexicon {
    use std::sync::LazyLock;

    use super::Lexicon;
    use crate::config::Extensions;

    /// One lexicon for every test: jieba takes about a second to load in a debug build.
    pub static LEX: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(&Extensions::default()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{Block, BlockKind, DocMeta};

    fn doc(paragraphs: &[&str]) -> CleanDoc {
        CleanDoc {
            meta: DocMeta::default(),
            blocks: paragraphs
                .iter()
                .enumerate()
                .map(|(i, t)| Block {
                    kind: BlockKind::Paragraph,
                    text: t.to_string(),
                    line: i + 1,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_dateline_city_is_a_place_of_the_story() {
        let src = crate::load::Source::from_text(
            "a.txt",
            "新华社成都8月4日电（记者 董某）记者4日从四川省应急管理厅获悉，汉源县遭遇强降雨。",
        );
        let doc = crate::clean::clean(&src, &Default::default());
        let a = extract(&doc, &test_lexicon::LEX, &ExtractContext::default());
        assert_eq!(
            a.front.places.first().map(String::as_str),
            Some("成都市"),
            "{:?}",
            a.front.places
        );
        assert!(a.front.places.iter().any(|p| p == "汉源县"), "{:?}", a.front.places);
        // A paper's own dateline names no city.
        let src = crate::load::Source::from_text("a.txt", "本报讯（记者 张某）昨日，汉源县遭遇强降雨。");
        let doc = crate::clean::clean(&src, &Default::default());
        let a = extract(&doc, &test_lexicon::LEX, &ExtractContext::default());
        assert_eq!(a.front.places, vec!["汉源县"]);
    }

    /// A feature with a sidebar: the story's paragraphs, then, when `heading` is given, a
    /// heading before the last two. Key figures by their text.
    fn keys_with_heading(heading: Option<&str>) -> Vec<String> {
        let story = [
            "本报讯 今年以来，全市新增城镇就业5.6万人，发放创业担保贷款12.8亿元，帮扶困难人员就业1.2万人。",
            "全市累计开展职业技能培训18.6万人次，新增技能人才3.2万人，城镇调查失业率控制在5%以内。",
            "全市举办招聘活动326场，提供就业岗位8.5万个，发放稳岗返还资金3.6亿元，惠及企业2.1万家。",
            "全市新建零工市场16个，服务灵活就业人员4.3万人次。",
        ];
        let sidebar = [
            "据介绍，这些学校于去年开工，总投资38亿元，新增学位2.4万个。",
            "其中新建小学7所、初中5所，均已投入使用。",
        ];
        let mut blocks: Vec<Block> = story
            .iter()
            .map(|t| Block {
                kind: BlockKind::Paragraph,
                text: t.to_string(),
                line: 1,
            })
            .collect();
        if let Some(h) = heading {
            blocks.push(Block {
                kind: BlockKind::Heading,
                text: h.to_string(),
                line: 1,
            });
        }
        blocks.extend(sidebar.iter().map(|t| Block {
            kind: BlockKind::Paragraph,
            text: t.to_string(),
            line: 1,
        }));
        let d = CleanDoc {
            meta: DocMeta {
                title: Some("我市全力稳就业促增收".into()),
                ..Default::default()
            },
            blocks,
            ..Default::default()
        };
        let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
        a.front
            .figures
            .iter()
            .filter(|f| f.key)
            .map(|f| f.text.clone())
            .collect()
    }

    /// A heading that says a figure is a sidebar's headline: its figure is key, and the sidebar
    /// has a lead and a share of the budget of its own. A heading without one is a section's
    /// label: its first figure ranks as a lead's, within the story's own budget.
    #[test]
    fn a_heading_that_says_a_figure_heads_a_story() {
        let plain = keys_with_heading(None);
        let labelled = keys_with_heading(Some("教育资源持续扩容"));
        assert!(!plain.iter().any(|t| t == "38亿元" || t == "2.4万个"), "{plain:?}");
        assert!(labelled.contains(&"38亿元".to_string()), "{labelled:?}");
        assert_eq!(labelled.len(), plain.len(), "{labelled:?} {plain:?}");
        // The sidebar's lead: 12所 is said in its text as 7所 and 5所 only.
        let headed = keys_with_heading(Some("全市今年新建中小学12所"));
        assert!(headed.contains(&"38亿元".to_string()), "{headed:?}");
        assert!(!headed.contains(&"2.4万个".to_string()), "{headed:?}");
        // The heading's own figure, said again in the text.
        let headed = keys_with_heading(Some("新增学位2.4万个"));
        assert!(headed.contains(&"2.4万个".to_string()), "{headed:?}");
    }

    /// The keys of a page of two stories, each opening with its dateline.
    fn keys_of_page(first: &[&str], second: &[&str]) -> (Vec<String>, Vec<String>) {
        let body: Vec<&str> = first.iter().chain(second).copied().collect();
        let a = extract(&doc(&body), &test_lexicon::LEX, &ExtractContext::default());
        let split = first.len();
        let keys = |own: &dyn Fn(usize) -> bool| {
            (a.front.figures.iter())
                .filter(|f| f.key && own(f.anchor[1..].parse::<usize>().unwrap()))
                .map(|f| f.text.clone())
                .collect::<Vec<_>>()
        };
        (keys(&|n| n <= split), keys(&|n| n > split))
    }

    /// A page's second story spends its own share of the key figures: the first story's larger
    /// figures do not take its slots. A story whose figures all rank low still shows its best.
    #[test]
    fn each_story_of_a_page_shows_its_own_figures() {
        let first = [
            "本报讯 今年以来，全市完成固定资产投资1,320亿元，同比增长12.5%。",
            "全市新开工亿元以上项目156个，完成投资586亿元。",
            "全市规模以上工业增加值增长9.8%，实现营业收入2,860亿元。",
            "全市一般公共预算收入354亿元，增长6.2%。",
            "全市新增城镇就业6.3万人，引进市外资金1,120亿元。",
        ];
        let second = [
            "本报讯 昨天，市红十字会在文化广场举办无偿献血活动。",
            "活动共有326名市民成功献血，采集血液10.4万毫升。",
            "其中首次献血者121人。市中心血站还为献血者发放纪念品500份，登记造血干细胞志愿者86人。",
        ];
        let (one, two) = keys_of_page(&first, &second);
        assert!(!one.is_empty(), "{one:?}");
        assert!(
            two.len() >= 2,
            "the second story keeps its share: {two:?} (first: {one:?})"
        );
        // A story of small things: none ranks, and the best of them is still shown.
        let small = [
            "本报讯 昨天上午，社区网格员走访辖区独居老人。",
            "网格员为独居老人送去大米200袋，并检修了电器。",
        ];
        let (_, two) = keys_of_page(&first, &small);
        assert_eq!(two, ["200袋"]);
        // A story whose only figure is an age shows none: an age is never key.
        let age = ["本报讯 昨天上午，今年85岁的退休教师王某向社区捐出一批图书。"];
        let (_, two) = keys_of_page(&first, &age);
        assert!(two.is_empty(), "{two:?}");
    }

    /// A section under a heading that names no figure (一、工业生产较快增长) opens with its main
    /// figure, as a story's lead does: the first figure after the heading ranks as a lead's.
    #[test]
    fn a_section_opens_with_its_lead_figure() {
        let body = [
            "本报讯 上半年，全市实现地区生产总值2,012亿元，同比增长6.1%。",
            "全市规模以上工业增加值同比增长9.3%，规上工业企业实现营业收入1,856亿元，增长8.5%。",
            "全市固定资产投资增长5.2%，其中工业投资增长18.7%。",
            "全市社会消费品零售总额986亿元，增长5.9%，限额以上单位通讯器材类零售额增长36.8%。",
            "全市在库亿元以上项目1,024个，新开工亿元以上项目163个。",
            "全市全体居民人均可支配收入19,826元，同比增长5.4%。",
        ];
        let keys = |headed: bool| {
            let mut d = doc(&body);
            if headed {
                let heading = |text: &str| Block {
                    kind: BlockKind::Heading,
                    text: text.into(),
                    line: 0,
                };
                d.blocks.insert(5, heading("四、居民收入平稳增长"));
            }
            let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
            a.front
                .figures
                .into_iter()
                .filter(|f| f.key)
                .map(|f| f.text)
                .collect::<Vec<_>>()
        };
        let plain = keys(false);
        assert!(!plain.contains(&"19,826元".to_string()), "{plain:?}");
        let headed = keys(true);
        assert!(headed.contains(&"19,826元".to_string()), "{headed:?}");
    }

    /// A numbered part of a long report (二、…) tells a topic of its own and has a share of the
    /// budget, as a sidebar does: the article shows more figures than under a heading that only
    /// labels the part, whose figures compete with the whole story's for the story's share.
    #[test]
    fn a_numbered_part_has_its_own_share() {
        let first = [
            "本报讯 今年以来，全市完成固定资产投资1,320亿元，同比增长12.5%。",
            "全市新开工亿元以上项目156个，完成投资586亿元。",
            "全市规模以上工业增加值增长9.8%，实现营业收入2,860亿元。",
            "全市一般公共预算收入354亿元，增长6.2%。",
            "全市新增城镇就业6.3万人。",
        ];
        let second = [
            "全市新建改扩建中小学42所，新增学位3.2万个。",
            "全市招聘教师2,160人，其中农村学校1,960人。",
            "全市发放助学金1.2亿元。",
        ];
        let keys_in_part = |heading: &str| {
            let mut d = doc(&first);
            d.blocks.push(Block {
                kind: BlockKind::Heading,
                text: heading.into(),
                line: 0,
            });
            d.blocks.extend(doc(&second).blocks);
            let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
            let keys: Vec<usize> = (a.front.figures.iter())
                .filter(|f| f.key)
                .map(|f| f.anchor[1..].parse::<usize>().unwrap())
                .collect();
            (keys.len(), keys.iter().filter(|&&n| n > first.len()).count())
        };
        let (labelled, _) = keys_in_part("教育资源持续扩容");
        let (numbered, in_part) = keys_in_part("二、教育资源持续扩容");
        assert!(numbered > labelled, "numbered {numbered}, labelled {labelled}");
        assert!(in_part >= 2, "{in_part}");
    }

    proptest::proptest! {
        /// Each token's span is its word's place in the text, as jieba's words follow each other:
        /// the tokens give back the text, with jieba's words and tags in order.
        #[test]
        fn tokens_span_the_words_jieba_tags(text in "[新增确诊病例2024年，。均突破20亿元abc 𠀀]{0,24}") {
            let lex = &test_lexicon::LEX;
            let tokens = tag_text(&text, lex);
            let tags = lex.jieba.tag(&text, true);
            proptest::prop_assert_eq!(tokens.len(), tags.len());
            let mut at = 0;
            for (token, tag) in tokens.iter().zip(&tags) {
                proptest::prop_assert_eq!((token.word, token.tag, token.start), (tag.word, tag.tag, at));
                at += tag.word.len();
                proptest::prop_assert_eq!(token.end, at);
                proptest::prop_assert_eq!(&text[token.start..token.end], token.word);
            }
            proptest::prop_assert_eq!(at, text.len());
        }
    }

    proptest::proptest! {
        /// The marks are found where a search character by character finds them.
        #[test]
        fn marks_are_found_where_characters_are_compared(text in "[。！？；，、：!?;,\n“”ab1一中㐀豈\u{3000}\u{FF01}-\u{FF1F}]{0,30}") {
            static SOME: Marks = Marks::new(&['，', '：', ',', '；', '。', '！', '？']);
            // Four first bytes (a second group of one), and eight (no groups: the table).
            static FOUR: Marks = Marks::new(&['。', '！', '!', '?']);
            static EIGHT: Marks = Marks::new(&['。', '！', '!', '?', ';', '\n', ',', 'a']);
            for marks in [&SOME, &SENTENCE_ENDS, &FOUR, &EIGHT] {
                let is_mark = |c: char| marks.chars.contains(&c);
                let first = text.char_indices().find(|&(_, c)| is_mark(c));
                let last = text.char_indices().rev().find(|&(_, c)| is_mark(c));
                proptest::prop_assert_eq!(marks.find(&text), first);
                proptest::prop_assert_eq!(marks.rfind(&text), last);
            }
        }

        /// One read of a text finds where the figure finder's numerals, the date finder's
        /// openings and the prominence words' first characters stand, as each found them
        /// reading the text alone: the numerals as `is_numeral_code` tells them, the openings as
        /// ASCII digits and the three-byte characters of the date pattern's set, the prominence
        /// words' as the characters of theirs (all three bytes long); characters of one to four
        /// bytes around them.
        #[test]
        fn openings_are_where_each_finder_found_its_own(
            text in "[0-9０５一二十百千万亿两〇零年月日今上半本前第当次全累新其分共a，。é中𠀀 ]{0,24}",
        ) {
            use crate::extract::test_lexicon::LEX;
            let found = Openings::of(&text, &LEX);
            let numerals: Vec<usize> = (text.char_indices())
                .filter(|&(_, c)| c.is_ascii_digit() || (c.len_utf8() == 3 && numbers::is_numeral_code(c as u32)))
                .map(|(i, _)| i)
                .collect();
            let dates: Vec<usize> = (text.char_indices())
                .filter(|&(_, c)| c.is_ascii_digit() || (c.len_utf8() == 3 && LEX.date_pattern.first_chars().may_contain(c)))
                .map(|(i, _)| i)
                .collect();
            let prominent: Vec<usize> = (text.char_indices())
                .filter(|&(_, c)| LEX.prominence_first_chars.may_contain(c) && c.len_utf8() == 3)
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(found.numerals, numerals);
            proptest::prop_assert_eq!(found.dates, dates);
            proptest::prop_assert_eq!(found.prominent, prominent);
        }
    }

    /// Key marking looks for prominence words only where [`Openings`] found a first character
    /// of theirs, and it finds those of three bytes only: the table's words are Han.
    #[test]
    fn prominence_words_start_with_three_byte_characters() {
        use crate::extract::test_lexicon::LEX;
        for (word, _) in &LEX.prominence {
            assert!(word.chars().next().is_some_and(|c| c.len_utf8() == 3), "{word:?}");
        }
    }

    #[test]
    fn marks_group_their_first_bytes_for_the_vectorised_search() {
        static SOME: Marks = Marks::new(&['，', '：', ',', '；', '。', '！', '？']);
        assert_eq!((SOME.groups, SOME.leads[0]), (1, [0xEF, b',', 0xE3]));
        assert_eq!(
            (SENTENCE_ENDS.groups, SENTENCE_ENDS.leads),
            (2, [[0xE3, 0xEF, b'!'], [b'?', b';', b'\n']])
        );
        static FOUR: Marks = Marks::new(&['。', '！', '!', '?']);
        assert_eq!((FOUR.groups, FOUR.leads[1]), (2, [b'?', b'?', b'?']));
        static EIGHT: Marks = Marks::new(&['。', '！', '!', '?', ';', '\n', ',', 'a']);
        assert_eq!(EIGHT.groups, 0);
    }

    #[test]
    fn sentences_are_found_around_an_offset() {
        let text = "第一句。第二句有数字5人；第三句";
        let at = text.find('5').unwrap();
        let sentence_around = |at: usize| {
            let (start, end) = sentence_bounds(text, at);
            text[start..end].trim()
        };
        assert_eq!(sentence_around(at), "第二句有数字5人");
        assert_eq!(sentence_around(0), "第一句");
        assert_eq!(sentence_around(text.len()), "第三句");
    }

    #[test]
    fn every_figure_and_event_points_into_its_paragraph() {
        let d = doc(&[
            "2021年7月29日，某区新增报告2例无症状感染者。",
            "7月30日至8月9日，全市累计核酸检测120万人次，投入资金3000万元。",
        ]);
        let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
        assert!(a.front.figures.len() >= 3, "{:?}", a.front.figures);
        assert!(a.front.events.len() >= 2, "{:?}", a.front.events);
        let texts: Vec<(String, &str)> = d.paragraphs().map(|(id, b)| (id, b.text.as_str())).collect();
        let paragraph = |anchor: &str| texts.iter().find(|(id, _)| id == anchor).map(|(_, t)| *t).unwrap();
        for f in &a.front.figures {
            assert!(paragraph(&f.anchor).contains(&f.text), "{f:?}");
        }
        for e in &a.front.events {
            assert!(paragraph(&e.anchor).contains(&e.text), "{e:?}");
        }
        assert_eq!(a.front.date.as_deref(), Some("2021-08-09"));
        assert!(a.front.date_inferred);
        assert!(a.front.figures.iter().any(|f| f.key));
    }

    #[test]
    fn figures_take_the_date_of_their_clause() {
        let d = doc(&["7月29日，新增2例确诊病例。全市累计检测120万人次，8月3日又新增1例。"]);
        let ctx = ExtractContext {
            default_year: Some(2021),
            known_date: None,
        };
        let a = extract(&d, &test_lexicon::LEX, &ctx);
        let dates: Vec<(&str, Option<&str>)> = a
            .front
            .figures
            .iter()
            .map(|f| (f.text.as_str(), f.date.as_deref()))
            .collect();
        assert_eq!(
            dates,
            [
                ("2例", Some("2021-07-29")),
                ("120万人次", Some("2021-08-03")),
                ("1例", Some("2021-08-03"))
            ]
        );
        // A sentence without a date between two that have one: its figure has none.
        let d = doc(&["7月29日，新增2例。累计检测120万人次！8月3日又新增1例。"]);
        let a = extract(&d, &test_lexicon::LEX, &ctx);
        let dates: Vec<Option<&str>> = a.front.figures.iter().map(|f| f.date.as_deref()).collect();
        assert_eq!(dates, [Some("2021-07-29"), None, Some("2021-08-03")]);
    }

    #[test]
    fn a_figure_the_headline_repeats_is_key() {
        let body = [
            "本报讯 全市第三季度检查企业3,400家，发现问题1,860个，罚款金额320万元。",
            "其中整改完成1,700个，整改率91.4%。",
            "全市共有安全生产监管人员460名，今年新增120名。",
            "此外，各区还开展安全检查1.2万次。",
        ];
        let key_of = |title: Option<&str>| {
            let a = extract_titled(title, &body);
            a.front.figures.iter().find(|f| f.text == "1.2万次").map(|f| f.key)
        };
        assert_eq!(key_of(None), Some(false), "without the headline, 1.2万次 ranks low");
        assert_eq!(key_of(Some("三季度全市开展安全检查1.2万次")), Some(true));
        // A headline figure that is not in the text marks nothing.
        assert_eq!(key_of(Some("三季度全市开展安全检查1.5万次")), Some(false));
        // A kicker or a subtitle says the figure as well as the headline does.
        let deck_key = |deck: &str| {
            let mut d = doc(&body);
            d.meta.title = Some("全市安全生产形势总体平稳".into());
            let title = |text: &str| Block {
                kind: BlockKind::Title,
                text: text.into(),
                line: 1,
            };
            d.blocks.splice(0..0, [title(deck), title("全市安全生产形势总体平稳")]);
            let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
            a.front.figures.iter().find(|f| f.text == "1.2万次").map(|f| f.key)
        };
        assert_eq!(deck_key("三季度开展安全检查1.2万次"), Some(true));
        assert_eq!(deck_key("三季度开展安全检查"), Some(false));
    }

    /// The article of `body` under a headline, or none.
    fn extract_titled(title: Option<&str>, body: &[&str]) -> Article {
        let mut d = doc(body);
        d.meta.title = title.map(String::from);
        extract(&d, &test_lexicon::LEX, &ExtractContext::default())
    }

    /// The keys of an article with a headline, as the texts of its key figures.
    fn keys_with_title(title: &str, body: &[&str]) -> Vec<String> {
        let a = extract_titled(Some(title), body);
        a.front.figures.into_iter().filter(|f| f.key).map(|f| f.text).collect()
    }

    /// A figure of what the headline names ranks above one of the same weight that is not: the
    /// same body, two headlines, and the key figure after the lead follows the headline's topic.
    #[test]
    fn a_figure_of_the_headlines_topic_ranks_higher() {
        let body = [
            "本报讯 全市上半年地区生产总值3,561亿元，增长5.2%。",
            "全市今年新建公园42个，新建停车场42个，新建口袋广场42个。",
            "全市上半年培训城镇失业人员3.6万人。全市上半年培训返乡创业农民工3.5万人。",
        ];
        // Without the headline's topic, the larger count ranks first.
        let keys = keys_with_title("我市上半年职业技能培训成效明显", &body);
        assert!(keys.iter().any(|k| k == "3.6万人"), "{keys:?}");
        assert!(!keys.iter().any(|k| k == "3.5万人"), "{keys:?}");
        let keys = keys_with_title("我市上半年返乡创业农民工持续增加", &body);
        assert!(keys.iter().any(|k| k == "3.5万人"), "{keys:?}");
        assert!(!keys.iter().any(|k| k == "3.6万人"), "{keys:?}");
    }

    /// The headline's own figures leave the rest of its kind to compete on their rank: a bulletin
    /// headlines its new cases, and its cumulative count is still key.
    #[test]
    fn the_headlines_figures_do_not_crowd_out_their_kind() {
        let body = [
            "本报讯 昨日0时至24时，全市新增本土确诊病例6例、无症状感染者21例。",
            "截至昨日24时，本轮疫情累计报告本土确诊病例87例。",
            "全市当天完成核酸采样276.5万人次，发放防疫物资3万余份，储备隔离房间1.8万间。",
            "全市投入防控资金8,000万元，组织志愿者2万余名。",
        ];
        let keys = keys_with_title("全市新增本土确诊病例6例、无症状感染者21例", &body);
        assert!(keys.iter().any(|k| k == "87例"), "{keys:?}");
    }

    /// What no keyword of the category table names (岗位) still makes a headline: a job fair's
    /// posts are its news.
    #[test]
    fn a_count_of_no_known_category_can_be_key() {
        let body = [
            "本报讯 本场招聘会提供就业岗位3.2万余个。",
            "现场还设置了政策咨询台12个。",
            "据悉，活动将持续3天。",
        ];
        let keys = keys_with_title("春季招聘会举行", &body);
        assert!(keys.iter().any(|k| k == "3.2万余个"), "{keys:?}");
    }

    #[test]
    fn length_counts_chinese_characters() {
        let a = extract(
            &doc(&["核酸检测 2861 人次，N95口罩"]),
            &test_lexicon::LEX,
            &ExtractContext::default(),
        );
        assert_eq!((a.front.chars, a.front.reading_minutes), (8, 1));
    }

    proptest::proptest! {
        /// Any mix of numerals, units, date words and punctuation: no panic, and every figure and
        /// event still points at its own words.
        #[test]
        fn arbitrary_number_soup_is_safe(text in "[0-9,.一二两三十百千万亿〇年月日时至到、，。；“”%第余多近约上个名元万人次岁天今当次星期-]{0,40}") {
            let d = doc(&[text.as_str()]);
            let a = extract(&d, &test_lexicon::LEX, &ExtractContext::default());
            for f in &a.front.figures {
                proptest::prop_assert!(text.contains(&f.text) && f.value.is_finite());
            }
            for e in &a.front.events {
                proptest::prop_assert!(text.contains(&e.text));
            }
        }
    }

    #[test]
    fn empty_and_odd_documents_do_not_panic() {
        for texts in [
            vec![],
            vec![""],
            vec!["。。。"],
            vec!["1"],
            vec!["第", "万亿", "%%%", "年月日", "1,,000元"],
        ] {
            let a = extract(&doc(&texts), &test_lexicon::LEX, &ExtractContext::default());
            assert!(a.front.figures.iter().all(|f| f.value.is_finite()));
        }
    }
}
