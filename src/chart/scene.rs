//! A laid-out chart as plain data (texts, rectangles, lines at pixel positions), and its drawing
//! with plotters' SVG backend. Layout and drawing are apart so that layout can be checked for
//! overlaps without a browser, and so every chart shares one way of writing SVG.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::measure::text_width;
use super::{FONT_STACK, Palette};

/// Where a text's `x` is: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left end.
    Start,
    /// `x` is the centre.
    Middle,
    /// `x` is the right end.
    End,
}

/// What colour a mark takes from the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Labels, axes and markers: the palette's text colour, written as `currentColor` so a page
    /// can restyle it for dark mode.
    Text,
    /// Grid lines: the text colour, faint.
    Grid,
    /// The n-th data series.
    Series(usize),
}

/// One thing drawn on a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A one-line text at font size `px`, vertically centred on `y`, placed along `x` by `anchor`.
    Text {
        x: i32,
        y: i32,
        text: String,
        px: u32,
        anchor: Anchor,
        bold: bool,
    },
    /// A filled rectangle between two corners.
    Rect {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        ink: Ink,
    },
    /// A straight line.
    Line {
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        ink: Ink,
    },
    /// A filled triangle pointing up, `size` wide, with its tip at (x, y).
    Marker { x: i32, y: i32, size: i32 },
}

/// A box in pixels: left, top, right, bottom.
pub type Bounds = (f64, f64, f64, f64);

/// Pixels a text box reaches above and below its centre line, in em. CJK fonts have tall line
/// boxes (Noto Sans CJK: ascent 1.16 em, descent 0.29 em), and plotters centres text with
/// `dy="0.5ex"`, so the box sits lower than the centre.
const ABOVE_EM: f64 = 0.95;
const BELOW_EM: f64 = 0.6;

impl Mark {
    /// The box the mark covers, as estimated from [`text_width`]; `None` for lines.
    pub fn bounds(&self) -> Option<Bounds> {
        match self {
            Mark::Text {
                x, y, text, px, anchor, ..
            } => {
                let w = text_width(text, f64::from(*px));
                let x = f64::from(*x);
                let left = match anchor {
                    Anchor::Start => x,
                    Anchor::Middle => x - w / 2.0,
                    Anchor::End => x - w,
                };
                let px = f64::from(*px);
                Some((
                    left,
                    f64::from(*y) - ABOVE_EM * px,
                    left + w,
                    f64::from(*y) + BELOW_EM * px,
                ))
            }
            Mark::Rect { x0, y0, x1, y1, .. } => Some((
                f64::from(*x0.min(x1)),
                f64::from(*y0.min(y1)),
                f64::from(*x0.max(x1)),
                f64::from(*y0.max(y1)),
            )),
            Mark::Marker { x, y, size } => {
                let half = f64::from(*size) / 2.0;
                Some((
                    f64::from(*x) - half,
                    f64::from(*y),
                    f64::from(*x) + half,
                    f64::from(y + size),
                ))
            }
            Mark::Line { .. } => None,
        }
    }
}

/// Half the vertical extent of a text line at `px`, rounded up: how far to keep text from
/// whatever is above or below it.
pub fn text_half_height(px: u32) -> i32 {
    (ABOVE_EM.max(BELOW_EM) * f64::from(px)).ceil() as i32
}

/// A chart laid out: its size and everything drawn on it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// Pixels; also the `viewBox`.
    pub width: u32,
    /// Pixels; also the `viewBox`.
    pub height: u32,
    /// Drawn in order: later marks cover earlier ones.
    pub marks: Vec<Mark>,
}

impl Scene {
    /// Adds a text mark.
    /// Line breaks and control characters are dropped: a label is one line, and control
    /// characters are not allowed in XML.
    pub fn text(&mut self, x: i32, y: i32, text: &str, px: u32, anchor: Anchor) {
        let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        self.marks.push(Mark::Text {
            x,
            y,
            text,
            px,
            anchor,
            bold: false,
        });
    }

    /// Pairs of text marks whose boxes overlap (by the estimate), for tests and debugging.
    pub fn overlapping_texts(&self) -> Vec<(String, String)> {
        let texts: Vec<(&str, Bounds)> = self
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => m.bounds().map(|b| (text.as_str(), b)),
                _ => None,
            })
            .collect();
        let mut pairs = Vec::new();
        for (i, (a, ba)) in texts.iter().enumerate() {
            for (b, bb) in &texts[i + 1..] {
                if ba.0 < bb.2 && bb.0 < ba.2 && ba.1 < bb.3 && bb.1 < ba.3 {
                    pairs.push((a.to_string(), b.to_string()));
                }
            }
        }
        pairs
    }

    /// Marks that reach outside the frame (by the estimate).
    pub fn out_of_frame(&self) -> Vec<Mark> {
        let (w, h) = (f64::from(self.width), f64::from(self.height));
        self.marks
            .iter()
            .filter(|m| {
                m.bounds()
                    .is_some_and(|(l, t, r, b)| l < 0.0 || t < 0.0 || r > w || b > h)
            })
            .cloned()
            .collect()
    }

    /// The scene as an SVG document with `<title>`, `<desc>` and a `viewBox`. `None` only if
    /// plotters reports an error, which writing into a string does not do in practice.
    pub fn to_svg(&self, title: &str, desc: &str, palette: &Palette) -> Option<String> {
        let mut raw = String::new();
        draw(self, palette, &mut raw).ok()?;
        Some(finish_svg(&raw, title, desc, palette.text))
    }
}

