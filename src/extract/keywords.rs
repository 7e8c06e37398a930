//! Keywords: TF-IDF over the article's own nouns, without numbers or filler.
//!
//! Term frequencies come from the paragraphs' jieba words (already tagged once), filtered by a
//! part-of-speech list and the stop-word table. Weights use jieba's general IDF; once the whole
//! site is read, [`site_keywords`] weighs them again by the site's own document frequencies so
//! words every article shares (疫情, 防控) stop dominating.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use jieba_rs::KeywordExtract;

use super::entities::han_chars;
use super::lexicon::{IdfParts, WordMap, padded_le};
use super::numbers::is_chinese_digit;
use super::{Lexicon, TaggedParagraph};
use crate::article::Article;

const MOST: usize = 8;
/// How many of the most frequent words compete for keyword.
const CONTENDERS: usize = 60;
const FEWEST: usize = 5;

/// Whether a word with this part of speech and length in bytes may be a keyword: the cheap half
/// of the test, which runs on every word of the article.
fn may_be_candidate(word: &str, tag: &str) -> bool {
    // Parts of speech a keyword may have: nouns, place and organisation names, verbal nouns,
    // abbreviations and set phrases; verbs, adverbs and numbers never.
    // Two to eight Han characters take 6 to 32 bytes: most words are ruled out by length alone.
    (6..=32).contains(&word.len()) && matches!(tag, "n" | "nz" | "nt" | "ns" | "vn" | "j" | "l" | "an" | "nw")
}

/// The rest of the test, which depends on the word alone: run once per distinct word. A unit of
/// time (小时, 工作日) says how long something took, not what the article is about; other units
/// can name its subject (网格 of a grid-management story).
/// Nor is a department's common name (管理局, 税务局, 控制中心): the article's organisations
/// list it whole (金华市邮政管理局).
fn is_candidate_word(word: &str, lex: &Lexicon) -> bool {
    let department = lex
        .organization_suffix_of(word)
        .is_some_and(|suffix| suffix != word && !lex.places.contains_key(&word[..word.len() - suffix.len()]));
    (2..=8).contains(&han_chars(word))
        && !word.chars().next().is_some_and(is_chinese_digit)
        && !lex.is_stopword(word)
        && lex.unit_categories.get(word).is_none_or(|c| c != "duration")
        && !department
}

/// The count stored for a word that passed [`may_be_candidate`] but is no keyword candidate, so
/// that each distinct word is tested once.
const NOT_A_TERM: u32 = u32::MAX;

/// Word counts of an article's keyword candidates ([`counted_terms`]).
pub fn terms(paragraphs: &[TaggedParagraph], lex: &Lexicon) -> Vec<(String, u32)> {
    let mut counts: WordMap<&str, u32> = WordMap::default();
    for p in paragraphs {
        count_terms(p, lex, &mut counts);
    }
    counted_terms(counts)
}

/// Adds one paragraph's keyword candidates to `counts`.
/// Words that are no candidates are kept too, with the count [`NOT_A_TERM`], so that a word is
/// looked up once per occurrence; [`counted_terms`] leaves them out.
pub fn count_terms<'a>(p: &TaggedParagraph<'a>, lex: &Lexicon, counts: &mut WordMap<&'a str, u32>) {
    for t in &p.tokens {
        if !may_be_candidate(t.word, t.tag) {
            continue;
        }
        match counts.entry(t.word) {
            Entry::Occupied(mut seen) => {
                let count = seen.get_mut();
                if *count != NOT_A_TERM {
                    *count += 1;
                }
            }
            Entry::Vacant(new) => {
                new.insert(if is_candidate_word(t.word, lex) { 1 } else { NOT_A_TERM });
            }
        }
    }
}

/// Word counts as stored in `Article::terms`, in the counting map's order. That order is the same
/// from run to run (the hasher has no random state), and nothing that reads the terms depends on
/// it: keywords rank words by an order of their own, total on counts, weights and words
/// (sorting the few hundred words of each article by word cost about 2 % of extraction).
pub fn counted_terms(counts: WordMap<&str, u32>) -> Vec<(String, u32)> {
    counts
        .into_iter()
        .filter(|&(_, c)| c != NOT_A_TERM)
        .map(|(w, c)| (w.to_string(), c))
        .collect()
}

