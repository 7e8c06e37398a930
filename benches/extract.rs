//! Extraction throughput on one core: `cargo bench --bench extract`.
//!
//! Cleans the sample articles once, then times `extract` over them (jieba tagging, figures,
//! dates, names, keywords, summary) and reports MB/s of paragraph text. The target is 10 MB/s;
//! jieba tagging alone runs at 24 MB/s on the reference machine (34–39 MB/s on our 2-core build
//! machine), so tagging must happen only once.

use std::path::Path;
use std::time::Instant;

use jianbao::extract::{
    ExtractContext, Lexicon, TaggedParagraph, extract, figures_in, find_names, keywords_from_terms, read_dates,
    tag_text, terms,
};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = root.join("content");
    let mut paths: Vec<_> = std::fs::read_dir(&content)
        .expect("content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let docs: Vec<_> = paths
        .iter()
        .map(|p| {
            let source = jianbao::load::load(&content, p, None).expect("load");
            jianbao::clean::clean(&source, &Default::default())
        })
        .collect();
    let bytes: usize = docs
        .iter()
        .flat_map(|d| d.paragraphs().map(|(_, b)| b.text.len()))
        .sum();

    let started = Instant::now();
    let lex = Lexicon::new(&Default::default());
    println!("lexicon load: {:.3} s", started.elapsed().as_secs_f64());

    let ctx = ExtractContext::default();
    for d in &docs {
        std::hint::black_box(extract(d, &lex, &ctx));
    }
    // The build machine is shared, so besides wall time the run reports the CPU time of this
    // thread, which is what "on one core" means when other processes compete for the cores.
    // EXTRACT_BENCH_ROUNDS=3 makes a short run for instruction counting under valgrind
    // (`--tool=callgrind --toggle-collect='jianbao::extract::extract*'`), which, unlike time on a
    // shared machine, repeats exactly.
    let rounds: usize = std::env::var("EXTRACT_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let cpu_before = thread_cpu_seconds();
    let started = Instant::now();
    let mut figures = 0;
    for _ in 0..rounds {
        for d in &docs {
            figures += std::hint::black_box(extract(d, &lex, &ctx)).front.figures.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "extract: {:.1} MB in {secs:.2} s = {:.1} MB/s wall clock ({} articles x {rounds}, {} figures)",
        mb,
        mb / secs,
        docs.len(),
        figures
    );
    if let (Some(before), Some(after)) = (cpu_before, thread_cpu_seconds()) {
        println!(
            "extract: {:.2} s of CPU = {:.1} MB/s per CPU second",
            after - before,
            mb / (after - before)
        );
    }
    let cpu_before = thread_cpu_seconds();
    for _ in 0..rounds {
        for d in &docs {
            for (_, b) in d.paragraphs() {
                std::hint::black_box(tag_text(&b.text, &lex));
            }
        }
    }
    if let (Some(before), Some(after)) = (cpu_before, thread_cpu_seconds()) {
        println!("jieba tagging alone: {:.1} MB/s per CPU second", mb / (after - before));
    }
    let rounds = (rounds / 5).max(1);
    let mb = (bytes * rounds) as f64 / 1e6;

    // Where the time goes: each step alone over the same text, tagging done beforehand.
    let tagged: Vec<Vec<TaggedParagraph>> = docs
        .iter()
        .map(|d| {
            d.paragraphs()
                .map(|(anchor, b)| TaggedParagraph {
                    anchor,
                    text: &b.text,
                    tokens: tag_text(&b.text, &lex),
                })
                .collect()
        })
        .collect();
    let time = |name: &str, step: &dyn Fn()| {
        let started = Instant::now();
        for _ in 0..rounds {
            step();
        }
        println!("  {name}: {:.1} MB/s", mb / started.elapsed().as_secs_f64());
    };
    println!("steps alone:");
    time("jieba tagging", &|| {
        for d in &docs {
            for (_, b) in d.paragraphs() {
                std::hint::black_box(tag_text(&b.text, &lex));
            }
        }
    });
    time("figures", &|| {
        for ps in &tagged {
            for p in ps {
                std::hint::black_box(figures_in(p, &lex));
            }
        }
    });
    time("dates", &|| {
        for ps in &tagged {
            std::hint::black_box(read_dates(ps, None, &ctx, &lex));
        }
    });
    time("names", &|| {
        for ps in &tagged {
            std::hint::black_box(find_names(ps, &lex));
        }
    });
    time("whole extract again", &|| {
        for d in &docs {
            std::hint::black_box(extract(d, &lex, &ctx));
        }
    });
    time("body as Markdown", &|| {
        for d in &docs {
            std::hint::black_box(d.to_markdown());
        }
    });
    time("keywords", &|| {
        for ps in &tagged {
            let t = terms(ps, &lex);
            std::hint::black_box(keywords_from_terms(&t, &lex, None));
        }
    });
}

/// CPU time this thread has used (Linux: /proc/thread-self/stat, in ticks of 1/100 s).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}
