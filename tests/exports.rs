//! What researchers take kaigi's results into other tools with, run as they would run it: the
//! binary from any folder (built-in themes and user dictionary), the token table and
//! document-term matrix, the Parquet types, and shards that add up to the whole corpus.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use polars::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("data/corpus")
}

/// `kaigi` run in `dir` (not the repository).
fn kaigi_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("kaigi").unwrap();
    c.current_dir(dir);
    c
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn parquet(p: &Path) -> DataFrame {
    let f = std::fs::File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    ParquetReader::new(f).finish().unwrap()
}

#[test]
fn runs_from_another_folder_with_the_built_in_themes_and_user_dictionary() {
    let tmp = tempfile::tempdir().unwrap();
    kaigi_in(tmp.path())
        .args(["count", "-q", "--no-cache", "--out", "out"])
        .arg(corpus())
        .assert()
        .success();
    // The same run from the repository, naming the shipped files.
    let named = tmp.path().join("named");
    kaigi_in(&root())
        .args(["count", "-q", "--no-cache", "--themes", "data/themes.toml"])
        .args(["--userdict", "data/userdict.csv", "--out"])
        .arg(&named)
        .arg(corpus())
        .assert()
        .success();
    for t in ["theme_counts.csv", "remarks.csv", "top_terms.csv"] {
        assert_eq!(
            read(&tmp.path().join("out").join(t)),
            read(&named.join(t)),
            "{t}"
        );
    }
    let m: serde_json::Value =
        serde_json::from_str(&read(&tmp.path().join("out/manifest.json"))).unwrap();
    let text = m.to_string();
    assert!(text.contains("built-in data/themes.toml"), "{text}");
    assert!(text.contains("built-in data/userdict.csv"), "{text}");
    // A theme file that is not there is an error naming it, not a fallback.
    kaigi_in(tmp.path())
        .args(["count", "-q", "--themes", "nope.toml"])
        .arg(corpus())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nope.toml"));
}

#[test]
fn tokens_and_document_term_matrix_agree_with_the_token_counts() {
    let tmp = tempfile::tempdir().unwrap();
    for unit in ["remark", "meeting"] {
        let out = tmp.path().join(unit);
        kaigi_in(tmp.path())
            .args([
                "count",
                "-q",
                "--no-cache",
                "--tokens",
                "--dtm",
                unit,
                "--out",
            ])
            .arg(&out)
            .arg(corpus())
            .assert()
            .success();
        let remarks = parquet(&out.join("remarks.parquet"));
        let meetings = parquet(&out.join("meetings.parquet"));
        let total: i64 = remarks
            .column("tokens")
            .unwrap()
            .i64()
            .unwrap()
            .sum()
            .unwrap();
        let tokens = parquet(&out.join("tokens.parquet"));
        assert_eq!(tokens.height() as i64, total);
        assert_eq!(
            tokens
                .get_column_names()
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            [
                "meeting_id",
                "seq",
                "position",
                "surface",
                "base_form",
                "pos"
            ]
        );
        let mtx = read(&out.join("dtm.mtx"));
        let mut lines = mtx.lines();
        assert_eq!(
            lines.next(),
            Some("%%MatrixMarket matrix coordinate real general")
        );
        let mut lines = lines.skip_while(|l| l.starts_with('%'));
        let dims: Vec<usize> = lines
            .next()
            .unwrap()
            .split(' ')
            .map(|x| x.parse().unwrap())
            .collect();
        let terms = read(&out.join("dtm_terms.txt"));
        let docs = parquet(&out.join("dtm_docs.parquet"));
        let want_docs = if unit == "remark" {
            remarks.height()
        } else {
            meetings.height()
        };
        assert_eq!(dims[0], want_docs);
        assert_eq!(docs.height(), want_docs);
        assert_eq!(dims[1], terms.lines().count());
        let mut sum = 0i64;
        let mut row_sums = vec![0i64; dims[0]];
        let mut n = 0;
        for l in lines {
            let v: Vec<i64> = l.split(' ').map(|x| x.parse().unwrap()).collect();
            assert!(v[0] >= 1 && v[0] as usize <= dims[0] && v[1] >= 1 && v[1] as usize <= dims[1]);
            row_sums[v[0] as usize - 1] += v[2];
            sum += v[2];
            n += 1;
        }
        assert_eq!(n, dims[2]);
        assert_eq!(sum, total, "every token counted once");
        let doc_tokens: Vec<i64> = docs
            .column("tokens")
            .unwrap()
            .i64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(
            row_sums, doc_tokens,
            "each row sums to its document's tokens"
        );
        // Terms are base forms, in code-point order, each once.
        let t: Vec<&str> = terms.lines().collect();
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert!(t.contains(&"育てる") || t.contains(&"する"));
    }
}

