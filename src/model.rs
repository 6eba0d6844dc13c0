//! The data kaigi passes between stages: a parsed [`Meeting`] with its [`Remark`]s.
//!
//! `parse` produces these from decoded text; `segment` and `themes` add token counts and hits;
//! `tables` turns them into tables; [`InputRecord`] says what became of each input file.

use serde::{Deserialize, Serialize};

/// The meeting id for an input: its relative path without the extension of a format kaigi
/// reads (`.txt`, `.pdf`, `.html`, `.htm`, `.json`, `.xml`); a part of a file (`page.json#id`)
/// keeps its `#id`.
pub fn meeting_id_for(rel: &str) -> String {
    const EXTENSIONS: [&str; 6] = [".txt", ".pdf", ".html", ".htm", ".json", ".xml"];
    let strip = |path: &str| -> Option<usize> {
        let lower = path.to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .find(|e| lower.ends_with(*e))
            .map(|e| path.len() - e.len())
    };
    if let Some(end) = strip(rel) {
        return rel[..end].to_string();
    }
    match rel.rfind('#') {
        Some(i) if !rel[i..].contains('/') => match strip(&rel[..i]) {
            Some(end) => format!("{}{}", &rel[..end], &rel[i..]),
            None => rel.to_string(),
        },
        _ => rel.to_string(),
    }
}

/// Who a speaker is in the meeting, as the contract defines the roles.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Chair,
    ViceChair,
    Member,
    Minister,
    Official,
    Presenter,
    Observer,
    Collective,
    #[default]
    Unknown,
}

impl Role {
    /// All roles, in the order tables and charts list them.
    pub const ALL: [Role; 9] = [
        Role::Chair,
        Role::ViceChair,
        Role::Member,
        Role::Minister,
        Role::Official,
        Role::Presenter,
        Role::Observer,
        Role::Collective,
        Role::Unknown,
    ];

    /// The contract's name for the role (`chair`, `vice_chair`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::ViceChair => "vice_chair",
            Role::Member => "member",
            Role::Minister => "minister",
            Role::Official => "official",
            Role::Presenter => "presenter",
            Role::Observer => "observer",
            Role::Collective => "collective",
            Role::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The house style a file was read as; `meetings.style` holds its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// The National Diet's 会議録 (衆議院, 参議院, 両院): `第213回国会　衆議院　…委員会　第13号`,
    /// `○委員長（…君）` labels.
    Diet,
    /// A local assembly's minutes as the common minutes systems print them (DiscussNet,
    /// DB-Search, 会議録検索システム, VOICES): `○議長（高瀬博文）`, `◆５番（…）`, `◎市長（…）`.
    LocalAssembly,
    /// The Tokyo Metropolitan Assembly's committee 速記録: `○村上委員長　…`.
    TokyoAssembly,
    /// Ministry or council minutes with labelled remarks (`後藤座長)`, `【後藤座長】`, `○後藤座長`).
    MinistryLabelled,
    /// Ministry minutes that summarise opinions as anonymous or introduced bullets.
    MinistryBullets,
    /// Minutes with labels or bullets but no header kaigi recognises.
    #[default]
    Generic,
}

impl Style {
    /// All styles, in a fixed order (the cache stores a style by its index).
    pub const ALL: [Style; 6] = [
        Style::Diet,
        Style::LocalAssembly,
        Style::TokyoAssembly,
        Style::MinistryLabelled,
        Style::MinistryBullets,
        Style::Generic,
    ];

    /// The id written into `meetings.style`.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Diet => "diet",
            Style::LocalAssembly => "local_assembly",
            Style::TokyoAssembly => "tokyo_assembly",
            Style::MinistryLabelled => "ministry_labelled",
            Style::MinistryBullets => "ministry_bullets",
            Style::Generic => "generic",
        }
    }

    /// Assembly proceedings: read with the proceedings body reader.
    pub fn is_assembly(self) -> bool {
        matches!(
            self,
            Style::Diet | Style::LocalAssembly | Style::TokyoAssembly
        )
    }
}

impl std::fmt::Display for Style {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person listed as present, with the group the minutes put them in (構成員, オブザーバ, 総務省 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub group: String,
}

/// One remark, in the order spoken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remark {
    /// 1, 2, 3 … within the meeting.
    pub seq: u32,
    /// The person's name as written; empty when the minutes do not say who spoke.
    pub speaker: String,
    /// The label as written, without whitespace and the marks that set it off.
    pub speaker_label: String,
    pub role: Role,
    /// The speaker's parliamentary group (会派) where the source gives it (the Diet's API);
    /// empty otherwise.
    #[serde(default)]
    pub speaker_group: String,
    /// The agenda item or topic heading the remark stands under; empty if none.
    pub section: String,
    /// Marked as taken from the meeting chat.
    pub via_chat: bool,
    /// The remark as written, layout line breaks joined; paragraphs separated by `\n`.
    #[serde(deserialize_with = "string_fast")]
    pub text: String,
    /// `text` NFKC-normalized (what tokens and themes are counted on), made while parsing so the
    /// pipeline does not normalize twice; empty when it is the text itself (see
    /// [`Remark::normalized`]).
    #[serde(skip)]
    pub norm: String,
}

