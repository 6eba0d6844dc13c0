//! Regression tests for inputs found by fuzzing (`fuzz/`, targets `parse` and `themes`) and by
//! reading the code the fuzzers exercise. Each input is checked with the same invariants the
//! fuzz targets assert, so a crash found later can be pasted in as one more test.
//!
//! The bugs these tests document were fixed (date plausibility and overflow in parse/date.rs,
//! mapping a label's end back to the line as written in parse/label.rs).

use std::path::Path;

use once_cell::sync::Lazy;

use kaigi::parse::{date, nfkc};
use kaigi::segment::{DictOptions, Tokenizer};
use kaigi::themes::{Theme, ThemeSet};

static TOKENIZER: Lazy<Tokenizer> = Lazy::new(|| {
    let userdict = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/userdict.csv");
    Tokenizer::new(&DictOptions {
        userdict: userdict.is_file().then_some(userdict),
        ..Default::default()
    })
    .expect("dictionary (run scripts/setup.sh to install mecab-ipadic)")
});

/// What fuzz target `parse` asserts: decode, parse, seq 1..=n, empty text only when labelled.
fn check_parse(bytes: &[u8]) {
    let Ok((text, _)) = kaigi::ingest::decode(bytes) else {
        return;
    };
    assert!(!text.contains('\r'));
    let Ok(p) = kaigi::parse::parse(&text, "fuzz/input.txt") else {
        return;
    };
    let m = &p.meeting;
    assert!(!m.remarks.is_empty());
    for (i, r) in m.remarks.iter().enumerate() {
        assert_eq!(r.seq as usize, i + 1, "{:?}", m.remarks);
        assert!(!r.text.is_empty() || !r.speaker_label.is_empty(), "{r:?}");
    }
}

/// What fuzz target `themes` asserts, for one text and the terms of two themes.
fn check_themes(raw: &str, a: &[&str], b: &[&str], exclude: &[&str]) {
    let norm_list = |v: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in v {
            let t = nfkc(t).trim().to_string();
            let pattern =
                t.contains('*') || (t.len() >= 2 && t.starts_with('/') && t.ends_with('/'));
            if !t.is_empty() && !pattern && !out.contains(&t) {
                out.push(t);
            }
        }
        out
    };
    let theme = |id: &str, terms: Vec<String>, exclude: Vec<String>| Theme {
        exclude,
        ..Theme::new(id, terms)
    };
    let set = ThemeSet::from_themes(
        vec![
            theme("a", norm_list(a), norm_list(exclude)),
            theme("b", norm_list(b), vec![]),
        ],
        Path::new("fuzz.toml"),
    )
    .unwrap();
    let text = nfkc(raw);
    let seg = TOKENIZER.worker().segment(&text, false).unwrap();
    assert!(seg.edges.fits(text.len()));
    assert!(seg.edges.is_edge(0) && seg.edges.is_edge(text.len()));
    for h in set.hits(&text, &seg) {
        assert!(h.start < h.end && h.end <= text.len(), "{h:?}");
        assert!(
            seg.edges.is_edge(h.start) && seg.edges.is_edge(h.end),
            "{h:?}"
        );
        assert!(
            text.is_char_boundary(h.start) && text.is_char_boundary(h.end),
            "{h:?}"
        );
        let found = &text[h.start..h.end];
        assert_eq!(set.themes[h.theme].terms[h.term], found, "{h:?}");
    }
}

/// The hand-written seeds under `fuzz/seeds/parse` (UTF-8, Shift_JIS, EUC-JP, UTF-16, CRLF)
/// and the sample corpus hold the invariants.
#[test]
fn seeds_and_samples_hold_the_parse_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["fuzz/seeds/parse", "data/corpus"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            check_parse(&std::fs::read(e.path()).unwrap());
            n += 1;
        }
    }
    assert!(n >= 5);
}

