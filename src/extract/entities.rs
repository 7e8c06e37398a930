//! Places, persons and organisations, from the paragraphs' jieba words.
//!
//! Places: the gazetteer (full names, and short names of provinces and prefectures: 株洲 → 株洲市),
//! matched on word boundaries over up to three words because jieba splits names it does not know
//! (天元/区); then a name word followed by a place suffix (云龙 + 示范区); then jieba's `ns`.
//! Persons: jieba's `nr`, kept only next to a title (市委书记王利波) or when it starts with a common
//! surname, so that 闻令 or 静默 are not people, and not when a place or business word follows or
//! heads its list (X超市, X、Y等街道), or its list neighbours are other kinds of names; names jieba
//! split (李 + 浩然) joined in a person's context, names it glued to the next word (马双则既是)
//! cut back. Organisations: a run of name words ending in an organisation suffix (醴陵市 + 中医院).

use super::lexicon::{WordMap, WordSet};
use super::{Lexicon, TaggedParagraph, Token};
use crate::article::is_han;

/// The names an article mentions, each list in order of first mention.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    pub places: Vec<String>,
    pub persons: Vec<String>,
    pub organizations: Vec<String>,
}

/// Adds `name` to `list` unless `seen` has it. Names are kept as slices of the paragraphs (or of
/// the lexicon) until they prove new: most mentions repeat a name, and then nothing is allocated.
fn push_unique<'a>(list: &mut Vec<String>, seen: &mut WordSet<&'a str>, name: &'a str) {
    if seen.insert(name) {
        list.push(name.to_string());
    }
}

/// The number of characters of `word` if all of them are Han, else 0 (also for an empty word):
/// "all Han, and so many characters" in one pass over the word.
#[inline]
pub(super) fn han_chars(word: &str) -> usize {
    // The finders ask this of most nouns: the common Han characters (U+4E00 to U+9FFF) are told
    // by their first two bytes, without decoding.
    let bytes = word.as_bytes();
    let mut at = 0;
    while let [0xE4, 0xB8..=0xBF, _, ..] | [0xE5..=0xE9, _, _, ..] = bytes[at..] {
        at += 3;
    }
    let mut n = at / 3;
    for c in word[at..].chars() {
        if !is_han(c) {
            return 0;
        }
        n += 1;
    }
    n
}

/// Whether `word` starts with a Han character.
fn starts_han(word: &str) -> bool {
    // Told by the first bytes for most words, without decoding: this runs on every noun.
    match *word.as_bytes() {
        // U+4E00 to U+9FFF, the common Han characters.
        [0xE4, 0xB8..=0xBF, ..] | [0xE5..=0xE9, ..] => true,
        // Below U+3400 (ASCII, 、。“”) and the full-width forms (，！？): no Han.
        [..=0xE2, ..] | [0xE3, ..=0x8F, ..] | [0xEF, 0xBC..=0xFF, ..] => false,
        _ => word.chars().next().is_some_and(is_han),
    }
}

fn all_han(word: &str) -> bool {
    han_chars(word) > 0
}

fn name_part(t: &Token) -> bool {
    (t.tag.starts_with('n') || matches!(t.tag, "j" | "vn" | "b" | "x" | "nz")) && all_han(t.word)
}

/// A gazetteer place starting at token `i`: the longest run of one to three words that is a
/// full name, or a single word that is a short name. Returns the full name, the words used, and
/// whether it still needs its prefecture or province named elsewhere in the article.
fn gazetteer_at<'l>(text: &str, tokens: &[Token], i: usize, lex: &'l Lexicon) -> Option<(&'l str, usize, bool)> {
    let t = &tokens[i];
    // Most words begin no place name (and short names begin their full names): one lookup.
    if !lex.may_begin_place(t.word) {
        return None;
    }
    let mut best = None;
    for (k, last) in tokens[i..].iter().take(3).enumerate() {
        // Words are contiguous, so a run of words is a slice of the paragraph: no allocation.
        let joined = &text[t.start..last.end];
        if joined.len() > 36 || (k > 0 && !lex.may_begin_place(joined)) {
            break;
        }
        if joined.len() > 3
            && let Some(place) = lex.places.get(joined)
        {
            best = Some((place.name.as_str(), k + 1, false));
        }
    }
    if best.is_some() {
        return best;
    }
    if let Some(full) = lex.place_short_names.get(t.word) {
        return Some((full.as_str(), 1, false));
    }
    if t.tag == "ns"
        && let Some(full) = lex.county_short_names.get(t.word)
    {
        return Some((full.as_str(), 1, true));
    }
    None
}

/// The full name of a county or larger division, or of a town, that ends with suffix word `i`
/// and starts one to three words before it: the longest such name.
fn division_ending_at<'l>(text: &str, tokens: &[Token], i: usize, lex: &'l Lexicon) -> Option<&'l str> {
    let end = tokens[i].end;
    (i.saturating_sub(3)..i).find_map(|j| {
        let name = &text[tokens[j].start..end];
        let place = lex.places.get(name).or_else(|| lex.towns.get(name))?;
        (han_chars(name) >= 3 && !lex.not_places.contains(name)).then_some(place.name.as_str())
    })
}

/// Whether a word of two characters or more ends with a town's kind (镇 乡 街道 苏木), as a
/// town's name does, but is no such suffix alone.
#[inline]
fn ends_with_town_kind(word: &str) -> bool {
    // The last byte of 镇 乡 道 木 first: it rules out nearly every word without a comparison.
    if !matches!(word.as_bytes().last(), Some(0x87 | 0xA1 | 0x93 | 0xA8)) {
        return false;
    }
    // Each kind is three or six bytes: a word of one kind alone is no longer than that.
    let kind = |k: &str| word.len() > k.len() && word.ends_with(k);
    kind("镇") || kind("乡") || kind("街道") || kind("苏木")
}

/// The full name of a town that ends with word `i` and starts at it or one or two words before
/// it: the longest. Its first words may have been read as the start of another name already
/// (马/n + 市镇/n): the town's full name is what the text says. A name that is also a common word (小城镇, 中心镇) is
/// listed in `not_places.txt`.
fn town_ending_at<'l>(text: &str, tokens: &[Token], i: usize, lex: &'l Lexicon) -> Option<&'l str> {
    let end = tokens[i].end;
    (i.saturating_sub(2)..=i).find_map(|j| {
        let name = &text[tokens[j].start..end];
        let town = lex.towns.get(name)?;
        (han_chars(name) >= 3 && !lex.not_places.contains(name)).then_some(town.name.as_str())
    })
}

/// A place whose name starts with a numeral word at word `i` (三里/m + 岗镇): the next word ends
/// in a place suffix, the two make three characters or more, and they stand in a list beside
/// places of their kind (殷店镇、三里岗镇). See [`super::figures`]: the numeral is then no figure.
// Inlined up to the numeral's tag: the name finder asks this of every word that starts no name
// (half the words), and the tag rules out nearly all of them, for less than the call costs.
#[inline]
pub fn numbered_place<'a>(text: &'a str, tokens: &[Token], i: usize, lex: &Lexicon) -> Option<&'a str> {
    if tokens[i].tag != "m" {
        return None;
    }
    numbered_place_of_numeral(text, tokens, i, lex)
}