/// The first eight bytes of a word as a big-endian number, padded with zeros: if two keys differ,
/// they order the words as a byte-wise comparison does.
fn prefix_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_be_bytes(*eight),
        // A shorter word read as the hasher reads its rest, then its bytes reversed: the first
        // byte the highest.
        None => padded_le(bytes).swap_bytes(),
    }
}

/// jieba's general IDF for each word, relative (all divided by the same constant, which is
/// enough for ranking), in the order of `words`. The IDF table is private to jieba-rs, so the
/// weights are those jieba gives when the words are scored as one comma-separated text in which
/// each occurs once ([`general_idf_by_jieba`]). Commas split jieba's text into blocks that are
/// cut independently, so that text's words are those of each word cut alone: what each word
/// contributes is read from jieba once, kept in the lexicon, and the weights are combined here
/// exactly as jieba combines them, which spares a jieba pass per article.
///
/// Each word's weight does not depend on the order of `words`: the parts' weights are each a
/// count over the same total, and the best parts kept and their median are chosen by an order
/// that is total on (weight, part). `None` when a word's parts could not be read; then the
/// weights must be asked of jieba ([`general_idf_by_jieba`]), whose answer may depend on the order.
fn general_idf(words: &[&str], lex: &Lexicon) -> Option<Vec<f64>> {
    if words.is_empty() {
        return Some(Vec::new());
    }
    // Each word is looked up once where the cache knows them all, as it does once they have been
    // met: a word it lacks sends the words back, after the parts of those missing are read.
    loop {
        let cache = lex.idf_cache.read().unwrap_or_else(|e| e.into_inner());
        if let Some(weights) = weights_of_parts(words, &cache) {
            return weights;
        }
        let missing: Vec<&str> = words.iter().copied().filter(|w| !cache.contains_key(*w)).collect();
        drop(cache);
        let found: Vec<_> = missing.iter().map(|w| (w.to_string(), idf_parts(w, lex))).collect();
        lex.idf_cache.write().unwrap_or_else(|e| e.into_inner()).extend(found);
    }
}

/// [`general_idf`] from the parts of each word in `cache`; `None` when a word is not in it.
fn weights_of_parts(words: &[&str], cache: &WordMap<String, IdfParts>) -> Option<Option<Vec<f64>>> {
    // Per jieba word of the text: its count and IDF. Most words are one part, a few two or three:
    // sized once instead of grown.
    let mut term_freq: WordMap<&str, (u64, f64)> =
        WordMap::with_capacity_and_hasher(2 * words.len(), Default::default());
    for w in words {
        match cache.get(*w)? {
            Some(parts) => {
                for (part, idf) in parts.iter() {
                    term_freq.entry(part.as_str()).or_insert((0, *idf)).0 += 1;
                }
            }
            // A word jieba's parts could not be read for: jieba must be asked about the whole text.
            None => return Some(None),
        }
    }
    Some(Some(weights_of_counts(words, &term_freq)))
}

/// The weights of `words` (one at least) from the count and IDF of each part of the text they
/// make.
fn weights_of_counts(words: &[&str], term_freq: &WordMap<&str, (u64, f64)>) -> Vec<f64> {
    let total: u64 = term_freq.values().map(|(tf, _)| tf).sum();
    let weight = |(tf, idf): (u64, f64)| tf as f64 * idf / total as f64;
    // As jieba's `TfIdf::extract_keywords` weighs them and keeps the best `2 × words`: by weight,
    // then by word.
    let mut scored: Vec<(&str, f64)> = term_freq
        .iter()
        .map(|(part, &counted)| (*part, weight(counted)))
        .collect();
    let keep = words.len() * 2;
    let better = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
    // The worst part kept, when some are not: the order is total (parts are unique), so a part is
    // kept exactly when it is no worse, and a word's weight is read from the counts, where a map
    // of the parts kept was built for the sixty words to look up.
    let mut worst_kept = None;
    if scored.len() > keep {
        scored.select_nth_unstable_by(keep - 1, better);
        scored.truncate(keep);
        worst_kept = scored.last().copied();
    }
    let mut known: Vec<f64> = scored.iter().map(|(_, w)| *w).collect();
    // The median is the weight sorting would put in the middle, which selecting it finds without
    // sorting the rest; numbers equal by `total_cmp` have the same bits, so which of equal ones
    // lands there does not matter.
    let middle = known.len() / 2;
    let median = if known.is_empty() {
        1.0
    } else {
        *known.select_nth_unstable_by(middle, f64::total_cmp).1
    };
    (words.iter())
        .map(|&w| {
            let kept =
                |&(part, weight): &(&str, f64)| worst_kept.is_none_or(|worst| better(&(part, weight), &worst).is_le());
            (term_freq.get_key_value(w))
                .map(|(&part, &counted)| (part, weight(counted)))
                .filter(kept)
                .map_or(median, |(_, weight)| weight)
        })
        .collect()
}

