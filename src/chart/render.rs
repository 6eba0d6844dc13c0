//! Rendering: prepares [`ChartData`] once, checks the font against every text
//! to be drawn, then draws the four charts as PNG and SVG, in parallel.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::draw::{Area, Db, DrawResult};
use super::font::{missing_glyphs, resolve_font};
use super::heat_layout::{
    heat_layout, heat_vertical, heat_vertical_col_w, heat_width, HEAT_MIN_COL_W, HEAT_MIN_SCALE_H,
};
use super::heatmap::draw_heatmap;
use super::movement::{draw_movement, movement_height};
use super::network::draw_network;
use super::people::{draw_emerging, draw_people, rows_height};
use super::prepare::{drawn_text, prepare, Prepared};
use super::stacked::{draw_stacked, stacked_height};
use super::text::vertical_forms;
use super::trend_legend::trend_bottom_legend;
use super::trends::{draw_trends, grid_shape};
use super::{ChartData, ChartError, ChartOptions};

/// Width of every chart but a wide heatmap.
pub(super) const WIDTH: u32 = 1800;
/// Least height of the trend, meeting and role charts.
pub(super) const MIN_HEIGHT: u32 = 1000;
/// The heatmap is only as tall as its rows need.
pub(super) const HEATMAP_MIN_HEIGHT: u32 = 560;

/// One of the four charts.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Trends,
    Heatmap,
    Meetings,
    Roles,
    Movement,
    Network,
    Emerging,
    People,
}

impl Kind {
    /// File name without extension.
    fn stem(self) -> &'static str {
        match self {
            Kind::Trends => "theme_trends",
            Kind::Heatmap => "committee_themes",
            Kind::Meetings => "meeting_themes",
            Kind::Roles => "speaker_roles",
            Kind::Movement => "theme_movement",
            Kind::Network => "theme_network",
            Kind::Emerging => "emerging_terms",
            Kind::People => "speaker_trajectories",
        }
    }

    /// Image height in pixels.
    pub(super) fn height(self, p: &Prepared) -> u32 {
        let h = match self {
            Kind::Trends => {
                let (rows, _) = grid_shape(p.trends.panels.len());
                let legend = match trend_bottom_legend(&p.trends.committee_names, WIDTH) {
                    Some(bl) if p.trends.date_range.is_some() => bl.height() as u32,
                    _ => 0,
                };
                130 + rows as u32 * 330 + legend
            }
            Kind::Heatmap => {
                if p.heat.themes.is_empty() || p.heat.committees.is_empty() {
                    return HEATMAP_MIN_HEIGHT;
                }
                let l = heat_layout(p);
                let h = 80 + l.top + l.grid_h.max(HEAT_MIN_SCALE_H) + l.caption_h;
                return (h as u32).max(HEATMAP_MIN_HEIGHT);
            }
            Kind::Meetings => stacked_height(&p.meetings),
            Kind::Roles => stacked_height(&p.roles),
            Kind::Movement => movement_height(&p.movement),
            Kind::Network => 1400,
            Kind::Emerging => return rows_height(p.emerging.rows.len()).max(HEATMAP_MIN_HEIGHT),
            Kind::People => return rows_height(p.people.speakers.len()).max(HEATMAP_MIN_HEIGHT),
        };
        h.max(MIN_HEIGHT)
    }

    /// Image width in pixels.
    pub(super) fn width(self, p: &Prepared) -> u32 {
        match self {
            Kind::Heatmap => {
                let need = if heat_vertical(p) {
                    heat_width(p, heat_vertical_col_w(p))
                } else {
                    heat_width(p, HEAT_MIN_COL_W)
                };
                (need.max(0) as u32).max(WIDTH)
            }
            _ => WIDTH,
        }
    }
}

