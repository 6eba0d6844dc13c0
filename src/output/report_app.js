/* kaigi report explorer (inlined into report.html; vanilla ES2017, no libraries, no network).
 *
 * Takes: the JSON text of the element #kaigi-data (a script of type application/json):
 *   themes [{id, label, shown}], meetings [{id, committee, parent, date, session, tokens,
 *   remarks, source}], counts [[meetingIdx, themeIdx, hits, remarksWith]] (cells with hits > 0),
 *   remarks [{m, seq, speaker, label, role, themes, frags: [[text, themeIdx or -1 (or an
 *   array of themeIdx where hits of several themes overlap)]]}],
 *   remarks_with_hits, remarks_embedded, title.
 * Gives: inside <section id="explore">: a filters bar (#filter-theme, #filter-body,
 *   #filter-speaker, #filter-from, #filter-until), a heatmap of rates per committee and theme
 *   (#heatmap td.cell), a trend chart drawn as inline SVG (#trend circle.point), a sortable
 *   table of counts (#counts-table, th[data-sort]) and a remarks panel (#remarks-panel
 *   div.remark) with each hit marked. Rates are hits per 10,000 tokens. Data only ever reaches
 *   the page through textContent and setAttribute.
 */
(function () {
  'use strict';
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();

  function start() {
    const root = document.getElementById('explore');
    const src = document.getElementById('kaigi-data');
    if (!root || !src) return;
    const D = JSON.parse(src.textContent);
    const T = D.themes || [], M = D.meetings || [], R = D.remarks || [];
    const nT = T.length;
    const PANEL_CAP = 200, TABLE_CAP = 500, SERIES_CAP = 6;
    const COLOURS = ['#2b6cb0', '#c05621', '#2f855a', '#b83280', '#6b46c1', '#b7791f'];
    // The SVG namespace, read from a parsed static element (keeps URLs out of the page source).
    const SVGNS = (function () {
      const d = document.createElement('div');
      d.innerHTML = '<svg/>';
      return d.firstChild.namespaceURI;
    })();

    // ---- indexes -------------------------------------------------------------------------
    const cnt = new Map(); // meetingIdx * nT + themeIdx -> [hits, remarksWith]
    for (const c of D.counts || []) cnt.set(c[0] * nT + c[1], [c[2], c[3]]);
    const remByMeeting = M.map(() => []);
    const remCnt = new Map(); // meetingIdx * nT + themeIdx -> embedded remarks with that theme
    for (const r of R) {
      if (!remByMeeting[r.m]) continue;
      remByMeeting[r.m].push(r);
      for (const t of r.themes) remCnt.set(r.m * nT + t, (remCnt.get(r.m * nT + t) || 0) + 1);
    }
    remByMeeting.forEach((list) => list.sort((a, b) => a.seq - b.seq));
    const themeIdx = new Map(T.map((t, i) => [t.id, i]));
    const bodies = Array.from(new Set(M.map((m) => m.committee))).sort();
    const dates = M.map((m) => m.date).filter(Boolean).sort();
    const capped = (D.remarks_embedded || 0) < (D.remarks_with_hits || 0);

    const st = { theme: '', body: '', speaker: '', from: '', until: '', sortKey: null, sortDir: 1, sel: null };

    // ---- small helpers -------------------------------------------------------------------
    function put(e, attrs, kids) {
      for (const k in attrs || {}) {
        const v = attrs[k];
        if (v === null || v === undefined) continue;
        if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v);
      }
      for (const c of kids) if (c !== null && c !== undefined) e.append(c);
      return e;
    }
    const el = (tag, attrs, ...kids) => put(document.createElement(tag), attrs, kids);
    const sv = (tag, attrs, ...kids) => put(document.createElementNS(SVGNS, tag), attrs, kids);
    const rate = (hits, tokens) => (tokens > 0 ? (hits / tokens) * 10000 : 0);
    const fmt1 = (x) => x.toFixed(1);
    const fmtInt = (x) => Number(x).toLocaleString('en-US');
    const dayMs = (d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
    const meetingName = (m) =>
      (m.date || 'undated') + ' ' + m.committee + (m.session !== null && m.session !== undefined ? ' (第' + m.session + '回)' : '');

    // ---- the static frame ----------------------------------------------------------------
    const themeOrder = T.map((t, i) => i).sort((a, b) => (T[b].shown ? 1 : 0) - (T[a].shown ? 1 : 0) || a - b);
    const fTheme = el('select', { id: 'filter-theme' }, el('option', { value: '', text: 'all themes' }),
      ...themeOrder.map((i) => el('option', { value: T[i].id, text: T[i].label })));
    const fBody = el('select', { id: 'filter-body' }, el('option', { value: '', text: 'all bodies' }),
      ...bodies.map((b) => el('option', { value: b, text: b })));
    const fSpeaker = el('input', { id: 'filter-speaker', type: 'search', placeholder: 'name or label' });
    const dateAttrs = { type: 'date', min: dates[0], max: dates[dates.length - 1] };
    const fFrom = el('input', Object.assign({ id: 'filter-from' }, dateAttrs));
    const fUntil = el('input', Object.assign({ id: 'filter-until' }, dateAttrs));
    const reset = el('button', { type: 'button', id: 'filter-reset', text: 'reset' });
    const lab = (text, input, note) => el('label', null, el('span', { class: 'lab', text: text }), input, note || null);
    const heat = el('div', { id: 'heatmap' });
    const trend = el('div', { id: 'trend' });
    const countsNote = el('p', { class: 'note', id: 'counts-note' });
    const tbody = el('tbody');
    const COLS = [
      { key: 'date', label: 'date' }, { key: 'committee', label: 'committee' },
      { key: 'session', label: 'session', num: true }, { key: 'theme', label: 'theme' },
      { key: 'hits', label: 'hits', num: true }, { key: 'remarks_with', label: 'remarks_with', num: true },
      { key: 'tokens', label: 'tokens', num: true }, { key: 'per_10k', label: 'per_10k', num: true },
    ];
    const ths = COLS.map((c) => el('th', { 'data-sort': c.key, class: c.num ? 'n' : null, title: 'sort by ' + c.label, text: c.label, onclick: () => sortBy(c.key) }));
    const table = el('table', { id: 'counts-table' }, el('thead', null, el('tr', null, ...ths)), tbody);
    const panel = el('div', { id: 'remarks-panel', 'aria-live': 'polite' });

    root.textContent = '';
    root.append(
      el('h2', { text: 'Explore' }),
      el('p', { class: 'note', text: 'Filter, then click a heatmap cell, a chart point or a table row to read the remarks behind it. Rates are hits per 10,000 tokens.' }),
      el('div', { class: 'filters' },
        lab('theme', fTheme), lab('body', fBody),
        lab('speaker', fSpeaker, el('small', { class: 'note', text: 'filters the remark list only' })),
        lab('from', fFrom), lab('until', fUntil), reset,
        el('small', { class: 'note', text: 'With a date set, undated meetings are left out.' })),
      el('div', { class: 'explore-grid' },
        el('div', { class: 'explore-main' },
          el('h3', { text: 'Rate per committee and theme' }), heat,
          el('h3', { text: 'Trend by meeting date' }), trend,
          el('h3', { text: 'Counts per meeting and theme' }), countsNote,
          el('div', { class: 'explore-scroll' }, table)),
        el('aside', { class: 'explore-side' }, panel)));

    fTheme.addEventListener('change', () => { st.theme = fTheme.value; renderAll(); });
    fBody.addEventListener('change', () => { st.body = fBody.value; renderAll(); });
    fSpeaker.addEventListener('input', () => { st.speaker = fSpeaker.value; renderPanel(view()); });
    for (const [inp, key] of [[fFrom, 'from'], [fUntil, 'until']]) {
      const on = () => { if (st[key] !== inp.value) { st[key] = inp.value; renderAll(); } };
      inp.addEventListener('change', on);
      inp.addEventListener('input', on);
    }
    reset.addEventListener('click', () => {
      fTheme.value = fBody.value = fSpeaker.value = fFrom.value = fUntil.value = '';
      Object.assign(st, { theme: '', body: '', speaker: '', from: '', until: '', sel: null });
      renderAll();
    });

    // ---- the filtered view ---------------------------------------------------------------
    function view() {
      const ms = [];
      const inM = new Uint8Array(M.length);
      M.forEach((m, i) => {
        if (st.body && m.committee !== st.body) return;
        if ((st.from || st.until) && !m.date) return;
        if (st.from && m.date < st.from) return;
        if (st.until && m.date > st.until) return;
        ms.push(i);
        inM[i] = 1;
      });
      const themeHits = new Array(nT).fill(0);
      for (const c of D.counts || []) if (inM[c[0]]) themeHits[c[1]] += c[2];
      const chosen = st.theme && themeIdx.has(st.theme) ? themeIdx.get(st.theme) : -1;
      const cols = chosen >= 0 ? [chosen] : themeOrder.filter((t) => themeHits[t] > 0);
      return { ms, inM, themeHits, chosen, cols };
    }

    function renderAll() {
      const v = view();
      const s = st.sel;
      if (s && ((v.chosen >= 0 && s.t !== v.chosen) || (s.kind === 'cell' && st.body && s.body !== st.body) ||
        (s.kind === 'meeting' && !v.inM[s.m]))) st.sel = null;
      renderHeatmap(v);
      renderTrend(v);
      renderTable(v);
      renderPanel(v);
    }

    function select(sel) {
      st.sel = sel;
      renderAll();
      panel.scrollIntoView({ block: 'nearest' });
    }

    // ---- heatmap -------------------------------------------------------------------------
    function renderHeatmap(v) {
      heat.textContent = '';
      if (!v.ms.length) { heat.append(el('p', { class: 'empty', text: 'No meeting matches the filters.' })); return; }
      if (!v.cols.length) { heat.append(el('p', { class: 'empty', text: 'No theme has hits in these meetings.' })); return; }
      const rows = bodies.filter((b) => v.ms.some((m) => M[m].committee === b)).map((b) => {
        const ms = v.ms.filter((m) => M[m].committee === b);
        const tokens = ms.reduce((s, m) => s + (M[m].tokens || 0), 0);
        const cells = v.cols.map((t) => {
          let hits = 0, rw = 0, emb = 0;
          for (const m of ms) {
            const c = cnt.get(m * nT + t);
            if (c) { hits += c[0]; rw += c[1]; }
            emb += remCnt.get(m * nT + t) || 0;
          }
          return { t, hits, rw, emb, r: rate(hits, tokens) };
        });
        return { b, ms, tokens, cells };
      });
      const colMax = v.cols.map((_, j) => Math.max(0, ...rows.map((r) => r.cells[j].r)));
      const head = el('tr', null, el('th', { text: 'committee' }),
        ...v.cols.map((t) => el('th', { class: 'theme', title: T[t].label + ' (' + T[t].id + ')', text: T[t].label })));
      const trs = rows.map((row) => el('tr', null,
        el('th', { class: 'body', title: row.ms.length + ' meetings, ' + fmtInt(row.tokens) + ' tokens', text: row.b }),
        ...row.cells.map((c, j) => {
          const f = colMax[j] > 0 ? c.r / colMax[j] : 0;
          const sel = st.sel && st.sel.kind === 'cell' && st.sel.body === row.b && st.sel.t === c.t;
          return el('td', {
            class: 'cell' + (f > 0.55 ? ' dark' : '') + (c.hits ? '' : ' zero') + (sel ? ' sel' : ''),
            'data-theme': T[c.t].id, 'data-body': row.b, 'data-hits': c.hits, 'data-remarks': c.emb,
            style: c.hits ? 'background-color: rgba(43, 108, 176, ' + (0.08 + 0.82 * f).toFixed(3) + ')' : null,
            title: T[c.t].label + ' — ' + row.b + '\nhits ' + c.hits + ' / tokens ' + fmtInt(row.tokens) +
              ' / meetings ' + row.ms.length + '\nremarks with hits ' + c.rw + (capped ? ' (' + c.emb + ' embedded)' : ''),
            text: fmt1(c.r),
            onclick: () => select({ kind: 'cell', body: row.b, t: c.t }),
          });
        })));
      heat.append(el('div', { class: 'explore-scroll' }, el('table', null, el('thead', null, head), el('tbody', null, ...trs))),
        el('p', { class: 'note', text: 'Hits per 10,000 tokens over the filtered meetings of each committee; colour is scaled per theme (column).' }));
    }

    // ---- trend chart ---------------------------------------------------------------------
    function niceStep(raw) {
      const p = Math.pow(10, Math.floor(Math.log10(raw)));
      for (const k of [1, 2, 5, 10]) if (k * p >= raw) return k * p;
      return 10 * p;
    }

    function renderTrend(v) {
      trend.textContent = '';
      const dated = v.ms.filter((m) => M[m].date);
      const undated = v.ms.length - dated.length;
      const series = v.chosen >= 0 ? [v.chosen]
        : v.cols.slice().sort((a, b) => v.themeHits[b] - v.themeHits[a] || a - b).slice(0, SERIES_CAP);
      if (!dated.length || !series.length) {
        trend.append(el('p', { class: 'empty', text: dated.length ? 'No theme has hits in these meetings.' : 'No dated meeting matches the filters.' }));
        if (undated) trend.append(el('p', { class: 'note', text: undated + ' undated meeting(s) cannot be placed on the time axis.' }));
        return;
      }
      dated.sort((a, b) => (M[a].date < M[b].date ? -1 : M[a].date > M[b].date ? 1 : a - b));
      const W = 900, H = 320, L = 52, Rm = 16, Tm = 14, B = 40;
      let x0 = dayMs(M[dated[0]].date), x1 = dayMs(M[dated[dated.length - 1]].date);
      if (x1 - x0 < 864e5 * 60) { x0 -= 864e5 * 30; x1 += 864e5 * 30; }
      const pts = series.map((t) => dated.map((m) => {
        const c = cnt.get(m * nT + t);
        const hits = c ? c[0] : 0;
        return { m, t, hits, r: rate(hits, M[m].tokens) };
      }));
      const yMax = Math.max(0, ...pts.map((s) => Math.max(...s.map((p) => p.r))));
      const step = yMax > 0 ? niceStep(yMax / 4) : 1;
      const yTop = yMax > 0 ? Math.ceil(yMax / step) * step : 4;
      const X = (ms) => L + ((ms - x0) / (x1 - x0)) * (W - L - Rm);
      const Y = (r) => H - B - (r / yTop) * (H - B - Tm);
      const svg = sv('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'rate per 10,000 tokens by meeting date' });
      // y axis and grid
      for (let r = 0; r <= yTop + 1e-9; r += step) {
        svg.append(sv('line', { class: 'grid', x1: L, x2: W - Rm, y1: Y(r), y2: Y(r) }),
          sv('text', { class: 'tick', x: L - 6, y: Y(r) + 4, 'text-anchor': 'end', text: +r.toFixed(3) + '' }));
      }
      svg.append(sv('text', { class: 'axis-label', x: 12, y: Tm + (H - B - Tm) / 2, transform: 'rotate(-90 12 ' + (Tm + (H - B - Tm) / 2) + ')', 'text-anchor': 'middle', text: 'per 10k tokens' }));
      // x axis: January of each year (every 2nd year when there are many), else the two ends
      const y0 = new Date(x0).getUTCFullYear(), y1 = new Date(x1).getUTCFullYear();
      let ticks = [];
      const every = y1 - y0 > 8 ? 2 : 1;
      for (let y = y0; y <= y1; y += every) { const ms = Date.UTC(y, 0, 1); if (ms >= x0 && ms <= x1) ticks.push([ms, String(y)]); }
      if (ticks.length < 2) ticks = [[x0, new Date(x0).toISOString().slice(0, 10)], [x1, new Date(x1).toISOString().slice(0, 10)]];
      svg.append(sv('line', { class: 'axis', x1: L, x2: W - Rm, y1: H - B, y2: H - B }),
        sv('line', { class: 'axis', x1: L, x2: L, y1: Tm, y2: H - B }));
      for (const [ms, label] of ticks) {
        svg.append(sv('line', { class: 'axis', x1: X(ms), x2: X(ms), y1: H - B, y2: H - B + 5 }),
          sv('text', { class: 'tick', x: X(ms), y: H - B + 18, 'text-anchor': 'middle', text: label }));
      }
      // series: a line, then one point per meeting
      const legend = el('div', { class: 'legend' });
      pts.forEach((s, k) => {
        const colour = COLOURS[k % COLOURS.length];
        const t = series[k];
        svg.append(sv('polyline', { class: 'series', stroke: colour, points: s.map((p) => X(dayMs(M[p.m].date)).toFixed(1) + ',' + Y(p.r).toFixed(1)).join(' ') }));
        legend.append(el('span', { class: 'key' }, el('span', { class: 'swatch', style: 'background-color: ' + colour }), T[t].label));
      });
      // zero-hit points first, so that they never cover a point with hits
      for (const zero of [true, false]) pts.forEach((s, k) => {
        const colour = COLOURS[k % COLOURS.length];
        for (const p of s) {
          if (!p.hits !== zero) continue;
          const m = M[p.m];
          const sel = st.sel && st.sel.kind === 'meeting' && st.sel.m === p.m && st.sel.t === p.t;
          svg.append(sv('circle', {
            class: 'point' + (p.hits ? '' : ' zero') + (sel ? ' sel' : ''), cx: X(dayMs(m.date)).toFixed(1), cy: Y(p.r).toFixed(1),
            r: p.hits ? 4.5 : 2.5, fill: colour, 'data-meeting': m.id, 'data-theme': T[p.t].id, 'data-hits': p.hits,
            onclick: () => select({ kind: 'meeting', m: p.m, t: p.t }),
          }, sv('title', { text: meetingName(m) + '\n' + T[p.t].label + ': ' + p.hits + ' hits, ' + fmt1(p.r) + ' per 10k' })));
        }
      });
      trend.append(svg, legend);
      const notes = [];
      if (v.chosen < 0 && v.cols.length > series.length) notes.push('Showing the ' + series.length + ' themes with the most hits; choose a theme to see another.');
      if (undated) notes.push(undated + ' undated meeting(s) are left out of the chart.');
      if (notes.length) trend.append(el('p', { class: 'note', text: notes.join(' ') }));
    }

    // ---- counts table --------------------------------------------------------------------
    function sortBy(key) {
      if (st.sortKey === key) st.sortDir = -st.sortDir;
      else { st.sortKey = key; st.sortDir = 1; }
      renderTable(view());
    }

    function renderTable(v) {
      const rows = [];
      for (const c of D.counts || []) {
        if (!v.inM[c[0]] || (v.chosen >= 0 && c[1] !== v.chosen) || c[2] <= 0) continue;
        const m = M[c[0]];
        rows.push({ m: c[0], t: c[1], date: m.date || '', committee: m.committee, session: m.session === undefined ? null : m.session,
          theme: T[c[1]].label, hits: c[2], remarks_with: c[3], tokens: m.tokens, per_10k: rate(c[2], m.tokens) });
      }
      if (st.sortKey) {
        const k = st.sortKey, d = st.sortDir, num = COLS.find((c) => c.key === k).num;
        const val = (r) => (num ? (r[k] === null ? -Infinity : r[k]) : String(r[k]));
        rows.sort((a, b) => { const x = val(a), y = val(b); return (x < y ? -1 : x > y ? 1 : 0) * d; });
      }
      ths.forEach((th) => th.classList.toggle('asc', th.dataset.sort === st.sortKey && st.sortDir > 0));
      ths.forEach((th) => th.classList.toggle('desc', th.dataset.sort === st.sortKey && st.sortDir < 0));
      tbody.textContent = '';
      for (const r of rows.slice(0, TABLE_CAP)) {
        const sel = st.sel && st.sel.kind === 'meeting' && st.sel.m === r.m && st.sel.t === r.t;
        tbody.append(el('tr', { 'data-meeting': M[r.m].id, 'data-theme': T[r.t].id, class: sel ? 'sel' : null, title: 'show the remarks', onclick: () => select({ kind: 'meeting', m: r.m, t: r.t }) },
          ...COLS.map((c) => {
            const x = r[c.key];
            const text = x === null ? '' : c.key === 'date' && !x ? '(undated)' : c.key === 'per_10k' ? x.toFixed(2) : c.key === 'tokens' ? fmtInt(x) : String(x);
            return el('td', { 'data-key': c.key, 'data-value': x === null ? '' : String(x), class: c.num ? 'n' : null, text: text });
          })));
      }
      countsNote.textContent = rows.length > TABLE_CAP ? 'showing ' + TABLE_CAP + ' of ' + rows.length + ' rows (sort or filter to see others).'
        : rows.length + ' rows (meeting × theme with hits). Click a header to sort, a row to read its remarks.';
    }

    // ---- remarks panel -------------------------------------------------------------------
    function renderPanel(v) {
      panel.textContent = '';
      panel.append(el('h3', { text: 'Remarks' }));
      if (capped) {
        panel.append(el('p', { class: 'note embedded-cap', text: 'This page embeds ' + fmtInt(D.remarks_embedded) + ' of the ' + fmtInt(D.remarks_with_hits) +
          ' remarks with hits (the page size is capped), so remark lists may be incomplete; counts and rates cover every remark.' }));
      }
      const s = st.sel;
      if (!s) { panel.append(el('p', { class: 'empty', text: 'Click a heatmap cell, a chart point or a table row to list its remarks here.' })); return; }
      const ms = s.kind === 'cell' ? v.ms.filter((m) => M[m].committee === s.body) : (v.inM[s.m] ? [s.m] : []);
      const all = [];
      let total = 0; // remarks with hits, embedded or not
      for (const m of ms) {
        for (const r of remByMeeting[m]) if (r.themes.includes(s.t)) all.push(r);
        total += (cnt.get(m * nT + s.t) || [0, 0])[1];
      }
      const q = st.speaker.trim();
      const shown = q ? all.filter((r) => (r.speaker || '').includes(q) || (r.label || '').includes(q)) : all;
      const what = s.kind === 'cell' ? s.body : meetingName(M[s.m]);
      panel.append(el('p', { class: 'panel-title', text: T[s.t].label + ' — ' + what + ' — ' + all.length + ' remarks' +
        (all.length < total ? ' (of ' + total + ' with hits; the others are not embedded in this page)' : '') }));
      if (q) panel.append(el('p', { class: 'note speaker-note', text: shown.length + ' of ' + all.length + ' remarks match the speaker “' + q + '”.' }));
      if (shown.length > PANEL_CAP) panel.append(el('p', { class: 'note render-cap', text: 'Showing the first ' + PANEL_CAP + ' of ' + shown.length + ' remarks.' }));
      const list = el('div', { class: 'remarks' });
      for (const r of shown.slice(0, PANEL_CAP)) list.append(remarkEl(r, s.t));
      panel.append(list);
    }

    function remarkEl(r, t) {
      const m = M[r.m];
      const text = el('div', { class: 'text' });
      for (const [frag, th] of r.frags) {
        // th: a theme index, -1 for plain text, or an array of theme indices (overlapping hits)
        const tis = (Array.isArray(th) ? th : [th]).filter((i) => i >= 0 && T[i]);
        if (!tis.length) text.append(frag);
        else text.append(el('mark', { class: tis.includes(t) ? 'hit' : 'other', title: tis.map((i) => T[i].label).join(', '), text: frag }));
      }
      return el('div', { class: 'remark', 'data-meeting': m.id, 'data-themes': r.themes.map((i) => (T[i] ? T[i].id : '')).join(' '), 'data-seq': r.seq },
        el('div', { class: 'meta' },
          el('span', { class: 'date', text: m.date || 'undated' }),
          el('span', { class: 'committee', title: m.parent || '', text: m.committee + (m.session !== null && m.session !== undefined ? ' 第' + m.session + '回' : '') }),
          el('span', { class: 'speaker', text: r.speaker || r.label || '(unknown)' }),
          r.label && r.label !== r.speaker ? el('span', { class: 'label', text: r.label }) : null,
          el('span', { class: 'role', text: r.role || 'unknown' }),
          el('span', { class: 'seq', title: 'remark number in ' + (m.source || 'the meeting'), text: '#' + r.seq })),
        text);
    }

    renderAll();
  }
})();
