//! Ingest: finds the minutes under a corpus folder and turns each into text.
//!
//! Takes a folder (or one file); gives [`Source`]s: the input's path, its bytes' size and
//! SHA-256, its [`Format`], the detected encoding and the text with line ends unified to `\n`.
//! Minutes come as plain text (`.txt`), text-layer PDF ([`pdf`]), saved HTML pages ([`html`]),
//! DiscussNet's minute JSON ([`discussnet`]) and the Diet API's speech and meeting responses
//! ([`diet_api`], JSON or XML). A Diet API meeting may span several saved pages and a page may
//! hold several meetings, so each meeting (issueID) is one input, a part of the first file that
//! holds it (`page.json#issueID`).
//!
//! Text encodings are detected, never assumed: a BOM (UTF-8, UTF-16 LE/BE) wins; otherwise valid
//! UTF-8 is UTF-8; otherwise chardetng guesses among the legacy Japanese encodings
//! (Shift_JIS/CP932, EUC-JP, ISO-2022-JP), and the text is rejected if it does not decode
//! cleanly.

pub mod diet_api;
pub mod discussnet;
pub mod html;
pub mod pdf;
mod shard;
pub use shard::Shard;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_8};

use crate::error::{Error, Result};

/// The form an input comes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Plain text (`.txt`).
    #[default]
    Text,
    /// A PDF with a text layer.
    Pdf,
    /// A saved HTML page of a minutes system.
    Html,
    /// DiscussNet's minute API JSON.
    DiscussNet,
    /// The Diet API's speech or meeting response (JSON or XML).
    DietApi,
    /// JSON or XML of no shape kaigi reads.
    OtherData,
}

impl Format {
    /// The name the manifest gives the format.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::DiscussNet => "discussnet_json",
            Format::DietApi => "diet_api",
            Format::OtherData => "data",
        }
    }
}

/// One input, decoded.
#[derive(Debug, Clone)]
pub struct Source {
    /// Full path as found.
    pub path: PathBuf,
    /// Path relative to the corpus folder, with `/` separators.
    pub rel: String,
    pub bytes: u64,
    /// Hex SHA-256 of the raw bytes.
    pub sha256: String,
    pub format: Format,
    /// Name of the detected encoding (`UTF-8`, `UTF-8 (BOM)`, `Shift_JIS`, `EUC-JP`, …).
    pub encoding: String,
    /// Decoded text, `\r\n` and `\r` turned into `\n`, BOM removed.
    pub text: String,
    /// A Diet API meeting's speech records (the text is their rendering); empty otherwise.
    pub speeches: Vec<diet_api::Speech>,
    /// What the reader noticed: metadata a page lacks, a charset that disagrees with the bytes.
    pub notes: Vec<String>,
}

/// A file that was found but could not be read or decoded.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: PathBuf,
    pub rel: String,
    pub bytes: u64,
    pub sha256: String,
    pub encoding: String,
    pub reason: String,
}

/// An input found under the corpus folder, not yet read: a file, or one meeting of Diet API
/// responses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: PathBuf,
    /// Path relative to the corpus folder (`/`-separated); a part adds `#` and its id.
    pub rel: String,
    pub format: Format,
    /// The meeting this input is, when it is one of a Diet API response's meetings (boxed: a
    /// listing holds one `Found` per file, nearly all without a part).
    pub part: Option<Box<Part>>,
}

/// One Diet API meeting: its issueID, the files that hold its speeches (the first is
/// [`Found::path`]), and the size of its [`diet_api::canonical`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Part {
    pub issue_id: String,
    pub files: Vec<PathBuf>,
    /// The other files' paths relative to the corpus folder.
    pub also: Vec<String>,
    pub bytes: u64,
}

impl Found {
    /// A file of the format its name and content say.
    pub fn file(path: PathBuf, rel: String) -> Found {
        let format = format_of_name(&path).unwrap_or(Format::Text);
        Found {
            path,
            rel,
            format,
            part: None,
        }
    }
}

/// Problems met while walking the corpus folder (unreadable folders, symlink loops). They are
/// reported, never fatal.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    /// Path relative to the corpus folder.
    pub rel: String,
    pub reason: String,
}

