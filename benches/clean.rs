//! Throughput of the cleaner alone, on one core: `cargo bench --bench clean`.
//! The input is generated noisy newspaper text (mastheads, datelines, column-wrap spaces,
//! half-width punctuation, repeated and truncated paragraphs, captions), a few MB in all.

use std::hint::black_box;
use std::time::Instant;

use jianbao::clean::{CleanOptions, clean};
use jianbao::load::Source;

/// A small deterministic generator, so every run cleans the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "疫情防控",
    "社区",
    "志愿者",
    "核酸检测",
    "党员干部",
    "复工复产",
    "物资",
    "保障",
    "群众",
    "医护人员",
    "企业",
    "街道",
    "居民",
    "工作",
    "一线",
    "隔离",
    "市委",
    "调度",
    "落实",
    "措施",
];

fn sentence(rng: &mut Lcg) -> String {
    let mut s = String::new();
    for k in 0..6 + rng.next(10) {
        s.push_str(WORDS[rng.next(WORDS.len())]);
        match rng.next(12) {
            0 => s.push(' '),
            1 => s.push_str(&format!(" {} 人", rng.next(5000))),
            2 if k > 0 => s.push(','),
            3 => s.push_str(&format!("{}.{}万元", rng.next(100), rng.next(10))),
            4 => s.push_str("\"清零\""),
            _ => {}
        }
    }
    s.push(if rng.next(5) == 0 { '!' } else { '。' });
    s
}

fn article(rng: &mut Lcg) -> String {
    let mut text = String::from("株洲日报\n2022年11月8日 星期二\n第23124期 今日4版\n\n");
    let mut previous: Vec<String> = Vec::new();
    for story in 0..1 + rng.next(3) {
        text.push_str(&format!(
            "社区防控第{story}线\n\n株洲日报讯(全媒体记者/李某 通讯员/王某) "
        ));
        for p in 0..8 + rng.next(8) {
            let mut para: String = (0..2 + rng.next(4)).map(|_| sentence(rng)).collect();
            if p % 5 == 4 {
                text.push_str("\n\n快速响应\n\n");
            }
            if rng.next(6) == 0 && !previous.is_empty() {
                para = previous[rng.next(previous.len())].clone();
            }
            if rng.next(4) == 0 {
                // A paragraph broken across lines by the column.
                let cut = para.char_indices().nth(para.chars().count() / 2).map_or(0, |(i, _)| i);
                para.insert(cut, '\n');
            }
            previous.push(para.clone());
            text.push_str(&para);
            text.push_str("\n\n");
        }
        text.push_str("①志愿者在社区值守。 张某 摄\n\n扫一扫关注株洲日报\n\n");
    }
    text
}

fn main() {
    let mut rng = Lcg(42);
    let sources: Vec<Source> = (0..800)
        .map(|i| Source::from_text(&format!("{i}.txt"), &article(&mut rng)))
        .collect();
    report("generated", &sources);
    // The sample site's articles, when run from the repository: real OCR noise.
    let samples: Vec<Source> = std::fs::read_dir("content")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|text| std::iter::repeat_n(text, 20))
        .enumerate()
        .map(|(i, text)| Source::from_text(&format!("{i}.txt"), &text))
        .collect();
    if !samples.is_empty() {
        report("content/ x20", &samples);
    }
}

/// Cleans every source ten times and prints the best throughput.
fn report(name: &str, sources: &[Source]) {
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let options = CleanOptions::default();
    // Warm-up: compile the tables once, as a real build does.
    black_box(clean(&sources[0], &options));
    let mut best = f64::MAX;
    for _ in 0..10 {
        let started = Instant::now();
        for s in sources {
            black_box(clean(black_box(s), &options));
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "clean ({name}): {} documents, {mb:.2} MB, best of 10: {best:.3} s, {:.1} MB/s on one core",
        sources.len(),
        mb / best
    );
}
