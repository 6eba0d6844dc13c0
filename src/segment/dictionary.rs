//! The dictionary on disk: IPADIC built at first use from Debian's MeCab source (EUC-JP
//! converted to UTF-8) into the cache folder, checked against the checksums written beside it
//! before it is loaded, and the user dictionary CSV, whose rows are checked first.
//!
//! Takes [`DictOptions`]; gives the loaded [`Dictionary`] with its [`DictProvenance`], and the
//! [`UserDictionary`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use lindera::dictionary::{load_dictionary, Dictionary, UserDictionary};
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;
use sha2::{Digest, Sha256};

use super::{DictOptions, DictProvenance, DEFAULT_IPADIC_SOURCE, LINDERA_VERSION};
use crate::error::{Error, Result};

/// lindera-ipadic's build description of the IPADIC source (MIT, from the lindera project).
const IPADIC_METADATA: &str = include_str!("../../data/ipadic-metadata.json");

/// The user dictionary kaigi ships (`data/userdict.csv`), built into the binary so that kaigi
/// runs from any folder.
pub const BUILTIN_USERDICT: &str = include_str!("../../data/userdict.csv");
/// How the manifest names the built-in user dictionary.
pub const BUILTIN_USERDICT_NAME: &str = "built-in data/userdict.csv";

/// Loads [`BUILTIN_USERDICT`] (lindera reads a user dictionary from a file: it goes through a
/// temporary one).
pub(super) fn load_builtin_userdict(metadata: &Metadata) -> Result<UserDictionary> {
    let mut f = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .map_err(|e| Error::io(Path::new("user dictionary temporary file"), e))?;
    std::io::Write::write_all(&mut f, BUILTIN_USERDICT.as_bytes())
        .map_err(|e| Error::io(f.path(), e))?;
    load_userdict(f.path(), metadata)
}

pub(super) fn load_userdict(path: &Path, metadata: &Metadata) -> Result<UserDictionary> {
    if !path.is_file() {
        return Err(Error::Dictionary(format!(
            "user dictionary {} not found (pass --userdict FILE, or create it: CSV `surface,part_of_speech,reading`)",
            path.display()
        )));
    }
    check_userdict_rows(path)?;
    lindera::dictionary::load_user_dictionary_from_csv(metadata, path).map_err(|e| {
        Error::Dictionary(format!(
            "user dictionary {}: {e} (expected CSV rows `surface,part_of_speech,reading`)",
            path.display()
        ))
    })
}

/// Rows lindera would take but that would tokenize wrongly: an empty surface matches
/// everywhere (`,カスタム名詞,カラ` splits every text into single characters).
fn check_userdict_rows(path: &Path) -> Result<()> {
    let bad = |line: u64, why: &str| {
        Error::Dictionary(format!(
            "user dictionary {} line {line}: {why} (expected CSV rows `surface,part_of_speech,reading`)",
            path.display()
        ))
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::Dictionary(format!("user dictionary {}: {e}", path.display())))?;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, &e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.get(0).is_none_or(|s| s.trim().is_empty()) {
            return Err(bad(line, "empty surface"));
        }
    }
    Ok(())
}

