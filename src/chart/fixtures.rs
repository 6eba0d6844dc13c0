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

/// A heatmap cell of `committee` and theme `(id, label)` with G² 4.
pub(super) fn cell(
    committee: &str,
    (theme, label): (&str, &str),
    (per_10k_tokens, hits): (f64, u64),
    (p_value, log_ratio): (f64, f64),
) -> CommitteeThemeCell {
    CommitteeThemeCell {
        committee: committee.into(),
        theme: theme.into(),
        theme_label: label.into(),
        per_10k_tokens,
        hits,
        g2: 4.0,
        p_value,
        log_ratio,
        q_value: p_value,
    }
}

/// Hits of theme `(id, label)` by speakers of `role`.
pub(super) fn role((theme, label): (&str, &str), role: &str, hits: u64) -> RoleThemeCount {
    let (theme, theme_label, role) = (theme.into(), label.into(), role.into());
    RoleThemeCount {
        theme,
        theme_label,
        role,
        hits,
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
    let committees = [
        "経済安全保障推進会議",
        "産業構造審議会 通商・貿易分科会 特殊貿易措置小委員会",
    ];
    let meetings = [
        (0, "2023-04-12"),
        (0, "2023-05-02"),
        (1, "2023-04-20"),
        (1, "2024-01-15"),
        (0, ""),
    ];
    let mut data = ChartData::default();
    for (k, (c, d)) in meetings.into_iter().enumerate() {
        for (j, (t, l)) in themes.iter().enumerate() {
            let hits = ((k * 3 + j * 5) % 7) as u64 + 1;
            let m = format!("m{}", k + 1);
            data.meeting_points
                .push(point(&m, committees[c], d, t, l, hits));
        }
    }
    for (i, c) in committees.iter().enumerate() {
        for (j, t) in themes.into_iter().enumerate() {
            let p = if j == 1 { 0.01 } else { 0.4 };
            let rate = 1.5 + (i * 3 + j) as f64;
            let cell = cell(c, t, (rate, 10), (p, if i == 0 { 0.7 } else { -0.7 }));
            data.committee_cells.push(cell);
        }
    }
    for t in themes {
        for (k, r) in ["chair", "member", "official", "unknown"]
            .iter()
            .enumerate()
        {
            data.role_counts.push(role(t, r, (k as u64 + 1) * 3));
        }
    }
    data
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
    let themes = [("a", "テーマA"), ("b", "テーマB"), ("c", "テーマC")];
    let start = parse_date("2021-01-04").unwrap();
    let committee = |k: usize| format!("情報通信審議会 第{}分科会", k % committees + 1);
    let mut data = ChartData::default();
    for k in 0..n {
        let date = start + chrono::Duration::days(k as i64 * step_days);
        let date = if k + undated >= n {
            String::new()
        } else {
            date.format("%Y-%m-%d").to_string()
        };
        for (t, l) in themes {
            let m = format!("m{k:05}");
            let hits = (k % 7) as u64 + 1;
            data.meeting_points
                .push(point(&m, &committee(k), &date, t, l, hits));
        }
    }
    for c in 0..committees {
        for t in themes {
            let cell = cell(&committee(c), t, (c as f64 + 0.5, 10), (0.01, 0.3));
            data.committee_cells.push(cell);
        }
    }
    data
}