/// [`numbered_place`] past the tag of word `i`.
fn numbered_place_of_numeral<'a>(text: &'a str, tokens: &[Token], i: usize, lex: &Lexicon) -> Option<&'a str> {
    let (t, n) = (&tokens[i], tokens.get(i + 1)?);
    // A numeral word (三里), not a time (全年) or a unit after digits (2024 + 年), before a word
    // that is no place of its own (2024年 + 西安市). The tags first: they rule out most numerals
    // without decoding a character.
    let numeral = || t.word.starts_with(super::numbers::is_chinese_digit) && all_han(t.word);
    if !(n.tag.starts_with('n') && numeral() && lex.ends_with_place_suffix(n.word)) || lex.places.contains_key(n.word) {
        return None;
    }
    let name = &text[t.start..n.end];
    if han_chars(name) < 3 || lex.is_place_suffix(n.word) {
        return None;
    }
    // The name stands in a list beside places of its kind (殷店镇、三里岗镇): jieba's tag alone
    // would make places of 一面 + 锦旗/ns and 三个 + 乡镇.
    let last = name.chars().next_back();
    let same_kind = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|w| w.word.chars().next_back() == last && all_han(w.word))
    };
    let listed = (i >= 2 && tokens[i - 1].word == "、" && same_kind(i - 2))
        || (tokens.get(i + 2).is_some_and(|w| w.word == "、") && same_kind(i + 3));
    listed.then_some(name)
}

/// The gazetteer place a word opens with (湖北省 of 湖北省财政厅), the longest, if one does.
fn place_opening<'l>(word: &str, lex: &'l Lexicon) -> Option<&'l str> {
    (word.char_indices().skip(2).map(|(at, _)| &word[..at]))
        .filter_map(|head| lex.places.get(head))
        .last()
        .map(|place| place.name.as_str())
}

/// The full name of a place written as its short name and the last character of its kind (延边
/// + 州 for 延边朝鲜族自治州, as 恩施州 湘西州, 长阳 + 县 for 长阳土家族自治县), or `None`.
fn short_name_with_kind<'l>(name: &str, lex: &'l Lexicon) -> Option<&'l str> {
    let (at, last) = name.char_indices().next_back()?;
    let stem = &name[..at];
    let full = (lex.place_short_names.get(stem)).or_else(|| lex.county_short_names.get(stem))?;
    (at >= 6 && full.ends_with(last)).then_some(full.as_str())
}

/// The full name of a province or prefecture whose short name jieba tags as no noun (自贡/v,
/// 开封/v), or of a place whose full name it cuts into such a word and a suffix (呈贡/v + 区),
/// where it stands in a list (、) beside another gazetteer place (成都、自贡、攀枝花; 官渡区、呈贡区、
/// 安宁市): the items of a list are of one kind.
fn listed_short_name<'l>(text: &str, tokens: &[Token], i: usize, lex: &'l Lexicon) -> Option<&'l str> {
    // A short name has two characters or more: the length rules out most words (punctuation,
    // particles, one-character verbs) before anything is compared.
    if tokens[i].word.len() < 6 {
        return None;
    }
    let place = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| lex.place_short_names.contains_key(t.word) || lex.places.contains_key(t.word))
    };
    // The list mark first: it rules out nearly every word without a lookup.
    let before = i >= 2 && tokens[i - 1].word == "、" && place(i - 2);
    let after = tokens.get(i + 1).is_some_and(|t| t.word == "、") && place(i + 2);
    if !(before || after) {
        return None;
    }
    let full = gazetteer_at(text, tokens, i, lex).filter(|&(_, used, needs_parent)| used > 1 && !needs_parent);
    full.map(|(name, _, _)| name)
        .or_else(|| lex.place_short_names.get(tokens[i].word).map(String::as_str))
}

/// Finds the places, persons and organisations of an article.
pub fn find<'a>(paragraphs: &[TaggedParagraph<'a>], lex: &'a Lexicon) -> Names {
    let mut finder = NameFinder::default();
    for p in paragraphs {
        finder.read(p, lex);
    }
    finder.finish(lex)
}

/// Collects names paragraph by paragraph, so a paragraph's tags can be dropped once read.
#[derive(Debug, Default)]
pub struct NameFinder<'a> {
    names: Names,
    /// The places of `names`, found in full.
    seen_places: WordSet<&'a str>,
    /// The full names of the places of `names` found by a county short name, which `names` marks
    /// as [`CONDITIONAL`]. Apart from `seen_places`: a county may be named both ways.
    seen_conditional: WordSet<&'a str>,
    seen_persons: WordSet<&'a str>,
    seen_orgs: WordSet<&'a str>,
}

impl<'a> NameFinder<'a> {
    /// Reads the names of one paragraph.
    pub fn read(&mut self, p: &TaggedParagraph<'a>, lex: &'a Lexicon) {
        // One pass over the words: a place takes one to three words and the next place is looked
        // for after them, persons and organisations at every word.
        let mut places_from = 0;
        // The word after the last gazetteer place: 崇州市 + 街子 + 镇 names a town of it.
        let mut after_place = None;
        // Where the last person found ends, in bytes of the paragraph.
        let mut person_end = 0;
        for (i, t) in p.tokens.iter().enumerate() {
            // A suffix word that ends a division's full name, whatever jieba made of the words
            // before it (无为/c 市, 湾/zg 沚/zg 区, 栟/zg 茶/n 镇, 通关/vn 镇): the name is looked up
            // in full, towns too, which are looked for nowhere else.
            if lex.is_place_suffix(t.word)
                && let Some(place) = division_ending_at(p.text, &p.tokens, i, lex)
            {
                push_unique(&mut self.names.places, &mut self.seen_places, place);
                places_from = places_from.max(i + 1);
                continue;
            }
            // A place starts with a Han noun (or the like), a person or an organisation's suffix
            // is one: skip verbs, particles and punctuation fast (half the words).
            if !may_start_name(t) {
                // A short place name jieba tags as no noun stands beside a list mark: looked
                // for from the marks, which are few, not from every such word.
                if matches!(t.word.as_bytes(), [0xE3, 0x80, 0x81]) {
                    for k in [i.wrapping_sub(1), i + 1] {
                        if p.tokens.get(k).is_some_and(|n| !may_start_name(n))
                            && k >= places_from
                            && let Some(place) = listed_short_name(p.text, &p.tokens, k, lex)
                        {
                            push_unique(&mut self.names.places, &mut self.seen_places, place);
                        }
                    }
                }
                // A place named with a numeral (三里 + 岗镇, 十里 + 铺镇): jieba takes the numeral
                // for a number and tags the rest a place.
                if i >= places_from
                    && let Some(name) = numbered_place(p.text, &p.tokens, i, lex)
                {
                    push_unique(&mut self.names.places, &mut self.seen_places, name);
                    places_from = i + 2;
                }
                continue;
            }
            // A town jieba tags whole as a name (水西镇/nr, 清溪镇/nr) or whose suffix it glues to
            // the word before (马/n 市镇/n, 沙/nr 村镇/n, 樟木/n 头镇/n): looked up in full. Asked after the
            // test above, which rules out half the words first.
            if ends_with_town_kind(t.word)
                && let Some(town) = town_ending_at(p.text, &p.tokens, i, lex)
            {
                push_unique(&mut self.names.places, &mut self.seen_places, town);
                places_from = i + 1;
                continue;
            }
            if i >= places_from {
                let (used, gazetteer) = self.read_place(p, i, lex, after_place == Some(i));
                places_from = i + used;
                after_place = gazetteer.then_some(places_from);
            }
            // A word inside a name found already (王 + 向东) is no name of its own: 向东 alone
            // would pass as a two-character name before 表示.
            if t.start >= person_end
                && let Some(person) = person_at(p.text, &p.tokens, i, lex)
            {
                // A name starts at its first word and runs over contiguous words.
                person_end = t.start + person.len();
                push_unique(&mut self.names.persons, &mut self.seen_persons, person);
            }
            if let Some(org) = organization_ending_at(p.text, &p.tokens, i, lex) {
                push_unique(&mut self.names.organizations, &mut self.seen_orgs, org);
            }
        }
    }