fn cache_root(opts: &DictOptions) -> PathBuf {
    if let Some(d) = &opts.cache_dir {
        return d.clone();
    }
    if let Some(d) = std::env::var_os("KAIGI_CACHE_DIR") {
        return PathBuf::from(d);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("kaigi")
}

/// The cache root that holds built dictionaries and tokenization caches.
pub fn default_cache_root(opts: &DictOptions) -> PathBuf {
    cache_root(opts)
}

fn no_dictionary_error(detail: &str) -> Error {
    Error::Dictionary(format!(
        "{detail}. kaigi needs the IPADIC dictionary: install Debian's package `mecab-ipadic` \
         (sudo apt-get install mecab-ipadic, or run scripts/setup.sh), or pass --dict-source DIR \
         (a MeCab IPADIC source folder) or --dict DIR (a built lindera dictionary)"
    ))
}

pub(super) fn load_system_dictionary(opts: &DictOptions) -> Result<(Dictionary, DictProvenance)> {
    let t0 = Instant::now();
    if let Some(dir) = &opts.dict {
        if !dir.join("metadata.json").is_file() {
            return Err(no_dictionary_error(&format!(
                "--dict {}: not a built lindera dictionary (no metadata.json)",
                dir.display()
            )));
        }
        let d = load_dictionary(&dir.to_string_lossy()).map_err(|e| {
            Error::Dictionary(format!("--dict {}: cannot load: {e}", dir.display()))
        })?;
        let sha = hash_dir(dir, &[])?;
        return Ok((
            d,
            DictProvenance {
                kind: "built".into(),
                from: dir.display().to_string(),
                loaded: dir.display().to_string(),
                sha256: sha,
                built_now: false,
                seconds: t0.elapsed().as_secs_f64(),
                userdict: None,
                userdict_sha256: None,
            },
        ));
    }
    #[cfg(feature = "embed-ipadic")]
    if opts.dict_source.is_none() {
        let d = load_dictionary("embedded://ipadic")
            .map_err(|e| Error::Dictionary(format!("embedded IPADIC: {e}")))?;
        return Ok((
            d,
            DictProvenance {
                kind: "embedded".into(),
                from: "embedded://ipadic".into(),
                loaded: "embedded://ipadic".into(),
                sha256: format!("embedded-lindera-ipadic-{LINDERA_VERSION}"),
                built_now: false,
                seconds: t0.elapsed().as_secs_f64(),
                userdict: None,
                userdict_sha256: None,
            },
        ));
    }
    let source = opts
        .dict_source
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_IPADIC_SOURCE));
    if !source.join("matrix.def").is_file() {
        return Err(no_dictionary_error(&format!(
            "no IPADIC source at {} (matrix.def missing)",
            source.display()
        )));
    }
    let sha = source_hash(&source, &cache_root(opts).join("dict"))?;
    let root = cache_root(opts).join("dict");
    let built = root.join(format!("ipadic-lindera{LINDERA_VERSION}-{}", &sha[..16]));
    let mut built_now = false;
    if built.join("metadata.json").is_file() && !dict_intact(&built) {
        eprintln!(
            "kaigi: built dictionary {} does not match its checksums (damaged or from an older kaigi); rebuilding it",
            built.display()
        );
        let _ = std::fs::remove_dir_all(&built);
    }
    if !built.join("metadata.json").is_file() {
        build_from_source(&source, &built)?;
        built_now = true;
    }
    let d = load_dictionary(&built.to_string_lossy()).map_err(|e| {
        Error::Dictionary(format!(
            "cached dictionary {} cannot be loaded ({e}); delete that folder to rebuild it",
            built.display()
        ))
    })?;
    Ok((
        d,
        DictProvenance {
            kind: "source".into(),
            from: source.display().to_string(),
            loaded: built.display().to_string(),
            sha256: sha,
            built_now,
            seconds: t0.elapsed().as_secs_f64(),
            userdict: None,
            userdict_sha256: None,
        },
    ))
}

/// The content hash of an IPADIC source folder, remembered in the cache under a stamp of its
/// files' names, sizes and modification times, so that later runs do not read 50 MB to hash it.
fn source_hash(source: &Path, cache: &Path) -> Result<String> {
    let mut stamp = Sha256::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(source)
        .map_err(|e| Error::io(source, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in &names {
        if let Ok(m) = std::fs::metadata(p) {
            stamp.update(p.as_os_str().as_encoded_bytes());
            stamp.update(m.len().to_le_bytes());
            if let Ok(t) = m.modified().and_then(|t| {
                t.duration_since(std::time::UNIX_EPOCH)
                    .map_err(std::io::Error::other)
            }) {
                stamp.update(t.as_nanos().to_le_bytes());
            }
        }
    }
    let stamp_file = cache.join(format!(
        "source-{}.sha256",
        &hex::encode(stamp.finalize())[..24]
    ));
    if let Ok(h) = std::fs::read_to_string(&stamp_file) {
        let h = h.trim();
        if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(h.to_string());
        }
    }
    let h = hash_dir(source, &["csv", "def"])?;
    if std::fs::create_dir_all(cache).is_ok() {
        let tmp = stamp_file.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, &h).is_ok() {
            let _ = std::fs::rename(&tmp, &stamp_file);
        }
    }
    Ok(h)
}

/// SHA-256 over the names and contents of the files in `dir` (only those with the given
/// extensions, if any), in name order.
fn hash_dir(dir: &Path, exts: &[&str]) -> Result<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            exts.is_empty()
                || p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| exts.contains(&e))
        })
        .collect();
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| Error::io(&f, e))?;
        h.update(f.file_name().unwrap_or_default().as_encoded_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(hex::encode(h.finalize()))
}

