//! Real minutes in the forms researchers download them (`../shared/real-formats`: PDF, HTML
//! pages of minutes systems, DiscussNet JSON, Diet API responses; never copied into the
//! project): each gives the body, record number, date and first speaker labels its
//! `SOURCES.md` lists, or is skipped with the reason stated there; and a meeting that is here
//! in two forms (`../shared/real-minutes` has its text) reads the same in both.
//!
//! `KAIGI_REAL_FORMATS` and `KAIGI_REAL_MINUTES` name the folders when they are elsewhere.

use std::path::{Path, PathBuf};

use kaigi::ingest;
use kaigi::model::{Meeting, Role};
use kaigi::parse;

fn shared(var: &str, name: &str) -> PathBuf {
    let dir = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared")
            .join(name)
    });
    assert!(
        dir.is_dir(),
        "{} not found: these tests read the shared real files (set {var})",
        dir.display()
    );
    dir
}

/// A meeting with its warnings, or the reason its input was skipped.
type Read = Result<(Meeting, Vec<String>), String>;

/// Every input of one file (a Diet API response may hold several meetings), read and parsed.
fn read_all(path: &Path) -> Vec<(String, Read)> {
    let (found, problems) = ingest::discover(path).expect("listed");
    assert!(problems.is_empty(), "{problems:?}");
    found
        .iter()
        .map(|f| {
            let got = match ingest::read(f) {
                Ok(src) => parse::parse_source(&src)
                    .map(|p| (p.meeting, p.warnings))
                    .map_err(|e| e.to_string()),
                Err(sk) => Err(sk.reason),
            };
            (f.rel.clone(), got)
        })
        .collect()
}

fn one(path: &Path) -> Read {
    let mut all = read_all(path);
    assert_eq!(all.len(), 1, "{}: one input", path.display());
    all.pop().unwrap().1
}

