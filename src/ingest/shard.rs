//! Shards: one of N contiguous slices of a corpus's inputs, for counting a corpus on several
//! machines.
//!
//! Takes a [`Listing`] (inputs in the order the pipeline processes them: by meeting id) and
//! gives the slice of shard K of N, balanced by bytes. Because every per-meeting table is
//! written in that same order, the tables of shards 1..N put one after another in shard order
//! are the tables of the whole corpus.

use std::fmt;
use std::str::FromStr;

use super::Listing;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}`: expected K/N with 1 ≤ K ≤ N (e.g. 2/8)");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The shard (0-based) of each input: contiguous, by the middle of each input's byte range
    /// (by position when the inputs hold no bytes). Inputs of one group (`same_group(i)`: the
    /// input is of the same meeting id as the one before it) stay in one shard, so that a run
    /// of a shard tells their duplicates apart as a run of the whole corpus does.
    fn of_each(sizes: &[u64], count: usize, same_group: impl Fn(usize) -> bool) -> Vec<usize> {
        let total: u128 = sizes.iter().map(|&b| b as u128).sum();
        let n = count as u128;
        let mut before: u128 = 0;
        let mut out: Vec<usize> = Vec::with_capacity(sizes.len());
        for (i, &b) in sizes.iter().enumerate() {
            let s = if total == 0 {
                i as u128 * n / sizes.len() as u128
            } else {
                (2 * before + b as u128) * n / (2 * total)
            };
            before += b as u128;
            let s = (s as usize).min(count - 1);
            out.push(match out.last() {
                Some(&prev) if same_group(i) => prev,
                _ => s,
            });
        }
        out
    }

    /// This shard's inputs of `listing`. Problems met walking the corpus stay with shard 1, so
    /// that each is reported once.
    pub fn select(&self, listing: &Listing) -> Listing {
        let ids: Vec<String> = listing
            .found
            .iter()
            .map(|f| crate::model::meeting_id_for(&f.rel))
            .collect();
        let of = Self::of_each(&listing.sizes, self.count, |i| {
            i > 0 && ids[i] == ids[i - 1]
        });
        let keep = |i: &usize| of[*i] == self.index - 1;
        Listing {
            found: (0..of.len())
                .filter(keep)
                .map(|i| listing.found[i].clone())
                .collect(),
            sizes: (0..of.len())
                .filter(keep)
                .map(|i| listing.sizes[i])
                .collect(),
            problems: if self.index == 1 {
                listing.problems.clone()
            } else {
                Vec::new()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Found;
    use proptest::prelude::*;

    fn listing(sizes: &[u64]) -> Listing {
        Listing {
            found: (0..sizes.len())
                .map(|i| Found::file(format!("{i:03}.txt").into(), format!("{i:03}.txt")))
                .collect(),
            sizes: sizes.to_vec(),
            problems: Vec::new(),
        }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/8".parse(), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn inputs_of_one_meeting_id_stay_in_one_shard() {
        let mut l = listing(&[100, 100, 100, 100]);
        // x.txt and x.json: one meeting id, which a single run reads once.
        l.found[2] = Found::file("x.json".into(), "x.json".into());
        l.found[1] = Found::file("x.txt".into(), "x.txt".into());
        let of = |k| -> Vec<String> {
            Shard { index: k, count: 2 }
                .select(&l)
                .found
                .into_iter()
                .map(|f| f.rel)
                .collect()
        };
        assert_eq!(of(1), ["000.txt", "x.txt", "x.json"]);
        assert_eq!(of(2), ["003.txt"]);
    }

    #[test]
    fn balances_by_bytes() {
        let l = listing(&[100, 100, 100, 100, 400]);
        let sizes = |k| -> Vec<u64> { Shard { index: k, count: 2 }.select(&l).sizes };
        assert_eq!(sizes(1), vec![100, 100, 100, 100]);
        assert_eq!(sizes(2), vec![400]);
    }

    proptest! {
        /// The shards, in order, are the listing: each input once, in its place.
        #[test]
        fn shards_in_order_are_the_listing(
            sizes in proptest::collection::vec(0u64..5000, 0..40),
            count in 1usize..9,
        ) {
            let l = listing(&sizes);
            let joined: Vec<String> = (1..=count)
                .flat_map(|index| Shard { index, count }.select(&l).found)
                .map(|f| f.rel)
                .collect();
            let all: Vec<String> = l.found.iter().map(|f| f.rel.clone()).collect();
            prop_assert_eq!(joined, all);
        }
    }
}
