//! Repeated text: layouts repeat paragraphs (a pull quote, a story continued on another page, a
//! scraper reading a column twice), sometimes cut short. The first full copy stays.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::article::Removal;

use super::{Block, BlockKind};

/// Shorter paragraphs repeat legitimately (`会议指出。`), so near-duplicates need this many chars.
const NEAR_MIN_CHARS: usize = 12;
const _: () = assert!(NEAR_MIN_CHARS >= WINDOW + STRIDE - 1);
/// Window width, in chars, of the index used to find a paragraph inside an earlier one.
const WINDOW: usize = 8;
/// Earlier text is indexed at every `STRIDE`-th window; one of a paragraph's first `STRIDE`
/// windows then falls on an indexed one wherever it sits in the earlier text.
const STRIDE: usize = 4;

/// The hashes are already well mixed; hashing them again would only cost time.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type WindowIndex = HashMap<u64, usize, BuildHasherDefault<PassThrough>>;

fn window_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, c| {
        (h ^ u64::from(*c as u32)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn comparable(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph | BlockKind::Caption | BlockKind::Lead | BlockKind::Heading | BlockKind::SubHeading
    )
}

/// Drops repeated blocks, recording each as `duplicate` (same text) or `near-duplicate` (a
/// truncated copy: contained in an earlier paragraph, or an earlier truncated copy of a later
/// one). Titles are never dropped: a kicker may repeat a heading on purpose.
pub fn drop_repeats(blocks: Vec<Block>, removed: &mut Vec<Removal>) -> Vec<Block> {
    let mut exact: HashMap<String, usize> = HashMap::new();
    let total: usize = blocks.iter().map(|b| b.text.len()).sum();
    let mut windows = WindowIndex::with_capacity_and_hasher(total / (3 * STRIDE), Default::default());
    let mut starts = WindowIndex::default();
    let mut keep: Vec<Option<Block>> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if !comparable(block.kind) {
            keep.push(Some(block));
            continue;
        }
        let key: String = block.text.chars().filter(|c| !c.is_whitespace()).collect();
        if exact.contains_key(&key) {
            removed.push(Removal {
                kind: "duplicate".into(),
                text: block.text,
                line: block.line,
            });
            continue;
        }
        let chars: Vec<char> = key.chars().collect();
        let prose = matches!(block.kind, BlockKind::Paragraph | BlockKind::Caption);
        if prose && chars.len() >= NEAR_MIN_CHARS {
            let first = window_hash(&chars[..WINDOW]);
            let inside_earlier = (0..STRIDE).any(|offset| {
                windows
                    .get(&window_hash(&chars[offset..offset + WINDOW]))
                    .and_then(|&i| keep[i].as_ref())
                    .is_some_and(|earlier| squeeze(&earlier.text).contains(&key))
            });
            if inside_earlier {
                removed.push(Removal {
                    kind: "near-duplicate".into(),
                    text: block.text,
                    line: block.line,
                });
                continue;
            }
            // An earlier paragraph that this one continues is a truncated copy of it.
            if let Some(&i) = starts.get(&first)
                && keep[i]
                    .as_ref()
                    .is_some_and(|earlier| key.starts_with(&squeeze(&earlier.text)))
                && let Some(earlier) = keep[i].take()
            {
                removed.push(Removal {
                    kind: "near-duplicate".into(),
                    text: earlier.text,
                    line: earlier.line,
                });
            }
            let index = keep.len();
            starts.insert(first, index);
            for w in chars.windows(WINDOW).step_by(STRIDE) {
                windows.entry(window_hash(w)).or_insert(index);
            }
        }
        exact.insert(key, keep.len());
        keep.push(Some(block));
    }
    removed.sort_by_key(|r| r.line);
    keep.into_iter().flatten().collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, line: usize) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            line,
        }
    }

    #[test]
    fn repeats_are_dropped_and_recorded() {
        let full = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸。";
        let cases: Vec<(Vec<Block>, Vec<usize>, Vec<&str>)> = vec![
            (vec![para(full, 1), para(full, 3)], vec![1], vec!["duplicate"]),
            (
                vec![para(full, 1), para("一二三四五六七八九十甲乙丙", 3)],
                vec![1],
                vec!["near-duplicate"],
            ),
            (
                vec![para(full, 1), para("五六七八九十甲乙丙丁戊己", 3)],
                vec![1],
                vec!["near-duplicate"],
            ),
            (
                vec![para("一二三四五六七八九十甲乙丙", 1), para(full, 3)],
                vec![3],
                vec!["near-duplicate"],
            ),
            (
                vec![para("会议指出。", 1), para("会议指出。", 2)],
                vec![1],
                vec!["duplicate"],
            ),
            (vec![para(full, 1), para("一二三四五六七八", 3)], vec![1, 3], vec![]),
            (
                vec![para(full, 1), para("子丑寅卯辰巳午未申酉戌亥。", 3)],
                vec![1, 3],
                vec![],
            ),
        ];
        for (input, kept_lines, kinds) in cases {
            let mut removed = Vec::new();
            let kept = drop_repeats(input.clone(), &mut removed);
            assert_eq!(kept.iter().map(|b| b.line).collect::<Vec<_>>(), kept_lines, "{input:?}");
            assert_eq!(
                removed.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
                kinds,
                "{input:?}"
            );
        }
    }
}
