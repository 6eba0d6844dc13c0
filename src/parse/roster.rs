//! The roster: the people a meeting's own attendee lists name, and what a label's partial name
//! resolves to among them.
//!
//! Takes attendee-list lines (NFKC, spaces kept: the spacing is information) and gives
//! [`Person`]s with their post or seat. Lists come in two layouts:
//!
//! - names ending in `君`, padded to a fixed width so that the gap inside says where the surname
//!   ends (`委員長　谷　　公一君`, `理事　黄川田仁志君`, Tokyo's `委員長村上　英子君` with the post
//!   glued on);
//! - a post or seat, then the name letter-spaced (`１番　吉　田　崇　仁`, `市長　　大　泉　　　潤`),
//!   possibly two entries to a line or the name on the line after its post.
//!
//! [`Roster::resolve`] turns `谷委員長` into 谷公一 when exactly one listed person fits.

use super::label::Label;
use super::roles::{is_name_char, position_suffix, seat, HONORIFICS, POST_TAILS};

/// One listed person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The full name, spaces removed.
    pub name: String,
    /// The surname, where the list's spacing shows it.
    pub surname: Option<String>,
    /// The post the list gives (`委員長`, `外務大臣`, `22番`), or empty.
    pub position: String,
    pub seat: Option<u32>,
}

/// The people of one meeting's lists.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    /// A post read at the end of a line whose name comes on the next (`子ども未来部長` ↵ `宿　村　篤　由`).
    pending: Option<String>,
}

/// Gaps of this many spaces or more separate entries; smaller ones space out a name.
const BIG_GAP: usize = 4;

fn is_post(t: &str) -> bool {
    let t = t.trim_start_matches(['○', '◯', '〇', '●', '◎', '◆']);
    if t.starts_with('(') && t.ends_with(')') {
        return true; // (警察庁長官官房審議官)
    }
    seat(t).is_some()
        || POST_TAILS.iter().chain(&["担当"]).any(|w| t.ends_with(w))
        || position_suffix(t).is_some_and(|(suf, _)| !HONORIFICS.contains(&suf))
}

fn name_like(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| is_name_char(c) || c == '・') && !is_count_or_none(t)
}

/// What a list heading says instead of a name: a count (`十一名`, `34人`) or nobody (`なし`).
fn is_count_or_none(t: &str) -> bool {
    let numeral = |c: char| c.is_ascii_digit() || "〇一二三四五六七八九十百".contains(c);
    let count = t
        .strip_suffix('名')
        .or_else(|| t.strip_suffix('人'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(numeral));
    count || ["なし", "無し", "ナシ", "欠員"].contains(&t)
}

/// A token that is a post with a surname glued on (`委員長村上`, `スポーツ振興局局長細井`,
/// `副委員長畔上三和子`): the longest such post and the name part after it.
fn split_glued(t: &str) -> Option<(&str, &str)> {
    let mut best = None;
    for (i, _) in t.char_indices().skip(2) {
        let (post, name) = t.split_at(i);
        let n = name.chars().count();
        if (1..=7).contains(&n) && name_like(name) && is_post(post) {
            best = Some((post, name));
        }
    }
    best
}

/// Splits a line into tokens with the width of the gap before each; brackets keep their spaces.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut gap = 0;
    let mut start = None;
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if let Some(s) = start.take() {
                out.push((gap, &line[s..i]));
                gap = 0;
            }
            gap += 1;
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((gap, &line[s..]));
    }
    out
}

/// Where the surname ends in a name written as `parts` with the gaps between them.
fn surname_of(parts: &[(usize, &str)]) -> Option<String> {
    match parts.len() {
        0 | 1 => None,
        2 => Some(parts[0].1.to_string()),
        _ => {
            let gaps: Vec<usize> = parts[1..].iter().map(|p| p.0).collect();
            let max = *gaps.iter().max()?;
            let at_max: Vec<usize> = (0..gaps.len()).filter(|&i| gaps[i] == max).collect();
            let single = |p: &(usize, &str)| p.1.chars().count() == 1;
            let cut = if at_max.len() == 1 && gaps.iter().any(|&g| g < max) {
                at_max[0] + 1
            } else if parts[..parts.len() - 1].iter().all(single)
                && !single(&parts[parts.len() - 1])
            {
                parts.len() - 1 // 佐　藤　聖智子
            } else if !single(&parts[0]) && parts[1..].iter().all(single) {
                1 // 三小田　准　一
            } else {
                return None;
            };
            Some(parts[..cut].iter().map(|p| p.1).collect())
        }
    }
}

