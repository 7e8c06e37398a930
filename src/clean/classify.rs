//! What one normalised line is, judged from the line alone: page furniture, lead marker, byline,
//! caption, dateline, heading-like, fragment or prose. Context (what comes before and after)
//! is applied later, in `structure`.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::article::is_han;

use super::normalize::is_cjk_punct;

/// The class a line gets from the line table (`lines.tsv`) or from the built-in rules.
#[derive(Debug, Clone, PartialEq)]
pub enum LineClass {
    /// Masthead paper name: removed, and the page's `source` when it comes before any story.
    Paper,
    /// Masthead date line: removed, and the page's `date`.
    MastheadDate(Option<String>),
    /// Page furniture, removed with this removal kind (`masthead`, `boilerplate`).
    Furniture(&'static str),
    /// A deck marker such as `【核心阅读】`.
    Lead,
    /// A byline with the author names it holds.
    Byline(Vec<String>),
    /// A line of two-to-four-character names and nothing else: a byline where it follows a
    /// headline, prose elsewhere.
    Names(Vec<String>),
    /// A photo caption.
    Caption,
    /// A photo credit alone on its line (`记者 张三 摄`).
    Credit,
    /// A short line without sentence punctuation: a title or heading, depending on context.
    HeadingLike,
    /// A lone character or two.
    Fragment,
    /// Prose; `dateline` holds the dateline cut from its start.
    Prose(Option<Dateline>),
}

/// A dateline cut from the start of a paragraph: `株洲日报讯（全媒体记者/成炫兰）`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// The dateline as printed, for the removal record.
    pub text: String,
    pub source: Option<String>,
    pub authors: Vec<String>,
    /// `--MM-DD` when the dateline gives a day.
    pub date: Option<String>,
    /// The city the story is filed from (`本报北京12月13日电`, `新华社成都8月4日电`): what
    /// follows the paper's or the agency's name.
    pub place: Option<String>,
}

struct LineTable {
    set: RegexSet,
    classes: Vec<&'static str>,
    /// Only the caption patterns: the one class that may be a long line. Furniture, bylines and
    /// markers are short, and skipping their patterns on long lines keeps the cleaner fast.
    long_set: RegexSet,
    long_classes: Vec<&'static str>,
}

/// Lines longer than this (in chars) are only tried against caption patterns.
const SHORT_LINE: usize = 50;

static LINES: LazyLock<LineTable> = LazyLock::new(|| {
    let rows: Vec<(&str, String)> = include_str!("lines.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(class, pattern)| (class, format!("^(?:{pattern})$")))
        .collect();
    let long: Vec<&(&str, String)> = rows.iter().filter(|(c, _)| c.starts_with("caption")).collect();
    LineTable {
        set: RegexSet::new(rows.iter().map(|(_, p)| p)).expect("lines.tsv holds valid patterns"),
        classes: rows.iter().map(|(c, _)| *c).collect(),
        long_set: RegexSet::new(long.iter().map(|(_, p)| p)).expect("lines.tsv holds valid patterns"),
        long_classes: long.iter().map(|(c, _)| *c).collect(),
    }
});

impl LineTable {
    /// The classes of the table rows that match the whole line.
    fn classes_of(&self, text: &str) -> Vec<&'static str> {
        let (set, classes) = if text.len() > SHORT_LINE * 3 && text.chars().count() > SHORT_LINE {
            (&self.long_set, &self.long_classes)
        } else {
            (&self.set, &self.classes)
        };
        set.matches(text).iter().map(|i| classes[i]).collect()
    }
}

/// Role words (`记者`, `通讯员`, `摄`…) and whether names after them are authors.
static ROLES: LazyLock<Vec<(&'static str, bool)>> = LazyLock::new(|| {
    let mut roles: Vec<(&str, bool)> = include_str!("credits.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(role, word)| (word, role == "author"))
        .collect();
    // Longest first, so `全媒体记者` wins over `记者`.
    roles.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    roles
});

