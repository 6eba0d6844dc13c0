//! Segment: the lindera (IPADIC) dictionary at run time, and tokenization of remark text.
//!
//! Takes a dictionary choice ([`DictOptions`]) and gives a [`Tokenizer`]: a built dictionary plus
//! the fixed user dictionary. The dictionary comes from, in order: `--dict DIR` (a built lindera
//! dictionary), the embedded IPADIC (cargo feature `embed-ipadic`, when no source is named), or the
//! MeCab IPADIC source (`--dict-source DIR`, default Debian's `/usr/share/mecab/dic/ipadic`),
//! converted from EUC-JP to UTF-8, built once with lindera's `DictionaryBuilder` and cached in
//! the user's cache folder under a key made of the source's hash and the lindera version.
//!
//! [`Worker::segment`] (one [`Worker`] per thread, from [`Tokenizer::worker`]) takes
//! NFKC-normalized text and gives a [`Segmented`]: the count of word tokens (symbols and
//! whitespace not counted), the token [`Edges`] theme matching needs, and the nouns.
//! Use one [`Worker`] per thread ([`Tokenizer::worker`]), never one per call.

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;
use lindera::worker::SegmentWorker;
use lindera_dictionary::dictionary::DetailFields;
use lindera_dictionary::viterbi::WordId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

mod dictionary;
mod edges;
mod lattice;
mod lemmas;
mod nouns;
pub use dictionary::default_cache_root;
use dictionary::{load_builtin_userdict, load_system_dictionary, load_userdict};
pub use dictionary::{BUILTIN_USERDICT, BUILTIN_USERDICT_NAME};
pub use edges::Edges;
pub use lemmas::Lemmas;
pub use nouns::{sorted_nouns, Noun, NounRef};

/// Where Debian's `mecab-ipadic` package puts the IPADIC source.
pub const DEFAULT_IPADIC_SOURCE: &str = "/usr/share/mecab/dic/ipadic";
/// The lindera version the cache key includes (built dictionaries are version-specific).
pub const LINDERA_VERSION: &str = "6.2";

/// Where to get the dictionary from.
#[derive(Debug, Clone, Default)]
pub struct DictOptions {
    /// A built lindera dictionary folder (`--dict`).
    pub dict: Option<PathBuf>,
    /// A MeCab IPADIC source folder (`--dict-source`).
    pub dict_source: Option<PathBuf>,
    /// The user dictionary CSV (`surface,part_of_speech,reading`).
    pub userdict: Option<PathBuf>,
    /// Without `userdict`: use the user dictionary built into kaigi ([`BUILTIN_USERDICT`],
    /// the shipped `data/userdict.csv`) instead of none.
    pub builtin_userdict: bool,
    /// Cache folder; default `$KAIGI_CACHE_DIR` or the user's cache folder + `/kaigi`.
    pub cache_dir: Option<PathBuf>,
}

/// Where the dictionary came from, for the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DictProvenance {
    /// `built`, `source` or `embedded`.
    pub kind: String,
    /// The folder named or found (source folder for `source`).
    pub from: String,
    /// The built dictionary loaded (the cache folder for `source`).
    pub loaded: String,
    /// SHA-256 over the dictionary's files (source files for `source`).
    pub sha256: String,
    /// Whether this run built the dictionary (first use) or loaded it from the cache.
    pub built_now: bool,
    /// Seconds the build or load took.
    pub seconds: f64,
    pub userdict: Option<String>,
    pub userdict_sha256: Option<String>,
}

/// A loaded dictionary with its user dictionary: makes [`Worker`]s.
pub struct Tokenizer {
    segmenter: Segmenter,
    pub provenance: DictProvenance,
    /// Workers given back, for the next [`Tokenizer::worker`] call to take up.
    idle: Arc<Mutex<Vec<WorkerState>>>,
    /// Base forms as ids, for [`Word::lemma`].
    lemmas: Arc<Lemmas>,
}

/// At most this many idle workers are kept (more threads than this make new ones).
const MAX_IDLE: usize = 256;