    /// Reads the place that starts at word `i`, if one does, and returns how many words it takes
    /// (1 if none) and whether it was a gazetteer place. `after_place`: word `i` follows one.
    fn read_place(&mut self, p: &TaggedParagraph<'a>, i: usize, lex: &'a Lexicon, after_place: bool) -> (usize, bool) {
        let (tokens, t) = (&p.tokens, &p.tokens[i]);
        let found = gazetteer_at(p.text, tokens, i, lex);
        let full = found
            .as_ref()
            .filter(|(_, used, _)| *used > 1 || lex.places.contains_key(t.word));
        if full.is_none()
            && let Some(n) = tokens.get(i + 1)
            // The suffix first: one bit rules out most next words.
            && lex.is_place_suffix(n.word)
            // A common noun names a place in a list of places with its suffix (石井街道、嘉禾街道),
            // and right after the place it belongs to (崇州市街子镇): an address runs from the
            // larger division to the smaller one.
            && (matches!(t.tag, "ns" | "nz" | "nr")
                || listed_with_same_suffix(tokens, i)
                || (after_place && t.tag.starts_with('n')))
            && han_chars(t.word) >= 2
            && !super::lexicon::ethnic_kind(&p.text[t.start..n.end])
        {
            // Words are contiguous: the name and its suffix are a slice of the paragraph.
            let name = &p.text[t.start..n.end];
            let name = short_name_with_kind(name, lex).unwrap_or(name);
            push_unique(&mut self.names.places, &mut self.seen_places, name);
            return (2, false);
        }
        if let Some((place, used, needs_parent)) = found {
            // 醴陵市 + 中医院 is an organisation, but 醴陵市 is still a place.
            if !needs_parent {
                push_unique(&mut self.names.places, &mut self.seen_places, place);
            } else if self.seen_conditional.insert(place) {
                self.names.places.push(format!("{CONDITIONAL}{place}"));
            }
            return (used, true);
        }
        // jieba's `ns` alone also tags 太阳 and 英雄; a place suffix (板杉镇) confirms it. 地区
        // ends no such name: the gazetteer has the prefectures called so (阿克苏地区), and the
        // rest are regions (西安地区, 东北地区).
        if t.tag == "ns"
            && han_chars(t.word) >= 3
            && lex.ends_with_place_suffix(t.word)
            && !t.word.ends_with("地区")
            && !lex.not_places.contains(t.word)
            && !super::lexicon::ethnic_kind(t.word)
        {
            let name = short_name_with_kind(t.word, lex).unwrap_or(t.word);
            push_unique(&mut self.names.places, &mut self.seen_places, name);
        }
        // 北海港/ns, 青岛港: a port named after its city names the city.
        if t.tag == "ns"
            && let Some(stem) = t.word.strip_suffix('港')
            && stem.len() >= 6
            && let Some(city) = lex.place_short_names.get(stem)
        {
            push_unique(&mut self.names.places, &mut self.seen_places, city);
        }
        // 湖北省财政厅/nt: jieba keeps an organisation whole with the place it opens with.
        if t.tag == "nt"
            && let Some(place) = place_opening(t.word, lex)
        {
            push_unique(&mut self.names.places, &mut self.seen_places, place);
        }
        (1, false)
    }

    /// The names found, with county short names kept only where confirmed.
    pub fn finish(self, lex: &Lexicon) -> Names {
        let mut names = self.names;
        // County short names stay only where the article names their prefecture or province.
        let named: WordSet<String> = names
            .places
            .iter()
            .filter(|p| !p.starts_with(CONDITIONAL))
            .cloned()
            .collect();
        let mut kept = WordSet::default();
        names.places.retain_mut(|p| {
            if let Some(full) = p.strip_prefix(CONDITIONAL) {
                let confirmed = named.contains(full)
                    || lex
                        .places
                        .get(full)
                        .is_some_and(|place| place.parents.iter().any(|parent| named.contains(parent)));
                if !confirmed {
                    return false;
                }
                *p = full.to_string();
            }
            kept.insert(p.clone())
        });
        // jieba's name guesser sometimes takes the next character along (王卫安赴清水塘): a
        // four-character name that is a three-character name of the article plus one character
        // is that name. (Three characters over two can be two people: 王立 and 王立新.)
        // A compound surname makes four-character names (欧阳明华 beside 欧阳明): those stay.
        let persons: WordSet<String> = names.persons.iter().cloned().collect();
        names.persons.retain(|p| {
            let shorter = p.char_indices().last().map_or("", |(at, _)| &p[..at]);
            let compound = p
                .char_indices()
                .nth(2)
                .is_some_and(|(at, _)| lex.surnames.contains(&p[..at]));
            compound || !(shorter.chars().count() == 3 && persons.contains(shorter))
        });
        names
    }
}

/// Whether a jieba tag can belong to a word of a name: nouns (n, nr, ns, nt, nz), abbreviations
/// (j), unknown words and morphemes (x, g), place words (s), set phrases (l, i) and
/// distinguishing words (b). Verbs, adverbs, particles, pronouns, numerals, measure words, time
/// and direction words never are. Decided on the first byte: this runs on every word.
fn may_be_name(tag: &str) -> bool {
    matches!(
        tag.as_bytes().first(),
        Some(b'n' | b'j' | b'x' | b'g' | b's' | b'l' | b'i' | b'b')
    )
}

/// Whether a word may start a place or be a person or an organisation's suffix: a Han word whose
/// tag [`may_be_name`]. Inlined: the name finder asks it of every word, and the call cost as much
/// as the test.
#[inline]
fn may_start_name(t: &Token) -> bool {
    may_be_name(t.tag) && starts_han(t.word)
}

/// Marks a county found by its short name until the article confirms it.
const CONDITIONAL: &str = "?";

/// The contexts of `name_context.txt` that rule a name out, each a list of characters.
struct NameContext {
    measure_after: Vec<char>,
    measures: Vec<char>,
    never_after: Vec<char>,
    never_before: Vec<char>,
    said_after: Vec<&'static str>,
    role_before: Vec<&'static str>,
    glued_adverbs: Vec<char>,
    glued_verbs: Vec<char>,
}

/// The rules of `name_context.txt`, read once: every `nr` word is checked against all four.
fn name_context() -> &'static NameContext {
    static RULES: std::sync::OnceLock<NameContext> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let rules: WordMap<&'static str, &'static str> = include_str!("name_context.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| (k.trim(), v.trim()))
            .collect();
        let rule = |key: &str| rules.get(key).copied().unwrap_or("").chars().collect();
        let words = |key: &str| rules.get(key).copied().unwrap_or("").split_whitespace().collect();
        NameContext {
            measure_after: rule("measure_after"),
            measures: rule("measures"),
            never_after: rule("never_after"),
            never_before: rule("never_before"),
            said_after: words("said_after"),
            role_before: words("role_before"),
            glued_adverbs: rule("glued_adverbs"),
            glued_verbs: rule("glued_verbs"),
        }
    })
}

