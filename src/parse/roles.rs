//! Positions: the words a speaker label or attendee list uses for someone's post, the role each
//! gives, and the office words that separate a surname from the post after it.
//!
//! Takes NFKC text without spaces; gives [`Role`]s and cut points. Shared by the label grammar
//! ([`super::label`]) and the attendee roster ([`super::roster`]).

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use once_cell::sync::Lazy;
use std::collections::HashMap;

use crate::model::Role;

/// Position words a label ends with, and the role each gives. Matched longest first, so
/// `副委員長` is a vice-chair, `教育委員` an official and `委員会委員長` (an executive
/// commission's head) an official, though they end with `委員長` and `委員`.
const POSITIONS: &[(&str, Role)] = &[
    ("全構成員", Role::Collective),
    ("全委員", Role::Collective),
    ("各構成員", Role::Collective),
    ("各委員", Role::Collective),
    ("一同", Role::Collective),
    // Vice chairs, and those acting for a chair.
    ("分科会長代理", Role::ViceChair),
    ("部会長代理", Role::ViceChair),
    ("委員長代理", Role::ViceChair),
    ("座長代理", Role::ViceChair),
    ("主査代理", Role::ViceChair),
    ("会長代理", Role::ViceChair),
    ("副委員長", Role::ViceChair),
    ("副座長", Role::ViceChair),
    ("副主査", Role::ViceChair),
    ("副会長", Role::ViceChair),
    ("副議長", Role::ViceChair),
    // Chairs.
    ("小委員長", Role::Chair),
    ("分科会長", Role::Chair),
    ("部会長", Role::Chair),
    ("委員長", Role::Chair),
    ("座長", Role::Chair),
    ("主査", Role::Chair),
    ("会長", Role::Chair),
    ("議長", Role::Chair),
    // Ministers and the cabinet's political posts.
    ("大臣政務官", Role::Minister),
    ("内閣官房副長官", Role::Minister),
    ("内閣官房長官", Role::Minister),
    ("国務大臣", Role::Minister),
    ("副大臣", Role::Minister),
    ("政務官", Role::Minister),
    ("大臣", Role::Minister),
    // Government, secretariat and local executive staff.
    ("政府特別補佐人", Role::Official),
    ("政府参考人", Role::Official),
    ("政府委員", Role::Official),
    ("委員会委員長", Role::Official),
    ("委員会会長", Role::Official),
    ("教育委員長", Role::Official),
    ("選挙管理委員長", Role::Official),
    ("代表監査委員", Role::Official),
    ("監査委員", Role::Official),
    ("教育委員", Role::Official),
    ("事務総長", Role::Official),
    ("事務局長", Role::Official),
    ("事務局次長", Role::Official),
    ("事務局", Role::Official),
    ("事務方", Role::Official),
    ("説明員", Role::Official),
    ("統括官", Role::Official),
    ("審議官", Role::Official),
    ("参事官", Role::Official),
    ("企画官", Role::Official),
    ("調査官", Role::Official),
    ("専門官", Role::Official),
    ("分析官", Role::Official),
    ("理事官", Role::Official),
    ("補佐", Role::Official),
    ("知事", Role::Official),
    ("市長", Role::Official),
    ("区長", Role::Official),
    ("町長", Role::Official),
    ("村長", Role::Official),
    ("教育長", Role::Official),
    // Posts of local executives before 2007 (助役 became 副市長, 収入役 会計管理者) and of
    // engineering and crisis management.
    ("助役", Role::Official),
    ("収入役", Role::Official),
    ("出納長", Role::Official),
    ("技監", Role::Official),
    ("管理監", Role::Official),
    ("政策監", Role::Official),
    ("消防長", Role::Official),
    ("管理者", Role::Official),
    ("長官", Role::Official),
    ("局長", Role::Official),
    ("部長", Role::Official),
    ("課長", Role::Official),
    ("室長", Role::Official),
    ("所長", Role::Official),
    ("次長", Role::Official),
    ("係長", Role::Official),
    ("官房長", Role::Official),
    ("館長", Role::Official),
    ("院長", Role::Official),
    ("署長", Role::Official),
    ("総裁", Role::Official),
    ("センター長", Role::Official),
    ("本部長", Role::Official),
    ("主幹", Role::Official),
    ("参事", Role::Official),
    ("参与", Role::Official),
    ("理事", Role::Official),
    ("書記", Role::Official),
    ("オブザーバー", Role::Observer),
    ("オブザーバ", Role::Observer),
    ("参考人", Role::Presenter),
    ("公述人", Role::Presenter),
    ("証人", Role::Presenter),
    ("発表者", Role::Presenter),
    ("説明者", Role::Presenter),
    ("講師", Role::Presenter),
    ("氏", Role::Presenter),
    ("様", Role::Presenter),
    ("さん", Role::Presenter),
    ("専門委員", Role::Member),
    ("臨時委員", Role::Member),
    ("構成員", Role::Member),
    ("委員", Role::Member),
    ("議員", Role::Member),
    ("メンバー", Role::Member),
    ("君", Role::Member),
];

