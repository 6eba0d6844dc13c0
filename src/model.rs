//! The data kaigi passes between stages: a parsed [`Meeting`] with its [`Remark`]s.
//!
//! `parse` produces these from decoded text; `segment` and `themes` add token counts and hits;
//! `frames` turns them into tables.

use serde::{Deserialize, Serialize};

/// Who a speaker is in the meeting, as the contract defines the roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The agenda item or topic heading the remark stands under; empty if none.
    pub section: String,
    /// Marked as taken from the meeting chat.
    pub via_chat: bool,
    /// The remark as written, layout line breaks joined; paragraphs separated by `\n`.
    pub text: String,
    /// `text` NFKC-normalized (what tokens and themes are counted on), made while parsing so the
    /// pipeline does not normalize twice.
    #[serde(skip)]
    pub norm: String,
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
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub attendees: Vec<Attendee>,
    pub materials: Vec<String>,
    pub remarks: Vec<Remark>,
}
