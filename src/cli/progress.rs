//! Progress and the closing summary line on stderr.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::jobs::Outcome;
use crate::pipeline::Progress;

/// Progress on stderr: a bar on a terminal, a summary line otherwise, nothing with --quiet.
/// Skipped files are always reported.
pub(crate) struct CliProgress {
    pub(crate) bar: Option<ProgressBar>,
    pub(crate) quiet: bool,
    pub(crate) summary_line: bool,
}

impl CliProgress {
    pub(crate) fn new(quiet: bool) -> Self {
        let tty = std::io::stderr().is_terminal();
        let bar = (tty && !quiet).then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        CliProgress {
            bar,
            quiet,
            summary_line: !tty && !quiet,
        }
    }
}

impl Progress for CliProgress {
    fn start(&self, total: u64, _files: usize) {
        if let Some(b) = &self.bar {
            b.set_length(total);
        }
    }
    fn advance(&self, bytes: u64, file: &str) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(file.to_string());
        }
    }
    fn skipped(&self, path: &str, reason: &str) {
        let line = format!("kaigi: skipped {path}: {reason}");
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

pub(crate) fn report_outcome(
    o: &Outcome,
    out: &Path,
    quiet: bool,
    summary_line: bool,
    started: std::time::Instant,
) {
    if quiet || !summary_line && !std::io::stderr().is_terminal() {
        return;
    }
    let s = &o.summary;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "kaigi: {} files ({} parsed, {} skipped), {} meetings, {} remarks, {} tokens, {:.1} MB in {:.2} s ({:.1} MB/s); wrote {} files to {}",
        s.inputs.len(),
        s.inputs.len() - s.skipped(),
        s.skipped(),
        o.meetings,
        s.remarks,
        s.tokens,
        s.bytes as f64 / 1e6,
        secs,
        s.bytes as f64 / 1e6 / secs.max(1e-9),
        o.written.len(),
        out.display()
    );
}
