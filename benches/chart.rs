//! Rendering every chart of a generated 1,000-article site: each article's key-figure charts
//! plus the site charts. Target: under 1 s in release. Run with `cargo bench --bench chart`.

use std::time::{Duration, Instant};

use jianbao::article::{Article, Event, Figure, FrontMatter};
use jianbao::chart::{Palette, article_charts, site_charts};

const ARTICLES: usize = 1000;
const UNITS: [(&str, &str); 6] = [
    ("名", "people"),
    ("人次", "people"),
    ("元", "money"),
    ("例", "cases"),
    ("%", "economy"),
    ("吨", "supplies"),
];
const PLACES: [&str; 12] = [
    "长沙市",
    "株洲市",
    "湘潭市",
    "衡阳市",
    "醴陵市",
    "天元区",
    "芦淞区",
    "荷塘区",
    "石峰区",
    "渌口区",
    "攸县",
    "茶陵县",
];

/// A deterministic site: every article has 12 figures (8 key) in five unit families, 4 dated
/// events, 3 places and 5 keywords, dated over about a year.
fn site() -> Vec<Article> {
    (0..ARTICLES)
        .map(|i| {
            let day = 1 + i % 28;
            let month = 1 + (i / 28) % 12;
            let date = format!("2021-{month:02}-{day:02}");
            let figures = (0..12)
                .map(|j| {
                    let (unit, category) = UNITS[(i + j) % UNITS.len()];
                    Figure {
                        value: ((i * 37 + j * 101) % 100_000) as f64 * 10f64.powi((j % 5) as i32),
                        unit: unit.into(),
                        qualifier: (j % 3 == 0).then(|| "近".to_string()),
                        subject: Some(format!("第{j}项防控工作涉及的人员与物资")),
                        category: category.into(),
                        date: Some(date.clone()),
                        text: format!("近{j}{unit}"),
                        anchor: format!("p{j}"),
                        key: j < 8,
                        upper: None,
                    }
                })
                .collect();
            let events = (0..4)
                .map(|j| Event {
                    date: format!("2021-{month:02}-{:02}", 1 + (day + j * 3) % 28),
                    text: "新增病例".into(),
                    ..Default::default()
                })
                .collect();
            Article {
                front: FrontMatter {
                    title: format!("第{i}篇：疫情防控工作进展"),
                    date: Some(date),
                    places: (0..3).map(|j| PLACES[(i + j * 5) % PLACES.len()].to_string()).collect(),
                    keywords: (0..5).map(|j| format!("关键词{}", (i * 7 + j) % 60)).collect(),
                    figures,
                    events,
                    ..Default::default()
                },
                body: String::new(),
                source_path: format!("{i}.txt"),
                terms: vec![],
                fixed: vec![],
            }
        })
        .collect()
}

fn main() {
    let articles = site();
    let palette = Palette::default();
    let mut runs: Vec<Duration> = Vec::new();
    let mut stats = (0, 0);
    for _ in 0..5 {
        let start = Instant::now();
        let mut charts = 0;
        let mut bytes = 0;
        for (i, a) in articles.iter().enumerate() {
            for c in article_charts(&format!("a{i}"), &a.front, &palette) {
                charts += 1;
                bytes += c.svg.len();
            }
        }
        for c in site_charts(&articles, &palette) {
            charts += 1;
            bytes += c.svg.len();
        }
        runs.push(start.elapsed());
        stats = (charts, bytes);
    }
    runs.sort();
    let median = runs[runs.len() / 2];
    println!(
        "charts: {ARTICLES} articles -> {} charts, {:.1} MB of SVG; median {:.3} s, best {:.3} s over {} runs, one thread (target < 1 s)",
        stats.0,
        stats.1 as f64 / 1e6,
        median.as_secs_f64(),
        runs[0].as_secs_f64(),
        runs.len()
    );
    if median > Duration::from_secs(1) {
        eprintln!("SLOW: rendering every chart took more than 1 s");
        std::process::exit(1);
    }
}
