//! Charts of theme counts, written as PNG and SVG files.
//!
//! Takes already aggregated numbers ([`ChartData`]) and [`ChartOptions`];
//! gives eight charts, each a PNG (≥ 1800 px wide) and an SVG drawn by the same
//! code: `theme_trends` (a panel per theme, rate over a calendar axis with each
//! point's exact 95% interval, a line per committee), `committee_themes`
//! (committee × theme heatmap, each row on its own scale, BH-adjusted G² marks),
//! `meeting_themes` (a stacked bar of rates per meeting), `speaker_roles` (a
//! stacked bar per theme, by speaker role), `theme_movement` (per theme and
//! body: hits, first appearance, bursts), `theme_network` (themes raised in
//! the same remarks), `emerging_terms` (rising nouns no theme covers) and
//! `speaker_trajectories` (who raises the charted themes, by year). Without `themes_shown`, long theme
//! lists are cut to what stays readable (see [`ChartOptions::themes_shown`]),
//! and each chart says so. The font is checked first ([`resolve_font`]): a
//! missing font or glyph is an error, never a row of boxes.
//!
//! Files: `data` (input types) → `prepare` (what each chart shows, and the
//! wording; `trends`, `heatmap` and `bars` prepare their own charts) →
//! `render` (font check, sizes, the sixteen files). Drawing: `trends` and
//! `trend_legend`; `heatmap` and `heat_layout`; `stacked`. Shared: `draw`,
//! `text` (measuring and wrapping CJK text), `periods` (dates, calendar
//! periods, the date axis) and `font` (fontconfig, glyphs).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

mod bars;
mod data;
mod draw;
#[cfg(test)]
mod fixtures;
mod font;
mod heat_layout;
mod heatmap;
mod movement;
mod network;
mod people;
mod periods;
mod prepare;
mod render;
mod stacked;
mod text;
mod trend_legend;
mod trends;

pub use data::{
    ChartData, CommitteeThemeCell, MeetingThemePoint, MeetingThemes, PointRef, RoleThemeCount,
};
pub use font::{missing_glyphs, resolve_font, ResolvedFont};
pub use prepare::chart_text;
pub use render::render_all;

/// How to draw the charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    /// fontconfig family used for every text (default `Noto Sans CJK JP`).
    pub font_family: String,
    /// Theme ids to show, in this order; `None` shows all themes in order of
    /// first appearance, except that the trend chart keeps the 8 with most
    /// hits, the heatmap the 20, and the meeting and role charts draw the 12
    /// with most hits apart and the rest as one `その他`.
    pub themes_shown: Option<Vec<String>>,
    /// Heatmap cells with `p_value` below this are marked (default 0.05).
    pub significance: f64,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            font_family: DEFAULT_FONT_FAMILY.to_string(),
            themes_shown: None,
            significance: 0.05,
        }
    }
}

/// Font family used when none is given.
pub const DEFAULT_FONT_FAMILY: &str = "Noto Sans CJK JP";

/// Most panels of the trend chart when `themes_shown` is `None`.
pub const MAX_TREND_THEMES: usize = 8;

/// Why charts could not be drawn; each message says what to do.
#[derive(thiserror::Error, Debug)]
pub enum ChartError {
    /// `fc-match` could not be run.
    #[error(
        "cannot run fc-match ({source}): install Debian packages fontconfig and fonts-noto-cjk"
    )]
    FontconfigMissing {
        /// Error from starting the command.
        #[source]
        source: std::io::Error,
    },
    /// `fc-match` ran but failed.
    #[error("fc-match failed for font family '{family}': {message}; check the fontconfig setup (fc-list) or pass --font FAMILY")]
    FontconfigFailed {
        /// Family asked for.
        family: String,
        /// What fc-match said.
        message: String,
    },
    /// fontconfig substituted another family: the requested one is not installed.
    #[error("font family '{requested}' is not installed (fontconfig would use '{resolved}' instead): install Debian package fonts-noto-cjk or pass --font FAMILY (see fc-list :lang=ja family)")]
    FontNotFound {
        /// Family asked for.
        requested: String,
        /// Family fontconfig offered instead.
        resolved: String,
    },
    /// The font file could not be read or parsed.
    #[error("cannot use font file {path}: {message}; reinstall the font or pass --font FAMILY")]
    FontFile {
        /// Font file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The font lacks glyphs for text that would be drawn.
    #[error("no font covering the labels: font '{family}' has no glyph for {missing}; install Debian package fonts-noto-cjk or pass --font FAMILY")]
    MissingGlyphs {
        /// Family checked.
        family: String,
        /// The missing characters, quoted, with their code points.
        missing: String,
    },
    /// The output directory could not be created.
    #[error("cannot create chart directory {path}: {source}")]
    Io {
        /// Directory.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Drawing or writing one chart file failed.
    #[error("cannot draw chart {path}: {message}; check that the directory is writable")]
    Draw {
        /// Chart file.
        path: PathBuf,
        /// plotters' message.
        message: String,
    },
}