/// Texts NFKC changes in length or splits oddly (combining marks, ligatures, half-width kana
/// with voiced marks, squared era names, BOM/ZWJ, emoji) keep hits on char boundaries.
#[test]
fn nfkc_awkward_texts_keep_hits_on_char_boundaries() {
    for raw in [
        "ｻﾌﾟﾗｲﾁｪｰﾝ㍻ﾞﾟ\u{3099}の対策",
        "e\u{301}ﬁ\u{200d}😀サプライチェーン\u{feff}",
        "Å\u{00a0}NOTICE\u{3000}ＮＯＴＩＣＥ",
        "\u{3099}サプライチェーン",
        "",
    ] {
        check_themes(
            raw,
            &["サプライチェーン", "NOTICE", "ﬁ"],
            &["チェーン", "ﾞ"],
            &["サプライチェーン対策"],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Bugs found while writing the fuzz targets (the fuzzers did not reach them in their runs); fixed
// in f818fc8.

/// `date::find_date` added the era year to the era offset as `i32` after an unchecked
/// `u32 as i32` cast: `era_offset(&c[1])? + number(&c[2])? as i32`. With overflow checks (the
/// default `cargo test` profile and fuzz builds) an era year in (i32::MAX - 2018, i32::MAX]
/// panicked ("attempt to add with overflow"); without them it wrapped to a year chrono rejects.
/// The year is written in kanji ending in 十 so that no other date pattern matches its tail.
#[test]
fn huge_era_year_does_not_panic() {
    // 二一四七四八三六四十 = 214748364 × 10 = 2_147_483_640 (ERA_DATE's kanji numeral form);
    // 2018 + that overflows i32.
    assert_eq!(date::number("二一四七四八三六四十"), Some(2_147_483_640));
    assert_eq!(date::find_date("令和二一四七四八三六四十年1月1日"), None);
    // Through the parser, as a header line.
    check_parse("テスト会議（第1回）議事要旨\n日時：令和二一四七四八三六四十年１月１日\n後藤座長）\n発言。\n".as_bytes());
}

/// The same cast silently wrapped for era years above `i32::MAX`, in every build profile:
/// 令和四二九四九六七二九十年 (4_294_967_290, `as i32` = -6) was read as 2012, and
/// 令和4294967295年 (`as i32` = -1) as 2017.
#[test]
fn era_year_beyond_i32_is_not_wrapped_into_a_real_date() {
    assert_eq!(date::number("四二九四九六七二九十"), Some(4_294_967_290));
    assert_eq!(date::find_date("令和四二九四九六七二九十年1月1日"), None);
    assert_eq!(date::find_date("令和4294967295年1月1日"), None);
    let t = "テスト会議（第1回）議事要旨\n日時：令和四二九四九六七二九十年１月１日\n後藤座長）\n発言。\n";
    let m = kaigi::parse::parse(t, "x.txt").unwrap().meeting;
    assert_eq!(m.date, None);
    // Ordinary era dates still read.
    assert_eq!(
        date::find_date("令和元年11月1日").as_deref(),
        Some("2019-11-01")
    );
    assert_eq!(
        date::find_date("令和六年二月九日").as_deref(),
        Some("2024-02-09")
    );
}

/// WEST_DATE (`([0-9]{4}|[〇一…九]{4})年…月…日`) has no left boundary, unlike ISO_DATE: it reads
/// the last four digits of a longer number as a year (12023年5月18日 → 2023-05-18), and so a
/// huge era year whose ERA_DATE reading fails is still read as a date (令和2147483647年 → 3647).
#[test]
fn west_year_is_not_the_tail_of_a_longer_number() {
    assert_eq!(date::find_date("12023年5月18日"), None);
    assert_eq!(date::find_date("一二〇二三年五月十八日"), None);
    assert_eq!(date::find_date("令和2147483647年1月1日"), None);
    // A real Western date after other text still counts.
    assert_eq!(
        date::find_date("開催:2023年5月18日").as_deref(),
        Some("2023-05-18")
    );
}

/// A labelled line after a full-width list dash (`－ 後藤座長）…`): the label is found in the
/// NFKC line after `strip_dash` removed `- `, but `strip_dash` does not remove `－ ` from the
/// original line, so the two no longer line up. `label::rest_of` maps the label's end back by
/// character count whenever the two lines have the same number of characters, which happens
/// here because NFKC also lengthened the rest (㈱ → (株)): the remark text starts with the tail
/// of the label (`長）`).
#[test]
fn label_after_fullwidth_dash_does_not_leak_into_the_text() {
    let t = "テスト会議（第1回）議事要旨\n山田構成員）\n最初の発言。\n－ 後藤座長）㈱について。\n";
    let m = kaigi::parse::parse(t, "x.txt").unwrap().meeting;
    let last = m.remarks.last().unwrap();
    assert_eq!(last.speaker, "後藤");
    assert_eq!(last.text, "㈱について。");
}
