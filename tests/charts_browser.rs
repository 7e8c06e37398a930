//! Charts measured in a real browser: headless Chromium lays out every `<text>` with the CJK
//! fonts a reader has, and a script on the page reports any two text boxes that overlap and any
//! box that leaves its SVG. The layout code only estimates text widths; this is where the
//! estimate is checked. Needs Debian's `chromium` and `fonts-noto-cjk`.
//!
//! Screenshots go to `target/screenshots/charts/` for a person to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jianbao::article::{Article, Event, Figure, FrontMatter};
use jianbao::chart::{Chart, Palette, article_charts, site_charts};

/// A 20-character subject, the longest a chart must show whole.
const LONG: &str = "醴陵市中医院党员干部先锋队志愿服务突击队";

fn figure(value: f64, unit: &str, qualifier: Option<&str>, subject: &str) -> Figure {
    Figure {
        value,
        unit: unit.into(),
        qualifier: qualifier.map(String::from),
        subject: Some(subject.into()),
        category: "people".into(),
        text: format!("{subject}{value}{unit}"),
        key: true,
        ..Default::default()
    }
}

fn article(title: &str, date: &str, figures: Vec<Figure>) -> Article {
    Article {
        front: FrontMatter {
            title: title.into(),
            date: Some(date.into()),
            figures,
            ..Default::default()
        },
        body: String::new(),
        source_path: format!("{title}.txt"),
        terms: vec![],
        fixed: vec![],
    }
}

/// Values spread from 0.5 to 5亿, so labels run from `0.5` to `5亿`.
fn spread(i: usize) -> f64 {
    0.5 * 10f64.powi((i % 10) as i32)
}

/// Synthetic data covering what a layout can get wrong: 1, 5 and 50 bars; 2- and 20-character
/// labels; tiny and huge values; a single date, two months, and a three-year span.
fn cases() -> Vec<(String, Chart)> {
    assert_eq!(LONG.chars().count(), 20);
    let p = Palette::default();
    let mut out: Vec<(String, Chart)> = Vec::new();
    let mut add = |case: &str, charts: Vec<Chart>| {
        assert!(!charts.is_empty(), "{case}: no chart drawn");
        out.extend(charts.into_iter().map(|c| (format!("{case}/{}", c.name), c)));
    };
    let one = article("一个数字", "2021-08-20", vec![figure(800.0, "名", Some("近"), "党员")]);
    add("bars-1", article_charts("one", &one.front, &p));
    let five: Vec<Figure> = (0..5)
        .map(|i| {
            figure(
                spread(i * 2),
                "人",
                Some("约"),
                &LONG.chars().skip(i).collect::<String>(),
            )
        })
        .collect();
    add(
        "bars-5-long",
        article_charts("five", &article("五个数字", "2021-08-20", five).front, &p),
    );
    let fifty: Vec<Figure> = (0..50)
        .map(|i| {
            let subject = if i % 2 == 0 {
                LONG.to_string()
            } else {
                "捐款".to_string()
            };
            figure(
                spread(i) * 10.0,
                "元",
                if i % 3 == 0 { Some("超过") } else { None },
                &subject,
            )
        })
        .collect();
    add(
        "bars-50",
        article_charts("fifty", &article("五十个数字", "2021-08-20", fifty).front, &p),
    );
    let short: Vec<Figure> = (0..50)
        .map(|i| figure(spread(i), "例", None, &format!("{i}")))
        .collect();
    add(
        "bars-50-short",
        article_charts("fifty-short", &article("五十个短标签", "2021-08-20", short).front, &p),
    );

    let site = |dates: &[&str], places: usize| -> Vec<Article> {
        dates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut a = article(&format!("文章{i}"), d, vec![figure(spread(i), "人", None, "人员")]);
                a.front.figures[0].date = Some(d.to_string());
                a.front.events = vec![Event {
                    date: d.to_string(),
                    text: "事件".into(),
                    ..Default::default()
                }];
                a.front.places = (0..places)
                    .map(|j| {
                        if j % 2 == 0 {
                            format!("{}{j}", LONG.chars().take(18).collect::<String>())
                        } else {
                            format!("县{j}")
                        }
                    })
                    .collect();
                a.front.keywords = (0..places).map(|j| format!("关键词{j}")).collect();
                a
            })
            .collect()
    };
    add("site-one-date", site_charts(&site(&["2021-07-29"], 1), &p));
    let two_months: Vec<String> = (1..=30).map(|d| format!("2021-{:02}-{:02}", 7 + d % 2, d)).collect();
    add(
        "site-two-months",
        site_charts(&site(&two_months.iter().map(String::as_str).collect::<Vec<_>>(), 5), &p),
    );
    let three_years: Vec<String> = (0..40)
        .map(|i| format!("{}-{:02}-{:02}", 2019 + i % 3, 1 + (i * 7) % 12, 1 + (i * 11) % 28))
        .collect();
    add(
        "site-three-years",
        site_charts(
            &site(&three_years.iter().map(String::as_str).collect::<Vec<_>>(), 30),
            &p,
        ),
    );
    let weeks: Vec<String> = (0..20)
        .map(|i| format!("2021-{:02}-{:02}", 3 + i % 8, 1 + (i * 5) % 28))
        .collect();
    add(
        "site-weeks",
        site_charts(&site(&weeks.iter().map(String::as_str).collect::<Vec<_>>(), 3), &p),
    );
    out
}