/// The corpus as found on disk: its files with their sizes, and the problems met walking it.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub found: Vec<Found>,
    /// Size in bytes of each file of `found` (0 when it cannot be read: reading it then
    /// reports why).
    pub sizes: Vec<u64>,
    pub problems: Vec<WalkProblem>,
}

/// [`discover`], with each file's size, in the order the pipeline processes files and writes
/// their rows: by meeting id ([`crate::model::meeting_id_for`]), then path. What both the
/// pipeline and a re-run's reuse check need, found once.
pub fn list(root: &Path) -> Result<Listing> {
    let (mut found, problems) = discover(root)?;
    found.sort_by_cached_key(|f| (crate::model::meeting_id_for(&f.rel), f.rel.clone()));
    let sizes = found
        .iter()
        .map(|f| match &f.part {
            Some(p) => p.bytes,
            None => std::fs::metadata(&f.path).map_or(0, |m| m.len()),
        })
        .collect();
    Ok(Listing {
        found,
        sizes,
        problems,
    })
}

/// [`list`], narrowed to one shard's inputs when `shard` is given.
pub fn list_shard(root: &Path, shard: Option<Shard>) -> Result<Listing> {
    let all = list(root)?;
    Ok(match shard {
        Some(s) => s.select(&all),
        None => all,
    })
}

/// Lists the minutes under `root` (recursively, following symlinks but never twice into the
/// same folder), sorted by relative path: `.txt`, `.pdf`, `.html`/`.htm` files, and the JSON
/// and XML files, which are read now to tell their format and, for Diet API responses, to list
/// each meeting they hold as an input of its own. If `root` is a file, it alone is listed.
pub fn discover(root: &Path) -> Result<(Vec<Found>, Vec<WalkProblem>)> {
    let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
    let mut found = Vec::new();
    let mut problems = Vec::new();
    if meta.is_file() {
        let rel = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        found.push(Found::file(root.to_path_buf(), rel));
    } else {
        let mut seen_dirs = HashSet::new();
        walk(root, root, &mut seen_dirs, &mut found, &mut problems);
    }
    let mut found = expand_data(found);
    found.sort();
    Ok((found, problems))
}

/// Reads the JSON and XML files: DiscussNet's become inputs of that format; Diet API responses
/// give one input per meeting (issueID), a part of the first file (by path) holding it, with
/// the other files named; a response without speech text stays a file, to be skipped with the
/// reason when read.
fn expand_data(found: Vec<Found>) -> Vec<Found> {
    let mut out = Vec::with_capacity(found.len());
    // issueID → (files holding it, in path order, with their speeches of it).
    let mut meetings: BTreeMap<String, Vec<(usize, Vec<diet_api::Speech>)>> = BTreeMap::new();
    let mut api_files: Vec<Found> = Vec::new();
    for f in found {
        if f.format != Format::OtherData {
            out.push(f);
            continue;
        }
        // The format shows in the first bytes; only a Diet API response is read whole now.
        let Ok(head) = read_head(&f.path) else {
            out.push(f);
            continue;
        };
        if discussnet::looks_like(&head) {
            out.push(Found {
                format: Format::DiscussNet,
                ..f
            });
        } else if diet_api::looks_like(&head) {
            let Ok(bytes) = std::fs::read(&f.path) else {
                out.push(f);
                continue;
            };
            match diet_api::read(&bytes) {
                Ok(diet_api::Response::Speeches(speeches)) => {
                    let k = api_files.len();
                    let mut by_issue: BTreeMap<String, Vec<diet_api::Speech>> = BTreeMap::new();
                    for s in speeches {
                        by_issue.entry(s.issue_id.clone()).or_default().push(s);
                    }
                    for (issue, speeches) in by_issue {
                        meetings.entry(issue).or_default().push((k, speeches));
                    }
                    api_files.push(Found {
                        format: Format::DietApi,
                        ..f
                    });
                }
                _ => out.push(Found {
                    format: Format::DietApi,
                    ..f
                }),
            }
        } else {
            out.push(f);
        }
    }
    for (issue, mut holders) in meetings {
        holders.sort_by(|a, b| api_files[a.0].rel.cmp(&api_files[b.0].rel));
        let first = &api_files[holders[0].0];
        let files = holders
            .iter()
            .map(|(k, _)| api_files[*k].path.clone())
            .collect();
        let also = holders[1..]
            .iter()
            .map(|(k, _)| api_files[*k].rel.clone())
            .collect();
        let speeches = diet_api::group(&issue, holders.into_iter().map(|(_, s)| s));
        let bytes = diet_api::canonical(&speeches).len() as u64;
        out.push(Found {
            path: first.path.clone(),
            rel: format!("{}#{issue}", first.rel),
            format: Format::DietApi,
            part: Some(Box::new(Part {
                issue_id: issue,
                files,
                also,
                bytes,
            })),
        });
    }
    out
}

