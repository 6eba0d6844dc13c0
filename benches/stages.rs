//! Per-stage benchmarks on the sample corpus (`data/corpus`, 5 files, ~112 KB):
//!
//! - `ingest_parse`: decode (encoding detection, SHA-256) + parse all 5 files (bytes read up front).
//! - `segment`: tokenize every remark's NFKC text with one reused worker (normalization done up
//!   front): kaigi's `Worker::segment` with nouns (what `kaigi count` does), without nouns, and
//!   lindera's own `SegmentWorker::segment` on the same dictionary (the floor); and the cost of
//!   taking a worker (`Tokenizer::worker`, an idle one given back), as the pipeline does per rayon `map_init` job.
//! - `themes`: `ThemeSet::hits` on pre-segmented remarks with `data/themes.toml`.
//! - `frames`: replaying the pipeline's results (recorded once through a `Visitor`) into a fresh
//!   in-memory `Aggregator` (`visit`), `Aggregator::tables` on it (`tables`), and everything
//!   `kaigi count` does after the pipeline into a temporary folder (`count_outputs`: streamed
//!   remarks/theme_counts/top_terms, then the other tables, CSV + Parquet).
//! - `pipeline`: `pipeline::run` over the corpus with tokenizer, themes and nouns, into an
//!   `Aggregator` that writes nothing (the global rayon pool: all cores).
//!
//! Every group reports `Throughput::Bytes` (raw file bytes for ingest/frames/pipeline, NFKC
//! remark-text bytes for segment/themes), so criterion prints MB/s. Run: `cargo bench --bench stages`
//! (about a minute). The dictionary is loaded (built on first use) from `$KAIGI_CACHE_DIR` or the
//! user's cache folder, as the CLI does.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod common;
use common::{feed, raw_segmenter, Recorded, Recorder};

use kaigi::ingest::{self, Found};
use kaigi::model::Meeting;
use kaigi::parse::{self, nfkc};
use kaigi::pipeline::{self, Config, NoProgress};
use kaigi::segment::{DictOptions, Segmented, Tokenizer};
use kaigi::tables::{self, Aggregator, ThemeInfo};
use kaigi::themes::ThemeSet;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Fixture {
    files: Vec<(Found, Vec<u8>)>,
    raw_bytes: u64,
    /// NFKC text of every remark, meeting by meeting, in order.
    norms: Vec<String>,
    norm_bytes: u64,
    /// Segmentation of every remark, with nouns (as `kaigi count` asks for them).
    segs: Vec<Segmented>,
    tokenizer: Tokenizer,
    themes: ThemeSet,
}

fn fixture() -> Fixture {
    let corpus = root().join("data/corpus");
    let (found, _) = ingest::discover(&corpus).expect("data/corpus");
    assert!(!found.is_empty(), "no files in {}", corpus.display());
    let files: Vec<(Found, Vec<u8>)> = found
        .into_iter()
        .map(|f| {
            let b = std::fs::read(&f.path).expect("read corpus file");
            (f, b)
        })
        .collect();
    let raw_bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    let meetings: Vec<Meeting> = files
        .iter()
        .map(|(f, b)| {
            let src =
                ingest::from_bytes(f, b).unwrap_or_else(|s| panic!("{}: {}", s.rel, s.reason));
            parse::parse(&src.text, &src.rel)
                .expect("sample parses")
                .meeting
        })
        .collect();
    let norms: Vec<String> = meetings
        .iter()
        .flat_map(|m| m.remarks.iter().map(|r| nfkc(&r.text)))
        .collect();
    let norm_bytes = norms.iter().map(|n| n.len() as u64).sum();
    let userdict = root().join("data/userdict.csv");
    let tokenizer = Tokenizer::new(&DictOptions {
        userdict: userdict.is_file().then_some(userdict),
        ..Default::default()
    })
    .expect("dictionary (run scripts/setup.sh to install mecab-ipadic)");
    let mut w = tokenizer.worker();
    let segs = norms
        .iter()
        .map(|n| w.segment(n, true).expect("segment"))
        .collect();
    let themes = ThemeSet::load(&root().join("data/themes.toml")).expect("data/themes.toml");
    eprintln!(
        "fixture: {} files, {} bytes, {} meetings, {} remarks, {} NFKC text bytes, {} themes",
        files.len(),
        raw_bytes,
        meetings.len(),
        norms.len(),
        norm_bytes,
        themes.len()
    );
    Fixture {
        files,
        raw_bytes,
        norms,
        norm_bytes,
        segs,
        tokenizer,
        themes,
    }
}

fn pipeline_config(fx: &Fixture) -> Config<'_> {
    let mut cfg = Config::new(root().join("data/corpus"));
    cfg.tokenizer = Some(&fx.tokenizer);
    cfg.themes = Some(&fx.themes);
    cfg.nouns = true;
    cfg
}

