//! Report: one self-contained HTML page summarising a run.
//!
//! Takes a [`ReportInput`] (summary figures, chart images, the top rows of each table, the
//! commands that reproduce the run, skipped inputs) and gives `report.html`: charts embedded as
//! base64 PNG, inline CSS, no network access, so it opens anywhere and can be archived with
//! the data. With [`ReportInput::explore`] the page also has an interactive section: a small
//! script (`report_app.js`, inlined) reads that data and lets the reader filter by theme, body,
//! speaker and date, sort the counts, and click a heatmap cell, a trend point or a row through
//! to the remarks behind it, their hits marked.

use std::fmt::Write as _;
use std::path::PathBuf;

use base64::Engine as _;
use polars::prelude::*;

/// A table excerpt for the report.
#[derive(Debug, Clone, Default)]
pub struct TableSection {
    pub title: String,
    /// The file the full table is in (`theme_counts.csv`).
    pub file: String,
    pub note: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Rows in the full table.
    pub total_rows: usize,
}

/// A chart for the report.
#[derive(Debug, Clone)]
pub struct ChartSection {
    pub title: String,
    pub caption: String,
    pub png: PathBuf,
    pub svg_file: String,
}

/// Everything the report shows.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub title: String,
    pub summary: Vec<(String, String)>,
    pub charts: Vec<ChartSection>,
    pub tables: Vec<TableSection>,
    pub commands: Vec<String>,
    pub skipped: Vec<(String, String)>,
    pub version: String,
    /// The interactive section's data (JSON from [`super::explore::Explore::json`]); `None`:
    /// a page without script.
    pub explore: Option<String>,
}

/// The interactive section's script and styles.
const APP_JS: &str = include_str!("report_app.js");
const APP_CSS: &str = include_str!("report_app.css");

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The first `limit` rows of a DataFrame as strings (floats with 3 decimals, null as empty).
pub fn table_section(
    df: &DataFrame,
    title: &str,
    file: &str,
    note: &str,
    limit: usize,
) -> TableSection {
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let n = df.height().min(limit);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = Vec::with_capacity(headers.len());
        for c in df.columns() {
            let v = c.get(i).map(|v| cell(&v)).unwrap_or_default();
            row.push(v);
        }
        rows.push(row);
    }
    TableSection {
        title: title.into(),
        file: file.into(),
        note: note.into(),
        headers,
        rows,
        total_rows: df.height(),
    }
}

fn cell(v: &AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::Float64(f) => fmt_float(*f),
        AnyValue::Float32(f) => fmt_float(*f as f64),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
}

fn fmt_float(f: f64) -> String {
    if f != 0.0 && f.abs() < 0.001 {
        format!("{f:.2e}")
    } else {
        format!("{f:.3}")
    }
}

