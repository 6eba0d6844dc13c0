//! `kaigi dict`, and the dictionary options every tokenizing command takes.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::load_tokenizer;

#[derive(Args, Debug, Clone)]
pub struct DictArgs {
    /// A built lindera dictionary folder (instead of building one from the IPADIC source).
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// MeCab IPADIC source folder (CSV + .def, EUC-JP or UTF-8) to build the dictionary from.
    /// Default: Debian's /usr/share/mecab/dic/ipadic (package mecab-ipadic).
    #[arg(long, value_name = "DIR")]
    pub dict_source: Option<PathBuf>,
    /// User dictionary CSV (`surface,part_of_speech,reading`) for compound terms
    /// (default: the one built into kaigi, data/userdict.csv as shipped).
    #[arg(long, value_name = "FILE")]
    pub userdict: Option<PathBuf>,
    /// Cache folder for the built dictionary and tokenized remarks
    /// (default: $KAIGI_CACHE_DIR, else the user's cache folder /kaigi).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// `kaigi dict`: builds (first use) or loads the dictionary and says where it is.
pub(crate) fn run(d: &DictArgs) -> Result<i32> {
    let t = load_tokenizer(d)?;
    let p = &t.provenance;
    println!(
        "dictionary: {} from {}\nloaded: {}\nsha256: {}\n{} in {:.3} s\nuser dictionary: {}",
        p.kind,
        p.from,
        p.loaded,
        p.sha256,
        if p.built_now { "built" } else { "loaded" },
        p.seconds,
        p.userdict.as_deref().unwrap_or("none")
    );
    Ok(0)
}