/// One thread's tokenizer, taken from the tokenizer's idle workers or made new, and given back
/// to them when dropped: a rayon `map_init` job or a batch that asks for a worker gets one
/// whose lattice has grown and whose word classes are learnt, not a fresh one.
pub struct Worker {
    /// Always `Some` until dropped.
    state: Option<WorkerState>,
    idle: Arc<Mutex<Vec<WorkerState>>>,
    lemmas: Arc<Lemmas>,
}

/// lindera's reusable lattice, and what this worker has learnt about each dictionary word
/// (symbol? content noun?) so details are decoded once per word.
struct WorkerState {
    inner: SegmentWorker,
    /// The lattice driven directly (`None` for a segmenter it does not reproduce: then `inner`).
    direct: Option<lattice::Direct>,
    /// The last text's tokens as (start, end, word id), reused between calls.
    spans: Vec<(u32, u32, WordId)>,
    /// Word class per word id, for the system, user and unknown lexicons (0 = not looked up).
    classes: [Vec<u8>; 3],
    /// Base-form id + 1 per word id, for the system and user lexicons (0 = not looked up).
    lemma_ids: [Vec<u32>; 2],
    /// Base-form ids of unknown words seen (their surface is their base form).
    unknown_lemmas: FxHashMap<Box<str>, u32>,
    /// The system dictionary's nouns this worker has resolved ([`Worker::count_nouns`]).
    nouns: nouns::NounMemo,
    /// The last text's nouns, reused between calls (each text gets an exact copy).
    noun_buf: Vec<NounRef>,
    /// Give an unknown word a new base-form id (theme terms); otherwise one no term has gets
    /// [`NO_LEMMA`], so a corpus's unknown words do not fill the shared table.
    intern_unknown: bool,
}

/// The base-form id of an unknown word that no theme term has.
pub const NO_LEMMA: u32 = u32::MAX;

impl Drop for Worker {
    fn drop(&mut self) {
        if let (Some(s), Ok(mut idle)) = (self.state.take(), self.idle.lock()) {
            if idle.len() < MAX_IDLE {
                idle.push(s);
            }
        }
    }
}

const CLASS_OTHER: u8 = 1;
const CLASS_SYMBOL: u8 = 2;
const CLASS_NOUN: u8 = 3;

/// What tokenizing one text gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Word tokens: all tokens except symbols (品詞 記号) and whitespace.
    pub tokens: u32,
    /// Where a theme term may begin or end (token edges).
    pub edges: Edges,
    /// Content nouns (not numbers, pronouns, suffixes or dependent nouns).
    pub nouns: Vec<NounRef>,
    /// Every token in order, symbols included (only when asked for: [`Worker::segment_words`]).
    pub words: Vec<Word>,
}

/// One token of a text: its span, its base form and its place among the word tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte span in the text.
    pub start: u32,
    pub end: u32,
    /// Base form (IPADIC 基本形; the surface for unknown words) as an id of
    /// [`Tokenizer::lemmas`].
    pub lemma: u32,
    /// Word tokens (not symbols or whitespace) before this one: token distances count these.
    pub ord: u32,
    /// A symbol or whitespace (not counted in [`Segmented::tokens`]).
    pub symbol: bool,
    /// The word inflects (a verb, adjective or auxiliary): its surface may differ from its
    /// base form.
    pub inflects: bool,
}

impl Tokenizer {
    /// Loads or builds the dictionary as `opts` says. On first use of a MeCab source this builds
    /// the dictionary (about a second) and caches it; later runs load the cache.
    pub fn new(opts: &DictOptions) -> Result<Tokenizer> {
        let t0 = Instant::now();
        let (dictionary, mut provenance) = load_system_dictionary(opts)?;
        let user = match &opts.userdict {
            Some(p) => Some(load_userdict(p, &dictionary.metadata)?),
            None if opts.builtin_userdict => Some(load_builtin_userdict(&dictionary.metadata)?),
            None => None,
        };
        if let Some(p) = &opts.userdict {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            provenance.userdict = Some(p.display().to_string());
            provenance.userdict_sha256 = Some(crate::text::sha256_hex(&bytes));
        } else if opts.builtin_userdict {
            provenance.userdict = Some(BUILTIN_USERDICT_NAME.to_string());
            provenance.userdict_sha256 = Some(crate::text::sha256_hex(BUILTIN_USERDICT.as_bytes()));
        }
        provenance.seconds = t0.elapsed().as_secs_f64();
        let segmenter = Segmenter::new(Mode::Normal, dictionary, user);
        Ok(Tokenizer {
            segmenter,
            provenance,
            idle: Default::default(),
            lemmas: Default::default(),
        })
    }

