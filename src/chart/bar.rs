//! Horizontal bar charts: one row per item, one bar per series in each row, the value written at
//! the end of each bar. Used for an article's key figures and for the site's places, categories
//! and keywords. Horizontal, because Chinese labels read left to right and can be long.

use super::format::{count_ticks, format_value, nice_ticks};
use super::measure::{text_width, truncate_to_width, wrap_to_width};
use super::scene::{Anchor, Ink, Mark, Scene, text_half_height};

/// What a bar chart shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarChart {
    /// Drawn above the chart, wrapped to its width.
    pub title: String,
    /// Names of the series; a legend is drawn when there are two or more.
    pub series: Vec<String>,
    /// Top to bottom, in the order given.
    pub rows: Vec<BarRow>,
    /// Written under the value axis: `单位：人`.
    pub axis_title: String,
    /// The values are counts (articles, figures): ticks fall on whole numbers only.
    pub counts: bool,
}

/// One row: its label and, for each series, the value and the text written at the bar's end
/// (`近800名`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarRow {
    /// Written left of the bars; cut with `…` beyond 24 em.
    pub label: String,
    /// One value per series; not-a-number values draw no bar.
    pub values: Vec<f64>,
    /// One text per series, written after its bar.
    pub value_labels: Vec<String>,
}

const MARGIN: i32 = 12;
const TITLE_PX: u32 = 16;
const LABEL_PX: u32 = 14;
const SMALL_PX: u32 = 12;
/// Width of the value axis. The chart grows around it to fit labels rather than squeezing it.
const PLOT_W: i32 = 360;
/// Labels longer than this many ems are cut with `…`; the table beside the chart has them whole.
const LABEL_MAX_EM: f64 = 24.0;
/// Charts narrower than this widen before a title wraps.
const MIN_TITLE_W: f64 = 560.0;