/// The first 4 KB of a file, where [`discussnet::looks_like`] and [`diet_api::looks_like`] look.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)?
        .take(4096)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The format a file's name gives; JSON and XML are [`Format::OtherData`] until read.
fn format_of_name(p: &Path) -> Option<Format> {
    let ext = p.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" => Format::Text,
        "pdf" => Format::Pdf,
        "html" | "htm" => Format::Html,
        "json" | "xml" => Format::OtherData,
        _ => return None,
    })
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    problems: &mut Vec<WalkProblem>,
) {
    let canon = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            problems.push(WalkProblem {
                path: dir.to_path_buf(),
                rel: rel_path(root, dir),
                reason: format!("cannot resolve folder: {e}"),
            });
            return;
        }
    };
    if !seen.insert(canon) {
        problems.push(WalkProblem {
            path: dir.to_path_buf(),
            rel: rel_path(root, dir),
            reason: "symlink loop: folder already visited, skipped".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(WalkProblem {
                path: dir.to_path_buf(),
                rel: rel_path(root, dir),
                reason: format!("cannot list folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(root, &p, seen, found, problems),
            Ok(m) if m.is_file() => {
                if format_of_name(&p).is_some() {
                    found.push(Found::file(p.clone(), rel_path(root, &p)));
                }
            }
            Ok(_) => {}
            Err(e) => {
                // Listed but not stat-able (a path over PATH_MAX, a dangling symlink, no
                // permission): named, unless it vanished since the folder was listed.
                let vanished = e.kind() == std::io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(&p)
                        .is_err_and(|e2| e2.kind() == std::io::ErrorKind::NotFound);
                if !vanished {
                    problems.push(WalkProblem {
                        rel: rel_path(root, &p),
                        path: p.clone(),
                        reason: format!("cannot read: {e}"),
                    });
                }
            }
        }
    }
}

fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The bytes of an input: a file's content, or a Diet API meeting's speeches gathered from the
/// files that hold them ([`diet_api::canonical`]).
pub fn input_bytes(found: &Found) -> std::io::Result<Vec<u8>> {
    let Some(part) = &found.part else {
        return std::fs::read(&found.path);
    };
    let mut pages = Vec::with_capacity(part.files.len());
    for f in &part.files {
        let bytes = std::fs::read(f)?;
        match diet_api::read(&bytes) {
            Ok(diet_api::Response::Speeches(s)) => pages.push(s),
            Ok(diet_api::Response::NoText(why)) | Err(why) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: {why}", f.display()),
                ))
            }
        }
    }
    Ok(diet_api::canonical(&diet_api::group(&part.issue_id, pages)))
}

/// Reads and decodes one found input.
pub fn read(found: &Found) -> std::result::Result<Source, Box<Skipped>> {
    let bytes = match input_bytes(found) {
        Ok(b) => b,
        Err(e) => {
            return Err(Box::new(Skipped {
                path: found.path.clone(),
                rel: found.rel.clone(),
                bytes: 0,
                sha256: String::new(),
                encoding: String::new(),
                reason: format!("cannot read: {e}"),
            }))
        }
    };
    from_bytes(found, &bytes)
}

/// Turns an input's bytes (as [`input_bytes`] gives them) into text (used by [`read`] and by
/// tests and fuzzing).
pub fn from_bytes(found: &Found, bytes: &[u8]) -> std::result::Result<Source, Box<Skipped>> {
    from_bytes_hashed(found, bytes, crate::text::sha256_hex(bytes))
}

