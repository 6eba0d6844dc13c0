"""Browser test of report.html's interactive section (src/output/report_app.js).

Runs `kaigi run -q --out <tmp>/reports` from the repository root (binary from $KAIGI_BIN, else
target/release/kaigi), or takes an existing page from $KAIGI_REPORT_HTML, opens it from file://
in headless Chromium through Selenium and drives it by clicks and typing: heatmap cell, trend
point, theme filter, date filter, speaker filter, table sorting. Needs /usr/bin/chromium,
/usr/bin/chromedriver (Debian: chromium-driver) and the Python packages selenium and pytest;
it fails, never skips, when one is missing.
"""

import json
import os
import pathlib
import subprocess

import pytest

os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must never download anything

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import ElementClickInterceptedException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PANEL_CAP = 200

# Everything shown for each div.remark of the remarks panel, read in one round trip.
READ_REMARKS = """
return Array.from(document.querySelectorAll('#remarks-panel div.remark')).map((r) => {
  const t = (sel) => { const e = r.querySelector(sel); return e ? e.textContent.trim() : ''; };
  return {meeting: r.dataset.meeting, themes: (r.dataset.themes || '').split(' '),
          date: t('span.date'), committee: t('span.committee'), speaker: t('span.speaker'),
          label: t('span.label'), role: t('span.role'), seq: t('span.seq'),
          hits: Array.from(r.querySelectorAll('mark.hit')).map((m) => m.textContent),
          visible: r.offsetParent !== null};
});
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    given = os.environ.get("KAIGI_REPORT_HTML")
    if given:
        page = pathlib.Path(given).resolve()
        assert page.is_file(), f"KAIGI_REPORT_HTML={given} is not a file"
        return page
    kaigi = os.environ.get("KAIGI_BIN", str(REPO / "target" / "release" / "kaigi"))
    assert os.access(kaigi, os.X_OK), f"kaigi binary {kaigi} missing: build it (cargo build --release) or set KAIGI_BIN"
    out = tmp_path_factory.mktemp("kaigi") / "reports"
    run = subprocess.run([kaigi, "run", "-q", "--out", str(out)], cwd=REPO,
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, f"kaigi run failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    page = out / "report.html"
    assert page.is_file(), f"kaigi run wrote no {page}"
    return page


@pytest.fixture(scope="module")
def driver():
    for path in (CHROMIUM, CHROMEDRIVER):
        assert os.access(path, os.X_OK), f"{path} missing: apt-get install chromium chromium-driver"
    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--window-size=1400,1000", "--lang=en-US"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    yield drv
    drv.quit()


@pytest.fixture
def page(driver, report):
    """The report, freshly loaded, with its data; after the test: no console errors, no loads."""
    driver.get(report.as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#explore #remarks-panel"))
    data = driver.execute_script("return JSON.parse(document.getElementById('kaigi-data').textContent)")
    yield driver, data
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert not errors, f"console errors: {errors}"
    loads = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert all(u.startswith(("data:", "file:")) for u in loads), f"page loaded {loads}"


def click(drv, el):
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def remarks(drv):
    return drv.execute_script(READ_REMARKS)


def panel_text(drv):
    return drv.find_element(By.ID, "remarks-panel").text


def wait_panel(drv, before=None):
    """Waits until the panel shows a selection (and, if given, a title other than `before`)."""
    def ready(d):
        t = d.find_elements(By.CSS_SELECTOR, "#remarks-panel .panel-title")
        return t and (before is None or t[0].text != before)
    WebDriverWait(drv, 10).until(ready)
    return drv.find_element(By.CSS_SELECTOR, "#remarks-panel .panel-title").text


def check_remark_shown(r):
    assert r["visible"], r
    assert r["speaker"] and r["role"] and r["date"] and r["seq"], f"remark without speaker/role/date/seq: {r}"
    assert r["hits"] and all(h.strip() for h in r["hits"]), f"remark without a mark.hit: {r}"


def check_caps(drv, data, expected):
    """The panel shows min(expected, cap) remarks, and says so when capped or when remarks are left out."""
    shown = remarks(drv)
    assert len(shown) == min(expected, PANEL_CAP), (len(shown), expected)
    text = panel_text(drv)
    if expected > PANEL_CAP:
        assert f"{PANEL_CAP} of {expected}" in text, text
    if data["remarks_embedded"] < data["remarks_with_hits"]:
        assert f"{data['remarks_embedded']:,}" in text and f"{data['remarks_with_hits']:,}" in text, text
    return shown


def embedded(data, meetings, theme_idx):
    return [r for r in data["remarks"] if r["m"] in meetings and theme_idx in r["themes"]]


def theme_index(data, theme_id):
    return [t["id"] for t in data["themes"]].index(theme_id)


def open_busiest_cell(drv, data):
    cells = [c for c in drv.find_elements(By.CSS_SELECTOR, "#heatmap td.cell") if int(c.get_attribute("data-hits")) > 0]
    assert cells, "no heatmap cell with hits"
    cell = max(cells, key=lambda c: int(c.get_attribute("data-remarks")))
    info = {k: cell.get_attribute(f"data-{k}") for k in ("theme", "body", "hits", "remarks")}
    click(drv, cell)
    wait_panel(drv)
    return info


def test_heatmap_cell_lists_its_remarks(page):
    drv, data = page
    info = open_busiest_cell(drv, data)
    n = int(info["remarks"])
    assert n >= 1, f"busiest cell {info} has no embedded remark"
    t = theme_index(data, info["theme"])
    body_meetings = {i for i, m in enumerate(data["meetings"]) if m["committee"] == info["body"]}
    assert n == len(embedded(data, body_meetings, t)), info
    title = drv.find_element(By.CSS_SELECTOR, "#remarks-panel .panel-title").text
    assert data["themes"][t]["label"] in title and info["body"] in title and f"{n} remarks" in title, title
    shown = check_caps(drv, data, n)
    ids = {data["meetings"][i]["id"] for i in body_meetings}
    for r in shown:
        check_remark_shown(r)
        assert r["meeting"] in ids and info["theme"] in r["themes"], r
        assert r["committee"].startswith(info["body"]), r


def test_trend_point_lists_that_meetings_remarks(page):
    drv, data = page
    points = [p for p in drv.find_elements(By.CSS_SELECTOR, "#trend circle.point") if int(p.get_attribute("data-hits")) > 0]
    assert points, "no trend point with hits"
    points.sort(key=lambda p: -int(p.get_attribute("data-hits")))
    for p in points:  # points can sit on top of each other: take the first one that is clickable
        meeting, theme = p.get_attribute("data-meeting"), p.get_attribute("data-theme")
        try:
            click(drv, p)  # this redraws the chart: p is stale from here on
            break
        except ElementClickInterceptedException:
            continue
    else:
        pytest.fail("no trend point with hits could be clicked")
    wait_panel(drv)
    m = [x["id"] for x in data["meetings"]].index(meeting)
    want = embedded(data, {m}, theme_index(data, theme))
    shown = check_caps(drv, data, len(want))
    assert shown or data["remarks_embedded"] < data["remarks_with_hits"], "point with hits but no remark"
    for r in shown:
        check_remark_shown(r)
        assert r["meeting"] == meeting and theme in r["themes"], (meeting, theme, r)
        assert r["date"] == data["meetings"][m]["date"], r


def test_theme_filter(page):
    drv, data = page
    hits = {}
    for _m, t, h, _rw in data["counts"]:
        hits[t] = hits.get(t, 0) + h
    # the theme with the fewest hits (but some): the least likely to be what is shown anyway
    t = min(hits, key=lambda k: (hits[k], k))
    theme = data["themes"][t]
    Select(drv.find_element(By.ID, "filter-theme")).select_by_value(theme["id"])
    cells = drv.find_elements(By.CSS_SELECTOR, "#heatmap td.cell")
    assert cells and {c.get_attribute("data-theme") for c in cells} == {theme["id"]}
    assert sum(int(c.get_attribute("data-hits")) for c in cells) == hits[t]
    rows = drv.find_elements(By.CSS_SELECTOR, "#counts-table tbody tr")
    assert rows and {r.get_attribute("data-theme") for r in rows} == {theme["id"]}
    labels = drv.execute_script("return Array.from(document.querySelectorAll('#counts-table td[data-key=theme]')).map((e) => e.textContent)")
    assert set(labels) == {theme["label"]}
    assert len(rows) == min(500, sum(1 for c in data["counts"] if c[1] == t))
    assert {p.get_attribute("data-theme") for p in drv.find_elements(By.CSS_SELECTOR, "#trend circle.point")} <= {theme["id"]}


def type_date(drv, el_id, iso):
    """Types a date as a person would (Chromium with --lang=en-US shows mm/dd/yyyy)."""
    el = drv.find_element(By.ID, el_id)
    click(drv, el)
    el.send_keys(iso[5:7] + iso[8:10] + iso[0:4])
    assert el.get_attribute("value") == iso, (el_id, el.get_attribute("value"), iso)


def test_date_filter(page):
    drv, data = page
    dates = sorted({m["date"] for m in data["meetings"] if m["date"]})
    assert len(dates) >= 3, "need meetings on at least 3 dates"
    lo, hi = dates[len(dates) // 4], dates[(3 * len(dates)) // 4]
    type_date(drv, "filter-from", lo)
    type_date(drv, "filter-until", hi)
    inside = {i for i, m in enumerate(data["meetings"]) if m["date"] and lo <= m["date"] <= hi}
    want = [c for c in data["counts"] if c[0] in inside]
    WebDriverWait(drv, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#counts-table tbody tr")) == min(500, len(want)))
    got = drv.execute_script("return Array.from(document.querySelectorAll('#counts-table td[data-key=date]')).map((e) => e.dataset.value)")
    assert got and all(lo <= d <= hi for d in got), (lo, hi, got)
    cells = drv.find_elements(By.CSS_SELECTOR, "#heatmap td.cell")
    assert sum(int(c.get_attribute("data-hits")) for c in cells) == sum(c[2] for c in want)
    for p in drv.find_elements(By.CSS_SELECTOR, "#trend circle.point"):
        m = [x["id"] for x in data["meetings"]].index(p.get_attribute("data-meeting"))
        assert m in inside, p.get_attribute("data-meeting")


def test_speaker_filter(page):
    drv, data = page
    info = open_busiest_cell(drv, data)
    before = remarks(drv)
    assert before, "busiest cell shows no remark"
    names = [r["speaker"] for r in before if r["speaker"] != "(unknown)"]
    assert names, "no named speaker among the shown remarks"
    # prefer a speaker who did not make every remark, so that the filter has something to hide
    name = min(set(names), key=lambda s: (names.count(s) == len(names), names.count(s), s))
    box = drv.find_element(By.ID, "filter-speaker")
    click(drv, box)
    box.send_keys(name)
    body_meetings = {i for i, m in enumerate(data["meetings"]) if m["committee"] == info["body"]}
    cell = embedded(data, body_meetings, theme_index(data, info["theme"]))
    want = min(PANEL_CAP, sum(1 for r in cell if name in r["speaker"] or name in r["label"]))
    WebDriverWait(drv, 10).until(lambda d: len(remarks(d)) == want)
    after = remarks(drv)
    assert after and all(name in r["speaker"] or name in r["label"] for r in after), (name, after)
    assert f"match the speaker “{name}”" in panel_text(drv)
    for r in after:
        check_remark_shown(r)


@pytest.mark.parametrize("key", ["hits", "per_10k", "date"])
def test_sort_table(page, key):
    drv, data = page
    numeric = key != "date"

    def column():
        vals = drv.execute_script(
            "return Array.from(document.querySelectorAll('#counts-table td[data-key=' + arguments[0] + ']')).map((e) => e.dataset.value)", key)
        return [float(v) for v in vals] if numeric else vals

    header = f"#counts-table th[data-sort='{key}']"
    click(drv, drv.find_element(By.CSS_SELECTOR, header))
    th = drv.find_element(By.CSS_SELECTOR, header)
    assert "asc" in th.get_attribute("class").split(), th.get_attribute("class")
    up = column()
    assert len(up) > 1 and up == sorted(up), up
    click(drv, th)
    th = drv.find_element(By.CSS_SELECTOR, header)
    assert "desc" in th.get_attribute("class").split(), th.get_attribute("class")
    down = column()
    assert down == sorted(down, reverse=True), down
    if len(data["counts"]) <= 500:
        assert sorted(up) == sorted(down)
    assert len(drv.find_elements(By.CSS_SELECTOR, "#counts-table th.asc, #counts-table th.desc")) == 1


def test_data_json_is_wellformed(page):
    _drv, data = page
    nm, nt = len(data["meetings"]), len(data["themes"])
    assert nm and nt
    assert data["remarks_embedded"] == len(data["remarks"]) <= data["remarks_with_hits"]
    for m, t, h, rw in data["counts"]:
        assert 0 <= m < nm and 0 <= t < nt and h > 0 and 0 < rw <= h
    for r in data["remarks"]:
        assert 0 <= r["m"] < nm and r["themes"]
        marked = set()
        for _text, th in r["frags"]:
            marked |= {i for i in (th if isinstance(th, list) else [th]) if i >= 0}
        assert marked == set(r["themes"]), f"remark's themes and marked fragments differ: {r}"
    print(json.dumps({"meetings": nm, "themes": nt, "remarks": len(data["remarks"])}))


HOSTILE = '<img src=x onerror="document.title=\'pwned\'"></script><b>x'


def test_hostile_theme_labels_show_as_text(driver, tmp_path):
    """A theme label with markup (and a `</script>`) is shown as text: no element, no script."""
    if os.environ.get("KAIGI_REPORT_HTML"):
        pytest.skip("needs the kaigi binary to make a report with a crafted theme file")
    kaigi = os.environ.get("KAIGI_BIN", str(REPO / "target" / "release" / "kaigi"))
    themes = tmp_path / "themes.toml"
    label = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    themes.write_text(f'[[theme]]\nid = "sec"\nlabel = "{label}"\nterms = ["セキュリティ"]\n', "utf-8")
    out = tmp_path / "reports"
    run = subprocess.run([kaigi, "run", "-q", "--themes", str(themes), "--out", str(out)], cwd=REPO,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    driver.get((out / "report.html").as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#heatmap td.cell"))
    cells = [c for c in driver.find_elements(By.CSS_SELECTOR, "#heatmap td.cell") if int(c.get_attribute("data-hits")) > 0]
    click(driver, cells[0])
    wait_panel(driver)
    assert driver.title != "pwned"
    assert not driver.find_elements(By.CSS_SELECTOR, "#explore img, #explore b")
    assert HOSTILE in driver.execute_script("return document.getElementById('explore').textContent")
