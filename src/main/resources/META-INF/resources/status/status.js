'use strict';
// The status page: reads the same functions any client calls, with the key the reader typed.
// Everything from the wire goes into the page as text (textContent), never as markup.
(() => {
  const KEY = 'accelconn.functionKey';
  const REFRESH_MS = 10000;
  const PROMISED_GAIN = 25;
  const CODE = /^[A-Z][A-Z0-9_]*$/;
  const $ = (id) => document.getElementById(id);
  const charts = {};
  let timer = null;
  let refreshes = 0;
  let cpsAvailable = null;

  class KeyRefused extends Error {}

  function el(tag, text, code) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    // A decision or class colours its cell; anything else from the wire stays plain text.
    if (code && CODE.test(code)) e.className = code;
    return e;
  }

  async function call(path) {
    const answer = await fetch(path, { headers: { 'x-functions-key': sessionStorage.getItem(KEY) }, cache: 'no-store' });
    if (answer.status === 401) throw new KeyRefused('the key was refused');
    if (!answer.ok) throw new Error(path.split('?')[0] + ' answered ' + answer.status);
    return answer.json();
  }

  function nicName(id) {
    return String(id).substring(String(id).lastIndexOf('/') + 1);
  }

  async function decisions() {
    const rows = await call('/audit?limit=50');
    $('decisions').tBodies[0].replaceChildren(...rows.map((r) => {
      const tr = el('tr');
      const nic = el('td', nicName(r.nicId));
      nic.title = r.nicId;
      tr.append(el('td', r.decidedAt), nic, el('td', r.decision, r.decision), el('td', (r.reasons || []).join(', ')),
        el('td', r.tier), el('td', r.mode), el('td', r.eventId));
      return tr;
    }));
    $('decisions-status').textContent = rows.length
      ? rows.length + ' newest decisions'
      : 'No decisions yet: send an event (README, "Your first hour").';
    return rows;
  }

  function classTable(table, byKey, keyName) {
    const classes = [...new Set(Object.values(byKey).flatMap((counts) => Object.keys(counts)))].sort();
    const head = el('tr');
    head.append(el('th', keyName), ...classes.map((c) => el('th', c, c)), el('th', 'NICs'));
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...Object.keys(byKey).sort().map((key) => {
      const tr = el('tr');
      const counts = byKey[key];
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      tr.append(el('td', key), ...classes.map((c) => {
        const td = el('td', counts[c] || '');
        td.className = 'count';
        return td;
      }), el('td', total));
      return tr;
    }));
  }

  async function sweep() {
    const runs = await call('/sweep-report?limit=1');
    if (runs.length === 0) {
      $('sweep-status').textContent = 'No sweep yet: POST /sweep starts one (README, "Your first hour").';
      return;
    }
    const report = await call('/sweep-report?runId=' + encodeURIComponent(runs[0].runId));
    $('sweep-status').textContent = report.runId + ': ' + report.status + ', ' + report.mode + ' mode, '
      + report.nics + ' NICs, started ' + report.startedAt;
    classTable($('sweep-regions'), report.byRegion || {}, 'region');
    classTable($('sweep-tiers'), report.byTier || {}, 'tier');
  }

  /** One bar group: median CPS before and after enabling, from the first source that has both. */
  function point(label, sources) {
    const s = (sources || []).find((x) => x.gain && x.gain.beforeMedianCps != null && x.gain.afterMedianCps != null);
    if (!s) return null;
    return { label, before: s.gain.beforeMedianCps, after: s.gain.afterMedianCps, ratio: s.gain.medianRatio,
      promised: s.gain.promised || PROMISED_GAIN };
  }

  function draw(id, points) {
    const data = {
      labels: points.map((p) => p.label + (p.ratio != null ? ' (' + Number(p.ratio).toFixed(1) + 'x)' : '')),
      datasets: [
        { label: 'before: median CPS', data: points.map((p) => p.before), backgroundColor: '#9e9e9e' },
        { label: 'after: median CPS', data: points.map((p) => p.after), backgroundColor: '#1565c0' },
        { type: 'line', label: 'promised: ' + PROMISED_GAIN + 'x before', data: points.map((p) => p.before * p.promised),
          borderColor: '#b00020', backgroundColor: '#b00020', showLine: false, pointStyle: 'line', pointRadius: 14,
          borderWidth: 3, clip: false },
      ],
    };
    if (charts[id]) {
      charts[id].data = data;
      charts[id].update('none');
      return;
    }
    charts[id] = new Chart($(id), { type: 'bar', data, options: { animation: false,
      scales: { y: { type: 'logarithmic', title: { display: true, text: 'connections per second' } } } } });
  }

  async function cps(decisionRows) {
    if (cpsAvailable === null) {
      // Asked of the API description, so that a deployment without telemetry logs no 404 on every refresh.
      const doc = await fetch('/q/openapi?format=json', { cache: 'no-store' }).then((r) => (r.ok ? r.json() : {}));
      cpsAvailable = Object.prototype.hasOwnProperty.call(doc.paths || {}, '/cps-report');
    }
    if (!cpsAvailable) {
      $('cps-status').textContent = 'CPS telemetry is not available yet: this deployment has no GET /cps-report.';
      return;
    }
    const fleet = await call('/cps-report?groupBy=tier');
    const tiers = (fleet.groups || []).map((g) => point(g.key, g.sources)).filter((p) => p);
    const enabled = [...new Set(decisionRows.filter((r) => r.decision === 'APPLIED' || r.decision === 'RESTARTED_AND_APPLIED')
      .map((r) => r.nicId))].slice(0, 8);
    const reports = await Promise.all(enabled.map((id) => call('/cps-report?resourceId=' + encodeURIComponent(id))));
    const nics = reports.map((r) => point(nicName(r.resourceId), r.sources)).filter((p) => p);
    draw('cps-nics', nics);
    draw('cps-tiers', tiers);
    $('cps-status').textContent = nics.length + ' NICs and ' + tiers.length
      + ' tiers with CPS samples before and after enabling, against the promised ' + PROMISED_GAIN + 'x.';
  }

  async function refresh() {
    try {
      const rows = await decisions();
      await sweep();
      await cps(rows).catch((e) => {
        if (e instanceof KeyRefused) throw e;
        $('cps-status').textContent = 'CPS telemetry: ' + e.message;
      });
      refreshes += 1;
      document.body.dataset.refreshes = String(refreshes);
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ', every ' + REFRESH_MS / 1000 + ' s';
    } catch (e) {
      if (e instanceof KeyRefused) {
        sessionStorage.removeItem(KEY);
        askForKey('The key was refused.');
        return;
      }
      $('updated').textContent = 'refresh failed: ' + e.message;
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  function askForKey(message) {
    clearTimeout(timer);
    $('panels').hidden = true;
    $('forget').hidden = true;
    $('key-form').hidden = false;
    $('key-error').hidden = !message;
    $('key-error').textContent = message || '';
    $('key').focus();
  }

  function start() {
    $('key-form').hidden = true;
    $('panels').hidden = false;
    $('forget').hidden = false;
    refresh();
  }

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $('key').value);
    $('key').value = '';
    start();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    askForKey();
  });

  if (sessionStorage.getItem(KEY)) start(); else askForKey();
})();
