//! The extractor's knowledge: the jieba dictionary and our tables (units, qualifiers, categories,
//! the gazetteer, names, stop words), merged with the site's `extend:` section.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use jieba_rs::{Jieba, TfIdf};

use crate::config::Extensions;

/// A multiply-and-rotate hash (the FxHash idea) for the word tables. The finders look up almost
/// every jieba word in some table; SipHash, the standard default, was a visible share of the
/// extraction time. Its resistance to crafted collisions buys nothing in a build tool whose keys
/// are our own tables and the articles the user asked to build.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(eight));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(padded_le(rest));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves its best-mixed bits at the top; hashbrown indexes by the low bits.
        self.0.rotate_left(26)
    }
}

/// `rest` (fewer than eight bytes) as a little-endian number padded with zeros. Most words end in
/// such a rest (a two-character word is six bytes): two overlapping reads of four or two bytes
/// instead of a loop over the bytes, or a copy into eight zeros, which calls `memcpy` for a slice
/// of any length. Bytes read twice land on the same place.
pub(super) fn padded_le(rest: &[u8]) -> u64 {
    let n = rest.len();
    if let (Some(first), Some(last)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << (8 * (n - 4))
    } else if let (Some(first), Some(last)) = (rest.first_chunk::<2>(), rest.last_chunk::<2>()) {
        u64::from(u16::from_le_bytes(*first)) | u64::from(u16::from_le_bytes(*last)) << (8 * (n - 2))
    } else {
        rest.first().map_or(0, |&b| u64::from(b))
    }
}

/// A 64-bit fingerprint of a word.
fn fingerprint(word: &str) -> u64 {
    let mut h = WordHasher::default();
    h.write(word.as_bytes());
    // Different lengths, same bytes after zero padding (a, a\0) must differ.
    h.write_usize(word.len());
    h.finish()
}

/// A set of characters as one bit per character of the Basic Multilingual Plane (8 KB): a quick
/// "no" for a character that no word of a table starts (or ends) with. Characters beyond it are
/// always "maybe".
///
/// A fixed-size array, so that indexing by `c >> 6` of a character of the plane needs no bounds
/// check.
#[derive(Debug, Clone)]
pub(crate) struct CharFilter(Box<[u64; 1024]>);

impl Default for CharFilter {
    /// The empty set.
    fn default() -> CharFilter {
        CharFilter(Box::new([0; 1024]))
    }
}

impl CharFilter {
    pub(crate) fn new(chars: impl Iterator<Item = char>) -> CharFilter {
        let mut filter = CharFilter::default();
        for c in chars.map(|c| c as usize).filter(|&c| c < 1 << 16) {
            filter.0[c >> 6] |= 1 << (c & 63);
        }
        filter
    }

    pub(crate) fn may_contain(&self, c: char) -> bool {
        let c = c as usize;
        c >= 1 << 16 || self.0[c >> 6] >> (c & 63) & 1 == 1
    }

    /// The set with the characters of a bitmap of the plane laid out as its own (bit `c & 63`
    /// of word `c >> 6`) added.
    pub(crate) fn with_bits(mut self, bits: &[u64; 1024]) -> CharFilter {
        for (word, more) in self.0.iter_mut().zip(bits) {
            *word |= more;
        }
        self
    }
}

/// Words looked for in short stretches of text (a clause, a subject), many stretches a text: a
/// search for each word with `str::contains` prepares a searcher every call, which costs more than
/// reading a clause of twenty characters once. Here the text is read once, and a word is compared
/// only where a character that starts one stands.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordsIn {
    words: Vec<String>,
    /// The words' first characters, each as one of 1,024 bits (its code's low ten bits): a
    /// headline's topic words are read into one of these for every article, where a
    /// [`CharFilter`] of the whole plane is 8 KB to allocate and zero. A character that shares a
    /// bit with a first character only costs the comparisons.
    first: [u64; 16],
}

impl WordsIn {
    pub(crate) fn new(words: Vec<String>) -> WordsIn {
        let mut first = [0; 16];
        for c in words.iter().filter_map(|w| w.chars().next()) {
            let bit = c as usize & 1023;
            first[bit >> 6] |= 1 << (bit & 63);
        }
        WordsIn { words, first }
    }

    /// Whether `word` is one of the words.
    pub(crate) fn has(&self, word: &str) -> bool {
        self.words.iter().any(|w| w == word)
    }

    /// Whether any of the words stands in `text`.
    pub(crate) fn any_in(&self, text: &str) -> bool {
        !self.words.is_empty() && text.char_indices().any(|(i, c)| self.starts_at(text, i, c))
    }

    /// Whether one of the words starts at byte `i` of `text`, where the character `c` stands.
    #[inline(always)]
    pub(crate) fn starts_at(&self, text: &str, i: usize, c: char) -> bool {
        let bit = c as usize & 1023;
        self.first[bit >> 6] >> (bit & 63) & 1 == 1 && self.words.iter().any(|w| text[i..].starts_with(w.as_str()))
    }
}

/// The first characters of several lists of words, kept as [`WordsIn`] keeps them: a read that
/// looks for the words of all of them tests each character once against these, and against each
/// list only where a word of one may start, which few characters do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FirstChars([u64; 16]);

