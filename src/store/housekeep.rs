//! Cache housekeeping: what the cache root holds, and removing what no run will read again.
//!
//! Takes the cache root (`--cache-dir`, `$KAIGI_CACHE_DIR` or the user's cache folder) and
//! gives a [`Folder`] for each tokenization cache under `segments/` and each built dictionary
//! under `dict/`, with its size and when a run last used it. Every kaigi build reads only its
//! own folder (`v<format>-<kaigi version>-<tokenizer>`, see [`DiskStore`]), so each
//! upgrade, and each user dictionary, leaves a folder the size of about twice its corpus
//! behind. [`prune`] removes the tokenization caches that a [`PruneRule`] calls stale: made by
//! another kaigi build, or for another dictionary, and unused for a while. A folder is first
//! renamed to `segments/.trash-…` (at once, atomically) and then deleted, so a run that is
//! stopped half-way leaves a trash folder that the next prune removes, never a half cache.
//! Removing a folder that another kaigi process is writing is safe: cache writes that fail are
//! ignored, and that process only loses its acceleration.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::DiskStore;

/// Name of the file a run touches in its cache folder, whose modification time is the
/// folder's "last used".
pub const LAST_USED: &str = "last-used";

const TRASH: &str = ".trash-";

/// What a folder under the cache root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The tokenization cache this run reads and writes.
    Current,
    /// A tokenization cache of this kaigi build for another dictionary or user dictionary
    /// (or for any dictionary, when the current folder is not known).
    OtherDictionary,
    /// A tokenization cache made by another kaigi build (or cache format): never read by this
    /// one.
    OtherVersion,
    /// What an interrupted removal left (`segments/.trash-…`).
    Trash,
    /// A built lindera dictionary (`dict/…`).
    Dictionary,
}

impl Kind {
    /// A short label for listings.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Current => "this kaigi, this dictionary",
            Kind::OtherDictionary => "this kaigi version",
            Kind::OtherVersion => "another kaigi version (not read by this one)",
            Kind::Trash => "left by an interrupted removal",
            Kind::Dictionary => "built dictionary",
        }
    }
}

/// One folder under the cache root.
#[derive(Debug, Clone)]
pub struct Folder {
    pub path: PathBuf,
    pub kind: Kind,
    /// Bytes of all files below it.
    pub bytes: u64,
    /// Number of files below it.
    pub files: u64,
    /// When a run last used it: its `last-used` file's modification time, else (folders made
    /// before kaigi kept one, and dictionaries) the folder's own.
    pub last_used: Option<SystemTime>,
}

/// When [`prune`] removes a tokenization cache that is not the current one.
#[derive(Debug, Clone, Copy)]
pub struct PruneRule {
    /// A folder made by another kaigi build, unused for this long. Zero: any such folder.
    pub other_version_idle: Duration,
    /// A folder of this build for another dictionary, unused for this long (`None`: never).
    pub other_dictionary_idle: Option<Duration>,
}

impl PruneRule {
    /// What a run does on its own: caches of other kaigi builds unused for a day (a user who
    /// switches between two builds keeps both), other dictionaries' caches unused for 30 days.
    pub const AUTOMATIC: PruneRule = PruneRule {
        other_version_idle: Duration::from_secs(24 * 3600),
        other_dictionary_idle: Some(Duration::from_secs(30 * 24 * 3600)),
    };
    /// `kaigi cache prune`: every cache no build of this version reads, whatever its age.
    pub const OTHER_VERSIONS: PruneRule = PruneRule {
        other_version_idle: Duration::ZERO,
        other_dictionary_idle: None,
    };
}

/// What [`prune`] removed, and what it could not.
#[derive(Debug, Default)]
pub struct Pruned {
    pub removed: Vec<Folder>,
    pub errors: Vec<(PathBuf, io::Error)>,
}

impl Pruned {
    /// Bytes removed.
    pub fn bytes(&self) -> u64 {
        self.removed.iter().map(|f| f.bytes).sum()
    }
}

/// Records that a run uses `cache` now (its `last-used` file). Failures are ignored, like
/// every cache write.
pub fn mark_used(cache: &DiskStore) {
    let dir = cache.dir();
    if std::fs::create_dir_all(dir).is_ok() {
        let _ = std::fs::write(dir.join(LAST_USED), b"");
    }
}