/// Whether the words right before and after word `i` (with no space between) show it is not a
/// name: a measure word after a numeral (这张表上), a verb phrase joined by 而 (闻令而动), an
/// adverb bound to it (真金白银). See `name_context.txt`.
fn context_rules_out_name(tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].word;
    let first = word.chars().next().unwrap_or(' ');
    let before = i.checked_sub(1).map(|j| tokens[j].word).filter(|w| !w.is_empty());
    let after = tokens.get(i + 1).map(|t| t.word);
    let last_before = before.and_then(|w| w.chars().last());
    let rules = name_context();
    let measure = last_before.is_some_and(|c| rules.measure_after.contains(&c)) && rules.measures.contains(&first);
    let joined = after
        .and_then(|w| w.chars().next())
        .is_some_and(|c| rules.never_after.contains(&c));
    // A word of one character, so one of the list's characters.
    let mut chars = before.unwrap_or("").chars();
    let bound = matches!((chars.next(), chars.next()), (Some(c), None) if rules.never_before.contains(&c));
    measure || joined || bound
}

/// The person named at word `i`, if one is: a name jieba split ([`split_name_at`]), a name it
/// glued to the next character ([`unglued_name`]), or an `nr` word that [`is_person`]. The name
/// starts where word `i` does.
fn person_at<'a>(text: &'a str, tokens: &[Token<'a>], i: usize, lex: &Lexicon) -> Option<&'a str> {
    if let Some(name) = split_name_at(text, tokens, i, lex) {
        return Some(name);
    }
    if tokens[i].tag != "nr" {
        return None;
    }
    if let Some(name) = unglued_name(tokens, i, lex) {
        return name;
    }
    is_person(tokens, i, lex).then_some(tokens[i].word)
}

/// The first `n` characters of `word` (all of it if shorter).
fn prefix(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or(word, |(at, _)| &word[..at])
}

fn is_person(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    let word = tokens[i].word;
    let len = han_chars(word);
    if !(2..=4).contains(&len) || lex.places.contains_key(word) || context_rules_out_name(tokens, i) {
        return false;
    }
    if titled(tokens, i, i, lex) {
        return true;
    }
    // Without a title, three-character names with a common surname; a two-character one (马双)
    // only where it acts as a person's (马双介绍): jieba tags many two-character words nr (施策,
    // 安抚, 蓝天), and part of a place name is not a person.
    let (first, first_two) = (prefix(word, 1), prefix(word, 2));
    // The surname first: two lookups rule out most words, the suffixes take a scan.
    let suffixed = || lex.organization_suffix_of(word).is_some() || lex.ends_with_place_suffix(word);
    let surnamed = lex.surnames.contains(first);
    let short = len == 2 && surnamed;
    ((surnamed && len == 3) || (lex.surnames.contains(first_two) && len >= 3) || short)
        && !suffixed()
        && !names_a_venue(tokens, i, lex)
        && !among_other_kinds(tokens, i, lex)
        && ((!short && !lex.jieba.has_word(word) && !in_book_title(tokens, i))
            || acts_as_person(tokens, i, i)
            || titled_surname(word, first, first_two, lex))
}

/// Whether word `i` stands inside the title of a document or work (《延安市林长制工作考核办法》):
/// a name jieba guesses there is a term of the title (林长制, the forest chief system), not a
/// person.
fn in_book_title(tokens: &[Token], i: usize) -> bool {
    let before = tokens[..i]
        .iter()
        .rev()
        .take(12)
        .find(|t| matches!(t.word, "《" | "》"));
    let after = tokens[i + 1..].iter().take(12).find(|t| matches!(t.word, "《" | "》"));
    before.is_some_and(|t| t.word == "《") && after.is_some_and(|t| t.word == "》")
}

/// Whether a title stands right before or after words `first..=last`, or a role (`role_before`
/// of `name_context.txt`) right before them. Bylines put spaces between title and name
/// (记者 周明).
fn titled(tokens: &[Token], first: usize, last: usize, lex: &Lexicon) -> bool {
    let blank = |t: &&Token| t.word.chars().all(char::is_whitespace);
    let before = tokens[..first].iter().rev().find(|t| !blank(t));
    let after = tokens[last + 1..].iter().find(|t| !blank(t));
    before.is_some_and(|t| name_context().role_before.contains(&t.word))
        || before.into_iter().chain(after).any(|t| lex.titles.contains(t.word))
}

/// A name jieba split into its surname and a common word or character (李 + 浩然, 周 + 建国,
/// 司马 + 建国, 欧阳明 + 华), in a person's context: a title or role beside it, or what
/// [`acts_as_person`] finds (周 + 建国 + 说). A lone surname, which jieba tags nr (周 of 一周 is
/// no word of its own), or a compound surname perhaps with one character of the given name,
/// then words making a given name of one or two characters. Words that are no part of a name
/// end it: function words, verbs, titles, verbs of speaking, place suffixes.
fn split_name_at<'a>(text: &'a str, tokens: &[Token<'a>], i: usize, lex: &Lexicon) -> Option<&'a str> {
    let t = &tokens[i];
    // Told by length and tag before any lookup: this runs on every noun. jieba tags a compound
    // surname as a name or a place (司马/nr, 欧阳/ns, 欧阳明/nr).
    let mut given = match (t.word.len(), t.tag) {
        (3, "nr") if lex.surnames.contains(t.word) => 0,
        (6 | 9, "nr" | "ns" | "nz")
            if lex.compound_surname_firsts.may_start(t.word)
                && han_chars(t.word) * 3 == t.word.len()
                && lex.surnames.contains(&t.word[..6]) =>
        {
            t.word.len() / 3 - 2
        }
        _ => return None,
    };
    let mut last = i;
    while let Some(n) = tokens.get(last + 1) {
        let chars = han_chars(n.word);
        if chars == 0 || given + chars > 2 || !given_name_part(n, lex) {
            break;
        }
        given += chars;
        last += 1;
    }
    if last == i {
        return None;
    }
    // Words are contiguous: the name is a slice of the paragraph.
    let name = &text[t.start..tokens[last].end];
    let person = (titled(tokens, i, last, lex) || acts_as_person(tokens, i, last)) && !lex.places.contains_key(name);
    person.then_some(name)
}

/// Whether a word jieba did not join to the surname before it can be (part of) a given name:
/// a noun, adjective or the like (浩然/a, 建国/ns, 华/ns), no verb, function word, title, verb
/// of speaking or place suffix.
fn given_name_part(t: &Token, lex: &Lexicon) -> bool {
    !matches!(
        t.tag.as_bytes().first(),
        Some(b'u' | b'p' | b'c' | b'd' | b'r' | b'm' | b'q' | b'f' | b'x' | b'y' | b'e' | b'o' | b'w' | b'v' | b'z')
    ) && !lex.titles.contains(t.word)
        && !name_context().said_after.contains(&t.word)
        && !lex.place_suffixes.contains(t.word)
}

/// A name jieba's guesser made with the next word's first character (马双则 + 既是, 彭栎先 +
/// 表示, 卫健发 + 信息, 李飞开 + 着): it ends in one of `glued_adverbs` and a predicate follows
/// (a verb, adverb, conjunction, preposition or set phrase: 表示感谢), or in one of `glued_verbs` and its object (a
/// noun or pronoun, no title) or an aspect particle follows. `None` if the word is no such name;
/// else the name without that character where the words around show a person (a title or role
/// before it, a verb of speaking after the adverb: 彭栎先表示), or `Some(None)`: 卫健 of 卫健发信息
/// is no one. Only names jieba guessed: those its dictionary lists (王小明则) it cuts right.
fn unglued_name<'a>(tokens: &[Token<'a>], i: usize, lex: &Lexicon) -> Option<Option<&'a str>> {
    let word = tokens[i].word;
    let next = tokens.get(i + 1)?;
    // The last character first: one scan of a short list rules out most names.
    let (at, end) = word.char_indices().last()?;
    let rules = name_context();
    if !rules.glued_adverbs.contains(&end) && !rules.glued_verbs.contains(&end) {
        return None;
    }
    // A surname and one or two characters remain.
    let surnamed = match han_chars(word) {
        3 => lex.surnames.contains(prefix(word, 1)),
        4 => lex.surnames.contains(prefix(word, 2)),
        _ => false,
    };
    if !surnamed || lex.jieba.has_word(word) {
        return None;
    }
    let glued = if rules.glued_adverbs.contains(&end) {
        matches!(
            next.tag.as_bytes().first(),
            Some(b'v' | b'd' | b'c' | b'p' | b'i' | b'l')
        )
    } else if rules.glued_verbs.contains(&end) {
        (matches!(next.tag.as_bytes().first(), Some(b'n' | b'r')) && !lex.titles.contains(next.word))
            || matches!(next.tag, "uz" | "ul" | "ug")
    } else {
        false
    };
    if !glued {
        return None;
    }
    let person = titled(tokens, i, i, lex) || acts_as_person(tokens, i, i);
    Some(person.then_some(&word[..at]))
}

