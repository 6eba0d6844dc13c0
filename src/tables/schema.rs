//! The columns of the streamed tables, in the contract's order, each with a value of its type
//! (a [`TableStream`](super::TableStream) checks every row against them).

use super::stream::Val;

/// A table's columns: name and a value of the column's type.
pub type Columns = &'static [(&'static str, Val<'static>)];

pub const REMARKS: Columns = &[
    ("meeting_id", Val::Str("")),
    ("seq", Val::U32(0)),
    ("speaker", Val::Str("")),
    ("speaker_label", Val::Str("")),
    ("role", Val::Str("")),
    ("section", Val::Str("")),
    ("via_chat", Val::Bool(false)),
    ("tokens", Val::U32(0)),
    ("text", Val::Str("")),
    ("date", Val::Str("")),
    ("committee", Val::Str("")),
    ("speaker_group", Val::Str("")),
    ("speaker_id", Val::Str("")),
];

pub const MEETINGS: Columns = &[
    ("meeting_id", Val::Str("")),
    ("source", Val::Str("")),
    ("committee", Val::Str("")),
    ("parent", Val::Str("")),
    ("ministry", Val::Str("")),
    ("session", Val::OptU32(None)),
    ("date", Val::Str("")),
    ("style", Val::Str("")),
    ("remarks", Val::U32(0)),
    ("tokens", Val::U64(0)),
    ("title", Val::Str("")),
    ("start_time", Val::Str("")),
    ("end_time", Val::Str("")),
    ("place", Val::Str("")),
    ("attendees", Val::U32(0)),
    ("materials", Val::U32(0)),
];

pub const REMARK_THEMES: Columns = &[
    ("meeting_id", Val::Str("")),
    ("seq", Val::U32(0)),
    ("theme", Val::Str("")),
    ("hits", Val::U32(0)),
];

pub const THEME_COUNTS: Columns = &[
    ("meeting_id", Val::Str("")),
    ("committee", Val::Str("")),
    ("date", Val::Str("")),
    ("theme", Val::Str("")),
    ("hits", Val::U64(0)),
    ("remarks_with", Val::U64(0)),
    ("remarks", Val::U64(0)),
    ("tokens", Val::U64(0)),
    ("per_10k_tokens", Val::F64(0.0)),
    ("rate_low", Val::F64(0.0)),
    ("rate_high", Val::F64(0.0)),
    ("theme_label", Val::Str("")),
];

pub const TERM_COUNTS: Columns = &[
    ("meeting_id", Val::Str("")),
    ("committee", Val::Str("")),
    ("date", Val::Str("")),
    ("theme", Val::Str("")),
    ("term", Val::Str("")),
    ("hits", Val::U64(0)),
    ("theme_hits", Val::U64(0)),
    ("tokens", Val::U64(0)),
    ("per_10k_tokens", Val::F64(0.0)),
];

pub const TOP_TERMS: Columns = &[
    ("meeting_id", Val::Str("")),
    ("rank", Val::U32(0)),
    ("term", Val::Str("")),
    ("pos", Val::Str("")),
    ("count", Val::U32(0)),
];