/// The keyword parts jieba cuts `word` into when it cuts it alone, each with its IDF, in order
/// and repeated as often as they occur; `None` if jieba's answers do not add up (then the
/// article's weights are asked of jieba directly).
fn idf_parts(word: &str, lex: &Lexicon) -> IdfParts {
    let keywords = lex.tfidf.extract_keywords(&lex.jieba, word, word.len(), Vec::new());
    let mut parts: Vec<(String, f64)> = Vec::new();
    for t in lex.jieba.tag(word, lex.tfidf.config().use_hmm()) {
        if keywords.iter().any(|k| k.keyword == t.word) {
            // A part alone is one word of count 1 in a text of 1 counted word: its weight is
            // exactly its IDF.
            let alone = lex.tfidf.extract_keywords(&lex.jieba, t.word, 2, Vec::new());
            let [only] = alone.as_slice() else {
                return None;
            };
            if only.keyword != t.word {
                return None;
            }
            parts.push((t.word.to_string(), only.weight));
        }
    }
    // The parts must give the weights jieba gave the word alone.
    let total = parts.len() as u64;
    for k in &keywords {
        let tf = parts.iter().filter(|(p, _)| *p == k.keyword).count() as u64;
        let idf = parts.iter().find(|(p, _)| *p == k.keyword).map(|(_, i)| *i)?;
        if (tf as f64 * idf / total as f64).to_bits() != k.weight.to_bits() {
            return None;
        }
    }
    Some(parts.into())
}

/// [`general_idf`] as jieba computes it: one keyword extraction over the comma-separated words.
fn general_idf_by_jieba(words: &[&str], lex: &Lexicon) -> Vec<f64> {
    let list = words.join("，");
    let scored = lex
        .tfidf
        .extract_keywords(&lex.jieba, &list, words.len() * 2, Vec::new());
    let idf: HashMap<String, f64> = scored.into_iter().map(|k| (k.keyword, k.weight)).collect();
    let mut known: Vec<f64> = idf.values().copied().collect();
    known.sort_by(f64::total_cmp);
    let median = known.get(known.len() / 2).copied().unwrap_or(1.0);
    words.iter().map(|w| idf.get(*w).copied().unwrap_or(median)).collect()
}

