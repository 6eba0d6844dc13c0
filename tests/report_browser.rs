//! report.html in a real browser: headless Chromium (Debian package `chromium`, installed by
//! scripts/setup.sh) loads the report from disk with the network off, and we check that the page
//! parses, that every embedded chart decodes to an image of the size kaigi drew, and that the
//! text a researcher reads is there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    for c in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(c).is_file() {
            return PathBuf::from(c);
        }
    }
    panic!("no Chromium found: run scripts/setup.sh (installs Debian's chromium)");
}

fn headless(profile: &Path) -> Command {
    let mut c = Command::new(chromium());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // No network at all: a self-contained page must not need it.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=5000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn report_renders_in_headless_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    let status = Command::new(assert_cmd::cargo::cargo_bin("kaigi"))
        .current_dir(root())
        .args(["run", "-q", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "report must not reference the network"
    );
    // A copy with a probe that records, after load, each image's decoded size.
    let probe = "<script>window.addEventListener('load',()=>{document.body.setAttribute('data-imgs',\
        Array.from(document.images).map(i=>i.complete?i.naturalWidth+'x'+i.naturalHeight:'broken').join(','));\
        document.body.setAttribute('data-tables',document.querySelectorAll('table.data').length);});</script>";
    let check = tmp.path().join("check.html");
    std::fs::write(&check, html.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let dom = headless(&tmp.path().join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}", check.display()))
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    let imgs = dom
        .split("data-imgs=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("probe did not run; DOM:\n{}", &dom[..dom.len().min(2000)]));
    let sizes: Vec<&str> = imgs.split(',').collect();
    assert_eq!(sizes.len(), 8, "{imgs}");
    for s in sizes {
        let (w, h) = s
            .split_once('x')
            .unwrap_or_else(|| panic!("image did not decode: {s}"));
        assert!(
            w.parse::<u32>().unwrap() >= 1600 && h.parse::<u32>().unwrap() > 500,
            "{s}"
        );
    }
    assert!(dom.contains("data-tables=\"10\""), "ten table excerpts");
    for text in [
        "Corpus summary",
        "サイバーセキュリティタスクフォース",
        "2019-06-14 – 2024-02-09",
        "committee_keyness.csv",
        "cargo run --release -- run",
    ] {
        assert!(dom.contains(text), "{text} missing from the rendered page");
    }
    // And a screenshot, kept for a person to look at when the test is run by hand.
    let shot = tmp.path().join("report.png");
    let s = headless(&tmp.path().join("profile2"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,2400")
        .arg(format!("file://{}", out.join("report.html").display()))
        .output()
        .unwrap();
    assert!(
        s.status.success() && shot.is_file(),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 50_000,
        "screenshot looks blank"
    );
    if let Ok(dir) = std::env::var("KAIGI_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, Path::new(&dir).join("report.png"));
    }
}
