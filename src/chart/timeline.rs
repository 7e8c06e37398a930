//! The site timeline: dated events and figures counted per day, week, month or year (whichever
//! keeps the number of columns readable for the span of the data), with the articles'
//! publication dates marked under the axis.

use std::collections::BTreeMap;

use super::bar::legend;
use super::format::{civil_date, count_ticks, day_label, day_number, format_value};
use super::measure::{text_width, wrap_to_width};
use super::scene::{Anchor, Ink, Mark, Scene, text_half_height};

/// How long one column of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// One column a day.
    Day,
    /// One column a week, Monday to Sunday.
    Week,
    /// One column a calendar month.
    Month,
    /// One column per this many calendar years (1, 2, 5, 10, 20, 50 …), starting at a multiple
    /// of it, so a stray date decades away still gives a chart of readable width.
    Years(i32),
}

/// Most columns a multi-year timeline gets before its columns widen to more years.
const MAX_YEAR_COLUMNS: i64 = 60;

/// Years per column to choose from: round numbers a reader counts in.
const YEAR_STEPS: [i64; 19] = [
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    1_000,
    2_000,
    5_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    500_000_000,
    1_000_000_000,
];

impl Granularity {
    /// The finest granularity that keeps the columns for a span of `days` to a readable number
    /// (at most about two months of days, a year of weeks, four years of months, sixty columns of
    /// years).
    pub fn for_span(days: i64) -> Granularity {
        match days {
            ..=62 => Granularity::Day,
            63..=371 => Granularity::Week,
            372..=1461 => Granularity::Month,
            _ => {
                let years = days / 365 + 2;
                let n = YEAR_STEPS
                    .into_iter()
                    .find(|n| years / n < MAX_YEAR_COLUMNS)
                    .unwrap_or(1_000_000_000);
                Granularity::Years(n as i32)
            }
        }
    }

    /// Said under the axis: what one column is.
    pub fn axis_title(self) -> String {
        match self {
            Granularity::Day => "按日".into(),
            Granularity::Week => "按周（标注为周一）".into(),
            Granularity::Month => "按月".into(),
            Granularity::Years(1) => "按年".into(),
            Granularity::Years(n) => format!("每{n}年（标注为起始年）"),
        }
    }

    /// The first day of the column holding `day`. Weeks start on Monday, as in China.
    pub fn start(self, day: i64) -> i64 {
        let (y, m, _) = civil_date(day);
        match self {
            Granularity::Day => day,
            // 1970-01-01 was a Thursday: +3 makes Monday 0.
            Granularity::Week => day - (day + 3).rem_euclid(7),
            Granularity::Month => day_number(y, m, 1),
            Granularity::Years(n) => day_number(y - y.rem_euclid(n.max(1)), 1, 1),
        }
    }

    /// The first day of the column after the one starting at `start`.
    pub fn next(self, start: i64) -> i64 {
        let (y, m, _) = civil_date(start);
        match self {
            Granularity::Day => start + 1,
            Granularity::Week => start + 7,
            Granularity::Month if m == 12 => day_number(y + 1, 1, 1),
            Granularity::Month => day_number(y, m + 1, 1),
            Granularity::Years(n) => day_number(y.saturating_add(n.max(1)), 1, 1),
        }
    }

    /// A column's label: `7月29日`, `7月`, `2021年`; with the year when asked.
    pub fn label(self, start: i64, with_year: bool) -> String {
        let (y, m, _) = civil_date(start);
        match self {
            Granularity::Day | Granularity::Week => day_label(start, with_year),
            Granularity::Month if with_year => format!("{y}年{m}月"),
            Granularity::Month => format!("{m}月"),
            Granularity::Years(_) => format!("{y}年"),
        }
    }
}

/// One column: when it starts, a count per series, and how many articles were published in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    /// Day number of its first day.
    pub start: i64,
    /// One count per series.
    pub counts: Vec<u32>,
    /// Articles published in it.
    pub published: u32,
}

/// Counts per day (day numbers) grouped into columns, from the first column with data to the
/// last, empty columns included so the axis is true to time. `None` when there are no dates.
pub fn bucket(series: &[BTreeMap<i64, u32>], published: &BTreeMap<i64, u32>) -> Option<(Granularity, Vec<Bucket>)> {
    let days = || {
        series
            .iter()
            .chain(std::iter::once(published))
            .flat_map(|m| m.keys().copied())
    };
    let first = days().min()?;
    let last = days().max()?;
    let g = Granularity::for_span(last - first);
    let mut buckets = Vec::new();
    let mut start = g.start(first);
    while start <= last {
        let end = g.next(start);
        let sum = |m: &BTreeMap<i64, u32>| m.range(start..end).map(|(_, n)| *n).sum::<u32>();
        buckets.push(Bucket {
            start,
            counts: series.iter().map(sum).collect(),
            published: sum(published),
        });
        start = end;
    }
    Some((g, buckets))
}

