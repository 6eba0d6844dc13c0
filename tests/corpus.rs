//! Golden tests on the sample minutes in `data/corpus`: the parsed meetings as insta snapshots,
//! the figures the issues name, and theme counts with the four named themes.

use std::path::{Path, PathBuf};

use kaigi::model::{Meeting, Role};
use kaigi::segment::{DictOptions, Tokenizer};
use kaigi::themes::ThemeSet;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus")
}

fn sample(prefix: &str) -> Meeting {
    let dir = corpus();
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no sample {prefix} in {}", dir.display()));
    let bytes = std::fs::read(entry.path()).unwrap();
    let (text, _) = kaigi::ingest::decode(&bytes).unwrap();
    let rel = entry.file_name().to_string_lossy().into_owned();
    kaigi::parse::parse(&text, &rel).unwrap().meeting
}

fn speakers(m: &Meeting) -> Vec<(String, Role)> {
    m.remarks
        .iter()
        .map(|r| (r.speaker.clone(), r.role))
        .collect()
}

#[test]
fn golden_snapshots_of_each_sample() {
    for p in ["000", "001", "002", "003", "004"] {
        let m = sample(p);
        insta::assert_yaml_snapshot!(format!("meeting_{p}"), m);
    }
}

#[test]
fn headers_match_the_minutes() {
    let expect = [
        (
            "000",
            "2019-11-01",
            16,
            "サイバーセキュリティタスクフォース",
            "",
            "総務省",
        ),
        (
            "001",
            "2019-06-14",
            14,
            "サイバーセキュリティタスクフォース",
            "",
            "総務省",
        ),
        (
            "002",
            "2021-04-02",
            6,
            "産業サイバーセキュリティ研究会",
            "",
            "経済産業省",
        ),
        (
            "003",
            "2023-05-18",
            5,
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会",
            "サイバーセキュリティタスクフォース",
            "総務省",
        ),
        (
            "004",
            "2024-02-09",
            1,
            "ICT サイバーセキュリティ政策分科会",
            "",
            "総務省",
        ),
    ];
    for (p, date, session, committee, parent, ministry) in expect {
        let m = sample(p);
        assert_eq!(m.date.as_deref(), Some(date), "{p}");
        assert_eq!(m.session, Some(session), "{p}");
        assert_eq!(m.committee, committee, "{p}");
        assert_eq!(m.parent, parent, "{p}");
        assert_eq!(m.ministry, ministry, "{p}");
    }
}

#[test]
fn sample_000_twelve_named_remarks() {
    let m = sample("000");
    assert_eq!(m.remarks.len(), 12);
    let names: Vec<String> = m.remarks.iter().map(|r| r.speaker.clone()).collect();
    assert_eq!(
        names,
        [
            "齋藤", "岡村", "藤本", "若江", "赤坂", "林", "岡村", "小山", "徳田", "後藤", "相川",
            "相川"
        ]
    );
    assert!(m.remarks.iter().all(|r| !r.speaker.is_empty()));
    assert_eq!(
        m.remarks[4].speaker_label,
        "赤坂サイバーセキュリティ統括官室参事官(政策担当)"
    );
    assert_eq!(m.remarks[4].role, Role::Official);
    assert_eq!(m.remarks[8].role, Role::ViceChair);
    assert_eq!(m.remarks[9].role, Role::Chair);
    // The page-layout break inside 若江構成員's remark is joined.
    assert!(
        m.remarks[3]
            .text
            .contains("いるのではないかという気がしている。")
            || m.remarks[3].text.contains("少ないような気がしている。")
    );
}

#[test]
fn sample_001_collective_remark() {
    let m = sample("001");
    assert_eq!(m.remarks.len(), 18);
    let all = m
        .remarks
        .iter()
        .filter(|r| r.role == Role::Collective)
        .collect::<Vec<_>>();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].speaker_label, "全構成員");
    assert_eq!(all[0].text, "異議なし。");
    assert_eq!(
        m.remarks[1].speaker_label,
        "木村サイバーセキュリティ統括官室参事官(総括担当)"
    );
    // Lines wrapped by the page layout are joined without a break inside words.
    assert!(
        m.remarks[0].text.contains("説明があったが"),
        "{}",
        m.remarks[0].text
    );
    assert!(!m.remarks[0].text.contains("説明があ\n"));
}

#[test]
fn sample_002_greetings_and_anonymous_bullets() {
    let m = sample("002");
    let s = speakers(&m);
    let minister: Vec<_> = s.iter().filter(|x| x.1 == Role::Minister).collect();
    let chair: Vec<_> = s.iter().filter(|x| x.1 == Role::Chair).collect();
    let members: Vec<_> = s.iter().filter(|x| x.1 == Role::Member).collect();
    assert_eq!(minister.len(), 3);
    assert!(minister.iter().all(|x| x.0 == "梶山"));
    assert_eq!(chair.len(), 4);
    assert!(chair.iter().all(|x| x.0 == "村井"));
    assert_eq!(members.len(), 23);
    assert!(members.iter().all(|x| x.0.is_empty()));
    assert_eq!(m.remarks.len(), 30);
    // The chair's last bullet continues on the next line after a blank line.
    assert!(
        m.remarks[6]
            .text
            .ends_with("是非活発な議論をお願いしたい。"),
        "{}",
        m.remarks[6].text
    );
    assert_eq!(
        m.remarks[7].section,
        "サプライチェーン全体でのサイバーセキュリティ確保に向けた対応"
    );
    assert_eq!(m.remarks[29].section, "その他の御意見");
    assert!(m
        .remarks
        .iter()
        .all(|r| !r.text.contains("お問合せ先") && !r.text.contains("03-3501")));
}