/// A list whose names end in `君`: a token ending in 君 after a name, or a `君` spaced off a
/// name (`塩　田　　　尚　君`); not a 君 that begins a name (`１番　君　島　太　郎`).
fn is_kun_line(line: &str) -> bool {
    let toks = tokens(line);
    toks.iter().enumerate().any(|(i, &(_, t))| {
        if t == "君" {
            i > 0 && name_like(toks[i - 1].1) && !is_post(toks[i - 1].1)
        } else {
            kun_name(t).is_some()
        }
    })
}

/// The name part of a `…君` token, a party in brackets after it dropped (`靖一君(自民)`).
fn kun_name(t: &str) -> Option<&str> {
    let t = match t.find("君(") {
        Some(i) if t.ends_with(')') => &t[..i + '君'.len_utf8()],
        _ => t,
    };
    t.strip_suffix('君')
}

impl Roster {
    /// Reads one line of an attendee list. Lines that hold no listed person add nothing.
    pub fn read_line(&mut self, line: &str) {
        if is_kun_line(line) {
            self.read_kun_line(line);
        } else {
            self.read_post_line(line);
        }
    }

    fn push(&mut self, position: &str, parts: &[(usize, &str)]) {
        let name: String = parts.iter().map(|p| p.1).collect();
        let name = HONORIFICS
            .iter()
            .find_map(|h| name.strip_suffix(h).filter(|n| n.chars().count() >= 2))
            .map_or(name.clone(), str::to_string);
        let n = name.chars().count();
        if !(2..=10).contains(&n) || !name_like(&name) {
            return;
        }
        let position = position.trim_start_matches(['○', '◯', '〇', '●', '◎', '◆']);
        self.people.push(Person {
            surname: surname_of(parts),
            position: position.to_string(),
            seat: seat(position),
            name,
        });
    }

    /// `委員長　谷　　公一君　理事　井上　信治君`: every `…君` is a name, its field padded to
    /// five characters.
    fn read_kun_line(&mut self, line: &str) {
        let pending = self.pending.take();
        let mut post = String::new();
        let mut parts: Vec<(usize, &str)> = Vec::new();
        for (gap, t) in tokens(line) {
            if gap >= BIG_GAP {
                parts.clear();
            }
            if let Some(name) = kun_name(t) {
                if t == "君" {
                    // 塩　田　　　尚　君: the honorific spaced off the name.
                } else if parts.is_empty() && name.chars().count() > 5 {
                    match split_glued(name) {
                        Some((p, n)) => {
                            post = p.to_string();
                            parts.push((0, n));
                        }
                        None => parts.push((gap, name)),
                    }
                } else if parts.is_empty() {
                    parts.push((gap, name));
                } else {
                    // Fixed width: take earlier parts only while the field stays five wide.
                    parts.push((gap, name));
                }
                let (glued, parts_fit) = fit_five(&parts);
                if post.is_empty() && !glued.is_empty() {
                    post = glued.to_string();
                }
                self.push(&post, &parts_fit);
                parts.clear();
                post.clear();
                continue;
            }
            if is_post(t) && (parts.is_empty() || !name_like(t)) {
                post = match (&pending, t.starts_with('(')) {
                    // 国務大臣 ↵ （金融担当）　鈴木　俊一君
                    (Some(p), true) if post.is_empty() => format!("{p}{t}"),
                    _ => t.to_string(),
                };
                parts.clear();
                continue;
            }
            if parts.is_empty() {
                if let Some((p, n)) = split_glued(t) {
                    post = p.to_string();
                    parts.push((0, n));
                    continue;
                }
            }
            if name_like(t) {
                parts.push((gap, t));
            } else {
                parts.clear();
            }
        }
    }

