//! Suggest which speaker names are probably one person.
//!
//! Takes [`SpeakerObs`] (one row per speaker name, role, body and meeting,
//! with its remark count) and gives [`Suggestion`]s: pairs of distinct names
//! (whitespace removed) that speak in the same body with the same role and
//! look like spellings of one name. Roles `unknown` and `collective` (and
//! empty roles or names) are never suggested. Kinds, strongest first:
//!
//! * `variant_kanji`: same length, and every differing character is a pair
//!   from the itaiji table [`super::ITAIJI`] (斉/齋, 辺/邊, 崎/﨑, …).
//! * `one_char_differs`: same length, exactly one character differs and both
//!   are kanji (typos such as 葛/蔦). Weaker; one-character names only where
//!   the attendee lists say which one is the misprint.
//! * `prefix_dropped`: one name is the other with an organisation-like prefix
//!   (ASCII/full-width letters or digits, katakana, or ending in 協会, 大学,
//!   省, 庁, 機構, …); the shorter name has ≥ 2 characters.
//! * `attendee_spelling`: a speaker the meeting's attendee list does not name,
//!   where exactly one listed entry starts with the name spelt with one
//!   variant kanji (`赤坂` speaks, `赤阪…参事官` is listed).
//! * `surname_of_full_name`: a 1–3 kanji name starts a longer name, and no
//!   other name in that body and role starts with it.
//!
//! Two names that speak in the same meeting are probably two people:
//! `one_char_differs` and `surname_of_full_name` pairs that share a meeting
//! are dropped, unless in each shared meeting the attendee list names one of
//! them and not the other (then the other is a misprint of it); the other
//! kinds are kept with the count in [`Suggestion::shared_meetings`] and in the
//! evidence. Two names that one meeting's attendee list both names are two
//! people: no suggestion ([`suggest_with`] takes the attendee lists).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use super::{are_variants, is_kanji, is_name_char, is_org_prefix, normalize_name};

/// Kind: every differing character is an itaiji pair from [`super::ITAIJI`].
pub const VARIANT_KANJI: &str = "variant_kanji";
/// Kind: exactly one kanji differs (and is not in [`super::ITAIJI`]).
pub const ONE_CHAR_DIFFERS: &str = "one_char_differs";
/// Kind: one name is the other with an organisation prefix.
pub const PREFIX_DROPPED: &str = "prefix_dropped";
/// Kind: a surname alone and the only full name starting with it.
pub const SURNAME_OF_FULL_NAME: &str = "surname_of_full_name";
/// Kind: a speaker missing from the meeting's attendee list, which names one person spelt with
/// one variant kanji.
pub const ATTENDEE_SPELLING: &str = "attendee_spelling";

/// One speaker name as seen in one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerObs {
    /// The remark's speaker (a person's name), as the parser gave it.
    pub speaker: String,
    /// The speaker's role (`chair`, `member`, …, `unknown`).
    pub role: String,
    /// The meeting's body (committee name).
    pub body: String,
    /// The meeting the name was seen in.
    pub meeting_id: String,
    /// How many remarks the name has in that meeting.
    pub remarks: u64,
}

/// A suggestion that `alias` is another spelling of `keep`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The name to map to: more remarks, then the longer, then the
    /// lexicographically smaller.
    pub keep: String,
    /// The name to map to `keep`.
    pub alias: String,
    /// The body both names speak in.
    pub body: String,
    /// The role both names speak with.
    pub role: String,
    /// One of [`VARIANT_KANJI`], [`ONE_CHAR_DIFFERS`], [`PREFIX_DROPPED`],
    /// [`SURNAME_OF_FULL_NAME`].
    pub kind: &'static str,
    /// Human-readable reasons: what differs, where, how often.
    pub evidence: String,
    /// Meetings in which both names speak (counter-evidence).
    pub shared_meetings: u64,
}

#[derive(Debug, Default)]
struct Stats {
    meetings: BTreeSet<String>,
    remarks: u64,
}