/// The top keywords from term counts. `site_df` gives, for site-wide weighting, the number of
/// articles each word occurs in and the number of articles.
pub fn keywords_from_terms(
    terms: &[(String, u32)],
    lex: &Lexicon,
    site_df: Option<(&HashMap<String, u32>, usize)>,
) -> Vec<String> {
    // Only the most frequent words can win: general IDF varies about fivefold, frequency far more,
    // and looking IDF up costs a jieba pass over the words looked up.
    // Most words share their count with others: each carries its prefix key, which settles most
    // ties without comparing the strings.
    let mut by_frequency: Vec<(u32, u64, &(String, u32))> = terms.iter().map(|t| (t.1, prefix_key(&t.0), t)).collect();
    let more_frequent = |a: &(u32, u64, &(String, u32)), b: &(u32, u64, &(String, u32))| {
        b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.0.cmp(&b.2.0))
    };
    // The order is total (words are unique): pick the contenders in linear time. They are
    // scored, then ranked by score, so their own order matters only where jieba is asked for the
    // weights of the joined words, which is rare: only then are they sorted.
    if by_frequency.len() > CONTENDERS {
        by_frequency.select_nth_unstable_by(CONTENDERS - 1, more_frequent);
        by_frequency.truncate(CONTENDERS);
    }
    fn words_of<'t>(by_frequency: &[(u32, u64, &'t (String, u32))]) -> Vec<&'t str> {
        by_frequency.iter().map(|(_, _, (w, _))| w.as_str()).collect()
    }
    let idf = general_idf(&words_of(&by_frequency), lex);
    let idf = idf.unwrap_or_else(|| {
        by_frequency.sort_unstable_by(more_frequent);
        general_idf_by_jieba(&words_of(&by_frequency), lex)
    });
    let terms: Vec<&(String, u32)> = by_frequency.into_iter().map(|(_, _, t)| t).collect();
    let mut scored: Vec<(&str, f64)> = terms
        .iter()
        .zip(idf)
        .map(|((w, tf), general)| {
            let site = match site_df {
                Some((df, n)) => {
                    let d = df.get(w).copied().unwrap_or(1).max(1) as f64;
                    ((n as f64 + 1.0) / d).ln()
                }
                None => 1.0,
            };
            (w.as_str(), *tf as f64 * general * site)
        })
        .collect();
    // The order is total (words are unique): an unstable sort gives the same order. The choice
    // below nearly always stops within the best sixteen of the sixty, so those are picked and
    // sorted first, and the rest are sorted only if it reads on.
    let better = |a: &(&str, f64), b: &(&str, f64)| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0));
    let mut sorted = scored.len().min(2 * MOST);
    if scored.len() > sorted {
        scored.select_nth_unstable_by(sorted - 1, better);
    }
    scored[..sorted].sort_unstable_by(better);
    // A word inside a better keyword adds nothing (核酸 beside 核酸检测).
    let mut chosen: Vec<String> = Vec::new();
    let mut k = 0;
    while chosen.len() < MOST && k < scored.len() {
        if k == sorted {
            scored[sorted..].sort_unstable_by(better);
            sorted = scored.len();
        }
        let w = scored[k].0;
        if !chosen.iter().any(|c| c.contains(w) || w.contains(c.as_str())) {
            chosen.push(w.to_string());
        }
        k += 1;
    }
    // Fewer than FEWEST chosen: every word was read, and all are sorted.
    if chosen.len() < FEWEST {
        for (w, _) in &scored {
            if chosen.len() >= FEWEST {
                break;
            }
            if !chosen.iter().any(|c| c == w) {
                chosen.push(w.to_string());
            }
        }
    }
    chosen
}

