//! What the comparison tables compare: the meeting column meetings are grouped by (`--by`).

use serde::{Deserialize, Serialize};

use crate::model::Meeting;

/// The meeting column that `themes_by_…`, `…_keyness` and the heatmap compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// The body that met (the default).
    #[default]
    Committee,
    /// The body it belongs to.
    Parent,
    /// The ministry or house.
    Ministry,
    /// The house style read.
    Style,
    /// The meeting's year.
    Year,
}

/// The group of meetings whose column is empty (an undated meeting, no parent body).
pub const NO_GROUP: &str = "(none)";

impl GroupBy {
    /// Every grouping, in the order `--by` lists them.
    pub const ALL: [GroupBy; 5] = [
        GroupBy::Committee,
        GroupBy::Parent,
        GroupBy::Ministry,
        GroupBy::Style,
        GroupBy::Year,
    ];

    /// The column's name (and the tables' and first column's: `themes_by_parent`).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Committee => "committee",
            GroupBy::Parent => "parent",
            GroupBy::Ministry => "ministry",
            GroupBy::Style => "style",
            GroupBy::Year => "year",
        }
    }

    /// What charts call it.
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Committee => "委員会",
            GroupBy::Parent => "上位組織",
            GroupBy::Ministry => "府省・院",
            GroupBy::Style => "様式",
            GroupBy::Year => "年",
        }
    }

    /// The group `m` belongs to ([`NO_GROUP`] where its column is empty, except that a
    /// committee is always its own name).
    pub fn of(self, m: &Meeting) -> String {
        let v = match self {
            GroupBy::Committee => m.committee.clone(),
            GroupBy::Parent => m.parent.clone(),
            GroupBy::Ministry => m.ministry.clone(),
            GroupBy::Style => m.style.as_str().to_string(),
            GroupBy::Year => m.year().map(|y| y.to_string()).unwrap_or_default(),
        };
        if v.is_empty() && self != GroupBy::Committee {
            NO_GROUP.to_string()
        } else {
            v
        }
    }

    /// The comparison tables' names.
    pub fn by_table(self) -> String {
        format!("themes_by_{}", self.as_str())
    }

    /// The keyness table's name.
    pub fn keyness_table(self) -> String {
        format!("{}_keyness", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_names() {
        let m = Meeting {
            committee: "安全保障委員会".into(),
            parent: "衆議院".into(),
            date: Some("2024-03-01".into()),
            ..Default::default()
        };
        assert_eq!(GroupBy::Committee.of(&m), "安全保障委員会");
        assert_eq!(GroupBy::Parent.of(&m), "衆議院");
        assert_eq!(GroupBy::Ministry.of(&m), NO_GROUP);
        assert_eq!(GroupBy::Year.of(&m), "2024");
        assert_eq!(GroupBy::Parent.by_table(), "themes_by_parent");
        assert_eq!(GroupBy::Year.keyness_table(), "year_keyness");
        assert_eq!(GroupBy::Committee.keyness_table(), "committee_keyness");
    }
}
