//! kaigi reads the minutes of Japanese government committees (議事要旨, 議事録), splits them into
//! meetings and attributed remarks, tokenizes them with lindera, counts user-defined themes and
//! writes tables, charts and an HTML report.
//!
//! The pipeline stages, each one module:
//! [`ingest`] (files of minutes as text, PDF, HTML, DiscussNet or Diet API JSON → text) → [`parse`] (text → [`model::Meeting`]) →
//! [`segment`] (remark text → tokens) → [`themes`] (tokens + text → hits) →
//! [`pipeline`] (runs the stages over a corpus, in parallel) → [`tables`] (the contract's
//! tables, polars) → [`chart`], [`output`] (staging, manifest, report); [`jobs`] ties them into
//! the commands. [`store`] keeps parsed and tokenized
//! files between runs, behind one trait the pipeline asks; [`text`] holds the NFKC and hashing
//! helpers every stage shares. [`fetch`] downloads minutes (the Diet's API) into a corpus
//! folder, before any of this.

pub mod chart;
pub mod cli;
pub mod error;
pub mod fetch;
pub mod ingest;
pub mod jobs;
pub mod model;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod segment;
pub mod speakers;
pub mod stats;
pub mod store;
pub mod tables;
pub mod text;
pub mod themes;

pub use error::{Error, Result};
