//! Per-stage throughput on a large corpus, beside the raw lindera baseline of the same run.
//!
//! Every stage of `kaigi run` is timed on its own over the whole corpus, on T threads (rayon,
//! one pool), and printed as MB/s per thread, with its time as a share of lindera's own time
//! on the same texts (so "0.10" means the stage costs a tenth of tokenizing). Rates are of the
//! input each stage reads: corpus bytes for read, hash, decode, parse and the pipeline; NFKC
//! remark-text bytes for NFKC, tokenizing and theme matching; corpus bytes again for the
//! tables and charts, which serve the whole corpus. Files are read once before timing (the
//! page cache is warm; `read` is then a copy out of it).
//!
//! Stages: `read` (`fs::read`), `hash` (SHA-256), `decode` (encoding detection and decoding),
//! `parse` (`parse::parse`, NFKC of each remark included, each meeting dropped as the pipeline
//! drops it after handing it on), `nfkc` (alone, on the remark texts),
//! `lindera` (its own `SegmentWorker`, one per job: the baseline), `tokenize` (kaigi's `Worker`
//! with nouns: lindera plus the wrapper), `themes` (`ThemeSet::hits_in` on the stored edges),
//! `anchors` (`Matcher::wants_words`: which remarks need tokens with base forms), `themes, base
//! forms too` (`Matcher::find`, those remarks with their base forms; with `anchors`, what the
//! pipeline matches), `pipeline` (`pipeline::run`, no store, with its own stage timings),
//! `aggregate` (the recorded results replayed into an `Aggregator` that writes nothing),
//! `streamed tables` (the same replay writing meetings, remarks, remark_themes, theme_counts
//! and top_terms, CSV and Parquet, less `aggregate`), each summary table (`Aggregator::tables`
//! and `write_table`), and `charts + report` (`count_job` with `full`, as `kaigi run
//! --no-cache`, its own timings).
//!
//! Usage (harness = false):
//!   cargo bench --bench stage_rates -- [CORPUS] [--threads T] [--repeat N] [--quick]
//! (`--quick`: up to theme matching only.)
//! Default corpus `/tmp/kaigi-bench/corpus-100mb` (`python3 scripts/gen_corpus.py
//! /tmp/kaigi-bench/corpus-100mb 100 --seed 1`), else `data/corpus`; 1 thread; best of 1.
//! One `STAGE name=… mb_s_per_thread=… of_lindera=…` line per stage for scripts.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

mod common;
use common::{feed, raw_segmenter, Recorder};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use kaigi::chart::ChartOptions;
use kaigi::ingest::{self, Found};
use kaigi::jobs::{count_job, JobConfig};
use kaigi::model::Meeting;
use kaigi::pipeline::{self, Config, NoProgress};
use kaigi::segment::{DictOptions, Segmented, Tokenizer};
use kaigi::tables;
use kaigi::text::{nfkc, sha256_hex};
use kaigi::themes::{Doc, ThemeSet};

struct Args {
    corpus: PathBuf,
    threads: usize,
    repeat: usize,
    /// Stop after theme matching (`--quick`).
    quick: bool,
}

fn parse_args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let big = PathBuf::from("/tmp/kaigi-bench/corpus-100mb");
    let mut a = Args {
        corpus: if big.is_dir() {
            big
        } else {
            root.join("data/corpus")
        },
        threads: 1,
        repeat: 1,
        quick: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = |what: &str| -> usize {
            it.next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{what} N"))
        };
        match x.as_str() {
            "--bench" => {}
            "--quick" => a.quick = true,
            "--threads" => a.threads = num("--threads").max(1),
            "--repeat" => a.repeat = num("--repeat").max(1),
            s if s.starts_with("--") => panic!("unknown option {s}"),
            s => a.corpus = s.into(),
        }
    }
    a
}

/// Times `f` `repeat` times; gives the best wall time and the last result.
fn best<T>(repeat: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..repeat {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best, out.expect("repeat >= 1"))
}

/// The printed table: each stage's rate per thread and its time beside lindera's.
struct Report {
    threads: usize,
    lindera_s: f64,
}

impl Report {
    fn line(&self, name: &str, seconds: f64, bytes: u64, what: &str) {
        let rate = bytes as f64 / 1e6 / seconds / self.threads as f64;
        let of = seconds / self.lindera_s;
        println!(
            "{name:<28} {seconds:>8.3} s {rate:>9.1} MB/s/thread ({what})  {of:>6.3} × lindera"
        );
        println!(
            "STAGE name={} seconds={seconds:.4} mb_s_per_thread={rate:.1} of_lindera={of:.4}",
            name.replace(' ', "_")
        );
    }
}