/// The pipeline's results for the sample corpus (what `kaigi count` hands to its aggregator).
fn record(fx: &Fixture) -> Vec<Recorded> {
    let mut rec = Recorder::default();
    pipeline::run(&pipeline_config(fx), &mut rec, &NoProgress).expect("pipeline");
    rec.0
}

fn benches(c: &mut Criterion) {
    let fx = fixture();

    let mut g = c.benchmark_group("ingest_parse");
    g.throughput(Throughput::Bytes(fx.raw_bytes));
    g.bench_function("decode+parse/5_files", |b| {
        b.iter(|| {
            let mut remarks = 0;
            for (f, bytes) in &fx.files {
                let src = ingest::from_bytes(f, black_box(bytes)).expect("decodes");
                let p = parse::parse(&src.text, &src.rel).expect("parses");
                remarks += p.meeting.remarks.len();
            }
            black_box(remarks)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(fx.norm_bytes));
    let mut w = fx.tokenizer.worker();
    g.bench_function("kaigi_worker/nouns", |b| {
        b.iter(|| {
            let mut t = 0u64;
            for n in &fx.norms {
                t += w.segment(black_box(n), true).expect("segment").tokens as u64;
            }
            black_box(t)
        })
    });
    g.bench_function("kaigi_worker/plain", |b| {
        b.iter(|| {
            let mut t = 0u64;
            for n in &fx.norms {
                t += w.segment(black_box(n), false).expect("segment").tokens as u64;
            }
            black_box(t)
        })
    });
    // lindera directly: the same built dictionary and user dictionary, its own SegmentWorker.
    match raw_segmenter(&fx.tokenizer) {
        Ok(seg) => {
            let mut lw = seg.new_worker();
            g.bench_function("lindera_segment_worker", |b| {
                b.iter(|| {
                    let mut t = 0usize;
                    for n in &fx.norms {
                        t += lw.segment(black_box(n)).expect("segment").len();
                    }
                    black_box(t)
                })
            });
        }
        Err(e) => eprintln!("segment/lindera_segment_worker skipped: {e}"),
    }
    g.finish();

    // What the pipeline pays per rayon `map_init` job: taking an idle worker from the tokenizer
    // (and giving it back when dropped). No throughput: a fixed cost.
    c.bench_function("segment_setup/new_worker", |b| {
        b.iter(|| black_box(fx.tokenizer.worker()))
    });

    let mut g = c.benchmark_group("themes");
    g.throughput(Throughput::Bytes(fx.norm_bytes));
    g.bench_function("hits", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (text, seg) in fx.norms.iter().zip(&fx.segs) {
                n += fx.themes.hits(black_box(text), seg).len();
            }
            black_box(n)
        })
    });
    g.finish();

    let recorded = record(&fx);
    let mut g = c.benchmark_group("frames");
    g.throughput(Throughput::Bytes(fx.raw_bytes));
    // In memory only: without a folder the Aggregator streams nothing (no remarks, theme_counts
    // or top_terms files).
    g.bench_function("visit", |b| {
        b.iter(|| black_box(feed(&fx.themes, &recorded, None).meetings.len()))
    });
    let agg = feed(&fx.themes, &recorded, None);
    // meetings, themes_by_committee, speaker_themes, committee_keyness (theme_counts and
    // top_terms are streamed to the folder while visiting, so they are not built here).
    g.bench_function("tables", |b| {
        b.iter(|| {
            let t = agg.tables().expect("tables");
            black_box(t.meetings.height() + t.committee_keyness.height())
        })
    });
    // Everything `kaigi count` does after the pipeline, into a temporary folder: visiting with
    // the streamed tables (remarks, theme_counts, top_terms as CSV + Parquet), then the other
    // tables and writing them.
    g.bench_function("count_outputs", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let agg = feed(&fx.themes, &recorded, Some(dir.path()));
            let mut t = agg.tables().expect("tables");
            for (name, df) in [
                ("meetings", &mut t.meetings),
                ("themes_by_committee", &mut t.themes_by_committee),
                ("speaker_themes", &mut t.speaker_themes),
            ] {
                tables::write_table(df, dir.path(), name).expect("write");
            }
            black_box(dir)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(fx.raw_bytes));
    g.bench_function("run/no_cache", |b| {
        b.iter(|| {
            let cfg = pipeline_config(&fx);
            let mut agg = Aggregator::new(ThemeInfo::of(&fx.themes), 50, None).expect("aggregator");
            let s = pipeline::run(&cfg, &mut agg, &NoProgress).expect("run");
            black_box(s.tokens)
        })
    });
    g.finish();
}

criterion_group! {
    name = stages;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = benches
}
criterion_main!(stages);