/// [`from_bytes`] with the bytes' SHA-256 already computed.
pub fn from_bytes_hashed(
    found: &Found,
    bytes: &[u8],
    sha256: String,
) -> std::result::Result<Source, Box<Skipped>> {
    let skipped = |encoding: &str, reason: String| Skipped {
        path: found.path.clone(),
        rel: found.rel.clone(),
        bytes: bytes.len() as u64,
        sha256: sha256.clone(),
        encoding: encoding.to_string(),
        reason,
    };
    let source = |encoding: String, text: String| Source {
        path: found.path.clone(),
        rel: found.rel.clone(),
        bytes: bytes.len() as u64,
        sha256: sha256.clone(),
        format: found.format,
        encoding,
        text,
        speeches: Vec::new(),
        notes: Vec::new(),
    };
    let utf8 = || UTF_8.name().to_string();
    let fail = |enc: &str, reason: String| Err(Box::new(skipped(enc, reason)));
    match found.format {
        Format::Text => match decode(bytes) {
            Ok((text, encoding)) => Ok(source(encoding, text)),
            Err((enc, reason)) => fail(&enc, reason),
        },
        Format::Pdf => match pdf::to_text(bytes) {
            Ok(text) => Ok(source("PDF text layer".into(), unify_line_ends(&text))),
            Err(reason) => fail("", format!("PDF: {reason}")),
        },
        Format::Html => match html::to_text(bytes) {
            Ok(h) => Ok(Source {
                notes: h.notes,
                ..source(h.encoding, unify_line_ends(&h.text))
            }),
            Err(reason) => fail("", format!("HTML: {reason}")),
        },
        Format::DiscussNet => match discussnet::to_text(bytes) {
            Ok(text) => Ok(source(utf8(), unify_line_ends(&text))),
            Err(reason) => fail(&utf8(), format!("DiscussNet JSON: {reason}")),
        },
        Format::DietApi => {
            let speeches = match &found.part {
                Some(_) => diet_api::from_canonical(bytes),
                None => match diet_api::read(bytes) {
                    Ok(diet_api::Response::NoText(why)) => Err(why),
                    // A response read whole: its first meeting (listing splits files by meeting).
                    Ok(diet_api::Response::Speeches(s)) => {
                        let issue = s.first().map(|s| s.issue_id.clone()).unwrap_or_default();
                        Ok(diet_api::group(&issue, [s]))
                    }
                    Err(why) => Err(why),
                },
            };
            match speeches {
                Ok(speeches) => Ok(Source {
                    speeches: speeches.clone(),
                    ..source(utf8(), diet_api::render(&speeches))
                }),
                Err(reason) => fail(&utf8(), reason),
            }
        }
        Format::OtherData => fail(
            "",
            "JSON or XML of no minutes format kaigi reads (Diet API speech or meeting \
             responses, DiscussNet minute JSON)"
                .into(),
        ),
    }
}

/// Detects the encoding of `bytes` and decodes them. Gives the text (line ends unified) and the
/// encoding's name, or the best guess and why the bytes were rejected.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, String), (String, String)> {
    if bytes.is_empty() {
        return Err((String::new(), "empty file".into()));
    }
    // The common case, plain UTF-8: validated once (SIMD), no copy through a decoder.
    if Encoding::for_bom(bytes).is_none() {
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            if looks_binary(bytes) {
                return Err((
                    String::new(),
                    "binary file (NUL bytes or control characters), not text".into(),
                ));
            }
            if text.trim().is_empty() {
                return Err((UTF_8.name().into(), "no text (only whitespace)".into()));
            }
            return Ok((unify_line_ends(text), UTF_8.name().to_string()));
        }
    }
    let (encoding, body, name): (&'static Encoding, &[u8], String) =
        if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
            let name = format!("{} (BOM)", enc.name());
            (enc, &bytes[bom_len..], name)
        } else if std::str::from_utf8(bytes).is_ok() {
            (UTF_8, bytes, UTF_8.name().to_string())
        } else {
            if let Err(e) = std::str::from_utf8(bytes) {
                // Valid UTF-8 that stops inside a character: a truncated file, not another encoding.
                if e.error_len().is_none() && e.valid_up_to() > bytes.len() / 2 {
                    return Err((
                        "UTF-8".into(),
                        format!(
                        "truncated UTF-8: the file ends inside a multi-byte character at byte {}",
                        e.valid_up_to()
                    ),
                    ));
                }
            }
            if looks_binary(bytes) {
                return Err((
                    String::new(),
                    "binary file (NUL bytes or control characters), not text".into(),
                ));
            }
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            let guess = det.guess(Some(b"jp"), true);
            // Only the encodings Japanese minutes come in; anything else means we cannot tell.
            let enc = if [SHIFT_JIS, EUC_JP, ISO_2022_JP].contains(&guess) {
                guess
            } else {
                best_japanese(bytes)
            };
            (enc, bytes, enc.name().to_string())
        };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err((
            name,
            "cannot decode: bytes are not valid in any supported encoding (UTF-8, UTF-16 with BOM, Shift_JIS/CP932, EUC-JP, ISO-2022-JP)".into(),
        ));
    }
    if looks_binary(text.as_bytes()) {
        return Err((
            name,
            "binary file (NUL bytes or control characters), not text".into(),
        ));
    }
    let text = unify_line_ends(&text);
    if text.trim().is_empty() {
        return Err((name, "no text (only whitespace)".into()));
    }
    Ok((text, name))
}

