//! Bad-input suite: files the tests generate (encodings, broken files, duplicates, unreadable
//! paths, a 200 MB file). Each must be named with its reason, the other inputs processed, and
//! `manifest.json` must account for every input file.

use std::path::PathBuf;

use assert_cmd::Command;
use encoding_rs::{EUC_JP, SHIFT_JIS};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kaigi() -> Command {
    let mut c = Command::cargo_bin("kaigi").unwrap();
    c.current_dir(root());
    c
}

/// Small minutes in the 【】 house style, with a distinct date so each file is its own meeting.
fn minutes(day: u32, body: &str) -> String {
    format!(
        "検証用研究会（第{day}回）議事録\n\n1. 日時：令和６年３月{day}日（月）１０：００～１１：００\n2. 場所：オンライン\n3. 議事概要\n\n【後藤座長】\n{body}\n\n【山田委員】\nサプライチェーンの対策について意見を述べる。\n\n以上\n"
    )
}

fn encode(enc: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
    let (b, _, errors) = enc.encode(s);
    assert!(!errors);
    b.into_owned()
}

fn utf16(s: &str, le: bool) -> Vec<u8> {
    let mut b = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in s.encode_utf16() {
        b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    /// None: parsed; Some(reason fragment): skipped.
    skip: Option<&'static str>,
    encoding: &'static str,
}

fn cases() -> Vec<Case> {
    let mut truncated = minutes(9, "通信の秘密について。").into_bytes();
    truncated.truncate(truncated.len() - 2); // inside 以上's last character? keep cutting a multibyte char
    while std::str::from_utf8(&truncated).is_ok() {
        truncated.pop();
    }
    vec![
        Case { name: "empty.txt", bytes: vec![], skip: Some("empty file"), encoding: "" },
        Case { name: "binary.txt", bytes: (0u8..=255).cycle().take(4096).collect(), skip: Some("binary file"), encoding: "" },
        Case { name: "truncated.txt", bytes: truncated, skip: Some("truncated UTF-8"), encoding: "UTF-8" },
        Case { name: "cp932.txt", bytes: encode(SHIFT_JIS, &minutes(1, "ＮＯＴＩＣＥの取組を進める。髙橋委員の指摘①")), skip: None, encoding: "Shift_JIS" },
        Case { name: "eucjp.txt", bytes: encode(EUC_JP, &minutes(2, "通信の秘密について述べる。")), skip: None, encoding: "EUC-JP" },
        Case { name: "utf16le.txt", bytes: utf16(&minutes(3, "人材育成が重要である。"), true), skip: None, encoding: "UTF-16LE (BOM)" },
        Case { name: "utf16be.txt", bytes: utf16(&minutes(4, "人材育成が重要である。"), false), skip: None, encoding: "UTF-16BE (BOM)" },
        Case { name: "crlf.txt", bytes: minutes(5, "改行がCRLFである。").replace('\n', "\r\n").into_bytes(), skip: None, encoding: "UTF-8" },
        Case { name: "bom.txt", bytes: [&[0xEF, 0xBB, 0xBF][..], minutes(6, "BOM付き。").as_bytes()].concat(), skip: None, encoding: "UTF-8 (BOM)" },
        Case {
            name: "nodate.txt",
            bytes: "日付のない会議 議事録\n\n【後藤座長】\n日付がない。\n".as_bytes().to_vec(),
            skip: None,
            encoding: "UTF-8",
        },
        Case {
            name: "noremarks.txt",
            bytes: "検証用研究会（第7回）議事録\n\n日時：令和６年３月７日\n\n本日は資料の説明のみ行った。\n".as_bytes().to_vec(),
            skip: Some("no remarks found"),
            encoding: "UTF-8",
        },
        Case {
            name: "headeronly.txt",
            bytes: "検証用研究会（第8回）議事録\n\n1. 日時：令和６年３月８日\n2. 場所：オンライン\n3. 出席者：\n【構成員】\n後藤座長、山田委員\n".as_bytes().to_vec(),
            skip: Some("no remarks found"),
            encoding: "UTF-8",
        },
        Case { name: "original.txt", bytes: minutes(10, "同じ会議。").into_bytes(), skip: None, encoding: "UTF-8" },
        Case { name: "renamed_copy.txt", bytes: minutes(10, "同じ会議。").into_bytes(), skip: Some("duplicate: same content as original.txt"), encoding: "UTF-8" },
    ]
}

#[test]
fn every_bad_input_is_named_the_rest_processed_and_the_manifest_accounts_for_all() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    for c in cases() {
        std::fs::write(corpus.join(c.name), &c.bytes).unwrap();
    }
    // A dangling symlink (unreadable: root can read any file, so permissions cannot be used in
    // CI) and a symlink loop.
    std::os::unix::fs::symlink(corpus.join("gone.txt"), corpus.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(&corpus, corpus.join("sub/loop")).unwrap();
    let out = tmp.path().join("out");
    let assert = kaigi()
        .args(["run", "-q", "--threads", "2", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    let find = |p: &str| {
        inputs
            .iter()
            .find(|i| i["path"] == p)
            .unwrap_or_else(|| panic!("{p} not in manifest: {inputs:#?}"))
    };
    for c in cases() {
        let i = find(c.name);
        match c.skip {
            Some(reason) => {
                assert_eq!(i["status"], "skipped", "{}", c.name);
                let r = i["reason"].as_str().unwrap();
                assert!(r.contains(reason), "{}: {r}", c.name);
                assert!(
                    stderr.contains(&format!("skipped {}: ", c.name)),
                    "{} not on stderr:\n{stderr}",
                    c.name
                );
            }
            None => {
                assert_eq!(i["status"], "parsed", "{}: {:?}", c.name, i["reason"]);
                assert_eq!(i["encoding"], c.encoding, "{}", c.name);
            }
        }
        if !c.bytes.is_empty() {
            assert_eq!(i["bytes"].as_u64(), Some(c.bytes.len() as u64));
            assert_eq!(i["sha256"].as_str().unwrap().len(), 64);
        }
    }
    let dangling = find("dangling.txt");
    assert_eq!(dangling["status"], "skipped");
    assert!(dangling["reason"].as_str().unwrap().contains("cannot read"));
    let lp = find("sub/loop");
    assert!(lp["reason"].as_str().unwrap().contains("symlink loop"));
    // Nothing silently dropped: files in the folder = entries in the manifest.
    assert_eq!(inputs.len(), cases().len() + 2);
    // Meetings: every parsed file once (the duplicate counted once).
    let parsed = cases().iter().filter(|c| c.skip.is_none()).count();
    assert_eq!(manifest["totals"]["meetings"].as_u64(), Some(parsed as u64));
    let meetings = std::fs::read_to_string(out.join("meetings.csv")).unwrap();
    assert_eq!(meetings.lines().count(), parsed + 1);
    // Decoded text is right in every encoding: the themes are counted in the legacy files too.
    let tc = std::fs::read_to_string(out.join("theme_counts.csv")).unwrap();
    let hit = |mid: &str, theme: &str| {
        tc.lines()
            .find(|l| l.starts_with(&format!("{mid},")) && l.contains(&format!(",{theme},")))
            .and_then(|l| l.split(',').nth(4))
            .map(|h| h.to_string())
    };
    assert_eq!(hit("cp932", "notice").as_deref(), Some("1"));
    assert_eq!(hit("eucjp", "secrecy").as_deref(), Some("1"));
    assert_eq!(hit("utf16le", "hr_development").as_deref(), Some("1"));
    assert_eq!(hit("utf16be", "supply_chain").as_deref(), Some("1"));
    // The meeting without a date is kept, with an empty date and a warning.
    assert!(meetings
        .lines()
        .any(|l| l.starts_with("nodate,") && l.contains(",,")));
    assert!(find("nodate.txt")["warnings"][0]
        .as_str()
        .unwrap()
        .contains("no meeting date"));
    let remarks = std::fs::read_to_string(out.join("remarks.csv")).unwrap();
    assert!(
        remarks.contains("髙橋委員の指摘①"),
        "CP932 extensions decoded"
    );
}

#[test]
fn a_200_mb_single_file_is_parsed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let mut text =
        String::from("巨大研究会（第1回）議事録\n\n日時：令和６年４月１日\n\n議事概要\n\n");
    let block = "【後藤座長】\nサプライチェーンの対策と人材育成について、通信の秘密に配慮しつつ議論したい。これは長い発言の一部である。\n\n【山田委員】\nNOTICEの取組は重要である。\n\n";
    while text.len() < 200 * 1024 * 1024 {
        text.push_str(block);
    }
    text.push_str("以上\n");
    let expected_remarks = 2 * (text.matches("【後藤座長】").count());
    std::fs::write(corpus.join("big.txt"), &text).unwrap();
    drop(text);
    let out = tmp.path().join("out");
    kaigi()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .success();
    let meetings = std::fs::read_to_string(out.join("meetings.csv")).unwrap();
    let row = meetings.lines().nth(1).unwrap();
    assert!(
        row.contains(&format!(
            ",2024-04-01,ministry_labelled,{expected_remarks},"
        )),
        "{row}"
    );
}

#[test]
fn theme_file_with_errors_is_named_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let themes = tmp.path().join("themes.toml");
    std::fs::write(
        &themes,
        "[[theme]]\nid = \"a\"\nterms = [\"x\"]\nlable = \"typo\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let a = kaigi()
        .args(["count", "--themes"])
        .arg(&themes)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr);
    assert!(
        stderr.contains("themes.toml:4:") && stderr.contains("lable"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn manifest_is_identical_across_runs_and_thread_counts_apart_from_timings() {
    let tmp = tempfile::tempdir().unwrap();
    let mut manifests = Vec::new();
    for (i, t) in ["1", "2", "8"].iter().enumerate() {
        let out = tmp.path().join(format!("o{i}"));
        kaigi()
            .args(["run", "-q", "--threads", t, "--out"])
            .arg(&out)
            .assert()
            .success();
        let mut m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
                .unwrap();
        m.as_object_mut().unwrap().remove("timings");
        m.as_object_mut().unwrap().remove("threads");
        let cmd = m["command"]
            .as_str()
            .unwrap()
            .replace(&format!("--threads {t} "), "")
            .replace(&format!("o{i}"), "o");
        m["command"] = serde_json::Value::String(cmd);
        manifests.push(m);
        for f in [
            "committee_keyness.csv",
            "committee_keyness.parquet",
            "top_terms.parquet",
            "themes_by_committee.parquet",
        ] {
            assert!(out.join(f).is_file());
        }
    }
    assert_eq!(manifests[0], manifests[1]);
    assert_eq!(manifests[0], manifests[2]);
    let a = std::fs::read(tmp.path().join("o0/committee_keyness.csv")).unwrap();
    let b = std::fs::read(tmp.path().join("o2/committee_keyness.csv")).unwrap();
    assert!(a == b);
}

#[test]
fn a_path_longer_than_the_system_allows_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), minutes(1, "本文です。")).unwrap();
    // Nested by relative steps (python3, which scripts/setup.sh installs: a shell's `cd` stops
    // at PATH_MAX), so that the file's full path passes PATH_MAX (4096 bytes).
    let script = "import os, shutil, sys\n\
                  os.chdir(sys.argv[1])\n\
                  for _ in range(18):\n    os.mkdir('d' * 250)\n    os.chdir('d' * 250)\n\
                  shutil.copy(os.path.join(sys.argv[1], 'a.txt'), 'deep.txt')\n";
    assert!(std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&corpus)
        .status()
        .unwrap()
        .success());
    let out = tmp.path().join("out");
    kaigi()
        .args(["parse", "-q"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("File name too long"));
}
