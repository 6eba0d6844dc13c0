//! Fault injection on the store: every way its files can go wrong (a flipped byte anywhere, an
//! entry copied over another input's, cut short, grown, replaced by a FIFO, a link or a
//! folder) must give the same tables as a run without the store, or a clear failure: never a
//! silent wrong result, an abort or a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const TABLES: [&str; 7] = [
    "meetings.csv",
    "remarks.csv",
    "remark_themes.csv",
    "theme_counts.csv",
    "top_terms.csv",
    "themes_by_committee.csv",
    "speaker_themes.csv",
];

/// `kaigi count` over the sample corpus into `out`, with the store in `cache` (or none);
/// gives its standard error. A run that does not end within a minute fails the test.
fn count(cache: Option<&Path>, out: &Path) -> String {
    let mut c = Command::cargo_bin("kaigi").unwrap();
    c.current_dir(root())
        .args(["count", "-q", "--out"])
        .arg(out);
    match cache {
        Some(dir) => c.env("KAIGI_CACHE_DIR", dir),
        None => c.arg("--no-cache"),
    };
    let o = c.timeout(Duration::from_secs(60)).assert().success();
    String::from_utf8_lossy(&o.get_output().stderr).into_owned()
}

/// The store's entries (`<2 hex>/<62 hex>.bin`), sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && p.file_name().is_some_and(|n| n.len() == 2) {
            for f in std::fs::read_dir(&p).unwrap() {
                out.push(f.unwrap().path());
            }
        }
    }
    out.sort();
    out
}

struct Bench {
    tmp: tempfile::TempDir,
    cache: PathBuf,
    /// The store's folder.
    store: PathBuf,
    /// Each entry's path and pristine bytes.
    pristine: Vec<(PathBuf, Vec<u8>)>,
    runs: usize,
}

impl Bench {
    fn new() -> Bench {
        let tmp = tempfile::tempdir().unwrap();
        count(None, &tmp.path().join("truth"));
        let cache = tmp.path().join("cache");
        count(Some(&cache), &tmp.path().join("first"));
        let segments = cache.join("segments");
        let store = std::fs::read_dir(&segments)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .expect("a store folder");
        let pristine: Vec<_> = entries(&store)
            .into_iter()
            .map(|p| {
                let b = std::fs::read(&p).unwrap();
                (p, b)
            })
            .collect();
        assert_eq!(pristine.len(), 5, "one entry per sample file");
        Bench {
            tmp,
            cache,
            store,
            pristine,
            runs: 0,
        }
    }

    /// Puts every entry back as it was.
    fn restore(&self) {
        for (p, b) in &self.pristine {
            let _ = std::fs::remove_file(p);
            let _ = std::fs::remove_dir_all(p);
            std::fs::write(p, b).unwrap();
        }
    }

    /// Damages the entries with `harm` (entry index, path, pristine bytes), runs kaigi into a
    /// new folder, and checks its tables against the run without a store; `said` whether
    /// stderr must name a damaged entry.
    fn check(&mut self, what: &str, said: bool, harm: impl Fn(usize, &Path, &[u8])) {
        self.restore();
        for (i, (p, b)) in self.pristine.iter().enumerate() {
            harm(i, p, b);
        }
        self.runs += 1;
        let out = self.tmp.path().join(format!("run{}", self.runs));
        let stderr = count(Some(&self.cache), &out);
        if said {
            assert!(
                stderr.contains("is damaged or belongs to another input"),
                "{what}: nothing said on stderr: {stderr}"
            );
        }
        for t in TABLES {
            let got = std::fs::read(out.join(t)).unwrap();
            let want = std::fs::read(self.tmp.path().join("truth").join(t)).unwrap();
            assert!(
                got == want,
                "{what}: {t} differs from a run without the store"
            );
        }
        // The store was mended: every entry reads back as it was made.
        for (p, b) in &self.pristine {
            assert_eq!(
                &std::fs::read(p).unwrap(),
                b,
                "{what}: {} not rebuilt",
                p.display()
            );
        }
    }
}

#[test]
fn every_damage_to_the_store_gives_the_tables_of_a_run_without_it() {
    let mut bench = Bench::new();
    let shortest = bench.pristine.iter().map(|(_, b)| b.len()).min().unwrap();
    // A flipped bit at offsets across the header (magic, version, input hash, length,
    // checksum) and the body, every entry at once.
    let mut offsets = vec![0, 3, 4, 7, 8, 39, 40, 47, 48, 55, 56, 57, 60];
    offsets.extend((1..8).map(|k| shortest * k / 8));
    offsets.push(shortest - 1);
    for at in offsets {
        bench.check(&format!("flip at {at}"), true, |i, p, b| {
            let mut d = b.to_vec();
            d[at] ^= 1 << (i % 8);
            std::fs::write(p, d).unwrap();
        });
    }
    // The last byte of each entry, whatever its length.
    bench.check("flip of the last byte", true, |_, p, b| {
        let mut d = b.to_vec();
        *d.last_mut().unwrap() ^= 0x80;
        std::fs::write(p, d).unwrap();
    });
    // Each entry holds the next input's bytes.
    let all = bench.pristine.clone();
    bench.check("entries swapped between inputs", true, |i, p, _| {
        std::fs::write(p, &all[(i + 1) % all.len()].1).unwrap();
    });
    for cut in [0, 1, 40, 55, 56] {
        bench.check(&format!("cut to {cut} bytes"), true, |_, p, b| {
            std::fs::write(p, &b[..cut]).unwrap();
        });
    }
    bench.check("cut in half", true, |_, p, b| {
        std::fs::write(p, &b[..b.len() / 2]).unwrap();
    });
    bench.check("a byte too many", true, |_, p, b| {
        let mut d = b.to_vec();
        d.push(0);
        std::fs::write(p, d).unwrap();
    });
    bench.check("a FIFO in place of each entry", true, |_, p, _| {
        std::fs::remove_file(p).unwrap();
        let ok = std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap();
        assert!(ok.success());
    });
    bench.check("a link to another entry", true, |i, p, _| {
        std::fs::remove_file(p).unwrap();
        std::os::unix::fs::symlink(&all[(i + 1) % all.len()].0, p).unwrap();
    });
    bench.check("an empty folder in place of each entry", true, |_, p, _| {
        std::fs::remove_file(p).unwrap();
        std::fs::create_dir(p).unwrap();
    });
    // Left over by a killed run: half-written files in the store's tmp folder.
    bench.check("half-written files of a killed run", false, |i, _, b| {
        let tmp = bench_tmp(&all[0].0);
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::write(tmp.join(format!("2147483632.x{i}.bin")), &b[..b.len() / 3]).unwrap();
    });
    assert!(
        std::fs::read_dir(bench_tmp(&all[0].0)).unwrap().count() == 0,
        "the next run removed them"
    );
    assert!(bench.store.is_dir());
}

/// The store's `tmp/` folder, from one of its entries' paths.
fn bench_tmp(entry: &Path) -> PathBuf {
    entry.parent().unwrap().parent().unwrap().join("tmp")
}
