//! Staging: a job writes its files into a temporary folder beside the output folder, and
//! [`Staging::commit`] swaps them into place only when everything is written, so a run killed
//! at any moment, or one that fails, leaves the previous reports whole.
//!
//! Only the files the job wrote are swapped in; whatever else the output folder holds
//! (symbolic links, FIFOs, a user's own files) is carried over as it is, never followed or
//! opened.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A temporary output folder that replaces the real one on [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    written: Vec<String>,
}

impl Staging {
    /// Creates `<parent>/.<name>.kaigi-tmp-<pid>` beside `out`.
    pub fn new(out: &Path) -> Result<Staging> {
        let out = if out.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            out.to_path_buf()
        };
        // `.`, `..` or a symlink: the real folder, so that the staging folder goes beside it.
        let out = std::fs::canonicalize(&out).unwrap_or(out);
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "reports".into());
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.kaigi-tmp-{}", std::process::id()));
        if tmp.exists() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(Staging {
            out,
            tmp,
            written: Vec::new(),
        })
    }

    /// The folder to write into.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Records a file written into the staging folder (relative name).
    pub fn wrote(&mut self, name: impl Into<String>) {
        self.written.push(name.into());
    }

    /// Files written so far.
    pub fn written(&self) -> &[String] {
        &self.written
    }

    /// Moves the staged files into place: files already in the output folder that this run did
    /// not write (a README, charts of an earlier run) are carried over, then the two folders are
    /// swapped atomically (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames). Carried
    /// entries are linked, never opened or followed: a symlink stays a symlink, a FIFO a FIFO.
    /// When the output folder holds the working folder (`--out .`), it cannot be swapped away
    /// from under it: each written file is renamed into place instead.
    pub fn commit(self) -> Result<Vec<String>> {
        let holds_cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .is_some_and(|d| d.starts_with(&self.out));
        if holds_cwd {
            for name in &self.written {
                let dest = self.out.join(name);
                std::fs::rename(self.tmp.join(name), &dest).map_err(|e| Error::io(&dest, e))?;
            }
            let _ = std::fs::remove_dir_all(&self.tmp);
        } else if self.out.is_dir() {
            let entries = std::fs::read_dir(&self.out).map_err(|e| Error::io(&self.out, e))?;
            for e in entries.flatten() {
                let dest = self.tmp.join(e.file_name());
                if dest.symlink_metadata().is_ok() {
                    continue;
                }
                carry(&e.path(), &dest).map_err(|err| Error::io(e.path(), err))?;
            }
            swap_dirs(&self.tmp, &self.out).map_err(|e| Error::io(&self.out, e))?;
            // tmp now holds the previous reports.
            let _ = std::fs::remove_dir_all(&self.tmp);
        } else {
            std::fs::rename(&self.tmp, &self.out).map_err(|e| Error::io(&self.out, e))?;
        }
        let mut w = self.written.clone();
        w.sort();
        Ok(w)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Left over after an error: remove the partial output.
        if self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes staging folders left by runs that were killed (their process no longer exists).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.kaigi-tmp-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = f.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists();
        if !alive && pid != std::process::id() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Puts `src` at `dest` without opening or following it: a folder is rebuilt entry by entry,
/// a symlink recreated, anything else (a file, a FIFO) hard-linked; only a regular file that
/// cannot be linked is copied.
fn carry(src: &Path, dest: &Path) -> std::io::Result<()> {
    let kind = src.symlink_metadata()?.file_type();
    if kind.is_dir() {
        std::fs::create_dir_all(dest)?;
        for e in std::fs::read_dir(src)? {
            let e = e?;
            carry(&e.path(), &dest.join(e.file_name()))?;
        }
        Ok(())
    } else if kind.is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(src)?, dest)
    } else {
        std::fs::hard_link(src, dest).or_else(|e| {
            if kind.is_file() {
                std::fs::copy(src, dest).map(|_| ())
            } else {
                Err(e)
            }
        })
    }
}

#[cfg(target_os = "linux")]
fn swap_dirs(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    // SAFETY: both paths are valid NUL-terminated strings; renameat2 does not retain them.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        fallback_swap(a, b)
    }
}

#[cfg(not(target_os = "linux"))]
fn swap_dirs(a: &Path, b: &Path) -> std::io::Result<()> {
    fallback_swap(a, b)
}

fn fallback_swap(a: &Path, b: &Path) -> std::io::Result<()> {
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}