    /// `１番　吉　田　崇　仁`, `市長　　　大　泉　　　潤`: a post or seat, then the name.
    fn read_post_line(&mut self, line: &str) {
        let mut post: Option<String> = self.pending.take();
        let mut parts: Vec<(usize, &str)> = Vec::new();
        let flush = |r: &mut Roster, post: &Option<String>, parts: &mut Vec<(usize, &str)>| {
            if let Some(p) = post {
                if !parts.is_empty() {
                    r.push(p, parts);
                }
            }
            parts.clear();
        };
        for (gap, t) in tokens(line) {
            if HONORIFICS.contains(&t) && !parts.is_empty() {
                // 清野　一榮　議員: the honorific ends the name.
                flush(self, &post, &mut parts);
                post = None;
                continue;
            }
            if is_post(t) {
                flush(self, &post, &mut parts);
                post = Some(t.to_string());
                continue;
            }
            if gap >= BIG_GAP && !parts.is_empty() {
                flush(self, &post, &mut parts);
                post = None;
            }
            if name_like(t) && post.is_some() {
                parts.push((gap, t));
            } else {
                flush(self, &post, &mut parts);
                post = None;
            }
        }
        if parts.is_empty() {
            // Only a whole post waits for its name on the next line (`子ども未来部長`), not
            // prose that happens to end with one (`出席者：阿部会長、岡部委員`).
            self.pending = post.filter(|p| {
                !p.starts_with('(')
                    && !p.contains([':', '：', '、', ',', '。'])
                    && p.chars().count() <= 20
            });
        } else {
            flush(self, &post, &mut parts);
        }
    }

    /// The full name a label's partial name stands for, when exactly one listed person fits:
    /// `谷` (委員長) → 谷公一, `渡辺` with initial `周` → 渡辺周, a seat `５番` → its member.
    pub fn resolve(&self, label: &Label) -> Option<String> {
        let n = label.speaker.as_str();
        if n.is_empty() {
            let s = seat(&label.position)?;
            return unique(self.people.iter().filter(|p| p.seat == Some(s)));
        }
        if self.people.iter().any(|p| p.name == n) {
            return Some(n.to_string());
        }
        if n.chars().count() > 4 {
            return self.surname_before_office(label);
        }
        let fits = |p: &&Person| {
            let surname_ok = match &p.surname {
                Some(s) => s == n,
                // Without the list's spacing a prefix is only a guess: the listed post must
                // not give another role (森課長 is not 森田, listed as 構成員).
                None => {
                    p.name.len() > n.len()
                        && p.name.starts_with(n)
                        && post_role(&p.position).is_none_or(|r| {
                            label.role == crate::model::Role::Unknown || side(r) == side(label.role)
                        })
                }
            };
            surname_ok
                && p.name.starts_with(n)
                && (label.initial.is_empty() || p.name[n.len()..].starts_with(&label.initial))
        };
        let found = unique(self.people.iter().filter(fits));
        if found.is_some() || label.position.is_empty() {
            return found;
        }
        // Two people share the surname: the one the list gives the same post decides, else
        // the one whose post gives the same role (財務大臣 for 国務大臣).
        // The label's whole post (`…準備局スポーツ施設担当部長`) first, then its post word.
        let whole_post = label.label.strip_prefix(n).unwrap_or("");
        let same_post = |q: &str| {
            unique(self.people.iter().filter(fits).filter(|p| {
                !q.is_empty()
                    && !p.position.is_empty()
                    && (p.position.contains(q) || q.ends_with(&p.position))
            }))
        };
        same_post(whole_post)
            .or_else(|| same_post(&label.position))
            .or_else(|| {
                unique(
                    self.people
                        .iter()
                        .filter(fits)
                        .filter(|p| post_role(&p.position) == Some(label.role)),
                )
            })
    }
}

impl Roster {
    /// An official's label whose name part runs on into the office (`黒田新庁舎整備担当部長`
    /// read as 黒田新庁舎): the one listed person whose surname begins it.
    fn surname_before_office(&self, label: &Label) -> Option<String> {
        use crate::model::Role;
        if label.position.is_empty() || !matches!(label.role, Role::Official | Role::Minister) {
            return None;
        }
        let n = label.speaker.as_str();
        if !label.label.starts_with(n) {
            return None; // 政府参考人（山田花子君）: the name is whole.
        }
        unique(self.people.iter().filter(|p| {
            p.surname
                .as_deref()
                .is_some_and(|s| n.len() > s.len() && n.starts_with(s))
        }))
    }
}

/// Which side of the table a role sits on: the body's own members (chair, vice chair,
/// members), the government and officials, or guests.
fn side(r: crate::model::Role) -> u8 {
    use crate::model::Role::*;
    match r {
        Chair | ViceChair | Member | Collective => 0,
        Minister | Official => 1,
        Presenter | Observer => 2,
        Unknown => 3,
    }
}

