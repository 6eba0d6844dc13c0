//! The store on disk: one file per input under
//! `<root>/segments/v<format>-<kaigi version>-<tokenizer fingerprint>/<ab>/<sha256 rest>.bin`.
//!
//! Entries are written to `tmp/` inside that folder and renamed into place, so a reader sees a
//! whole entry or none; what a killed run left in `tmp/` is removed by the next run. Only
//! regular files are opened (never a FIFO, device or link), their size is checked against the
//! header before the body is read, and any entry [`super::codec::decode`] refuses is a miss,
//! said on stderr, and written again.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{codec, Entry, EntryRef, Store, FORMAT_VERSION};

/// Entries bigger than this are not read (an input of a few megabytes makes one of about
/// twice its size).
const MAX_ENTRY: u64 = 1 << 32;

/// A [`Store`] in one folder of the cache root.
#[derive(Debug, Clone)]
pub struct DiskStore {
    dir: PathBuf,
}

impl DiskStore {
    /// The store under `root` for one tokenizer fingerprint. Removes what killed runs left
    /// half-written in it.
    pub fn new(root: &Path, fingerprint: &str) -> DiskStore {
        let s = DiskStore {
            dir: root
                .join("segments")
                .join(format!("{}{fingerprint}", version_prefix())),
        };
        s.sweep_tmp();
        s
    }

    /// The folder this store reads and writes.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a folder under `segments/` named `name` was made by this kaigi version and
    /// format (for any tokenizer): only those can ever be read by it.
    pub fn is_this_version(name: &str) -> bool {
        name.strip_prefix(&version_prefix())
            .is_some_and(|fp| !fp.is_empty() && !fp.contains('-'))
    }

    fn path(&self, sha: &str) -> PathBuf {
        let (a, b) = sha.split_at(2.min(sha.len()));
        self.dir.join(a).join(format!("{b}.bin"))
    }

    fn tmp_dir(&self) -> PathBuf {
        self.dir.join("tmp")
    }

    /// Removes `tmp/` files whose writer (the process id in their name) is gone.
    fn sweep_tmp(&self) {
        let Ok(rd) = std::fs::read_dir(self.tmp_dir()) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.split('.').next())
                .and_then(|p| p.parse::<i32>().ok());
            if pid.is_none_or(|p| !alive(p)) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Reads the entry at `path`: a regular file whose size its header states.
    fn read(path: &Path, sha: &str) -> Option<std::result::Result<Entry, ()>> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY {
            return Some(Err(()));
        }
        let mut f = open_no_block(path).ok()?;
        let m = f.metadata().ok()?;
        if !m.is_file() {
            return Some(Err(()));
        }
        let mut head = [0u8; codec::HEADER];
        if f.read_exact(&mut head).is_err() {
            return Some(Err(()));
        }
        let whole = codec::body_len(&head, sha)
            .and_then(|n| n.checked_add(codec::HEADER as u64))
            .filter(|&n| n == m.len());
        let Some(whole) = whole else {
            return Some(Err(()));
        };
        let mut bytes = Vec::with_capacity(whole as usize);
        bytes.extend_from_slice(&head);
        if f.read_to_end(&mut bytes).is_err() {
            return Some(Err(()));
        }
        Some(codec::decode(&bytes, sha).ok_or(()))
    }
}

impl Store for DiskStore {
    fn get(&self, input_sha256: &str) -> Option<Entry> {
        let path = self.path(input_sha256);
        match Self::read(&path, input_sha256)? {
            Ok(e) => Some(e),
            Err(()) => {
                eprintln!(
                    "kaigi: cache entry {} is damaged or belongs to another input; rebuilding it",
                    path.display()
                );
                None
            }
        }
    }

    fn put(&self, input_sha256: &str, entry: EntryRef<'_>) {
        let path = self.path(input_sha256);
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return;
        };
        let tmp_dir = self.tmp_dir();
        if std::fs::create_dir_all(parent).is_err() || std::fs::create_dir_all(&tmp_dir).is_err() {
            return;
        }
        let tmp = tmp_dir.join(format!("{}.{}", std::process::id(), name.to_string_lossy()));
        let bytes = codec::encode(entry, input_sha256);
        // A link, FIFO or file in the entry's place is replaced by the rename; an empty folder
        // is removed first.
        let renamed = || {
            std::fs::rename(&tmp, &path).is_ok()
                || (std::fs::remove_dir(&path).is_ok() && std::fs::rename(&tmp, &path).is_ok())
        };
        if std::fs::write(&tmp, bytes).is_err() || !renamed() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// `v<format>-<kaigi version>-`: the start of the names of this build's store folders.
fn version_prefix() -> String {
    format!(
        "v{FORMAT_VERSION}-{}-",
        env!("CARGO_PKG_VERSION").replace('-', "_")
    )
}

/// Opens `path` for reading without blocking on a FIFO and without following a final link.
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

/// Whether a process with this id runs.
fn alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks that the process exists.
    pid > 0 && unsafe { libc::kill(pid, 0) } == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec;

    const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    fn entry() -> Entry {
        let e = codec::encode(
            Entry {
                encoding: "UTF-8".into(),
                ..Entry::default()
            }
            .as_ref(),
            SHA,
        );
        codec::decode(&e, SHA).unwrap()
    }

    #[test]
    fn put_then_get_and_misses() {
        let tmp = tempfile::tempdir().unwrap();
        let s = DiskStore::new(tmp.path(), "fp");
        assert_eq!(s.get(SHA), None);
        s.put(SHA, entry().as_ref());
        assert_eq!(s.get(SHA), Some(entry()));
        assert!(DiskStore::is_this_version(
            &s.dir().file_name().unwrap().to_string_lossy()
        ));
        assert!(!DiskStore::is_this_version("v5-fp-0123456789abcdef"));
        assert!(!DiskStore::is_this_version("segments"));
        // Written through tmp/, which holds nothing after.
        assert_eq!(std::fs::read_dir(s.tmp_dir()).unwrap().count(), 0);
    }

    #[test]
    fn fifos_links_and_foreign_entries_are_misses_and_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let s = DiskStore::new(tmp.path(), "fp");
        s.put(SHA, entry().as_ref());
        let path = s.path(SHA);
        // Another input's entry copied over this one's.
        let other = SHA.replace("00", "22");
        s.put(&other, entry().as_ref());
        std::fs::copy(s.path(&other), &path).unwrap();
        assert_eq!(s.get(SHA), None);
        // A FIFO in its place: not opened, so no hang.
        std::fs::remove_file(&path).unwrap();
        assert!(std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap()
            .success());
        assert_eq!(s.get(SHA), None);
        // A link to a good entry: not followed.
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(s.path(&other), &path).unwrap();
        assert_eq!(s.get(SHA), None);
        s.put(SHA, entry().as_ref());
        assert_eq!(s.get(SHA), Some(entry()));
    }

    #[test]
    fn a_killed_runs_tmp_files_are_removed_by_the_next_store() {
        let tmp = tempfile::tempdir().unwrap();
        let s = DiskStore::new(tmp.path(), "fp");
        std::fs::create_dir_all(s.tmp_dir()).unwrap();
        // No process has id 0x7ffffff0; this one's is alive.
        let dead = s.tmp_dir().join("2147483632.ab.bin");
        let live = s.tmp_dir().join(format!("{}.cd.bin", std::process::id()));
        std::fs::write(&dead, b"half").unwrap();
        std::fs::write(&live, b"half").unwrap();
        let _again = DiskStore::new(tmp.path(), "fp");
        assert!(!dead.exists());
        assert!(live.exists());
    }
}