/// Measures every chart on the page after fonts load; writes one line per problem into
/// `#result`, then `done`.
const SCRIPT: &str = r#"
document.fonts.ready.then(() => {
  const out = [];
  const slack = 0.5;
  for (const fig of document.querySelectorAll('figure[data-case]')) {
    const name = fig.dataset.case;
    const svg = fig.querySelector('svg');
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll('text')].map(t => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() }));
    for (const el of svg.querySelectorAll('text, rect, polygon')) {
      const r = el.getBoundingClientRect();
      if (r.left < frame.left - slack || r.top < frame.top - slack || r.right > frame.right + slack || r.bottom > frame.bottom + slack) {
        out.push(`OUT ${name} <${el.tagName}> "${el.textContent.trim()}" ${r.left - frame.left},${r.top - frame.top},${r.right - frame.left},${r.bottom - frame.top} frame ${frame.width}x${frame.height}`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        if (a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack) {
          out.push(`OVERLAP ${name} "${boxes[i].t}" / "${boxes[j].t}"`);
        }
      }
    }
    out.push(`MEASURED ${name} ${boxes.length}`);
  }
  document.getElementById('result').textContent = out.join('\n') + '\ndone';
});
"#;

fn page(charts: &[(String, Chart)], dark: bool) -> String {
    let scheme = if dark {
        "background:#16171a;color:#a0a0a8"
    } else {
        "background:#fff;color:#555"
    };
    let mut html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>body{{margin:8px;{scheme}}} \
         figure{{margin:0 0 16px 0}} figcaption{{font:12px monospace}} svg{{display:block;color:inherit}}</style></head><body>"
    );
    for (name, c) in charts {
        html.push_str(&format!(
            "<figure data-case=\"{name}\"><figcaption>{name}</figcaption>{}</figure>",
            c.svg
        ));
    }
    html.push_str(&format!(
        "<pre id=\"result\"></pre><script>{SCRIPT}</script></body></html>"
    ));
    html
}

/// The Chromium binary, or a failure that says how to get it: a browser test that passes
/// because there is no browser would prove nothing.
fn chromium() -> PathBuf {
    let candidates = [
        std::env::var("CHROMIUM").unwrap_or_default(),
        "chromium".into(),
        "chromium-browser".into(),
    ];
    for c in candidates.iter().filter(|c| !c.is_empty()) {
        if Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            return PathBuf::from(c);
        }
    }
    panic!(
        "chromium not found: this test measures chart labels in a real browser. \
         Install it with `apt-get update && apt-get install -y chromium fonts-noto-cjk` (or set CHROMIUM=/path/to/chrome)"
    );
}