impl FirstChars {
    pub(crate) fn of(lists: &[&WordsIn]) -> FirstChars {
        let mut first = [0; 16];
        for list in lists {
            for (bits, more) in first.iter_mut().zip(list.first) {
                *bits |= more;
            }
        }
        FirstChars(first)
    }

    /// Whether a word of one of the lists may start with `c`.
    #[inline(always)]
    pub(crate) fn may_start(&self, c: char) -> bool {
        let bit = c as usize & 1023;
        self.0[bit >> 6] >> (bit & 63) & 1 == 1
    }
}

/// A word's first or last character tested without the general decoder: the name finder asks
/// this of every noun, and the decoder's branches cost more than the test. A three-byte
/// character (Han of the Basic Multilingual Plane, Chinese punctuation) is decoded in place.
impl CharFilter {
    /// Whether the first character of `word` may be in the set (not if there is none).
    #[inline]
    pub(crate) fn may_start(&self, word: &str) -> bool {
        match *word.as_bytes() {
            [b0 @ 0xE0..=0xEF, b1, b2, ..] => self.may_contain_bmp(three_byte_char(b0, b1, b2)),
            _ => word.chars().next().is_some_and(|c| self.may_contain(c)),
        }
    }

    /// Whether the last character of `word` may be in the set (not if there is none).
    #[inline]
    pub(crate) fn may_end(&self, word: &str) -> bool {
        match *word.as_bytes() {
            // A lead byte of three is followed by exactly two more: those end the word.
            [.., b0 @ 0xE0..=0xEF, b1, b2] => self.may_contain_bmp(three_byte_char(b0, b1, b2)),
            _ => word.chars().next_back().is_some_and(|c| self.may_contain(c)),
        }
    }

    /// [`CharFilter::may_contain`] for a character of the Basic Multilingual Plane, by its code.
    #[inline]
    pub(crate) fn may_contain_bmp(&self, c: u32) -> bool {
        // A code of the plane is below 2^16: `c >> 6 & 1023` is `c >> 6`, and the mask lets the
        // compiler see that the index is in bounds.
        self.0[(c as usize >> 6) & 1023] >> (c & 63) & 1 == 1
    }
}

/// The code point of a three-byte UTF-8 sequence (lead byte 0xE0 to 0xEF).
#[inline]
pub(crate) fn three_byte_char(b0: u8, b1: u8, b2: u8) -> u32 {
    u32::from(b0 & 0x0f) << 12 | u32::from(b1 & 0x3f) << 6 | u32::from(b2 & 0x3f)
}

/// A map keyed by words, hashed with [`WordHasher`].
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;
/// A set of words, hashed with [`WordHasher`].
pub type WordSet<K> = HashSet<K, BuildHasherDefault<WordHasher>>;

/// The keyword parts jieba cuts a word into, each with its IDF (`None`: jieba's answers for the
/// word did not add up, see `keywords::idf_parts`).
pub(crate) type IdfParts = Option<std::sync::Arc<[(String, f64)]>>;

/// Administrative level of a gazetteer entry; a higher level wins when a short name is shared
/// (朝阳 is 朝阳市 before 朝阳区).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceLevel {
    /// A township or subdistrict (镇, 乡, 街道): found by its full name only.
    Town,
    County,
    Prefecture,
    Province,
}

/// A place the gazetteer knows, by its full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub name: String,
    pub level: PlaceLevel,
    /// Full names of the county, prefecture and province it belongs to (empty for site
    /// additions).
    pub parents: Vec<String>,
    /// A name no longer in use (繁昌县, now 繁昌区): found by its full name, given no short name.
    pub former: bool,
}