/// Whether `word` is a surname and a title written as one word (李女士, 王先生, 张老师): news
/// names people so who do not want their full name printed.
fn titled_surname(word: &str, first: &str, first_two: &str, lex: &Lexicon) -> bool {
    [first, first_two]
        .iter()
        .any(|s| lex.surnames.contains(*s) && lex.titles.contains(&word[s.len()..]))
}

/// Whether the words around words `first..=last` act like a person's, as `name_context.txt` lists them: a
/// verb of speaking or winning after it, perhaps after one time word or adverb (张建华赛后说), an
/// age before it (66岁的张建华), or another name beside it in a list (刘德明、张建国). jieba's
/// dictionary tags some common words nr (马拉松, 农家乐, 全景图): those it knows need this; names
/// it guessed do not.
fn acts_as_person(tokens: &[Token], first: usize, last: usize) -> bool {
    let rules = name_context();
    let (i, mut next) = (first, last + 1);
    if tokens.get(next).is_some_and(|t| matches!(t.tag, "t" | "d")) {
        next += 1;
    }
    let said = tokens.get(next).is_some_and(|t| rules.said_after.contains(&t.word));
    let aged = i >= 2 && tokens[i - 1].word == "的" && tokens[i - 2].word.ends_with('岁');
    let name = |k: usize| tokens.get(k).is_some_and(|t| t.tag == "nr");
    let listed = (i >= 2 && tokens[i - 1].word == "、" && name(i - 2))
        || (tokens.get(last + 1).is_some_and(|t| t.word == "、") && name(last + 2));
    said || aged || listed
}

/// Whether a word names a place or business: the noun of a place, organisation or venue follows
/// it (张家湾 + 社区, 沃尔玛 + 超市), or heads the list it stands in (麦德龙、天虹等11家本地超市;
/// 贺家土、庆云等街道).
fn names_a_venue(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    // 大型超市 is a 超市.
    let venue = |w: &str| {
        lex.place_suffixes.contains(w)
            || lex.venue_words.iter().any(|v| w.ends_with(v.as_str()))
            || lex.starts_with_organization_suffix(w)
    };
    if tokens.get(i + 1).is_some_and(|n| venue(n.word)) {
        return true;
    }
    // The rest of the list: items parted by 、, then 等 (or 等等).
    let mut j = i + 1;
    while tokens.get(j).is_some_and(|t| t.word == "、") && tokens.get(j + 1).is_some_and(|t| name_part(t)) {
        j += 2;
    }
    if !tokens.get(j).is_some_and(|t| t.word.starts_with('等')) {
        return false;
    }
    // Its head noun, after any count, measure word, pronoun or modifier (11家本地超市).
    tokens[j + 1..]
        .iter()
        .take(4)
        .find(|t| !matches!(t.tag.as_bytes().first(), Some(b'm' | b'q' | b'r' | b'a' | b'b')))
        .is_some_and(|t| venue(t.word))
}

/// Whether a word stands in an enumeration (、) whose nouns next to it are no names or titles:
/// the items of a list are of one kind, so between places or brands (枫溪、龙泉、贺家土、庆云;
/// 麦德龙、天虹) a word jieba tags as a name is a place or a brand too. A count (71岁的易志中、
/// 66岁的张建华) or a title (书记邹祖信、院长李文灿) next to it says nothing against a person.
fn among_other_kinds(tokens: &[Token], i: usize, lex: &Lexicon) -> bool {
    let before = i
        .checked_sub(2)
        .filter(|&k| tokens[k + 1].word == "、")
        .map(|k| &tokens[k]);
    let after = tokens
        .get(i + 1)
        .filter(|t| t.word == "、")
        .and_then(|_| tokens.get(i + 2));
    let person_like =
        |t: &Token| t.tag.starts_with("nr") || lex.titles.iter().any(|title| t.word.ends_with(title.as_str()));
    let nouns: Vec<&Token> = before.into_iter().chain(after).filter(|t| name_part(t)).collect();
    !nouns.is_empty() && !nouns.iter().any(|t| person_like(t))
}

/// Whether the word at `i` and the suffix after it (石井 + 街道) stand in a list (、) beside
/// another name with the same suffix (石井街道、嘉禾街道): the items of a list are of one kind, so
/// a word jieba takes for a common noun names a place there too.
fn listed_with_same_suffix(tokens: &[Token], i: usize) -> bool {
    let Some(suffix) = tokens.get(i + 1).map(|t| t.word) else {
        return false;
    };
    let item = |k: usize| {
        tokens.get(k).is_some_and(|t| han_chars(t.word) >= 2) && tokens.get(k + 1).is_some_and(|t| t.word == suffix)
    };
    let after = tokens.get(i + 2).is_some_and(|t| t.word == "、") && item(i + 3);
    let before = i >= 3 && tokens[i - 1].word == "、" && item(i - 3);
    after || before
}

