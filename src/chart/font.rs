//! Fonts: takes a family name and the text to draw, looks the family up with
//! fontconfig and checks its glyphs; gives a [`ResolvedFont`] or a
//! [`ChartError`] that says what to install.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use super::ChartError;

/// A font family found by fontconfig and checked with `ttf-parser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedFont {
    /// Family name as fontconfig knows it (what the charts ask for).
    pub family: String,
    /// Font file (`.ttf`, `.otf` or a `.ttc` collection).
    pub file: PathBuf,
    /// Face of the family inside `file` (0 unless a collection).
    pub face_index: u32,
}

/// Finds `family` with `fc-match`, checks that fontconfig did not substitute
/// another family, picks the matching face of a `.ttc` collection and checks
/// that it has a glyph for every non-whitespace char of `sample_text`.
pub fn resolve_font(family: &str, sample_text: &str) -> Result<ResolvedFont, ChartError> {
    let output = Command::new("fc-match")
        .arg("-f")
        .arg("%{family}\n%{file}")
        .arg(escape_fc_pattern(family))
        .output()
        .map_err(|source| ChartError::FontconfigMissing { source })?;
    if !output.status.success() {
        return Err(ChartError::FontconfigFailed {
            family: family.to_string(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let families = lines.next().unwrap_or("").trim().to_string();
    let file = lines.next().unwrap_or("").trim().to_string();
    let wanted = normalize_family(family);
    if wanted.is_empty() || !families.split(',').any(|f| normalize_family(f) == wanted) {
        return Err(ChartError::FontNotFound {
            requested: family.to_string(),
            resolved: families,
        });
    }
    if file.is_empty() {
        return Err(ChartError::FontconfigFailed {
            family: family.to_string(),
            message: "fc-match printed no font file".to_string(),
        });
    }
    let file = PathBuf::from(file);
    let data = std::fs::read(&file).map_err(|e| ChartError::FontFile {
        path: file.clone(),
        message: e.to_string(),
    })?;
    let face_index = match ttf_parser::fonts_in_collection(&data) {
        None => 0,
        Some(n) => (0..n)
            .find(|&i| {
                ttf_parser::Face::parse(&data, i)
                    .map(|face| {
                        face_family_names(&face)
                            .iter()
                            .any(|f| normalize_family(f) == wanted)
                    })
                    .unwrap_or(false)
            })
            .unwrap_or(0),
    };
    let face = ttf_parser::Face::parse(&data, face_index).map_err(|e| ChartError::FontFile {
        path: file.clone(),
        message: e.to_string(),
    })?;
    let missing = missing_in_face(&face, sample_text);
    // fontconfig may list several names ("IPAGothic,IPAゴシック"): draw with the
    // one that was asked for, as fontconfig spells it.
    let resolved_family = families
        .split(',')
        .find(|f| normalize_family(f) == wanted)
        .unwrap_or(family)
        .trim()
        .to_string();
    if !missing.is_empty() {
        return Err(ChartError::MissingGlyphs {
            family: resolved_family,
            missing: describe_chars(&missing),
        });
    }
    Ok(ResolvedFont {
        family: resolved_family,
        file,
        face_index,
    })
}

/// Chars of `text` (whitespace ignored, each listed once, in order of first
/// appearance) that the font has no glyph for. If the font file cannot be
/// read or parsed, every such char is reported missing.
pub fn missing_glyphs(font: &ResolvedFont, text: &str) -> Vec<char> {
    let data = match std::fs::read(&font.file) {
        Ok(d) => d,
        Err(_) => return unique_chars(text),
    };
    match ttf_parser::Face::parse(&data, font.face_index) {
        Ok(face) => missing_in_face(&face, text),
        Err(_) => unique_chars(text),
    }
}

fn unique_chars(text: &str) -> Vec<char> {
    let mut seen = BTreeSet::new();
    text.chars()
        .filter(|c| !c.is_whitespace() && seen.insert(*c))
        .collect()
}

fn missing_in_face(face: &ttf_parser::Face<'_>, text: &str) -> Vec<char> {
    unique_chars(text)
        .into_iter()
        .filter(|&c| face.glyph_index(c).is_none())
        .collect()
}

fn describe_chars(chars: &[char]) -> String {
    const SHOWN: usize = 20;
    let mut s: Vec<String> = chars
        .iter()
        .take(SHOWN)
        .map(|c| format!("'{}' (U+{:04X})", c, *c as u32))
        .collect();
    if chars.len() > SHOWN {
        s.push(format!("and {} more", chars.len() - SHOWN));
    }
    s.join(", ")
}

/// fontconfig compares family names ignoring case and blanks.
fn normalize_family(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `-`, `:`, `,` and `\` have a meaning in fontconfig patterns.
fn escape_fc_pattern(family: &str) -> String {
    let mut out = String::with_capacity(family.len());
    for c in family.chars() {
        if matches!(c, '-' | ':' | ',' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn face_family_names(face: &ttf_parser::Face<'_>) -> Vec<String> {
    face.names()
        .into_iter()
        .filter(|n| {
            n.name_id == ttf_parser::name_id::FAMILY
                || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
        })
        .filter_map(|n| {
            n.to_string().or_else(|| {
                // Macintosh Roman names: ASCII is all a family name needs here.
                (n.platform_id == ttf_parser::PlatformId::Macintosh)
                    .then(|| n.name.iter().map(|&b| b as char).collect())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::sample;
    use crate::chart::text::truncate_chars;
    use crate::chart::{chart_text, ChartOptions, DEFAULT_FONT_FAMILY};

    #[test]
    fn noto_covers_all_drawn_text_and_unknown_family_is_an_error() {
        let text = chart_text(&sample(), &ChartOptions::default());
        assert!(text.contains("サプライチェーン"));
        let font = resolve_font(DEFAULT_FONT_FAMILY, "").expect("fonts-noto-cjk installed");
        assert_eq!(font.family, DEFAULT_FONT_FAMILY);
        assert_eq!(missing_glyphs(&font, &text), Vec::<char>::new());
        assert!(resolve_font(DEFAULT_FONT_FAMILY, &text).is_ok());
        let err = resolve_font("NoSuchFontXYZ", "abc").unwrap_err();
        assert!(matches!(err, ChartError::FontNotFound { .. }), "{err}");
        assert!(err.to_string().contains("fonts-noto-cjk"));
    }

    #[test]
    fn missing_glyphs_reports_uncoverable_chars() {
        let font = resolve_font(DEFAULT_FONT_FAMILY, "").unwrap();
        assert_eq!(
            missing_glyphs(&font, "会議 \u{10FFFD}\n\u{10FFFD}"),
            vec!['\u{10FFFD}']
        );
        let err = resolve_font(DEFAULT_FONT_FAMILY, "テーマ\u{10FFFD}").unwrap_err();
        assert!(matches!(err, ChartError::MissingGlyphs { .. }));
        assert!(err.to_string().contains("U+10FFFD"), "{err}");
    }

    #[test]
    fn truncation_and_family_matching() {
        assert_eq!(truncate_chars("あいうえお", 3), "あい…");
        assert_eq!(truncate_chars("あいう", 3), "あいう");
        assert_eq!(
            normalize_family("Noto Sans CJK JP"),
            normalize_family("noto sans cjk jp")
        );
        assert_eq!(escape_fc_pattern("A-B:C"), "A\\-B\\:C");
    }
}