    /// The base-form ids [`Word::lemma`] refers to.
    pub fn lemmas(&self) -> &Lemmas {
        &self.lemmas
    }

    /// A worker for one thread: an idle one if there is one, else a new one.
    pub fn worker(&self) -> Worker {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        Worker {
            state: Some(idle.unwrap_or_else(|| WorkerState {
                inner: self.segmenter.new_worker(),
                direct: lattice::Direct::new(&self.segmenter),
                spans: Vec::new(),
                classes: [Vec::new(), Vec::new(), Vec::new()],
                lemma_ids: [Vec::new(), Vec::new()],
                unknown_lemmas: FxHashMap::default(),
                nouns: Default::default(),
                noun_buf: Vec::new(),
                intern_unknown: false,
            })),
            idle: Arc::clone(&self.idle),
            lemmas: Arc::clone(&self.lemmas),
        }
    }

    /// The base form and part of speech of a noun found by [`Worker::segment`] in `text`
    /// (read from the dictionary each time: [`Worker::count_nouns`] counts a text's nouns).
    pub fn resolve_noun(&self, r: &NounRef, text: &str) -> Noun {
        nouns::resolve(&self.segmenter, r, text)
    }

    /// A hash that changes whenever segmentation could change: dictionary, user dictionary and
    /// lindera version. Cached tokenizations are keyed by it.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(LINDERA_VERSION.as_bytes());
        h.update(self.provenance.sha256.as_bytes());
        h.update(
            self.provenance
                .userdict_sha256
                .as_deref()
                .unwrap_or("")
                .as_bytes(),
        );
        hex::encode(&h.finalize()[..12])
    }
}

impl Worker {
    /// Tokenizes `text` (already NFKC-normalized). `with_nouns` collects nouns for `top_terms`.
    pub fn segment(&mut self, text: &str, with_nouns: bool) -> Result<Segmented> {
        self.segment_with(text, with_nouns, false)
    }

    /// The base form a [`Word::lemma`] id stands for (without the mark that keeps an
    /// inflecting word's base form apart from a word that does not inflect).
    pub fn lemma_name(&self, id: u32) -> Option<Arc<str>> {
        self.lemmas
            .name(id)
            .map(|n| n.strip_suffix(INFLECTING).map_or(n.clone(), Arc::from))
    }

    /// Whether unknown words get new base-form ids (for tokenizing theme terms); off by
    /// default, when they get an id only if a term gave them one.
    pub fn intern_unknown(&mut self, on: bool) {
        if let Some(s) = self.state.as_mut() {
            s.intern_unknown = on;
        }
    }

    /// [`Worker::segment`], and every token with its base form in [`Segmented::words`] (what
    /// base-form terms, prefix terms and token distances need).
    pub fn segment_words(&mut self, text: &str, with_nouns: bool) -> Result<Segmented> {
        self.segment_with(text, with_nouns, true)
    }

    /// Every word token of `text` (symbols and whitespace left out, as in the token counts)
    /// with its surface, base form and part of speech (IPADIC's 品詞-細分類1, e.g. `名詞-一般`),
    /// for the tokens and document-term exports.
    pub fn token_details(&mut self, text: &str) -> Result<Vec<TokenDetail>> {
        let mut out = Vec::new();
        if text.is_empty() {
            return Ok(out);
        }
        let st = self
            .state
            .as_mut()
            .expect("a worker has its state until dropped");
        st.fill_spans(text)?;
        let seg = st.inner.segmenter();
        for &(start, end, word_id) in &st.spans {
            let surface = &text[start as usize..end as usize];
            let fields: Vec<&str> = details(seg, word_id).collect();
            if fields.first() == Some(&"記号")
                || (word_id.is_unknown() && surface.trim().is_empty())
            {
                continue;
            }
            let pos = match (fields.first(), fields.get(1)) {
                (Some(p), Some(sub)) if *sub != "*" => format!("{p}-{sub}"),
                (Some(p), _) => p.to_string(),
                (None, _) => String::new(),
            };
            let base = match fields.get(6) {
                Some(b) if *b != "*" && !b.is_empty() => b.to_string(),
                _ => surface.to_string(),
            };
            out.push(TokenDetail {
                start,
                end,
                surface: surface.to_string(),
                base,
                pos,
            });
        }
        Ok(out)
    }