fn main() {
    let a = parse_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let userdict = root.join("data/userdict.csv");
    let dict = DictOptions {
        userdict: userdict.is_file().then_some(userdict),
        ..Default::default()
    };
    let tokenizer = Tokenizer::new(&dict).expect("dictionary (run scripts/setup.sh)");
    let themes_path = root.join("data/themes.toml");
    let themes = ThemeSet::load(&themes_path).expect("data/themes.toml");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads)
        .build()
        .expect("pool");
    let (found, _) = ingest::discover(&a.corpus).expect("corpus");
    let r = a.repeat;

    let (rep, corpus_bytes) = pool.install(|| {
        // Warm the page cache; then time the stages one by one.
        let _: Vec<Vec<u8>> = found.par_iter().map(read).collect();
        let (read_s, files) = best(r, || found.par_iter().map(read).collect::<Vec<_>>());
        let corpus_bytes: u64 = files.iter().map(|b| b.len() as u64).sum();
        let (hash_s, shas) = best(r, || {
            files.par_iter().map(|b| sha256_hex(b)).collect::<Vec<_>>()
        });
        let (decode_s, texts) = best(r, || decode_all(&found, &files, &shas));
        let parse_all = || {
            texts
                .par_iter()
                .filter_map(|(rel, t)| kaigi::parse::parse(t, rel).ok().map(|p| p.meeting))
        };
        // Timed as the pipeline parses: each meeting is handed on and dropped, so memory is
        // reused (keeping all of them would time the kernel's first touch of ~200 MB as well).
        let (parse_s, _) = best(r, || parse_all().map(|m| m.remarks.len()).sum::<usize>());
        let meetings: Vec<Meeting> = parse_all().collect();
        let norms: Vec<String> = meetings
            .iter()
            .flat_map(|m| m.remarks.iter().map(|r| r.normalized().to_string()))
            .collect();
        let text_bytes: u64 = norms.iter().map(|n| n.len() as u64).sum();
        let raw_texts: Vec<&str> = meetings
            .iter()
            .flat_map(|m| m.remarks.iter().map(|r| r.text.as_str()))
            .collect();
        let (nfkc_s, _) = best(r, || {
            raw_texts.par_iter().map(|t| nfkc(t).len()).sum::<usize>()
        });
        let seg = raw_segmenter(&tokenizer).expect("lindera on kaigi's dictionary");
        let (lindera_s, _) = best(r, || {
            norms
                .par_iter()
                .map_init(
                    || seg.new_worker(),
                    |w, t| w.segment(t).expect("segment").len(),
                )
                .sum::<usize>()
        });
        let (tokenize_s, segs) = best(r, || {
            norms
                .par_iter()
                .map_init(
                    || tokenizer.worker(),
                    |w, t| w.segment(t, true).expect("segment"),
                )
                .collect::<Vec<Segmented>>()
        });
        let (themes_s, hits) = best(r, || {
            norms
                .par_iter()
                .zip(&segs)
                .map(|(t, s)| themes.hits_in(t, &s.edges).len())
                .sum::<usize>()
        });

        let matcher = themes
            .matcher(Some(&mut tokenizer.worker()))
            .expect("theme matcher");
        let (anchors_s, wanted) = best(r, || {
            norms
                .par_iter()
                .map(|t| matcher.wants_words(t))
                .collect::<Vec<bool>>()
        });
        let words: Vec<Segmented> = norms
            .par_iter()
            .zip(&wanted)
            .map_init(
                || tokenizer.worker(),
                |w, (t, &want)| match want {
                    true => w.segment_words(t, false).expect("segment"),
                    false => Segmented::default(),
                },
            )
            .collect();
        let (full_s, _) = best(r, || {
            norms
                .par_iter()
                .zip(&segs)
                .zip(&words)
                .map(|((t, s), w)| {
                    let doc = Doc {
                        text: t,
                        edges: &s.edges,
                        words: &w.words,
                    };
                    matcher.find(&doc, false).counts.len()
                })
                .sum::<usize>()
        });
        let rep = Report {
            threads: a.threads,
            lindera_s,
        };
        println!(
            "corpus {}: {} files, {:.1} MB, {} meetings, {} remarks, {:.1} MB of NFKC text, \
             {} tokens, {hits} theme hits; {} thread(s), best of {r}",
            a.corpus.display(),
            found.len(),
            corpus_bytes as f64 / 1e6,
            meetings.len(),
            norms.len(),
            text_bytes as f64 / 1e6,
            segs.iter().map(|s| s.tokens as u64).sum::<u64>(),
            a.threads
        );
        rep.line("read", read_s, corpus_bytes, "corpus");
        rep.line("hash (SHA-256)", hash_s, corpus_bytes, "corpus");
        rep.line("decode", decode_s, corpus_bytes, "corpus");
        rep.line("parse (with NFKC)", parse_s, corpus_bytes, "corpus");
        rep.line("nfkc alone", nfkc_s, text_bytes, "text");
        rep.line("lindera (baseline)", lindera_s, text_bytes, "text");
        rep.line("tokenize (kaigi Worker)", tokenize_s, text_bytes, "text");
        // Signed: kaigi's worker drives lindera's lattice without building its tokens, so it
        // may take less time than lindera's own worker.
        println!(
            "tokenize wrapper alone       {:>+8.3} s (kaigi Worker − lindera)  {:>+6.3} × lindera",
            tokenize_s - lindera_s,
            (tokenize_s - lindera_s) / lindera_s
        );
        rep.line("theme matching", themes_s, text_bytes, "text");
        println!(
            "    {} of {} remarks hold an anchor (tokens with base forms wanted)",
            wanted.iter().filter(|&&w| w).count(),
            wanted.len()
        );
        rep.line(
            "anchors (which need base forms)",
            anchors_s,
            text_bytes,
            "text",
        );
        rep.line("themes, base forms too", full_s, text_bytes, "text");
        rep.line(
            "themes as the pipeline",
            anchors_s + full_s,
            text_bytes,
            "text",
        );
        drop(segs);
        if !a.quick {
            after_tokens(&a, &rep, &tokenizer, &themes, corpus_bytes);
        }
        (rep, corpus_bytes)
    });
    if !a.quick {
        charts(&a, &rep, tokenizer, themes, corpus_bytes);
    }
}

