//! The input of the charts: plain, already aggregated numbers ([`ChartData`]),
//! meetings given as single points or one compact row each.

use serde::{Deserialize, Serialize};

/// Rate of one theme in one meeting (one point of the trend chart, one bar
/// segment of the meeting chart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingThemePoint {
    /// Meeting identifier (one bar per distinct id in the meeting chart).
    pub meeting_id: String,
    /// Committee name as printed in the minutes.
    pub committee: String,
    /// ISO date `YYYY-MM-DD`; empty (or unparsable) means unknown: such a
    /// meeting is left off the date-axis chart but still has its bar.
    pub date: String,
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme, e.g. `サプライチェーン`.
    pub theme_label: String,
    /// Matches of the theme in the meeting.
    pub hits: u64,
    /// Tokens in the meeting.
    pub tokens: u64,
    /// Hits per 10,000 tokens.
    pub per_10k_tokens: f64,
}

/// Rate and keyness of one theme in one committee (one heatmap cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitteeThemeCell {
    /// Committee name.
    pub committee: String,
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme.
    pub theme_label: String,
    /// Hits per 10,000 tokens in the committee's meetings.
    pub per_10k_tokens: f64,
    /// Matches of the theme in the committee.
    pub hits: u64,
    /// G² (log-likelihood) statistic against the other committees.
    pub g2: f64,
    /// p value of `g2`.
    pub p_value: f64,
    /// Log ratio of the committee's rate to the others' (> 0: more often).
    pub log_ratio: f64,
    /// Benjamini–Hochberg adjusted p value over all cells (marks use this).
    #[serde(default = "one")]
    pub q_value: f64,
}

fn one() -> f64 {
    1.0
}

/// Hits of one theme in remarks by speakers of one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleThemeCount {
    /// Theme id.
    pub theme: String,
    /// Japanese display name of the theme.
    pub theme_label: String,
    /// Speaker role: `chair`, `vice_chair`, `member`, `minister`, `official`,
    /// `presenter`, `observer`, `collective` or `unknown` (others are drawn
    /// under their own name after these).
    pub role: String,
    /// Matches of the theme in that role's remarks.
    pub hits: u64,
}

/// One meeting's counts of every theme in [`ChartData::themes`]: the compact form of that
/// meeting's [`MeetingThemePoint`]s (a corpus of 45,000 meetings and 40 themes would otherwise
/// hold 1.8 million points, each with five strings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingThemes {
    /// Meeting identifier.
    pub meeting_id: String,
    /// Committee name as printed in the minutes.
    pub committee: String,
    /// ISO date `YYYY-MM-DD`, or empty.
    pub date: String,
    /// Tokens in the meeting.
    pub tokens: u64,
    /// Matches per theme, in the order of [`ChartData::themes`].
    pub hits: Vec<u32>,
}

/// A point borrowed from [`ChartData`], from either form.
#[derive(Debug, Clone, Copy)]
pub struct PointRef<'a> {
    /// Meeting identifier.
    pub meeting_id: &'a str,
    /// Committee name.
    pub committee: &'a str,
    /// ISO date, or empty.
    pub date: &'a str,
    /// Theme id.
    pub theme: &'a str,
    /// Display name of the theme.
    pub theme_label: &'a str,
    /// Matches of the theme in the meeting.
    pub hits: u64,
    /// Tokens in the meeting.
    pub tokens: u64,
    /// Hits per 10,000 tokens.
    pub per_10k_tokens: f64,
}