    fn segment_with(
        &mut self,
        text: &str,
        with_nouns: bool,
        with_words: bool,
    ) -> Result<Segmented> {
        let mut out = Segmented::default();
        if text.is_empty() {
            return Ok(out);
        }
        let st = self
            .state
            .as_mut()
            .expect("a worker has its state until dropped");
        st.fill_spans(text)?;
        out.edges = Edges::new(text.len());
        let WorkerState {
            inner,
            spans,
            classes,
            lemma_ids,
            unknown_lemmas,
            intern_unknown,
            noun_buf,
            ..
        } = st;
        let seg = inner.segmenter();
        noun_buf.clear();
        if with_words {
            out.words.reserve_exact(spans.len());
        }
        for &(start, end, word_id) in spans.iter() {
            let (start, end) = (start as usize, end as usize);
            let surface = &text[start..end];
            let unknown = word_id.is_unknown();
            if !unknown {
                out.edges.known_word(start, end);
            }
            let (lex, id) = (lex_of(word_id), word_id.id());
            let table = &mut classes[lex as usize];
            if table.len() <= id as usize {
                table.resize(id as usize + 1, 0);
            }
            let mut class = table[id as usize];
            if class == 0 {
                class = classify(details(seg, word_id));
                table[id as usize] = class;
            }
            let symbol = class == CLASS_SYMBOL || (lex == 2 && surface.trim().is_empty());
            if with_words {
                let (lemma, inflects) = lemma_of(
                    lemma_ids,
                    unknown_lemmas,
                    *intern_unknown,
                    &self.lemmas,
                    seg,
                    word_id,
                    surface,
                );
                out.words.push(Word {
                    start: start as u32,
                    end: end as u32,
                    lemma,
                    ord: out.tokens,
                    symbol,
                    inflects,
                });
            }
            if symbol {
                continue;
            }
            out.tokens += 1;
            if with_nouns && class == CLASS_NOUN {
                let (start, end) = (start as u32, end as u32);
                // One ASCII letter or digit is no term.
                if lex == 2 && end - start < 2 && text.as_bytes()[start as usize].is_ascii() {
                    continue;
                }
                noun_buf.push(NounRef {
                    lex,
                    id,
                    start,
                    end,
                });
            }
        }
        out.nouns = noun_buf.clone();
        Ok(out)
    }
}

/// A word token with what the exports show of it ([`Worker::token_details`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenDetail {
    /// Byte range in the normalized text.
    pub start: u32,
    pub end: u32,
    pub surface: String,
    /// The dictionary's base form (the surface for unknown words).
    pub base: String,
    /// 品詞-細分類1 (`名詞-一般`, `動詞-自立`), or 品詞 alone.
    pub pos: String,
}

/// Marks an inflecting word in the per-worker base-form table.
const INFLECTS: u32 = 1 << 31;
/// Ends an inflecting word's base form in the shared table.
const INFLECTING: &str = "\u{1}";

