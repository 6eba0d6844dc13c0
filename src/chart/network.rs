//! The co-occurrence network (`theme_network`): themes as nodes on a circle (area by the
//! remarks that raise them), an edge between two themes raised in the same remarks, its width by
//! their Jaccard index; the strongest edges only, so that the picture stays readable.

use std::collections::{BTreeMap, BTreeSet};

use plotters::prelude::*;

use super::draw::{
    draw_no_data, draw_title, grey, style_at, Area, Db, DrawResult, PutText, CENTER,
};
use super::prepare::Themes;
use super::ChartData;

pub(super) const TITLE_NETWORK: &str = "同じ発言で語られるテーマ（共起）";
pub(super) const NETWORK_NOTE: &str =
    "円の大きさ = そのテーマを含む発言数　線の太さ = Jaccard 係数（両方を含む発言 / どちらかを含む発言）";

/// Most edges drawn (the strongest by Jaccard).
const MAX_EDGES: usize = 60;
/// Most nodes drawn (the themes of the drawn edges with most remarks).
const MAX_NODES: usize = 24;

/// What the network chart shows.
pub(super) struct Network {
    /// Node labels and remark counts, in drawing order around the circle.
    pub(super) nodes: Vec<(String, u64)>,
    /// (node, node, Jaccard, remarks with both).
    pub(super) edges: Vec<(usize, usize, f64, u64)>,
    /// How the edges were chosen.
    pub(super) note: Option<String>,
}

/// The nodes and edges: pairs sharing at least two remarks (one when no pair does), the
/// strongest first, between the themes with most remarks.
pub(super) fn prepare_network(data: &ChartData, themes: &Themes) -> Network {
    let min_both = if data.cooccurrence.iter().any(|c| c.2 >= 2) {
        2
    } else {
        1
    };
    let mut pairs: Vec<&(String, String, u64, f64)> = data
        .cooccurrence
        .iter()
        .filter(|c| c.2 >= min_both)
        .collect();
    let total = pairs.len();
    pairs.sort_by(|a, b| {
        b.3.total_cmp(&a.3)
            .then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1)))
    });
    let remarks: BTreeMap<&str, u64> = data
        .theme_remarks
        .iter()
        .map(|(t, n)| (t.as_str(), *n))
        .collect();
    let mut ids: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.0.as_str(), p.1.as_str()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    ids.sort_by(|a, b| remarks.get(b).cmp(&remarks.get(a)).then(a.cmp(b)));
    ids.truncate(MAX_NODES);
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let edges: Vec<(usize, usize, f64, u64)> = pairs
        .iter()
        .filter_map(|p| {
            Some((
                *index.get(p.0.as_str())?,
                *index.get(p.1.as_str())?,
                p.3,
                p.2,
            ))
        })
        .take(MAX_EDGES)
        .collect();
    let note = Some(format!(
        "{} 件以上の発言で共起した {} 組のうち強い {} 組（すべての組は theme_cooccurrence.csv）",
        min_both,
        total,
        edges.len()
    ));
    Network {
        nodes: ids
            .iter()
            .map(|t| (themes.label(t), remarks.get(t).copied().unwrap_or(0)))
            .collect(),
        edges,
        note,
    }
}

/// Draws the chart on `root`.
pub(super) fn draw_network<DB: Db>(root: &Area<DB>, net: &Network, family: &str) -> DrawResult {
    let body = draw_title(root, TITLE_NETWORK, family)?;
    if net.nodes.len() < 2 || net.edges.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let (w, h) = body.dim_in_pixel();
    let (cx, cy) = (w as f64 / 2.0, (h as f64 - 90.0) / 2.0 + 10.0);
    let radius = (cx.min(cy) - 150.0).max(100.0);
    let n = net.nodes.len();
    let at = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / n as f64 - std::f64::consts::FRAC_PI_2;
        (
            (cx + radius * a.cos()) as i32,
            (cy + radius * a.sin()) as i32,
        )
    };
    let max_j = net.edges.iter().map(|e| e.2).fold(0.0, f64::max).max(1e-9);
    for &(a, b, j, _) in net.edges.iter().rev() {
        let width = (1.0 + 11.0 * j / max_j).round() as u32;
        let color = RGBColor(70, 110, 170).mix(0.25 + 0.5 * j / max_j);
        body.draw(&PathElement::new(
            vec![at(a), at(b)],
            color.stroke_width(width),
        ))?;
    }
    let max_r = net.nodes.iter().map(|x| x.1).max().unwrap_or(1).max(1) as f64;
    for (i, (label, remarks)) in net.nodes.iter().enumerate() {
        let (x, y) = at(i);
        let r = (8.0 + 26.0 * (*remarks as f64 / max_r).sqrt()) as i32;
        body.draw(&Circle::new((x, y), r, RGBColor(253, 141, 60).filled()))?;
        body.draw(&Circle::new((x, y), r, WHITE.stroke_width(2)))?;
        // Labels outside the circle, away from the centre.
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let off = r as f64 + 16.0;
        let (lx, ly) = (x as f64 + dx / len * off * 2.2, y as f64 + dy / len * off);
        let text = format!("{label}（{remarks}）");
        body.put(
            &text,
            (lx as i32, ly as i32),
            &style_at(family, 19.0, CENTER),
        )?;
    }
    let mut y = h as i32 - 70;
    body.put(NETWORK_NOTE, (40, y), &grey(family, 18.0, 70))?;
    if let Some(note) = &net.note {
        y += 28;
        body.put(note, (40, y), &grey(family, 18.0, 70))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::prepare::prepare;
    use crate::chart::ChartOptions;

    #[test]
    fn strongest_pairs_between_the_themes_with_most_remarks() {
        let data = ChartData {
            theme_remarks: vec![
                ("a".into(), 10),
                ("b".into(), 6),
                ("c".into(), 3),
                ("d".into(), 1),
            ],
            cooccurrence: vec![
                ("a".into(), "b".into(), 4, 0.33),
                ("a".into(), "c".into(), 2, 0.18),
                ("b".into(), "d".into(), 1, 0.17),
            ],
            ..Default::default()
        };
        let p = prepare(&data, &ChartOptions::default());
        let net = &p.network;
        // Pairs sharing one remark are left out when others share two or more.
        assert_eq!(
            net.nodes.iter().map(|n| n.1).collect::<Vec<_>>(),
            [10, 6, 3]
        );
        assert_eq!(net.edges, [(0, 1, 0.33, 4), (0, 2, 0.18, 2)]);
        assert!(net
            .note
            .as_deref()
            .is_some_and(|n| n.contains("2 件以上") && n.contains("2 組")));
    }
}