/// The role a listed post gives, a bracketed remark removed (`国務大臣(金融担当)`).
fn post_role(p: &str) -> Option<crate::model::Role> {
    let head = p.split('(').next().unwrap_or(p);
    // A committee's 理事 alone is one of its members (an office's 理事 names the office).
    if head == "理事" {
        return Some(crate::model::Role::Member);
    }
    super::roles::role_of_position(head)
}

/// Keeps the last parts of a `君` name that fit the five-character field (with the gaps between
/// them): `谷`, `公一` with a gap of two → `谷　　公一`. A part that overflows the field while
/// room is left has a post glued before the surname (`技監上野　雄一` → `上野　雄一`); that post
/// is given back.
fn fit_five<'a>(parts: &[(usize, &'a str)]) -> (&'a str, Vec<(usize, &'a str)>) {
    let mut out: Vec<(usize, &'a str)> = Vec::new();
    let mut width = 0;
    for (i, &(gap, t)) in parts.iter().enumerate().rev() {
        let w = t.chars().count();
        if !out.is_empty() && width + w > 5 {
            let room = 5usize.saturating_sub(width);
            if room > 0 && i == 0 {
                let at = t.char_indices().nth(w - room).map_or(0, |(b, _)| b);
                out.insert(0, (gap, &t[at..]));
                return (&t[..at], out);
            }
            break;
        }
        width += w + if i > 0 { gap } else { 0 };
        out.insert(0, (gap, t));
    }
    ("", out)
}

/// The one name among `people`, if they are all the same person.
fn unique<'a>(mut people: impl Iterator<Item = &'a Person>) -> Option<String> {
    let first = people.next()?;
    people
        .all(|p| p.name == first.name)
        .then(|| first.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::label::read_label;
    use crate::parse::nfkc;

    fn roster(lines: &[&str]) -> Roster {
        let mut r = Roster::default();
        for l in lines {
            r.read_line(nfkc(l).trim());
        }
        r
    }

    fn names(r: &Roster) -> Vec<(String, Option<String>, String)> {
        r.people
            .iter()
            .map(|p| (p.name.clone(), p.surname.clone(), p.position.clone()))
            .collect()
    }

    fn who(r: &Roster, label: &str) -> Option<String> {
        r.resolve(&read_label(&nfkc(label), true).unwrap())
    }

    #[test]
    fn diet_lists_with_kun() {
        let r = roster(&[
            "　　　委員長　谷　　公一君",
            "　　　理事　井上　信治君　理事　小林　史明君",
            "　　　　　　谷川　とむ君　　　　土田　　慎君",
            "　　　理事　斎藤アレックス君　理事　中川　宏昌君",
            "　　　（警察庁長官官房審議官）　親家　和仁君",
            "　　　　委員長　　　　　　　　　小野田紀美君",
            "　　　　　　　　　　　　　　　　渡辺　　周君",
        ]);
        assert_eq!(
            names(&r)[0],
            ("谷公一".into(), Some("谷".into()), "委員長".into())
        );
        let all: Vec<String> = r.people.iter().map(|p| p.name.clone()).collect();
        assert_eq!(
            all,
            [
                "谷公一",
                "井上信治",
                "小林史明",
                "谷川とむ",
                "土田慎",
                "斎藤アレックス",
                "中川宏昌",
                "親家和仁",
                "小野田紀美",
                "渡辺周"
            ]
        );
        assert_eq!(who(&r, "谷委員長").as_deref(), Some("谷公一"));
        assert_eq!(who(&r, "谷川委員").as_deref(), Some("谷川とむ"));
        assert_eq!(who(&r, "親家政府参考人").as_deref(), Some("親家和仁"));
        assert_eq!(who(&r, "中川(宏)委員").as_deref(), Some("中川宏昌"));
        assert_eq!(who(&r, "中川(健)委員"), None);
        assert_eq!(who(&r, "小野田委員長").as_deref(), Some("小野田紀美"));
        assert_eq!(who(&r, "山田委員"), None);
        let r = roster(&[
            "　　　理事　鈴木　馨祐君",
            "　　　財務大臣",
            "　　　国務大臣",
            "　　　（金融担当）　　　　　　　鈴木　俊一君",
        ]);
        assert_eq!(r.people[1].position, "国務大臣(金融担当)");
        assert_eq!(who(&r, "鈴木国務大臣").as_deref(), Some("鈴木俊一"));
        // The minister is no 委員: the 理事 (a member of the committee) is.
        assert_eq!(who(&r, "鈴木委員").as_deref(), Some("鈴木馨祐"));
    }

    #[test]
    fn tokyo_lists_glue_post_and_name() {
        let r = roster(&[
            "委員長村上　英子君",
            "副委員長畔上三和子君",
            "理事橘　　正剛君",
            "次長理事兼務岸本　良一君",
            "スポーツ振興局局長細井　　優君",
            "野上ゆきえ君",
            "副委員長鈴木あきまさ君",
            "六十七番岡本こうき君",
            "出席委員　十一名",
            "欠席委員　なし",
            "技監上野　雄一君",
            "技監三浦　　隆君",
            "運営担当部長田中　　彰君",
            "スポーツ施設担当部長田中　慎一君",
        ]);
        let all: Vec<(String, String)> = r
            .people
            .iter()
            .map(|p| (p.name.clone(), p.position.clone()))
            .collect();
        assert_eq!(
            all,
            [
                ("村上英子".into(), "委員長".into()),
                ("畔上三和子".into(), "副委員長".into()),
                ("橘正剛".into(), "理事".into()),
                ("岸本良一".into(), "次長理事兼務".into()),
                ("細井優".into(), "スポーツ振興局局長".into()),
                ("野上ゆきえ".into(), String::new()),
                ("鈴木あきまさ".into(), "副委員長".into()),
                ("岡本こうき".into(), "六十七番".into()),
                ("上野雄一".into(), "技監".into()),
                ("三浦隆".into(), "技監".into()),
                ("田中彰".into(), "運営担当部長".into()),
                ("田中慎一".into(), "スポーツ施設担当部長".into()),
            ]
        );
        // A 君 that begins a name is no honorific; a whole line of prose leaves no post waiting.
        let r2 = roster(&[
            "１番　　君　島　太　郎　　　　２番　　鈴　木　花　子",
            "出席者：阿部会長、岡部委員、山田委員",
            "議事",
            "議院運営委員長　浜田　靖一君（自民）",
        ]);
        let names: Vec<&str> = r2.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["君島太郎", "鈴木花子", "浜田靖一"]);
        // Two 田中: the post in the label decides.
        assert_eq!(
            who(
                &r,
                "田中オリンピック・パラリンピック準備局スポーツ施設担当部長"
            )
            .as_deref(),
            Some("田中慎一")
        );
        assert_eq!(who(&r, "細井スポーツ振興局長").as_deref(), Some("細井優"));
        assert_eq!(who(&r, "畔上委員").as_deref(), Some("畔上三和子"));
    }

    #[test]
    fn local_lists_with_posts_and_seats() {
        let r = roster(&[
            "　　　　　　　　１番　吉　田　崇　仁",
            "　　　　１番　　むらまつ　勝康　　　　　　　　　２番　　おおにし　順子",
            "　　　　市長　　　　　大　泉　　　潤",
            "　　　　子ども未来部長",
            "　　　　　　　　　　　宿　村　篤　由",
            "　　事務局長　　　　　杉　立　敏　也　　　　　次長　　　　　　　南　部　　　剛",
            "　第　２　　議　　案　　第　１号　令和７年度葛飾区一般会計予算",
            "令和６年第１回函館市議会定例会会議録　第１号",
        ]);
        let all: Vec<(String, Option<String>, String)> = names(&r);
        assert_eq!(
            all,
            [
                ("吉田崇仁".into(), None, "1番".into()),
                ("むらまつ勝康".into(), Some("むらまつ".into()), "1番".into()),
                ("おおにし順子".into(), Some("おおにし".into()), "2番".into()),
                ("大泉潤".into(), Some("大泉".into()), "市長".into()),
                ("宿村篤由".into(), None, "子ども未来部長".into()),
                ("杉立敏也".into(), None, "事務局長".into()),
                ("南部剛".into(), Some("南部".into()), "次長".into()),
            ]
        );
        assert_eq!(who(&r, "2番").as_deref(), Some("おおにし順子"));
        assert_eq!(who(&r, "大泉市長").as_deref(), Some("大泉潤"));
    }
}
