//! Raw tokenization baseline for `scripts/bench_scale.sh`: how fast lindera alone tokenizes the
//! corpus's remark texts, to compare `kaigi count` end to end against.
//!
//! Untimed setup: kaigi's public API reads and parses every file (`ingest::discover`,
//! `ingest::read`, `parse::parse`) and NFKC-normalizes every remark (`parse::nfkc`), exactly the
//! texts `kaigi count` tokenizes. Timed: only tokenization, over T threads with rayon `map_init`
//! (one worker per rayon job, as the pipeline does; the number of workers made is printed):
//!
//! - `lindera`: lindera's own `SegmentWorker::segment` on the same built dictionary and user
//!   dictionary (kaigi's `Tokenizer` keeps its `Segmenter` private, so one is made here from the
//!   dictionary folder that `Tokenizer::provenance.loaded` names); tokens are only counted.
//! - `kaigi_plain`: kaigi's `Worker::segment(text, false)` (token edges and count; no nouns).
//! - `kaigi_nouns`: kaigi's `Worker::segment(text, true)` (what `kaigi count` calls).
//!
//! Usage (harness = false; cargo appends `--bench`, which is ignored):
//!   cargo bench --bench baseline -- [CORPUS] [--threads 1,2] [--variants lindera,kaigi_plain,kaigi_nouns]
//!                                   [--repeat N] [--breakdown] [--userdict FILE]
//! Defaults: data/corpus, threads 1 and all cores, every variant, 1 repeat (the best is kept).
//! `--breakdown` also runs `pipeline::run` (tokenizer, themes, nouns, no cache, writing nothing)
//! per thread count and prints its stage timings (read+parse, segment+match, aggregate).
//!
//! Prints human-readable lines and one `BASELINE key=value …` line per measurement for scripts.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

mod common;
use common::raw_segmenter;

/// The same allocator as the `kaigi` binary, so that the comparison is like for like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use kaigi::ingest;
use kaigi::parse::{self, nfkc};
use kaigi::pipeline::{self, Config, NoProgress};
use kaigi::segment::{DictOptions, Tokenizer};
use kaigi::tables::{Aggregator, ThemeInfo};
use kaigi::themes::ThemeSet;

struct Args {
    corpus: PathBuf,
    threads: Vec<usize>,
    variants: Vec<String>,
    repeat: usize,
    breakdown: bool,
    userdict: PathBuf,
    themes: PathBuf,
}

