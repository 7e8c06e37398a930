//! Chart stage: SVG charts drawn with plotters from the extracted figures and events.
//!
//! Each chart is laid out by this module (text measured for a CJK font, see [`measure`]) into a
//! [`scene::Scene`] and drawn with plotters' SVG backend. Per article: its key figures, one bar
//! chart per family of units that can share an axis ([`families`]). Per site: `timeline`,
//! `places`, `categories` and `keywords` (see `docs/charts.md`).

pub mod bar;
pub mod digest;
pub mod families;
pub mod format;
pub mod measure;
pub mod scene;
pub mod timeline;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::article::{Figure, FrontMatter};
pub use digest::site_charts;
pub use families::UnitFamilies;
pub use format::format_value;

/// The CJK font stack every chart label is drawn in.
pub const FONT_STACK: &str = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

/// A drawn chart, with the same data as a table for readers who cannot see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// File name under `output/charts/` (without `.svg`), unique on the site.
    pub name: String,
    /// What the chart shows, in a few words; also the SVG's `<title>`.
    pub title: String,
    /// A sentence or two on the data; also the SVG's `<desc>`.
    pub desc: String,
    /// The whole SVG document.
    pub svg: String,
    /// The same data as a table.
    pub table: ChartTable,
}

/// The chart's data as rows of text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChartTable {
    /// Column headings, in Chinese.
    pub headers: Vec<String>,
    /// One row per bar or column, as many cells as `headers`.
    pub rows: Vec<Vec<String>>,
}

/// Colours from the theme's `theme.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// One colour per data series, in order.
    pub colors: Vec<(u8, u8, u8)>,
    /// Labels, axes and grid: a mid-grey reads on light and dark backgrounds alike.
    pub text: (u8, u8, u8),
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            colors: vec![(0x2b, 0x6c, 0xb0), (0xc0, 0x39, 0x2b), (0x27, 0xae, 0x60)],
            text: (0x80, 0x80, 0x80),
        }
    }
}

/// Charts for one article: its key figures as horizontal bars, one chart per family of units
/// (people, money, cases, percent …), with the built-in unit tables.
pub fn article_charts(slug: &str, front: &FrontMatter, palette: &Palette) -> Vec<Chart> {
    article_charts_with_units(slug, front, palette, &UnitFamilies::default())
}

/// [`article_charts`] with unit tables extended from site.yaml
/// ([`UnitFamilies::with_extensions`]).
pub fn article_charts_with_units(
    slug: &str,
    front: &FrontMatter,
    palette: &Palette,
    units: &UnitFamilies,
) -> Vec<Chart> {
    let mut by_family: BTreeMap<String, Vec<(&Figure, f64)>> = BTreeMap::new();
    for f in front.figures.iter().filter(|f| f.key && f.value.is_finite()) {
        let place = units.place(&f.unit);
        by_family
            .entry(place.family)
            .or_default()
            .push((f, f.value * place.factor));
    }
    by_family
        .iter()
        .filter_map(|(id, figures)| {
            let family = units.family(id);
            let rows: Vec<bar::BarRow> = figures
                .iter()
                .map(|(f, value)| bar::BarRow {
                    label: figure_label(f),
                    values: vec![*value],
                    value_labels: vec![figure_value_text(f)],
                })
                .collect();
            let title = format!("关键数字：{}", family.name);
            let axis_title = format!("单位：{}", family.base_unit);
            // Whole numbers only (people, cases): a tick at 0.5 would read as half a person.
            let counts = figures.iter().all(|(_, v)| v.fract() == 0.0);
            let chart = bar::BarChart {
                title: title.clone(),
                series: Vec::new(),
                rows,
                axis_title,
                counts,
            };
            let listing: Vec<String> = chart
                .rows
                .iter()
                .map(|r| format!("{} {}", r.label, r.value_labels[0]))
                .collect();
            let desc = format!(
                "《{}》的{}个关键数字（{}）：{}。",
                front.title,
                listing.len(),
                family.name,
                listing.join("；")
            );
            let svg = bar::layout(&chart)?.to_svg(&title, &desc, palette)?;
            Some(Chart {
                name: format!("{slug}-{}", file_safe(id)),
                title,
                desc,
                svg,
                table: ChartTable {
                    headers: vec!["项目".into(), "数字".into(), "原文".into()],
                    rows: figures
                        .iter()
                        .map(|(f, _)| vec![figure_label(f), figure_value_text(f), f.text.clone()])
                        .collect(),
                },
            })
        })
        .collect()
}

/// A bar's label: what the figure counts, or the words it came from.
fn figure_label(f: &Figure) -> String {
    f.subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(f.text.trim())
        .to_string()
}

const QUALIFIERS_TSV: &str = include_str!("qualifiers.tsv");

/// The figure as the article put it: qualifier where Chinese writes it, value in Chinese units,
/// unit: `近800名`, `200余名`, `100人以上`. An unknown qualifier goes before the number, the
/// most common place.
fn figure_value_text(f: &Figure) -> String {
    let number = format_value(f.value);
    let Some(q) = f.qualifier.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return format!("{number}{}", f.unit);
    };
    let position = families::tsv_rows(QUALIFIERS_TSV)
        .find(|cols| cols.first() == Some(&q))
        .and_then(|cols| cols.get(1).copied());
    match position {
        Some("number") => format!("{number}{q}{}", f.unit),
        Some("unit") => format!("{number}{}{q}", f.unit),
        _ => format!("{q}{number}{}", f.unit),
    }
}

/// A family id as part of a file name: ASCII ids as they are, others (site.yaml families named
/// in Chinese, single unknown units) as code points, so file names stay portable.
fn file_safe(id: &str) -> String {
    let id = id
        .strip_prefix("unit:")
        .map(|u| format!("unit-{u}"))
        .unwrap_or_else(|| id.to_string());
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                format!("u{:x}", c as u32)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
