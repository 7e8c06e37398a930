//! The cleaner against hand annotations, its Markdown round trip, and its accounting property.

use std::collections::{BTreeMap, BTreeSet};

use jianbao::article::is_han;
use jianbao::clean::{BlockKind, CleanDoc, CleanOptions, clean, split_stories};
use jianbao::load::Source;
use proptest::prelude::*;

fn source(text: &str) -> Source {
    Source::from_text("t.txt", text)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/clean/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Labels the cleaner gave each source line: block kinds and removal kinds.
fn predicted_labels(doc: &CleanDoc) -> BTreeMap<usize, BTreeSet<String>> {
    let mut labels: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for b in &doc.blocks {
        let kind = serde_json::to_value(b.kind).unwrap().as_str().unwrap().to_string();
        labels.entry(b.line).or_default().insert(kind);
    }
    for r in &doc.removed {
        labels.entry(r.line).or_default().insert(r.kind.clone());
    }
    labels
}

/// The class a label counts for in the judged measures, if any.
fn class_of(label: &str) -> Option<&'static str> {
    match label {
        "title" | "heading" | "sub-heading" => Some("heading"),
        "caption" => Some("caption"),
        "byline" | "dateline" => Some("byline"),
        _ => None,
    }
}

fn lines_of(labels: &BTreeMap<usize, BTreeSet<String>>, class: &str) -> BTreeSet<usize> {
    labels
        .iter()
        .filter(|(_, ls)| ls.iter().any(|l| class_of(l) == Some(class)))
        .map(|(line, _)| *line)
        .collect()
}

#[test]
fn headings_captions_and_bylines_match_the_hand_annotation() {
    let mut totals: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new(); // (true pos, predicted, expected)
    for name in ["farm", "evening"] {
        let doc = clean(&source(&fixture(&format!("{name}.txt"))), &CleanOptions::default());
        let predicted = predicted_labels(&doc);
        let mut expected: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for row in fixture(&format!("{name}.ann")).lines() {
            let (line, label) = row.split_once('\t').expect("LINE<TAB>label");
            expected
                .entry(line.parse().unwrap())
                .or_default()
                .insert(label.to_string());
        }
        for class in ["heading", "caption", "byline"] {
            let p = lines_of(&predicted, class);
            let e = lines_of(&expected, class);
            let t = totals.entry(class).or_default();
            t.0 += p.intersection(&e).count();
            t.1 += p.len();
            t.2 += e.len();
        }
        // Every annotated removal is recorded with its kind on its line.
        for (line, labels) in &expected {
            for label in labels.iter().filter(|l| class_of(l).is_none() && *l != "paragraph") {
                let got = predicted.get(line).cloned().unwrap_or_default();
                assert!(got.contains(label), "{name}:{line}: want {label}, got {got:?}");
            }
        }
    }
    for (class, (tp, predicted, expected)) in totals {
        let precision = tp as f64 / predicted.max(1) as f64;
        let recall = tp as f64 / expected.max(1) as f64;
        println!(
            "{class}: precision {precision:.2} recall {recall:.2} ({tp}/{predicted} predicted, {expected} expected)"
        );
        assert!(
            precision >= 0.9 && recall >= 0.9,
            "{class}: precision {precision:.2} recall {recall:.2}"
        );
    }
}

#[test]
fn cleaned_fixture_reads_as_printed() {
    let doc = clean(&source(&fixture("farm.txt")), &CleanOptions::default());
    assert_eq!(doc.meta.title.as_deref(), Some("千亩良田 绿意盎然"));
    assert_eq!(doc.meta.authors, vec!["林小溪", "周大川"]);
    assert_eq!(doc.meta.source.as_deref(), Some("晨江日报"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-05-12"));
    let paragraphs: Vec<&str> = doc.paragraphs().map(|(_, b)| b.text.as_str()).collect();
    assert!(paragraphs.contains(
        &"5月10日清晨，记者来到晨江县河口镇，只见机耕道上拖拉机来回穿梭，种粮大户正忙着育秧。今年，全县早稻种植面积达12.6万亩，比去年增加3,200亩。"
    ));
    assert!(paragraphs.contains(&"“今年的秧苗长得好，”种粮大户王建国笑着说，“合作社统一供种，每亩能省下八十多元。”"));
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("河口镇农机合作社") && p.ends_with("30个人的工作量。"))
    );
    assert!(paragraphs.contains(&"农技人员还通过微信群答疑，下载“晨江农技”APP的农户超过5000户。"));
}

#[test]
fn a_page_of_two_stories_splits_with_its_own_metadata() {
    let doc = clean(&source(&fixture("evening.txt")), &CleanOptions::default());
    let removed = doc.removed.len();
    let stories = split_stories(doc);
    assert_eq!(stories.len(), 2);
    let (a, b) = (&stories[0], &stories[1]);
    assert_eq!(a.meta.title.as_deref(), Some("日均服务老人三百余人次"));
    assert_eq!(a.meta.authors, vec!["吴思远", "郑晓"]);
    assert_eq!(a.meta.date, None, "the dateline gives no day");
    assert_eq!(b.meta.title.as_deref(), Some("夜市经济点亮城南"));
    assert_eq!(b.meta.authors, vec!["何静"]);
    assert_eq!(b.meta.source.as_deref(), Some("南岭晚报"));
    assert_eq!(a.removed.len() + b.removed.len(), removed);
    assert!(b.removed.iter().any(|r| r.kind == "near-duplicate" && r.line == 27));
    assert_eq!(a.paragraphs().count(), 3);
    assert_eq!(b.paragraphs().next().map(|(p, _)| p).as_deref(), Some("p1"));
    let single = clean(&source(&fixture("farm.txt")), &CleanOptions::default());
    assert_eq!(split_stories(single.clone()), vec![single]);
}