fn parse_args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut a = Args {
        corpus: root.join("data/corpus"),
        threads: if cores > 1 { vec![1, cores] } else { vec![1] },
        variants: vec!["lindera".into(), "kaigi_plain".into(), "kaigi_nouns".into()],
        repeat: 1,
        breakdown: false,
        userdict: root.join("data/userdict.csv"),
        themes: root.join("data/themes.toml"),
    };
    let mut it = std::env::args().skip(1);
    let list = |s: Option<String>| -> Vec<String> {
        s.unwrap_or_default()
            .split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    while let Some(x) = it.next() {
        match x.as_str() {
            "--bench" => {}
            "--threads" => {
                a.threads = list(it.next())
                    .iter()
                    .map(|t| t.parse().expect("--threads: numbers"))
                    .collect()
            }
            "--variants" => a.variants = list(it.next()),
            "--repeat" => {
                a.repeat = it
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .expect("--repeat N")
                    .max(1)
            }
            "--breakdown" => a.breakdown = true,
            "--userdict" => a.userdict = it.next().expect("--userdict FILE").into(),
            "--themes" => a.themes = it.next().expect("--themes FILE").into(),
            s if s.starts_with("--") => panic!("unknown option {s}"),
            s => a.corpus = s.into(),
        }
    }
    a
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) this process has used so far, all threads.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return 0.0;
    }
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn main() {
    let a = parse_args();
    let t0 = Instant::now();
    let tokenizer = Tokenizer::new(&DictOptions {
        userdict: a.userdict.is_file().then(|| a.userdict.clone()),
        ..Default::default()
    })
    .expect("dictionary (run scripts/setup.sh, or `kaigi dict`)");
    let dict_s = t0.elapsed().as_secs_f64();

    // Untimed: read, parse, normalize.
    let t0 = Instant::now();
    let (found, _) = ingest::discover(&a.corpus).expect("corpus");
    let mut corpus_bytes = 0u64;
    let mut skipped = 0usize;
    let texts: Vec<String> = found
        .par_iter()
        .map(|f| match ingest::read(f) {
            Ok(src) => match parse::parse(&src.text, &src.rel) {
                Ok(p) => (
                    src.bytes,
                    p.meeting
                        .remarks
                        .iter()
                        .map(|r| nfkc(&r.text))
                        .collect::<Vec<_>>(),
                    false,
                ),
                Err(_) => (src.bytes, Vec::new(), true),
            },
            Err(s) => (s.bytes, Vec::new(), true),
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flat_map(|(b, t, skip)| {
            corpus_bytes += b;
            skipped += skip as usize;
            t
        })
        .collect();
    let text_bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let prep_s = t0.elapsed().as_secs_f64();
    let mb = corpus_bytes as f64 / 1e6;
    println!(
        "corpus {}: {} files ({} skipped), {:.1} MB, {} remarks, {:.1} MB of NFKC remark text; \
         dictionary {:.2} s, read+parse+nfkc (untimed, all cores) {:.2} s, peak RSS after setup {} MiB",
        a.corpus.display(),
        found.len(),
        skipped,
        mb,
        texts.len(),
        text_bytes as f64 / 1e6,
        dict_s,
        prep_s,
        rss_kib() / 1024
    );

    let raw = if a.variants.iter().any(|v| v == "lindera") {
        Some(raw_segmenter(&tokenizer).expect("lindera Segmenter on kaigi's dictionary"))
    } else {
        None
    };

    for variant in &a.variants {
        for &t in &a.threads {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .expect("pool");
            let mut best = f64::INFINITY;
            let mut best_cpu = 0.0;
            let mut tokens = 0u64;
            let mut workers = 0usize;
            for _ in 0..a.repeat {
                let made = AtomicUsize::new(0);
                let cpu0 = cpu_seconds();
                let start = Instant::now();
                tokens = match variant.as_str() {
                    "lindera" => {
                        let seg = raw.as_ref().expect("made above");
                        pool.install(|| {
                            texts
                                .par_iter()
                                .map_init(
                                    || {
                                        made.fetch_add(1, Ordering::Relaxed);
                                        seg.new_worker()
                                    },
                                    |w, text| w.segment(text).expect("segment").len() as u64,
                                )
                                .sum()
                        })
                    }
                    "kaigi_plain" | "kaigi_nouns" => {
                        let nouns = variant == "kaigi_nouns";
                        pool.install(|| {
                            texts
                                .par_iter()
                                .map_init(
                                    || {
                                        made.fetch_add(1, Ordering::Relaxed);
                                        tokenizer.worker()
                                    },
                                    |w, text| {
                                        w.segment(text, nouns).expect("segment").tokens as u64
                                    },
                                )
                                .sum()
                        })
                    }
                    v => panic!("unknown variant {v} (lindera, kaigi_plain, kaigi_nouns)"),
                };
                let wall = start.elapsed().as_secs_f64();
                if wall < best {
                    best = wall;
                    best_cpu = cpu_seconds() - cpu0;
                }
                workers = made.load(Ordering::Relaxed);
            }
            println!(
                "baseline {variant:<12} threads={t}: {best:.2} s  {:.2} MB/s (corpus)  {:.2} MB/s (text)  {:.0} remarks/s  \
                 {tokens} tokens  {workers} workers made  {best_cpu:.2} CPU s",
                mb / best,
                text_bytes as f64 / 1e6 / best,
                texts.len() as f64 / best
            );
            println!(
                "BASELINE variant={variant} threads={t} seconds={best:.4} cpu={best_cpu:.4} \
                 corpus_bytes={corpus_bytes} text_bytes={text_bytes} remarks={} tokens={tokens} workers={workers}",
                texts.len()
            );
        }
    }

    if a.breakdown {
        let themes = ThemeSet::load(&a.themes).expect("themes");
        for &t in &a.threads {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .expect("pool");
            let mut cfg = Config::new(&a.corpus);
            cfg.tokenizer = Some(&tokenizer);
            cfg.themes = Some(&themes);
            cfg.nouns = true;
            let mut agg = Aggregator::new(ThemeInfo::of(&themes), 50, None).expect("aggregator");
            let start = Instant::now();
            let s = pool
                .install(|| pipeline::run(&cfg, &mut agg, &NoProgress))
                .expect("pipeline");
            let run_s = start.elapsed().as_secs_f64();
            let t_tables = Instant::now();
            let tables = agg.tables().expect("tables");
            let tables_s = t_tables.elapsed().as_secs_f64();
            let stages: Vec<String> = s
                .timings
                .iter()
                .map(|(k, v)| format!("{k}={v:.2}s"))
                .collect();
            println!(
                "pipeline::run threads={t}: {run_s:.2} s ({:.2} MB/s) [{}], Aggregator::tables {tables_s:.2} s \
                 ({} theme_counts rows), {} tokens",
                mb / run_s,
                stages.join(" "),
                tables.theme_counts.height(),
                s.tokens
            );
            println!(
                "BREAKDOWN threads={t} run={run_s:.4} tables={tables_s:.4} {}",
                s.timings
                    .iter()
                    .map(|(k, v)| format!("{}={v:.4}", k.replace('+', "_")))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
}
