//! Running `pdftotext` and judging what it gives.
//!
//! Takes the path of a PDF on disk; gives `pdftotext`'s raw UTF-8 output (pages ended by form
//! feeds) or a one-line reason it failed: program missing, timed out (the child is killed), or
//! its own error message. Also judges raw output: whether it has a readable text layer
//! ([`check_text_layer`]) and whether its pages are set in columns ([`multi_column`]).

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `pdftotext` on the PDF at `path`, in layout mode or in reading order, and gives its
/// UTF-8 output, each page ended by a form feed.
pub(super) fn extract(
    program: &str,
    path: &Path,
    layout: bool,
    timeout: Duration,
) -> Result<String, String> {
    let mut args: Vec<&OsStr> = ["-enc", "UTF-8", "-eol", "unix"].map(OsStr::new).to_vec();
    if layout {
        args.insert(0, OsStr::new("-layout"));
    }
    args.extend([path.as_os_str(), OsStr::new("-")]);
    let out = run(program, &args, timeout)?;
    if !out.success {
        let code = out
            .code
            .map_or("killed".to_string(), |c| format!("exit {c}"));
        return Err(format!(
            "{program} failed ({code}): {}",
            stderr_reason(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("{program} gave text that is not UTF-8"))
}

/// Whether most text pages of layout-mode output are set in columns: a gutter, a gap of three
/// or more spaces in the middle half of the page that at least half its lines (ten or more)
/// cross at the same place.
pub(super) fn multi_column(raw: &str) -> bool {
    let pages: Vec<&str> = raw.split('\x0c').filter(|p| !p.trim().is_empty()).collect();
    let columned = pages.iter().filter(|p| has_gutter(p)).count();
    columned * 2 > pages.len()
}

/// Whether one page of layout-mode output has a gutter (see [`multi_column`]).
fn has_gutter(page: &str) -> bool {
    let lines: Vec<Vec<char>> = page
        .lines()
        .map(|l| l.trim_end().chars().collect::<Vec<char>>())
        .filter(|l| !l.is_empty())
        .collect();
    let width = lines.iter().map(Vec::len).max().unwrap_or(0);
    if lines.len() < 10 {
        return false;
    }
    // crossed[c]: lines with a gap of 3+ spaces over column c, text on both sides.
    let mut crossed = vec![0usize; width];
    for l in &lines {
        let mut i = l.iter().position(|c| *c != ' ').unwrap_or(l.len());
        while i < l.len() {
            if l[i] != ' ' {
                i += 1;
                continue;
            }
            let start = i;
            while l[i] == ' ' {
                i += 1; // stops: lines are trimmed at the end
            }
            if i - start >= 3 {
                crossed[start..i].iter_mut().for_each(|n| *n += 1);
            }
        }
    }
    (width / 4..width * 3 / 4).any(|c| crossed[c] >= 10 && crossed[c] * 2 >= lines.len())
}

/// What a finished child gave.
struct Finished {
    success: bool,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `program args`, reading its output on threads (so a full pipe cannot block it), and
/// kills it once `timeout` has passed.
fn run<S: AsRef<OsStr>>(program: &str, args: &[S], timeout: Duration) -> Result<Finished, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("{program} not found: scripts/setup.sh installs poppler-utils")
            }
            _ => format!("cannot start {program}: {e}"),
        })?;
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = reader(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = reader(Box::new(child.stderr.take().expect("piped stderr")));

    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} timed out after {} s and was killed (the PDF hangs the extractor)",
                    timeout.as_secs_f64()
                ));
            }
            Ok(None) => {
                std::thread::sleep(pause.min(timeout.saturating_sub(start.elapsed())));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("waiting for {program} failed: {e}"));
            }
        }
    };
    Ok(Finished {
        success: status.success(),
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// One line out of an extractor's error output: its distinct error lines (warnings only when
/// there is nothing else), at most three, joined.
fn stderr_reason(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains("Error"))
        .collect();
    let chosen = if errors.is_empty() { lines } else { errors };
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = chosen
        .into_iter()
        .filter(|l| seen.insert(*l))
        .take(3)
        .collect();
    if distinct.is_empty() {
        return "no message".to_string();
    }
    let mut reason = distinct.join("; ");
    if reason.chars().count() > 300 {
        reason = reason.chars().take(300).collect::<String>() + "…";
    }
    reason
}

/// Pages in raw `pdftotext` output: each page ends with a form feed.
fn page_count(raw: &str) -> usize {
    let feeds = raw.matches('\x0c').count();
    if raw.trim_end_matches(['\n', ' ']).ends_with('\x0c') || raw.trim().is_empty() {
        feeds
    } else {
        feeds + 1
    }
}

/// The reason given for raw output with no text: how many pages it has, and that OCR is needed.
pub(super) fn no_text(raw: &str) -> String {
    let n = page_count(raw);
    let pages = if n == 1 { "page" } else { "pages" };
    format!("no text layer (scanned?): {n} {pages} and no text; OCR it first")
}

/// Rejects raw output with no text, or whose characters are mostly unmapped glyphs (U+FFFD,
/// private-use code points, control characters: fonts without a Unicode map).
pub(super) fn check_text_layer(raw: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in raw.chars().filter(|c| !c.is_whitespace() && *c != '\x0c') {
        total += 1;
        if c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c.is_control() {
            bad += 1;
        }
    }
    if total == 0 {
        return Err(no_text(raw));
    }
    if bad * 5 > total {
        return Err(format!(
            "text layer not readable: {}% of its characters have no Unicode mapping; OCR it first",
            bad * 100 / total
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_or_empty_text_layers_are_rejected() {
        let empty = "\n\x0c\n\x0c  \n\x0c";
        let err = check_text_layer(empty).unwrap_err();
        assert_eq!(
            err,
            "no text layer (scanned?): 3 pages and no text; OCR it first"
        );
        let pua = "\u{e001}\u{e002}\u{e003}\u{fffd}本\x0c";
        assert!(check_text_layer(pua)
            .unwrap_err()
            .starts_with("text layer not readable: 80%"));
        assert!(check_text_layer("○東会長 それでは\x0c").is_ok());
    }

    #[test]
    fn extractor_errors_are_one_line() {
        let stderr = b"Syntax Warning: x\nSyntax Error: Couldn't find trailer dictionary\n\
                       Syntax Error: Couldn't find trailer dictionary\n\
                       Syntax Error: Couldn't read xref table\n";
        assert_eq!(
            stderr_reason(stderr),
            "Syntax Error: Couldn't find trailer dictionary; Syntax Error: Couldn't read xref table"
        );
        assert_eq!(stderr_reason(b""), "no message");
    }

    #[test]
    fn a_hanging_child_is_killed_at_the_timeout() {
        let start = Instant::now();
        let err = run("sleep", &["30"], Duration::from_millis(300))
            .err()
            .expect("timed out");
        assert!(err.starts_with("sleep timed out after 0.3 s"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn gutters_are_told_from_label_gaps_and_tables() {
        let two: String = (0..12)
            .map(|i| format!("  左の段の本文です{i:02}。        右の段の本文です{i:02}。\n"))
            .collect();
        assert!(multi_column(&format!("{two}\x0c")));
        // Labels of several lengths, their gap after them, and prose: one column.
        let one: String = ["○東会長", "○宮腰大臣", "○宮原消費者教育推進課長", "○原委員"]
            .iter()
            .cycle()
            .take(8)
            .map(|l| {
                format!(
                    "{l}    それでは、ただいまより会議を開催いたします。本日は\n\
                              皆様、御多用のところ御参集いただきまして、ありがとう\n"
                )
            })
            .collect();
        assert!(!multi_column(&format!("{one}\x0c")));
        // A gutter on one page out of three does not switch the document.
        assert!(!multi_column(&format!("{two}\x0c{one}\x0c{one}\x0c")));
    }
}