static SELF_SOURCES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("self_sources.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
});

static SURNAMES: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("surnames.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
});

/// Whether a two-to-four-character word starts with a known surname.
fn starts_with_surname(word: &str) -> bool {
    let mut ends = word.char_indices().map(|(i, c)| i + c.len_utf8());
    let one = ends.next().map(|e| &word[..e]);
    let two = ends.next().map(|e| &word[..e]);
    one.is_some_and(|s| SURNAMES.contains(s)) || two.is_some_and(|s| SURNAMES.contains(s))
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<src>\p{Han}{2,12}?)(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:讯|电)(?:\s*[（(](?P<who>[^（）()]{1,60})[）)]|\s+(?P<bare>[^，。：:（）()]{2,30}?)(?:\s*报道)?[：:]|(?P<plain>\s+))\s*")
        .expect("valid dateline pattern")
});

/// Longest dateline the pattern can match, in chars (source, day, bracket with names).
const DATELINE_CHARS: usize = 100;

static MASTHEAD_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})[年-](\d{1,2})[月-](\d{1,2})").expect("valid date pattern"));

/// The first full date of a masthead's or a web page's date line, as `YYYY-MM-DD`.
fn masthead_date(text: &str) -> Option<String> {
    MASTHEAD_DATE.captures(text).and_then(|c| {
        let (y, m, d) = (
            c[1].parse::<u32>().ok()?,
            c[2].parse::<u32>().ok()?,
            c[3].parse::<u32>().ok()?,
        );
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

/// Sentence-ending punctuation: a line ending with one of these is a finished sentence.
pub const TERMINAL: &[char] = &['。', '！', '？', '!', '?', '…', '；', ';'];

/// Closing quotes and brackets that may follow the sentence end.
const CLOSERS: &[char] = &['”', '’', '"', '\'', '）', ')', '」', '』', '】', '》'];

/// Whether the text ends a sentence (closing quotes and brackets after the stop are allowed).
pub fn ends_sentence(text: &str) -> bool {
    let body = text.trim_end().trim_end_matches(CLOSERS);
    // A Latin sentence ends in a full stop after a word (first day.), not after a digit (3.).
    let latin = body
        .strip_suffix('.')
        .is_some_and(|rest| rest.ends_with(|c: char| c.is_ascii_alphabetic() || matches!(c, ')' | '"' | '\'')));
    body.ends_with(TERMINAL) || latin
}

/// Whether the text starts with a mark that cannot begin a sentence, so it continues the
/// previous line.
pub fn starts_mid_sentence(text: &str) -> bool {
    text.starts_with([
        '，', '。', '、', '；', '：', '？', '！', '）', '”', '’', '」', '』', '》', ',', '.', ';', ':', ')',
    ])
}

/// Classifies one normalised, non-empty line. `extra` are the site's own boilerplate patterns.
pub fn classify_line(text: &str, extra: &[Regex]) -> LineClass {
    if extra.iter().any(|r| r.is_match(text)) {
        return LineClass::Furniture("boilerplate");
    }
    let matched = LINES.classes_of(text);
    let has = |class: &str| matched.contains(&class);
    // A web page's source and time line is boilerplate that dates the page.
    if has("webdate") {
        return LineClass::MastheadDate(masthead_date(text));
    }
    // Boilerplate first: `扫码关注南岭晚报` ends like a paper name but is an invitation.
    if has("boilerplate") || has("related") {
        return LineClass::Furniture("boilerplate");
    }
    if has("paper") {
        return LineClass::Paper;
    }
    if has("date") {
        return LineClass::MastheadDate(masthead_date(text));
    }
    if has("masthead") {
        return LineClass::Furniture("masthead");
    }
    if has("lead") {
        return LineClass::Lead;
    }
    if let Some(dateline) = dateline_of(text) {
        return LineClass::Prose(Some(dateline));
    }
    let han = text.chars().filter(|c| is_han(*c)).count();
    if has("caption") {
        let credit_only = !text.contains(['。', '，', '！', '？']) && han <= 30 && has_photo_role(text);
        return if credit_only {
            LineClass::Credit
        } else {
            LineClass::Caption
        };
    }
    if has("byline") && !text.contains('。') {
        return LineClass::Byline(names_in(text));
    }
    if let Some(names) = names_line(text) {
        return LineClass::Names(names);
    }
    let chars = text.chars().count();
    if han <= 2 && chars <= 3 && !text.chars().any(|c| c.is_ascii_digit()) {
        return LineClass::Fragment;
    }
    if heading_like(text, han) {
        return LineClass::HeadingLike;
    }
    LineClass::Prose(None)
}

/// Whether a line labels a web page's list of links to other articles (`相关新闻：`, `延伸阅读`).
pub fn is_related_label(text: &str) -> bool {
    LINES.classes_of(text).contains(&"related")
}

/// Whether a caption opens with its own marker (`①`, `图为`), so it starts there.
pub fn has_caption_mark(text: &str) -> bool {
    LINES.classes_of(text).contains(&"caption-mark")
}

fn has_photo_role(text: &str) -> bool {
    text.trim_end_matches(CLOSERS).ends_with("摄")
        || text.trim_end_matches(CLOSERS).ends_with("摄影")
        || text.contains("供图")
}

/// Short, no sentence inside, at least two Han characters. A heading may end with `！` when it
/// is a parallel phrase (`冲锋陷阵，舍我其谁！`), as Chinese section heads often are.
fn heading_like(text: &str, han: usize) -> bool {
    heading_like_within(text, han, 32)
}

/// Whether a line that stands right before a dateline reads as a headline: as [`heading_like`],
/// but up to 64 characters. A headline and its second half on one line (`国庆中秋假期新疆接待游客
/// 2186.4万人次 旅游花费同比增长14.2%`) or a notice's title (`…关于…工作情况的通报`) runs past
/// the 32 a heading elsewhere may have; a dateline after it says it heads the story.
pub fn headline_before_dateline(text: &str) -> bool {
    heading_like_within(text, text.chars().filter(|c| is_han(*c)).count(), 64)
}

/// Whether a long line names a document (`芜湖市生态环境局关于2025年前三季度全市生态环境执法工作
/// 情况的通报`): a notice, report or decision is titled with what it is, and a bureau's website
/// prints it with no dateline after it.
pub fn document_title(text: &str) -> bool {
    const KINDS: [&str; 10] = [
        "通报", "通知", "通告", "公告", "决定", "意见", "办法", "方案", "报告", "公报",
    ];
    KINDS.iter().any(|k| text.ends_with(k)) && headline_before_dateline(text)
}

fn heading_like_within(text: &str, han: usize, most: usize) -> bool {
    let chars = text.chars().filter(|c| *c != ' ').count();
    if han < 2 || chars > most || text.contains(['。', '；', '？', '?', ';']) {
        return false;
    }
    if text.ends_with(['，', '、', '：', ',', ':', '…', '—']) {
        return false;
    }
    // A quote left open or two clauses or more: a sentence cut by the layout, not a heading.
    let unbalanced = if text.contains('"') {
        text.matches('"').count() % 2 == 1
    } else {
        text.matches('“').count() != text.matches('”').count()
    };
    let clauses = text.matches(['，', ',']).count() + 1;
    if unbalanced || (clauses >= 3 && !text.ends_with(['！', '!'])) {
        return false;
    }
    if text.ends_with(['！', '!']) {
        // Parallel phrases only: every part a short phrase.
        return text
            .split(['，', '！', '!', ' '])
            .filter(|p| !p.is_empty())
            .all(|p| (2..=8).contains(&p.chars().count()))
            && text.contains(['，', ' ']);
    }
    // Mostly Han: a line of numbers (`2022年11月7日`) is a signature or a date, not a heading.
    (han >= 4 && han * 3 >= chars) || han * 3 >= chars * 2
}

/// Joins a two-character name printed with a space between its characters to line up with
/// three-character ones (`（记者 刘 洋）`): a surname standing alone, a space, one Han character
/// standing alone.
fn join_padded_names(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let alone = |i: usize| {
        chars.get(i).is_some_and(|&c| is_han(c))
            && i.checked_sub(1).and_then(|j| chars.get(j)).is_none_or(|&c| !is_han(c))
            && chars.get(i + 1).is_none_or(|&c| !is_han(c) || c == ' ')
    };
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let padded = c == ' '
            && i > 0
            && alone(i - 1)
            && starts_with_surname(&chars[i - 1].to_string())
            && chars.get(i + 1).is_some_and(|&n| is_han(n))
            && chars.get(i + 2).is_none_or(|&n| !is_han(n));
        if !padded {
            out.push(c);
        }
    }
    out
}

/// A line that is only personal names (two to four Han characters each, spaces between).
fn names_line(text: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split([' ', '、']).filter(|p| !p.is_empty()).collect();
    let ok = !parts.is_empty()
        && parts.len() <= 6
        && parts
            .iter()
            .all(|p| (2..=3).contains(&p.chars().count()) && p.chars().all(is_han) && starts_with_surname(p));
    ok.then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// Cuts a dateline (`湖南日报11月7日讯（全媒体记者 邓晶琰）`) from the start of a paragraph. The
/// bracket must name a role (`记者`, `通讯员`…), which tells a dateline from prose that happens to
/// contain `讯(`.
pub fn dateline_of(text: &str) -> Option<Dateline> {
    // A dateline is short and at the start: search only the head of the paragraph.
    let head = text
        .char_indices()
        .nth(DATELINE_CHARS)
        .map_or(text, |(i, _)| &text[..i]);
    let caps = DATELINE.captures(head)?;
    // `本报北京4月20日电  记者从国铁集团获悉：` names no one before its colon: that is the lead's
    // first clause, and the dateline ends before it.
    let unnamed = caps.name("bare").filter(|b| names_in(b.as_str()).is_empty());
    let who = match unnamed {
        Some(_) => "",
        None => caps
            .name("who")
            .or_else(|| caps.name("bare"))
            .map_or("", |m| m.as_str()),
    };
    let matched = unnamed.map_or(&caps[0], |b| &head[..b.start()]);
    let src = &caps["src"];
    let self_source = SELF_SOURCES.iter().any(|s| src.starts_with(s));
    if caps.name("plain").is_some() || unnamed.is_some() {
        // A dateline that names no one (新华社长沙4月20日电 记者从…获悉, 本报讯 近日，…) still
        // has its day or names a paper or an agency: prose that happens to hold 讯 has neither.
        let dated = caps.name("d").is_some();
        if !(dated || self_source || src.contains(['社', '报'])) {
            return None;
        }
    } else if !ROLES.iter().any(|(w, author)| *author && who.contains(w)) {
        return None;
    }
    // `本报北京5月31日电`: the paper calls itself "this paper" and names the city; no source.
    let source = (!self_source).then(|| src.to_string());
    let date = match (caps.name("m"), caps.name("d")) {
        (Some(m), Some(d)) => {
            let (m, d) = (m.as_str().parse::<u32>().ok()?, d.as_str().parse::<u32>().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("--{m:02}-{d:02}"))
        }
        _ => None,
    };
    // The city: two to four characters after the name, which ends in 社 报 or 网 (新华社,
    // 本报, 人民网); 株洲日报讯 names none.
    let place = (src.rfind(['社', '报', '网']))
        .map(|i| &src[i + '社'.len_utf8()..])
        .filter(|p| (2..=4).contains(&p.chars().count()))
        .map(String::from);
    Some(Dateline {
        text: matched.trim_end().to_string(),
        source,
        authors: names_in(who),
        date,
        place,
    })
}

/// The author names in a byline or a dateline bracket: names after an author role word, not
/// those after a photo role (`摄`, `供图`), which credit pictures.
pub fn names_in(text: &str) -> Vec<String> {
    let text = &join_padded_names(text);
    let mut names = Vec::new();
    let mut authors_follow = true;
    for token in text.split(|c: char| c == ' ' || c == '/' || c == '／' || c == '、' || is_cjk_punct(c) || c == ':') {
        let mut token = token.trim_matches(|c: char| c == '(' || c == ')');
        if token.is_empty() {
            continue;
        }
        // A role word ends the token (`株洲日报全媒体记者`, `徐钢摄`) or is the whole token.
        let mut role_here = None;
        for (word, author) in ROLES.iter() {
            if let Some(rest) = token.strip_suffix(word) {
                role_here = Some(*author);
                token = rest;
                break;
            }
        }
        // `记者李某`: a role of two characters or more glued before a name.
        if role_here.is_none()
            && let Some((word, author)) = ROLES
                .iter()
                .find(|(w, _)| w.chars().count() >= 2 && token.starts_with(w) && token.len() > w.len())
        {
            authors_follow = *author;
            token = &token[word.len()..];
        }
        let is_name =
            (2..=4).contains(&token.chars().count()) && token.chars().all(is_han) && starts_with_surname(token);
        match role_here {
            // `株洲日报全媒体记者`: what precedes an author role is the paper, names follow.
            // `徐钢摄`: a name glued to a photo role credits a picture, not the story.
            Some(author) if token.is_empty() || author => authors_follow = author,
            Some(_) => {}
            None if is_name && authors_follow => names.push(token.to_string()),
            None => {}
        }
    }
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> String {
        match classify_line(text, &[]) {
            LineClass::Paper => "paper".into(),
            LineClass::MastheadDate(d) => format!("date {}", d.unwrap_or_default()),
            LineClass::Furniture(k) => k.into(),
            LineClass::Lead => "lead".into(),
            LineClass::Byline(n) => format!("byline {}", n.join(",")),
            LineClass::Names(n) => format!("names {}", n.join(",")),
            LineClass::Caption => "caption".into(),
            LineClass::Credit => "credit".into(),
            LineClass::HeadingLike => "heading".into(),
            LineClass::Fragment => "fragment".into(),
            LineClass::Prose(None) => "prose".into(),
            LineClass::Prose(Some(d)) => format!("dateline {}", d.text),
        }
    }

    #[test]
    fn lines_are_classified() {
        let cases = [
            ("潇湘晚报", "paper"),
            ("2023年3月5日 星期日", "date 2023-03-05"),
            ("癸卯年二月十四 第5123期 今日8版", "masthead"),
            ("第5123期", "masthead"),
            ("国内统一连续出版物号CN 12-3456", "masthead"),
            ("◀上接02版", "masthead"),
            ("(下转3版)", "masthead"),
            ("扫一扫关注本报公众号", "boilerplate"),
            ("（除署名外，本版图片均由某某提供）", "boilerplate"),
            ("责任编辑：王五", "boilerplate"),
            ("【编辑提示】", "lead"),
            ("编者按：", "lead"),
            ("文/赵一 钱二", "byline 赵一,钱二"),
            ("记者/孙三 通讯员/李四", "byline 孙三,李四"),
            ("本报记者 周五", "byline 周五"),
            ("讲述人：吴六", "byline 吴六"),
            ("讲述人：市委党校（行政学院）苏某某", "byline 苏某某"),
            ("文/郑七 供图/某某县委宣传部", "byline 郑七"),
            ("晨报全媒体记者/冯八", "byline 冯八"),
            ("王二 李四", "names 王二,李四"),
            ("《 人民日报 》（ 2024年04月21日   第 01 版）", "date 2024-04-21"),
            ("来源：长江日报 | 2024-04-22 09:15:31 | 编辑：刘洋", "date 2024-04-22"),
            ("2024-04-22 09:15  来源：新华网", "date 2024-04-22"),
            ("【纠错】 【打印】 【关闭】", "boilerplate"),
            ("赣南日报  2025年5月27日  星期二  第3版  教育·民生", "date 2025-05-27"),
            ("中共泰和县委主管  泰和县融媒体中心主办", "masthead"),
            ("今日泰和", "paper"),
            ("绵阳市人民政府门户网站", "paper"),
            ("首页 > 新闻 > 广东 > 交通出行", "boilerplate"),
            ("上一页  1  2  下一页", "boilerplate"),
            ("上一版  下一版    放大  缩小  默认", "boilerplate"),
            ("HEFEI EVENING NEWS", "masthead"),
            ("本版责任编辑 孙 莉   美编 王 晨   校对 李 娟", "boilerplate"),
            (
                "原创 婺源县融媒体中心 婺源发布 2025年10月20日 18:30 江西",
                "date 2025-10-20",
            ),
            ("点击上方蓝字关注我们", "boilerplate"),
            ("阅读原文", "boilerplate"),
            ("分享  收藏  点赞  在看", "boilerplate"),
            ("往期推荐", "boilerplate"),
            ("编辑部的同志们连夜赶稿。", "prose"),
            ("原创婺源县融媒体中心婺源发布2025年10月20日18:30江西", "date 2025-10-20"),
            ("会议定于2025年10月20日14:30在市民中心召开。", "prose"),
            (
                "下一篇：樊城法院审结一起涉老诈骗案 为老人追回养老钱28万元",
                "boilerplate",
            ),
            ("《 人民日报 》（ 2024年12月14日   01 版）", "date 2024-12-14"),
            ("上一版的内容更精彩。", "prose"),
            ("主办：某市人民政府办公室  承办：某市大数据中心", "boilerplate"),
            ("网站标识码：5107000001  蜀ICP备05003221号", "boilerplate"),
            ("版权所有 南方网", "boilerplate"),
            // Prose that mentions the same words is no furniture.
            ("他说，作品的版权所有人应当署名。", "prose"),
            ("增速 > 全省平均", "heading"),
            ("新闻 排行", "heading"),
            (
                "本报讯 记者 孙某 报道：为方便市民办事，中心推行延时服务。",
                "dateline 本报讯 记者 孙某 报道：",
            ),
            ("③志愿者在社区门口测温。", "caption"),
            ("图为工人在车间里加紧生产。", "caption"),
            ("工人在车间里加紧生产。 陈九 摄", "caption"),
            ("孩子们在操场上做操。（某某学校供图）", "caption"),
            ("记者/褚十 摄", "credit"),
            ("城", "fragment"),
            ("一、", "fragment"),
            ("抗疫一线", "heading"),
            ("2 “三个到位”，守住安全底线", "heading"),
            ("守望相助，共克时艰！", "heading"),
            ("真是太好了！", "prose"),
            ("今天天气很好。", "prose"),
            (
                "这是一段被截断的长句子，它没有结束就换了行，而且比任何标题都要长得多",
                "prose",
            ),
            (
                "晚报讯（记者 卫一）近日，某地召开会议。",
                "dateline 晚报讯（记者 卫一）",
            ),
            (
                "新华社北京3月5日电（记者 蒋二）",
                "dateline 新华社北京3月5日电（记者 蒋二）",
            ),
            ("通讯（不是电讯）的写法很多。", "prose"),
            ("（完）", "boilerplate"),
            ("图片来源：某某社", "boilerplate"),
            ("【责任编辑：某某】", "boilerplate"),
            ("【字体：大 中 小】", "boilerplate"),
        ];
        for (input, want) in cases {
            assert_eq!(kind(input), want, "input {input:?}");
        }
    }

    #[test]
    fn site_patterns_mark_boilerplate() {
        let extra = [Regex::new("^本报地址.*$").unwrap()];
        assert_eq!(
            classify_line("本报地址：某路1号", &extra),
            LineClass::Furniture("boilerplate")
        );
    }

    #[test]
    fn datelines_give_source_authors_and_date() {
        let d = dateline_of("湖南日报11月7日讯（全媒体记者 邓某某）7日下午，会议召开。").unwrap();
        assert_eq!(d.source.as_deref(), Some("湖南日报"));
        assert_eq!(d.place, None, "a paper's dateline without a city");
        assert_eq!(d.authors, vec!["邓某某"]);
        assert_eq!(d.date.as_deref(), Some("--11-07"));
        let d = dateline_of("本报讯（记者 张某 通讯员 李某）昨日").unwrap();
        assert_eq!(d.source, None);
        assert_eq!(d.authors, vec!["张某", "李某"]);
        let d = dateline_of("本报北京5月31日电（记者李某某、王某）").unwrap();
        assert_eq!(d.source, None);
        assert_eq!(d.authors, vec!["李某某", "王某"]);
        assert_eq!(d.date.as_deref(), Some("--05-31"));
        assert_eq!(d.place.as_deref(), Some("北京"), "the city a story is filed from");
        let d = dateline_of("新华社长沙5月31日电（记者赵某 摄影记者钱某）").unwrap();
        assert_eq!(d.source.as_deref(), Some("新华社长沙"));
        assert_eq!(d.place.as_deref(), Some("长沙"));
        assert_eq!(d.authors, vec!["赵某"], "a photographer credits pictures, not the text");
        // A lead that names no one before its colon is no byline: the dateline ends before it.
        let d = dateline_of("本报北京4月20日电  记者从国铁集团获悉：今年一季度，旅客增长。").unwrap();
        assert_eq!(d.text, "本报北京4月20日电");
        assert!(d.authors.is_empty());
        let d = dateline_of("本报讯 记者 张三 李四：今年一季度，旅客增长。").unwrap();
        assert_eq!(d.text, "本报讯 记者 张三 李四：");
        assert_eq!(d.authors, vec!["张三", "李四"]);
        // A two-character name spaced out to line up with three-character ones.
        let d = dateline_of("人民网长沙7月17日电 （记者 刘 洋）记者从省应急管理厅获悉。").unwrap();
        assert_eq!(d.authors, vec!["刘洋"]);
        assert_eq!(
            names_in("记者 刘 洋 王小明 通讯员 张 三"),
            vec!["刘洋", "王小明", "张三"]
        );
        // A dateline that names no one, before a space.
        let d = dateline_of("新华社长沙4月20日电 记者从长沙市统计局获悉，一季度经济回暖。").unwrap();
        assert_eq!(d.text, "新华社长沙4月20日电");
        assert_eq!(d.date.as_deref(), Some("--04-20"));
        assert!(d.authors.is_empty());
        let d = dateline_of("本报讯 近日，市里召开会议。").unwrap();
        assert_eq!((d.text.as_str(), d.source.as_deref()), ("本报讯", None));
        // Prose with 讯 before a space is no dateline.
        assert!(dateline_of("收到喜讯 大家都很高兴。").is_none());
    }

    #[test]
    fn sentence_ends_are_recognised() {
        for (text, want) in [
            ("好。", true),
            ("说：“好。”", true),
            ("好吗？", true),
            ("全程监", false),
            ("一，", false),
            // A Latin sentence's full stop, not a number's point.
            ("Ridership reached 142,000 on the first day.", true),
            ("The line opened (on Sunday).", true),
            ("第3.", false),
        ] {
            assert_eq!(ends_sentence(text), want, "{text}");
        }
    }
}
