//! The confirmed speaker mapping, `speakers.toml`.
//!
//! Takes the researcher's `speakers.toml` (one `[[person]]` table per person)
//! and gives [`SpeakerMap::id_for`]: the `speaker_id` for a remark's speaker
//! in a body. [`to_toml`] writes a draft of that file from
//! [`Suggestion`]s.
//!
//! ```toml
//! [[person]]
//! id = "赤坂"              # the speaker_id written to the tables
//! names = ["赤坂", "赤阪"]
//! body = "…"               # optional: only in this body; absent = everywhere
//! ```
//!
//! Unknown keys, an empty `id`, `names` or `body`, an empty name, and a name
//! given twice in the same scope (the same body, or both global) are errors
//! that name the file and line:column. A body-scoped mapping wins over a
//! global one. Names, ids and bodies are compared with whitespace removed.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::suggest::Suggestion;
use super::{normalize_name, Location};

/// Why a `speakers.toml` was rejected. Every message starts with the file
/// and, except for [`MapError::Io`], `line:column`.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The file could not be read: the file, the cause.
    #[error("{path}: cannot read: {1}", path = .0.display())]
    Io(PathBuf, #[source] std::io::Error),
    /// Not TOML, a missing or unknown key, or a wrong type: where, and the
    /// TOML parser's message.
    #[error("{0}: {1}")]
    Syntax(Location, String),
    /// An empty `id`, `names`, name or `body`: where, and which (with the
    /// person's id where known).
    #[error("{0}: empty {1}")]
    Empty(Location, String),
    /// One name given twice in one scope (one body, or everywhere): where the
    /// second is, and a message naming the name, both ids and the first place.
    #[error("{0}: {1}")]
    DuplicateName(Location, String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    person: Vec<RawPerson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    names: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    body: Option<Spanned<String>>,
}

/// Name → speaker_id, per body and everywhere; read from `speakers.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerMap {
    /// (body, or "" for everywhere; name) → id, all whitespace-free.
    ids: BTreeMap<(String, String), String>,
    persons: usize,
}

impl SpeakerMap {
    /// Parses the text of a `speakers.toml`; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<SpeakerMap, MapError> {
        let at = |offset: usize| Location::at(path, text, offset);
        let syntax = |e: toml::de::Error| {
            let offset = e.span().unwrap_or_default().start;
            MapError::Syntax(at(offset), e.message().trim().into())
        };
        let raw: RawFile = toml::from_str(text).map_err(syntax)?;
        let empty = |offset: usize, what: String| Err(MapError::Empty(at(offset), what));
        let mut seen: BTreeMap<(String, String), (String, Location)> = BTreeMap::new();
        let persons = raw.person.len();
        for p in raw.person {
            let id = normalize_name(p.id.get_ref());
            if id.is_empty() {
                return empty(p.id.span().start, "`id`".into());
            }
            if p.names.get_ref().is_empty() {
                return empty(p.names.span().start, format!("`names` for person `{id}`"));
            }
            let body = normalize_name(p.body.as_ref().map_or("", |b| b.get_ref()));
            if let Some(b) = p.body.as_ref().filter(|_| body.is_empty()) {
                let what = "(leave `body` out to apply everywhere)";
                return empty(b.span().start, format!("`body` for person `{id}` {what}"));
            }
            for n in p.names.get_ref() {
                let (name, here) = (normalize_name(n.get_ref()), at(n.span().start));
                if name.is_empty() {
                    return empty(n.span().start, format!("name for person `{id}`"));
                }
                if let Some((first_id, first_at)) = seen.get(&(body.clone(), name.clone())) {
                    let scope = match body.as_str() {
                        "" => "everywhere (no body)".to_string(),
                        b => format!("in body `{b}`"),
                    };
                    let what = format!(
                        "name `{name}` is given to both `{first_id}` (at {first_at}) and `{id}` {scope}"
                    );
                    return Err(MapError::DuplicateName(here, what));
                }
                seen.insert((body.clone(), name), (id.clone(), here));
            }
        }
        let ids = seen.into_iter().map(|(k, (id, _))| (k, id)).collect();
        Ok(SpeakerMap { ids, persons })
    }

    /// Reads and parses a `speakers.toml`.
    pub fn load(path: &Path) -> Result<SpeakerMap, MapError> {
        let text = std::fs::read_to_string(path).map_err(|e| MapError::Io(path.into(), e))?;
        SpeakerMap::parse(&text, path)
    }

    /// A map with no persons: every speaker is its own id.
    pub fn empty() -> SpeakerMap {
        SpeakerMap::default()
    }

    /// The speaker_id for a remark's speaker in a body: the mapped id (a
    /// mapping for this body wins over a global one), else the speaker with
    /// whitespace removed; empty speaker → empty id.
    pub fn id_for(&self, speaker: &str, body: &str) -> String {
        let name = normalize_name(speaker);
        if self.ids.is_empty() {
            return name;
        }
        let get = |body: String| self.ids.get(&(body, name.clone()));
        let id = get(normalize_name(body)).or_else(|| get(String::new()));
        id.cloned().unwrap_or(name)
    }

    /// The number of `[[person]]` tables.
    pub fn len(&self) -> usize {
        self.persons
    }

    /// Whether there are no `[[person]]` tables.
    pub fn is_empty(&self) -> bool {
        self.persons == 0
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => out.extend(['\\', c]),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out + "\""
}

