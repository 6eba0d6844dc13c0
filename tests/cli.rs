//! CLI tests: the `kaigi` binary run in temporary folders, as a researcher would run it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaigi() -> Command {
    let mut c = Command::cargo_bin("kaigi").unwrap();
    c.current_dir(root());
    c
}

fn copy_corpus(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(root().join("data/corpus")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Runs `c`, asserts it succeeds, and gives its standard output.
fn success_stdout(c: &mut Command) -> String {
    String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn help_explains_every_command_and_option() {
    kaigi().arg("--help").assert().success().stdout(
        predicate::str::contains("parse")
            .and(predicate::str::contains("run"))
            .and(predicate::str::contains("kwic")),
    );
    kaigi().args(["parse", "--help"]).assert().success().stdout(
        predicate::str::contains("--out")
            .and(predicate::str::contains("--json"))
            .and(predicate::str::contains("data/corpus")),
    );
    kaigi().args(["run", "--help"]).assert().success().stdout(
        predicate::str::contains("--themes")
            .and(predicate::str::contains("--font"))
            .and(predicate::str::contains("--themes-shown"))
            .and(predicate::str::contains("--no-cache"))
            .and(predicate::str::contains("--dict-source")),
    );
}

#[test]
fn usage_errors_exit_2() {
    kaigi().args(["parse", "--threads", "x"]).assert().code(2);
    kaigi().args(["frobnicate"]).assert().code(2);
    kaigi()
        .args(["parse", "/nonexistent/corpus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/corpus"));
}

#[test]
fn parse_writes_meetings_and_remarks_and_a_line_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    kaigi()
        .args(["parse", "data/corpus", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "parsed  000_b238a9f1fedf0e2f.txt  12 remarks",
        ))
        .stdout(predicate::str::contains("5 meetings, 112 remarks"));
    let meetings = read(&out.join("meetings.csv"));
    assert_eq!(meetings.lines().count(), 6);
    assert!(meetings.starts_with(
        "meeting_id,source,committee,parent,ministry,session,date,style,remarks,tokens"
    ));
    assert!(meetings.contains(",2019-11-01,ministry_labelled,12,"));
    assert!(
        meetings.contains(",ministry_bullets,"),
        "002 is bulleted: {meetings}"
    );
    let mut rdr = csv::Reader::from_path(out.join("remarks.csv")).unwrap();
    assert_eq!(rdr.records().count(), 112);
    assert!(out.join("remarks.parquet").is_file() && out.join("meetings.parquet").is_file());
}

#[test]
fn parse_json_prints_one_meeting() {
    let out =
        success_stdout(kaigi().args(["parse", "data/corpus/004_e813b9f8a06dd409.txt", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["date"], "2024-02-09");
    assert_eq!(v["remarks"].as_array().unwrap().len(), 16);
    assert_eq!(v["remarks"][2]["speaker_label"], "JSSEC仲上氏");
}

#[test]
fn bad_files_are_named_skipped_and_the_rest_written() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    std::fs::write(corpus.join("binary.txt"), [0u8, 1, 2, 3, 0xff, 0xfe, 0, 0]).unwrap();
    std::fs::write(
        corpus.join("noremarks.txt"),
        "議事要旨\n\n本文だけがある。\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    kaigi()
        .args(["parse"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.txt: empty file"))
        .stderr(predicate::str::contains("binary.txt: binary file"))
        .stderr(predicate::str::contains("noremarks.txt: no remarks found"));
    assert_eq!(read(&out.join("meetings.csv")).lines().count(), 6);
}

#[test]
fn run_writes_every_output_and_manifest_accounts_for_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    let out = tmp.path().join("reports");
    kaigi()
        .arg("run")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .assert()
        .code(1);
    for t in [
        "meetings",
        "remarks",
        "theme_counts",
        "themes_by_committee",
        "speaker_themes",
        "top_terms",
        "committee_keyness",
        "remark_themes",
    ] {
        assert!(out.join(format!("{t}.csv")).is_file(), "{t}.csv");
        assert!(out.join(format!("{t}.parquet")).is_file(), "{t}.parquet");
    }
    for c in [
        "theme_trends",
        "committee_themes",
        "meeting_themes",
        "speaker_roles",
    ] {
        assert!(
            out.join(format!("{c}.png")).is_file() && out.join(format!("{c}.svg")).is_file(),
            "{c}"
        );
    }
    let html = read(&out.join("report.html"));
    assert!(html.contains("data:image/png;base64,") && html.contains("Corpus summary"));
    let m: serde_json::Value = serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 6);
    let empty = inputs.iter().find(|i| i["path"] == "empty.txt").unwrap();
    assert_eq!(empty["status"], "skipped");
    assert_eq!(empty["reason"], "empty file");
    assert_eq!(inputs.iter().filter(|i| i["status"] == "parsed").count(), 5);
    assert!(inputs.iter().all(|i| i["sha256"]
        .as_str()
        .is_some_and(|s| s.len() == 64 || i["path"] == "empty.txt")));
    assert!(m["themes"]["themes"].as_u64().unwrap() >= 20);
    assert!(m["dictionary"]["sha256"].as_str().unwrap().len() == 64);
    assert!(m["timings"]["segment+match"].is_number());
    // theme_counts keeps zero rows: meetings × themes.
    let themes = m["themes"]["themes"].as_u64().unwrap() as usize;
    assert_eq!(
        read(&out.join("theme_counts.csv")).lines().count(),
        1 + 5 * themes
    );
}

#[test]
fn results_are_byte_identical_for_any_thread_count_and_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for (i, threads) in ["1", "2", "8", "2"].iter().enumerate() {
        let out = tmp.path().join(format!("out{i}"));
        let mut cmd = kaigi();
        cmd.args(["count", "--threads", threads, "-q", "--out"])
            .arg(&out);
        if i == 3 {
            cmd.arg("--no-cache");
        }
        cmd.assert().success();
        outs.push(out);
    }
    for name in [
        "meetings.csv",
        "remarks.csv",
        "theme_counts.csv",
        "themes_by_committee.csv",
        "speaker_themes.csv",
        "top_terms.csv",
        "remark_themes.csv",
        "meetings.parquet",
        "remarks.parquet",
        "remark_themes.parquet",
        "theme_counts.parquet",
        "speaker_themes.parquet",
    ] {
        let first = std::fs::read(outs[0].join(name)).unwrap();
        for o in &outs[1..] {
            assert!(
                first == std::fs::read(o.join(name)).unwrap(),
                "{name} differs in {}",
                o.display()
            );
        }
    }
}

#[test]
fn theme_file_errors_name_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[[theme]]\nid = \"a\"\nterms = []\n").unwrap();
    kaigi()
        .args(["themes", "check", "--themes"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:3:").and(predicate::str::contains("no terms")));
    std::fs::write(&bad, "[[theme]]\nid = \"a\"\nterms = [\"通信の秘密\"]\ncounter_examples = [\"通信の秘密の侵害\"]\n").unwrap();
    kaigi()
        .args(["themes", "check", "--themes"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("counter-example"));
    kaigi()
        .args(["themes", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("all pass"));
}

#[test]
fn kwic_shows_each_hit_with_context() {
    let tmp = tempfile::tempdir().unwrap();
    let csv_path = tmp.path().join("kwic.csv");
    kaigi()
        .args(["kwic", "通信の秘密", "--csv"])
        .arg(&csv_path)
        .assert()
        .success()
        .stderr(predicate::str::contains("11 hits"));
    let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 11);
    assert!(rows
        .iter()
        .all(|r| &r[9] == "通信の秘密" && &r[2] == "2019-11-01"));
    assert!(rows.iter().any(|r| &r[4] == "林"));
    kaigi()
        .args(["kwic", "notice"])
        .assert()
        .success()
        .stdout(predicate::str::contains("【NOTICE】"))
        .stderr(predicate::str::contains("35 hits"));
}

#[test]
fn kwic_filters_and_says_when_nothing_matches() {
    let out = success_stdout(kaigi().args([
        "kwic",
        "notice",
        "--committee",
        "分科会",
        "--from",
        "2023-01-01",
        "--window",
        "3",
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 29, "NOTICE's hits in the 2023 分科会 meeting");
    assert!(lines.iter().all(|l| l.starts_with("2023-05-18")));
    kaigi()
        .args([
            "kwic",
            "notice",
            "--until",
            "2019-12-31",
            "--role",
            "member",
        ])
        .assert()
        .success();
    kaigi()
        .args(["kwic", "suply_chain"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no theme `suply_chain`")
                .and(predicate::str::contains("supply_chain"))
                .and(predicate::str::contains("nothing matches")),
        );
    kaigi()
        .args(["kwic", "notice", "--from", "2023-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    kaigi()
        .args(["kwic", "notice", "--role", "boss"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chair"));
}

#[test]
fn speakers_suggest_drafts_a_file_that_run_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("speakers.toml");
    kaigi()
        .args(["speakers", "suggest", "data/corpus", "--out"])
        .arg(&draft)
        .assert()
        .success()
        .stderr(predicate::str::contains("葛 → 蔦").and(predicate::str::contains("赤坂 → 赤阪")));
    let text = read(&draft);
    assert!(text.contains("names = [\"蔦\", \"葛\"]"), "{text}");
    // An existing file is not overwritten without --force.
    kaigi()
        .args(["speakers", "suggest", "data/corpus", "--out"])
        .arg(&draft)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    let out = tmp.path().join("reports");
    kaigi()
        .args([
            "run",
            "data/corpus",
            "--no-cache",
            "-q",
            "--by",
            "parent",
            "--speakers",
        ])
        .arg(&draft)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let remarks = read(&out.join("remarks.csv"));
    let header = remarks.lines().next().unwrap();
    assert!(header.ends_with(",speaker_id"), "{header}");
    // 葛's remark carries 蔦's id.
    assert!(remarks
        .lines()
        .any(|l| l.contains(",葛,") && l.ends_with(",蔦")));
    assert!(out.join("themes_by_parent.csv").is_file());
    assert!(out.join("parent_keyness.csv").is_file());
    for t in [
        "term_counts",
        "theme_firsts",
        "theme_bursts",
        "theme_cooccurrence",
        "speaker_trajectories",
        "emerging_terms",
    ] {
        assert!(out.join(format!("{t}.csv")).is_file(), "{t}");
        assert!(out.join(format!("{t}.parquet")).is_file(), "{t}");
    }
}

/// A temporary folder with the samples' `kaigi parse` output in `reports/`.
fn parsed_reports() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    kaigi()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    (tmp, out)
}

#[test]
fn a_failed_run_leaves_previous_reports_whole() {
    let (tmp, out) = parsed_reports();
    std::fs::write(out.join("README.md"), "keep me").unwrap();
    let before = read(&out.join("meetings.csv"));
    // A theme file error stops `count` before anything is written.
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "not toml [").unwrap();
    kaigi()
        .args(["count", "-q", "--themes"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(read(&out.join("meetings.csv")), before);
    // A successful run replaces the tables but keeps files it does not write.
    kaigi()
        .args(["count", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(read(&out.join("README.md")), "keep me");
    assert!(
        read(&out.join("meetings.csv")) != before,
        "tokens are now counted"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("kaigi-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_output_folder_may_be_the_working_folder_and_keeps_what_kaigi_did_not_write() {
    use std::os::unix::fs::{symlink, FileTypeExt};
    let (tmp, out) = parsed_reports();
    // Entries kaigi did not write stay as they are, never opened or followed: a FIFO (opening
    // it would hang), a symlink loop, a symlink to a file.
    let fifo = out.join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    symlink(&out, out.join("loop")).unwrap();
    symlink(root().join("README.md"), out.join("link")).unwrap();
    kaigi()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo());
    assert_eq!(std::fs::read_link(out.join("loop")).unwrap(), out);
    assert!(out
        .join("link")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    // `--out .` writes into the folder kaigi runs in.
    let here = tmp.path().join("here");
    std::fs::create_dir(&here).unwrap();
    std::fs::write(here.join("notes.txt"), "keep me").unwrap();
    kaigi()
        .current_dir(&here)
        .args(["parse", "-q", "--out", "."])
        .arg(root().join("data/corpus"))
        .assert()
        .success();
    assert_eq!(read(&here.join("notes.txt")), "keep me");
    assert_eq!(read(&here.join("meetings.csv")).lines().count(), 6);
}

#[test]
fn a_run_that_finds_no_meeting_fails_and_keeps_the_previous_reports() {
    let (tmp, out) = parsed_reports();
    let before = read(&out.join("meetings.csv"));
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let only_bad = tmp.path().join("bad");
    std::fs::create_dir(&only_bad).unwrap();
    std::fs::write(only_bad.join("x.txt"), "議事要旨\n\n本文だけがある。\n").unwrap();
    for (cmd, corpus) in [("parse", &empty), ("count", &empty), ("parse", &only_bad)] {
        kaigi()
            .args([cmd, "-q"])
            .arg(corpus)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no meetings found"))
            .stderr(predicate::str::contains(corpus.to_string_lossy().as_ref()));
        assert_eq!(read(&out.join("meetings.csv")), before, "{cmd} {corpus:?}");
    }
}

#[test]
fn a_run_killed_midway_leaves_the_previous_reports_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    // 25 MB of distinct meetings (a trailing line after 以上 makes each copy's content unique).
    let samples: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("data/corpus"))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    for i in 0..220 {
        for (name, bytes) in &samples {
            let mut b = bytes.clone();
            b.extend_from_slice(format!("\n{i}\n").as_bytes());
            std::fs::write(corpus.join(format!("{i:03}_{name}")), b).unwrap();
        }
    }
    let out = tmp.path().join("reports");
    kaigi()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let before: Vec<(String, Vec<u8>)> = {
        let mut v: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let bin = assert_cmd::cargo::cargo_bin("kaigi");
    let mut child = std::process::Command::new(bin)
        .current_dir(root())
        .args(["count", "-q", "--no-cache", "--threads", "1", "--out"])
        .arg(&out)
        .arg(&corpus)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        still_running,
        "the run finished before it could be killed; make the corpus larger"
    );
    let mut after: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    after.sort();
    assert!(before == after, "reports changed by a killed run");
    // The next run cleans up the killed run's staging folder and succeeds.
    kaigi()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let leftovers = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("kaigi-tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

/// Runs `kaigi run` with the cache in `cache` (on `corpus`, or the default one) and gives its
/// manifest.
fn run_cached(
    cache: &Path,
    corpus: Option<&Path>,
    themes: &Path,
    out: &Path,
    extra: &[&str],
) -> serde_json::Value {
    let mut c = kaigi();
    c.env("KAIGI_CACHE_DIR", cache).arg("run");
    if let Some(corpus) = corpus {
        c.arg(corpus);
    }
    c.args(["-q", "--themes"])
        .arg(themes)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    serde_json::from_str(&read(&out.join("manifest.json"))).unwrap()
}

#[test]
fn rerun_after_a_theme_change_uses_the_cache_and_gives_the_same_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let run = |out: &str, themes: &Path, extra: &[&str]| {
        let m = run_cached(&cache, None, themes, &tmp.path().join(out), extra);
        m["timings"]["files_from_cache"].as_u64().unwrap()
    };
    let themes = root().join("data/themes.toml");
    assert_eq!(run("first", &themes, &[]), 0, "cold cache");
    // Edit only the theme file: drop the first theme.
    let text = read(&themes);
    let second = text.match_indices("[[theme]]").nth(1).unwrap().0;
    let edited = tmp.path().join("edited.toml");
    std::fs::write(&edited, &text[second..]).unwrap();
    assert_eq!(run("rerun", &edited, &[]), 5, "tokens come from the cache");
    assert_eq!(run("fresh", &edited, &["--no-cache"]), 0);
    for f in [
        "theme_counts.csv",
        "meetings.csv",
        "remarks.csv",
        "top_terms.csv",
        "committee_keyness.csv",
    ] {
        assert_eq!(
            read(&tmp.path().join("rerun").join(f)),
            read(&tmp.path().join("fresh").join(f)),
            "{f}"
        );
    }
    // Another user dictionary changes segmentation: its cache entries are not used.
    let ud = tmp.path().join("userdict.csv");
    std::fs::write(&ud, "通信の秘密,名詞,ツウシンノヒミツ\n").unwrap();
    assert_eq!(
        run("otherdict", &edited, &["--userdict", ud.to_str().unwrap()]),
        0
    );
}

/// Sums `hits` of a CSV by (meeting_id, theme).
fn hits_by_meeting_theme(p: &Path) -> std::collections::BTreeMap<(String, String), u64> {
    let mut rdr = csv::Reader::from_path(p).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (m, t, k) = (col("meeting_id"), col("theme"), col("hits"));
    let mut out = std::collections::BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let hits: u64 = r[k].parse().unwrap();
        if hits > 0 {
            *out.entry((r[m].to_string(), r[t].to_string())).or_default() += hits;
        }
    }
    out
}

#[test]
fn rerun_into_the_same_folder_reuses_remarks_only_when_nothing_they_depend_on_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    let cache = tmp.path().join("cache");
    let themes = root().join("data/themes.toml");
    let text = read(&themes);
    let second = text.match_indices("[[theme]]").nth(1).unwrap().0;
    let edited = tmp.path().join("edited.toml");
    std::fs::write(&edited, &text[second..]).unwrap();
    // Runs `kaigi run` into `out`; gives whether the theme-independent tables were reused,
    // and how many files the store gave.
    let run_counting = |out: &str, themes: &Path, extra: &[&str]| -> (bool, u64) {
        let m = run_cached(&cache, Some(&corpus), themes, &tmp.path().join(out), extra);
        assert_eq!(m["reusable"]["key"].as_str().unwrap().len(), 64);
        (
            m["timings"]["remarks_reused"].as_f64().unwrap() == 1.0,
            m["timings"]["files_from_cache"].as_u64().unwrap(),
        )
    };
    let run = |out: &str, themes: &Path, extra: &[&str]| run_counting(out, themes, extra).0;
    let same = |a: &str, b: &str| {
        for f in [
            "remarks.csv",
            "remarks.parquet",
            "remark_themes.csv",
            "theme_counts.csv",
            "top_terms.csv",
            "top_terms.parquet",
            "meetings.csv",
            "meetings.parquet",
            "speaker_themes.csv",
            "committee_keyness.csv",
            "themes_by_committee.csv",
        ] {
            assert!(
                std::fs::read(tmp.path().join(a).join(f)).unwrap()
                    == std::fs::read(tmp.path().join(b).join(f)).unwrap(),
                "{f}: {a} and {b} differ"
            );
        }
        // The report too (the excerpts of reused tables included), but for the command line
        // it shows.
        let report = |d: &str| -> Vec<String> {
            read(&tmp.path().join(d).join("report.html"))
                .lines()
                .filter(|l| !l.contains("cargo run"))
                .map(str::to_string)
                .collect()
        };
        assert!(report(a) == report(b), "report.html: {a} and {b} differ");
    };
    // Every minutes file of the corpus parses.
    let all = std::fs::read_dir(&corpus).unwrap().count() as u64;
    assert!(all >= 5);
    assert_eq!(
        run_counting("reports", &themes, &[]),
        (false, 0),
        "nothing to reuse yet"
    );
    // Only the theme file changed: the tables are reused, theme tables follow the new themes,
    // and every file comes from the store.
    assert_eq!(run_counting("reports", &edited, &[]), (true, all));
    assert!(
        !run("fresh", &edited, &["--no-cache"]),
        "--no-cache never reuses"
    );
    same("reports", "fresh");
    // Into a new folder: nothing to reuse there, but every file still comes from the store.
    assert_eq!(run_counting("elsewhere", &edited, &[]), (false, all));
    same("elsewhere", "fresh");
    // A theme never counted before.
    let added = tmp.path().join("added.toml");
    std::fs::write(
        &added,
        format!(
            "{}\n[[theme]]\nid = \"zz_new\"\nterms = [\"について\", \"委員\", \"検討\"]\nexclude = [\"検討会\"]\n",
            &text[second..]
        ),
    )
    .unwrap();
    assert_eq!(run_counting("reports", &added, &[]), (true, all));
    run("fresh-added", &added, &["--no-cache"]);
    same("reports", "fresh-added");
    assert!(read(&tmp.path().join("reports/theme_counts.csv")).contains(",zz_new,"));
    // Back to the first theme file.
    assert_eq!(run_counting("reports", &edited, &[]), (true, all));
    same("reports", "fresh");
    let first_theme = &text[text.find("id = \"").unwrap() + 6..];
    let first_theme = &first_theme[..first_theme.find('"').unwrap()];
    assert!(
        !read(&tmp.path().join("reports/theme_counts.csv")).contains(&format!(",{first_theme},"))
    );
    // remark_themes adds up to theme_counts.
    let per_meeting = hits_by_meeting_theme(&tmp.path().join("reports/theme_counts.csv"));
    assert!(per_meeting.len() > 10);
    assert_eq!(
        hits_by_meeting_theme(&tmp.path().join("reports/remark_themes.csv")),
        per_meeting
    );
    // remarks.csv edited by hand (same size): its hash differs from the manifest's, so it is
    // written again, not reused.
    let remarks = tmp.path().join("reports/remarks.csv");
    std::fs::write(&remarks, read(&remarks).replace("齋藤", "斉藤")).unwrap();
    assert!(!run("reports", &edited, &[]));
    same("reports", "fresh");
    // An input file changed but kept its size: found out by its hash, written again.
    let victim = corpus.join("000_b238a9f1fedf0e2f.txt");
    std::fs::write(&victim, read(&victim).replace("齋藤構成員)", "斎藤構成員)")).unwrap();
    assert_eq!(run_counting("reports", &edited, &[]), (false, all - 1));
    assert!(read(&remarks).contains("斎藤構成員"));
    // One that changed size.
    std::fs::write(&victim, read(&victim) + "\n").unwrap();
    assert!(!run("reports", &edited, &[]));
    assert!(
        run("reports", &themes, &[]),
        "and reused again once written"
    );
}

#[test]
fn a_built_dictionary_can_be_named_with_dict() {
    let out = kaigi()
        .arg("dict")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let loaded = out
        .lines()
        .find_map(|l| l.strip_prefix("loaded: "))
        .unwrap()
        .to_string();
    let tmp = tempfile::tempdir().unwrap();
    kaigi()
        .args(["count", "-q", "--no-cache", "--dict", &loaded, "--out"])
        .arg(tmp.path().join("o"))
        .assert()
        .success();
    assert!(read(&tmp.path().join("o/meetings.csv")).contains(",12,"));
    kaigi()
        .args(["count", "-q", "--dict", "/nonexistent", "--out"])
        .arg(tmp.path().join("p"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--dict /nonexistent")
                .and(predicate::str::contains("mecab-ipadic")),
        );
}

/// A fake tokenization cache folder `name` under `cache/segments`, last used `days` ago.
fn old_cache_folder(cache: &Path, name: &str, days: u64) -> PathBuf {
    let d = cache.join("segments").join(name);
    std::fs::create_dir_all(d.join("ab")).unwrap();
    std::fs::write(d.join("ab/cd.bin"), vec![1u8; 4096]).unwrap();
    let stamp = d.join("last-used");
    std::fs::write(&stamp, b"").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stamp)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(days * 86400))
        .unwrap();
    d
}

#[test]
fn runs_remove_caches_other_versions_left_and_the_cache_command_lists_and_clears() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let corpus = tmp.path().join("corpus");
    copy_corpus(&corpus);
    let stale = old_cache_folder(&cache, "v1-fp-0123456789abcdef", 3);
    let recent = old_cache_folder(&cache, "v2-fp-0123456789abcdef", 0);
    let cache_cmd = |args: &[&str]| {
        let out = kaigi()
            .arg("cache")
            .args(args)
            .arg("--cache-dir")
            .arg(&cache)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let info = cache_cmd(&[]);
    assert!(info.contains("v1-fp-0123456789abcdef"), "{info}");
    assert!(info.contains("another kaigi version"), "{info}");

    // A run removes the folder of another version unused for days, keeps the recent one.
    kaigi()
        .arg("count")
        .arg(&corpus)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .arg("--cache-dir")
        .arg(&cache)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("removed 4.1 kB of tokenization cache")
                .and(predicate::str::contains("1 folder:")),
        );
    assert!(!stale.exists());
    assert!(recent.is_dir());
    let info = cache_cmd(&["info"]);
    assert!(!info.contains("v1-fp-"), "{info}");
    assert!(info.contains("v2-fp-0123456789abcdef"), "{info}");
    assert!(info.contains("this kaigi version"), "{info}");
    assert!(info.contains("built dictionary"), "{info}");

    // `prune` removes other versions whatever their age; this version's cache stays and is
    // read by the next run.
    let pruned = cache_cmd(&["prune"]);
    assert!(pruned.contains("v2-fp-0123456789abcdef"), "{pruned}");
    assert!(!recent.exists());
    let m = run_cached(
        &cache,
        Some(&corpus),
        &root().join("data/themes.toml"),
        &tmp.path().join("out2"),
        &[],
    );
    assert_eq!(
        m["timings"]["files_from_cache"].as_u64(),
        Some(std::fs::read_dir(&corpus).unwrap().count() as u64)
    );

    // `clear` empties the tokenization caches and keeps the dictionary; `--all` removes both.
    cache_cmd(&["clear"]);
    let info = cache_cmd(&[]);
    assert!(!info.contains("segments/"), "{info}");
    assert!(info.contains("dict/"), "{info}");
    cache_cmd(&["clear", "--all"]);
    assert!(cache_cmd(&[]).contains("(empty)"));
}

/// A small local-assembly record as a minutes system's text download gives it: CP932, CRLF,
/// position + name labels, a seat label, an attendee list the surnames resolve from.
const ASSEMBLY: &str = "令和６年第１回架空市議会定例会会議録（第２号）\r
令和６年３月５日（火曜日）\r
出席議員\r
　１番　　山　田　太　郎　　　２番　　鈴　木　花　子\r
説明のため出席した者\r
　市長　　　　　　佐　藤　一　郎\r
○議長（鈴木花子）　ただいまから本日の会議を開きます。\r
○１番（山田太郎）　子育て支援について伺います。\r
○市長（佐藤一郎君）　お答えいたします。\r
〔拍手〕\r
○議長（鈴木花子）　本日はこれで散会します。\r
";

#[test]
fn parse_explain_shows_what_each_line_was_taken_for() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("kakuu.txt");
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(ASSEMBLY);
    assert!(!bad);
    std::fs::write(&file, &bytes).unwrap();
    let out =
        success_stdout(
            kaigi()
                .current_dir(tmp.path())
                .args(["parse", "kakuu.txt", "--explain"]),
        );
    assert!(out.starts_with("style: local_assembly"), "{out}");
    assert!(
        out.contains("session 2, date 2024-03-05, 4 remarks"),
        "{out}"
    );
    let kind_of = |needle: &str| {
        out.lines()
            .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .find(|l| l.contains(needle))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(kind_of("架空市議会"), "title");
    assert_eq!(kind_of("山　田　太　郎"), "attendee");
    assert_eq!(kind_of("〔拍手〕"), "stage");
    assert_eq!(kind_of("子育て支援"), "label");
    assert!(out.contains("→ #2 山田太郎 [member]"), "{out}");
    assert!(out.contains("→ #3 佐藤一郎 [official]"), "{out}");

    // The same file in a corpus: the style is a meetings column, labels leave the text.
    let outdir = tmp.path().join("out");
    kaigi()
        .current_dir(tmp.path())
        .args(["parse", ".", "-q", "--out"])
        .arg(&outdir)
        .assert()
        .success();
    let meetings = read(&outdir.join("meetings.csv"));
    assert!(
        meetings.contains(",2024-03-05,local_assembly,4,"),
        "{meetings}"
    );
    let mut rdr = csv::Reader::from_path(outdir.join("remarks.csv")).unwrap();
    let heads = rdr.headers().unwrap().clone();
    let col = |n: &str| heads.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let speakers: Vec<&str> = rows.iter().map(|r| &r[col("speaker")]).collect();
    assert_eq!(speakers, ["鈴木花子", "山田太郎", "佐藤一郎", "鈴木花子"]);
    assert_eq!(&rows[1][col("text")], "子育て支援について伺います。");
}