#[test]
fn cleaning_the_rendered_markdown_changes_nothing() {
    for name in ["farm.txt", "evening.txt"] {
        let first = clean(&source(&fixture(name)), &CleanOptions::default());
        let markdown = first.to_markdown();
        let second = clean(&source(&markdown), &CleanOptions::default());
        assert_eq!(second.to_markdown(), markdown, "{name}");
        assert!(second.removed.is_empty(), "{name}: {:?}", second.removed);
        // Paragraph numbering, and so every figure anchor, survives the round trip.
        let paragraphs = |d: &CleanDoc| d.paragraphs().map(|(a, b)| (a, b.text.clone())).collect::<Vec<_>>();
        assert_eq!(paragraphs(&second), paragraphs(&first), "{name}");
        let captions = |d: &CleanDoc| d.blocks.iter().filter(|b| b.kind == BlockKind::Caption).count();
        assert_eq!(captions(&second), captions(&first), "{name}");
    }
}

/// Han characters with their counts.
fn han_counts<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for t in texts {
        for c in t.chars().filter(|c| is_han(*c)) {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

fn accounted(doc: &CleanDoc) -> BTreeMap<char, usize> {
    let meta = &doc.meta;
    han_counts(
        doc.blocks
            .iter()
            .map(|b| b.text.as_str())
            .chain(doc.removed.iter().map(|r| r.text.as_str()))
            .chain(meta.title.as_deref())
            .chain(meta.source.as_deref())
            .chain(meta.authors.iter().map(String::as_str)),
    )
}

/// Lines built from the pieces newspaper text is made of, so the property reaches the rules.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("株洲日报".to_string()),
        Just("2022年11月8日 星期二".to_string()),
        Just("第23124期 今日4版".to_string()),
        Just("【核心阅读】".to_string()),
        Just("文/张三 李四".to_string()),
        Just("记者/王五 摄".to_string()),
        Just("①图为志愿者在测温。".to_string()),
        Just("本报讯(记者 赵六)".to_string()),
        Just("快速响应".to_string()),
        Just("\"德尔塔\"".to_string()),
        Just(",".to_string()),
        Just("。".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("<p>".to_string()),
        Just("&nbsp;".to_string()),
        Just("## ".to_string()),
        Just("> ".to_string()),
        "[\\p{Han}]{1,12}",
        "[a-zA-Z0-9 .,:;?!()\"'%/\\-]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn clean_never_panics_and_loses_no_han_character(text in newsy_text()) {
        let doc = clean(&source(&text), &CleanOptions::default());
        let have = accounted(&doc);
        for (c, n) in han_counts(std::iter::once(text.as_str())) {
            prop_assert!(have.get(&c).copied().unwrap_or(0) >= n, "lost {c:?} from {text:?}");
        }
        let stories = split_stories(doc.clone());
        let in_stories: usize = stories.iter().map(|s| s.blocks.len()).sum();
        prop_assert_eq!(in_stories, doc.blocks.len());
        let removed: usize = stories.iter().map(|s| s.removed.len()).sum();
        prop_assert_eq!(removed, doc.removed.len());
    }
}

#[test]
fn the_build_makes_one_article_per_story_unless_told_not_to() {
    use jianbao::config::SiteConfig;
    use jianbao::extract::Lexicon;
    use jianbao::load::parse_sidecar;
    use jianbao::pipeline::process;

    let config = SiteConfig::default();
    let lexicon = Lexicon::new(&config.extend);
    let options = CleanOptions::default();
    let page = |sidecar: &str| Source {
        path: "pages/evening.txt".into(),
        sidecar: parse_sidecar(sidecar).unwrap(),
        ..source(&fixture("evening.txt"))
    };

    let articles = process(&page(""), &config, &options, &lexicon).unwrap();
    assert_eq!(articles.len(), 2);
    let slugs: Vec<_> = articles
        .iter()
        .map(|a| a.front.slug.clone().unwrap_or_default())
        .collect();
    assert_eq!(slugs, vec!["evening-1", "evening-2"]);
    let page_ref = articles[1].front.page.as_ref().unwrap();
    assert_eq!(
        (page_ref.slug.as_str(), page_ref.part, page_ref.parts),
        ("evening", 2, 2)
    );
    assert_eq!(page_ref.title, "日均服务老人三百余人次");
    assert_eq!(articles[1].front.title, "夜市经济点亮城南");

    let named = process(
        &page("title: 南岭晚报第二版\nslug: nl-p2\n"),
        &config,
        &options,
        &lexicon,
    )
    .unwrap();
    assert_eq!(named[0].front.slug.as_deref(), Some("nl-p2-1"));
    assert_eq!(named[0].front.title, "日均服务老人三百余人次");
    assert_eq!(named[0].front.page.as_ref().unwrap().title, "南岭晚报第二版");

    let whole = process(&page("split: false\n"), &config, &options, &lexicon).unwrap();
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0].front.page, None);
    assert_eq!(whole[0].front.slug, None);
    let no_split = SiteConfig {
        split_stories: false,
        ..SiteConfig::default()
    };
    assert_eq!(process(&page(""), &no_split, &options, &lexicon).unwrap().len(), 1);
}