/// Every folder under `root` (tokenization caches, then dictionaries), sized. `current` is the
/// tokenization cache of this run, if known; without it this build's folders are all listed
/// as [`Kind::OtherDictionary`]. A root that does not exist holds nothing.
pub fn survey(root: &Path, current: Option<&Path>) -> io::Result<Vec<Folder>> {
    let mut out = Vec::new();
    for (sub, dictionaries) in [("segments", false), ("dict", true)] {
        let mut names = match std::fs::read_dir(root.join(sub)) {
            Ok(rd) => rd
                .map(|e| e.map(|e| e.path()))
                .collect::<io::Result<Vec<_>>>()?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        names.sort();
        for path in names {
            if !path.is_dir() {
                continue;
            }
            let kind = if dictionaries {
                Kind::Dictionary
            } else {
                kind_of(&path, current)
            };
            let (bytes, files) = size_of(&path);
            let last_used = last_used(&path);
            out.push(Folder {
                path,
                kind,
                bytes,
                files,
                last_used,
            });
        }
    }
    Ok(out)
}

fn kind_of(path: &Path, current: Option<&Path>) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with(TRASH) {
        Kind::Trash
    } else if current.is_some_and(|c| c == path) {
        Kind::Current
    } else if DiskStore::is_this_version(&name) {
        Kind::OtherDictionary
    } else {
        Kind::OtherVersion
    }
}

/// Bytes and files below `dir` (what cannot be read counts as nothing).
fn size_of(dir: &Path) -> (u64, u64) {
    let (mut bytes, mut files) = (0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => {
                    files += 1;
                    bytes += e.metadata().map_or(0, |m| m.len());
                }
                Err(_) => {}
            }
        }
    }
    (bytes, files)
}

fn last_used(dir: &Path) -> Option<SystemTime> {
    std::fs::metadata(dir.join(LAST_USED))
        .or_else(|_| std::fs::metadata(dir))
        .and_then(|m| m.modified())
        .ok()
}

/// Removes the tokenization caches under `root` that `rule` calls stale at `now`, and any
/// trash an interrupted removal left; never `current` nor a dictionary. Each folder is renamed
/// into trash first (at once), then deleted file by file: a removal stopped half-way leaves
/// trash, which the next prune removes whatever its age, never a half cache.
pub fn prune(root: &Path, current: Option<&Path>, rule: PruneRule, now: SystemTime) -> Pruned {
    let mut pruned = Pruned::default();
    let folders = match survey_segments(root, current) {
        Ok(f) => f,
        Err(e) => {
            pruned.errors.push((root.join("segments"), e));
            return pruned;
        }
    };
    for path in folders {
        let kind = kind_of(&path, current);
        let last_used = last_used(&path);
        let idle = last_used
            .and_then(|t| now.duration_since(t).ok())
            .unwrap_or(Duration::ZERO);
        let stale = match kind {
            Kind::Trash => true,
            Kind::OtherVersion => idle >= rule.other_version_idle,
            Kind::OtherDictionary => rule.other_dictionary_idle.is_some_and(|d| idle >= d),
            Kind::Current | Kind::Dictionary => false,
        };
        if !stale {
            continue;
        }
        let deleted =
            to_trash(&path, kind).and_then(|t| t.map(|t| delete_counting(&t)).transpose());
        match deleted {
            Ok(Some((bytes, files))) => pruned.removed.push(Folder {
                path,
                kind,
                bytes,
                files,
                last_used,
            }),
            Ok(None) => {}
            Err(e) => pruned.errors.push((path, e)),
        }
    }
    pruned
}

/// The folders under `root/segments`, sorted, without sizing them.
fn survey_segments(root: &Path, current: Option<&Path>) -> io::Result<Vec<PathBuf>> {
    let mut v = match std::fs::read_dir(root.join("segments")) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && current != Some(p.as_path()))
            .collect::<Vec<_>>(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    v.sort();
    Ok(v)
}