fn color_of(ink: Ink, palette: &Palette) -> RGBAColor {
    let (r, g, b) = match ink {
        Ink::Text | Ink::Grid => palette.text,
        Ink::Series(i) => palette
            .colors
            .get(i % palette.colors.len().max(1))
            .copied()
            .unwrap_or(palette.text),
    };
    let alpha = if ink == Ink::Grid { 0.3 } else { 1.0 };
    RGBColor(r, g, b).mix(alpha)
}

fn draw(scene: &Scene, palette: &Palette, out: &mut String) -> Result<(), String> {
    let root = SVGBackend::with_string(out, (scene.width.max(1), scene.height.max(1))).into_drawing_area();
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    for mark in &scene.marks {
        match mark {
            Mark::Text {
                x,
                y,
                text,
                px,
                anchor,
                bold,
            } => {
                let h = match anchor {
                    Anchor::Start => HPos::Left,
                    Anchor::Middle => HPos::Center,
                    Anchor::End => HPos::Right,
                };
                let weight = if *bold { FontStyle::Bold } else { FontStyle::Normal };
                // plotters writes font-size as size / 1.24; the sizes used (12, 14, 16) survive
                // the round trip exactly.
                let font = (FONT_STACK, f64::from(*px) * 1.24, weight).into_font();
                let style = font.color(&color_of(Ink::Text, palette)).pos(Pos::new(h, VPos::Center));
                root.draw(&Text::new(text.as_str(), (*x, *y), style)).map_err(err)?;
            }
            Mark::Rect { x0, y0, x1, y1, ink } => {
                root.draw(&Rectangle::new(
                    [(*x0, *y0), (*x1, *y1)],
                    color_of(*ink, palette).filled(),
                ))
                .map_err(err)?;
            }
            Mark::Line { x0, y0, x1, y1, ink } => {
                root.draw(&PathElement::new(vec![(*x0, *y0), (*x1, *y1)], color_of(*ink, palette)))
                    .map_err(err)?;
            }
            Mark::Marker { x, y, size } => {
                let half = size / 2;
                let points = vec![(*x, *y), (x + half, y + size), (x - half, y + size)];
                root.draw(&Polygon::new(points, color_of(Ink::Text, palette).filled()))
                    .map_err(err)?;
            }
        }
    }
    root.present().map_err(|e| e.to_string())
}

/// Adds what plotters does not write: `<title>` and `<desc>` (the accessible name and
/// description), `role="img"`, and the text colour as `currentColor` under a `color` attribute.
/// So the text colour is set once: the theme's `chart_text`, a lighter variant of it when the
/// reader's system is in dark mode (the embedded style), or whatever a page sets with CSS such as
/// `figure.chart svg { color: var(--muted) }` (a page rule outranks both).
fn finish_svg(raw: &str, title: &str, desc: &str, text: (u8, u8, u8)) -> String {
    let hex = format!("#{:02X}{:02X}{:02X}", text.0, text.1, text.2);
    let body = raw
        .replace(&format!("fill=\"{hex}\""), "fill=\"currentColor\"")
        .replace(&format!("stroke=\"{hex}\""), "stroke=\"currentColor\"");
    let Some(open_end) = body
        .find("<svg")
        .and_then(|start| body[start..].find('>').map(|e| start + e))
    else {
        return body;
    };
    let dark = dark_variant(text);
    format!(
        "{} class=\"jb-chart\" style=\"max-width:100%;height:auto\" role=\"img\" color=\"{hex}\"><title>{}</title><desc>{}</desc>\
         <style>@media (prefers-color-scheme: dark) {{ svg.jb-chart {{ color: #{:02X}{:02X}{:02X} }} }}</style>{}",
        &body[..open_end],
        xml_escape(title),
        xml_escape(desc),
        dark.0,
        dark.1,
        dark.2,
        &body[open_end + 1..]
    )
}

/// The text colour for a dark background: a dark colour mixed halfway to white, so a grey that
/// reads on white (#555555) becomes one that reads on near-black (#AAAAAA). A light colour is
/// kept as it is.
fn dark_variant((r, g, b): (u8, u8, u8)) -> (u8, u8, u8) {
    let luma = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
    if luma >= 150.0 {
        return (r, g, b);
    }
    let lift = |c: u8| c + (255 - c) / 2;
    (lift(r), lift(g), lift(b))
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