/// Draws the four charts (PNG and SVG each) into `out_dir`, creating it,
/// after checking that `opts.font_family` has a glyph for every text drawn.
/// Returns the 8 paths: `theme_trends`, `committee_themes`, `meeting_themes`,
/// `speaker_roles`, each `.png` then `.svg`.
pub fn render_all(
    out_dir: &Path,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    let mut prepared = prepare(data, opts);
    let font = resolve_font(&opts.font_family, &drawn_text(&prepared))?;
    if heat_vertical(&prepared) {
        let forms: String = vertical_forms().map(|(_, v)| v).collect();
        let missing = missing_glyphs(&font, &forms);
        let forms = vertical_forms().filter(|(_, v)| !missing.contains(v));
        prepared.vertical_forms = forms.collect();
    }
    std::fs::create_dir_all(out_dir).map_err(|source| ChartError::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    // Eight independent drawings (four charts, PNG and SVG): drawn in parallel, named in order.
    use rayon::prelude::*;
    let jobs: Vec<(Kind, bool)> = [
        Kind::Trends,
        Kind::Heatmap,
        Kind::Meetings,
        Kind::Roles,
        Kind::Movement,
        Kind::Network,
        Kind::Emerging,
        Kind::People,
    ]
    .into_iter()
    .flat_map(|k| [(k, true), (k, false)])
    .collect();
    jobs.into_par_iter()
        .map(|(kind, png)| {
            let size = (kind.width(&prepared), kind.height(&prepared));
            let ext = if png { "png" } else { "svg" };
            let path = out_dir.join(format!("{}.{ext}", kind.stem()));
            let family = &font.family;
            let drawn = if png {
                let root = BitMapBackend::new(&path, size).into_drawing_area();
                draw_kind(kind, root, &prepared, family)
            } else {
                draw_kind(
                    kind,
                    SVGBackend::new(&path, size).into_drawing_area(),
                    &prepared,
                    family,
                )
            };
            drawn.map_err(|e| ChartError::Draw {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Ok(path)
        })
        .collect()
}

/// Draws chart `kind` on a white `root` and writes the file.
fn draw_kind<DB: Db>(kind: Kind, root: Area<DB>, p: &Prepared, family: &str) -> DrawResult {
    root.fill(&WHITE)?;
    match kind {
        Kind::Trends => draw_trends(&root, p, family),
        Kind::Heatmap => draw_heatmap(&root, p, family),
        Kind::Meetings => draw_stacked(&root, &p.meetings, family),
        Kind::Roles => draw_stacked(&root, &p.roles, family),
        Kind::Movement => draw_movement(&root, p, family),
        Kind::Network => draw_network(&root, &p.network, family),
        Kind::Emerging => draw_emerging(&root, &p.emerging, family),
        Kind::People => draw_people(&root, &p.people, family),
    }?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::{png_size, sample};
    use crate::chart::prepare::{MARK_DOWN, MARK_UP, NO_DATA};
    use crate::chart::text::ELLIPSIS;
    use crate::chart::DEFAULT_FONT_FAMILY;

    #[test]
    fn render_all_writes_png_and_svg_with_japanese_labels() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("charts");
        let paths = render_all(&out, &sample(), &ChartOptions::default()).unwrap();
        assert_eq!(paths.len(), 16);
        for stem in [
            "theme_trends",
            "committee_themes",
            "meeting_themes",
            "speaker_roles",
            "theme_movement",
        ] {
            for ext in ["png", "svg"] {
                let p = out.join(format!("{stem}.{ext}"));
                assert!(paths.contains(&p), "{p:?} not returned");
                assert!(p.is_file(), "{p:?} missing");
            }
            let (w, h) = png_size(&out.join(format!("{stem}.png")));
            assert!(w >= 1600 && h >= HEATMAP_MIN_HEIGHT, "{stem}: {w}x{h}");
            let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
            assert!(
                svg.contains(DEFAULT_FONT_FAMILY),
                "{stem}.svg lacks the font family"
            );
            assert!(
                svg.contains("サプライチェーン"),
                "{stem}.svg lacks the theme label"
            );
        }
        let heat = std::fs::read_to_string(out.join("committee_themes.svg")).unwrap();
        assert!(heat.contains(MARK_UP) && heat.contains(MARK_DOWN));
        // Long committee names are wrapped onto header lines, not cut.
        assert!(heat.contains("特殊貿易措置小委員会"), "committee name cut");
        assert!(!heat.contains(ELLIPSIS));
    }

    #[test]
    fn empty_data_draws_no_data_notes() {
        let dir = tempfile::tempdir().unwrap();
        let paths =
            render_all(dir.path(), &ChartData::default(), &ChartOptions::default()).unwrap();
        assert_eq!(paths.len(), 16);
        for p in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        {
            assert!(
                std::fs::read_to_string(p).unwrap().contains(NO_DATA),
                "{p:?}"
            );
        }
    }
}
