//! Test data shared by the chart tests: small corpora as [`ChartData`].

use std::path::Path;

use super::periods::parse_date;
use super::{ChartData, CommitteeThemeCell, MeetingThemePoint, RoleThemeCount};

/// One meeting's point of one theme, 20,000 tokens, `hits / 2` per 10,000.
pub(super) fn point(
    meeting: &str,
    committee: &str,
    date: &str,
    theme: &str,
    label: &str,
    hits: u64,
) -> MeetingThemePoint {
    MeetingThemePoint {
        meeting_id: meeting.into(),
        committee: committee.into(),
        date: date.into(),
        theme: theme.into(),
        theme_label: label.into(),
        hits,
        tokens: 20_000,
        per_10k_tokens: hits as f64 / 2.0,
    }
}

/// Three themes, two committees (one long name), five meetings (one
/// undated) and four speaker roles.
pub(super) fn sample() -> ChartData {
    let themes = [
        ("supply", "サプライチェーン"),
        ("ai", "人工知能"),
        ("energy", "エネルギー安全保障"),
    ];
    let meetings = [
        ("m1", "経済安全保障推進会議", "2023-04-12"),
        ("m2", "経済安全保障推進会議", "2023-05-02"),
        (
            "m3",
            "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
            "2023-04-20",
        ),
        (
            "m4",
            "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
            "2024-01-15",
        ),
        ("m5", "経済安全保障推進会議", ""),
    ];
    let mut meeting_points = Vec::new();
    for (k, (m, c, d)) in meetings.iter().enumerate() {
        for (j, (t, l)) in themes.iter().enumerate() {
            meeting_points.push(point(m, c, d, t, l, ((k * 3 + j * 5) % 7) as u64 + 1));
        }
    }
    let mut committee_cells = Vec::new();
    for (i, c) in [
        "経済安全保障推進会議",
        "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
    ]
    .iter()
    .enumerate()
    {
        for (j, (t, l)) in themes.iter().enumerate() {
            committee_cells.push(CommitteeThemeCell {
                committee: c.to_string(),
                theme: t.to_string(),
                theme_label: l.to_string(),
                per_10k_tokens: 1.5 + (i * 3 + j) as f64,
                hits: 10,
                g2: 5.0,
                p_value: if j == 1 { 0.01 } else { 0.4 },
                log_ratio: if i == 0 { 0.7 } else { -0.7 },
            });
        }
    }
    let mut role_counts = Vec::new();
    for (t, l) in themes {
        for (k, role) in ["chair", "member", "official", "unknown"]
            .iter()
            .enumerate()
        {
            role_counts.push(RoleThemeCount {
                theme: t.into(),
                theme_label: l.into(),
                role: role.to_string(),
                hits: (k as u64 + 1) * 3,
            });
        }
    }
    ChartData {
        meeting_points,
        committee_cells,
        role_counts,
        ..Default::default()
    }
}

/// Width and height of a PNG file, from its header.
pub(super) fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

/// `n` meetings of `committees` committees, one every `step_days` days
/// from 2021-01-04, the last `undated` of them without a date; meeting
/// `k` has `k % 7 + 1` hits of each of 3 themes.
pub(super) fn many_meetings(
    n: usize,
    committees: usize,
    step_days: i64,
    undated: usize,
) -> ChartData {
    let start = parse_date("2021-01-04").unwrap();
    let mut data = ChartData::default();
    for k in 0..n {
        let date = if k + undated >= n {
            String::new()
        } else {
            (start + chrono::Duration::days(k as i64 * step_days))
                .format("%Y-%m-%d")
                .to_string()
        };
        let committee = format!("情報通信審議会 第{}分科会", k % committees + 1);
        for (t, l) in [("a", "テーマA"), ("b", "テーマB"), ("c", "テーマC")] {
            data.meeting_points.push(point(
                &format!("m{k:05}"),
                &committee,
                &date,
                t,
                l,
                (k % 7) as u64 + 1,
            ));
        }
    }
    for c in 0..committees {
        for (t, l) in [("a", "テーマA"), ("b", "テーマB"), ("c", "テーマC")] {
            data.committee_cells.push(CommitteeThemeCell {
                committee: format!("情報通信審議会 第{}分科会", c + 1),
                theme: t.into(),
                theme_label: l.into(),
                per_10k_tokens: c as f64 + 0.5,
                hits: 10,
                g2: 4.0,
                p_value: 0.01,
                log_ratio: 0.3,
            });
        }
    }
    data
}