/// Honorifics after a name: part of the label, never of the name (`佐藤正久君`, `筒井議員`).
pub const HONORIFICS: &[&str] = &["議員", "君", "氏", "様", "さん"];

/// Words after a post that say how it is held (`部長兼務`, `局長事務取扱`, `課長心得`): part of
/// the post, not a post of their own.
pub const POST_TAILS: &[&str] = &["兼務", "事務取扱", "事務代理", "心得"];

/// `s` without a trailing [`POST_TAILS`] word, when a post stands before it.
pub fn strip_post_tail(s: &str) -> &str {
    POST_TAILS
        .iter()
        .find_map(|t| s.strip_suffix(t).filter(|core| !core.is_empty()))
        .unwrap_or(s)
}

/// The form the vocabulary uses for an old character form (旧字体) that posts and offices are
/// written with in records before the 1950s (`米窪國務大臣`, `勞働省`). Each pair has the same
/// UTF-8 length, so offsets found in the folded text hold in the original.
fn modern_form(c: char) -> Option<char> {
    Some(match c {
        '國' => '国',
        '會' => '会',
        '勞' => '労',
        '廳' => '庁',
        '縣' => '県',
        '經' => '経',
        '濟' => '済',
        '產' => '産',
        '營' => '営',
        '總' => '総',
        '當' => '当',
        '關' => '関',
        '藏' => '蔵',
        '學' => '学',
        '藥' => '薬',
        '衞' => '衛',
        '醫' => '医',
        '遞' => '逓',
        '鐵' => '鉄',
        '證' => '証',
        '辯' => '弁',
        '參' => '参',
        '檢' => '検',
        '擔' => '担',
        '團' => '団',
        '體' => '体',
        '圖' => '図',
        '數' => '数',
        '黨' => '党',
        '豫' => '予',
        '處' => '処',
        '聯' => '連',
        '廣' => '広',
        '榮' => '栄',
        '齒' => '歯',
        '驛' => '駅',
        '區' => '区',
        '對' => '対',
        '應' => '応',
        _ => return None,
    })
}

/// `s` with old character forms replaced by the ones the vocabulary uses (borrowed when it
/// has none, as nearly every label).
pub fn fold_old_forms(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| modern_form(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| modern_form(c).unwrap_or(c))
        .collect::<String>()
        .into()
}

/// The position word `s` ends with (longest first) and its role.
pub fn position_suffix(s: &str) -> Option<(&'static str, Role)> {
    /// The positions by their last character, longest first.
    static BY_LAST: Lazy<HashMap<char, Vec<(&str, Role)>>> = Lazy::new(|| {
        let mut by_last: HashMap<char, Vec<(&str, Role)>> = HashMap::new();
        for &(suf, role) in POSITIONS {
            let last = suf.chars().next_back().expect("no empty position word");
            by_last.entry(last).or_default().push((suf, role));
        }
        for v in by_last.values_mut() {
            v.sort_by_key(|(suf, _)| std::cmp::Reverse(suf.len()));
        }
        by_last
    });
    let s = fold_old_forms(s);
    BY_LAST
        .get(&s.chars().next_back()?)?
        .iter()
        .find(|(suf, _)| s.ends_with(suf))
        .copied()
}

/// The role a position gives (`国務大臣` → minister, `５番`/`22番` → member); `None` when it
/// names no known post.
pub fn role_of_position(p: &str) -> Option<Role> {
    if seat(p).is_some() {
        return Some(Role::Member);
    }
    position_suffix(p).map(|(_, r)| r)
}

/// A seat number (`22番`, `５番` after NFKC): the member sitting there.
pub fn seat(p: &str) -> Option<u32> {
    let d = p.strip_suffix('番')?;
    let digits = !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit());
    let kanji = (1..=5).contains(&d.chars().count())
        && d.chars().all(|c| "〇一二三四五六七八九十百".contains(c));
    if digits || kanji {
        super::date::number(d)
    } else {
        None
    }
}

/// A post that heads a committee other than the one meeting (`総務常任委員長`,
/// `議会運営委員長`): in a plenary its holder speaks as a member reporting, not as its chair.
pub fn is_committee_chair_title(p: &str) -> bool {
    p.chars().count() > 3
        && p.ends_with("委員長")
        && !p.ends_with("副委員長")
        && !p.ends_with("小委員長")
        && position_suffix(p).is_some_and(|(_, r)| r == Role::Chair)
}