#[test]
fn sample_003_thirty_six_remarks_one_from_chat() {
    let m = sample("003");
    assert_eq!(m.remarks.len(), 36);
    assert_eq!(m.remarks[0].speaker_label, "後藤主査");
    assert_eq!(m.remarks[0].role, Role::Chair);
    assert!(m
        .remarks
        .iter()
        .any(|r| r.speaker == "佐藤" && r.role == Role::Official));
    let chat: Vec<_> = m
        .remarks
        .iter()
        .filter(|r| r.via_chat)
        .map(|r| r.speaker.as_str())
        .collect();
    assert_eq!(chat, ["辻"]);
}

#[test]
fn sample_004_presenters_and_chat() {
    let m = sample("004");
    assert_eq!(m.remarks.len(), 16);
    let chat: Vec<_> = m
        .remarks
        .iter()
        .filter(|r| r.via_chat)
        .map(|r| r.speaker_label.as_str())
        .collect();
    assert_eq!(chat, ["新井構成員", "仲上氏", "トレンドマイクロ飯田氏"]);
    let jssec = &m.remarks[2];
    assert_eq!(
        (
            jssec.speaker.as_str(),
            jssec.speaker_label.as_str(),
            jssec.role
        ),
        ("仲上竜太", "JSSEC仲上氏", Role::Presenter),
        "the full name comes from the 発表者 list: 仲上竜太（一般社団法人…（JSSEC））"
    );
    let kakara = m.remarks.iter().find(|r| r.speaker == "加唐寛征").unwrap();
    assert_eq!(kakara.speaker_label, "トレンドマイクロ加唐氏");
    assert!(
        m.remarks[10].section.contains("議題(3)"),
        "{}",
        m.remarks[10].section
    );
}

#[test]
fn headings_and_lists_are_never_remark_text() {
    for p in ["000", "001", "002", "003", "004"] {
        let m = sample(p);
        for r in &m.remarks {
            for bad in [
                "【構成員】",
                "配布資料",
                "配付資料",
                "3. 出席者",
                "議事概要",
                "資料 16-1 今後",
                "お問合せ先",
            ] {
                assert!(!r.text.contains(bad), "{p} remark {} contains {bad}", r.seq);
            }
            assert!(!r.text.trim().is_empty(), "{p} remark {} is empty", r.seq);
        }
    }
}

const FOUR: &str = r#"
[[theme]]
id = "notice"
terms = ["NOTICE"]
[[theme]]
id = "supply_chain"
terms = ["サプライチェーン"]
[[theme]]
id = "hr_development"
terms = ["人材育成"]
[[theme]]
id = "secrecy"
terms = ["通信の秘密"]
"#;

#[test]
fn four_named_themes_count_as_measured_by_hand() {
    let userdict = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/userdict.csv");
    for userdict in [None, Some(userdict)] {
        let tok = Tokenizer::new(&DictOptions {
            userdict,
            ..Default::default()
        })
        .unwrap();
        let set = ThemeSet::parse(FOUR, Path::new("four.toml")).unwrap();
        let mut w = tok.worker();
        let mut table = vec![vec![0u32; 5]; 4];
        let mut notice_remarks_003 = 0;
        for (i, p) in ["000", "001", "002", "003", "004"].iter().enumerate() {
            for r in &sample(p).remarks {
                let norm = kaigi::parse::nfkc(&r.text);
                let seg = w.segment(&norm, false).unwrap();
                let c = set.count(&norm, &seg);
                for t in 0..4 {
                    table[t][i] += c[t];
                }
                if *p == "003" && c[0] > 0 {
                    notice_remarks_003 += 1;
                }
            }
        }
        assert_eq!(table[0], [3, 3, 0, 29, 0], "NOTICE");
        assert_eq!(table[1], [2, 1, 4, 0, 0], "サプライチェーン");
        assert_eq!(table[2], [1, 3, 0, 0, 0], "人材育成");
        assert_eq!(table[3], [11, 0, 0, 0, 0], "通信の秘密");
        assert_eq!(notice_remarks_003, 11);
    }
}

#[test]
fn default_theme_file_passes_its_own_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = ThemeSet::load(&root.join("data/themes.toml")).unwrap();
    assert!(set.len() >= 20);
    for id in ["notice", "supply_chain", "hr_development", "secrecy"] {
        assert!(set.position(id).is_some(), "{id}");
    }
    let tok = Tokenizer::new(&DictOptions {
        userdict: Some(root.join("data/userdict.csv")),
        ..Default::default()
    })
    .unwrap();
    let failures = set.check(&mut tok.worker()).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(set
        .themes
        .iter()
        .all(|t| !t.examples.is_empty() && !t.counter_examples.is_empty()));
}