/// Runs headless Chromium on `html_file` with extra arguments; returns stdout.
fn run_chromium(html_file: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", html_file.display()))
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    // Read stdout while waiting: a DOM bigger than the pipe buffer would otherwise block the
    // browser forever.
    let mut stdout = child.stdout.take().expect("chromium stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait for chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s on {}", html_file.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap_or_default()
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/charts");
    std::fs::create_dir_all(&dir).expect("create target/screenshots/charts");
    dir
}

/// Lays out `charts` on one page in Chromium and returns the measuring script's report:
/// `OUT …`/`OVERLAP …` lines for problems, one `MEASURED <case> <texts>` line per chart.
fn measure_in_chromium(charts: &[(String, Chart)], stem: &str) -> Vec<String> {
    let html_file = screenshot_dir().join(format!("{stem}.html"));
    std::fs::write(&html_file, page(charts, false)).expect("write test page");
    let dom = run_chromium(&html_file, &["--dump-dom".to_string()]);
    let start = dom.find("<pre id=\"result\">").map(|i| i + "<pre id=\"result\">".len());
    let result = start
        .and_then(|s| dom[s..].find("</pre>").map(|e| &dom[s..s + e]))
        .unwrap_or_default();
    assert!(
        result.trim_end().ends_with("done"),
        "the measuring script did not finish; DOM tail:\n{}",
        &dom[dom.len().saturating_sub(2000)..]
    );
    // --dump-dom serialises the report as HTML text: undo its escapes.
    let unescape = |l: &str| {
        l.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    result.lines().filter(|l| *l != "done").map(unescape).collect()
}

#[test]
fn chart_labels_never_overlap_or_leave_the_frame_in_chromium() {
    let charts = cases();
    let report = measure_in_chromium(&charts, "all");
    let measured: Vec<&String> = report.iter().filter(|l| l.starts_with("MEASURED")).collect();
    assert_eq!(measured.len(), charts.len(), "every chart must be measured");
    assert!(
        measured.iter().all(|l| !l.ends_with(" 0")),
        "a chart without text: {measured:?}"
    );
    let problems: Vec<&String> = report.iter().filter(|l| !l.starts_with("MEASURED")).collect();
    assert!(
        problems.is_empty(),
        "{} layout problems:\n{}",
        problems.len(),
        problems.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n")
    );
}

/// The check above could pass by measuring nothing; this feeds it a chart that is wrong on
/// purpose and expects both faults to be found.
#[test]
fn the_measuring_script_finds_overlaps_and_escapes() {
    let mut broken = cases().remove(0).1;
    broken.svg = broken.svg.replace(
        "</svg>",
        "<text x=\"20\" y=\"40\" font-size=\"16\">重叠的标签</text><text x=\"30\" y=\"42\" font-size=\"16\">重叠</text>\
         <text x=\"-30\" y=\"5\" font-size=\"16\">出框</text></svg>",
    );
    let report = measure_in_chromium(&[("broken".into(), broken)], "broken");
    assert!(
        report
            .iter()
            .any(|l| l.starts_with("OVERLAP broken \"重叠的标签\" / \"重叠\"")),
        "{report:#?}"
    );
    assert!(
        report.iter().any(|l| l.starts_with("OUT broken <text> \"出框\"")),
        "{report:#?}"
    );
}

#[test]
fn screenshots_for_people_to_look_at() {
    let charts = cases();
    let dir = screenshot_dir();
    for (group, dark) in [
        ("bars-5-long", false),
        ("bars-50/", false),
        ("site-three-years", true),
        ("site-one-date", false),
        ("site-two-months", false),
    ] {
        let selected: Vec<(String, Chart)> = charts.iter().filter(|(n, _)| n.starts_with(group)).cloned().collect();
        let height: u32 = selected.iter().map(|(_, c)| svg_size(&c.svg).1 + 40).sum::<u32>() + 40;
        let width = selected.iter().map(|(_, c)| svg_size(&c.svg).0).max().unwrap_or(600) + 40;
        let stem = group.trim_end_matches('/');
        let html_file = dir.join(format!("{stem}.html"));
        std::fs::write(&html_file, page(&selected, dark)).expect("write screenshot page");
        let png = dir.join(format!("{stem}.png"));
        let _ = std::fs::remove_file(&png);
        run_chromium(
            &html_file,
            &[
                format!("--screenshot={}", png.display()),
                format!("--window-size={width},{height}"),
            ],
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 1000, "no screenshot written to {}", png.display());
    }
}

/// Text fill as the browser computes it for a chart on a page with no CSS of its own, in light
/// and in dark mode: the chart's embedded style must lift the grey for a dark background.
#[test]
fn chart_text_lightens_in_dark_mode() {
    let charts: Vec<(String, Chart)> = cases().into_iter().take(1).collect();
    let dir = screenshot_dir();
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>{}<pre id=\"result\"></pre><script>\
         document.getElementById('result').textContent = 'FILL ' + getComputedStyle(document.querySelector('svg text')).fill;\
         </script></body></html>",
        charts[0].1.svg
    );
    let html_file = dir.join("colour.html");
    std::fs::write(&html_file, html).expect("write colour page");
    let fill = |extra: &[&str]| {
        let mut args = vec!["--dump-dom".to_string()];
        args.extend(extra.iter().map(|a| a.to_string()));
        let dom = run_chromium(&html_file, &args);
        dom.split("FILL ")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    assert_eq!(fill(&[]), "rgb(128, 128, 128)");
    assert_eq!(
        fill(&["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]),
        "rgb(191, 191, 191)"
    );
}

/// The width and height attributes of an SVG's root element.
fn svg_size(svg: &str) -> (u32, u32) {
    let doc = roxmltree::Document::parse(svg).expect("chart is XML");
    let attr = |n: &str| {
        doc.root_element()
            .attribute(n)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (attr("width"), attr("height"))
}
