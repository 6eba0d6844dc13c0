//! One identity per person across meetings.
//!
//! Minutes spell one person's name in several ways: variant kanji (斉藤/齋藤),
//! typos (赤坂/赤阪), an organisation prefix in one meeting only
//! (`JSSEC仲上` / `仲上`), a surname alone next to the full name (`谷` /
//! `谷公一`), or whitespace inside the name (`谷　公一`).
//!
//! * [`suggest()`] takes per-meeting speaker observations ([`SpeakerObs`]) and
//!   gives candidate merges ([`Suggestion`]) with their evidence.
//! * [`to_toml`] turns suggestions into a `speakers.toml` draft that a
//!   researcher edits (deletes what is wrong).
//! * [`SpeakerMap`] reads the confirmed `speakers.toml` and gives the
//!   `speaker_id` for each remark ([`SpeakerMap::id_for`]).
//!
//! Names are always compared with whitespace (including U+3000) removed; see
//! [`normalize_name`].

use std::fmt;
use std::path::{Path, PathBuf};

pub mod map;
pub mod suggest;

pub use map::{to_toml, MapError, SpeakerMap};
pub use suggest::{suggest, suggest_with, SpeakerObs, Suggestion};

/// A name as compared everywhere in this module: every whitespace character
/// (ASCII, U+3000 ideographic space, other Unicode spaces) removed.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The itaiji table: each space-separated entry is a group of characters
/// that are variant forms of one kanji in surnames (or, for 坂/阪, the
/// historical variant that registers and minutes routinely mix up). It is a
/// hand-written table of common surname variants, not a complete itaiji
/// dictionary. Look-alike but distinct characters (葛/蔦) are deliberately
/// absent; they fall under `one_char_differs`.
pub const ITAIJI: &str =
    "斉斎齋齊 辺邊邉 沢澤 浜濱 崎﨑嵜碕 高髙 桜櫻 国國 竜龍 広廣 吉𠮷 德徳 瀬瀨 \
    槙槇 富冨 島嶋嶌 坂阪 関關 滝瀧 恵惠 黒黑 真眞 条條 実實 栄榮 万萬 亀龜 静靜 桧檜 蔵藏 奥奧 \
    峰峯 舘館 曽曾 寿壽 児兒 礼禮 穂穗 経經 衛衞 県縣 柳栁 塚\u{FA10} 隆\u{F9DC} 橋槗 戸戶 鉄鐵 晋晉 尭堯 \
    鴎鷗 顕顯 恒恆 郷鄕 蛍螢 桑桒 栃杤 祢禰 弥彌";

/// Whether `a` and `b` are different characters of one [`ITAIJI`] group.
pub fn are_variants(a: char, b: char) -> bool {
    a != b
        && ITAIJI
            .split_whitespace()
            .any(|g| g.contains(a) && g.contains(b))
}

/// Organisation suffixes (space-separated) that make a prefix
/// organisation-like.
pub const ORG_SUFFIXES: &str =
    "協会 株式会社 有限会社 会社 大学 省 庁 機構 研究所 財団 法人 組合 連合会 \
    センター 学会 銀行 委員会 局";

/// An organisation-like prefix of ≥ 2 characters: letters or digits (ASCII or
/// full-width) and katakana, or ending in one of [`ORG_SUFFIXES`].
pub(crate) fn is_org_prefix(prefix: &str) -> bool {
    let alnum = |c: char| {
        c.is_ascii_alphanumeric() || (c.is_alphanumeric() && ('\u{FF10}'..='\u{FF5A}').contains(&c))
    };
    let letters = prefix
        .chars()
        .all(|c| alnum(c) || is_katakana(c) || "・&＆-.．".contains(c))
        && prefix.chars().any(|c| alnum(c) || is_katakana(c));
    prefix.chars().count() >= 2
        && (letters || ORG_SUFFIXES.split_whitespace().any(|s| prefix.ends_with(s)))
}

/// CJK ideographs (incl. extensions and compatibility forms) and 々.
pub(crate) fn is_kanji(c: char) -> bool {
    c == '々'
        || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Katakana (full- and half-width) and the long-vowel mark ー.
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// A character that can be part of a person's name: kanji or kana.
pub(crate) fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_katakana(c) || ('\u{3041}'..='\u{309F}').contains(&c)
}

/// A place in a `speakers.toml`, displayed as `path:line:column` (1-based,
/// column in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The place of byte `offset` in `text`.
    pub(crate) fn at(path: &Path, text: &str, offset: usize) -> Location {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Location {
            path: path.to_path_buf(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_all_whitespace() {
        assert_eq!(normalize_name("谷　公一"), "谷公一");
        assert_eq!(normalize_name(" 谷 公\t一\u{3000}"), "谷公一");
        assert_eq!(normalize_name("\u{3000} "), "");
    }

    #[test]
    fn location_lines_and_columns() {
        let text = "ab\n谷 公一\n";
        let at = |o| Location::at(Path::new("f.toml"), text, o).to_string();
        assert_eq!(
            [at(0), at(3), at(7), at(99)],
            ["f.toml:1:1", "f.toml:2:1", "f.toml:2:3", "f.toml:3:1"]
        );
    }

    #[test]
    fn tables_and_classes() {
        assert!(are_variants('坂', '阪') && are_variants('齋', '斉') && are_variants('𠮷', '吉'));
        assert!(are_variants('塚', '\u{FA10}') && are_variants('隆', '\u{F9DC}'));
        assert!(!are_variants('葛', '蔦') && !are_variants('斉', '斉'));
        assert!(["JSSEC", "ＮＴＴ", "ソニー", "日本電機協会", "A-1"]
            .into_iter()
            .all(is_org_prefix));
        assert!(!["大", "X", "山田", "大学の"].into_iter().any(is_org_prefix));
        assert!(['谷', '﨑', '𠮷', '々'].into_iter().all(is_kanji));
        assert!(!['ア', 'a', 'あ', '・'].into_iter().any(is_kanji));
        assert!(['ア', 'ー', 'ｱ'].into_iter().all(is_katakana) && !is_katakana('あ'));
        assert!(['あ', 'ア', '谷'].into_iter().all(is_name_char) && !is_name_char('A'));
    }

    #[test]
    fn suggestions_round_trip() {
        let obs: Vec<SpeakerObs> = [
            ("JSSEC仲上", "m1"),
            ("仲上", "m2"),
            ("仲上", "m3"),
            ("齋藤", "m1"),
            ("斎藤", "m2"),
        ]
        .into_iter()
        .map(|(speaker, meeting)| SpeakerObs {
            speaker: speaker.into(),
            role: "presenter".into(),
            body: "分科会".into(),
            meeting_id: meeting.into(),
            remarks: 1,
        })
        .collect();
        let s = suggest(&obs);
        assert_eq!(s.len(), 2);
        let m = SpeakerMap::parse(&to_toml(&s), Path::new("x")).unwrap();
        for sg in &s {
            assert_eq!(m.id_for(&sg.alias, "分科会"), sg.keep);
            assert_eq!(m.id_for(&sg.alias, "other"), sg.alias);
        }
    }
}