/// Everything the charts draw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChartData {
    /// Per meeting and theme (trend and meeting charts), one point each.
    pub meeting_points: Vec<MeetingThemePoint>,
    /// Per meeting, every theme of `themes` at once (the same as points; both may be given).
    pub meetings: Vec<MeetingThemes>,
    /// The themes (id, label) that `meetings` count, in their order.
    pub themes: Vec<(String, String)>,
    /// Per committee and theme (heatmap).
    pub committee_cells: Vec<CommitteeThemeCell>,
    /// Per theme and speaker role (role chart).
    pub role_counts: Vec<RoleThemeCount>,
    /// What the heatmap's columns are (`委員会` when empty) and the keyness table that holds
    /// them (`committee_keyness` when empty).
    #[serde(default)]
    pub group: (String, String),
    /// Bursts as (theme, committee or empty for all, start date, end date) (movement chart).
    #[serde(default)]
    pub bursts: Vec<(String, String, String, String)>,
    /// Pairs of themes in the same remarks: (theme a, theme b, remarks with both, Jaccard)
    /// (network chart).
    #[serde(default)]
    pub cooccurrence: Vec<(String, String, u64, f64)>,
    /// Remarks that raise each theme (network chart).
    #[serde(default)]
    pub theme_remarks: Vec<(String, u64)>,
    /// Emerging terms, strongest first: (term, rate in the first year, rate in the last year,
    /// first year, last year, q-value).
    #[serde(default)]
    pub emerging: Vec<(String, f64, f64, i32, i32, f64)>,
    /// Speaker trajectories: (speaker_id, theme, committee, year, hits).
    #[serde(default)]
    pub trajectories: Vec<(String, String, String, Option<i32>, u64)>,
}

impl ChartData {
    /// Every meeting's point of every theme: `meeting_points`, then `meetings` (meeting by
    /// meeting, themes in order).
    pub fn points(&self) -> impl Iterator<Item = PointRef<'_>> + '_ {
        let single = self.meeting_points.iter().map(|p| PointRef {
            meeting_id: &p.meeting_id,
            committee: &p.committee,
            date: &p.date,
            theme: &p.theme,
            theme_label: &p.theme_label,
            hits: p.hits,
            tokens: p.tokens,
            per_10k_tokens: p.per_10k_tokens,
        });
        let compact = self.meetings.iter().flat_map(move |m| {
            self.themes
                .iter()
                .zip(&m.hits)
                .map(move |((id, label), &hits)| (id, label, hits as u64))
                .map(move |(id, label, hits)| PointRef {
                    meeting_id: &m.meeting_id,
                    committee: &m.committee,
                    date: &m.date,
                    theme: id,
                    theme_label: label,
                    hits,
                    tokens: m.tokens,
                    per_10k_tokens: if m.tokens == 0 {
                        0.0
                    } else {
                        hits as f64 / m.tokens as f64 * 10_000.0
                    },
                })
        });
        single.chain(compact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::sample;
    use crate::chart::{render_all, ChartOptions};

    #[test]
    fn compact_meetings_draw_the_same_charts_as_points() {
        let points = sample();
        let mut compact = ChartData {
            committee_cells: points.committee_cells.clone(),
            role_counts: points.role_counts.clone(),
            ..Default::default()
        };
        for p in &points.meeting_points {
            if !compact.themes.iter().any(|(id, _)| *id == p.theme) {
                compact
                    .themes
                    .push((p.theme.clone(), p.theme_label.clone()));
            }
            let t = compact
                .themes
                .iter()
                .position(|(id, _)| *id == p.theme)
                .unwrap();
            if compact.meetings.last().map(|m| &m.meeting_id) != Some(&p.meeting_id) {
                compact.meetings.push(MeetingThemes {
                    meeting_id: p.meeting_id.clone(),
                    committee: p.committee.clone(),
                    date: p.date.clone(),
                    tokens: p.tokens,
                    hits: vec![0; 3],
                });
            }
            compact.meetings.last_mut().unwrap().hits[t] = p.hits as u32;
        }
        assert_eq!(compact.meetings.len(), 5);
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let opts = ChartOptions::default();
        let fa = render_all(a.path(), &points, &opts).unwrap();
        let fb = render_all(b.path(), &compact, &opts).unwrap();
        assert_eq!(fa.len(), fb.len());
        let mut svgs = 0;
        for (x, y) in fa.iter().zip(&fb) {
            assert_eq!(x.file_name(), y.file_name());
            if x.extension().is_some_and(|e| e == "svg") {
                svgs += 1;
                let (sx, sy) = (std::fs::read(x).unwrap(), std::fs::read(y).unwrap());
                assert!(sx == sy, "{} differs", x.display());
            }
        }
        assert!(svgs >= 4);
    }
}
