//! Summary: the article's own opening sentences (extractive), never a caption or byline.

use super::Lexicon;
use crate::article::count_chinese_chars;
use crate::clean::{BlockKind, CleanDoc};

/// Enough text to say what happened; beyond it, a card on the digest page gets too long.
const ENOUGH_CHARS: usize = 60;
const MOST_CHARS: usize = 160;
const MOST_SENTENCES: usize = 3;
/// The longest byline or photo credit, in Chinese characters: 记者 and two or three names.
const MOST_BYLINE_CHARS: usize = 30;

/// Splits a paragraph into sentences, each keeping its closing punctuation (and a closing quote).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if matches!(q, '”' | '’' | '」' | '）' | ')') {
                    end = j + q.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(text[start..end].trim());
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// One to three sentences from the first paragraphs that are the article's own prose.
pub fn summary_of(doc: &CleanDoc, lex: &Lexicon) -> String {
    // A byline is short (记者 李逸峰 通讯员 张勇; 图为志愿者在社区值守): a lead that opens on
    // where the reporter learnt the news (昨天，记者从省文物局获悉，…) is the story itself.
    let is_byline = |s: &str, chars: usize| {
        let head: String = s.chars().take(12).collect();
        chars <= MOST_BYLINE_CHARS && lex.byline_markers.iter().any(|m| head.contains(m.as_str()))
    };
    let mut chosen: Vec<&str> = Vec::new();
    let mut length = 0;
    let paragraphs = doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph);
    for block in paragraphs {
        for s in sentences(&block.text) {
            let chars = count_chinese_chars(s);
            if chars < 8 || is_byline(s, chars) {
                continue;
            }
            if !chosen.is_empty() && length + chars > MOST_CHARS {
                return chosen.concat();
            }
            chosen.push(s);
            length += chars;
            if length >= ENOUGH_CHARS || chosen.len() >= MOST_SENTENCES {
                return chosen.concat();
            }
        }
        if !chosen.is_empty() && length >= ENOUGH_CHARS / 2 {
            break;
        }
    }
    chosen.concat()
}

/// Longest fallback title, in characters: about what a headline on a card holds.
const MOST_TITLE_CHARS: usize = 30;

/// A title for an article whose text has no headline (a scrape that lost it): its first
/// sentence of prose, cut at a clause boundary when long. The caller warns, so an editor can
/// set `title:` in a sidecar.
pub fn fallback_title(doc: &CleanDoc) -> Option<String> {
    let first = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Lead))
        .filter(|b| !(b.text.starts_with('【') && b.text.ends_with('】')))
        .flat_map(|b| sentences(&b.text))
        .find(|s| count_chinese_chars(s) >= 8)?;
    let sentence = first.trim_end_matches(['。', '！', '？', '!', '?']);
    if sentence.chars().count() <= MOST_TITLE_CHARS {
        return Some(sentence.to_string());
    }
    let clause_end = sentence
        .char_indices()
        .take(MOST_TITLE_CHARS)
        .filter(|(_, c)| matches!(c, '，' | '；' | '：' | ','))
        .map(|(i, _)| i)
        .filter(|&i| sentence[..i].chars().count() >= 12)
        .last();
    Some(match clause_end {
        Some(i) => sentence[..i].to_string(),
        None => sentence.chars().take(MOST_TITLE_CHARS - 1).collect::<String>() + "…",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Block;
    use crate::extract::test_lexicon::LEX;

    fn doc(blocks: &[(BlockKind, &str)]) -> CleanDoc {
        CleanDoc {
            blocks: blocks
                .iter()
                .map(|(kind, text)| Block {
                    kind: *kind,
                    text: text.to_string(),
                    line: 1,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn summary_is_the_opening_prose() {
        let d = doc(&[
            (BlockKind::Caption, "图为志愿者在社区值守。"),
            (BlockKind::Paragraph, "记者 李逸峰 通讯员 张勇"),
            (
                BlockKind::Paragraph,
                "7月29日，云龙示范区新增报告2例新冠病毒核酸阳性检测者。时隔500多天，新冠病毒再次侵袭株洲。这是一次大考。后面还有很多很多句子。",
            ),
        ]);
        let s = summary_of(&d, &LEX);
        assert!(s.starts_with("7月29日，云龙示范区"), "{s}");
        assert!(s.contains("时隔500多天"), "{s}");
        assert!(!s.contains("记者") && !s.contains("图为"), "{s}");
        let n = sentences(&s).len();
        assert!((1..=3).contains(&n), "{s}");
    }

    /// Most leads say where the reporter learnt the news: that sentence is the story, no byline.
    #[test]
    fn a_lead_that_names_the_reporter_is_the_summary() {
        let d = doc(&[
            (BlockKind::Paragraph, "（记者 李亚楠 通讯员 张文博）"),
            (
                BlockKind::Paragraph,
                "昨天，记者从河南省文物局获悉，今年暑期全省411家备案博物馆共接待观众3,286.4万人次，同比增长17.4%。",
            ),
            (
                BlockKind::Paragraph,
                "作为全省文博“顶流”，河南博物院暑期累计接待观众86.7万人次。",
            ),
        ]);
        let s = summary_of(&d, &LEX);
        assert!(s.starts_with("昨天，记者从河南省文物局获悉"), "{s}");
        assert!(!s.contains("李亚楠"), "{s}");
    }

    #[test]
    fn sentences_keep_their_closing_quotes() {
        assert_eq!(sentences("他说：“好。”然后走了。"), ["他说：“好。”", "然后走了。"]);
        assert_eq!(sentences("没有句号"), ["没有句号"]);
        assert!(sentences("").is_empty());
    }

    #[test]
    fn an_empty_document_has_an_empty_summary() {
        assert_eq!(summary_of(&doc(&[]), &LEX), "");
    }

    #[test]
    fn fallback_title_is_the_first_sentence_cut_at_a_clause() {
        let short = doc(&[(BlockKind::Paragraph, "最难缠的“德尔塔”病毒来了！7月29日，新增2例。")]);
        assert_eq!(fallback_title(&short).as_deref(), Some("最难缠的“德尔塔”病毒来了"));
        let long = doc(&[(
            BlockKind::Paragraph,
            "9月23日10时许，益阳市1例新冠肺炎确诊患者从市第四人民医院治愈出院，至此全部清零。",
        )]);
        assert_eq!(
            fallback_title(&long).as_deref(),
            Some("9月23日10时许，益阳市1例新冠肺炎确诊患者从市第四人民…")
        );
        let clause = doc(&[(
            BlockKind::Paragraph,
            "全市党员干部闻令而动下沉一线社区，连续奋战二十余天守护群众生命安全和身体健康。",
        )]);
        assert_eq!(
            fallback_title(&clause).as_deref(),
            Some("全市党员干部闻令而动下沉一线社区")
        );
        let marker = doc(&[
            (BlockKind::Lead, "【核心阅读】"),
            (BlockKind::Paragraph, "最难缠的“德尔塔”病毒来了！"),
        ]);
        assert_eq!(fallback_title(&marker).as_deref(), Some("最难缠的“德尔塔”病毒来了"));
        let unbroken = doc(&[(BlockKind::Paragraph, &"很".repeat(40))]);
        assert_eq!(fallback_title(&unbroken).unwrap().chars().count(), MOST_TITLE_CHARS);
        assert_eq!(fallback_title(&doc(&[(BlockKind::Caption, "图为现场。")])), None);
    }
}
