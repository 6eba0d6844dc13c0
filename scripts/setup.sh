#!/usr/bin/env bash
# Installs the system packages kaigi needs on a Debian machine. Idempotent: safe to run again.
#   mecab-ipadic    IPADIC source (EUC-JP CSV + .def) that kaigi builds its lindera dictionary from
#   fonts-noto-cjk  a CJK font, so charts draw Japanese instead of boxes
#   fontconfig      lets kaigi find that font by family name (fc-match)
#   chromium        headless browser for the tests that render and click through report.html
#   chromium-driver WebDriver for Chromium: the Python report test drives the page with Selenium
#   python3         runs the real-minutes scorer (scripts/check_real_minutes.sh) and the Python
#   python3-venv    package's tests (scripts/test_python.sh makes a virtual environment)
#   poppler-utils   pdftotext, which reads the text layer of PDF minutes
set -euo pipefail
pkgs=(mecab-ipadic fonts-noto-cjk fontconfig chromium chromium-driver python3 python3-venv poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust (rustup) first" >&2; exit 1; }
echo "setup: system packages present (${pkgs[*]})" >&2
