// The Sluice web UI: polls the JSON API once a second and redraws small SVG line charts. No dependencies.
'use strict';
const Sluice = (() => {
  const colors = ['#2f6db5', '#d9822b', '#1a7f37', '#b42318', '#7a4cc2', '#777'];
  const fmt = v => v == null || Number.isNaN(v) ? '' : (Math.abs(v) >= 100 || Number.isInteger(+v) ? Math.round(v).toLocaleString('en') : (+v).toFixed(1));
  const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const getJson = async url => { const r = await fetch(url, { cache: 'no-store' }); if (!r.ok) throw new Error(url + ': ' + r.status); return r.json(); };
  const every = (ms, f) => { const tick = () => f().catch(e => console.warn(e)).finally(() => setTimeout(tick, ms)); tick(); };

  // series: [{ name, points: [[x, y], ...] }]; draws lines into the chart element, replacing the old drawing.
  function draw(el, series) {
    const w = 440, h = 150, pad = 34;
    const all = series.flatMap(s => s.points);
    let svg = `<svg viewBox="0 0 ${w} ${h + 10}" data-points="${all.length}">`;
    if (all.length > 0) {
      const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
      const x0 = Math.min(...xs), x1 = Math.max(...xs) || 1, y1 = Math.max(...ys, 1);
      const sx = x => pad + (x1 === x0 ? 0 : (x - x0) / (x1 - x0)) * (w - pad - 6);
      const sy = y => h - (y / y1) * (h - 10);
      svg += `<line x1="${pad}" y1="${h}" x2="${w}" y2="${h}" stroke="#bbb"/><text x="2" y="12" font-size="10">${fmt(y1)}</text><text x="2" y="${h}" font-size="10">0</text>`;
      series.forEach((s, i) => {
        if (s.points.length === 0) return;
        const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
        svg += `<path d="${d}" fill="none" stroke="${colors[i % colors.length]}" stroke-width="1.6"/>`;
      });
    }
    svg += '</svg>';
    const legend = '<div class="legend">' + series.map((s, i) => `<span style="color:${colors[i % colors.length]}">&#9632; ${esc(s.name)}</span>`).join('') + '</div>';
    el.querySelector('svg')?.remove(); el.querySelector('.legend')?.remove();
    el.insertAdjacentHTML('beforeend', svg + legend);
  }

  function queryList(tbody) {
    every(1000, async () => {
      const queries = await getJson('/api/queries');
      tbody.innerHTML = queries.map(q => {
        const p = q.lastProgress || {};
        return `<tr><td><a href="/query/${encodeURIComponent(q.id)}">${esc(q.name)}</a></td><td class="status-${esc(q.status)}">${esc(q.status)}</td>` +
          `<td>${esc(q.id)}</td><td>${esc(q.runId)}</td><td class="num">${esc(p.batchId)}</td><td class="num">${fmt(p.inputRowsPerSecond)}</td>` +
          `<td class="num">${fmt(p.processedRowsPerSecond)}</td><td>${esc(p.eventTime?.watermark)}</td><td>${esc(q.message)}</td></tr>`;
      }).join('');
    });
  }

  function queryPage(id) {
    every(1000, async () => {
      const [q, progress] = await Promise.all([getJson('/api/queries/' + encodeURIComponent(id)), getJson('/api/queries/' + encodeURIComponent(id) + '/progress')]);
      document.getElementById('title').textContent = q.name;
      document.getElementById('summary').innerHTML = `Status <b class="status-${esc(q.status)}">${esc(q.status)}</b> &middot; id ${esc(q.id)} &middot; run ${esc(q.runId)} &middot; ${esc(q.message)}`;
      const x = p => p.batchId;
      const line = (name, f) => ({ name, points: progress.map(p => [x(p), f(p)]).filter(pt => pt[1] != null && !Number.isNaN(pt[1])) });
      draw(document.getElementById('rates'), [line('input', p => p.inputRowsPerSecond), line('processed', p => p.processedRowsPerSecond)]);
      draw(document.getElementById('rows'), [line('rows', p => p.numInputRows)]);
      const phases = [...new Set(progress.flatMap(p => Object.keys(p.durationMs || {})))];
      draw(document.getElementById('durations'), phases.map(ph => line(ph, p => p.durationMs?.[ph])));
      // No watermark yet is reported as the Unix epoch: no point rather than a lag of 56 years.
      draw(document.getElementById('lag'), [line('lag', p => Date.parse(p.eventTime?.watermark) > 0 ? (Date.parse(p.timestamp) - Date.parse(p.eventTime.watermark)) / 1000 : null)]);
      const ops = [...new Set(progress.flatMap(p => (p.stateOperators || []).map(o => o.operatorName)))];
      const op = (p, name) => (p.stateOperators || []).find(o => o.operatorName === name);
      draw(document.getElementById('state'), ops.map(n => line(n, p => op(p, n)?.numRowsTotal)));
      draw(document.getElementById('late'), ops.map(n => line(n, p => op(p, n)?.numRowsDroppedByWatermark)));
      draw(document.getElementById('latency'), [line('p50', p => p.latencyMs?.p50), line('p99', p => p.latencyMs?.p99)]);
      const last = progress[progress.length - 1] || {};
      document.querySelector('#operators tbody').innerHTML = (last.stateOperators || []).map(o =>
        `<tr><td>${esc(o.operatorName)}</td><td class="num">${fmt(o.numRowsTotal)}</td><td class="num">${fmt(o.numRowsUpdated)}</td><td class="num">${fmt(o.numRowsRemoved)}</td>` +
        `<td class="num">${fmt(o.numRowsDroppedByWatermark)}</td><td class="num">${fmt(o.memoryUsedBytes)}</td></tr>`).join('');
    });
  }

  // A horizontal bar: value against the largest value of its table.
  const bar = (value, max) => `<svg class="bar" viewBox="0 0 120 12" width="120" height="12"><rect width="${(120 * value / Math.max(max, 1)).toFixed(1)}" height="12" fill="${colors[0]}"/></svg>`;

  // One table per query and stateful operator: each shard's keys (with a bar), bytes, epochs, actor path and node.
  function shardTables(shards) {
    const groups = new Map();
    for (const s of shards) {
      const key = s.queryId + '/' + s.operatorId;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(s);
    }

    if (groups.size === 0) return '<p class="empty">No running query keeps state.</p>';
    return [...groups.values()].map(list => {
      const first = list[0];
      const max = Math.max(...list.map(s => s.keys));
      const keys = list.reduce((sum, s) => sum + s.keys, 0), bytes = list.reduce((sum, s) => sum + s.bytes, 0);
      return `<section class="operator" data-query="${esc(first.queryId)}" data-operator="${esc(first.operatorId)}">` +
        `<h3><a href="/query/${encodeURIComponent(first.queryId)}">${esc(first.query)}</a> &middot; ${esc(first.operatorId)}</h3>` +
        `<p>${list.length} shards, ${fmt(keys)} keys, ${fmt(bytes)} bytes</p>` +
        '<table><thead><tr><th>Shard</th><th>Keys</th><th></th><th>State bytes</th><th>Last epoch</th><th>Committed epoch</th><th>Entity</th><th>Node</th></tr></thead><tbody>' +
        list.map(s => `<tr><td class="num">${s.shard}</td><td class="num">${fmt(s.keys)}</td><td>${bar(s.keys, max)}</td><td class="num">${fmt(s.bytes)}</td>` +
          `<td class="num">${s.lastEpoch}</td><td class="num">${s.lastCommittedEpoch}</td><td class="path">${esc(s.entityPath)}</td><td>${esc(s.node)}</td></tr>`).join('') +
        '</tbody></table></section>';
    }).join('');
  }

  function shardPage(el) {
    every(2000, async () => { el.innerHTML = shardTables(await getJson('/api/shards')); });
  }

  return { queryList, queryPage, shardPage, shardTables, draw };
})();