/// Words that begin the office part of a label after a surname (`二宮国際戦略局審議官`,
/// `荒井スポーツ振興局施設担当部長` is cut by the katakana). A label whose name part starts with
/// one of them names an office, not a person (`総務部長`, `保健福祉部長`).
const OFFICE_WORDS: &str = "\
    大臣官房 官房 国際 総務 経済 産業 内閣 商務 情報 電気 通信 政策 戦略 総合 技術 統括 参事 審議 \
    事務 消費 地域 基盤 総括 企画 調査 研究 防衛 警察 金融 文部 厚生 国土 農林 外務 法務 財務 \
    環境 復興 財政 保健 福祉 健康 医療 病院 経営 本部 教育 学校 生涯 市民 町民 区民 村民 県民 \
    都民 住民 観光 農政 農業 水産 土木 建設 建築 都市 港湾 空港 上下水道 水道 下水道 交通 消防 \
    会計 議会 選挙 監査 危機 防災 文化 人事 職員 税務 介護 障害 衛生 清掃 資源 公園 道路 河川 \
    住宅 営繕 契約 管財 秘書 広報 子ども こども 子育て まちづくり 街づくり 生活 安全 管理 推進 \
    振興 計画 施設 整備 市長 区長 町長 村長 知事 議事 庶務 会議 企業 公営 中央 支所 出張所 事業 \
    担当 特命 臨時 特別 常任 運営 予算 決算 議院 国立 国会";

/// Words that start a line that lists people or states the order of business, never a label's
/// name (`出席議員（２６人）`, `説明のため出席した者`).
const NOT_NAMES: &str = "出席 欠席 説明のため 事務局出席 本日 議事 会議";

/// Whether `s` starts with a word that cannot begin a person's name in a label.
pub fn starts_with_non_name(s: &str) -> bool {
    static WORDS: Lazy<AhoCorasick> = Lazy::new(|| {
        AhoCorasick::builder()
            .start_kind(StartKind::Anchored)
            .build(NOT_NAMES.split(' ').chain(OFFICE_WORDS.split(' ')))
            .unwrap()
    });
    let s = fold_old_forms(s);
    WORDS.is_match(Input::new(s.as_ref()).anchored(Anchored::Yes))
}

/// Where the office part starts in a run of name characters (`二宮国際戦略` → 2), if an office
/// word appears after at least one character.
pub fn office_cut(run: &str) -> Option<usize> {
    static WORDS: Lazy<AhoCorasick> = Lazy::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(OFFICE_WORDS.split(' '))
            .unwrap()
    });
    let folded = fold_old_forms(run);
    let run = folded.as_ref();
    // The earliest office word after the first character.
    let first = run.chars().next()?.len_utf8();
    let cut = first + WORDS.find(&run[first..])?.start();
    // 市岡区議会事務局長: the assembly's 区 belongs to the office.
    let before = &run[..cut];
    match before.chars().next_back() {
        Some(c) if run[cut..].starts_with("議会") && "都道府県市区町村".contains(c) => {
            Some(cut - c.len_utf8()).filter(|&i| i > 0)
        }
        _ => Some(cut),
    }
}

/// Characters of Japanese personal names in labels and lists: kanji (with 々 〆 ヶ), hiragana
/// and katakana with the long-vowel mark.
pub fn is_name_char(c: char) -> bool {
    is_kanji(c) || is_hiragana(c) || is_katakana(c)
}

pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}' | '々' | '〆' | 'ヶ')
}

pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_position_wins() {
        for (label, want) in [
            ("谷村副委員長", Some(("副委員長", Role::ViceChair))),
            ("久保洋子教育委員", Some(("教育委員", Role::Official))),
            (
                "選挙管理委員会委員長",
                Some(("委員会委員長", Role::Official)),
            ),
            ("山田小委員長", Some(("小委員長", Role::Chair))),
            ("木原国務大臣", Some(("国務大臣", Role::Minister))),
            ("佐藤正久君", Some(("君", Role::Member))),
            ("雜賀スポーツ振興局理事", Some(("理事", Role::Official))),
            ("公営企業管理者", Some(("管理者", Role::Official))),
            ("政府参考人の出席要求に関する件", None),
        ] {
            assert_eq!(position_suffix(label), want, "{label}");
        }
    }

    #[test]
    fn seats_and_committee_chairs() {
        assert_eq!(seat("22番"), Some(22));
        assert_eq!(seat("番"), None);
        assert_eq!(seat("六十七番"), Some(67));
        assert_eq!(seat("当番"), None);
        assert_eq!(role_of_position("5番"), Some(Role::Member));
        assert!(is_committee_chair_title("議会運営委員長"));
        assert!(is_committee_chair_title("総務常任委員長"));
        assert!(!is_committee_chair_title("委員長"));
        assert!(!is_committee_chair_title("谷村副委員長"));
        assert!(!is_committee_chair_title("教育委員長"));
    }

    #[test]
    fn office_words_cut_names() {
        assert_eq!(office_cut("二宮国際戦略"), Some("二宮".len()));
        assert_eq!(office_cut("総務"), None);
        assert_eq!(office_cut("市岡区議会事務"), Some("市岡".len()));
        assert!(starts_with_non_name("総務"));
        assert!(starts_with_non_name("保健福祉"));
        assert!(starts_with_non_name("出席議員"));
        assert!(!starts_with_non_name("高瀬"));
    }
}
