//! Diagnostics: every problem the tool reports, in one form a user (and an editor's
//! "jump to error") can rely on: `error: content/003.txt:12: message`, then an indented hint
//! saying what to do. Colour only on a terminal, and never when `NO_COLOR` is set.

use std::fmt;
use std::io::IsTerminal;

/// How bad a problem is: errors fail the build (and `check`), warnings do not unless `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `file:line: what is wrong`, or `file: …` when no line applies.
    pub message: String,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with no hint yet.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning with no hint yet.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(self, hint: impl Into<String>) -> Diagnostic {
        Diagnostic {
            hint: Some(hint.into()),
            ..self
        }
    }

    /// The same diagnostic as an error (for `check --strict`).
    pub fn as_error(self) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            ..self
        }
    }

    /// An error from an `anyhow` chain, on one line: `what failed: why`. A compiler-style
    /// message (tera's `message --> file:line:col` and a code excerpt) is turned around to
    /// `file:line:col: message`, the form editors jump to.
    pub fn from_error(e: &anyhow::Error) -> Diagnostic {
        let line = one_line(&format!("{e:#}"));
        // Paths in a site run from its folder read better without the `./` of `site_dir_of`.
        Diagnostic::error(line.strip_prefix("./").map(String::from).unwrap_or(line))
    }
}

/// Joins a multi-line error into one line, moving a `--> location` to the front.
fn one_line(text: &str) -> String {
    if let Some(i) = text.find("--> ") {
        let location: String = text[i + 4..].chars().take_while(|c| !c.is_whitespace()).collect();
        let location = location.strip_prefix("./").unwrap_or(&location);
        let message = text[..i].split_whitespace().collect::<Vec<_>>().join(" ");
        if !location.is_empty() {
            return format!("{location}: {message}");
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether diagnostics are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset or empty (no-color.org).
    pub fn for_stderr() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    /// The diagnostic as printed: the message line, then `  hint: …` when there is one.
    pub fn render(&self, d: &Diagnostic) -> String {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = if self.color {
            format!("\x1b[{code}m{label}\x1b[0m: {}", d.message)
        } else {
            format!("{label}: {}", d.message)
        };
        if let Some(h) = &d.hint {
            if self.color {
                out.push_str(&format!("\n  \x1b[1;36mhint\x1b[0m: {h}"));
            } else {
                out.push_str(&format!("\n  hint: {h}"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Style::default().render(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_form_is_label_message_then_hint() {
        let d = Diagnostic::error("content/003.txt:12: bad").with_hint("fix it");
        assert_eq!(d.to_string(), "error: content/003.txt:12: bad\n  hint: fix it");
        assert_eq!(Diagnostic::warning("x: y").to_string(), "warning: x: y");
        assert_eq!(Diagnostic::warning("x").as_error().severity, Severity::Error);
    }

    #[test]
    fn colour_wraps_only_the_label() {
        let s = Style { color: true }.render(&Diagnostic::warning("a.txt: w"));
        assert_eq!(s, "\x1b[1;33mwarning\x1b[0m: a.txt: w");
    }

    #[test]
    fn error_chains_become_one_line() {
        let e = anyhow::anyhow!("inner\nsecond line").context("outer");
        assert_eq!(Diagnostic::from_error(&e).message, "outer: inner second line");
    }

    #[test]
    fn compiler_style_locations_move_to_the_front() {
        let e = anyhow::Error::msg(
            "template error: Found `</` but expected }}.\n  --> ./themes/t/index.html:3:25\n  |\n3 | <h1>{{ x </h1>\n  |   ^^",
        );
        assert_eq!(
            Diagnostic::from_error(&e).message,
            "themes/t/index.html:3:25: template error: Found `</` but expected }}."
        );
    }
}
