//! The attendee field of a ministry header: entries grouped under headings (`【構成員】`,
//! `委員 : 村井委員(座長)、…`), split at the commas outside brackets, and read as roster people.
//!
//! Takes the field's lines and entries; gives the group headings, the names and the [`Person`]s.

use crate::parse::label::read_label;
use crate::parse::roster::Person;

/// A ministry attendee entry as a roster person: `仲上竜太（一般社団法人…）` → 仲上竜太,
/// `後藤座長` → 後藤 with the post 座長.
pub(super) fn attendee_person(entry: &str) -> Option<Person> {
    let compact: String = entry.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(l) = read_label(&compact, false) {
        return (!l.speaker.is_empty()).then_some(Person {
            name: l.speaker,
            surname: None,
            position: l.position,
            seat: None,
        });
    }
    let name = compact.split(['(', '（']).next().unwrap_or("");
    let n = name.chars().count();
    ((2..=8).contains(&n) && name.chars().all(crate::parse::roles::is_name_char)).then(|| Person {
        name: name.to_string(),
        surname: None,
        position: String::new(),
        seat: None,
    })
}

pub(super) fn group_heading(v: &str) -> Option<String> {
    let t = v.trim();
    let inner = t
        .strip_prefix('【')
        .and_then(|s| s.strip_suffix('】'))
        .or_else(|| t.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .or_else(|| t.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
        .or_else(|| t.strip_prefix('〈').and_then(|s| s.strip_suffix('〉')))
        .or_else(|| t.strip_prefix('(').and_then(|s| s.strip_suffix(')')))?;
    (!inner.is_empty() && inner.chars().count() <= 20).then(|| inner.trim().to_string())
}

pub(super) fn inline_group(v: &str) -> Option<(String, String)> {
    let i = v.find(':')?;
    let g = v[..i].trim();
    if g.is_empty() || g.chars().count() > 16 || g.contains(['、', '(']) {
        return None;
    }
    Some((g.to_string(), v[i + 1..].trim().to_string()))
}

pub(super) fn split_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(c, '、' | ',' | '，') {
            push_name(&mut out, &cur);
            cur.clear();
            depth = 0;
        } else {
            cur.push(c);
        }
    }
    push_name(&mut out, &cur);
    out
}

fn push_name(out: &mut Vec<String>, s: &str) {
    let t: String = s.trim().trim_end_matches(['。', '等']).trim().to_string();
    if !t.is_empty() && t != "以上" {
        out.push(t);
    }
}