#[test]
fn parquet_has_dates_as_dates_and_counts_as_int64() {
    let tmp = tempfile::tempdir().unwrap();
    kaigi_in(tmp.path())
        .args(["count", "-q", "--no-cache", "--out", "out"])
        .arg(corpus())
        .assert()
        .success();
    let out = tmp.path().join("out");
    let meetings = parquet(&out.join("meetings.parquet"));
    assert_eq!(meetings.column("date").unwrap().dtype(), &DataType::Date);
    for c in ["session", "remarks", "tokens"] {
        assert_eq!(meetings.column(c).unwrap().dtype(), &DataType::Int64, "{c}");
    }
    let tc = parquet(&out.join("theme_counts.parquet"));
    assert_eq!(tc.column("date").unwrap().dtype(), &DataType::Date);
    assert_eq!(tc.column("hits").unwrap().dtype(), &DataType::Int64);
    assert_eq!(
        tc.column("per_10k_tokens").unwrap().dtype(),
        &DataType::Float64
    );
    // The same dates as the CSV's text.
    let csv_dates: Vec<String> = csv::Reader::from_path(out.join("meetings.csv"))
        .unwrap()
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|r| r.unwrap()["date"].clone())
        .collect();
    let pq_dates: Vec<String> = meetings
        .column("date")
        .unwrap()
        .cast(&DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|d| d.unwrap_or("").to_string())
        .collect();
    assert_eq!(csv_dates, pq_dates);
}

#[test]
fn shards_put_together_are_the_whole_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    kaigi_in(tmp.path())
        .args(["count", "-q", "--no-cache", "--tokens", "--out"])
        .arg(&whole)
        .arg(corpus())
        .assert()
        .success();
    for n in [2usize, 3, 7] {
        let dirs: Vec<PathBuf> = (1..=n)
            .map(|k| {
                let d = tmp.path().join(format!("s{k}of{n}"));
                kaigi_in(tmp.path())
                    .args(["count", "-q", "--no-cache", "--tokens", "--shard"])
                    .arg(format!("{k}/{n}"))
                    .arg("--out")
                    .arg(&d)
                    .arg(corpus())
                    .assert()
                    .success();
                d
            })
            .collect();
        for t in [
            "meetings",
            "remarks",
            "remark_themes",
            "theme_counts",
            "term_counts",
            "top_terms",
            "tokens",
        ] {
            let mut joined = String::new();
            for (k, d) in dirs.iter().enumerate() {
                let s = read(&d.join(format!("{t}.csv")));
                let body = if k == 0 {
                    &s[..]
                } else {
                    &s[s.find('\n').unwrap() + 1..]
                };
                joined.push_str(body);
            }
            assert_eq!(
                joined,
                read(&whole.join(format!("{t}.csv"))),
                "{t} in {n} shards"
            );
        }
    }
    kaigi_in(tmp.path())
        .args(["count", "-q", "--shard", "4/3"])
        .arg(corpus())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("K/N"));
}
