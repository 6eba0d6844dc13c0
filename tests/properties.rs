//! Property tests (proptest) for the invariants theme counting relies on:
//!
//! (a) layout line breaks — a `\n` inside a line that the parser joins back — never change a
//!     remark's text nor its theme hits;
//! (b) full-width and half-width forms of ASCII letters and digits count alike, in the text and
//!     in the theme file;
//! (c) the pipeline's results never depend on the rayon thread count (1, 2 or 4 threads).
//!
//! Cases are kept small; run with `cargo test --release --test properties` (a few seconds).

use std::path::Path;
use std::sync::Mutex;

use once_cell::sync::Lazy;
use proptest::prelude::*;
use proptest::sample::Index;

use kaigi::model::Meeting;
use kaigi::parse::nfkc;
use kaigi::pipeline::{self, Config, NoProgress, RemarkResult, Visitor};
use kaigi::segment::{DictOptions, Noun, Tokenizer};
use kaigi::themes::ThemeSet;

/// One tokenizer for every case (loading the dictionary once).
static TOKENIZER: Lazy<Tokenizer> = Lazy::new(|| {
    let userdict = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/userdict.csv");
    Tokenizer::new(&DictOptions {
        userdict: userdict.is_file().then_some(userdict),
        ..Default::default()
    })
    .expect("dictionary (run scripts/setup.sh to install mecab-ipadic)")
});

const THEMES: &str = r#"
[[theme]]
id = "notice"
terms = ["NOTICE"]
[[theme]]
id = "supply_chain"
terms = ["サプライチェーン"]
[[theme]]
id = "hr"
terms = ["人材育成"]
[[theme]]
id = "secrecy"
terms = ["通信の秘密"]
exclude = ["通信の秘密性"]
[[theme]]
id = "iot"
terms = ["IoT", "IoT機器"]
"#;

static SET: Lazy<ThemeSet> =
    Lazy::new(|| ThemeSet::parse(THEMES, Path::new("props.toml")).unwrap());

/// The terms of [`THEMES`], for building texts and for keeping line breaks out of them.
const TERMS: &[&str] = &[
    "NOTICE",
    "サプライチェーン",
    "人材育成",
    "通信の秘密",
    "IoT",
    "IoT機器",
];

/// Fragments that are not terms. Chosen so that no piece of a split line can read as anything
/// but remark text: no brackets, colons, digits, bullets (・○), 以上, or whitespace. Some are
/// parts of terms (通信, 秘密, サプライ) so terms also arise across fragments.
const FILLER: &[&str] = &[
    "について",
    "の",
    "対策が",
    "重要だと",
    "考えます",
    "を進める",
    "必要があり",
    "情報共有",
    "事業者",
    "検討する",
    "とともに",
    "また",
    "特に",
    "課題",
    "が",
    "は",
    "中小企業",
    "セキュリティ",
    "秘密",
    "通信",
    "人材",
    "育成",
    "チェーン",
    "サプライ",
    "性",
    "、",
    "。",
];

fn fragment() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        2 => prop::sample::select(TERMS),
        5 => prop::sample::select(FILLER),
    ]
}

/// A remark body: fragments joined, ending a sentence.
fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 1..14).prop_map(|v| {
        let mut s = v.concat();
        if !s.ends_with('。') {
            s.push('。');
        }
        s
    })
}

fn counts(text: &str) -> Vec<u32> {
    let norm = nfkc(text);
    let seg = TOKENIZER.worker().segment(&norm, false).unwrap();
    SET.count(&norm, &seg)
}

fn minutes(bodies: &[(&str, &str)]) -> String {
    let mut s = String::from("テスト会議（第1回）議事要旨\n\n");
    for (label, body) in bodies {
        s.push_str(label);
        s.push('\n');
        s.push_str(body);
        s.push('\n');
    }
    s
}