/// True when the columns run over more than one calendar year, so labels need the year.
pub fn crosses_years(g: Granularity, buckets: &[Bucket]) -> bool {
    match (buckets.first(), buckets.last()) {
        (Some(a), Some(b)) => civil_date(a.start).0 != civil_date(g.next(b.start) - 1).0,
        _ => false,
    }
}

const MARGIN: i32 = 12;
const TITLE_PX: u32 = 16;
const SMALL_PX: u32 = 12;
const PLOT_H: i32 = 160;
const MIN_PLOT_W: f64 = 240.0;

/// Lays out the timeline: a column per bucket, one bar per series, triangles under the axis where
/// articles were published. `series` names the counts; `marker` names the triangles.
pub fn layout(title: &str, series: &[String], marker: &str, g: Granularity, buckets: &[Bucket]) -> Option<Scene> {
    if buckets.is_empty() {
        return None;
    }
    let small = f64::from(SMALL_PX);
    let n = buckets.len();
    let with_year = crosses_years(g, buckets);
    let widest_label = buckets
        .iter()
        .map(|b| text_width(&g.label(b.start, with_year), small))
        .fold(0.0, f64::max);
    let bucket_w = (560.0 / n as f64).clamp(4.0, 48.0);
    let used_w = bucket_w * n as f64;
    let plot_w = used_w.max(MIN_PLOT_W);
    let offset = (plot_w - used_w) / 2.0;
    let every = ((widest_label + 10.0) / bucket_w).ceil().max(1.0) as usize;

    let max = buckets.iter().flat_map(|b| b.counts.iter()).copied().max().unwrap_or(0);
    let ticks = count_ticks(f64::from(max), 4);
    let top_tick = ticks.last().copied().unwrap_or(1.0).max(1.0);
    let ytick_w = ticks
        .iter()
        .map(|t| text_width(&format_value(*t), small))
        .fold(0.0, f64::max);
    let half_label = (widest_label / 2.0).ceil() as i32;
    let plot_left = MARGIN + (ytick_w.ceil() as i32 + 6).max(half_label);
    let plot_right = plot_left + plot_w.ceil() as i32;
    let mut legend_names: Vec<String> = series.to_vec();
    legend_names.push(marker.to_string());
    let legend_w: f64 = legend_names.iter().map(|s| text_width(s, small) + 30.0).sum();
    let axis_title_w = text_width(&g.axis_title(), small);
    let mut width = f64::from(plot_right + half_label + MARGIN)
        .max(legend_w.min(560.0) + f64::from(2 * MARGIN))
        .max(f64::from(plot_left) + axis_title_w + f64::from(MARGIN));
    if text_width(title, f64::from(TITLE_PX)) > width - f64::from(2 * MARGIN) {
        width = width.max(560.0);
    }
    let width_i = width.ceil() as i32;

    let mut scene = Scene::default();
    let mut y = MARGIN;
    for line in wrap_to_width(title, f64::from(TITLE_PX), width - f64::from(2 * MARGIN)) {
        let half = text_half_height(TITLE_PX);
        scene.text(MARGIN, y + half, &line, TITLE_PX, Anchor::Start);
        y += 2 * half + 2;
    }
    // The legend: squares for the series, then the publication marker drawn over a blank square
    // slot (a legend entry whose square is replaced by a triangle).
    let legend_top = y + 2;
    let legend_bottom = legend(&mut scene, &legend_names, legend_top, width_i);
    let marker_ink = Ink::Series(series.len());
    let slot = scene
        .marks
        .iter()
        .rposition(|m| matches!(m, Mark::Rect { ink, .. } if *ink == marker_ink));
    if let Some(Mark::Rect { x0, y0, .. }) = slot.and_then(|pos| scene.marks.get(pos).cloned())
        && let Some(pos) = slot
    {
        scene.marks[pos] = Mark::Marker {
            x: x0 + 5,
            y: y0,
            size: 10,
        };
    }
    let half = text_half_height(SMALL_PX);
    let ytitle_centre = legend_bottom + 4 + half;
    scene.text(MARGIN, ytitle_centre, "条数", SMALL_PX, Anchor::Start);
    let plot_top = ytitle_centre + 22;
    let axis_y = plot_top + PLOT_H;
    let y_of = |v: f64| axis_y - (v / top_tick * f64::from(PLOT_H)).round() as i32;

    for t in &ticks {
        let yt = y_of(*t);
        let ink = if *t == 0.0 { Ink::Text } else { Ink::Grid };
        scene.marks.push(Mark::Line {
            x0: plot_left,
            y0: yt,
            x1: plot_right,
            y1: yt,
            ink,
        });
        scene.text(plot_left - 6, yt, &format_value(*t), SMALL_PX, Anchor::End);
    }
    let k = series.len().max(1);
    let bar_w = (bucket_w * 0.8 / k as f64).max(1.0);
    let mut last_year_shown = None;
    for (i, b) in buckets.iter().enumerate() {
        let left = f64::from(plot_left) + offset + bucket_w * i as f64;
        let centre = (left + bucket_w / 2.0).round() as i32;
        for (s, count) in b.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let x0 = (left + bucket_w * 0.1 + bar_w * s as f64).round() as i32;
            let x1 = (left + bucket_w * 0.1 + bar_w * (s + 1) as f64).round() as i32;
            let x1 = x1.max(x0 + 1);
            scene.marks.push(Mark::Rect {
                x0,
                y0: y_of(f64::from(*count)),
                x1,
                y1: axis_y,
                ink: Ink::Series(s),
            });
        }
        if b.published > 0 {
            scene.marks.push(Mark::Marker {
                x: centre,
                y: axis_y + 3,
                size: 7,
            });
        }
        if i % every == 0 {
            let year = civil_date(b.start).0;
            let show_year = with_year && last_year_shown != Some(year);
            last_year_shown = Some(year);
            scene.text(
                centre,
                axis_y + 24,
                &g.label(b.start, show_year),
                SMALL_PX,
                Anchor::Middle,
            );
        }
    }
    scene.marks.push(Mark::Line {
        x0: plot_left,
        y0: axis_y,
        x1: plot_right,
        y1: axis_y,
        ink: Ink::Text,
    });
    let axis_title_y = axis_y + 24 + 2 * half + 4;
    scene.text(plot_left, axis_title_y, &g.axis_title(), SMALL_PX, Anchor::Start);
    scene.width = width_i as u32;
    scene.height = (axis_title_y + half + MARGIN) as u32;
    Some(scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(dates: &[(i32, u32, u32)]) -> BTreeMap<i64, u32> {
        let mut counts = BTreeMap::new();
        for (y, m, d) in dates {
            *counts.entry(day_number(*y, *m, *d)).or_insert(0) += 1;
        }
        counts
    }

    #[test]
    fn granularity_follows_the_span() {
        for (span, g) in [
            (0, Granularity::Day),
            (62, Granularity::Day),
            (90, Granularity::Week),
            (3 * 365, Granularity::Month),
            (20 * 365, Granularity::Years(1)),
            (100 * 365, Granularity::Years(2)),
            (2000 * 365, Granularity::Years(50)),
        ] {
            assert_eq!(Granularity::for_span(span), g, "{span}");
        }
    }

    #[test]
    fn a_stray_date_centuries_away_keeps_the_chart_readable() {
        let dates = [(21, 7, 29), (2021, 7, 29), (2021, 8, 1)];
        let (g, b) = bucket(&[days(&dates)], &BTreeMap::new()).unwrap();
        assert_eq!(g, Granularity::Years(50));
        assert!(b.len() <= 60, "{} columns", b.len());
        let scene = layout("时间线", &["事件".into()], "发布日期", g, &b).unwrap();
        assert!(scene.width < 1000, "{}", scene.width);
        assert!(scene.overlapping_texts().is_empty() && scene.out_of_frame().is_empty());
        assert_eq!(
            Granularity::Years(50).start(day_number(1977, 5, 1)),
            day_number(1950, 1, 1)
        );
    }

    #[test]
    fn weeks_start_on_monday_and_months_roll_over() {
        let wed = day_number(2021, 7, 28);
        assert_eq!(Granularity::Week.start(wed), day_number(2021, 7, 26));
        assert_eq!(Granularity::Month.next(day_number(2021, 12, 1)), day_number(2022, 1, 1));
        assert_eq!(Granularity::Month.label(day_number(2021, 12, 1), true), "2021年12月");
        assert_eq!(Granularity::Day.label(day_number(2021, 7, 29), false), "7月29日");
    }

    #[test]
    fn buckets_cover_the_span_with_empty_ones() {
        let events = days(&[(2021, 7, 29), (2021, 7, 29), (2021, 8, 2)]);
        let published = days(&[(2021, 8, 20)]);
        let (g, b) = bucket(&[events], &published).unwrap();
        assert_eq!(g, Granularity::Day);
        assert_eq!(b.len(), 23);
        assert_eq!(b[0].counts, vec![2]);
        assert_eq!(b[4].counts, vec![1]);
        assert_eq!(b[1].counts, vec![0]);
        assert_eq!(b.last().unwrap().published, 1);
        assert!(bucket(&[BTreeMap::new()], &BTreeMap::new()).is_none());
    }

    #[test]
    fn one_date_and_three_years_lay_out_cleanly() {
        for dates in [
            vec![(2021, 7, 29)],
            vec![(2019, 1, 3), (2020, 6, 1), (2021, 12, 30)],
            vec![(2021, 7, 1), (2021, 8, 30)],
        ] {
            let (g, b) = bucket(&[days(&dates), days(&dates)], &days(&dates[..1])).unwrap();
            let scene = layout("时间线", &["事件".into(), "数字".into()], "发布日期", g, &b).unwrap();
            assert!(
                scene.overlapping_texts().is_empty(),
                "{dates:?}: {:?}",
                scene.overlapping_texts()
            );
            assert!(scene.out_of_frame().is_empty(), "{dates:?}: {:?}", scene.out_of_frame());
            let with_year = scene
                .marks
                .iter()
                .any(|m| matches!(m, Mark::Text { text, .. } if text.contains('年') && text.contains('月')));
            assert_eq!(with_year, crosses_years(g, &b), "{dates:?}");
        }
    }
}