/// The knowledge the extractor uses. Loading it costs about 0.1 s in release (1 s in debug), so a
/// build loads one and shares it across threads.
pub struct Lexicon {
    pub jieba: Jieba,
    /// Gives jieba's general IDF for keyword weights.
    pub tfidf: TfIdf,
    /// Unit or measure word → default category, in order (the figure pattern is built from it).
    pub units: BTreeMap<String, String>,
    /// The same, hashed: every figure candidate looks its unit up.
    pub unit_categories: WordMap<String, String>,
    /// Units written another way in figures: 块钱 → (元, 1), 角 → (元, 0.1).
    pub unit_conversions: WordMap<String, (String, f64)>,
    /// Qualifiers written before the number (约 近 超过 …).
    pub qualifiers_before: Vec<String>,
    /// Qualifiers written after the number or unit (余 多 以上 左右 …).
    pub qualifiers_after: Vec<String>,
    /// Category keywords, longest first.
    pub categories: Vec<(String, String)>,
    /// Positions in `categories` by the keyword's first character.
    categories_by_first_char: WordMap<char, Vec<usize>>,
    /// The keys of `categories_by_first_char`: rules out most characters before a lookup.
    category_first_chars: CharFilter,
    /// Category → (weight on a digest, smallest count that can be key): `key_weights.tsv`.
    pub key_weights: WordMap<String, (f64, f64)>,
    /// Words before a figure that make it more (全市, 累计) or less (其中) of a headline.
    pub prominence: Vec<(String, f64)>,
    /// The `prominence` words by their first character, each as (first eight bytes padded with
    /// zeros, length, position in `prominence`): every figure's sentence is scanned, and a word is
    /// compared with the text in one or two `u64` comparisons instead of a call to `memcmp`.
    prominence_by_first_char: WordMap<char, Vec<(u64, usize, usize)>>,
    /// The keys of `prominence_by_first_char`: rules out most characters before a lookup.
    pub(crate) prominence_first_chars: CharFilter,
    /// Words that make the amount after them a rate per person or area (人均, 亩产):
    /// `per_unit.txt`.
    pub(crate) per_unit_words: WordsIn,
    /// Adverbs that say a figure of each of several things (均, 都), from `distributive.txt`.
    pub(crate) distributive_words: WordsIn,
    /// Words that make a count of people right before them a toll (2人死亡), from `tolls.txt`.
    pub toll_words: Vec<String>,
    /// Words that make the number after them an identifier or ordinal (第, 拨打, 编号 …).
    pub identifiers: Vec<String>,
    /// The last characters of `identifiers`: every figure candidate asks whether the text before
    /// it ends with one of the words, and the character before it rules out nearly all of them
    /// (2,000 candidates a dense article, 22 words).
    identifier_last_chars: CharFilter,
    pub stopwords: WordSet<String>,
    pub surnames: WordSet<String>,
    /// The first characters of the compound surnames (欧阳, 司马): the name finder asks of every
    /// two- or three-character name or place whether it starts with one.
    pub(crate) compound_surname_firsts: CharFilter,
    pub titles: WordSet<String>,
    /// The characters stop words start with: most words start with none.
    stopword_first_chars: CharFilter,
    pub organization_suffixes: Vec<String>,
    /// The organisation suffixes by last character, longest first, to try only the suffixes a word
    /// can end with.
    organization_suffixes_by_last_char: WordMap<char, Vec<usize>>,
    /// The keys of `organization_suffixes_by_last_char`: most words end with none of them, which
    /// this tells without a lookup.
    organization_last_chars: CharFilter,
    /// First characters of the organisation suffixes, likewise.
    pub organization_first_chars: WordSet<char>,
    pub place_suffixes: WordSet<String>,
    /// The characters a place suffix starts with: most words start with none.
    place_suffix_first_chars: CharFilter,
    /// The characters a place suffix ends with: most words end with none.
    place_suffix_last_chars: CharFilter,
    /// Words that show the name before them, or heading its list, is a place or business
    /// (超市, 门店): `venue_words.txt`.
    pub venue_words: WordSet<String>,
    /// What makes words ending in an organisation suffix one organisation's name, by kind
    /// (state, jurisdiction, street, registered): `organization_names.tsv`.
    pub organization_names: WordMap<String, String>,
    /// Words ending like places that are not places (文明城市, 镇村).
    pub not_places: WordSet<String>,
    pub byline_markers: Vec<String>,
    /// Words that end a figure's subject (全部, 均, 中): see `subject_boundaries.tsv`.
    pub subject_stops: WordSet<String>,
    /// Particles that make the word they end a predicate (闪烁着), so a subject stops before it.
    pub aspect_markers: Vec<String>,
    /// Prepositions that end a subject even when jieba glues them to a noun (从市).
    pub subject_prepositions: Vec<String>,
    /// Full names of administrative divisions.
    pub places: WordMap<String, Place>,
    /// Every beginning of a place name, by whole characters (株, 株洲, 株洲市), as a 64-bit
    /// fingerprint: a word that is none of these starts no place, which one lookup tells for most
    /// words of an article. Fingerprints keep the set small and spare comparing strings; a rare
    /// false "yes" only costs the exact lookups that follow.
    place_prefixes: WordSet<u64>,
    /// The characters a place name starts with: rules out many words before their fingerprint
    /// is computed.
    place_first_chars: CharFilter,
    /// Townships and subdistricts (镇, 乡, 街道) by full name, from `towns.tsv`: looked for only
    /// where a word of a place suffix ends a run of words (栟/zg 茶/n 镇/n), or a word ending in
    /// one (水西镇/nr, 沙/nr 村镇/n).
    pub towns: WordMap<String, Place>,
    /// Short names (株洲 for 株洲市) → full name, for provinces and prefectures.
    pub place_short_names: WordMap<String, String>,
    /// Short names of counties, trusted only where jieba also tags the word as a place and the
    /// article also names the county's prefecture or province (河西 is not 河西区 of Tianjin in a
    /// story about 株洲).
    pub county_short_names: WordMap<String, String>,
    /// Date periods (一季度 → months 1–3; 去年底 → month 12 of the year before), relative day
    /// and year words.
    pub periods: HashMap<String, (u32, u32, i32)>,
    pub relative_dates: Vec<(String, RelativeDate)>,
    pub(crate) figure_pattern: figures::FigurePattern,
    pub(crate) date_pattern: dates::DatePattern,
    /// The characters a figure's number, a date or a prominence word may start with
    /// ([`super::Openings`]).
    pub(crate) openings: CharFilter,
    /// jieba's general IDF as keyword weighting reads it, by word: filled as articles are read
    /// and kept for the next ones (see `keywords::general_idf`). It assumes `jieba` and `tfidf`
    /// are not changed once extraction has begun.
    pub(crate) idf_cache: std::sync::RwLock<WordMap<String, IdfParts>>,
}