impl Meeting {
    /// The year of the meeting's date, when it has one.
    pub fn year(&self) -> Option<i32> {
        self.date.as_deref().and_then(year_of)
    }
}

/// The year of an ISO date `YYYY-MM-DD`.
pub fn year_of(date: &str) -> Option<i32> {
    date.get(..4).and_then(|y| y.parse().ok())
}

impl Remark {
    /// The normalized text: `norm`, or the text when that is its own normalized form.
    pub fn normalized(&self) -> &str {
        if self.norm.is_empty() {
            &self.text
        } else {
            &self.norm
        }
    }
}

/// One meeting as read from one minutes file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub meeting_id: String,
    /// Path of the input file relative to the corpus folder, `/`-separated.
    pub source: String,
    pub title: String,
    pub committee: String,
    pub parent: String,
    pub ministry: String,
    pub session: Option<u32>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The house style the file was read as.
    #[serde(default)]
    pub style: Style,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub attendees: Vec<Attendee>,
    pub materials: Vec<String>,
    pub remarks: Vec<Remark>,
}

/// What became of one input file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Read as a meeting.
    #[default]
    Parsed,
    /// Not read as a meeting; the record's `reason` says why.
    Skipped,
}

/// One input file's fate, for the manifest and the per-file report.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct InputRecord {
    /// Relative to the corpus folder, `/`-separated.
    pub path: String,
    pub bytes: u64,
    /// SHA-256 of the file's bytes (hex); empty when it could not be read.
    pub sha256: String,
    pub encoding: String,
    /// The form the input came in (`text`, `pdf`, `html`, `discussnet_json`, `diet_api`).
    pub format: String,
    /// Other files this input's content also came from (a Diet API meeting across pages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Whether the meeting and its tokens came from the store (run state, reported with the
    /// timings).
    #[serde(skip)]
    pub cached: bool,
}

impl InputRecord {
    /// A file not read as a meeting, and why.
    pub fn skipped(path: impl Into<String>, reason: impl Into<String>) -> InputRecord {
        InputRecord {
            path: path.into(),
            status: FileStatus::Skipped,
            reason: Some(reason.into()),
            ..InputRecord::default()
        }
    }
}

/// Reads a string whose bytes a format gives as such (bincode does), checking its UTF-8 with
/// simdutf8: remark texts are most of what the store reads back.
fn string_fast<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
            Ok(s.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, s: String) -> Result<String, E> {
            Ok(s)
        }
        fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<String, E> {
            simdutf8::basic::from_utf8(b)
                .map(str::to_owned)
                .map_err(|_| E::custom("invalid UTF-8"))
        }
    }
    d.deserialize_bytes(Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_ids_drop_the_extension_and_keep_a_part() {
        assert_eq!(meeting_id_for("a/b.txt"), "a/b");
        assert_eq!(meeting_id_for("a/b.PDF"), "a/b");
        assert_eq!(meeting_id_for("a#b.txt"), "a#b");
        assert_eq!(meeting_id_for("d/p.json#X1"), "d/p#X1");
        assert_eq!(meeting_id_for("d/notes"), "d/notes");
    }

    #[test]
    fn remark_text_reads_back_from_json_and_bincode() {
        let r = Remark {
            seq: 1,
            speaker: "後藤".into(),
            speaker_label: "後藤座長".into(),
            role: Role::Chair,
            speaker_group: String::new(),
            section: String::new(),
            via_chat: false,
            text: "ＮＯＴＩＣＥの\n取組".into(),
            norm: String::new(),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Remark>(&json).unwrap(), r);
        let cfg = bincode::config::standard();
        let b = bincode::serde::encode_to_vec(&r, cfg).unwrap();
        let (back, _): (Remark, usize) = bincode::serde::decode_from_slice(&b, cfg).unwrap();
        assert_eq!(back, r);
        // Invalid UTF-8 where the text's bytes are is an error, not a string.
        let first: &[u8] = &"Ｎ".as_bytes()[..3];
        let at = b.windows(3).position(|w| w == first).unwrap();
        let mut bad = b.clone();
        bad[at] = 0xff;
        assert!(bincode::serde::decode_from_slice::<Remark, _>(&bad, cfg).is_err());
    }
}
