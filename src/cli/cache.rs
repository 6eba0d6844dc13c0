//! `kaigi cache`: what the cache folder holds, and removing what no run will read.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use crate::segment::{default_cache_root, DictOptions};
use crate::store::housekeep::{self, human_bytes, PruneRule, Pruned};

#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub command: Option<CacheCommand>,
    /// Cache folder (default: $KAIGI_CACHE_DIR, else the user's cache folder /kaigi).
    #[arg(long, value_name = "DIR", global = true)]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum CacheCommand {
    /// List the tokenization caches and built dictionaries, with their sizes and last use
    /// (the default).
    Info,
    /// Remove the tokenization caches made by other kaigi versions, whatever their age (a run
    /// removes them on its own once unused for a day).
    Prune,
    /// Remove every tokenization cache (the next run tokenizes everything again).
    Clear {
        /// Remove the built dictionaries too (the next run builds one again, about a second).
        #[arg(long)]
        all: bool,
    },
}

pub(crate) fn run(a: &CacheArgs) -> Result<i32> {
    let root = default_cache_root(&DictOptions {
        cache_dir: a.cache_dir.clone(),
        ..DictOptions::default()
    });
    let report = |verb: &str, p: &Pruned| -> Result<i32> {
        for f in &p.removed {
            println!(
                "{verb} {} ({}, {})",
                f.path.display(),
                human_bytes(f.bytes),
                f.kind.label()
            );
        }
        println!(
            "{verb} {} in {}",
            human_bytes(p.bytes()),
            housekeep::folders(p.removed.len())
        );
        for (path, e) in &p.errors {
            eprintln!("kaigi: error: cannot remove {}: {e}", path.display());
        }
        Ok(if p.errors.is_empty() { 0 } else { 1 })
    };
    match a.command.unwrap_or(CacheCommand::Info) {
        CacheCommand::Info => {
            let folders = housekeep::survey(&root, None)
                .with_context(|| format!("reading the cache folder {}", root.display()))?;
            println!("cache folder: {}", root.display());
            if folders.is_empty() {
                println!("(empty)");
            }
            let now = std::time::SystemTime::now();
            for f in &folders {
                let days = f
                    .last_used
                    .and_then(|t| now.duration_since(t).ok())
                    .map_or("?".to_string(), |d| {
                        format!("{:.1}", d.as_secs_f64() / 86400.0)
                    });
                println!(
                    "{:>10}  {:>9} files  last used {days:>6} days ago  {}  [{}]",
                    human_bytes(f.bytes),
                    f.files,
                    f.path.strip_prefix(&root).unwrap_or(&f.path).display(),
                    f.kind.label()
                );
            }
            let total: u64 = folders.iter().map(|f| f.bytes).sum();
            println!("total {}", human_bytes(total));
            Ok(0)
        }
        CacheCommand::Prune => report(
            "removed",
            &housekeep::prune(
                &root,
                None,
                PruneRule::OTHER_VERSIONS,
                std::time::SystemTime::now(),
            ),
        ),
        CacheCommand::Clear { all } => report("removed", &housekeep::clear(&root, all)),
    }
}