/// What a relative date word refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeDate {
    /// Years from the reference year (今年 0, 去年 −1).
    Year(i32),
    /// Months from the reference month (本月 0, 上月 −1).
    Month(i32),
    /// Days from the last date the text named (当天 0, 次日 +1).
    DayAfterMention(i32),
    /// Days from the publication date (今天 0, 昨天 −1).
    DayFromPublication(i32),
}

/// Lines of a table file that are not blank or comments.
fn table_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn word_list(text: &str) -> Vec<String> {
    table_lines(text)
        .map(|l| l.split('\t').next().unwrap_or(l).trim().to_string())
        .collect()
}

fn pairs(text: &str) -> Vec<(String, String)> {
    table_lines(text)
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .collect()
}

/// Endings stripped to get a province's or prefecture's short name, longest first.
const SHORT_NAME_ENDINGS: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "地区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
];

fn short_name(full: &str) -> Option<&str> {
    if let Some(stem) = autonomous_stem(full) {
        return Some(stem);
    }
    let stem = SHORT_NAME_ENDINGS.iter().find_map(|e| full.strip_suffix(e))?;
    (stem.chars().count() >= 2 && !stem.contains('族')).then_some(stem)
}

/// The short name of an autonomous prefecture, county or banner: what stands before the
/// nationalities it is named for (延边 of 延边朝鲜族自治州, 恩施 of 恩施土家族苗族自治州, 伊犁 of
/// 伊犁哈萨克自治州), as news writes it (延边州, 恩施州). `ethnic_groups.txt` lists them.
fn autonomous_stem(full: &str) -> Option<&str> {
    let groups = ethnic_groups();
    let mut rest = ["自治州", "自治县", "自治旗"]
        .iter()
        .find_map(|e| full.strip_suffix(e))?;
    let named_from = rest.len();
    loop {
        let unmarked = rest.strip_suffix('族').unwrap_or(rest);
        match groups.iter().find_map(|g| unmarked.strip_suffix(g)) {
            Some(shorter) => rest = shorter,
            None => break,
        }
    }
    (rest.len() < named_from && rest.chars().count() >= 2).then_some(rest)
}

/// The nationalities of `ethnic_groups.txt`, longest first (土家 before 土).
fn ethnic_groups() -> &'static [&'static str] {
    static GROUPS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups: Vec<&str> = (include_str!("ethnic_groups.txt").lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        groups
    })
}

/// Whether a word names a kind of ethnic township, not one (回族乡 of 鲊埠/回族乡, 苗族镇).
pub fn ethnic_kind(word: &str) -> bool {
    ["族乡", "族镇"]
        .iter()
        .find_map(|e| word.strip_suffix(e))
        .is_some_and(|group| ethnic_groups().contains(&group))
}

pub(crate) fn regex_alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    alternation_order(words)
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The words in the order [`regex_alternation`] writes them, which is the order a match tries
/// them: longest first, then alphabetical, each once.
pub(crate) fn alternation_order<'a>(words: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut words: Vec<&String> = words.collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    words
}

impl Lexicon {
    /// Loads the dictionary and the built-in tables, merged with the site's extensions.
    pub fn new(ext: &Extensions) -> Lexicon {
        let mut units: BTreeMap<String, String> = BTreeMap::new();
        let mut unit_conversions = WordMap::default();
        for line in table_lines(include_str!("units.tsv")) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let (Some(unit), Some(category)) = (cols.first(), cols.get(1)) else {
                continue;
            };
            units.insert(unit.to_string(), category.to_string());
            if let (Some(printed), Some(Ok(factor))) = (cols.get(2), cols.get(3).map(|f| f.parse::<f64>())) {
                unit_conversions.insert(unit.to_string(), (printed.to_string(), factor));
            }
        }
        units.extend(ext.units.clone());

        let mut qualifiers_before = Vec::new();
        let mut qualifiers_after = Vec::new();
        for (word, position) in pairs(include_str!("qualifiers.tsv")) {
            if position == "before" {
                qualifiers_before.push(word);
            } else {
                qualifiers_after.push(word);
            }
        }
        let mut categories = pairs(include_str!("categories.tsv"));
        for (category, words) in &ext.categories {
            categories.extend(words.iter().map(|w| (w.clone(), category.clone())));
        }
        categories.sort_by_key(|c| std::cmp::Reverse(c.0.chars().count()));

        let mut stopwords: WordSet<String> = word_list(include_str!("stopwords.txt")).into_iter().collect();
        stopwords.extend(ext.stopwords.iter().cloned());
        let stopword_first_chars = CharFilter::new(stopwords.iter().filter_map(|w| w.chars().next()));

