//! Speed of the publishing half: site assembly, rendering every page with the default theme,
//! and the pagefind search index, over generated Chinese articles.
//! Run: cargo bench --bench site  (numbers recorded in docs/performance.md)

use std::path::Path;
use std::time::Instant;

use jianbao::article::{Article, Event, Figure, FrontMatter};
use jianbao::config::SiteConfig;
use jianbao::render::{self, Theme};

/// Sentences to build article bodies from: ordinary news prose with numbers in it.
const SENTENCES: [&str; 6] = [
    "全市累计完成核酸检测2861人次，志愿者近800名坚守一线。",
    "醴陵市投入防疫资金531.94万元，采购口罩10万只、防护服3000套。",
    "各镇街设立临时检测点45个，组织党员干部先锋队连续奋战24小时。",
    "社区工作人员逐户排查，对返乡人员进行健康监测，确保不漏一户、不漏一人。",
    "企业在做好防控的同时有序复工复产，一季度地区生产总值增长8.3%。",
    "广大市民积极配合，自觉减少外出，共同织密疫情防控网。",
];
const PLACES: [&str; 5] = ["醴陵市", "株洲市", "天元区", "芦淞区", "攸县"];
const KEYWORDS: [&str; 6] = ["核酸检测", "志愿者", "疫情防控", "复工复产", "物资", "社区"];

fn article(i: usize, paragraphs: usize) -> Article {
    let mut body = String::new();
    let mut figures = Vec::new();
    for p in 0..paragraphs {
        if p % 8 == 0 {
            body.push_str(&format!("## 第{}部分\n\n", p / 8 + 1));
        }
        let s1 = SENTENCES[(i + p) % SENTENCES.len()];
        let s2 = SENTENCES[(i + p + 3) % SENTENCES.len()];
        body.push_str(&format!("{s1}{s2}\n\n"));
        figures.push(Figure {
            value: 2861.0,
            unit: "人次".into(),
            category: "testing".into(),
            text: "2861人次".into(),
            anchor: format!("p{}", p + 1),
            key: p < 3,
            ..Default::default()
        });
    }
    Article {
        front: FrontMatter {
            title: format!("第{i}篇：疫情防控报道"),
            date: Some(format!("2021-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
            source: Some("株洲日报".into()),
            places: vec![PLACES[i % 5].into(), PLACES[(i + 2) % 5].into()],
            keywords: vec![
                KEYWORDS[i % 6].into(),
                KEYWORDS[(i + 1) % 6].into(),
                KEYWORDS[(i + 4) % 6].into(),
            ],
            summary: SENTENCES[i % SENTENCES.len()].into(),
            figures,
            events: vec![Event {
                date: format!("2021-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                text: "召开调度会".into(),
                anchor: "p1".into(),
                ..Default::default()
            }],
            ..Default::default()
        },
        body,
        source_path: format!("a{i:05}.txt"),
        terms: vec![],
        fixed: vec![],
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let theme = Theme::load(root, "default").expect("default theme");
    let tera = render::load_templates(&theme, None).expect("templates");
    for count in [100, 1000] {
        let articles: Vec<Article> = (0..count).map(|i| article(i, 40)).collect();
        let mb = articles.iter().map(|a| a.body.len()).sum::<usize>() as f64 / 1e6;

        let t = Instant::now();
        let site = jianbao::site::assemble(&SiteConfig::default(), articles, &theme.palette());
        let assemble = t.elapsed().as_secs_f64();

        let t = Instant::now();
        let files = render::render(&site, &tera, &theme).expect("render");
        let render_s = t.elapsed().as_secs_f64();
        let out_mb = files.iter().map(|f| f.bytes.len()).sum::<usize>() as f64 / 1e6;

        let t = Instant::now();
        let index = jianbao::search::index(&site, 100).expect("search index");
        let search_s = t.elapsed().as_secs_f64();

        println!(
            "{count} articles, {mb:.1} MB of body text, {} figures:\n  \
             site::assemble   {assemble:.3} s  ({:.1} MB/s)\n  \
             render::render   {render_s:.3} s  ({:.1} MB/s; {} files, {out_mb:.1} MB written)\n  \
             search::index    {search_s:.3} s  ({:.1} MB/s; {} files)",
            site.figures.len(),
            mb / assemble,
            mb / render_s,
            files.len(),
            mb / search_s,
            index.len(),
        );
    }
}