/// An organisation whose suffix ends at token `i`: 醴陵市 + 中医院, 株洲市 + 疾控中心.
fn organization_ending_at<'a>(text: &'a str, tokens: &[Token], i: usize, lex: &Lexicon) -> Option<&'a str> {
    let t = &tokens[i];
    let suffix = lex.organization_suffix_of(t.word)?;
    let chars = han_chars(t.word);
    if chars == 0 {
        return None;
    }
    // A one-character suffix only counts as a word of its own (卫健 + 局), never inside a word of
    // two (干部, 结局). jieba's organisation words (湖北省财政厅/nt) end in one whole, and so do
    // nouns of three characters or more (邮政 + 管理局, 市委 + 组织部) unless a word of two ends
    // them (党员干部 ends in 干部).
    let own_word = t.word == suffix;
    let suffix_chars = suffix.chars().count();
    let ends_in_word = || {
        t.word
            .char_indices()
            .rev()
            .nth(1)
            .is_some_and(|(at, _)| lex.jieba.has_word(&t.word[at..]))
    };
    if suffix_chars == 1 && !own_word && t.tag != "nt" && !(chars >= 3 && t.tag == "n" && !ends_in_word()) {
        return None;
    }
    // The next word must not continue the name (医院 + 院长 is a title, not the end).
    if tokens
        .get(i + 1)
        .is_some_and(|n| lex.starts_with_organization_suffix(n.word))
    {
        return None;
    }
    // The words of the name before its suffix, at most four and a place before them: name words,
    // an ordinal (沈阳市 + 第四 + 人民医院, 株洲市 + 二 + 医院), a department's own suffix inside
    // a longer name (发展改革 + 委 + 价格监测中心), a verb that starts a longer suffix (疾病 +
    // 预防/v + 控制中心 ends in 疾病预防控制中心), and 和 between two name words of one department
    // (人力资源 + 和 + 社会保障 + 厅, 住房 + 和 + 城市更新 + 局), but not after a whole
    // organisation (卫健委 + 和 + 市场监管局 are two).
    let ordinal = |w: &str| {
        let digits = w.strip_prefix('第').unwrap_or(w);
        !digits.is_empty() && digits.chars().all(super::numbers::is_chinese_digit)
    };
    // Where the longest suffix that ends with this word starts in the paragraph.
    let suffix_start = lex
        .organization_suffix_of(&text[..t.end])
        .map_or(t.start, |s| t.end - s.len());
    let in_suffix = |w: &Token| w.start >= suffix_start;
    let inside = |w: &Token| {
        name_part(w)
            || (w.tag == "m" && ordinal(w.word))
            || lex.organization_suffix_of(w.word) == Some(w.word)
            || (w.tag.starts_with('v') && in_suffix(w))
    };
    let mut start = i;
    let mut words = 0;
    while start > 0 && words < 4 {
        let w = &tokens[start - 1];
        if inside(w) {
            start -= 1;
        } else if w.word == "和"
            && start >= 2
            && name_part(&tokens[start - 2])
            && lex.organization_suffix_of(tokens[start - 2].word).is_none()
        {
            start -= 2;
        } else {
            break;
        }
        words += 1;
    }
    // A place opens the name, however long (贵阳市 + 发展改革委价格监测中心); a whole
    // organisation's suffix does not (…有限公司 + 株洲基地生产管理部 is cut at its four words).
    if start > 0 && start < i && tokens[start - 1].tag == "ns" {
        start -= 1;
    }
    while start < i && lex.organization_suffix_of(tokens[start].word) == Some(tokens[start].word) {
        start += 1;
    }
    if start == i && (own_word || chars <= suffix_chars + 1) {
        return None;
    }
    if generic_head(t.word, suffix, lex) || !names_its_own(&tokens[start..=i], suffix, lex) {
        return None;
    }
    // Words are contiguous: the name is a slice of the paragraph.
    let name = &text[tokens[start].start..t.end];
    (3..=20).contains(&name.chars().count()).then_some(name)
}

/// Whether words ending in an organisation's suffix name one organisation, not a kind of them
/// (三甲医院, 公办学校, 地方政府, 登陆时 + 中心): a place, a proper noun or a name stands among
/// them (温州中院, 国网江苏省电力有限公司, 曲江国际会展中心), or a word `organization_names.tsv`
/// lists: a word of the state (国家统计局), the jurisdiction a local paper leaves its place out of
/// (市公交集团), a street (海棠路派出所), a suffix only registered names end with (有限公司). One
/// word that ends in a suffix names one when it opens with a place (浙江大学) or jieba knows it for
/// an organisation's or a proper name (财政部/nt).
fn names_its_own(words: &[Token], suffix: &str, lex: &Lexicon) -> bool {
    let kind = |w: &str| lex.organization_names.get(w).map(String::as_str);
    let proper = |w: &Token| {
        matches!(w.tag, "ns" | "nz" | "nt" | "nr" | "nrt" | "nrfg" | "eng")
            || lex.places.contains_key(w.word)
            || kind(w.word) == Some("street")
            || (lex.organization_names.iter()).any(|(s, k)| k == "state" && w.word.starts_with(s.as_str()))
    };
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    if kind(suffix) == Some("registered") {
        return true;
    }
    if let Some(first) = before.first() {
        return before.iter().any(proper) || kind(first.word) == Some("jurisdiction");
    }
    let head = &last.word[..last.word.len() - suffix.len()];
    lex.places.contains_key(head) || matches!(last.tag, "nt" | "nz" | "ns")
}

