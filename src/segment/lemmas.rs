//! Base forms (lemmas) as small ids, so that matching a theme's base forms against a text's
//! tokens compares numbers, not strings.
//!
//! Takes base-form strings (IPADIC's 基本形; an unknown word's surface) and gives each a `u32`
//! id, the same id for the same string for as long as the [`Lemmas`] lives (one per
//! [`crate::segment::Tokenizer`]). Ids are not stable across runs and are never stored.

use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

/// A shared table of base forms.
#[derive(Debug, Default)]
pub struct Lemmas {
    inner: RwLock<Table>,
}

#[derive(Debug, Default)]
struct Table {
    ids: FxHashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
}

impl Lemmas {
    /// The id of `lemma`, given a new one on first sight.
    pub fn id(&self, lemma: &str) -> u32 {
        if let Some(&id) = self
            .inner
            .read()
            .ok()
            .and_then(|t| t.ids.get(lemma).copied())
            .as_ref()
        {
            return id;
        }
        let mut t = match self.inner.write() {
            Ok(t) => t,
            Err(p) => p.into_inner(),
        };
        if let Some(&id) = t.ids.get(lemma) {
            return id;
        }
        let id = t.names.len() as u32;
        let name: Arc<str> = lemma.into();
        t.names.push(Arc::clone(&name));
        t.ids.insert(name, id);
        id
    }

    /// The id of `lemma` if it has one.
    pub fn get(&self, lemma: &str) -> Option<u32> {
        self.inner
            .read()
            .ok()
            .and_then(|t| t.ids.get(lemma).copied())
    }

    /// The base form of an id this table gave.
    pub fn name(&self, id: u32) -> Option<Arc<str>> {
        self.inner
            .read()
            .ok()
            .and_then(|t| t.names.get(id as usize).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_string_same_id_and_back() {
        let l = Lemmas::default();
        let a = l.id("育てる");
        let b = l.id("人材");
        assert_ne!(a, b);
        assert_eq!(l.id("育てる"), a);
        assert_eq!(l.name(b).as_deref(), Some("人材"));
        assert_eq!(l.name(99), None);
    }
}