/// Lays out a bar chart. `None` when there is nothing to draw (no rows, or no finite value).
pub fn layout(chart: &BarChart) -> Option<Scene> {
    let k = chart.series.len().max(1);
    let finite = || {
        chart
            .rows
            .iter()
            .flat_map(|r| r.values.iter())
            .copied()
            .filter(|v| v.is_finite())
    };
    finite().next()?;
    let lo = finite().fold(0.0, f64::min);
    let hi = finite().fold(0.0, f64::max);

    let label_px = f64::from(LABEL_PX);
    let small_px = f64::from(SMALL_PX);
    let labels: Vec<String> = chart
        .rows
        .iter()
        .map(|r| truncate_to_width(&r.label, label_px, LABEL_MAX_EM * label_px))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, label_px))
        .fold(2.0 * label_px, f64::max)
        .ceil() as i32;
    let value_w = chart
        .rows
        .iter()
        .flat_map(|r| r.value_labels.iter())
        .map(|l| text_width(l, small_px))
        .fold(0.0, f64::max)
        .ceil() as i32;

    let ticks = choose_ticks(lo, hi, small_px, chart.counts);
    let (t0, t1) = (ticks[0], ticks[ticks.len() - 1]);
    let tick_w = |t: f64| text_width(&format_value(t), small_px);
    let plot_left = MARGIN + (label_w + 8).max((tick_w(t0) / 2.0).ceil() as i32);
    let plot_right = plot_left + PLOT_W;
    let right_need = (value_w + 5).max((tick_w(t1) / 2.0).ceil() as i32);
    let axis_title_w = text_width(&chart.axis_title, small_px);
    let mut width =
        f64::from(plot_right + right_need + MARGIN).max(f64::from(plot_left) + axis_title_w + f64::from(MARGIN));
    let title_px = f64::from(TITLE_PX);
    if text_width(&chart.title, title_px) > width - f64::from(2 * MARGIN) {
        width = width.max(MIN_TITLE_W);
    }
    let width_i = width.ceil() as i32;

    let mut scene = Scene::default();
    let mut y = MARGIN;
    for line in wrap_to_width(&chart.title, title_px, width - f64::from(2 * MARGIN)) {
        let half = text_half_height(TITLE_PX);
        scene.text(MARGIN, y + half, &line, TITLE_PX, Anchor::Start);
        y += 2 * half + 2;
    }
    if chart.series.len() > 1 {
        y = legend(&mut scene, &chart.series, y + 2, width_i) + 4;
    }

    let (bar_h, sub_pitch, row_pitch) = if k == 1 {
        (18, 0, 28)
    } else {
        (13, 20, 20 * k as i32 + 10)
    };
    let x_of = |v: f64| plot_left + ((v - t0) / (t1 - t0) * f64::from(PLOT_W)).round() as i32;
    let zero = x_of(0.0);
    let rows_top = y + 4;
    let axis_y = rows_top + chart.rows.len() as i32 * row_pitch + 2;
    // Grid first, so bars are drawn over it.
    for t in &ticks {
        let x = x_of(*t);
        let ink = if *t == 0.0 { Ink::Text } else { Ink::Grid };
        scene.marks.push(Mark::Line {
            x0: x,
            y0: rows_top,
            x1: x,
            y1: axis_y,
            ink,
        });
        scene.text(x, axis_y + 15, &format_value(*t), SMALL_PX, Anchor::Middle);
    }
    scene.marks.push(Mark::Line {
        x0: plot_left,
        y0: axis_y,
        x1: plot_right,
        y1: axis_y,
        ink: Ink::Text,
    });
    for (i, (row, label)) in chart.rows.iter().zip(&labels).enumerate() {
        let top = rows_top + i as i32 * row_pitch;
        let centre = top + row_pitch / 2;
        scene.text(plot_left - 8, centre, label, LABEL_PX, Anchor::End);
        for s in 0..k {
            let Some(v) = row.values.get(s).copied().filter(|v| v.is_finite()) else {
                continue;
            };
            let c = if k == 1 {
                centre
            } else {
                top + 5 + sub_pitch * s as i32 + sub_pitch / 2
            };
            let end = x_of(v);
            scene.marks.push(Mark::Rect {
                x0: zero.min(end),
                y0: c - bar_h / 2,
                x1: zero.max(end).max(zero.min(end) + 1),
                y1: c + bar_h / 2,
                ink: Ink::Series(s),
            });
            if let Some(text) = row.value_labels.get(s) {
                scene.text(zero.max(end) + 5, c, text, SMALL_PX, Anchor::Start);
            }
        }
    }
    let mut bottom = axis_y + 15 + text_half_height(SMALL_PX);
    if !chart.axis_title.is_empty() {
        bottom += 6 + text_half_height(SMALL_PX);
        scene.text(plot_left, bottom, &chart.axis_title, SMALL_PX, Anchor::Start);
        bottom += text_half_height(SMALL_PX);
    }
    scene.width = width_i as u32;
    scene.height = (bottom + MARGIN) as u32;
    Some(scene)
}

/// The most ticks (up to seven) whose labels fit side by side along the axis.
fn choose_ticks(lo: f64, hi: f64, px: f64, counts: bool) -> Vec<f64> {
    for count in (2..=6).rev() {
        let ticks = if counts {
            count_ticks(hi, count)
        } else {
            nice_ticks(lo, hi, count)
        };
        let widest = ticks
            .iter()
            .map(|t| text_width(&format_value(*t), px))
            .fold(0.0, f64::max);
        let spacing = f64::from(PLOT_W) / (ticks.len() - 1) as f64;
        if spacing >= widest + 10.0 {
            return ticks;
        }
    }
    let ticks = nice_ticks(lo, hi, 1);
    vec![ticks[0], ticks[ticks.len() - 1]]
}