/// Recomputes keywords with IDF over the site's own articles, for articles whose keywords were
/// not set by hand. Does nothing for a site of one article, where the site says nothing more.
pub fn site_keywords(articles: &mut [Article], lexicon: &Lexicon) {
    if articles.len() < 2 {
        return;
    }
    let mut df: HashMap<String, u32> = HashMap::new();
    for a in articles.iter() {
        let unique: HashSet<&String> = a.terms.iter().map(|(w, _)| w).collect();
        for w in unique {
            *df.entry(w.clone()).or_default() += 1;
        }
    }
    let n = articles.len();
    for a in articles.iter_mut() {
        if a.fixed.iter().any(|f| f == "keywords") || a.terms.is_empty() {
            continue;
        }
        a.front.keywords = keywords_from_terms(&a.terms, lexicon, Some((&df, n)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tag_text;
    use crate::extract::test_lexicon::LEX;

    proptest::proptest! {
        /// The weights read from the counts, a part kept when it is no worse than the worst
        /// kept, are those of a map of the parts kept after sorting them all: parts of equal
        /// weight (the order then goes by part), fewer parts than are kept or more, words that
        /// are no part.
        #[test]
        fn weights_read_from_the_counts_as_from_the_parts_kept(
            parts in proptest::collection::btree_map("[甲乙丙丁戊]{1,2}", (1u64..4, proptest::sample::select(vec![1.0, 2.0, 3.5])), 0..20),
            words in proptest::collection::vec("[甲乙丙丁戊]{1,2}", 1..6),
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let term_freq: WordMap<&str, (u64, f64)> = parts.iter().map(|(p, &c)| (p.as_str(), c)).collect();
            let total: u64 = parts.values().map(|c| c.0).sum();
            let mut all: Vec<(&str, f64)> = (parts.iter())
                .map(|(p, &(tf, idf))| (p.as_str(), tf as f64 * idf / total as f64))
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            all.truncate(2 * words.len());
            let mut known: Vec<f64> = all.iter().map(|p| p.1).collect();
            known.sort_by(f64::total_cmp);
            let median = known.get(known.len() / 2).copied().unwrap_or(1.0);
            let kept: HashMap<&str, f64> = all.into_iter().collect();
            let expected: Vec<u64> = words.iter().map(|w| kept.get(w).copied().unwrap_or(median).to_bits()).collect();
            let found: Vec<u64> = weights_of_counts(&words, &term_freq).into_iter().map(f64::to_bits).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    fn tagged(text: &str) -> Vec<TaggedParagraph<'_>> {
        vec![TaggedParagraph {
            anchor: "p1".into(),
            text,
            tokens: tag_text(text, &LEX),
        }]
    }

    const TEXT: &str = "该市开展核酸检测工作，志愿者协助核酸检测。志愿者在社区值守，社区居民配合核酸检测。\
        医院储备防护服和口罩，防护服由企业捐赠。该市开展工作。一线人员坚守岗位。";

    #[test]
    fn keywords_have_no_filler_or_numbers() {
        let t = terms(&tagged(TEXT), &LEX);
        let k = keywords_from_terms(&t, &LEX, None);
        assert!((FEWEST..=MOST).contains(&k.len()), "{k:?}");
        for bad in ["该市", "开展", "工作", "一线"] {
            assert!(!k.iter().any(|w| w == bad), "{bad} in {k:?}");
        }
        assert!(k.iter().any(|w| w.contains("核酸")), "{k:?}");
        assert!(k.iter().any(|w| w == "志愿者" || w == "防护服"), "{k:?}");
    }

    /// A statistical report's comparisons (同比, 去年同期) and its units (小时, 工作日) are in every
    /// such report: no keywords.
    #[test]
    fn keywords_have_no_comparisons_or_units() {
        let text = "全市快递业务量同比增长17.2%，比去年同期多6300万件。邮政管理局统计，管理局称快件平均时限26.4小时，同比缩短3.1小时。\
            退税平均办理时间压缩至1.5个工作日，同比减少2个工作日。快件揽收量居全省首位，快件派送量同比增长。";
        let k = keywords_from_terms(&terms(&tagged(text), &LEX), &LEX, None);
        for bad in ["同比", "去年同期", "小时", "工作日", "管理局"] {
            assert!(!k.iter().any(|w| w == bad), "{bad} in {k:?}");
        }
        assert!(k.iter().any(|w| w == "快件"), "{k:?}");
    }

    #[test]
    fn general_idf_is_what_jieba_gives_the_joined_words() {
        // Words jieba keeps whole, cuts into parts, shares parts between, and does not know.
        let words = [
            "核酸检测",
            "核酸",
            "志愿者",
            "防护服",
            "社区居民",
            "疫情防控",
            "防控",
            "一线人员",
            "北京烤鸭",
            "吉林欧亚置业",
            "生化学",
            "蔬菜供应",
            "蔬菜",
            "喵喵喵喵",
            "全资子公司",
            "房地产开发",
            "新冠肺炎疫情",
            "株洲市",
            "人民政府",
            "医院",
        ];
        for n in [1, 3, 7, words.len()] {
            let by_parts = general_idf(&words[..n], &LEX).expect("every word's parts");
            let by_jieba = general_idf_by_jieba(&words[..n], &LEX);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&by_parts), bits(&by_jieba), "{:?}", &words[..n]);
        }
        // And from the parts, without asking jieba about the joined text.
        let cache = LEX.idf_cache.read().unwrap();
        assert!(words.iter().all(|w| cache.get(*w).is_some_and(Option::is_some)));
    }

    /// [`keywords_from_terms`] without site weights as it was written first: every contender
    /// sorted before its weights are asked for, every scored word sorted before the choice.
    fn keywords_sorting_all(terms: &[(String, u32)], lex: &Lexicon) -> Vec<String> {
        let mut by_frequency: Vec<&(String, u32)> = terms.iter().collect();
        by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        by_frequency.truncate(CONTENDERS);
        let words: Vec<&str> = by_frequency.iter().map(|(w, _)| w.as_str()).collect();
        let idf = general_idf(&words, lex).unwrap_or_else(|| general_idf_by_jieba(&words, lex));
        let mut scored: Vec<(&str, f64)> = (words.iter().zip(&by_frequency).zip(idf))
            .map(|((w, (_, tf)), general)| (*w, f64::from(*tf) * general))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut chosen: Vec<String> = Vec::new();
        for (w, _) in &scored {
            if chosen.len() < MOST && !chosen.iter().any(|c| c.contains(w) || w.contains(c.as_str())) {
                chosen.push(w.to_string());
            }
        }
        for (w, _) in &scored {
            if chosen.len() < FEWEST && !chosen.iter().any(|c| c == w) {
                chosen.push(w.to_string());
            }
        }
        chosen
    }

    proptest::proptest! {
        /// Keywords are those of sorting every contender and every scored word, also where most
        /// words lie inside better ones (核酸 in 核酸检测), so that the choice reads past the
        /// best sixteen, and where fewer than five are chosen.
        #[test]
        fn keywords_are_those_of_sorting_all(
            words in proptest::collection::btree_map("[核酸检测站点]{1,4}", 1u32..5, 0..90),
        ) {
            let terms: Vec<(String, u32)> = words.into_iter().collect();
            proptest::prop_assert_eq!(keywords_from_terms(&terms, &LEX, None), keywords_sorting_all(&terms, &LEX));
        }

        /// The overlapping reads give the number the first eight bytes make, one by one.
        #[test]
        fn prefix_keys_are_the_first_eight_bytes(word in "[a\\x00中é]{0,5}") {
            let bytes = word.as_bytes();
            let expected = (bytes.iter().take(8).enumerate()).fold(0, |key, (k, &b)| key | u64::from(b) << (56 - 8 * k));
            proptest::prop_assert_eq!(prefix_key(&word), expected);
        }

        /// The terms are the counted words, each once with its count, without the words that are
        /// no candidates.
        #[test]
        fn terms_are_the_counted_words(words in proptest::collection::hash_map("[a\\x00中文字核酸检测]{0,5}", 1u32..4, 0..40)) {
            let mut counts: WordMap<&str, u32> = words.iter().map(|(w, &c)| (w.as_str(), c)).collect();
            counts.insert("不是", NOT_A_TERM);
            let terms: std::collections::BTreeMap<String, u32> = counted_terms(counts).into_iter().collect();
            let expected: std::collections::BTreeMap<String, u32> = words.into_iter().collect();
            proptest::prop_assert_eq!(terms, expected);
        }

        /// Keywords do not depend on the order of the terms, also where more words than
        /// [`CONTENDERS`] tie in count.
        #[test]
        fn keywords_do_not_depend_on_the_order_of_terms(counts in proptest::collection::vec(1u32..4, 70), turn in 0usize..70) {
            let chars: Vec<char> = "疫情防控核酸检测蔬菜供应学校".chars().collect();
            let words = chars.iter().flat_map(|&a| chars.iter().map(move |&b| format!("{a}{b}")));
            let mut terms: Vec<(String, u32)> = words.zip(counts).collect();
            let first = keywords_from_terms(&terms, &LEX, None);
            terms.rotate_left(turn);
            terms.reverse();
            proptest::prop_assert_eq!(keywords_from_terms(&terms, &LEX, None), first);
        }
    }

    #[test]
    fn site_idf_demotes_words_every_article_shares() {
        let article = |text: &str, fixed: bool| Article {
            front: Default::default(),
            body: String::new(),
            source_path: String::new(),
            terms: terms(&tagged(text), &LEX),
            fixed: if fixed { vec!["keywords".into()] } else { vec![] },
        };
        let mut articles = vec![
            article(
                "疫情防控形势严峻，疫情防控要求严格。蔬菜供应充足，蔬菜价格稳定，超市蔬菜丰富。",
                false,
            ),
            article(
                "疫情防控形势严峻，疫情防控要求严格。学校复课，学生返校，学校消毒。",
                false,
            ),
            article("疫情防控形势严峻，疫情防控要求严格。工厂复工，工人返岗。", false),
            article("疫情防控形势严峻。", true),
        ];
        site_keywords(&mut articles, &LEX);
        assert_eq!(
            articles[0].front.keywords.first().map(String::as_str),
            Some("蔬菜"),
            "{:?}",
            articles[0].front.keywords
        );
        assert_eq!(
            articles[1].front.keywords.first().map(String::as_str),
            Some("学校"),
            "{:?}",
            articles[1].front.keywords
        );
        assert!(articles[3].front.keywords.is_empty());
    }
}
