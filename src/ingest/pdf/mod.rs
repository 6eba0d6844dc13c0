//! PDF ingest: the text layer of a PDF, cleaned into the plain text the minutes parser reads.
//!
//! Takes a PDF's bytes; gives its text ([`to_text`]) or a one-line reason it has none usable.
//! The text comes from poppler's `pdftotext -layout` (run as a child process with a timeout),
//! which keeps the reading order of the page geometry and tables readable. [`clean()`] then
//! removes what the page layout added: page numbers and running headers/footers, the common left
//! indent, letter-spaced justified lines and digit–unit splits. Anything it cannot fix with
//! certainty (a stray space between two words, a name written `東 珠実`) is left as extracted.
//!
//! Parts: `extract` runs `pdftotext` and judges its raw output (text layer, columns); `clean`
//! turns raw output into text, with `furniture` finding the page numbers and running heads it
//! drops. This file holds the flow between them.

mod clean;
mod extract;
mod furniture;

use std::io::Write;
use std::time::Duration;

pub use clean::clean;
use extract::{check_text_layer, extract, multi_column, no_text};

/// How long `pdftotext` may run on one file before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Text of a text-layer PDF, cleaned for the minutes parser ([`clean()`]).
///
/// `Err` is a one-line reason: not a PDF, `pdftotext` missing, timed out or failing (with its
/// own message, e.g. for a broken or encrypted file), or a PDF with no usable text layer.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    to_text_with("pdftotext", bytes, TIMEOUT)
}

/// [`to_text`] with the extractor program and timeout given (tests use a missing program).
fn to_text_with(program: &str, bytes: &[u8], timeout: Duration) -> Result<String, String> {
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err("not a PDF: no %PDF- header".to_string());
    }
    let mut file = tempfile::Builder::new()
        .prefix("kaigi-")
        .suffix(".pdf")
        .tempfile()
        .map_err(|e| format!("cannot write a temporary file for the PDF: {e}"))?;
    file.write_all(bytes)
        .and_then(|_| file.flush())
        .map_err(|e| format!("cannot write a temporary file for the PDF: {e}"))?;
    let path = file.path();

    let mut raw = extract(program, path, true, timeout)?;
    check_text_layer(&raw)?;
    // Layout mode sets columns side by side on one line; reading order keeps them apart.
    if multi_column(&raw) {
        raw = extract(program, path, false, timeout)?;
    }
    let text = clean(&raw);
    if text.trim().is_empty() {
        return Err(no_text(&raw));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    #[test]
    fn missing_program_and_non_pdf_give_reasons() {
        let err = to_text_with("kaigi-no-such-extractor", b"%PDF-1.4\n", TIMEOUT).unwrap_err();
        assert_eq!(
            err,
            "kaigi-no-such-extractor not found: scripts/setup.sh installs poppler-utils"
        );
        assert_eq!(
            to_text(b"<html>not a pdf</html>").unwrap_err(),
            "not a PDF: no %PDF- header"
        );
    }

    /// A PDF whose pages hold Helvetica text runs `(x, y, text)` on a 600×400 page (an empty
    /// page: no text layer), with a correct xref table.
    fn tiny_pdf(pages: &[Vec<(u32, u32, String)>]) -> Vec<u8> {
        let n = pages.len();
        let font = 3 + 2 * n;
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
        let mut objs = vec![
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            format!("<< /Type /Pages /Count {n} /Kids [{}] >>", kids.join(" ")),
        ];
        for runs in pages {
            let id = objs.len() + 1;
            objs.push(format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 400] /Contents {} 0 R \
                 /Resources << /Font << /F1 {font} 0 R >> >> >>",
                id + 1
            ));
            let stream: String = runs
                .iter()
                .map(|(x, y, t)| format!("BT /F1 10 Tf {x} {y} Td ({t}) Tj ET\n"))
                .collect();
            objs.push(format!(
                "<< /Length {} >>\nstream\n{stream}endstream",
                stream.len()
            ));
        }
        objs.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string());
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = pdf.len();
        let size = objs.len() + 1;
        pdf.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
        for off in offsets {
            pdf.extend(format!("{off:010} 00000 n \n").bytes());
        }
        pdf.extend(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
        );
        pdf
    }

    /// A page with one line of text and a page number at the bottom.
    fn page(text: &str, number: u32) -> Vec<(u32, u32, String)> {
        vec![(40, 300, text.to_string()), (290, 30, number.to_string())]
    }

    /// Whether poppler is installed; the tests that run it say so when it is not.
    fn have_pdftotext() -> bool {
        let ok = Command::new("pdftotext").arg("-v").output().is_ok();
        if !ok {
            eprintln!("pdftotext not installed: skipping (scripts/setup.sh installs it)");
        }
        ok
    }

    #[test]
    fn extracts_text_and_drops_page_numbers() {
        if !have_pdftotext() {
            return;
        }
        let pdf = tiny_pdf(&[page("Opening remarks.", 1), page("Closing remarks.", 2)]);
        assert_eq!(
            to_text(&pdf).unwrap(),
            "Opening remarks.\nClosing remarks.\n"
        );
    }

    #[test]
    fn a_pdf_without_text_is_reported_as_scanned() {
        if !have_pdftotext() {
            return;
        }
        let pdf = tiny_pdf(&[vec![], vec![]]);
        assert_eq!(
            to_text(&pdf).unwrap_err(),
            "no text layer (scanned?): 2 pages and no text; OCR it first"
        );
    }

    #[test]
    fn a_broken_pdf_gives_pdftotexts_message() {
        if !have_pdftotext() {
            return;
        }
        let err = to_text(b"%PDF-1.4\nthis is not really a PDF\n").unwrap_err();
        assert!(err.starts_with("pdftotext failed (exit 1): "), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn a_two_column_pdf_is_read_column_by_column() {
        if !have_pdftotext() {
            return;
        }
        let rows = 0..12u32;
        let mut runs: Vec<(u32, u32, String)> = rows
            .clone()
            .map(|i| (30, 360 - 12 * i, format!("left column line {i}")))
            .collect();
        runs.extend(rows.map(|i| (330, 360 - 12 * i, format!("right column line {i}"))));
        let text = to_text(&tiny_pdf(&[runs])).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 24, "{text}");
        assert!(
            lines[..12].iter().all(|l| l.starts_with("left column")),
            "{text}"
        );
        assert!(
            lines[12..].iter().all(|l| l.starts_with("right column")),
            "{text}"
        );
    }
}