/// Byte positions (char boundaries) in `body` where a layout line break may go: strictly
/// inside the text, not inside any term occurrence, not after a sentence end (the parser keeps
/// those as paragraph breaks) and not between two ASCII letters/digits (the parser joins those
/// with a space, on purpose: English words).
fn break_positions(body: &str) -> Vec<usize> {
    let mut inside = vec![false; body.len() + 1];
    for t in TERMS {
        let mut from = 0;
        while let Some(i) = body[from..].find(t) {
            let s = from + i;
            inside[s + 1..s + t.len()].fill(true);
            from = s + body[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    body.char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .filter(|&i| !inside[i])
        .filter(|&i| {
            let prev = body[..i].chars().next_back().unwrap();
            let next = body[i..].chars().next().unwrap();
            let after_sentence_end = "。．!?」』)）！？".contains(prev);
            let inside_ascii_word = prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric();
            !(after_sentence_end || inside_ascii_word)
        })
        .collect()
}

/// Writes `s` with ASCII letters and digits full-width where `wide` says so.
fn widen(s: &str, wide: &[bool]) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if c.is_ascii_alphanumeric() && wide.get(i).copied().unwrap_or(false) {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// (c) helpers

#[derive(Default)]
struct Record {
    meetings: Vec<(String, u64, usize)>,
    remarks: Vec<(String, u32, u32, Vec<u32>)>,
}

impl Visitor for Record {
    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> kaigi::Result<()> {
        self.meetings
            .push((m.meeting_id.clone(), tokens, nouns.len()));
        Ok(())
    }
    fn remark(&mut self, r: &RemarkResult<'_>) -> kaigi::Result<()> {
        self.remarks.push((
            r.meeting.meeting_id.clone(),
            r.remark.seq,
            r.tokens,
            r.hits.clone(),
        ));
        Ok(())
    }
}

static POOLS: Lazy<Vec<(usize, rayon::ThreadPool)>> = Lazy::new(|| {
    [1, 2, 4]
        .into_iter()
        .map(|n| {
            (
                n,
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .unwrap(),
            )
        })
        .collect()
});

/// Serialises the (c) cases: each one already uses up to 4 threads.
static PIPELINE_LOCK: Mutex<()> = Mutex::new(());

fn run_with(
    pool: &rayon::ThreadPool,
    dir: &Path,
    batch_bytes: u64,
    nouns: bool,
) -> (Record, u64, u64) {
    pool.install(|| {
        let mut cfg = Config::new(dir);
        cfg.tokenizer = Some(&TOKENIZER);
        cfg.themes = Some(&SET);
        cfg.nouns = nouns;
        cfg.batch_bytes = batch_bytes;
        let mut rec = Record::default();
        let summary = pipeline::run(&cfg, &mut rec, &NoProgress).unwrap();
        (rec, summary.remarks, summary.tokens)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// (a) Layout line breaks inside a labelled remark change neither its text nor its hits.
    #[test]
    fn layout_breaks_do_not_change_hits(
        body in body(),
        picks in prop::collection::vec(any::<Index>(), 1..4),
    ) {
        let allowed = break_positions(&body);
        prop_assume!(!allowed.is_empty());
        let mut at: Vec<usize> = picks.iter().map(|ix| allowed[ix.index(allowed.len())]).collect();
        at.sort_unstable();
        at.dedup();
        let mut broken = body.clone();
        for &p in at.iter().rev() {
            broken.insert(p, '\n');
        }

        let whole = kaigi::parse::parse(&minutes(&[("後藤座長）", &body)]), "a.txt").unwrap().meeting;
        let split = kaigi::parse::parse(&minutes(&[("後藤座長）", &broken)]), "a.txt").unwrap().meeting;
        prop_assert_eq!(whole.remarks.len(), 1);
        prop_assert_eq!(split.remarks.len(), 1);
        prop_assert_eq!(&whole.remarks[0].text, &body);
        prop_assert_eq!(&split.remarks[0].text, &body, "broken as {:?}", broken);
        prop_assert_eq!(counts(&whole.remarks[0].text), counts(&split.remarks[0].text));
    }

    /// (b) ASCII letters and digits of a term count alike written full-width or half-width,
    /// in the remark text and in the theme file, character by character.
    #[test]
    fn full_and_half_width_count_alike(
        term in "[A-Za-z][A-Za-z0-9]{1,7}",
        text_wide in prop::collection::vec(any::<bool>(), 8),
        file_wide in prop::collection::vec(any::<bool>(), 8),
        before in prop::sample::select(&["これは", "本日は", "次期", "、"][..]),
        after in prop::sample::select(&["の話です。", "について。", "を検討。", "が重要。"][..]),
    ) {
        let themes = |t: &str| {
            ThemeSet::parse(&format!("[[theme]]\nid='x'\nterms=['{t}']\n"), Path::new("w.toml")).unwrap()
        };
        let narrow_set = themes(&term);
        let wide_set = themes(&widen(&term, &file_wide));
        prop_assert_eq!(&narrow_set.themes[0].terms, &wide_set.themes[0].terms);

        let count = |set: &ThemeSet, raw: &str| {
            let norm = nfkc(raw);
            let seg = TOKENIZER.worker().segment(&norm, false).unwrap();
            set.count(&norm, &seg)
        };
        let narrow_text = format!("{before}{term}{after}");
        let wide_text = format!("{before}{}{after}", widen(&term, &text_wide));
        let all_wide_text = format!("{before}{}{after}", widen(&term, &[true; 8]));
        let base = count(&narrow_set, &narrow_text);
        prop_assert_eq!(&base, &vec![1], "{} in {}", term, narrow_text);
        prop_assert_eq!(&count(&narrow_set, &wide_text), &base);
        prop_assert_eq!(&count(&narrow_set, &all_wide_text), &base);
        prop_assert_eq!(&count(&wide_set, &narrow_text), &base);
        prop_assert_eq!(&count(&wide_set, &wide_text), &base);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// (c) Token counts and hits, per remark and per meeting, do not depend on the number of
    /// threads (nor on the batch size).
    #[test]
    fn pipeline_results_do_not_depend_on_threads(
        files in prop::collection::vec(prop::collection::vec(body(), 1..4), 1..5),
        small_batches in any::<bool>(),
        nouns in any::<bool>(),
    ) {
        let _guard = PIPELINE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let labels = ["後藤座長）", "山田構成員）", "【鈴木参事官】"];
        for (fi, remarks) in files.iter().enumerate() {
            let mut text = format!("テスト会議（第{}回）議事要旨\n\n", fi + 1);
            for (ri, b) in remarks.iter().enumerate() {
                text.push_str(labels[ri % labels.len()]);
                text.push('\n');
                text.push_str(b);
                text.push('\n');
            }
            let sub = dir.path().join(if fi % 2 == 0 { "a" } else { "b" });
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("m{fi}.txt")), text).unwrap();
        }
        let batch = if small_batches { 1 } else { 16 << 20 };
        let mut results = Vec::new();
        for (n, pool) in POOLS.iter() {
            let (rec, remarks, tokens) = run_with(pool, dir.path(), batch, nouns);
            prop_assert_eq!(remarks as usize, rec.remarks.len());
            prop_assert_eq!(rec.meetings.len(), files.len());
            results.push((*n, rec, tokens));
        }
        let (_, first, first_tokens) = &results[0];
        // Guard against a vacuous pass: some remark has tokens unless every body is bare
        // punctuation (a generated body may be just "、。", which IPADIC gives no words for).
        let has_words = files.iter().flatten().any(|b| b.chars().any(|c| !matches!(c, '、' | '。')));
        prop_assert_eq!(first.remarks.iter().any(|r| r.2 > 0), has_words);
        for (n, rec, tokens) in &results[1..] {
            prop_assert_eq!(&rec.meetings, &first.meetings, "meetings with {} threads", n);
            prop_assert_eq!(&rec.remarks, &first.remarks, "remarks with {} threads", n);
            prop_assert_eq!(tokens, first_tokens);
        }
    }
}