/// Renames `path` into trash (unless it is trash already); `None` when it is already gone
/// (another process removed it).
fn to_trash(path: &Path, kind: Kind) -> io::Result<Option<PathBuf>> {
    if kind == Kind::Trash {
        return Ok(Some(path.to_path_buf()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let t = path.with_file_name(format!("{TRASH}{name}-{}", std::process::id()));
    match std::fs::rename(path, &t) {
        Ok(()) => Ok(Some(t)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes `dir` and everything below it (symbolic links are removed, never followed), file
/// by file, so that an interrupted deletion has made progress; gives the bytes and files it
/// deleted. What is already gone (another process deleting too) counts as deleted.
fn delete_counting(dir: &Path) -> io::Result<(u64, u64)> {
    let gone = |r: io::Result<()>| match r {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    let (mut bytes, mut files) = (0, 0);
    // (folder, its entries already deleted)
    let mut stack = vec![(dir.to_path_buf(), false)];
    while let Some((d, emptied)) = stack.pop() {
        if emptied {
            gone(std::fs::remove_dir(&d))?;
            continue;
        }
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        stack.push((d, true));
        for e in rd {
            let e = e?;
            if e.file_type()?.is_dir() {
                stack.push((e.path(), false));
            } else {
                let len = e.metadata().map_or(0, |m| m.len());
                gone(std::fs::remove_file(e.path()))?;
                bytes += len;
                files += 1;
            }
        }
    }
    Ok((bytes, files))
}

/// Renames `path` into trash, then deletes it.
fn remove(path: &Path, kind: Kind) -> io::Result<()> {
    match to_trash(path, kind)? {
        Some(t) => delete_counting(&t).map(|_| ()),
        None => Ok(()),
    }
}

/// Removes every tokenization cache under `root` (and with `dictionaries`, the built
/// dictionaries too: the next run builds its dictionary again, about a second).
pub fn clear(root: &Path, dictionaries: bool) -> Pruned {
    let mut pruned = Pruned::default();
    let folders = match survey(root, None) {
        Ok(f) => f,
        Err(e) => {
            pruned.errors.push((root.to_path_buf(), e));
            return pruned;
        }
    };
    for f in folders {
        if f.kind == Kind::Dictionary && !dictionaries {
            continue;
        }
        match remove(&f.path, f.kind) {
            Ok(()) => pruned.removed.push(f),
            Err(e) => pruned.errors.push((f.path.clone(), e)),
        }
    }
    if dictionaries {
        // The dictionary source hashes beside the built dictionaries.
        if let Ok(rd) = std::fs::read_dir(root.join("dict")) {
            for e in rd.flatten() {
                if e.file_type().is_ok_and(|t| t.is_file()) {
                    if let Err(err) = std::fs::remove_file(e.path()) {
                        pruned.errors.push((e.path(), err));
                    }
                }
            }
        }
    }
    pruned
}

/// `n folders`, `1 folder`.
pub fn folders(n: usize) -> String {
    format!("{n} folder{}", if n == 1 { "" } else { "s" })
}

/// `bytes` for people: `512 B`, `3.4 MB`, `2.1 GB` (decimal units).
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if b < 1e3 {
        format!("{bytes} B")
    } else if b < 1e6 {
        format!("{:.1} kB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.2} GB", b / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Entry, Store, FORMAT_VERSION};

    const DAY: Duration = Duration::from_secs(24 * 3600);

    /// A cache folder named `name` under `root/segments` holding `n` bytes, last used `age` ago.
    fn folder(root: &Path, name: &str, n: usize, age: Duration) -> PathBuf {
        let d = root.join("segments").join(name);
        std::fs::create_dir_all(d.join("ab")).unwrap();
        std::fs::write(d.join("ab").join("cd.bin"), vec![7u8; n]).unwrap();
        let stamp = d.join(LAST_USED);
        std::fs::write(&stamp, b"").unwrap();
        let f = std::fs::File::options().write(true).open(&stamp).unwrap();
        f.set_modified(SystemTime::now() - age).unwrap();
        d
    }

    fn this_version(fingerprint: &str) -> String {
        DiskStore::new(Path::new("/"), fingerprint)
            .dir()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn names_tell_this_build_from_others() {
        assert!(DiskStore::is_this_version(&this_version("fp")));
        assert!(!DiskStore::is_this_version("v5-fp-0123456789abcdef"));
        let other_kaigi = format!("v{FORMAT_VERSION}-0.0.1-fp");
        assert!(!DiskStore::is_this_version(&other_kaigi));
        assert!(!DiskStore::is_this_version("segments"));
    }

    #[test]
    fn automatic_rule_removes_only_stale_folders_and_trash() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let current_cache = DiskStore::new(r, "fp");
        current_cache.put("00ff", Entry::default().as_ref());
        mark_used(&current_cache);
        let current = current_cache.dir().to_path_buf();
        // Old enough to go, and not.
        let old_version = folder(r, "v5-fp-0123456789abcdef", 1000, 2 * DAY);
        let recent_version = folder(r, "v5-fp-fedcba9876543210", 10, DAY / 2);
        let old_dict = folder(r, &this_version("otheruserdict"), 300, 31 * DAY);
        let recent_dict = folder(r, &this_version("thirduserdict"), 30, 10 * DAY);
        let trash = folder(r, ".trash-v4-fp-x-99", 5, Duration::ZERO);
        // A built dictionary is never pruned.
        std::fs::create_dir_all(r.join("dict/ipadic-x")).unwrap();

        let pruned = prune(r, Some(&current), PruneRule::AUTOMATIC, SystemTime::now());
        assert!(pruned.errors.is_empty(), "{:?}", pruned.errors);
        let mut gone: Vec<_> = pruned.removed.iter().map(|f| f.path.clone()).collect();
        gone.sort();
        let mut want = vec![old_version.clone(), old_dict.clone(), trash.clone()];
        want.sort();
        assert_eq!(gone, want);
        assert_eq!(pruned.bytes(), 1000 + 300 + 5);
        for p in &want {
            assert!(!p.exists(), "{} still there", p.display());
        }
        for p in [&current, &recent_version, &recent_dict] {
            assert!(p.is_dir(), "{} removed", p.display());
        }
        assert!(r.join("dict/ipadic-x").is_dir());
        assert!(current_cache.get("00ff").is_some());
        // Nothing left in trash.
        let left: Vec<_> = std::fs::read_dir(r.join("segments"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TRASH))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn other_versions_rule_ignores_age_and_keeps_this_builds_folders() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let fresh_other = folder(r, "v8-fp-0123456789abcdef", 10, Duration::ZERO);
        let old_dict = folder(r, &this_version("other"), 10, 365 * DAY);
        let pruned = prune(r, None, PruneRule::OTHER_VERSIONS, SystemTime::now());
        assert_eq!(pruned.removed.len(), 1);
        assert!(!fresh_other.exists());
        assert!(old_dict.is_dir());
    }

    #[test]
    fn survey_sizes_and_classifies() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        assert!(
            survey(r, None).unwrap().is_empty(),
            "a missing root holds nothing"
        );
        let cur = folder(r, &this_version("fp"), 123, Duration::ZERO);
        folder(r, "v1-fp-0123456789abcdef", 7, 3 * DAY);
        std::fs::create_dir_all(r.join("dict/ipadic-x")).unwrap();
        std::fs::write(r.join("dict/ipadic-x/a.dict"), vec![0u8; 50]).unwrap();
        let s = survey(r, Some(&cur)).unwrap();
        let got: Vec<_> = s.iter().map(|f| (f.kind, f.bytes, f.files)).collect();
        // `last-used` is one more (empty) file.
        assert_eq!(
            got,
            vec![
                (Kind::OtherVersion, 7, 2),
                (Kind::Current, 123, 2),
                (Kind::Dictionary, 50, 1)
            ]
        );
        let age = SystemTime::now()
            .duration_since(s[0].last_used.unwrap())
            .unwrap();
        assert!(age >= 3 * DAY - Duration::from_secs(60), "{age:?}");
    }

    #[test]
    fn clear_keeps_dictionaries_unless_asked() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        folder(r, &this_version("fp"), 10, Duration::ZERO);
        std::fs::create_dir_all(r.join("dict/ipadic-x")).unwrap();
        std::fs::write(r.join("dict/source-x.sha256"), b"x").unwrap();
        let p = clear(r, false);
        assert_eq!(p.removed.len(), 1);
        assert!(r.join("dict/ipadic-x").is_dir());
        let p = clear(r, true);
        assert_eq!(p.removed.len(), 1);
        assert!(!r.join("dict/ipadic-x").exists());
        assert!(!r.join("dict/source-x.sha256").exists());
        assert!(survey(r, None).unwrap().is_empty());
    }

    #[test]
    fn deleting_counts_and_never_follows_links() {
        let root = tempfile::tempdir().unwrap();
        let keep = root.path().join("keep");
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(keep.join("x"), b"12345").unwrap();
        let d = root.path().join("d");
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::fs::write(d.join("a/b/f"), b"123").unwrap();
        std::fs::write(d.join("g"), b"1234567").unwrap();
        std::os::unix::fs::symlink(&keep, d.join("a/link")).unwrap();
        let (bytes, files) = delete_counting(&d).unwrap();
        assert!(!d.exists());
        assert_eq!(files, 3);
        assert!(bytes >= 10, "{bytes}");
        assert_eq!(std::fs::read(keep.join("x")).unwrap(), b"12345");
        assert_eq!(delete_counting(&d).unwrap(), (0, 0), "already gone");
    }

    #[test]
    fn human_bytes_units() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3_400_000), "3.4 MB");
        assert_eq!(human_bytes(2_100_000_000), "2.10 GB");
    }
}