/// Converts the EUC-JP IPADIC source to UTF-8 and builds it into `out` (atomically: built in a
/// temporary folder beside it, then renamed).
fn build_from_source(source: &Path, out: &Path) -> Result<()> {
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let work = tempfile::Builder::new()
        .prefix(".build-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let utf8 = work.path().join("src");
    let built = work.path().join("out");
    std::fs::create_dir_all(&utf8).map_err(|e| Error::io(&utf8, e))?;
    for entry in std::fs::read_dir(source).map_err(|e| Error::io(source, e))? {
        let p = entry.map_err(|e| Error::io(source, e))?.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "def") {
            continue;
        }
        let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                let (t, _, errors) = encoding_rs::EUC_JP.decode(&bytes);
                if errors {
                    return Err(Error::Dictionary(format!(
                        "{}: not EUC-JP or UTF-8; is this a MeCab IPADIC source?",
                        p.display()
                    )));
                }
                t.into_owned()
            }
        };
        let dest = utf8.join(p.file_name().unwrap_or_default());
        std::fs::write(&dest, text).map_err(|e| Error::io(&dest, e))?;
    }
    let metadata = Metadata::load(IPADIC_METADATA.as_bytes())
        .map_err(|e| Error::Dictionary(format!("IPADIC metadata: {e}")))?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(&utf8, &built)
        .map_err(|e| {
            Error::Dictionary(format!(
                "building the dictionary from {} failed: {e}",
                source.display()
            ))
        })?;
    write_checksums(&built)?;
    match std::fs::rename(&built, out) {
        Ok(()) => Ok(()),
        // Another kaigi process built it first: theirs is as good.
        Err(_) if out.join("metadata.json").is_file() => Ok(()),
        Err(e) => Err(Error::io(out, e)),
    }
}

/// The file in a built dictionary's folder that lists its files' XXH3-64 checksums.
const CHECKSUMS: &str = "kaigi-checksums";

/// Writes [`CHECKSUMS`] for the files of a built dictionary.
fn write_checksums(dir: &Path) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != CHECKSUMS)
        .collect();
    names.sort();
    let mut out = String::new();
    for n in names {
        let p = dir.join(&n);
        let b = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
        out.push_str(&format!(
            "{:016x} {} {n}\n",
            xxhash_rust::xxh3::xxh3_64(&b),
            b.len()
        ));
    }
    let p = dir.join(CHECKSUMS);
    std::fs::write(&p, out).map_err(|e| Error::io(&p, e))
}

/// Whether every file [`CHECKSUMS`] lists is there with its size and checksum (sizes first, so
/// that a cut file costs no hashing).
fn dict_intact(dir: &Path) -> bool {
    let Ok(list) = std::fs::read_to_string(dir.join(CHECKSUMS)) else {
        return false;
    };
    let entries: Vec<(&str, &str, &str)> = list
        .lines()
        .filter_map(|l| {
            let mut it = l.splitn(3, ' ');
            Some((it.next()?, it.next()?, it.next()?))
        })
        .collect();
    let sized = |(_, len, name): &(&str, &str, &str)| {
        std::fs::symlink_metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.len().to_string() == *len)
    };
    !entries.is_empty()
        && entries.iter().all(sized)
        && entries.iter().all(|(sum, _, name)| {
            std::fs::read(dir.join(name))
                .is_ok_and(|b| format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&b)) == *sum)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_dictionary_is_checked_against_its_checksums() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("dict.words"), vec![7u8; 1000]).unwrap();
        std::fs::write(d.join("metadata.json"), "{}").unwrap();
        assert!(!dict_intact(d), "no checksums: not known to be whole");
        write_checksums(d).unwrap();
        assert!(dict_intact(d));
        // Cut in half, or the same size with a changed byte.
        std::fs::write(d.join("dict.words"), vec![7u8; 500]).unwrap();
        assert!(!dict_intact(d));
        let mut b = vec![7u8; 1000];
        b[600] = 8;
        std::fs::write(d.join("dict.words"), b).unwrap();
        assert!(!dict_intact(d));
    }

    #[test]
    fn user_dictionary_rows_with_an_empty_surface_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u.csv");
        std::fs::write(&p, "NOTICE,名詞,ノーティス\n,カスタム名詞,カラ\n").unwrap();
        let e = check_userdict_rows(&p).unwrap_err().to_string();
        assert!(e.contains("u.csv line 2: empty surface"), "{e}");
        std::fs::write(&p, "NOTICE,名詞,ノーティス\n5G,名詞,ファイブジー\n").unwrap();
        assert!(check_userdict_rows(&p).is_ok());
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/userdict.csv");
        assert!(check_userdict_rows(&shipped).is_ok());
    }
}
