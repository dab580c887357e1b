//! Progress bars for the CLI (binary only; the library reports nothing).
//!
//! Bars draw on stderr, so stdout stays clean for scripts. They are hidden
//! when stderr is not a terminal (indicatif checks) and with `--quiet`.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Makes bars that respect `--quiet`.
#[derive(Clone, Copy)]
pub struct Progress {
    pub quiet: bool,
}

impl Progress {
    fn target(self) -> ProgressDrawTarget {
        if self.quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        }
    }

    /// A bar over `len` items of `unit` (entries, sessions, queries).
    pub fn bar(self, len: u64, unit: &str) -> ProgressBar {
        let style = ProgressStyle::with_template(&format!(
            "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit} ({{elapsed}}, {{eta}} left)"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        ProgressBar::with_draw_target(Some(len), self.target()).with_style(style)
    }

    /// A spinner for work of unknown length (a dream).
    pub fn spinner(self, msg: &str) -> ProgressBar {
        let style =
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})").unwrap_or_else(|_| ProgressStyle::default_spinner());
        let pb = ProgressBar::with_draw_target(None, self.target()).with_style(style).with_message(msg.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }
}
