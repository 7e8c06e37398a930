//! Tests of the charts as documents: what a page and a screen reader receive.

use super::*;
use crate::article::{Article, Event};

fn figure(value: f64, unit: &str, qualifier: Option<&str>, subject: Option<&str>, text: &str) -> Figure {
    Figure {
        value,
        unit: unit.into(),
        qualifier: qualifier.map(String::from),
        subject: subject.map(String::from),
        category: "other".into(),
        text: text.into(),
        key: true,
        ..Default::default()
    }
}

fn front(figures: Vec<Figure>) -> FrontMatter {
    FrontMatter {
        title: "测试文章".into(),
        date: Some("2021-08-20".into()),
        figures,
        ..Default::default()
    }
}

fn article(front: FrontMatter) -> Article {
    Article {
        front,
        body: String::new(),
        source_path: "a.txt".into(),
        terms: vec![],
        fixed: vec![],
    }
}

/// Parses the SVG and returns (title, desc, viewBox, font families of every text, texts).
fn inspect(svg: &str) -> (String, String, String, Vec<String>, Vec<String>) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}):\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let texts: Vec<roxmltree::Node> = root.descendants().filter(|n| n.has_tag_name("text")).collect();
    (
        child_text("title"),
        child_text("desc"),
        root.attribute("viewBox").unwrap_or_default().to_string(),
        texts
            .iter()
            .map(|t| t.attribute("font-family").unwrap_or_default().to_string())
            .collect(),
        texts
            .iter()
            .map(|t| t.text().unwrap_or_default().trim().to_string())
            .collect(),
    )
}

#[test]
fn one_chart_per_unit_family_never_yuan_with_people() {
    let f = front(vec![
        figure(800.0, "名", Some("近"), Some("党员干部先锋队"), "近800名党员干部"),
        figure(2861.0, "人次", None, Some("核酸检测"), "检测2861人次"),
        figure(565_000_000.0, "元", None, Some("捐款"), "捐款5.65亿元"),
        figure(2.0, "例", None, None, "新增2例"),
        figure(36.0, "%", Some("约"), Some("增长"), "增长约36%"),
        Figure {
            key: false,
            ..figure(5.0, "吨", None, Some("物资"), "5吨物资")
        },
    ]);
    let charts = article_charts("liling", &f, &Palette::default());
    let names: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["liling-cases", "liling-money", "liling-people", "liling-percent"]
    );
    let people = &charts[2];
    let (_, _, _, _, texts) = inspect(&people.svg);
    assert!(texts.contains(&"近800名".to_string()), "{texts:?}");
    assert!(texts.contains(&"党员干部先锋队".to_string()), "{texts:?}");
    assert!(texts.contains(&"2861人次".to_string()), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains('元')), "{texts:?}");
    let money = &charts[1];
    assert!(inspect(&money.svg).4.contains(&"5.65亿元".to_string()));
    // Without a subject the bar is labelled with the figure's own words.
    assert!(inspect(&charts[0].svg).4.contains(&"新增2例".to_string()));
    assert_eq!(
        people.table.rows[0],
        vec!["党员干部先锋队", "近800名", "近800名党员干部"]
    );
}

#[test]
fn every_chart_is_a_self_describing_svg() {
    let mut a = article(front(vec![figure(
        800.0,
        "名",
        Some("近"),
        Some("党员干部"),
        "近800名党员干部",
    )]));
    a.front.places = vec!["醴陵市".into()];
    a.front.keywords = vec!["疫情防控".into()];
    a.front.events = vec![Event {
        date: "2021-07-29".into(),
        text: "新增2例".into(),
        ..Default::default()
    }];
    let charts: Vec<Chart> = article_charts("a", &a.front, &Palette::default())
        .into_iter()
        .chain(site_charts(&[a], &Palette::default()))
        .collect();
    assert_eq!(charts.len(), 5);
    for c in &charts {
        let (title, desc, view_box, fonts, texts) = inspect(&c.svg);
        assert_eq!(title, c.title, "{}", c.name);
        assert!(!desc.is_empty() && desc == c.desc, "{}", c.name);
        let dims: Vec<f64> = view_box.split(' ').filter_map(|v| v.parse().ok()).collect();
        assert!(
            dims.len() == 4 && dims[2] > 0.0 && dims[3] > 0.0,
            "{}: {view_box}",
            c.name
        );
        assert!(
            !fonts.is_empty() && fonts.iter().all(|f| f == FONT_STACK),
            "{}: {fonts:?}",
            c.name
        );
        assert!(
            texts.iter().any(|t| t.chars().any(crate::article::is_han)),
            "{}",
            c.name
        );
        assert!(
            c.svg.contains("fill=\"currentColor\""),
            "{}: text must follow the page colour",
            c.name
        );
        assert!(
            !c.table.rows.is_empty() && c.table.rows.iter().all(|r| r.len() == c.table.headers.len()),
            "{}",
            c.name
        );
    }
}