        let mut places = WordMap::default();
        let mut place_short_names: WordMap<String, String> = WordMap::default();
        let mut county_short_names: WordMap<String, String> = WordMap::default();
        let mut rows: Vec<(&str, &str, &str, bool)> = table_lines(include_str!("places.tsv"))
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some((
                    cols.next()?,
                    cols.next()?,
                    cols.next().unwrap_or(""),
                    cols.next() == Some("former"),
                ))
            })
            .collect();
        // The current names first: a code a former name shares names its place today.
        rows.sort_by_key(|r| r.3);
        let mut by_code: HashMap<&str, &str> = HashMap::new();
        for &(name, _, code, _) in &rows {
            by_code.entry(code).or_insert(name);
        }
        // Towns are looked up apart (see `towns`): their first characters would let nearly every
        // word begin a place.
        let town_rows = table_lines(include_str!("towns.tsv")).filter_map(|line| {
            let (name, code) = line.split_once('\t')?;
            Some((name, "town", code, false))
        });
        let mut towns: WordMap<String, Place> = WordMap::default();
        for (name, level, code, former) in rows.iter().copied().chain(town_rows) {
            let level = match level {
                "province" => PlaceLevel::Province,
                "prefecture" => PlaceLevel::Prefecture,
                "town" => PlaceLevel::Town,
                _ => PlaceLevel::County,
            };
            // Administrative codes nest: 430281 (醴陵市) is in 4302 (株洲市), in 43 (湖南省); a
            // town's twelve digits start with its county's six.
            let parents: Vec<String> = [6, 4, 2]
                .iter()
                .filter(|&&n| code.len() == 12 && code.is_char_boundary(n))
                .filter_map(|&n| by_code.get(format!("{}{}", &code[..n], "0".repeat(12 - n)).as_str()))
                .filter(|&&p| p != name)
                .map(|p| p.to_string())
                .collect();
            let table = if level == PlaceLevel::Town {
                &mut towns
            } else {
                &mut places
            };
            let entry = table.entry(name.to_string()).or_insert(Place {
                name: name.to_string(),
                level,
                parents: Vec::new(),
                former,
            });
            entry.level = entry.level.max(level);
            entry.former &= former;
            entry.parents.extend(parents);
        }
        for name in &ext.places {
            places.entry(name.clone()).or_insert(Place {
                name: name.clone(),
                level: PlaceLevel::County,
                parents: Vec::new(),
                former: false,
            });
        }
        let mut by_level: Vec<&Place> = places.values().filter(|p| !p.former).collect();
        by_level.sort_by(|a, b| b.level.cmp(&a.level).then(a.name.cmp(&b.name)));
        for place in by_level {
            let Some(short) = short_name(&place.name) else {
                continue;
            };
            let table = if place.level == PlaceLevel::County {
                &mut county_short_names
            } else {
                &mut place_short_names
            };
            table.entry(short.to_string()).or_insert_with(|| place.name.clone());
        }

        let surnames: WordSet<String> = word_list(include_str!("surnames.txt")).into_iter().collect();
        let periods = table_lines(include_str!("periods.tsv"))
            .filter_map(|l| {
                let mut c = l.split('\t');
                let word = c.next()?.to_string();
                let from = c.next()?.trim().parse().ok()?;
                let to = c.next()?.trim().parse().ok()?;
                // Years from the reference year: 去年底 −1, 明年底 +1, most periods 0.
                let years: i32 = c.next().and_then(|y| y.trim().parse().ok()).unwrap_or(0);
                Some((word, (from, to, years)))
            })
            .collect();
        let mut relative_dates: Vec<(String, RelativeDate)> = table_lines(include_str!("relative_dates.tsv"))
            .filter_map(|l| {
                let mut c = l.split('\t');
                let word = c.next()?.to_string();
                let kind = c.next()?.trim();
                let offset: i32 = c.next()?.trim().parse().ok()?;
                let rel = match kind {
                    "year" => RelativeDate::Year(offset),
                    "month" => RelativeDate::Month(offset),
                    "mention" => RelativeDate::DayAfterMention(offset),
                    "publication" => RelativeDate::DayFromPublication(offset),
                    _ => return None,
                };
                Some((word, rel))
            })
            .collect();
        relative_dates.sort_by_key(|r| std::cmp::Reverse(r.0.len()));

        let figure_pattern = figures::FigurePattern::new(&units, &qualifiers_before, &qualifiers_after);
        let date_pattern = dates::date_pattern(&periods, &relative_dates);
        let mut categories_by_first_char: WordMap<char, Vec<usize>> = WordMap::default();
        for (k, (word, _)) in categories.iter().enumerate() {
            if let Some(c) = word.chars().next() {
                categories_by_first_char.entry(c).or_default().push(k);
            }
        }
        let mut subject_stops = WordSet::default();
        let mut aspect_markers = Vec::new();
        let mut subject_prepositions = Vec::new();
        for (word, kind) in pairs(include_str!("subject_boundaries.tsv")) {
            if kind == "aspect" {
                aspect_markers.push(word);
            } else if kind == "preposition" {
                subject_prepositions.push(word);
            } else {
                subject_stops.insert(word);
            }
        }
        let key_weights = table_lines(include_str!("key_weights.tsv"))
            .filter_map(|l| {
                let mut c = l.split('\t').map(str::trim);
                let category = c.next()?.to_string();
                let weight = c.next()?.parse().ok()?;
                let smallest = c.next()?.parse().ok()?;
                Some((category, (weight, smallest)))
            })
            .collect();
        let prominence: Vec<(String, f64)> = pairs(include_str!("prominence.tsv"))
            .into_iter()
            .filter_map(|(w, v)| Some((w, v.parse().ok()?)))
            .collect();
        let mut prominence_by_first_char: WordMap<char, Vec<(u64, usize, usize)>> = WordMap::default();
        for (k, (word, _)) in prominence.iter().enumerate() {
            if let Some(c) = word.chars().next() {
                let head = padded_le(&word.as_bytes()[..word.len().min(8)]);
                prominence_by_first_char
                    .entry(c)
                    .or_default()
                    .push((head, word.len(), k));
            }
        }
        let prominence_first_chars = CharFilter::new(prominence_by_first_char.keys().copied());
        let openings = (date_pattern.first_chars().clone())
            .with_bits(&super::numbers::NUMERAL_BITS)
            .with_bits(&prominence_first_chars.0);
        let category_first_chars = CharFilter::new(categories_by_first_char.keys().copied());
        let organization_suffixes = word_list(include_str!("organization_suffixes.txt"));
        let identifiers: Vec<String> = word_list(include_str!("identifiers.txt"))
            .into_iter()
            .filter(|w| !w.is_empty())
            .collect();
        let mut organization_suffixes_by_last_char: WordMap<char, Vec<usize>> = WordMap::default();
        for (k, suffix) in organization_suffixes.iter().enumerate() {
            if let Some(c) = suffix.chars().next_back() {
                organization_suffixes_by_last_char.entry(c).or_default().push(k);
            }
        }
        for candidates in organization_suffixes_by_last_char.values_mut() {
            candidates.sort_by_key(|&k| std::cmp::Reverse(organization_suffixes[k].len()));
        }
        let organization_first_chars = organization_suffixes.iter().filter_map(|s| s.chars().next()).collect();
        let organization_last_chars = CharFilter::new(organization_suffixes_by_last_char.keys().copied());
        let place_first_chars = CharFilter::new(places.keys().filter_map(|p| p.chars().next()));
        let place_suffixes: WordSet<String> = word_list(include_str!("place_suffixes.txt")).into_iter().collect();
        let place_suffix_first_chars = CharFilter::new(place_suffixes.iter().filter_map(|s| s.chars().next()));
        let place_suffix_last_chars = CharFilter::new(place_suffixes.iter().filter_map(|s| s.chars().next_back()));
        let place_prefixes = places
            .keys()
            .flat_map(|p| p.char_indices().skip(1).map(|(i, _)| &p[..i]).chain([p.as_str()]))
            .map(fingerprint)
            .collect();
        Lexicon {
            jieba: Jieba::new(),
            tfidf: TfIdf::default(),
            unit_categories: units.iter().map(|(u, c)| (u.clone(), c.clone())).collect(),
            units,
            unit_conversions,
            qualifiers_before,
            qualifiers_after,
            categories,
            categories_by_first_char,
            key_weights,
            prominence,
            prominence_by_first_char,
            prominence_first_chars,
            category_first_chars,
            per_unit_words: WordsIn::new(word_list(include_str!("per_unit.txt"))),
            distributive_words: WordsIn::new(word_list(include_str!("distributive.txt"))),
            toll_words: word_list(include_str!("tolls.txt")),
            identifier_last_chars: CharFilter::new(identifiers.iter().filter_map(|w| w.chars().next_back())),
            identifiers,
            stopwords,
            stopword_first_chars,
            compound_surname_firsts: CharFilter::new(
                (surnames.iter())
                    .filter(|s| s.chars().count() == 2)
                    .filter_map(|s| s.chars().next()),
            ),
            surnames,
            titles: word_list(include_str!("titles.txt")).into_iter().collect(),
            organization_suffixes,
            organization_suffixes_by_last_char,
            organization_last_chars,
            organization_first_chars,
            place_suffixes,
            place_suffix_first_chars,
            place_suffix_last_chars,
            venue_words: word_list(include_str!("venue_words.txt")).into_iter().collect(),
            not_places: word_list(include_str!("not_places.txt")).into_iter().collect(),
            organization_names: pairs(include_str!("organization_names.tsv")).into_iter().collect(),
            byline_markers: word_list(include_str!("byline_markers.txt")),
            subject_stops,
            aspect_markers,
            subject_prepositions,
            places,
            place_prefixes,
            place_first_chars,
            place_short_names,
            towns,
            county_short_names,
            periods,
            relative_dates,
            openings,
            figure_pattern,
            date_pattern,
            idf_cache: Default::default(),
        }
    }

    /// Whether `word` may begin a place name (see `place_prefixes`).
    // Inlined up to the character filter, which rules out half of the words: the name finder asks
    // this of every Han noun.
    #[inline]
    pub fn may_begin_place(&self, word: &str) -> bool {
        self.place_first_chars.may_start(word) && self.place_prefixes.contains(&fingerprint(word))
    }

    /// Whether `word` is a place suffix (市, 街道).
    #[inline]
    pub fn is_place_suffix(&self, word: &str) -> bool {
        self.place_suffix_first_chars.may_start(word) && self.place_suffixes.contains(word)
    }

    /// Whether `word` is a stop word.
    #[inline]
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopword_first_chars.may_start(word) && self.stopwords.contains(word)
    }

    /// Whether `text` ends with one of the words that make the number after them an identifier
    /// or an ordinal (第, 拨打, 编号: `identifiers`).
    #[inline(always)]
    pub(crate) fn ends_with_identifier(&self, text: &str) -> bool {
        self.identifier_last_chars.may_end(text) && self.identifiers.iter().any(|w| text.ends_with(w.as_str()))
    }

    /// Whether `word` ends with a place suffix (板杉镇, 石井街道).
    #[inline]
    pub fn ends_with_place_suffix(&self, word: &str) -> bool {
        self.place_suffix_last_chars.may_end(word) && self.place_suffixes.iter().any(|s| word.ends_with(s.as_str()))
    }

    /// The longest organisation suffix `word` ends with (医院, 中心, 局).
    // Inlined up to the character filter, which rules out nine words in ten: the name finder asks
    // this of every Han noun.
    #[inline]
    pub fn organization_suffix_of(&self, word: &str) -> Option<&str> {
        if !self.organization_last_chars.may_end(word) {
            return None;
        }
        self.organization_suffix_of_any(word)
    }

    /// [`Lexicon::organization_suffix_of`] past the character filter.
    fn organization_suffix_of_any(&self, word: &str) -> Option<&str> {
        let last = word.chars().next_back()?;
        let candidates = self.organization_suffixes_by_last_char.get(&last)?;
        // Longest first: the first that fits is the longest (two of one length cannot both fit).
        candidates
            .iter()
            .map(|&k| self.organization_suffixes[k].as_str())
            .find(|s| word.ends_with(s))
    }

    /// Whether `word` starts with an organisation suffix (院长 after 医院 continues a name).
    pub fn starts_with_organization_suffix(&self, word: &str) -> bool {
        word.chars()
            .next()
            .is_some_and(|c| self.organization_first_chars.contains(&c))
            && self.organization_suffixes.iter().any(|s| word.starts_with(s.as_str()))
    }

    /// The `prominence.tsv` words in `text` (全市 累计 +1, 其中 −1): the byte offsets where each
    /// starts and ends, and its weight, in order of their starts.
    pub fn prominence_words(&self, text: &str) -> Vec<(usize, usize, f64)> {
        // Few characters start a prominence word: one bit rules out the others.
        let starts: Vec<usize> = (text.char_indices())
            .filter(|&(_, c)| self.prominence_first_chars.may_contain(c))
            .map(|(i, _)| i)
            .collect();
        self.prominence_words_at(text, 0, text.len(), &starts)
    }

    /// [`Lexicon::prominence_words`] in bytes `from..to` of a paragraph, with offsets in the
    /// paragraph, where `starts` holds (at least) the offsets of the paragraph's characters that
    /// start a prominence word, in order ([`super::Openings`]): only those are looked at.
    pub(crate) fn prominence_words_at(
        &self,
        text: &str,
        from: usize,
        to: usize,
        starts: &[usize],
    ) -> Vec<(usize, usize, f64)> {
        let bytes = &text.as_bytes()[..to];
        let mut found = Vec::new();
        let first = starts.partition_point(|&i| i < from);
        for &i in starts[first..].iter().take_while(|&&i| i < to) {
            let Some(c) = text[i..].chars().next() else {
                continue;
            };
            let Some(words) = self.prominence_by_first_char.get(&c) else {
                continue;
            };
            let rest = &bytes[i..];
            let window = match rest.first_chunk::<8>() {
                Some(eight) => u64::from_le_bytes(*eight),
                None => padded_le(rest),
            };
            for &(head, len, k) in words {
                let mask = if len >= 8 { u64::MAX } else { (1 << (8 * len)) - 1 };
                if window & mask == head
                    && rest.len() >= len
                    && (len <= 8 || rest[8..len] == self.prominence[k].0.as_bytes()[8..])
                {
                    found.push((i, i + len, self.prominence[k].1));
                }
            }
        }
        found
    }

    /// The category a keyword table gives to `text`, if any: the keyword that ends last, because
    /// a Chinese noun phrase ends in its head (居民楼 is a building, 党员干部先锋队 people); of
    /// those, the longest.
    pub fn category_of(&self, text: &str) -> Option<&str> {
        // Indexed by first character: this runs for every figure, on its subject and clause.
        let mut best: Option<(usize, &(String, String))> = None;
        for (i, c) in text.char_indices() {
            if !self.category_first_chars.may_contain(c) {
                continue;
            }
            let Some(entries) = self.categories_by_first_char.get(&c) else {
                continue;
            };
            for &k in entries {
                let entry = &self.categories[k];
                let end = i + entry.0.len();
                if text[i..].starts_with(entry.0.as_str())
                    && best.is_none_or(|(b_end, b)| end > b_end || (end == b_end && entry.0.len() > b.0.len()))
                {
                    best = Some((end, entry));
                }
            }
        }
        best.map(|(_, (_, c))| c.as_str())
    }
}