/// The base-form id of a token and whether the word inflects (has a 活用型), looked up once per
/// dictionary word by each worker.
fn lemma_of(
    lemma_ids: &mut [Vec<u32>; 2],
    unknown_lemmas: &mut FxHashMap<Box<str>, u32>,
    intern: bool,
    lemmas: &Lemmas,
    seg: &Segmenter,
    word_id: WordId,
    surface: &str,
) -> (u32, bool) {
    let (lex, id) = (lex_of(word_id), word_id.id());
    if lex == 2 {
        if let Some(&l) = unknown_lemmas.get(surface) {
            return (l, false);
        }
        let l = if intern {
            lemmas.id(surface)
        } else {
            // Not remembered: a term bound later may give it an id.
            match lemmas.get(surface) {
                Some(l) => l,
                None => return (NO_LEMMA, false),
            }
        };
        if unknown_lemmas.len() >= 1 << 16 {
            unknown_lemmas.clear();
        }
        unknown_lemmas.insert(surface.into(), l);
        return (l, false);
    }
    let table = &mut lemma_ids[lex as usize];
    if table.len() <= id as usize {
        table.resize(id as usize + 1, 0);
    }
    if table[id as usize] == 0 {
        // IPADIC details: 品詞, 細分類1–3, 活用型, 活用形, 基本形, 読み, 発音.
        let mut fields = details(seg, word_id);
        let inflects = fields.nth(4).is_some_and(|c| c != "*" && !c.is_empty());
        let base = match fields.nth(1) {
            Some(b) if b != "*" && !b.is_empty() => b,
            _ => surface,
        };
        // An inflecting word and one that does not (the verb ある, the 連体詞 ある) are apart.
        let base = if inflects {
            lemmas.id(&format!("{base}{INFLECTING}"))
        } else {
            lemmas.id(base)
        };
        table[id as usize] = (base + 1) | if inflects { INFLECTS } else { 0 };
    }
    let v = table[id as usize];
    ((v & !INFLECTS) - 1, v & INFLECTS != 0)
}

/// The class of a dictionary word: symbol (not counted), content noun (counted in top_terms),
/// or other.
fn classify(mut fields: DetailFields<'_>) -> u8 {
    match fields.next() {
        Some("記号") => CLASS_SYMBOL,
        Some("名詞") => match fields.next() {
            Some("数" | "代名詞" | "非自立" | "接尾" | "特殊" | "副詞可能") => {
                CLASS_OTHER
            }
            _ => CLASS_NOUN,
        },
        _ => CLASS_OTHER,
    }
}

/// The lexicon a word comes from: 0 system dictionary, 1 user dictionary, 2 unknown word (as
/// [`NounRef::lex`]).
fn lex_of(word_id: WordId) -> u8 {
    if word_id.is_unknown() {
        2
    } else if word_id.is_system() {
        0
    } else {
        1
    }
}

/// A word's detail fields by its id in `seg`'s dictionaries.
fn details(seg: &Segmenter, word_id: WordId) -> DetailFields<'_> {
    let id = word_id.id() as usize;
    if word_id.is_unknown() {
        seg.dictionary.unknown_word_details_iter(id)
    } else if word_id.is_system() {
        seg.dictionary.word_details_iter(id)
    } else {
        match &seg.user_dictionary {
            Some(u) => u.word_details_iter(id),
            None => DetailFields::unk(),
        }
    }
}

