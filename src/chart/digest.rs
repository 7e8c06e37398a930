//! The site's own charts, for the digest and the timeline page: `timeline`, `places`,
//! `categories` and `keywords`. Each is returned only when it has data.

use std::collections::{BTreeMap, BTreeSet};

use super::bar::{self, BarChart, BarRow};
use super::families::tsv_rows;
use super::format::{format_value, resolve_day};
use super::timeline;
use super::{Chart, ChartTable, Palette};
use crate::article::{Article, DateValue};

const CATEGORIES_TSV: &str = include_str!("categories.tsv");

/// Places and keywords beyond this many are left to the tables on their pages: a chart of 300
/// bars is a list nobody reads.
const TOP_N: usize = 20;

/// Site-wide charts, in this order and each only when it has data: `timeline` (events and
/// figures over time, publication dates marked), `places` (articles and key figures per place),
/// `categories` (figures per category) and `keywords` (top keywords by number of articles).
pub fn site_charts<'a>(articles: impl IntoIterator<Item = &'a Article>, palette: &Palette) -> Vec<Chart> {
    let articles: Vec<&Article> = articles.into_iter().collect();
    let articles = articles.as_slice();
    [
        timeline_chart(articles, palette),
        places_chart(articles, palette),
        categories_chart(articles, palette),
        keywords_chart(articles, palette),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The article's year, for dates written without one (`--08-07`).
fn year_of(article: &Article) -> Option<i32> {
    article
        .front
        .date
        .as_deref()
        .and_then(DateValue::parse)
        .and_then(|d| d.year)
}

fn timeline_chart(articles: &[&Article], palette: &Palette) -> Option<Chart> {
    let mut events: BTreeMap<i64, u32> = BTreeMap::new();
    let mut figures: BTreeMap<i64, u32> = BTreeMap::new();
    let mut published: BTreeMap<i64, u32> = BTreeMap::new();
    for a in articles {
        let year = year_of(a);
        for day in a.front.events.iter().filter_map(|e| resolve_day(&e.date, year)) {
            *events.entry(day).or_default() += 1;
        }
        for day in a
            .front
            .figures
            .iter()
            .filter_map(|f| f.date.as_deref().and_then(|d| resolve_day(d, year)))
        {
            *figures.entry(day).or_default() += 1;
        }
        if let Some(day) = a.front.date.as_deref().and_then(|d| resolve_day(d, None)) {
            *published.entry(day).or_default() += 1;
        }
    }
    if events.is_empty() && figures.is_empty() {
        return None;
    }
    let (g, buckets) = timeline::bucket(&[events, figures], &published)?;
    let series = ["事件".to_string(), "数字".to_string()];
    let title = "时间线：事件与数字".to_string();
    let filled: Vec<&timeline::Bucket> = buckets
        .iter()
        .filter(|b| b.published > 0 || b.counts.iter().any(|c| *c > 0))
        .collect();
    let (first, last) = (buckets.first()?, buckets.last()?);
    let total = |s: usize| {
        buckets
            .iter()
            .map(|b| b.counts.get(s).copied().unwrap_or(0))
            .sum::<u32>()
    };
    let desc = format!(
        "{}至{}，{}共{}条带日期的事件、{}个带日期的数字；三角形标出{}篇文章的发布日期。",
        g.label(first.start, true),
        g.label(last.start, true),
        g.axis_title(),
        total(0),
        total(1),
        buckets.iter().map(|b| b.published).sum::<u32>()
    );
    let svg = timeline::layout(&title, &series, "发布日期", g, &buckets)?.to_svg(&title, &desc, palette)?;
    Some(Chart {
        name: "timeline".into(),
        title,
        desc,
        svg,
        table: ChartTable {
            headers: vec!["日期".into(), "事件".into(), "数字".into(), "发布文章".into()],
            rows: filled
                .iter()
                .map(|b| {
                    let n = |s: usize| b.counts.get(s).copied().unwrap_or(0).to_string();
                    vec![g.label(b.start, true), n(0), n(1), b.published.to_string()]
                })
                .collect(),
        },
    })
}

fn places_chart(articles: &[&Article], palette: &Palette) -> Option<Chart> {
    let mut per_place: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for a in articles {
        let key_figures = a.front.figures.iter().filter(|f| f.key).count() as u32;
        let places: BTreeSet<&str> = a
            .front
            .places
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        for p in places {
            let e = per_place.entry(p).or_default();
            e.0 += 1;
            e.1 += key_figures;
        }
    }
    let mut ranked: Vec<(&str, (u32, u32))> = per_place.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown = ranked.len().min(TOP_N);
    let of = if ranked.len() > shown {
        format!("（前{shown}个，共{}个）", ranked.len())
    } else {
        String::new()
    };
    let chart = BarChart {
        title: format!("地点：文章与关键数字{of}"),
        series: vec!["文章数".into(), "关键数字数".into()],
        rows: ranked[..shown]
            .iter()
            .map(|(p, (n, k))| BarRow {
                label: p.to_string(),
                values: vec![f64::from(*n), f64::from(*k)],
                value_labels: vec![format!("{n}篇"), format!("{k}个")],
            })
            .collect(),
        axis_title: "单位：篇 / 个".into(),
        counts: true,
    };
    let desc = describe("各地点的文章数与关键数字数", &chart);
    bar_chart(
        "places",
        chart,
        desc,
        vec!["地点".into(), "文章数".into(), "关键数字数".into()],
        palette,
    )
}

fn categories_chart(articles: &[&Article], palette: &Palette) -> Option<Chart> {
    let names: BTreeMap<&str, &str> = tsv_rows(CATEGORIES_TSV)
        .filter_map(|c| Some((*c.first()?, *c.get(1)?)))
        .collect();
    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for f in articles.iter().flat_map(|a| a.front.figures.iter()) {
        let category = f.category.trim();
        let e = counts
            .entry(if category.is_empty() { "other" } else { category })
            .or_default();
        e.0 += 1;
        e.1 += u32::from(f.key);
    }
    let mut ranked: Vec<(&str, (u32, u32))> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let chart = BarChart {
        title: "数字的类别分布".into(),
        series: vec!["全部数字".into(), "关键数字".into()],
        rows: ranked
            .iter()
            .map(|(c, (n, k))| BarRow {
                label: names.get(c).map(|s| s.to_string()).unwrap_or_else(|| c.to_string()),
                values: vec![f64::from(*n), f64::from(*k)],
                value_labels: vec![format!("{n}个"), format!("{k}个")],
            })
            .collect(),
        axis_title: "单位：个".into(),
        counts: true,
    };
    let desc = describe("各类别的数字个数", &chart);
    bar_chart(
        "categories",
        chart,
        desc,
        vec!["类别".into(), "全部数字".into(), "关键数字".into()],
        palette,
    )
}

fn keywords_chart(articles: &[&Article], palette: &Palette) -> Option<Chart> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for a in articles {
        let words: BTreeSet<&str> = a
            .front
            .keywords
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
            .collect();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(TOP_N);
    let chart = BarChart {
        title: "热门关键词（按文章数）".into(),
        series: Vec::new(),
        rows: ranked
            .iter()
            .map(|(w, n)| BarRow {
                label: w.to_string(),
                values: vec![f64::from(*n)],
                value_labels: vec![format!("{n}篇")],
            })
            .collect(),
        axis_title: "单位：篇".into(),
        counts: true,
    };
    let desc = describe("出现关键词的文章数", &chart);
    bar_chart("keywords", chart, desc, vec!["关键词".into(), "文章数".into()], palette)
}

/// A `<desc>` listing every row: screen readers read it instead of the picture.
fn describe(what: &str, chart: &BarChart) -> String {
    let rows: Vec<String> = chart
        .rows
        .iter()
        .map(|r| format!("{} {}", r.label, r.value_labels.join("、")))
        .collect();
    format!("{what}：{}。", rows.join("；"))
}

fn bar_chart(name: &str, chart: BarChart, desc: String, headers: Vec<String>, palette: &Palette) -> Option<Chart> {
    let svg = bar::layout(&chart)?.to_svg(&chart.title, &desc, palette)?;
    let rows = chart
        .rows
        .iter()
        .map(|r| {
            std::iter::once(r.label.clone())
                .chain(r.values.iter().map(|v| format_value(*v)))
                .collect()
        })
        .collect();
    Some(Chart {
        name: name.into(),
        title: chart.title,
        desc,
        svg,
        table: ChartTable { headers, rows },
    })
}