/// The pipeline, the aggregation and the tables.
fn after_tokens(a: &Args, rep: &Report, tokenizer: &Tokenizer, themes: &ThemeSet, bytes: u64) {
    let mut cfg = Config::new(&a.corpus);
    cfg.tokenizer = Some(tokenizer);
    cfg.themes = Some(themes);
    cfg.nouns = true;
    let (pipe_s, (rec, summary)) = best(a.repeat, || {
        let mut rec = Recorder::default();
        let s = pipeline::run(&cfg, &mut rec, &NoProgress).expect("pipeline");
        (rec, s)
    });
    rep.line("pipeline::run (no store)", pipe_s, bytes, "corpus");
    for (k, v) in &summary.timings {
        println!("    pipeline stage {k:<14} {v:>8.3} s (wall, summed over batches)");
    }
    let (agg_s, _) = best(a.repeat, || feed(themes, &rec.0, None).meetings.len());
    rep.line("aggregate (no files)", agg_s, bytes, "corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let (stream_s, agg) = best(a.repeat, || feed(themes, &rec.0, Some(dir.path())));
    rep.line(
        "streamed tables",
        (stream_s - agg_s).max(1e-9),
        bytes,
        "corpus",
    );
    let (frames_s, mut t) = best(a.repeat, || agg.tables().expect("tables"));
    rep.line("summary frames", frames_s, bytes, "corpus");
    for (name, df) in [
        ("themes_by_committee", &mut t.themes_by_committee),
        ("speaker_themes", &mut t.speaker_themes),
        ("committee_keyness", &mut t.committee_keyness),
    ] {
        let (s, _) = best(a.repeat, || {
            tables::write_table(df, dir.path(), name).expect("write")
        });
        rep.line(&format!("write {name}"), s, bytes, "corpus");
    }
}

/// `kaigi run --no-cache` as a job (with the tokenizer and themes the stages used), for its
/// chart and report timings.
fn charts(a: &Args, rep: &Report, tokenizer: Tokenizer, themes: ThemeSet, bytes: u64) {
    let out = tempfile::tempdir().expect("tempdir");
    let cfg = JobConfig {
        corpus: a.corpus.clone(),
        out: out.path().join("out"),
        tokenizer: Some(tokenizer),
        themes: Some(themes),
        store: None,
        threads: a.threads,
        top_terms: 50,
        charts: ChartOptions::default(),
        command: "stage_rates".into(),
        analysis: Default::default(),
        shard: None,
    };
    let t = Instant::now();
    count_job(&cfg, &NoProgress, true).expect("kaigi run");
    let run_s = t.elapsed().as_secs_f64();
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.path().join("out/manifest.json")).expect("manifest"),
    )
    .expect("manifest JSON");
    for stage in ["charts", "report"] {
        if let Some(s) = manifest["timings"][stage].as_f64() {
            rep.line(stage, s, bytes, "corpus");
        }
    }
    rep.line("kaigi run --no-cache (job)", run_s, bytes, "corpus");
}

fn read(f: &Found) -> Vec<u8> {
    std::fs::read(&f.path).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()))
}

fn decode_all(found: &[Found], files: &[Vec<u8>], shas: &[String]) -> Vec<(String, String)> {
    found
        .par_iter()
        .zip(files)
        .zip(shas)
        .filter_map(|((f, b), sha)| {
            ingest::from_bytes_hashed(f, b, sha.clone())
                .ok()
                .map(|s| (s.rel, s.text))
        })
        .collect()
}