/// Renders the page.
pub fn render(input: &ReportInput) -> String {
    let mut out = Vec::new();
    render_to(input, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("the page is UTF-8")
}

/// Writes the page to `w` (the interactive section's data straight from
/// [`ReportInput::explore`], without a copy of the whole page in memory).
pub fn render_to(input: &ReportInput, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    w.write_all(head(input).as_bytes())?;
    if let Some(data) = &input.explore {
        write!(
            w,
            "<section id=\"explore\"></section>\n<style>\n{APP_CSS}\n</style>\n<script type=\"application/json\" id=\"kaigi-data\">"
        )?;
        w.write_all(data.as_bytes())?;
        write!(w, "</script>\n<script>\n{APP_JS}\n</script>\n")?;
    }
    w.write_all(tail(input).as_bytes())
}

/// The page up to the interactive section: head, navigation, corpus summary.
fn head(input: &ReportInput) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n",
        esc(&input.title),
        CSS
    );
    let _ = writeln!(h, "<header><h1>{}</h1><p class=\"sub\">kaigi {} · self-contained report: charts are embedded, nothing is loaded from the network.</p></header>", esc(&input.title), esc(&input.version));
    let _ = writeln!(
        h,
        "<nav><a href=\"#summary\">Summary</a> · {}<a href=\"#charts\">Charts</a> · <a href=\"#tables\">Tables</a> · <a href=\"#reproduce\">Reproduce</a></nav>",
        if input.explore.is_some() {
            "<a href=\"#explore\">Explore</a> · "
        } else {
            ""
        }
    );
    h.push_str("<section id=\"summary\"><h2>Corpus summary</h2>\n<table class=\"summary\">\n");
    for (k, v) in &input.summary {
        let _ = writeln!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(v));
    }
    h.push_str("</table>\n");
    if !input.skipped.is_empty() {
        h.push_str("<h3>Skipped inputs</h3>\n<ul class=\"skipped\">\n");
        for (p, r) in &input.skipped {
            let _ = writeln!(h, "<li><code>{}</code>: {}</li>", esc(p), esc(r));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

/// The page after the interactive section: charts, table excerpts, how to reproduce.
fn tail(input: &ReportInput) -> String {
    let mut h = String::from("<section id=\"charts\"><h2>Charts</h2>\n");
    for c in &input.charts {
        let img = match std::fs::read(&c.png) {
            Ok(bytes) => format!(
                "<img alt=\"{}\" src=\"data:image/png;base64,{}\">",
                esc(&c.title),
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ),
            Err(e) => format!(
                "<p class=\"err\">chart {} missing: {}</p>",
                esc(&c.png.display().to_string()),
                esc(&e.to_string())
            ),
        };
        let _ = writeln!(
            h,
            "<figure class=\"chart\">{img}<figcaption><b>{}</b> — {} <span class=\"file\">({})</span></figcaption></figure>",
            esc(&c.title),
            esc(&c.caption),
            esc(&c.svg_file)
        );
    }
    h.push_str("</section>\n<section id=\"tables\"><h2>Tables</h2>\n");
    for t in &input.tables {
        let _ = writeln!(
            h,
            "<h3 id=\"t-{}\">{}</h3>\n<p class=\"note\">{} Showing {} of {} rows; the full table is <code>{}</code> (and <code>{}</code>).</p>",
            esc(&t.file.replace('.', "-")),
            esc(&t.title),
            esc(&t.note),
            t.rows.len(),
            t.total_rows,
            esc(&t.file),
            esc(&t.file.replace(".csv", ".parquet"))
        );
        h.push_str("<div class=\"scroll\"><table class=\"data\">\n<thead><tr>");
        for c in &t.headers {
            let _ = write!(h, "<th>{}</th>", esc(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            h.push_str("<tr>");
            for v in r {
                let num = !v.is_empty() && v.parse::<f64>().is_ok();
                let _ = write!(
                    h,
                    "<td{}>{}</td>",
                    if num { " class=\"n\"" } else { "" },
                    esc(v)
                );
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</section>\n<section id=\"reproduce\"><h2>Reproduce</h2>\n<p>From a clone of the kaigi repository on Debian:</p>\n<pre>");
    for c in &input.commands {
        h.push_str(&esc(c));
        h.push('\n');
    }
    h.push_str("</pre>\n<p><code>manifest.json</code> lists every input with its SHA-256, the dictionary and theme file hashes, and the time each stage took.</p>\n</section>\n</body>\n</html>\n");
    h
}

const CSS: &str = r#"
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1.5rem 3rem; color: #222; line-height: 1.5; }
header h1 { margin-bottom: 0.2rem; }
.sub, .note, .file { color: #666; font-size: 0.9rem; }
nav { position: sticky; top: 0; background: #fff; padding: 0.5rem 0; border-bottom: 1px solid #ddd; }
h2 { border-bottom: 2px solid #2b6cb0; padding-bottom: 0.2rem; margin-top: 2.5rem; }
table.summary th { text-align: left; padding-right: 1.5rem; font-weight: 600; }
figure.chart { margin: 1.5rem 0; }
figure.chart img { width: 100%; height: auto; border: 1px solid #eee; }
.scroll { overflow-x: auto; }
table.data { border-collapse: collapse; font-size: 0.85rem; }
table.data th, table.data td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; white-space: nowrap; }
table.data th { background: #f3f6fa; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; }
.err { color: #b00; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_embeds() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("c.png");
        std::fs::write(&png, [0x89, b'P', b'N', b'G']).unwrap();
        let input = ReportInput {
            title: "kaigi <report>".into(),
            summary: vec![("Meetings".into(), "5".into())],
            charts: vec![ChartSection {
                title: "テーマ".into(),
                caption: "a & b".into(),
                png,
                svg_file: "c.svg".into(),
            }],
            tables: vec![TableSection {
                title: "t".into(),
                file: "t.csv".into(),
                note: String::new(),
                headers: vec!["x".into()],
                rows: vec![vec!["<script>".into()], vec!["1.5".into()]],
                total_rows: 10,
            }],
            commands: vec!["kaigi run data/corpus".into()],
            skipped: vec![("bad.txt".into(), "empty file".into())],
            version: "0".into(),
            explore: None,
        };
        let html = render(&input);
        assert!(html.contains("kaigi &lt;report&gt;"));
        assert!(html.contains("data:image/png;base64,iVBORw=="));
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("<td class=\"n\">1.5</td>"));
        assert!(html.contains("Showing 2 of 10 rows"));
        assert!(html.contains("bad.txt"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn table_section_formats_cells() {
        let df =
            df!("a" => ["x", "y"], "b" => [1.23456, 0.0000123], "c" => [Some(1u32), None]).unwrap();
        let t = table_section(&df, "T", "t.csv", "", 1);
        assert_eq!(
            t.rows,
            vec![vec!["x".to_string(), "1.235".into(), "1".into()]]
        );
        assert_eq!(t.total_rows, 2);
        let t = table_section(&df, "T", "t.csv", "", 5);
        assert_eq!(
            t.rows[1],
            vec!["y".to_string(), "1.23e-5".into(), "".into()]
        );
    }
}
