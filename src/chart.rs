//! Chart stage: SVG charts drawn with plotters from the extracted figures.

use plotters::prelude::*;
use serde::Serialize;

use crate::article::FrontMatter;

/// The CJK font stack every chart label is drawn in.
pub const FONT_STACK: &str = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

/// A drawn chart, with the same data as a table for readers who cannot see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// File name under `output/charts/` (without `.svg`), unique on the site.
    pub name: String,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub table: ChartTable,
}

/// The chart's data as rows of text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChartTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Colours from the theme's `theme.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub colors: Vec<(u8, u8, u8)>,
    pub text: (u8, u8, u8),
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            colors: vec![(0x2b, 0x6c, 0xb0), (0xc0, 0x39, 0x2b), (0x27, 0xae, 0x60)],
            text: (0x33, 0x33, 0x33),
        }
    }
}

/// Charts for one article: its key figures as horizontal bars, one chart per unit.
pub fn article_charts(slug: &str, front: &FrontMatter, palette: &Palette) -> Vec<Chart> {
    let mut units: Vec<&str> = front
        .figures
        .iter()
        .filter(|f| f.key)
        .map(|f| f.unit.as_str())
        .collect();
    units.sort();
    units.dedup();
    units
        .iter()
        .enumerate()
        .filter_map(|(i, unit)| {
            let bars: Vec<(String, f64)> = front
                .figures
                .iter()
                .filter(|f| f.key && f.unit == *unit)
                .map(|f| (f.subject.clone().unwrap_or_else(|| f.text.clone()), f.value))
                .collect();
            let title = format!("{}：关键数字（{unit}）", front.title);
            let svg = bar_chart(&title, &bars, unit, palette).ok()?;
            Some(Chart {
                name: format!("{slug}-{}", i + 1),
                desc: format!("{}个数字，单位：{unit}", bars.len()),
                title,
                svg,
                table: ChartTable {
                    headers: vec!["项目".into(), format!("数值（{unit}）")],
                    rows: bars.iter().map(|(l, v)| vec![l.clone(), format_value(*v)]).collect(),
                },
            })
        })
        .collect()
}

/// Site-wide charts: for now how the figures spread over categories. Each chart is named
/// (`categories`, …) so pages can place it.
pub fn site_charts(articles: &[crate::article::Article], palette: &Palette) -> Vec<Chart> {
    let mut counts: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
    for f in articles.iter().flat_map(|a| a.front.figures.iter()) {
        *counts.entry(f.category.as_str()).or_default() += 1.0;
    }
    let bars: Vec<(String, f64)> = counts.into_iter().map(|(c, n)| (c.to_string(), n)).collect();
    let title = "数字按类别分布".to_string();
    let Ok(svg) = bar_chart(&title, &bars, "个", palette) else {
        return Vec::new();
    };
    vec![Chart {
        name: "categories".into(),
        desc: format!("{}个类别", bars.len()),
        title,
        svg,
        table: ChartTable {
            headers: vec!["类别".into(), "数字个数".into()],
            rows: bars.iter().map(|(l, v)| vec![l.clone(), format_value(*v)]).collect(),
        },
    }]
}

/// Formats a value with Chinese large-number units: 36万, 5.65亿.
pub fn format_value(v: f64) -> String {
    let (scaled, suffix) = if v.abs() >= 1e8 {
        (v / 1e8, "亿")
    } else if v.abs() >= 1e4 {
        (v / 1e4, "万")
    } else {
        (v, "")
    };
    let s = format!("{scaled:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{suffix}")
}

/// A horizontal bar chart. Returns the SVG text.
pub fn bar_chart(title: &str, bars: &[(String, f64)], unit: &str, palette: &Palette) -> Result<String, String> {
    if bars.is_empty() {
        return Err("no data".into());
    }
    let height = 60 + 32 * bars.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        let max = bars.iter().map(|b| b.1).fold(0.0, f64::max).max(1.0);
        let (r, g, b) = palette.colors[0];
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(24)
            .y_label_area_size(200)
            .build_cartesian_2d(0.0..max * 1.15, 0..bars.len())
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_label_formatter(&|v| format_value(*v))
            .y_label_formatter(&|i| bars.get(*i).map(|b| b.0.chars().take(12).collect()).unwrap_or_default())
            .label_style((FONT_STACK, 13))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .map(|(i, (_, v))| Rectangle::new([(0.0, i), (*v, i + 1)], RGBColor(r, g, b).filled())),
            )
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let _ = unit;
    Ok(add_title(&svg, title))
}

/// Inserts `<title>` right after the opening `<svg …>` tag and a viewBox so it scales.
fn add_title(svg: &str, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    format!(
        "{}><title>{}</title>{}",
        &svg[..end],
        xml_escape(title),
        &svg[end + 1..]
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