/// Returns the kind and a human-readable detail for a pair of names.
fn classify(a: &str, b: &str, names: &BTreeMap<String, Stats>) -> Option<(&'static str, String)> {
    let (an, bn) = (a.chars().count(), b.chars().count());
    if an == bn {
        let diffs: Vec<(char, char)> = a.chars().zip(b.chars()).filter(|(x, y)| x != y).collect();
        let pairs: Vec<String> = diffs.iter().map(|(x, y)| format!("{x}/{y}")).collect();
        let (x, y) = *diffs.first()?;
        if diffs.iter().all(|&(x, y)| are_variants(x, y)) {
            return Some((
                VARIANT_KANJI,
                format!("{} are variant forms", pairs.join(", ")),
            ));
        }
        let one_kanji = diffs.len() == 1 && is_kanji(x) && is_kanji(y);
        return one_kanji.then(|| (ONE_CHAR_DIFFERS, format!("only {x}/{y} differs")));
    }
    let (short, long) = if an < bn { (a, b) } else { (b, a) };
    let short_len = an.min(bn);
    if let Some(prefix) = long.strip_suffix(short) {
        if short_len >= 2 && is_org_prefix(prefix) {
            let detail = format!("{long} is {short} with the prefix {prefix}");
            return Some((PREFIX_DROPPED, detail));
        }
    }
    let rest = long.strip_prefix(short)?;
    let starts = |n: &&String| n.as_str() != short && n.starts_with(short);
    let unique = names.keys().filter(starts).count() == 1;
    let surname = short_len <= 3 && short.chars().all(is_kanji);
    let detail = format!("{long} is the only name starting with {short}");
    (unique && surname && rest.chars().all(is_name_char)).then_some((SURNAME_OF_FULL_NAME, detail))
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn describe(name: &str, s: &Stats) -> String {
    let (meetings, remarks) = (
        plural(s.meetings.len(), "meeting"),
        plural(s.remarks as usize, "remark"),
    );
    format!("{name} in {meetings} ({remarks})")
}

/// Suggests pairs of names that are probably one person; see the module docs
/// for the rules. Sorted by body, keep, alias (then role, kind);
/// deterministic for any order of `obs`.
pub fn suggest(obs: &[SpeakerObs]) -> Vec<Suggestion> {
    suggest_with(obs, &BTreeMap::new())
}

/// Whether a meeting's attendee list (names without whitespace) names `name`: in full, or as
/// the surname of a listed full name.
fn listed(attendees: Option<&Vec<String>>, name: &str) -> bool {
    attendees.is_some_and(|l| l.iter().any(|a| a.starts_with(name)))
}

/// [`suggest`], with each meeting's attendee list (by meeting id) as evidence.
pub fn suggest_with(
    obs: &[SpeakerObs],
    attendees: &BTreeMap<String, Vec<String>>,
) -> Vec<Suggestion> {
    let mut groups: BTreeMap<(&str, &str), BTreeMap<String, Stats>> = BTreeMap::new();
    for o in obs {
        let name = normalize_name(&o.speaker);
        if name.is_empty() || matches!(o.role.trim(), "" | "unknown" | "collective") {
            continue;
        }
        let key = (o.body.as_str(), o.role.as_str());
        let stats = groups.entry(key).or_default().entry(name).or_default();
        stats.meetings.insert(o.meeting_id.clone());
        stats.remarks += o.remarks;
    }
    let mut out = Vec::new();
    for ((body, role), names) in &groups {
        let list: Vec<(&String, &Stats)> = names.iter().collect();
        for (i, &(a, sa)) in list.iter().enumerate() {
            for &(b, sb) in &list[i + 1..] {
                let a_first = (sa.remarks, a.chars().count(), Reverse(a))
                    > (sb.remarks, b.chars().count(), Reverse(b));
                let (keep, sk, alias, sl) = if a_first {
                    (a, sa, b, sb)
                } else {
                    (b, sb, a, sa)
                };
                let Some((kind, detail)) = classify(keep, alias, names) else {
                    continue;
                };
                let listed_in = |m: &String, n: &str| listed(attendees.get(m), n);
                let all: BTreeSet<&String> = sa.meetings.union(&sb.meetings).collect();
                if kind != PREFIX_DROPPED
                    && all
                        .iter()
                        .any(|m| listed_in(m, keep) && listed_in(m, alias))
                {
                    continue;
                }
                let shared_list: Vec<&String> = sa.meetings.intersection(&sb.meetings).collect();
                let shared = shared_list.len();
                let misprint = shared > 0
                    && shared_list
                        .iter()
                        .all(|m| listed_in(m, keep) != listed_in(m, alias));
                if shared > 0
                    && !misprint
                    && (kind == ONE_CHAR_DIFFERS || kind == SURNAME_OF_FULL_NAME)
                {
                    continue;
                }
                // One-character names one kanji apart only where the attendee lists say which
                // is the misprint.
                if kind == ONE_CHAR_DIFFERS && keep.chars().count() < 2 && !misprint {
                    continue;
                }
                let both = format!(
                    "both speak in {} (maybe two people)",
                    plural(shared, "meeting")
                );
                let one_listed = format!(
                    "both speak in {}, where the attendee list names only one of them",
                    plural(shared, "meeting")
                );
                let together = if shared == 0 {
                    "never in the same meeting"
                } else if misprint {
                    &one_listed
                } else {
                    &both
                };
                let evidence = format!(
                    "{detail}; same role {role} in {body}; {}, {}; {together}",
                    describe(keep, sk),
                    describe(alias, sl)
                );
                out.push(Suggestion {
                    keep: keep.clone(),
                    alias: alias.clone(),
                    body: body.to_string(),
                    role: role.to_string(),
                    kind,
                    evidence,
                    shared_meetings: shared as u64,
                });
            }
        }
    }
    out.extend(attendee_spellings(obs, attendees));
    out.sort_by(|x, y| {
        (&x.body, &x.keep, &x.alias, &x.role, x.kind)
            .cmp(&(&y.body, &y.keep, &y.alias, &y.role, y.kind))
    });
    out
}

/// Speakers not named in their meeting's attendee list where exactly one listed entry starts
/// with the same name but for one variant kanji (`赤坂` speaking, `赤阪…` listed). A plain
/// one-kanji difference is not enough here: invited presenters are often not listed at all.
fn attendee_spellings(
    obs: &[SpeakerObs],
    attendees: &BTreeMap<String, Vec<String>>,
) -> Vec<Suggestion> {
    let mut found: BTreeMap<(String, String, String, String), BTreeSet<String>> = BTreeMap::new();
    for o in obs {
        let name = normalize_name(&o.speaker);
        let Some(list) = attendees.get(&o.meeting_id) else {
            continue;
        };
        if name.is_empty() || listed(Some(list), &name) {
            continue;
        }
        let n = name.chars().count();
        let near: BTreeSet<String> = list
            .iter()
            .filter_map(|a| {
                let head: String = a.chars().take(n).collect();
                let diffs: Vec<(char, char)> = head
                    .chars()
                    .zip(name.chars())
                    .filter(|(x, y)| x != y)
                    .collect();
                let ok = head.chars().count() == n
                    && diffs.len() == 1
                    && diffs.iter().all(|&(x, y)| are_variants(x, y));
                ok.then_some(head)
            })
            .collect();
        if near.len() == 1 {
            let keep = near.into_iter().next().unwrap_or_default();
            let key = (o.body.clone(), keep, name, o.role.clone());
            found.entry(key).or_default().insert(o.meeting_id.clone());
        }
    }
    found
        .into_iter()
        .map(|((body, keep, alias, role), meetings)| Suggestion {
            evidence: format!(
                "{alias} speaks in {} whose attendee list names {keep} and not {alias}",
                plural(meetings.len(), "meeting")
            ),
            keep,
            alias,
            body,
            role,
            kind: ATTENDEE_SPELLING,
            shared_meetings: 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `"role: name@meeting*remarks …"`, body `会`; `*remarks` defaults to 1.
    fn run(spec: &str) -> Vec<Suggestion> {
        let (role, list) = spec.split_once(": ").unwrap();
        let obs: Vec<SpeakerObs> = list
            .split(' ')
            .map(|o| {
                let (speaker, rest) = o.split_once('@').unwrap();
                let (meeting_id, n) = rest.split_once('*').unwrap_or((rest, "1"));
                let (speaker, role, body) = (speaker.replace('_', "　"), role.into(), "会".into());
                let (meeting_id, remarks) = (meeting_id.into(), n.parse().unwrap());
                SpeakerObs {
                    speaker,
                    role,
                    body,
                    meeting_id,
                    remarks,
                }
            })
            .collect();
        let s = suggest(&obs);
        assert_eq!(
            suggest(&obs.into_iter().rev().collect::<Vec<_>>()),
            s,
            "deterministic"
        );
        s
    }

    fn pairs(s: &[Suggestion]) -> Vec<String> {
        s.iter()
            .map(|s| format!("{}<{} {}", s.keep, s.alias, s.kind))
            .collect()
    }

    #[test]
    fn variant_kanji() {
        let s = run("member: 齋藤@m1*5 斉藤@m2 渡邊@m1 渡辺@m3*3");
        assert_eq!(
            pairs(&s),
            ["渡辺<渡邊 variant_kanji", "齋藤<斉藤 variant_kanji"]
        );
        let e = &s[1].evidence;
        assert_eq!(
            e,
            "齋/斉 are variant forms; same role member in 会; \
             齋藤 in 1 meeting (5 remarks), 斉藤 in 1 meeting (1 remark); never in the same meeting"
        );
        // Two differing characters, both variants; 𠮷 is outside the BMP.
        assert_eq!(
            pairs(&run("chair: 髙𠮷@m1*2 高吉@m2*2")),
            ["高吉<髙𠮷 variant_kanji"]
        );
    }

    #[test]
    fn one_char_differs() {
        let s = run("member: 葛西@m1 蔦西@m2*4 AB@m3 AC@m4 林@m5 森@m6 山田@m7 川口@m8");
        assert_eq!(pairs(&s), ["蔦西<葛西 one_char_differs"]);
        assert!(s[0].evidence.starts_with("only 蔦/葛 differs; "));
    }

    #[test]
    fn prefix_dropped() {
        let s = run(
            "presenter: XYZ北川@m1*3 北川@m2*3 日本電機協会南野@m1 南野@m3*2 トヨタ東@m4 東@m5",
        );
        assert_eq!(
            pairs(&s),
            [
                "XYZ北川<北川 prefix_dropped",
                "南野<日本電機協会南野 prefix_dropped"
            ]
        );
        assert!(s[0]
            .evidence
            .starts_with("XYZ北川 is 北川 with the prefix XYZ; "));
        // A kanji prefix that is not organisation-like is not a dropped prefix.
        assert!(run("member: 大北川@m1 北川@m2").is_empty());
    }

    #[test]
    fn surname_of_full_name_and_ambiguity() {
        let s = run("chair: 森@m1*9 森_花子@m2*3");
        assert_eq!(pairs(&s), ["森<森花子 surname_of_full_name"]);
        assert!(s[0]
            .evidence
            .starts_with("森花子 is the only name starting with 森; "));
        let s = run("chair: 森@m1*3 森花子@m2*3");
        assert_eq!(
            pairs(&s),
            ["森花子<森 surname_of_full_name"],
            "tie: the longer is kept"
        );
        // Two names start with 森: ambiguous, nothing suggested.
        assert!(run("chair: 森@m1 森花子@m2 森太郎@m3").is_empty());
        // A four-kanji "surname" is not taken as one.
        assert!(run("chair: 長谷川原@m1 長谷川原一@m2").is_empty());
    }

    #[test]
    fn shared_meeting_rule() {
        // Weak kinds sharing a meeting are dropped.
        assert!(run("member: 葛西@m1 蔦西@m1").is_empty());
        assert!(run("member: 森@m1 森花子@m1 森花子@m2").is_empty());
        // Strong kinds are kept with the count.
        let s = run("member: 齋藤@m1*3 斎藤@m1 斎藤@m2 ABC渡辺@m1 渡辺@m1");
        assert_eq!(
            pairs(&s),
            ["ABC渡辺<渡辺 prefix_dropped", "齋藤<斎藤 variant_kanji"]
        );
        assert_eq!((s[0].shared_meetings, s[1].shared_meetings), (1, 1));
        assert!(s[1]
            .evidence
            .ends_with("; both speak in 1 meeting (maybe two people)"));
    }

    #[test]
    fn scope_roles_bodies_and_order() {
        for role in ["unknown", "collective", ""] {
            assert!(run(&format!("{role}: 齋藤@m1 斎藤@m2")).is_empty());
        }
        let o = |speaker: &str, role: &str, body: &str| SpeakerObs {
            speaker: speaker.into(),
            role: role.into(),
            body: body.into(),
            meeting_id: "m1".into(),
            remarks: 1,
        };
        let obs = [
            o("齋藤", "member", "会"),
            o("斎藤", "member", "別"),
            o("斉藤", "chair", "会"),
        ];
        assert!(suggest(&obs).is_empty(), "different bodies or roles");
        assert!(suggest(&[o("", "member", "会"), o("　", "member", "会")]).is_empty());
        let s = run("member: 齋藤@m1 斎藤@m2 斉藤@m3 JSSEC北川@m1 北川@m2");
        let keys: Vec<_> = s.iter().map(|s| (&s.body, &s.keep, &s.alias)).collect();
        assert_eq!(s.len(), 4);
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    }

    fn obs(speaker: &str, meeting_id: &str, remarks: u64) -> SpeakerObs {
        SpeakerObs {
            speaker: speaker.into(),
            role: "member".into(),
            body: "会".into(),
            meeting_id: meeting_id.into(),
            remarks,
        }
    }

    fn lists(l: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        l.iter()
            .map(|(m, names)| (m.to_string(), names.iter().map(|n| n.to_string()).collect()))
            .collect()
    }

    #[test]
    fn attendee_lists_tell_a_misprint_from_two_people() {
        // 森 speaks twice, 杜 once in the same meeting; the list names only 森: a misprint.
        let o = [obs("森", "m1", 2), obs("杜", "m1", 1)];
        assert!(suggest(&o).is_empty(), "one-character names need the lists");
        let s = suggest_with(&o, &lists(&[("m1", &["森構成員", "林構成員"])]));
        assert_eq!(pairs(&s), ["森<杜 one_char_differs"]);
        assert!(
            s[0].evidence.contains("names only one of them"),
            "{}",
            s[0].evidence
        );
        // Both listed in one meeting: two people, whatever else they share.
        let o = [obs("佐藤", "m1", 1), obs("加藤", "m2", 1)];
        assert_eq!(pairs(&suggest(&o)), ["佐藤<加藤 one_char_differs"]);
        let both = lists(&[("m2", &["佐藤構成員", "加藤構成員"])]);
        assert!(suggest_with(&o, &both).is_empty());
    }

    #[test]
    fn a_speaker_missing_from_the_list_takes_its_variant_spelling() {
        let o = [obs("渡辺", "m1", 3)];
        let s = suggest_with(&o, &lists(&[("m1", &["渡邊参事官", "田中構成員"])]));
        assert_eq!(pairs(&s), ["渡邊<渡辺 attendee_spelling"]);
        // A plain one-kanji difference is no evidence (presenters are often not listed).
        let o = [obs("飯田", "m1", 3)];
        assert!(suggest_with(&o, &lists(&[("m1", &["篠田構成員"])])).is_empty());
    }
}