/// Of the legacy Japanese encodings, the one that decodes `bytes` with no errors (Shift_JIS,
/// which encoding_rs decodes as CP932, before EUC-JP), or Shift_JIS if none does.
fn best_japanese(bytes: &[u8]) -> &'static Encoding {
    for enc in [SHIFT_JIS, EUC_JP, ISO_2022_JP] {
        let (_, _, errors) = enc.decode(bytes);
        if !errors {
            return enc;
        }
    }
    SHIFT_JIS
}

/// True when the bytes hold NULs or many C0 control characters, as binary files do.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 100 > sample.len().max(1)
}

fn unify_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "サイバーセキュリティタスクフォース（第１回）議事要旨\n後藤座長）\n通信の秘密について。\n";

    fn enc(e: &'static Encoding, s: &str) -> Vec<u8> {
        let (b, _, errors) = e.encode(s);
        assert!(!errors);
        b.into_owned()
    }

    #[test]
    fn utf8_plain_and_bom() {
        let (t, n) = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(t, SAMPLE);
        assert_eq!(n, "UTF-8");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(SAMPLE.as_bytes());
        let (t, n) = decode(&b).unwrap();
        assert_eq!(t, SAMPLE);
        assert_eq!(n, "UTF-8 (BOM)");
    }

    #[test]
    fn utf16_with_bom() {
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut b = bom.to_vec();
            for u in SAMPLE.encode_utf16() {
                if le {
                    b.extend_from_slice(&u.to_le_bytes());
                } else {
                    b.extend_from_slice(&u.to_be_bytes());
                }
            }
            let (t, n) = decode(&b).unwrap();
            assert_eq!(t, SAMPLE);
            assert!(n.starts_with("UTF-16"), "{n}");
        }
    }

    #[test]
    fn shift_jis_and_euc_jp_detected() {
        let (t, n) = decode(&enc(SHIFT_JIS, SAMPLE)).unwrap();
        assert_eq!(t, SAMPLE);
        assert_eq!(n, "Shift_JIS");
        let (t, n) = decode(&enc(EUC_JP, SAMPLE)).unwrap();
        assert_eq!(t, SAMPLE);
        assert_eq!(n, "EUC-JP");
    }

    #[test]
    fn crlf_and_cr_unified() {
        let (t, _) = decode("a\r\nb\rc\n".as_bytes()).unwrap();
        assert_eq!(t, "a\nb\nc\n");
    }

    #[test]
    fn empty_binary_and_blank_rejected() {
        assert!(decode(b"").unwrap_err().1.contains("empty"));
        assert!(decode(b"\x00\x01\x02PNG\x00")
            .unwrap_err()
            .1
            .contains("binary"));
        assert!(decode(b"  \n\n ").unwrap_err().1.contains("no text"));
    }

    #[test]
    fn truncated_utf8_is_not_silently_mangled() {
        let mut b = SAMPLE.as_bytes().to_vec();
        b.truncate(b.len() - 2); // cut inside a multi-byte char
        let (_, reason) = decode(&b).unwrap_err();
        assert!(reason.contains("truncated UTF-8"), "{reason}");
    }
}