#[test]
fn site_charts_are_named_for_templates() {
    let mut a = article(front(vec![figure(3.0, "例", None, None, "3例")]));
    a.front.figures[0].date = Some("2021-08-01".into());
    a.front.places = vec!["株洲市".into(), "醴陵市".into()];
    a.front.keywords = vec!["核酸检测".into()];
    let names: Vec<String> = site_charts(&[a], &Palette::default())
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["timeline", "places", "categories", "keywords"]);
}

#[test]
fn qualifiers_are_written_where_chinese_puts_them() {
    for (qualifier, value, unit, text) in [
        (Some("近"), 800.0, "名", "近800名"),
        (Some("余"), 200.0, "名", "200余名"),
        (Some("多"), 500.0, "天", "500多天"),
        (Some("以上"), 100.0, "人", "100人以上"),
        (Some("约"), 36.0, "%", "约36%"),
        (Some("超过"), 565_000_000.0, "元", "超过5.65亿元"),
        (None, 2.0, "例", "2例"),
        (Some("某种"), 3.0, "例", "某种3例"),
    ] {
        assert_eq!(figure_value_text(&figure(value, unit, qualifier, None, "")), text);
    }
}

#[test]
fn whole_values_get_whole_ticks() {
    let ticks = |values: &[f64]| {
        let figures = values.iter().map(|v| figure(*v, "例", None, None, "x")).collect();
        let svg = article_charts("x", &front(figures), &Palette::default()).remove(0).svg;
        inspect(&svg)
            .4
            .into_iter()
            .filter(|t| t.parse::<f64>().is_ok())
            .collect::<Vec<_>>()
    };
    assert_eq!(ticks(&[2.0]), vec!["0", "1", "2"]);
    assert!(ticks(&[2.5]).contains(&"0.5".to_string()));
}

#[test]
fn twenty_character_labels_are_shown_whole() {
    let subject = "醴陵市中医院党员干部先锋队志愿服务突击队";
    assert_eq!(subject.chars().count(), 20);
    let charts = article_charts(
        "x",
        &front(vec![figure(5.0, "人", None, Some(subject), "x")]),
        &Palette::default(),
    );
    assert!(inspect(&charts[0].svg).4.contains(&subject.to_string()));
}

#[test]
fn no_data_no_chart() {
    assert!(article_charts("x", &FrontMatter::default(), &Palette::default()).is_empty());
    assert!(site_charts(&[], &Palette::default()).is_empty());
    assert!(site_charts(&[article(FrontMatter::default())], &Palette::default()).is_empty());
    // A figure that is not a key figure does not make an article chart.
    let f = front(vec![Figure {
        key: false,
        ..figure(1.0, "人", None, None, "1人")
    }]);
    assert!(article_charts("x", &f, &Palette::default()).is_empty());
    // Dates without a year, in an undated article, have no place on the timeline.
    let mut a = article(FrontMatter::default());
    a.front.events = vec![Event {
        date: "--07-29".into(),
        ..Default::default()
    }];
    assert!(
        site_charts(&[a], &Palette::default())
            .iter()
            .all(|c| c.name != "timeline")
    );
}

#[test]
fn strange_input_does_not_break_the_svg() {
    let f = front(vec![
        figure(f64::NAN, "人", None, Some("坏数"), "x"),
        figure(-3.0, "%", None, Some("下降 <b>&\"3\"</b>\u{7}"), "下降3%"),
        figure(0.0, "", None, Some(""), ""),
        figure(1e300, "亿元", None, None, "很多"),
    ]);
    for c in article_charts("x", &f, &Palette::default()) {
        inspect(&c.svg);
    }
}

