//! Reuse: whether the previous run's tables that do not depend on the themes (`meetings`,
//! `remarks`, `top_terms`) were made from this very corpus, decided once, before the corpus
//! is read, from the corpus fingerprint the previous manifest records.

use std::collections::HashMap;
use std::path::Path;

use super::JobConfig;
use crate::error::{Error, Result};
use crate::output::manifest::RemarksStamp;
use crate::output::staging::Staging;

/// The tables that do not depend on the themes, which a re-run over the same corpus reuses.
pub(super) const REUSABLE: [&str; 6] = [
    "meetings.csv",
    "meetings.parquet",
    "remarks.csv",
    "remarks.parquet",
    "top_terms.csv",
    "top_terms.parquet",
];

/// The corpus fingerprint: every input's path and content hash, the kaigi version, the
/// store's format (which changes with the parser's output), the tokenizer and the number of top
/// terms kept. Equal fingerprints make equal theme-independent tables.
pub(super) fn corpus_fingerprint<'a>(
    cfg: &JobConfig,
    inputs: impl Iterator<Item = (&'a str, &'a str)>,
) -> String {
    use sha2::{Digest, Sha256};
    let mut v: Vec<(&str, &str)> = inputs.collect();
    v.sort_unstable();
    let mut h = Sha256::new();
    h.update(b"kaigi corpus 3\n");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(format!(
        "\nstore={}\ntop_terms={}\nspeakers={}\n",
        crate::store::FORMAT_VERSION,
        cfg.top_terms,
        cfg.analysis.speakers_sha256
    ));
    h.update(
        cfg.tokenizer
            .as_ref()
            .map(|t| t.fingerprint())
            .unwrap_or_default(),
    );
    for (path, sha) in v {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(sha.as_bytes());
        h.update([b'\n']);
    }
    hex::encode(h.finalize())
}

/// XXH3-128 of a file (hex), read in pieces: a check that our own output was not changed
/// since it was written, at memory speed (the inputs keep SHA-256, which the manifest reports).
fn file_hash(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// The hashes of the reusable tables written in `dir`.
pub(super) fn reusable_hashes(dir: &Path) -> Result<std::collections::BTreeMap<String, String>> {
    REUSABLE
        .iter()
        .map(|name| {
            let p = dir.join(name);
            Ok((
                name.to_string(),
                file_hash(&p).map_err(|e| Error::io(&p, e))?,
            ))
        })
        .collect()
}

/// What [`reuse_previous`] found.
pub(super) struct Reuse {
    pub stamp: RemarksStamp,
    /// Every input's content hash and size, by path (so the pipeline reads no stored file).
    pub known: HashMap<String, (String, u64)>,
}

/// Decides, once and before the corpus is read, whether the previous run's theme-independent
/// tables in `out` were made from this corpus: the previous manifest lists the same files
/// with the same sizes, the fingerprint of the inputs' contents (hashed now) equals its own,
/// and the tables are unchanged since it wrote them. They are then linked (or copied) into
/// `staging`.
pub(super) fn reuse_previous(
    cfg: &JobConfig,
    staging: &Staging,
    listing: &crate::ingest::Listing,
) -> Option<Reuse> {
    use rayon::prelude::*;
    #[derive(serde::Deserialize)]
    struct Previous {
        reusable: Option<RemarksStamp>,
        inputs: Vec<PreviousInput>,
    }
    #[derive(serde::Deserialize)]
    struct PreviousInput {
        path: String,
        bytes: u64,
        #[serde(default)]
        status: String,
        #[serde(default)]
        format: String,
    }
    cfg.store.as_ref()?;
    let prev: Previous =
        serde_json::from_slice(&std::fs::read(cfg.out.join("manifest.json")).ok()?).ok()?;
    // Whether a PDF reads depends on this machine (pdftotext installed, in time), not only on
    // its bytes: one skipped before may read now.
    if prev
        .inputs
        .iter()
        .any(|i| i.status == "skipped" && i.format == "pdf")
    {
        return None;
    }
    let stamp = prev.reusable?;
    let (found, problems) = (&listing.found, &listing.problems);
    let sizes: HashMap<&str, u64> = prev
        .inputs
        .iter()
        .map(|i| (i.path.as_str(), i.bytes))
        .collect();
    let same_files = found.len() + problems.len() == prev.inputs.len()
        && found
            .iter()
            .zip(&listing.sizes)
            .all(|(f, len)| sizes.get(f.rel.as_str()) == Some(len))
        && problems.iter().all(|p| sizes.contains_key(p.rel.as_str()));
    if !same_files {
        return None;
    }
    let (hashes, tables) = rayon::join(
        || {
            found
                .par_iter()
                .map(|f| {
                    let b = crate::ingest::input_bytes(f).ok()?;
                    Some((f.rel.clone(), (crate::text::sha256_hex(&b), b.len() as u64)))
                })
                .collect::<Option<HashMap<_, _>>>()
        },
        || {
            REUSABLE
                .iter()
                .all(|n| file_hash(&cfg.out.join(n)).ok().as_ref() == stamp.files.get(*n))
        },
    );
    let known = hashes?;
    let key = corpus_fingerprint(
        cfg,
        known
            .iter()
            .map(|(p, (sha, _))| (p.as_str(), sha.as_str()))
            .chain(problems.iter().map(|p| (p.rel.as_str(), ""))),
    );
    if !tables || key != stamp.key {
        return None;
    }
    for name in REUSABLE {
        let (from, to) = (cfg.out.join(name), staging.dir().join(name));
        if std::fs::hard_link(&from, &to).is_err() && std::fs::copy(&from, &to).is_err() {
            for name in REUSABLE {
                let _ = std::fs::remove_file(staging.dir().join(name));
            }
            return None;
        }
    }
    Some(Reuse { stamp, known })
}