/// A `speakers.toml` draft: one `[[person]]` per keep and body, listing the
/// keep and all its aliases, with each suggestion's kind and evidence as a
/// `#` comment above it; the researcher deletes what is wrong. Suggestions
/// that chain or overlap within a body (斉藤→斎藤, 斎藤→齋藤) are merged
/// into one `[[person]]` whose id is the name kept most often (then the
/// longer, then the smaller), so each name appears once per scope and the
/// draft always parses with [`SpeakerMap::parse`]. An empty body is written
/// without `body` (global). Deterministic.
pub fn to_toml(suggestions: &[Suggestion]) -> String {
    let mut out = String::from(
        "# speakers.toml draft from speaker suggestions.\n\
         # Each [[person]] maps every name in `names` to `id` (only in `body` when given).\n\
         # Delete the names (or whole [[person]] tables) that are not the same person.\n",
    );
    // (body, linked names, their suggestions), merged whenever a name is shared.
    let mut groups: Vec<(String, BTreeSet<String>, Vec<&Suggestion>)> = Vec::new();
    for s in suggestions {
        let body = normalize_name(&s.body);
        let names = BTreeSet::from([normalize_name(&s.keep), normalize_name(&s.alias)]);
        let (hits, rest): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| g.0 == body && !g.1.is_disjoint(&names));
        let mut merged = (body, names, vec![s]);
        for (_, names, members) in hits {
            merged.1.extend(names);
            merged.2.extend(members);
        }
        groups = rest;
        groups.push(merged);
    }
    let mut persons = Vec::new();
    for (body, names, mut members) in groups {
        members.sort_by_key(|s| (&s.keep, &s.alias, &s.role, s.kind));
        let kept = |n: &str| {
            members
                .iter()
                .filter(|s| normalize_name(&s.keep) == n)
                .count()
        };
        let id = names
            .iter()
            .max_by_key(|n| (kept(n), n.chars().count(), Reverse(*n)));
        let id = id.cloned().unwrap_or_default();
        persons.push((body, id, names, members));
    }
    persons.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (body, id, names, members) in persons {
        let body_as_written = members[0].body.trim();
        out.push('\n');
        for s in members {
            let evidence = s.evidence.replace(['\n', '\r'], " ");
            let (kind, alias, keep, role) = (s.kind, &s.alias, &s.keep, &s.role);
            out += &format!("# {kind}: {alias} → {keep} ({role}): {evidence}\n");
        }
        let others = names.iter().filter(|n| **n != id);
        let quoted: Vec<String> = std::iter::once(&id)
            .chain(others)
            .map(|n| quote(n))
            .collect();
        let (id, names) = (quote(&id), quoted.join(", "));
        out += &format!("[[person]]\nid = {id}\nnames = [{names}]\n");
        if !body.is_empty() {
            out += &format!("body = {}\n", quote(body_as_written));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SpeakerMap, MapError> {
        SpeakerMap::parse(text, Path::new("speakers.toml"))
    }

    #[test]
    fn id_for_global_and_body_scopes() {
        let m = parse(
            "[[person]]\nid = '赤坂'\nnames = ['赤坂', '赤阪', '谷　公一']\n\n\
             [[person]]\nid = '赤阪太郎'\nnames = ['赤阪']\nbody = '予算 委員会'\n\
             [[person]]\nid = 'A'\nnames = ['n']\nbody = 'b1'\n\
             [[person]]\nid = 'B'\nnames = ['n']\nbody = 'b2'\n",
        )
        .unwrap();
        assert_eq!((m.len(), m.is_empty()), (4, false));
        let cases = [
            ("赤阪", "分科会", "赤坂"),
            ("赤阪", "予算委員会", "赤阪太郎"), // the body's mapping wins
            ("赤　阪", "予算　委員会", "赤阪太郎"),
            ("谷 公一", "", "赤坂"), // names are compared without spaces
            ("仲上　氏", "x", "仲上氏"),
            (" \u{3000}", "x", ""),
            ("n", "b1", "A"),
            ("n", "b2", "B"),
            ("n", "b3", "n"),
        ];
        for (speaker, body, id) in cases {
            assert_eq!(m.id_for(speaker, body), id, "{speaker} in {body}");
        }
        let e = SpeakerMap::empty();
        assert_eq!((e.len(), e.is_empty()), (0, true));
        assert_eq!(e.id_for("谷　公一", "x"), "谷公一");
        assert!(parse("# nothing yet\n").unwrap().is_empty());
    }

    #[test]
    fn error_messages_name_file_line_and_column() {
        let p = "[[person]]\nid = 'a'\n";
        let cases = [
            (
                "[[person]]\nid = '赤坂'\nnames = ['赤坂', '赤阪']\n\n\
                 [[person]]\nid = '赤阪太郎'\nnames = ['赤阪　']\n",
                "speakers.toml:7:10: name `赤阪` is given to both `赤坂` \
                 (at speakers.toml:3:16) and `赤阪太郎` everywhere (no body)",
            ),
            (
                "[[person]]\nid = 'a'\nnames = ['x']\nbody = 'b'\n\
                 [[person]]\nid = 'c'\nnames = ['y', 'x']\nbody = 'b'\n",
                "speakers.toml:7:15: name `x` is given to both `a` \
                 (at speakers.toml:3:10) and `c` in body `b`",
            ),
            (&format!("{p}names = ['x', 'x']\n"), "speakers.toml:3:15: name `x`"),
            (&format!("{p}names = ['a']\nnmae = 'x'\n"), "speakers.toml:4:1: unknown field `nmae`"),
            ("[[persons]]\nid = 'a'\n", "speakers.toml:1:3: unknown field `persons`"),
            (p, "speakers.toml:1:1: missing field `names`"),
            (&format!("{p}names = 'a'\n"), "speakers.toml:3:9: invalid type"),
            ("[[person]]\nid = \"a\nnames = []\n", "speakers.toml:2:"),
            ("[[person]]\nid = ' '\nnames = ['a']\n", "speakers.toml:2:6: empty `id`"),
            (&format!("{p}names = []\n"), "speakers.toml:3:9: empty `names` for person `a`"),
            (&format!("{p}names = ['b', '　']\n"), "speakers.toml:3:15: empty name for person `a`"),
            (
                &format!("{p}names = ['b']\nbody = ''\n"),
                "speakers.toml:4:8: empty `body` for person `a` (leave `body` out to apply everywhere)",
            ),
        ];
        for (text, want) in cases {
            let got = parse(text).unwrap_err().to_string();
            assert!(got.starts_with(want), "{got}\nwanted: {want}");
        }
        let io = SpeakerMap::load(Path::new("/no/such.toml")).unwrap_err();
        let io = io.to_string();
        assert!(io.starts_with("/no/such.toml: cannot read: "), "{io}");
    }

    /// `"keep<alias@body"`.
    fn sugg(spec: &str) -> Suggestion {
        let (pair, body) = spec.split_once('@').unwrap();
        let (keep, alias) = pair.split_once('<').unwrap();
        let (keep, alias, body) = (keep.into(), alias.into(), body.into());
        let (role, evidence) = ("member".into(), "line one\nline \"two\"".into());
        let (kind, shared_meetings) = ("variant_kanji", 0);
        Suggestion {
            keep,
            alias,
            body,
            role,
            kind,
            evidence,
            shared_meetings,
        }
    }

    #[test]
    fn draft_round_trips_and_merges_chains() {
        let s =
            "斎藤<斉藤@会 齋藤<斎藤@会 赤坂<赤阪@会 赤坂<赤阪@ 赤阪<赤坂@別会 谷<谷公一@予算　会";
        let s: Vec<Suggestion> = s.split(' ').map(sugg).collect();
        let text = to_toml(&s);
        let m = SpeakerMap::parse(&text, Path::new("x")).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(m.len(), 5, "{text}");
        let cases =
            "斉藤 会 斎藤,斎藤 会 斎藤,齋藤 会 斎藤,赤阪 会 赤坂,赤阪 他 赤坂,赤坂 別会 赤阪,谷公一 予算会 谷";
        for case in cases.split(',') {
            let v: Vec<&str> = case.split(' ').collect();
            assert_eq!(m.id_for(v[0], v[1]), v[2], "{text}");
        }
        let comment = "# variant_kanji: 赤阪 → 赤坂 (member): line one line \"two\"\n[[person]]\n";
        assert!(text.contains(comment), "{text}");
        let names = "names = [\"赤坂\", \"赤阪\"]\nbody = \"会\"\n";
        assert!(text.contains(names), "{text}");
        assert!(text.contains("body = \"予算　会\"\n"), "{text}");
        assert_eq!(to_toml(&s), text, "deterministic");
        let empty = SpeakerMap::parse(&to_toml(&[]), Path::new("x")).unwrap();
        assert!(empty.is_empty());
        assert_eq!(quote("a\"b\\c\u{7}"), r#""a\"b\\c\u0007""#);
    }
}