/// What SOURCES.md says a file gives.
struct Facts {
    file: &'static str,
    committee: &'static str,
    parent: &'static str,
    session: Option<u32>,
    date: Option<&'static str>,
    remarks: Option<usize>,
    labels: [&'static str; 5],
}

fn check(dir: &Path, f: &Facts) {
    let (m, warnings) = one(&dir.join(f.file)).unwrap_or_else(|e| panic!("{}: {e}", f.file));
    let n = parse::nfkc;
    assert_eq!(n(&m.committee), n(f.committee), "{}: committee", f.file);
    if !f.parent.is_empty() {
        assert_eq!(m.parent, f.parent, "{}: parent", f.file);
    }
    assert_eq!(m.session, f.session, "{}: session", f.file);
    assert_eq!(m.date.as_deref(), f.date, "{}: date", f.file);
    if let Some(count) = f.remarks {
        assert_eq!(m.remarks.len(), count, "{}: remarks", f.file);
    }
    let labels: Vec<String> = m
        .remarks
        .iter()
        .take(5)
        .map(|r| r.speaker_label.clone())
        .collect();
    let want: Vec<String> = f.labels.iter().map(|l| n(l)).collect();
    assert_eq!(labels, want, "{}: first labels", f.file);
    if f.date.is_none() {
        assert!(
            warnings.iter().any(|w| w.contains("date")),
            "{}: a page without its date says so: {warnings:?}",
            f.file
        );
    }
}

const DISCUSSNET: &[Facts] = &[
    Facts {
        file: "local_hakodate_teireikai_R6-1_no1_2024-02-22_discussnet_minute.json",
        committee: "本会議",
        parent: "函館市議会",
        session: Some(1),
        date: Some("2024-02-22"),
        remarks: None,
        labels: ["議長（吉田崇仁）"; 5],
    },
    Facts {
        file: "local_yokohama_teireikai_R6-4_no16_2024-11-29_discussnet_minute.json",
        committee: "本会議",
        parent: "横浜市会",
        session: Some(16),
        date: Some("2024-11-29"),
        remarks: None,
        labels: ["議長（鈴木太郎君）"; 5],
    },
    Facts {
        file: "local_sumida_kinkyu_gikai_2024-12-27_discussnet_minute.json",
        committee: "本会議",
        parent: "墨田区議会",
        session: Some(1),
        date: Some("2024-12-27"),
        remarks: None,
        labels: ["議長（佐藤篤）"; 5],
    },
];

const PDF: &[Facts] = &[
    Facts {
        file: "ministry_caa_shohisha_kyoiku_suishin_kaigi_25_2019-07-26_gijiroku.pdf",
        committee: "消費者教育推進会議",
        parent: "",
        session: Some(25),
        date: Some("2019-07-26"),
        remarks: Some(81),
        labels: [
            "東会長",
            "宮腰大臣",
            "東会長",
            "宮原消費者教育推進課長",
            "伊藤長官",
        ],
    },
    Facts {
        file: "ministry_digital_shakai_suishin_kaigi_4_2023-06-06_gijiroku.pdf",
        committee: "デジタル社会推進会議",
        parent: "",
        session: Some(4),
        date: Some("2023-06-06"),
        remarks: Some(16),
        labels: ["河野大臣", "松本大臣", "谷大臣", "岡田大臣", "齋藤大臣"],
    },
    // Printed from a minutes viewer: the assembly (京都市会) is named only in the viewer's
    // address, which is page furniture, so no parent is expected.
    Facts {
        file: "local_kyoto_sangyo_kotsu_suido_iinkai_3_2024-05-17_browser_print.pdf",
        committee: "産業交通水道委員会",
        parent: "",
        session: Some(3),
        date: Some("2024-05-17"),
        remarks: None,
        labels: [
            "委員長（平山たかお）",
            "委員長（平山たかお）",
            "委員（下村あきら）",
            "委員長（平山たかお）",
            "総務部長（中野晋）",
        ],
    },
];

const HTML: &[Facts] = &[
    Facts {
        file: "local_otofuke_teireikai_R6-4_no5_2024-12-17_dbsearch_detail.html",
        committee: "本会議",
        parent: "音更町議会",
        session: Some(5),
        date: Some("2024-12-17"),
        remarks: Some(198),
        labels: [
            "議長（高瀬博文）",
            "議長（高瀬博文）",
            "議会事務局長（八鍬政幸）",
            "議長（高瀬博文）",
            "議会運営委員長（神長基子）",
        ],
    },
    Facts {
        file: "local_sendai_dx_tokubetsu_iinkai_2024-12-26_dbsearch_detail.html",
        committee: "ＤＸ推進調査特別委員会",
        parent: "仙台市議会",
        session: None,
        date: Some("2024-12-26"),
        remarks: Some(50),
        labels: [
            "委員長",
            "デジタル戦略推進部長",
            "ＢＰＲ推進課長",
            "委員長",
            "福田ようすけ委員",
        ],
    },
    // The text frame of a frameset: its title and date are in other frames.
    Facts {
        file: "local_aomori_teireikai_R6-4_no9_2024-12-25_dbsearch_page.html",
        committee: "",
        parent: "青森市議会",
        session: None,
        date: None,
        remarks: Some(122),
        labels: [
            "議長（奈良岡隆君）",
            "議長（奈良岡隆君）",
            "４番（奈良祥孝君）",
            "議長（奈良岡隆君）",
            "議長（奈良岡隆君）",
        ],
    },
];

#[test]
fn text_layer_pdfs_give_their_facts() {
    let dir = shared("KAIGI_REAL_FORMATS", "real-formats").join("pdf");
    for f in PDF {
        check(&dir, f);
    }
}

#[test]
fn html_pages_give_their_facts_or_say_why_not() {
    let dir = shared("KAIGI_REAL_FORMATS", "real-formats").join("html");
    for f in HTML {
        check(&dir, f);
    }
    // One remark of a VOICES page, written `○塩田　委員長`.
    let (m, warnings) =
        one(&dir.join("local_tsukuba_giun_iinkai_2024-12-26_voices_huid_page.html"))
            .expect("one remark");
    assert_eq!(m.remarks.len(), 1);
    assert_eq!(
        (m.remarks[0].speaker.as_str(), m.remarks[0].role),
        ("塩田", Role::Chair)
    );
    assert!(
        warnings.iter().any(|w| w.contains("Shift_JIS")),
        "{warnings:?}"
    );
    // Pages without the minutes' text are skipped with what they are.
    for (file, why) in [
        (
            "local_aomori_teireikai_R6-4_no9_2024-12-25_dbsearch_command.html",
            "menu or controller",
        ),
        (
            "local_tsukuba_giun_iinkai_2024-12-26_voices_sidebar.html",
            "remark index",
        ),
        (
            "local_tsukuba_giun_iinkai_2024-12-26_voices_header.html",
            "no remarks",
        ),
        (
            "local_katsushika_teireikai_R7-1_day1_2025-02-14_kensakusystem_speakers.html",
            "not the full text",
        ),
    ] {
        let reason = one(&dir.join(file)).expect_err(file);
        assert!(reason.contains(why), "{file}: {reason}");
    }
}

#[test]
fn discussnet_json_gives_its_facts() {
    let dir = shared("KAIGI_REAL_FORMATS", "real-formats").join("discussnet-json");
    for f in DISCUSSNET {
        check(&dir, f);
    }
}

#[test]
fn diet_api_speeches_are_meetings_and_a_meeting_list_is_skipped() {
    let dir = shared("KAIGI_REAL_FORMATS", "real-formats").join("ndl-api");
    let all = read_all(&dir.join("diet_api_speech_2026-01-23_shu_honkaigi_giun.json"));
    assert_eq!(all.len(), 2, "one input per meeting (issueID)");
    let find = |id: &str| all.iter().find(|(rel, _)| rel.ends_with(id)).expect(id);
    let (plenary, giun) = (
        find("#122005254X00120260123"),
        find("#122004024X00120260123"),
    );
    let (m, _) = plenary.1.as_ref().expect("the plenary has a remark");
    assert_eq!(
        (
            m.committee.as_str(),
            m.parent.as_str(),
            m.session,
            m.date.as_deref()
        ),
        ("本会議", "衆議院", Some(1), Some("2026-01-23"))
    );
    assert_eq!(m.remarks.len(), 1);
    let r = &m.remarks[0];
    assert_eq!(r.speaker_label, parse::nfkc("議長（額賀福志郎君）"));
    assert_eq!(
        (r.speaker.as_str(), r.role, r.speaker_group.as_str()),
        ("額賀福志郎", Role::Chair, "無所属")
    );
    assert!(r.text.starts_with("ただいま内閣総理大臣から"), "{}", r.text);
    assert!(r.text.contains("衆議院を解散する。"));
    // Record 2 is speech 0 of 議院運営委員会: the record's header, not a remark.
    let why = giun.1.as_ref().expect_err("a header alone is no meeting");
    assert!(why.contains("speech 0"), "{why}");

    let list = one(&dir.join("diet_api_meeting_list_2026-01-23_shu_honkaigi_giun.json"));
    let why = list.expect_err("a meeting list has no text");
    assert!(why.contains("meeting list"), "{why}");
}

/// Speakers, labels, roles and the header of a meeting read from two forms.
fn same_meeting(a: &Meeting, b: &Meeting) {
    let head = |m: &Meeting| {
        (
            m.committee.clone(),
            m.parent.clone(),
            m.session,
            m.date.clone(),
        )
    };
    assert_eq!(head(a), head(b), "{} vs {}", a.source, b.source);
    let who = |m: &Meeting| -> Vec<(String, String, Role)> {
        m.remarks
            .iter()
            .map(|r| (r.speaker.clone(), r.speaker_label.clone(), r.role))
            .collect()
    };
    assert_eq!(who(a), who(b), "{} vs {}", a.source, b.source);
    let text = |m: &Meeting| -> Vec<String> {
        m.remarks
            .iter()
            .map(|r| r.text.split_whitespace().collect())
            .collect()
    };
    assert_eq!(
        text(a),
        text(b),
        "{} vs {}: remark texts",
        a.source,
        b.source
    );
}

#[test]
fn an_html_page_reads_as_its_text() {
    let formats = shared("KAIGI_REAL_FORMATS", "real-formats");
    let minutes = shared("KAIGI_REAL_MINUTES", "real-minutes").join("files");
    let (html, _) =
        one(&formats.join("html/local_otofuke_teireikai_R6-4_no5_2024-12-17_dbsearch_detail.html"))
            .unwrap();
    let (text, _) = one(&minutes.join("local_otofuke_honkaigi_2024-12-17.txt")).unwrap();
    same_meeting(&html, &text);
}

#[test]
fn discussnet_json_reads_as_its_text_download() {
    let formats = shared("KAIGI_REAL_FORMATS", "real-formats");
    let minutes = shared("KAIGI_REAL_MINUTES", "real-minutes").join("files");
    let (json, _) = one(&formats.join(
        "discussnet-json/local_hakodate_teireikai_R6-1_no1_2024-02-22_discussnet_minute.json",
    ))
    .unwrap();
    let (text, _) = one(&minutes.join("local_hakodate_honkaigi_2024-02-22.txt")).unwrap();
    same_meeting(&json, &text);
}

#[test]
fn the_same_meeting_as_text_and_as_json_is_counted_once() {
    let formats = shared("KAIGI_REAL_FORMATS", "real-formats");
    let minutes = shared("KAIGI_REAL_MINUTES", "real-minutes").join("files");
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let json = "local_hakodate_teireikai_R6-1_no1_2024-02-22_discussnet_minute.json";
    std::fs::copy(
        formats.join("discussnet-json").join(json),
        corpus.join(json),
    )
    .unwrap();
    let txt = "local_hakodate_honkaigi_2024-02-22.txt";
    std::fs::copy(minutes.join(txt), corpus.join(txt)).unwrap();
    let out = tmp.path().join("out");
    let run = assert_cmd::Command::cargo_bin("kaigi")
        .unwrap()
        .args(["parse", "-q", "--out"])
        .arg(&out)
        .arg(&corpus)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("duplicate: the same meeting") && stderr.contains(txt),
        "{stderr}"
    );
    let meetings = std::fs::read_to_string(out.join("meetings.csv")).unwrap();
    assert_eq!(meetings.lines().count(), 2, "one meeting: {meetings}");
}
