#!/usr/bin/env python3
"""Generate a synthetic minutes corpus for scale benchmarks by replicating the samples.

    scripts/gen_corpus.py OUT_DIR SIZE_MB [--seed N] [--committees N] [--samples DIR] [--force]

Writes OUT_DIR/mNNNNNN.txt until the files add up to SIZE_MB megabytes (10^6 bytes). Each file
is one of the sample minutes (data/corpus) with:

  * a distinct committee: file i belongs to committee i % N (default N = 20); committee c uses
    sample c % 5 and appends a variant to the title's committee name (`…第2分科会`) wherever an
    earlier committee has that name, so the corpus has N distinct committees; the session
    number (第k回) counts that committee's meetings;
  * a distinct date: the header's date (era or Western form; the weekday is recomputed) moves
    to the k-th meeting date of its committee, spread over 2016-04 … 2025-12 (one day apart at
    worst); era dates switch between 平成 and 令和 as the calendar says, and every third file is
    written with a Western date;
  * a shuffled remark order: in the body (after 議事概要/議事内容), runs of speaker-label blocks
    (`岡村構成員)` + its lines) or of bullets (`- ・ …`) that stand between two headings are
    permuted; headings, agenda items and end markers stay where they are, so every file parses.

Deterministic: the same SIZE_MB, --seed and --committees give byte-identical files (each file's
random generator is seeded with "SEED:i"). OUT_DIR.gen_corpus.json, beside the folder (inside it,
kaigi would read it as an input and report it), records the parameters (and a hash of this
script and the samples); if they match, the corpus is reused as is (--force regenerates). Needs
only Python 3.
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import unicodedata

GEN_VERSION = 1
WEEKDAYS = "月火水木金土日"
DATE_START = datetime.date(2016, 4, 1)
DATE_END = datetime.date(2025, 12, 31)
REIWA_START = datetime.date(2019, 5, 1)

# The first date in a header line: era or Western form, spaces allowed, optional weekday.
DATE_RE = re.compile(
    r"(?:(?P<era>令和|平成)\s*(?P<ey>元|[0-9０-９]+)|(?P<wy>[0-9０-９]{4}))\s*年\s*"
    r"(?P<m>[0-9０-９]+)\s*月\s*(?P<d>[0-9０-９]+)\s*日"
    r"(?P<wd>\s*[（(]\s*[月火水木金土日]\s*[)）])?"
)
TITLE_RE = re.compile(
    r"^(?P<lead>\s*)(?P<pre>第\s*[0-9０-９]+\s*回\s*)?(?P<name>.*?)(?P<gap>\s*)"
    r"(?P<sess>[（(]\s*第\s*[0-9０-９]+\s*回\s*[)）])?(?P<gap2>\s*)"
    r"(?P<doc>議事要旨|議事録|議事概要)(?P<rest>.*)$"
)
BODY_HEADING_RE = re.compile(r"^(?:[0-9]{1,2}\s*[.)]?\s*)?(?:議事概要|議事内容|議事の概要|議事経過|議事要旨)\s*$")
BARRIER_RE = re.compile(r"^(?:[◆■□◇▼▽▶►]|\([0-9]{1,2}\)|[0-9]{1,2}[.)](?:\s|[^0-9])|[①-⑳])")
END_RE = re.compile(r"^(?:以上|\(以上\)|お問(?:い)?合(?:わ)?せ先|問(?:い)?合(?:わ)?せ先|【お問|【問|\(文責|文責|【本件|\(本件)")
BULLET_RE = re.compile(r"^(?:-\s*)?[・○◯●]\s*\S")
LABEL_RE = re.compile(r"^[^、。「」\s(][^、。「」]{0,44}\)(?:\s*※.*)?$")
INTRO_RE = re.compile(r"(?:から|より).*(?:以下|次のとおり)")


def norm(line):
    return unicodedata.normalize("NFKC", line).strip()


def ends_sentence(s):
    return s.rstrip().endswith(("。", "．", "!", "?", "」", "』", ")", "）", "！", "？"))


def is_label(n):
    if not LABEL_RE.match(n):
        return False
    body = n.split("※")[0].rstrip()
    return body.count("(") < body.count(")")


def classify(n, labelled):
    """blank | barrier | label | bullet | text for one NFKC-normalized, stripped line."""
    if not n:
        return "blank"
    if BARRIER_RE.match(n) or END_RE.match(n.replace(" ", "")) or INTRO_RE.search(n):
        return "barrier"
    if labelled:
        return "label" if is_label(n) else "text"
    return "bullet" if BULLET_RE.match(n) else "text"


class Template:
    """A sample file cut into header lines and body items (fixed lines and shufflable runs)."""

    def __init__(self, path):
        self.name = os.path.basename(path)
        raw = open(path, "rb").read()
        text = raw.decode("utf-8-sig")
        self.lines = text.split("\n")
        norms = [norm(l) for l in self.lines]
        self.body_start = next(
            (i + 1 for i, n in enumerate(norms) if BODY_HEADING_RE.match(n)), len(self.lines)
        )
        head = range(0, self.body_start)
        self.title_idx = next((i for i in head if TITLE_RE.match(self.lines[i])), None)
        self.date_idx = next((i for i in head if DATE_RE.search(self.lines[i])), None)
        if self.title_idx is None or self.date_idx is None:
            sys.exit(f"gen_corpus: {path}: no title with 議事要旨/議事録 or no date in the header")
        body = list(range(self.body_start, len(self.lines)))
        labelled = any(is_label(norms[i]) for i in body)
        # items: ("line", idx) or ("run", [block, ...]); block = [idx, ...] (trailing blanks included)
        self.items = []
        run = None
        block = None
        block_kind = None
        for i in body:
            kind = classify(norms[i], labelled)
            if kind in ("label", "bullet"):
                if run is None:
                    run = []
                    self.items.append(("run", run))
                block = [i]
                block_kind = kind
                run.append(block)
                continue
            if kind == "text" and block is not None and block_kind == "bullet":
                last = next((norms[j] for j in reversed(block) if norms[j]), "")
                if ends_sentence(last):
                    kind = "barrier"  # a topic heading after a finished bullet
            if kind == "barrier" or block is None:
                run = block = None
                self.items.append(("line", i))
            else:
                block.append(i)  # text or blank inside a block
        self.blocks = sum(len(r) for k, r in self.items if k == "run")
        self.shufflable = sum(1 for k, r in self.items if k == "run" and len(r) > 1)
        self.size = len(raw)
        self.committee = TITLE_RE.match(self.lines[self.title_idx]).group("name").strip()

    def render(self, rng, committee_suffix, session, date, western):
        lines = list(self.lines)
        # Title: committee variant and session number.
        m = TITLE_RE.match(lines[self.title_idx])
        name = m.group("name") + committee_suffix
        pre = m.group("pre")
        sess = m.group("sess")
        if pre:
            pre = re.sub(r"[0-9０-９]+", str(session), pre, count=1)
        if sess:
            sess = re.sub(r"[0-9０-９]+", str(session), sess, count=1)
        elif not pre:
            sess = f"（第{session}回）"
        lines[self.title_idx] = (
            m.group("lead") + (pre or "") + name + m.group("gap") + (sess or "") + m.group("gap2")
            + m.group("doc") + m.group("rest")
        )
        # Date.
        line = lines[self.date_idx]
        dm = DATE_RE.search(line)
        if western:
            ds = f"{date.year}年{date.month}月{date.day}日"
        elif date >= REIWA_START:
            y = date.year - 2018
            ds = f"令和{'元' if y == 1 else y}年{date.month}月{date.day}日"
        else:
            ds = f"平成{date.year - 1988}年{date.month}月{date.day}日"
        if dm.group("wd"):
            wd = dm.group("wd")
            ds += re.sub(r"[月火水木金土日]", WEEKDAYS[date.weekday()], wd)
        lines[self.date_idx] = line[: dm.start()] + ds + line[dm.end():]
        # Body: shuffle each run of blocks, keeping the blank lines where they were.
        out = lines[: self.body_start]
        for kind, x in self.items:
            if kind == "line":
                out.append(lines[x])
                continue
            cores, tails = [], []
            for b in x:
                n = len(b)
                while n > 1 and not lines[b[n - 1]].strip():
                    n -= 1
                cores.append([lines[j] for j in b[:n]])
                tails.append([lines[j] for j in b[n:]])
            order = list(range(len(cores)))
            rng.shuffle(order)
            for pos, k in enumerate(order):
                out.extend(cores[k])
                out.extend(tails[pos])
        return "\n".join(out).encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--committees", type=int, default=20)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--samples", default=os.path.join(here, "..", "data", "corpus"))
    ap.add_argument("--force", action="store_true", help="regenerate even if OUT_DIR matches")
    a = ap.parse_args()

    target = int(a.size_mb * 1_000_000)
    meta_path = os.path.normpath(a.out_dir) + ".gen_corpus.json"
    samples = sorted(
        os.path.join(a.samples, f) for f in os.listdir(a.samples) if f.lower().endswith(".txt")
    )
    if not samples:
        sys.exit(f"gen_corpus: no .txt samples in {a.samples}")
    # The generator's own code and the samples are part of the key: changing either regenerates.
    h = hashlib.sha256(open(os.path.abspath(__file__), "rb").read())
    for p in samples:
        h.update(open(p, "rb").read())
    params = {
        "version": GEN_VERSION,
        "size_mb": a.size_mb,
        "seed": a.seed,
        "committees": a.committees,
        "inputs_sha256": h.hexdigest()[:16],
    }
    if not a.force and os.path.isfile(meta_path) and os.path.isdir(a.out_dir):
        try:
            meta = json.load(open(meta_path))
        except ValueError:
            meta = {}
        if all(meta.get(k) == v for k, v in params.items()):
            print(f"gen_corpus: reusing {a.out_dir} ({meta['files']} files, {meta['bytes']} bytes)", file=sys.stderr)
            return
    # The record goes first: a run stopped half-way leaves no corpus that looks complete.
    if os.path.isfile(meta_path):
        os.remove(meta_path)
    if os.path.isdir(a.out_dir):
        shutil.rmtree(a.out_dir)
    os.makedirs(a.out_dir)

    templates = [Template(p) for p in samples]
    for t in templates:
        print(
            f"gen_corpus: {t.name}: {t.size} bytes, {t.blocks} remark blocks in "
            f"{t.shufflable} shufflable runs",
            file=sys.stderr,
        )
    c_count = max(1, a.committees)
    avg = sum(templates[c % len(templates)].size for c in range(c_count)) / c_count
    est_files = max(1, math.ceil(target / avg))
    per_committee = math.ceil(est_files / c_count)
    span = (DATE_END - DATE_START).days
    step = max(1, span // per_committee)

    # Committee c: sample c % len(samples); its name is the sample's committee, with 第n分科会
    # appended when an earlier committee already has that name (two samples may share one).
    suffixes = []
    seen = {}
    for c in range(c_count):
        base = templates[c % len(templates)].committee
        n = seen.get(base, 0)
        seen[base] = n + 1
        suffixes.append(f"第{n}分科会" if n else "")

    total = 0
    i = 0
    while total < target:
        c = i % c_count
        k = i // c_count
        t = templates[c % len(templates)]
        suffix = suffixes[c]
        rng = random.Random(f"{a.seed}:{i}")
        date = DATE_START + datetime.timedelta(days=k * step + (c * 7) % step)
        data = t.render(rng, suffix, k + 1, date, western=(i % 3 == 2))
        with open(os.path.join(a.out_dir, f"m{i:06d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        i += 1
    params.update({"files": i, "bytes": total})
    with open(meta_path, "w") as f:
        json.dump(params, f)
    print(f"gen_corpus: wrote {i} files, {total} bytes ({total / 1e6:.1f} MB) to {a.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