use super::{dates, figures};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::test_lexicon::LEX;

    proptest::proptest! {
        /// The text before a number ends with an identifier word where one of the words ends it,
        /// also where its last character ends another word (号 of 编号 in 记号) or none.
        #[test]
        fn identifiers_end_a_text_where_a_word_ends_it(text in "[第拨打电话编号记码每北纬度1，a𠀀]{0,6}") {
            let expected = LEX.identifiers.iter().any(|w| text.ends_with(w.as_str()));
            proptest::prop_assert_eq!(LEX.ends_with_identifier(&text), expected);
        }

        /// A word is found in a text wherever `str::contains` finds it, including words that
        /// start with a character outside the plane (𠀀), and not where a character shares its
        /// filter bit with a first character (劺 U+52BA with 人 U+4EBA).
        #[test]
        fn words_in_a_text_are_found_as_contains_finds_them(
            words in proptest::collection::vec("[人均亩产a单𠀀]{1,3}", 0..5),
            text in "[人均亩产a单𠀀，1劺]{0,12}",
        ) {
            let expected = words.iter().any(|w| text.contains(w.as_str()));
            proptest::prop_assert_eq!(WordsIn::new(words).any_in(&text), expected);
        }

        /// Every prominence word is found where a comparison at each character finds it,
        /// overlapping ones too (全市累计, 其中新增).
        #[test]
        fn prominence_words_are_all_found(picks in proptest::collection::vec((0usize..1000, "[，。的a1]{0,2}"), 0..8)) {
            let text: String = picks
                .iter()
                .map(|(k, filler)| format!("{}{filler}", LEX.prominence[k % LEX.prominence.len()].0))
                .collect();
            let mut expected: Vec<(usize, usize, f64)> = Vec::new();
            for (i, _) in text.char_indices() {
                for (word, weight) in &LEX.prominence {
                    if !word.is_empty() && text[i..].starts_with(word.as_str()) {
                        expected.push((i, i + word.len(), *weight));
                    }
                }
            }
            let order = |a: &(usize, usize, f64), b: &(usize, usize, f64)| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2));
            expected.sort_by(order);
            let mut found: Vec<(usize, usize, f64)> = LEX.prominence_words(&text);
            found.sort_by(order);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn tables_are_big_enough_and_loaded() {
        assert!(LEX.units.len() >= 150, "{} units", LEX.units.len());
        assert!(LEX.places.len() > 3000);
        assert_eq!(LEX.units.get("例").map(String::as_str), Some("cases"));
        assert_eq!(LEX.key_weights.get("cases"), Some(&(4.0, 1.0)));
        // What no keyword names may still be key, weighed least but for time spans.
        let other = LEX.key_weights.get("other").map(|w| w.0);
        assert!(other.is_some_and(|o| LEX.key_weights.iter().all(|(c, w)| c == "duration" || w.0 >= o)));
        assert!(LEX.qualifiers_before.iter().any(|q| q == "约"));
        assert!(LEX.qualifiers_after.iter().any(|q| q == "余"));
    }

    #[test]
    fn short_place_names_map_to_full_names() {
        for (short, full) in [
            ("株洲", "株洲市"),
            ("湖南", "湖南省"),
            ("广西", "广西壮族自治区"),
            ("北京", "北京市"),
        ] {
            assert_eq!(
                LEX.place_short_names.get(short).map(String::as_str),
                Some(full),
                "{short}"
            );
        }
        assert_eq!(LEX.county_short_names.get("醴陵").map(String::as_str), Some("醴陵市"));
        assert_eq!(LEX.places["醴陵市"].parents, ["株洲市", "湖南省"]);
        // A town knows its county, prefecture and province, and gives no short name.
        assert_eq!(LEX.towns["栟茶镇"].parents, ["如东县", "南通市", "江苏省"]);
        assert!(!LEX.places.contains_key("栟茶镇") && !LEX.county_short_names.contains_key("栟茶"));
        // A former name is found in full; its short name is the current division's.
        assert!(LEX.places["繁昌县"].former && !LEX.places["繁昌区"].former);
        assert_eq!(LEX.county_short_names.get("繁昌").map(String::as_str), Some("繁昌区"));
        // Statistical units that are no divisions, and district names that are common words.
        for word in ["芜湖经济技术开发区", "城区", "郊区", "矿区"] {
            assert!(!LEX.places.contains_key(word), "{word}");
        }
    }

    #[test]
    fn site_extensions_are_merged() {
        let mut ext = Extensions::default();
        ext.units.insert("标准箱".into(), "economy".into());
        ext.places.push("白关镇".into());
        ext.categories.insert("supplies".into(), vec!["测温枪".into()]);
        let lex = Lexicon::new(&ext);
        assert_eq!(lex.units.get("标准箱").map(String::as_str), Some("economy"));
        assert!(lex.places.contains_key("白关镇"));
        assert_eq!(lex.category_of("10把测温枪"), Some("supplies"));
    }

    /// The filters' byte-level fast paths answer as decoding the character does, for every
    /// character alone and before or after another.
    #[test]
    fn char_filters_read_first_and_last_characters_like_the_decoder() {
        let set = ['株', '区', '市', '街', '\u{3400}', 'a', 'é', '\u{20000}'];
        let filter = CharFilter::new(set.into_iter());
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for word in [c.to_string(), format!("{c}中"), format!("中{c}")] {
                let first = word.chars().next().unwrap();
                let last = word.chars().next_back().unwrap();
                assert_eq!(filter.may_start(&word), filter.may_contain(first), "{word:?}");
                assert_eq!(filter.may_end(&word), filter.may_contain(last), "{word:?}");
            }
        }
        assert!(!filter.may_start("") && !filter.may_end(""));
    }

    proptest::proptest! {
        /// The overlapping reads give the number the bytes make, one by one.
        #[test]
        fn rests_are_read_as_little_endian_numbers(rest in proptest::collection::vec(proptest::num::u8::ANY, 0..8)) {
            let expected = (rest.iter().enumerate()).fold(0, |word, (k, &b)| word | u64::from(b) << (8 * k));
            proptest::prop_assert_eq!(padded_le(&rest), expected);
        }
    }
}