#[test]
fn output_is_the_same_every_time() {
    let mut articles = Vec::new();
    for i in 0..30 {
        let mut a = article(front(vec![
            figure(f64::from(i) * 10.0, "人", None, Some(&format!("项目{i}")), "x"),
            figure(f64::from(i), "元", None, None, "y"),
        ]));
        a.front.places = vec![format!("地点{}", i % 7), "醴陵市".into()];
        a.front.keywords = vec![format!("词{}", i % 5)];
        a.front.events = vec![Event {
            date: format!("2021-07-{:02}", 1 + i % 28),
            ..Default::default()
        }];
        articles.push(a);
    }
    let once = site_charts(&articles, &Palette::default());
    let again = site_charts(&articles, &Palette::default());
    assert_eq!(once, again);
    let mut reversed = articles.clone();
    reversed.reverse();
    assert_eq!(
        site_charts(&reversed, &Palette::default()),
        once,
        "article order must not change the charts"
    );
}

#[test]
fn theme_colours_are_used() {
    let palette = Palette {
        colors: vec![(0x12, 0x34, 0x56)],
        text: (0x77, 0x77, 0x77),
    };
    let charts = article_charts("x", &front(vec![figure(5.0, "人", None, None, "5人")]), &palette);
    assert!(charts[0].svg.contains("#123456"));
    assert!(charts[0].svg.contains("color=\"#777777\""));
    // Dark mode lifts the grey halfway to white.
    assert!(charts[0].svg.contains("color: #BBBBBB"), "{}", charts[0].svg);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_figure() -> impl Strategy<Value = Figure> {
        (
            prop_oneof![Just(0.0), -1e9..1e12f64, 0.0..10.0f64, Just(f64::NAN)],
            prop::sample::select(vec!["人", "名", "元", "万元", "例", "%", "个百分点", "床", ""]),
            prop::option::of(prop::sample::select(vec!["近", "余", "以上", "约"])),
            prop::option::of("[\\u{4e00}-\\u{4e80}a-zA-Z0-9 <&>\"]{0,30}"),
        )
            .prop_map(|(value, unit, qualifier, subject)| Figure {
                value,
                unit: unit.into(),
                qualifier: qualifier.map(String::from),
                subject,
                category: "people".into(),
                text: "原文".into(),
                key: true,
                ..Default::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the figures, an article's charts are XML and, by the layout's own measure,
        /// nothing overlaps or leaves the frame.
        #[test]
        fn any_figures_make_clean_charts(figures in prop::collection::vec(any_figure(), 0..60)) {
            let f = front(figures);
            for c in article_charts("p", &f, &Palette::default()) {
                inspect(&c.svg);
            }
            let units = UnitFamilies::default();
            let mut by_family: BTreeMap<String, Vec<&Figure>> = BTreeMap::new();
            for fig in f.figures.iter().filter(|x| x.value.is_finite()) {
                by_family.entry(units.place(&fig.unit).family).or_default().push(fig);
            }
            for figs in by_family.values() {
                let chart = bar::BarChart {
                    title: f.title.clone(),
                    rows: figs
                        .iter()
                        .map(|x| bar::BarRow {
                            label: figure_label(x),
                            values: vec![x.value],
                            value_labels: vec![figure_value_text(x)],
                        })
                        .collect(),
                    ..Default::default()
                };
                let scene = bar::layout(&chart).expect("finite values make a chart");
                prop_assert!(scene.overlapping_texts().is_empty(), "{:?}", scene.overlapping_texts());
                prop_assert!(scene.out_of_frame().is_empty(), "{:?}", scene.out_of_frame());
            }
        }

        /// Any set of dates, from one day to decades, lays out without overlaps.
        #[test]
        fn any_dates_make_a_clean_timeline(days in prop::collection::vec(0i64..20_000, 1..80)) {
            let mut counts = BTreeMap::new();
            for d in &days {
                *counts.entry(18_000 + d).or_insert(0u32) += 1;
            }
            let (g, buckets) = timeline::bucket(&[counts.clone(), counts], &BTreeMap::new()).expect("dates");
            let scene = timeline::layout("时间线", &["事件".into(), "数字".into()], "发布日期", g, &buckets)
                .expect("a timeline");
            prop_assert!(scene.overlapping_texts().is_empty(), "{:?}", scene.overlapping_texts());
            prop_assert!(scene.out_of_frame().is_empty(), "{:?}", scene.out_of_frame());
        }
    }
}