/// Draws a legend of coloured squares and names from `top`, wrapping to the chart width.
/// Returns the y below it.
pub fn legend(scene: &mut Scene, names: &[String], top: i32, width: i32) -> i32 {
    let half = text_half_height(SMALL_PX);
    let mut x = MARGIN;
    let mut centre = top + half;
    for (i, name) in names.iter().enumerate() {
        let w = 14 + text_width(name, f64::from(SMALL_PX)).ceil() as i32;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            centre += 2 * half + 2;
        }
        scene.marks.push(Mark::Rect {
            x0: x,
            y0: centre - 5,
            x1: x + 10,
            y1: centre + 5,
            ink: Ink::Series(i),
        });
        scene.text(x + 14, centre, name, SMALL_PX, Anchor::Start);
        x += w + 16;
    }
    centre + half
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numeric labels of a scene: its axis ticks.
    fn tick_labels(scene: &Scene) -> Vec<&str> {
        scene
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } if text.parse::<f64>().is_ok() => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn chart(n: usize, label_len: usize, series: usize) -> BarChart {
        let rows = (0..n)
            .map(|i| {
                let values: Vec<f64> = (0..series).map(|s| 0.5 * 10f64.powi(((i + s) % 10) as i32)).collect();
                BarRow {
                    label: "党员干部先锋队志愿者".chars().cycle().take(label_len).collect(),
                    value_labels: values.iter().map(|v| format!("近{}人", format_value(*v))).collect(),
                    values,
                }
            })
            .collect();
        BarChart {
            title: "醴陵市疫情防控关键数字".into(),
            series: (0..series).map(|s| format!("系列{s}")).collect(),
            rows,
            axis_title: "单位：人".into(),
            counts: false,
        }
    }

    #[test]
    fn nothing_overlaps_or_leaves_the_frame() {
        for (n, len, series) in [(1, 2, 1), (5, 20, 1), (50, 20, 1), (50, 3, 1), (1, 20, 2), (12, 8, 2)] {
            let scene = layout(&chart(n, len, series)).unwrap();
            assert_eq!(
                scene.overlapping_texts(),
                Vec::<(String, String)>::new(),
                "{n} bars, {len} chars"
            );
            assert_eq!(scene.out_of_frame(), Vec::<Mark>::new(), "{n} bars, {len} chars");
        }
    }

    #[test]
    fn size_follows_the_labels_and_the_rows() {
        let short = layout(&chart(5, 2, 1)).unwrap();
        let long = layout(&chart(5, 20, 1)).unwrap();
        let many = layout(&chart(50, 2, 1)).unwrap();
        assert!(long.width > short.width + 200, "{} vs {}", long.width, short.width);
        assert!(many.height > short.height + 40 * 28);
        // A 20-character label is 280 px at 14 px, nowhere near plotters' 20 × 3 × 0.7 em.
        assert!(long.width < 900, "{}", long.width);
    }

    #[test]
    fn no_values_no_chart() {
        assert_eq!(layout(&BarChart::default()), None);
        let nan = BarChart {
            rows: vec![BarRow {
                label: "x".into(),
                values: vec![f64::NAN],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(layout(&nan), None);
    }

    #[test]
    fn counts_have_whole_ticks() {
        let mut c = chart(1, 2, 1);
        c.rows[0].values = vec![1.0];
        c.counts = true;
        let scene = layout(&c).unwrap();
        let ticks = tick_labels(&scene);
        assert_eq!(ticks, vec!["0", "1"]);
    }

    #[test]
    fn negative_values_get_an_axis_through_zero() {
        let mut c = chart(2, 4, 1);
        c.rows[0].values = vec![-30.0];
        c.rows[1].values = vec![70.0];
        let scene = layout(&c).unwrap();
        let ticks = tick_labels(&scene);
        assert!(
            ticks.contains(&"0") && ticks.iter().any(|t| t.starts_with('-')),
            "{ticks:?}"
        );
        assert!(scene.out_of_frame().is_empty());
    }
}
