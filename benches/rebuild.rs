//! Incremental builds on a generated 1,000-article site: a clean build, a rebuild with no change,
//! and a rebuild after editing one article. Targets: no-change < 20% of clean, one edit < 30%.
//! Run with `cargo bench --bench rebuild` (optionally `-- N` for another number of articles, and
//! `-- --figures K` for one site of K figures a paragraph instead of the two default sites).

use std::path::Path;
use std::time::Instant;

use jianbao::pipeline::{BuildOptions, BuildReport, build};

/// Phrases of local news, combined at random into paragraphs. Synthetic: no real article.
const PHRASES: &[&str] = &[
    "市政府召开专题会议",
    "研究部署下一阶段重点工作",
    "社区工作人员逐户走访",
    "街道组织志愿者开展服务",
    "新建改建道路工程有序推进",
    "农贸市场完成提质改造",
    "居民对服务表示满意",
    "相关部门加强协调配合",
    "项目建成后将惠及周边群众",
    "记者在现场看到",
    "据有关负责人介绍",
    "全力保障群众生产生活",
    "进一步完善公共服务设施",
    "学校食堂实行明厨亮灶",
    "医院开通便民绿色通道",
];

const UNITS: &[&str] = &["名", "人次", "个", "元", "万元", "公里", "户", "辆", "吨", "%"];

/// A small deterministic generator, so every run measures the same site.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// An article of 45 paragraphs (about 16 KB, the size of the sample articles) with `figures`
/// figures a paragraph (at most 6).
fn article(i: usize, figures: usize) -> String {
    let mut rng = Lcg(i as u64 + 1);
    let month = 1 + i % 12;
    let day = 1 + i % 28;
    let mut text = format!(
        "示范日报\n2023年{month}月{day}日 星期一\n\n第{i}号新闻：{}\n\n",
        PHRASES[rng.next(PHRASES.len())]
    );
    // 45 paragraphs: about 16 KB, the size of the sample articles in content/.
    for _ in 0..45 {
        let mut para = String::from("本报讯 ");
        for k in 0..6 {
            para.push_str(PHRASES[rng.next(PHRASES.len())]);
            para.push('，');
            if k < figures {
                para.push_str(&format!("共{}{}", 10 + rng.next(5000), UNITS[rng.next(UNITS.len())]));
            } else {
                para.push_str(PHRASES[rng.next(PHRASES.len())]);
            }
            para.push('，');
        }
        para.push_str("工作取得明显成效。\n\n");
        text.push_str(&para);
    }
    text
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create theme folder");
    for entry in std::fs::read_dir(from).expect("read theme folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy theme file");
        }
    }
}

fn timed(opts: &BuildOptions) -> (f64, BuildReport) {
    let start = Instant::now();
    let report = build(opts).unwrap_or_else(|e| panic!("build failed: {e}"));
    (start.elapsed().as_secs_f64(), report)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let figures: Option<usize> = args
        .iter()
        .position(|a| a == "--figures")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let n: usize = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || args[i - 1] != "--figures")
        .find_map(|(_, a)| a.parse().ok())
        .unwrap_or(1000);
    // Two sites unless one is asked for: news-like (2 figures a paragraph, 90 an article: more
    // than the 3.3 figures a KB of the sample articles) and a stress test (6 a paragraph, 270 an
    // article), where the pages that list every figure of the site weigh most.
    let densities = figures.map_or(vec![2, 6], |f| vec![f]);
    for figures in densities {
        bench_site(n, figures);
    }
}

/// Builds a generated site of `n` articles clean, again unchanged, and after editing one article,
/// three times each, and prints the medians.
fn bench_site(n: usize, figures: usize) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    // REBUILD_BENCH_DIR=folder keeps the generated site there, to profile a build of it by hand.
    let kept = std::env::var_os("REBUILD_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    std::fs::write(dir.join("site.yaml"), "title: 基准测试\ndefault_year: 2023\n").expect("write site.yaml");
    std::fs::create_dir_all(dir.join("content")).expect("create content");
    let mut bytes = 0;
    for i in 0..n {
        let text = article(i, figures);
        bytes += text.len();
        std::fs::write(dir.join(format!("content/{i:04}.txt")), text).expect("write article");
    }
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &dir.join("themes/default"),
    );
    let opts = BuildOptions {
        config: dir.join("site.yaml"),
        ..Default::default()
    };
    println!(
        "site: {n} articles, {:.1} MB of text, {figures} figures a paragraph",
        bytes as f64 / 1e6
    );

    let runs = 3;
    let mut clean = Vec::new();
    let mut unchanged = Vec::new();
    let mut edited = Vec::new();
    for run in 0..runs {
        // A clean build: no cache and no previous output.
        let _ = std::fs::remove_dir_all(dir.join(".jianbao"));
        let _ = std::fs::remove_dir_all(dir.join("output"));
        let (t, r) = timed(&opts);
        assert_eq!((r.processed, r.cached), (n, 0));
        clean.push(t);
        let (t, r) = timed(&opts);
        assert_eq!((r.processed, r.cached), (0, n));
        assert!(!r.lexicon_loaded, "a no-change rebuild does not load the dictionary");
        unchanged.push(t);
        let path = dir.join("content/0007.txt");
        let text = std::fs::read_to_string(&path).expect("read article");
        std::fs::write(&path, format!("{text}新增一段：本次编辑第{run}次。\n")).expect("edit article");
        let (t, r) = timed(&opts);
        assert_eq!((r.processed, r.cached), (1, n - 1));
        edited.push(t);
        if run == runs - 1 {
            println!("steps of the last one-edit rebuild:");
            for (step, seconds) in &r.steps {
                println!("  {seconds:7.3} s  {step}");
            }
        }
    }
    let (c, u, e) = (median(clean), median(unchanged), median(edited));
    println!("clean build        {c:8.3} s");
    println!(
        "no-change rebuild  {u:8.3} s  ({:.1}% of clean; target < 20%)",
        100.0 * u / c
    );
    println!(
        "one article edited {e:8.3} s  ({:.1}% of clean; target < 30%)",
        100.0 * e / c
    );
    println!("(median of {runs} runs each)\n");
}