impl WorkerState {
    /// Tokenizes `text` into [`WorkerState::spans`]: through the lattice directly where it can,
    /// else through lindera's worker.
    fn fill_spans(&mut self, text: &str) -> Result<()> {
        self.spans.clear();
        let spans = &mut self.spans;
        match &mut self.direct {
            Some(d) => d.each_token(self.inner.segmenter(), text, |s, e, id| {
                spans.push((s as u32, e as u32, id))
            }),
            None => {
                let tokens = self
                    .inner
                    .segment(text)
                    .map_err(|e| Error::Dictionary(format!("tokenizing failed: {e}")))?;
                spans.extend(
                    tokens
                        .iter()
                        .map(|t| (t.byte_start as u32, t.byte_end as u32, t.word_id)),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use once_cell::sync::Lazy;
    use std::path::Path;

    /// One tokenizer for all tests of the crate (building or loading the dictionary once).
    pub(crate) static TOKENIZER: Lazy<Tokenizer> = Lazy::new(|| {
        let userdict = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/userdict.csv");
        Tokenizer::new(&DictOptions {
            userdict: userdict.is_file().then_some(userdict),
            ..Default::default()
        })
        .expect("dictionary (run scripts/setup.sh to install mecab-ipadic)")
    });

    #[test]
    fn token_details_give_base_forms_and_pos_of_the_counted_tokens() {
        let mut w = TOKENIZER.worker();
        let text = "人材を育てた。 ";
        let d = w.token_details(text).unwrap();
        let s = w.segment(text, false).unwrap();
        assert_eq!(d.len() as u32, s.tokens, "the same tokens as the counts");
        let got: Vec<(&str, &str, &str)> = d
            .iter()
            .map(|t| (t.surface.as_str(), t.base.as_str(), t.pos.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("人材", "人材", "名詞-一般"),
                ("を", "を", "助詞-格助詞"),
                ("育て", "育てる", "動詞-自立"),
                ("た", "た", "助動詞"),
            ]
        );
        assert_eq!(&text[d[2].start as usize..d[2].end as usize], "育て");
    }

    #[test]
    fn counts_words_not_symbols_or_spaces() {
        let mut w = TOKENIZER.worker();
        let s = w.segment("通信の秘密を守る。", true).unwrap();
        // 通信 / の / 秘密 / を / 守る / 。(記号)
        assert_eq!(s.tokens, 5);
        let text = "通信の秘密を守る。";
        let edges: Vec<usize> = (0..=text.len()).filter(|&p| s.edges.is_edge(p)).collect();
        assert_eq!(edges, [0, 6, 9, 15, 18, 24, 27]);
        assert!(s
            .nouns
            .iter()
            .any(|n| &*TOKENIZER.resolve_noun(n, text).base == "秘密"));
        let s2 = w.segment("通信 の 秘密 を 守る 。", false).unwrap();
        assert_eq!(s2.tokens, 5);
        assert!(s2.nouns.is_empty());
    }

    #[test]
    fn katakana_run_is_one_unknown_token() {
        let mut w = TOKENIZER.worker();
        // Not in IPADIC nor the user dictionary: one unknown token, not split.
        let text = "ZeroTrustArchitecture";
        let s = w.segment(text, false).unwrap();
        assert_eq!(s.tokens, 1);
        // Unknown, so every position inside it is an edge (a term may lie within it).
        assert!((0..=text.len()).all(|p| s.edges.is_edge(p)));
    }

    #[test]
    fn edges_are_the_boundaries_of_lindera_tokens_and_the_inside_of_unknown_words() {
        let mut w = TOKENIZER.worker();
        let text = "IoT機器の脆弱性について、NOTICEで注意喚起を行った。ZeroTrustArchitectureで";
        let s = w.segment(text, false).unwrap();
        assert!(s.edges.fits(text.len()));
        let tokens = w.state.as_mut().unwrap().inner.segment(text).unwrap();
        let mut want = vec![true; text.len() + 1];
        for t in &tokens {
            if !t.word_id.is_unknown() {
                want[t.byte_start + 1..t.byte_end.max(t.byte_start + 1)].fill(false);
            }
        }
        assert!(tokens.iter().any(|t| t.word_id.is_unknown()));
        let got: Vec<bool> = (0..=text.len()).map(|p| s.edges.is_edge(p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_dropped_worker_is_taken_up_again_with_what_it_learnt() {
        let tok = Tokenizer::new(&DictOptions::default()).unwrap();
        let learnt = |w: &Worker| w.state.as_ref().unwrap().classes[0].len();
        let mut w = tok.worker();
        assert_eq!(learnt(&w), 0);
        w.segment("通信の秘密を守る。", false).unwrap();
        let n = learnt(&w);
        assert!(n > 0);
        let other = tok.worker(); // none idle: a new one
        assert_eq!(learnt(&other), 0);
        drop(w);
        assert_eq!(learnt(&tok.worker()), n);
    }

    #[test]
    fn missing_source_gives_install_hint() {
        let err = Tokenizer::new(&DictOptions {
            dict_source: Some(PathBuf::from("/nonexistent/ipadic")),
            ..Default::default()
        })
        .err()
        .expect("must fail");
        let msg = err.to_string();
        assert!(
            msg.contains("mecab-ipadic") && msg.contains("--dict"),
            "{msg}"
        );
    }
}