/// Whether a word that ends in an organisation suffix opens with a distinguishing word,
/// adjective or numeral (中等学校, 三级医院 as one word): a kind, whatever stands before it
/// (霞浦一 + 中等学校 is 霞浦一中 and other schools).
fn generic_head(word: &str, suffix: &str, lex: &Lexicon) -> bool {
    let head = &word[..word.len() - suffix.len()];
    !head.is_empty()
        && matches!(super::tag_text(head, lex).as_slice(), [w] if matches!(w.tag.as_bytes().first(), Some(b'a' | b'b' | b'm')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tag_text;
    use crate::extract::test_lexicon::LEX;

    fn names(text: &str) -> Names {
        let p = TaggedParagraph {
            anchor: "p1".into(),
            text,
            tokens: tag_text(text, &LEX),
        };
        find(&[p], &LEX)
    }

    #[test]
    fn places_from_gazetteer_suffixes_and_tags() {
        let cases = [
            ("株洲市天元区开展核酸检测", "天元区"),
            ("芦淞区全员核酸检测", "芦淞区"),
            ("株洲醴陵市委召开会议", "醴陵市"),
            ("湖南东大门", "湖南省"),
            ("从长沙出发", "长沙市"),
            ("云龙示范区新增病例", "云龙示范区"),
            ("广西的物资运抵", "广西壮族自治区"),
            ("浏阳市的烟花", "浏阳市"),
            ("北京市朝阳区", "朝阳区"),
            ("株洲市醴陵的瓷器", "醴陵市"),
            // A common noun in a list of places with the same suffix names a place.
            ("对石井街道、嘉禾街道部分区域实施封控", "石井街道"),
            ("嘉禾街道、石井街道部分区域", "石井街道"),
            // A division's full name, whatever jieba made of the words before its suffix word
            // (无为/c 市, 湾/zg 沚/zg 区), and towns, which are found by full name only.
            ("无为市立案查处案件58件", "无为市"),
            ("湾沚区、鸠江区罚没款金额", "湾沚区"),
            ("在栟茶镇养老服务中心", "栟茶镇"),
            ("集中在联珠镇、通关镇、龙坝镇", "通关镇"),
            ("其中县城掘港街道占近三成", "掘港街道"),
            // A town jieba tags whole as a name (水西镇/nr), or whose suffix it glues to the
            // word before (马/n 市镇/n, 沙/nr 村镇/n, 樟木/n 头镇/n).
            ("和水西镇新建的学校", "水西镇"),
            ("马市镇蜀口村种粮大户周福林说", "马市镇"),
            ("家住沙村镇的村民说", "沙村镇"),
            ("开往东莞市常平镇、樟木头镇等制造业重镇", "樟木头镇"),
            // A former name is still a place (繁昌县, now 繁昌区).
            ("原芜湖县的企业", "芜湖县"),
            // An ethnic township by its full name (鲊埠/回族乡).
            ("鲊埠回族乡民兵、辅警", "鲊埠回族乡"),
            // A common noun with a place suffix right after the place it belongs to.
            ("崇州市街子镇一家农家乐", "街子镇"),
            // A prefecture jieba tags a verb (自贡/v), in a list beside another place.
            ("重点支持成都、自贡、攀枝花等8个市", "自贡市"),
            ("支持自贡、攀枝花等地", "自贡市"),
        ];
        for (text, place) in cases {
            let n = names(text);
            assert!(n.places.iter().any(|p| p == place), "{text}: {:?}", n.places);
        }
        // The last bytes tested first are those of the kinds.
        for kind in ["镇", "乡", "街道", "苏木"] {
            assert!(ends_with_town_kind(&format!("水西{kind}")), "{kind}");
        }
        assert!(!ends_with_town_kind("镇") && !ends_with_town_kind("水西村") && !ends_with_town_kind("街道"));
        // A common word that is also a town's name is no place (重点中心镇, 小城镇建设).
        for text in ["建设一批重点中心镇", "推进小城镇建设", "城镇化率提高", "统筹城乡发展"]
        {
            assert!(names(text).places.is_empty(), "{text}: {:?}", names(text).places);
        }
        // The kind of an ethnic township (回族乡) is no place of its own.
        assert_eq!(names("鲊埠回族乡民兵、辅警").places, ["鲊埠回族乡"]);
        // A place whose full name jieba cuts into a verb and its suffix (呈贡/v + 区), in a list.
        let n = names("官渡区、呈贡区、安宁市等地还在大型社区设点");
        assert!(n.places.iter().any(|p| p == "呈贡区"), "{:?}", n.places);
        // A place named with a numeral (三里 + 岗镇), in a list of towns; the numeral is no figure.
        let n = names("殷店镇、草店镇、三里岗镇等乡镇旱情最为严重");
        assert!(n.places.iter().any(|p| p == "三里岗镇"), "{:?}", n.places);
        // An autonomous prefecture or county by its short name and kind.
        for (text, place) in [
            ("延边州在全省率先实现退税", "延边朝鲜族自治州"),
            ("湘西州、怀化市两地", "湘西土家族苗族自治州"),
            ("长阳县土家族群众", "长阳土家族自治县"),
        ] {
            let n = names(text);
            assert!(n.places.iter().any(|p| p == place), "{text}: {:?}", n.places);
        }
        // A port named after its city.
        let n = names("北海港域完成货物吞吐量2,450万吨");
        assert!(n.places.iter().any(|p| p == "北海市"), "{:?}", n.places);
        // A place that opens an organisation jieba keeps whole.
        let n = names("湖北省财政厅下拨资金");
        assert!(n.places.iter().any(|p| p == "湖北省"), "{:?}", n.places);
        // Street in its common sense, listed beside no place of the same suffix.
        for text in [
            "城区主要街道、背街小巷全面消杀",
            "清扫街道、社区和小区",
            "各乡镇开始组织群众返乡",
            // A count of towns, a pennant (锦旗/ns), and regions that end in 地区.
            "全县三个乡镇受灾",
            "将一面锦旗送给医院",
            "西安地区普通高校毕业生",
            "我国东北地区将出现降温",
        ] {
            let n = names(text);
            assert!(n.places.is_empty(), "{text}: {:?}", n.places);
        }
    }

    #[test]
    fn county_short_names_need_their_prefecture_or_province() {
        for (text, not_place) in [
            ("美的商城开业", "商城县"),
            ("走遍了河西的大街小巷", "河西区"),
            ("庆云等街道", "庆云县"),
        ] {
            let n = names(text);
            assert!(!n.places.iter().any(|p| p == not_place), "{text}: {:?}", n.places);
        }
    }

    #[test]
    fn a_name_with_the_next_character_taken_along_is_that_name() {
        let n = names("副市长王卫安赴现场调度。王卫安要求，加快施工进度。");
        assert!(n.persons.iter().any(|p| p == "王卫安"), "{:?}", n.persons);
        assert!(!n.persons.iter().any(|p| p == "王卫安赴"), "{:?}", n.persons);
    }

    #[test]
    fn a_given_name_inside_a_name_is_no_name_of_its_own() {
        // jieba cuts 王 + 向东 and 李 + 卫东: the given name alone before 表示 would pass as a
        // two-character name with a surname (向, 卫).
        for (text, person, part) in [
            ("河南省文物局局长王向东表示，今年是关键年", "王向东", "向东"),
            ("市生态环境局局长李卫东表示，今年全市力争", "李卫东", "卫东"),
        ] {
            let n = names(text);
            assert!(n.persons.iter().any(|p| p == person), "{text}: {:?}", n.persons);
            assert!(!n.persons.iter().any(|p| p == part), "{text}: {:?}", n.persons);
        }
    }

    #[test]
    fn persons_need_a_title_or_a_common_surname() {
        for (text, person) in [
            ("市委书记王利波要求", "王利波"),
            ("代理市长刘新华等市领导", "刘新华"),
            ("记者李逸峰报道", "李逸峰"),
            ("（记者 周明 通讯员 李华）", "周明"),
            ("护士长王丽说", "王丽"),
            // jieba's dictionary knows these names: a verb of speaking after one, an age before
            // it or a name beside it shows it is one.
            ("张建华赛后说", "张建华"),
            ("张建国表示，全市将继续推进", "张建国"),
            ("刘德明、张建国等人", "张建国"),
            // A title before a name jieba's dictionary knows; a surname and a title as one word.
            ("来到开国上将宋时轮故里", "宋时轮"),
            ("李女士再次路过采样点", "李女士"),
            // jieba split the name into its surname and a common word (李 + 浩然, 周 + 建国): a
            // title or role before it, a verb of speaking or a name in a list beside it.
            ("男子100米决赛中，蚌埠选手李浩然以10秒21的成绩夺冠", "李浩然"),
            ("记者李浩然报道", "李浩然"),
            ("院长周建国表示，医院将继续推进", "周建国"),
            ("市长周建国在会上强调", "周建国"),
            ("崇州市街子镇一家农家乐老板周建国说。", "周建国"),
            ("周建国介绍，今年游客增多", "周建国"),
            ("记者王晓东、周建国报道", "周建国"),
            // Compound surnames, alone (司马 + 建国, 欧阳 + 建国) or with a character of the
            // given name (欧阳明 + 华).
            ("主任司马建国说", "司马建国"),
            ("欧阳建国表示", "欧阳建国"),
            ("记者 欧阳明华 报道", "欧阳明华"),
            // Two-character names acting as persons: a verb of speaking after one (perhaps after
            // an adverb), an age before it.
            ("马双介绍。", "马双"),
            ("李明也表示", "李明"),
            ("今年28岁的马双，疫情管控前", "马双"),
            // A role before a name (选手, 网格员 …; after a word they are no title: 农家乐老板).
            ("女子甲组跳远比赛中，宿州选手张建华跳出6米32", "张建华"),
            // The next word's first character taken along: the name ends before the adverb.
            ("医务人员彭栎先表示：感谢爱心企业的关心", "彭栎"),
            ("医务人员彭栎先表示感谢", "彭栎"),
            // Names that end in a character of `glued_verbs` stay whole before a verb.
            ("王建发说，今年收成好", "王建发"),
            ("村民刘德发表示", "刘德发"),
        ] {
            let n = names(text);
            assert!(n.persons.iter().any(|p| p == person), "{text}: {:?}", n.persons);
        }
        for (text, not_person) in [
            ("闻令而动，迅速集结", "闻令"),
            ("全域静默管理", "静默"),
            // A title before it, but 而 joins two verb phrases.
            ("全体党员闻令而动，冲锋在前", "闻令"),
            // A measure word after a demonstrative or numeral, not a surname.
            ("这张表上记录着每户的需求", "张表上"),
            // An adverb bound to what follows: 真金白银.
            ("拿出真金白银支持企业", "金白银"),
            // Words jieba's dictionary tags nr, with nothing around them that a name has.
            ("全程马拉松吸引了1.5万名跑者", "马拉松"),
            ("一家农家乐老板说", "农家乐"),
            ("桥梁段长度为300米", "段长度"),
            ("全景图显示", "全景图"),
            // No surname word of its own (一周 + 建国), or no person's context.
            ("一周建国就完成了", "周建国"),
            ("王浩然的诗句", "王浩然"),
            ("队长李带领队员", "李带领"),
            // Common words starting with a surname, with nothing around them that a name has.
            ("周末到了", "周末"),
            ("王国的历史", "王国"),
            ("高明的手段", "高明"),
            // The next word's first character taken along: an adverb before the predicate, a
            // verb before its object or an aspect particle.
            ("马双则既是网格员，也是社区两委", "马双则"),
            ("医务人员彭栎先表示：感谢爱心企业的关心", "彭栎先"),
            ("和妻子李飞开着私家车接送老人", "李飞开"),
            ("余主任，卫健发信息，我们村某某双采追阳", "卫健发"),
            // What is left is no person either without a title or a person's context.
            ("余主任，卫健发信息，我们村某某双采追阳", "卫健"),
            ("马双则既是网格员，也是社区两委", "马双"),
            // A name jieba guesses inside a document's title is a term of it.
            ("根据《延安市林长制工作考核办法》", "林长制"),
        ] {
            let n = names(text);
            assert!(!n.persons.iter().any(|p| p == not_person), "{text}: {:?}", n.persons);
        }
    }

    /// Words jieba tags as three-character names that a list or the word after them shows to be
    /// places or businesses, and real names in lists, which stay.
    #[test]
    fn places_and_brands_taken_for_names_are_not_persons() {
        for (text, word, person) in [
            // Between places, or heading 等村 / 等街道 / 等社区: a place.
            ("丰收、陈家坪、高桥等村组织村民", "陈家坪", false),
            ("林家湾、马家河、石峰等街道", "马家河", false),
            ("罗家塘、荷塘、宋家桥等社区", "宋家桥", false),
            // At the head of 等8家大型超市: a shop.
            ("家润多、步步高、王府井等8家大型超市", "王府井", false),
            // People in lists, with ages or titles beside them, stay people.
            ("刘德明、张建国、王小红等志愿者", "张建国", true),
            ("71岁的易志中、66岁的张建华天天值守", "易志中", true),
            ("党委书记邹祖信、院长李文灿", "邹祖信", true),
        ] {
            let n = names(text);
            assert_eq!(n.persons.iter().any(|p| p == word), person, "{text}: {:?}", n.persons);
        }
    }

    /// The first-byte shortcuts of `starts_han` and `han_chars` answer as `is_han` does, for
    /// every character, alone and beside others.
    #[test]
    fn byte_shortcuts_tell_han_as_is_han_does() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(starts_han(&format!("{c}a")), is_han(c), "{c:?}");
            let han = usize::from(is_han(c));
            assert_eq!(han_chars(&c.to_string()), han, "{c:?}");
            assert_eq!(han_chars(&format!("中{c}")), 2 * han, "{c:?}");
            assert_eq!(han_chars(&format!("{c}中文")), 3 * han, "{c:?}");
        }
        assert!(!starts_han(""));
        assert_eq!(han_chars(""), 0);
    }

    proptest::proptest! {
        /// `han_chars` is "all Han, and so many characters".
        #[test]
        fn han_chars_counts_all_han_words(word in "[中文䶵一丁鿿\u{4dc0}\u{20000}\u{3400}\u{f900}a，、]{0,6}") {
            let expected = if word.chars().all(is_han) { word.chars().count() } else { 0 };
            proptest::prop_assert_eq!(han_chars(&word), expected);
        }
    }

    #[test]
    fn organisations_by_suffix() {
        for (text, org) in [
            ("醴陵市中医院的医护人员", "醴陵市中医院"),
            ("株洲市疾控中心发布通告", "株洲市疾控中心"),
            ("湖南华菱钢铁集团捐赠物资", "湖南华菱钢铁集团"),
            ("广州市卫健委副主任张屹说", "广州市卫健委"),
            ("温州市公安局鹿城区分局抓获嫌疑人", "温州市公安局鹿城区分局"),
            ("温州中院刑二庭庭长陈立新", "温州中院"),
        ] {
            let n = names(text);
            assert!(
                n.organizations.iter().any(|o| o == org),
                "{text}: {:?}",
                n.organizations
            );
        }
        for text in ["党员干部冲锋在前", "结局圆满", "醴陵市党员干部防疫先锋队"] {
            let n = names(text);
            assert!(n.organizations.is_empty(), "{text}: {:?}", n.organizations);
        }
    }

    #[test]
    fn an_organisations_name_runs_over_its_department_and_ordinal() {
        for (text, org) in [
            // 和 inside a department's name.
            ("记者从武汉市住房和城市更新局获悉", "武汉市住房和城市更新局"),
            ("省人力资源和社会保障厅发布通知", "省人力资源和社会保障厅"),
            // An ordinal, with or without 第.
            ("伤者被送往沈阳市第四人民医院救治", "沈阳市第四人民医院"),
            ("对株洲市二医院进行督查", "株洲市二医院"),
            // A commission inside a longer name, and the place before it.
            ("贵阳市发展改革委价格监测中心主任陈红说", "贵阳市发展改革委价格监测中心"),
            // jieba keeps a provincial department whole.
            ("湖北省财政厅、随州市财政局分别下拨", "湖北省财政厅"),
            ("湖北省财政厅、随州市财政局分别下拨", "随州市财政局"),
            // The paper's own jurisdiction left out, a street, a registered company.
            ("市委疫情防控指挥部召开会议", "市委疫情防控指挥部"),
            ("并送到海棠路派出所", "海棠路派出所"),
            ("中车时代电动汽车股份有限公司捐赠物资", "中车时代电动汽车股份有限公司"),
            // A bureau jieba keeps as one noun (管理局), a suffix it cuts at a verb (预防/v).
            ("记者从金华市邮政管理局获悉", "金华市邮政管理局"),
            ("昆明市疾病预防控制中心副主任王丽华介绍", "昆明市疾病预防控制中心"),
        ] {
            let n = names(text);
            assert!(
                n.organizations.iter().any(|o| o == org),
                "{text}: {:?}",
                n.organizations
            );
        }
        // Two organisations joined by 和 stay two.
        let n = names("市卫健委和市场监管局联合检查");
        assert!(
            !n.organizations.iter().any(|o| o.contains('和')),
            "{:?}",
            n.organizations
        );
    }

    #[test]
    fn a_kind_of_organisation_is_no_organisation() {
        for text in [
            "沿线串联起5家三甲医院和2个公办学校",
            "职工医保在职人员在三级医院住院的",
            "全市政府债务余额控制在限额内",
            "加大对地方政府的转移支付",
            "台风登陆时中心附近最大风力14级",
            "霞浦一中等学校体育馆临时开放",
            "患者被送往定点医院",
        ] {
            let n = names(text);
            assert!(n.organizations.is_empty(), "{text}: {:?}", n.organizations);
        }
    }
}
