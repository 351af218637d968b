// Tokenledger dashboard: a static page over the query API's /v1 routes. It holds no data of its own;
// every figure is the API's answer to the caller's bearer token, so roles and scopes are the API's
// (ADR 0600). No inline script (the Content-Security-Policy forbids it), no build step, no CDN.
'use strict';

(function () {
  const TOKEN_KEY = 'tokenledger.token';
  const MAX_PARALLEL = 4;
  const $ = (id) => document.getElementById(id);

  // ---- the token: from #token=… once (then removed from the address bar), else session storage ----

  function takeTokenFromFragment() {
    const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
    const token = hash.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      hash.delete('token');
      const rest = hash.toString();
      history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  // ---- the API ----

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  let running = 0;
  const waiting = [];

  async function slot(work) {
    if (running >= MAX_PARALLEL) {
      await new Promise((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
      const next = waiting.shift();
      if (next) next();
    }
  }

  function url(path, params) {
    const q = new URLSearchParams();
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== undefined && v !== null && v !== '') q.append(k, v);
    });
    const s = q.toString();
    return path + (s ? '?' + s : '');
  }

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** One API call; a 503 (warehouse or token store busy or briefly unreachable) is retried twice. */
  async function request(path, params, accept) {
    return slot(async () => {
      let r;
      for (let attempt = 0; ; attempt++) {
        r = await fetch(url(path, params), {
          headers: { Authorization: 'Bearer ' + token(), Accept: accept },
          cache: 'no-store',
          credentials: 'omit',
        });
        if (r.status !== 503 || attempt === 2) break;
        await pause(Math.min(5, Number(r.headers.get('Retry-After')) || 1) * 300 * (attempt + 1));
      }
      if (!r.ok) {
        let message = r.status + ' ' + r.statusText;
        try {
          message = (await r.json()).error || message;
        } catch (e) { /* not JSON */ }
        throw new ApiError(r.status, message);
      }
      return r;
    });
  }

  const api = async (path, params) => (await request(path, params, 'application/json')).json();

  async function downloadCsv(path, params, name) {
    const r = await request(path, Object.assign({}, params, { format: 'csv' }), 'text/csv');
    saveBlob(await r.blob(), name);
  }

  function saveBlob(blob, name) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // ---- exact money: decimal strings rounded half-up to cents without floating point ----

  function cents(decimal) {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal).trim());
    if (!m) return null;
    const frac = (m[3] || '').padEnd(3, '0');
    let c = BigInt(m[2]) * 100n + BigInt(frac.slice(0, 2));
    if (Number(frac[2]) >= 5) c += 1n;
    return m[1] === '-' ? -c : c;
  }

  function money(decimal) {
    const c = cents(decimal);
    if (c === null) return '–';
    const neg = c < 0n;
    const abs = neg ? -c : c;
    const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '-$' : '$') + whole + '.' + (abs % 100n).toString().padStart(2, '0');
  }

  const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
  const approx = (decimal) => Number(decimal); // for chart geometry only, never shown as a figure

  /** A ratio 0..1 as a percentage with one decimal, or '–'. */
  function percent(part, whole) {
    if (!whole) return '–';
    return (Math.round((part / whole) * 1000) / 10).toFixed(1) + '%';
  }

  /** A share 0..1 as the API writes it (a decimal string) in percent with one decimal, rounded half-up exactly; '–' for null. */
  function sharePercent(share) {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(String(share === null || share === undefined ? '' : share).trim());
    if (!m) return '–';
    const micro = BigInt(m[1]) * 1000000n + BigInt((m[2] || '').padEnd(6, '0').slice(0, 6));
    const tenths = (micro + 500n) / 1000n;
    return (tenths / 10n).toString() + '.' + (tenths % 10n).toString() + '%';
  }

  // ---- state: filters in the fragment, identity from /v1/me ----

  let me = null;
  const charts = {};
  const csvSources = {};

  function isoDay(d) {
    return d.toISOString().slice(0, 10);
  }

  function addDays(day, n) {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return isoDay(d);
  }

  function presetRange(preset) {
    const today = isoDay(new Date());
    const month = today.slice(0, 8) + '01';
    switch (preset) {
      case 'month': return [month, today];
      case 'last-month': {
        const end = addDays(month, -1);
        return [end.slice(0, 8) + '01', end];
      }
      case '90d': return [addDays(today, -89), today];
      case '365d': return [addDays(today, -364), today];
      default: return [addDays(today, -29), today];
    }
  }

  function readFilters() {
    const h = new URLSearchParams(location.hash.replace(/^#/, ''));
    const [from, to] = presetRange(h.get('preset') || '30d');
    return {
      from: h.get('from') || from,
      to: h.get('to') || to,
      preset: h.get('from') ? '' : (h.get('preset') || '30d'),
      tz: h.get('tz') || '',
      team: h.get('team') || '',
      project: h.get('project') || '',
      stack: h.get('stack') || 'model',
    };
  }

  function writeFilters(f) {
    const h = new URLSearchParams();
    if (f.preset) h.set('preset', f.preset);
    else {
      h.set('from', f.from);
      h.set('to', f.to);
    }
    ['tz', 'team', 'project'].forEach((k) => f[k] && h.set(k, f[k]));
    if (f.stack !== 'model') h.set('stack', f.stack);
    history.replaceState(null, '', location.pathname + location.search + '#' + h.toString());
  }

  /** The /v1/spend parameters every panel shares: the period (to exclusive) and the filters. */
  function baseParams(f) {
    return { from: f.from, to: addDays(f.to, 1), team: f.team, project: f.project };
  }

  const canSeeTeams = () => me && me.role !== 'developer';
  const orgWide = () => me && (me.role === 'finance' || me.role === 'admin');

  // ---- rendering helpers ----

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    });
    children.flat().forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return e;
  }

  const label = (v) => (v === '' || v === null || v === undefined ? '(none)' : v);

  /**
   * A table: columns [{title, value(row) -> text, num, key}] and rows; data-name on the table, data-key
   * on each row (the row's key), data-col on each cell, so a test reads exactly what is shown.
   */
  function table(name, columns, rows, options) {
    const opts = options || {};
    const head = el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : '' }, c.title)));
    const max = opts.bar ? Math.max(0, ...rows.map((r) => approx(r.cost_usd))) : 0;
    const body = rows.map((r) => {
      const tr = el('tr', { 'data-key': opts.key ? opts.key(r) : '', class: opts.onClick ? 'clickable' : '' },
        columns.map((c, i) => {
          const td = el('td', { class: c.num ? 'num' : 'key', 'data-col': c.id || '', title: c.num ? null : String(c.value(r)) }, c.value(r));
          if (i === 0 && opts.bar && max > 0) {
            const bar = el('span', { class: 'bar' });
            bar.style.width = Math.max(1, (approx(r.cost_usd) / max) * 100) + '%';
            td.append(bar);
          }
          return td;
        }));
      if (opts.onClick) tr.addEventListener('click', () => opts.onClick(r));
      return tr;
    });
    const t = el('table', { 'data-name': name }, el('thead', {}, head), el('tbody', {}, body));
    if (rows.length === 0) {
      return el('div', {}, t, el('p', { class: 'muted' }, 'nothing in this period'));
    }
    return t;
  }

  function panel(id, title, csvKey, wide) {
    const body = el('div', { id: id, class: 'table-host' });
    const head = el('div', { class: 'panel-head' }, el('h2', {}, title));
    if (csvKey) head.append(el('button', { type: 'button', class: 'csv', 'data-csv': csvKey }, 'CSV'));
    return { section: el('section', { class: 'panel' + (wide ? ' wide' : ''), 'data-panel': id }, head, body), body: body };
  }

  function chart(id) {
    if (!window.echarts) return null;
    const node = $(id);
    if (!node) return null;
    if (!charts[id]) charts[id] = window.echarts.init(node, null, { renderer: 'canvas' });
    return charts[id];
  }

  // ECharts writes a tooltip formatter's answer as HTML: every value is escaped here (a team or model
  // name comes from the agents' configuration), and there are no colour markers, which would be inline
  // styles the Content-Security-Policy refuses.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  /** An axis tooltip: the day, then "series: value" per non-empty series, values shown by {@code show(seriesIndex, value)}. */
  function tooltip(show) {
    return (params) => {
      const list = Array.isArray(params) ? params : [params];
      const lines = list.filter((p) => p.value !== null && p.value !== undefined && p.value !== 0)
        .map((p) => escapeHtml(p.seriesName) + ': ' + escapeHtml(show(p.seriesIndex, p.value)));
      return [escapeHtml(list[0] ? list[0].axisValueLabel || list[0].name : '')].concat(lines).join('<br>');
    };
  }

  const dollars = (v) => '$' + Number(v).toFixed(2);

  // ---- panels ----

  const BREAKDOWNS = [
    { dim: 'team', title: 'By team', when: canSeeTeams },
    { dim: 'project', title: 'By project' },
    { dim: 'model', title: 'By model' },
    { dim: 'user', title: 'By user', when: canSeeTeams },
    { dim: 'branch', title: 'By branch' },
    { dim: 'agent', title: 'By agent' },
  ];
  const AGENT_PANELS = [
    { dim: 'chain', title: 'Main vs sub-agents' },
    { dim: 'agent_role', title: 'By agent role' },
    { dim: 'tool', title: 'Tools', note: 'a request counts under each tool it used' },
    { dim: 'mcp_server', title: 'MCP servers', note: 'a request counts under each server it used' },
  ];
  const TOP = 15;

  function costColumns(dim) {
    return [
      { id: dim, title: dim.replace('_', ' '), value: (r) => label(r[dim]) },
      { id: 'requests', title: 'requests', num: true, value: (r) => num(r.requests) },
      { id: 'cost_usd', title: 'cost', num: true, value: (r) => money(r.cost_usd) },
      { id: 'cache_savings_usd', title: 'cache savings', num: true, value: (r) => money(r.cache_savings_usd) },
    ];
  }

  async function breakdown(host, def, f) {
    const p = panel('by-' + def.dim, def.title, 'by-' + def.dim);
    host.append(p.section);
    const params = Object.assign(baseParams(f), { group_by: def.dim });
    csvSources['by-' + def.dim] = { path: '/v1/spend', params: params, name: def.dim };
    const answer = await api('/v1/spend', Object.assign({}, params, { limit: TOP }));
    p.body.replaceChildren(table('by-' + def.dim, costColumns(def.dim), answer.rows, { key: (r) => r[def.dim], bar: true }));
    if (answer.truncated) p.body.append(el('p', { class: 'muted' }, 'top ' + TOP + ' by cost; the CSV has every row'));
    if (def.note) p.body.append(el('p', { class: 'muted' }, def.note));
  }

  async function totals(f) {
    const answer = await api('/v1/spend', Object.assign(baseParams(f), { sessions: true }));
    const t = answer.rows[0] || { cost_usd: '0', requests: 0, sessions: 0, cache_savings_usd: '0', input_tokens: 0,
      cache_read_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 };
    $('kpi-cost').textContent = money(t.cost_usd);
    $('kpi-requests').textContent = num(t.requests);
    $('kpi-sessions').textContent = num(t.sessions);
    $('kpi-hit').textContent = percent(t.cache_read_tokens, hitDenominator(t));
    $('kpi-savings').textContent = money(t.cache_savings_usd);
    $('kpi-not-final').textContent = money(t.not_final_cost_usd || '0') + ' (' + sharePercent(t.not_final_share) + ')';
    $('scope').textContent = scopeText() + ' · ' + f.from + ' to ' + f.to + ' (days in ' + answer.query.time_zone + ')'
      + (t.requests === 0 ? ' · no usage in this period: try a longer one' : '');
    return answer;
  }

  /**
   * The not provider-final tile's tooltip: the spend per accuracy label (EXACT is the provider's own final
   * counts; every other label is not final) with its share of the period's spend.
   */
  async function accuracyLabels(f) {
    const answer = await api('/v1/spend', Object.assign(baseParams(f), { group_by: 'accuracy', order: 'keys' }));
    const total = answer.rows.reduce((sum, r) => sum + approx(r.cost_usd), 0);
    const lines = answer.rows.map((r) => label(r.accuracy) + (r.accuracy === 'EXACT' ? ' (provider-final)' : '') + ': '
      + money(r.cost_usd) + ' · ' + percent(approx(r.cost_usd), total) + ' of spend');
    $('card-not-final').title = ['Spend per accuracy label'].concat(lines.length ? lines : ['no usage in this period']).join('\n');
  }

  /** Cache hit ratio: cache reads over every prompt token (uncached input, cache writes, cache reads). */
  const hitDenominator = (r) => r.input_tokens + r.cache_write_5m_tokens + r.cache_write_1h_tokens + r.cache_read_tokens;

  function daysOf(f) {
    const days = [];
    for (let d = f.from; d <= f.to; d = addDays(d, 1)) days.push(d);
    return days;
  }

  async function overTime(f) {
    const dim = f.stack === 'team' && canSeeTeams() ? 'team' : 'model';
    $('over-time-title').textContent = 'Spend per day by ' + dim;
    const params = Object.assign(baseParams(f), { group_by: dim, granularity: 'day', limit: 10000 });
    csvSources['over-time'] = { path: '/v1/spend', params: params, name: 'daily-by-' + dim };
    const answer = await api('/v1/spend', params);
    const days = daysOf(f);
    const totalsByKey = new Map();
    answer.rows.forEach((r) => totalsByKey.set(r[dim], (totalsByKey.get(r[dim]) || 0) + approx(r.cost_usd)));
    const keys = [...totalsByKey.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    const shown = keys.slice(0, 8);
    const other = keys.length > 8;
    const cell = new Map();
    answer.rows.forEach((r) => {
      const k = shown.includes(r[dim]) ? r[dim] : '(other)';
      const key = k + '|' + r.period;
      cell.set(key, (cell.get(key) || 0) + approx(r.cost_usd));
    });
    const series = (other ? shown.concat(['(other)']) : shown).map((k) => ({
      name: label(k), type: 'bar', stack: 'spend', emphasis: { focus: 'series' },
      data: days.map((d) => Math.round((cell.get(k + '|' + d) || 0) * 100) / 100),
    }));
    const c = chart('chart-over-time');
    if (c) {
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', formatter: tooltip((i, v) => dollars(v)), className: 'chart-tooltip' },
        legend: { type: 'scroll', top: 0 },
        grid: { left: 60, right: 20, top: 36, bottom: 30 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', axisLabel: { formatter: '${value}' } },
        series: series,
      }, true);
    }
    return answer;
  }

  async function cache(f) {
    const params = Object.assign(baseParams(f), { granularity: 'day', limit: 10000 });
    csvSources.cache = { path: '/v1/spend', params: params, name: 'daily-cache' };
    const answer = await api('/v1/spend', params);
    const byDay = new Map(answer.rows.map((r) => [r.period, r]));
    const days = daysOf(f);
    const ratio = days.map((d) => {
      const r = byDay.get(d);
      return r && hitDenominator(r) ? Math.round((r.cache_read_tokens / hitDenominator(r)) * 1000) / 10 : null;
    });
    const savings = days.map((d) => (byDay.get(d) ? Math.round(approx(byDay.get(d).cache_savings_usd) * 100) / 100 : 0));
    const c = chart('chart-cache');
    if (c) {
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis', formatter: tooltip((i, v) => (i === 0 ? v + '%' : dollars(v))), className: 'chart-tooltip' },
        legend: { top: 0 },
        grid: { left: 60, right: 60, top: 36, bottom: 30 },
        xAxis: { type: 'category', data: days },
        yAxis: [{ type: 'value', name: 'hit %', max: 100, axisLabel: { formatter: '{value}%' } },
          { type: 'value', name: 'saved', axisLabel: { formatter: '${value}' } }],
        series: [{ name: 'cache hit ratio %', type: 'line', data: ratio, connectNulls: false, smooth: false },
          { name: 'cache savings $', type: 'bar', yAxisIndex: 1, data: savings }],
      }, true);
    }
  }

  async function sessions(f) {
    const params = Object.assign(baseParams(f), { group_by: orgWide() || me.role === 'manager' ? 'session,user,project' : 'session,project' });
    csvSources.sessions = { path: '/v1/spend', params: params, name: 'sessions' };
    const answer = await api('/v1/spend', Object.assign({}, params, { limit: 10 }));
    const cols = [{ id: 'session', title: 'session', value: (r) => r.session }];
    if (params.group_by.includes('user')) cols.push({ id: 'user', title: 'user', value: (r) => label(r.user) });
    cols.push({ id: 'project', title: 'project', value: (r) => label(r.project) },
      { id: 'requests', title: 'requests', num: true, value: (r) => num(r.requests) },
      { id: 'cost_usd', title: 'cost', num: true, value: (r) => money(r.cost_usd) });
    $('sessions').replaceChildren(table('sessions', cols, answer.rows, { key: (r) => r.session, onClick: (r) => sessionDetail(r.session, f) }));
  }

  function instant(iso, tz) {
    try {
      return new Date(iso).toLocaleString('sv-SE', { timeZone: tz || undefined, hour12: false }) + (tz ? ' ' + tz : '');
    } catch (e) {
      return iso;
    }
  }

  async function sessionDetail(id, f) {
    const box = $('session-detail');
    box.hidden = false;
    box.replaceChildren(el('p', { class: 'muted' }, 'loading session ' + id + '…'));
    try {
      const answer = await api('/v1/sessions/' + encodeURIComponent(id), { limit: 1000 });
      const s = answer.session;
      const models = new Map();
      let sub = 0;
      answer.rows.forEach((r) => {
        models.set(r.model, (models.get(r.model) || 0) + 1);
        if (r.sidechain) sub++;
      });
      csvSources.session = { path: '/v1/sessions/' + encodeURIComponent(id), params: { limit: 10000 }, name: 'session-' + id };
      box.replaceChildren(
        el('div', { class: 'panel-head' }, el('h3', { 'data-session': s.session_id }, 'Session ' + s.session_id),
          el('button', { type: 'button', class: 'csv', 'data-csv': 'session', title: 'every request of the session' }, 'CSV')),
        el('p', {}, label(s.user) + ' · ' + label(s.project) + ' · branch ' + label(s.branch) + ' · ' + s.source),
        el('p', {}, instant(s.first_request, f.tz) + ' → ' + instant(s.last_request, f.tz) + ' · ' + num(s.requests) + ' requests ('
          + num(sub) + (answer.truncated ? '+ shown' : '') + ' by sub-agents) · ', el('b', { 'data-col': 'cost_usd' }, money(s.cost_usd))),
        el('p', { class: 'muted' }, 'models: ' + [...models.entries()].map(([m, n]) => m + ' ×' + n).join(', ')));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error' }, e.message));
    }
  }

  async function budgets(f) {
    let rows;
    let line = '';
    if (orgWide()) {
      const answer = await api('/v1/budgets');
      rows = answer.rows;
      csvSources.budgets = { path: '/v1/budgets', params: {}, name: 'budgets' };
    } else {
      const params = { project: f.project };
      const answer = await api('/v1/budgets/status', params);
      rows = answer.rows;
      line = answer.line || '';
      csvSources.budgets = { path: '/v1/budgets/status', params: params, name: 'budget-status' };
    }
    $('budget-line').textContent = line;
    const gauges = $('budget-gauges');
    gauges.replaceChildren();
    Object.keys(charts).filter((k) => k.startsWith('gauge-')).forEach((k) => {
      charts[k].dispose();
      delete charts[k];
    });
    rows.filter((b) => b.enabled !== false).slice(0, 8).forEach((b, i) => {
      const id = 'gauge-' + i;
      const limit = approx(b.limit_usd);
      gauges.append(el('div', { class: 'gauge-box', 'data-budget': b.id },
        el('div', { id: id, class: 'gauge' }),
        el('p', {}, b.scope + ' ' + b.value + ' · ' + b.period + ' · ' + money(b.spend_usd) + ' of ' + money(b.limit_usd)),
        el('p', { class: 'status-' + b.status }, b.status + ' · projected ' + money(b.projected_usd))));
      const c = chart(id);
      if (c) {
        const pct = limit > 0 ? (approx(b.spend_usd) / limit) * 100 : 0;
        const projected = limit > 0 ? (approx(b.projected_usd) / limit) * 100 : 0;
        const max = Math.max(150, Math.ceil(Math.min(Math.max(pct, projected), 1000) / 50) * 50);
        const ends = (v) => (v === 0 || v === 100 || v === max ? v + '%' : '');
        c.setOption({
          animation: false,
          series: [{
            type: 'gauge', min: 0, max: max, splitNumber: max / 50, radius: '95%',
            axisLine: { lineStyle: { width: 10, color: [[80 / max, '#2e9d5b'], [100 / max, '#d99a18'], [1, '#d2463c']] } },
            pointer: { width: 4 }, axisLabel: { distance: 14, fontSize: 10, formatter: ends }, splitLine: { length: 8 },
            axisTick: { length: 4, splitNumber: 2 },
            detail: { formatter: () => b.percent + '%', fontSize: 16, offsetCenter: [0, '60%'] },
            title: { show: false },
            data: [{ value: Math.round(pct * 10) / 10, name: 'spend' }],
          }, {
            type: 'gauge', min: 0, max: max, splitNumber: max / 50, radius: '95%',
            axisLine: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
            pointer: { width: 2, length: '70%', itemStyle: { color: '#8a93a6' } },
            detail: { show: false }, title: { show: false },
            data: [{ value: Math.round(Math.min(projected, max) * 10) / 10, name: 'projected' }],
          }],
        });
      }
    });
    const cols = [
      { id: 'id', title: 'budget', value: (b) => b.id },
      { id: 'scope', title: 'scope', value: (b) => b.scope + (b.value ? ' ' + b.value : '') },
      { id: 'period', title: 'period', value: (b) => b.period + ' from ' + String(b.period_start).slice(0, 10) },
      { id: 'spend_usd', title: 'spend', num: true, value: (b) => money(b.spend_usd) },
      { id: 'limit_usd', title: 'limit', num: true, value: (b) => money(b.limit_usd) },
      { id: 'percent', title: '%', num: true, value: (b) => b.percent + '%' },
      { id: 'projected_usd', title: 'forecast', num: true, value: (b) => money(b.projected_usd) },
      { id: 'status', title: 'status', value: (b) => b.status },
    ];
    $('budgets').replaceChildren(table('budgets', cols, rows, { key: (b) => b.id }));
  }

  // ---- reconciliation with the providers' own reports (GET /v1/reconciliation; finance and admins) ----

  async function reconciliation(f) {
    const section = $('reconciliation-panel');
    section.hidden = !orgWide();
    if (!orgWide()) return;
    const params = { from: f.from, to: addDays(f.to, 1) };
    csvSources.reconciliation = { path: '/v1/reconciliation', params: params, name: 'reconciliation' };
    let answer;
    try {
      answer = await api('/v1/reconciliation', params);
    } catch (e) {
      // 404: a server without the route (an older API); 503: no warehouse behind it — quiet, like efficiency
      if (e.status !== 503 && e.status !== 404) throw e;
      $('reconciliation-line').textContent = e.status === 404 ? 'not available on this server'
        : 'not available on this server (no provider reports imported or no warehouse)';
      $('reconciliation').replaceChildren();
      return;
    }
    const rows = answer.rows;
    const days = [...new Set(rows.map((r) => r.day))].sort();
    const sum = (day, key) => rows.filter((r) => r.day === day).reduce((a, r) => a + approx(r[key]), 0);
    const off = rows.filter((r) => r.status !== 'matched');
    const over = rows.filter((r) => r.over_threshold);
    $('reconciliation-line').textContent = rows.length === 0 ? 'no provider report imported for this period'
      : rows.length + ' day/model rows: ' + (rows.length - off.length) + ' matched, ' + off.length + ' not, '
        + over.length + ' over the ' + (Number(answer.threshold) * 100) + '% threshold';
    const c = chart('chart-reconciliation');
    if (c) {
      c.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { data: ['ledger', 'provider'] },
        grid: { left: 60, right: 20, top: 30, bottom: 30 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', name: 'USD' },
        series: [
          { name: 'ledger', type: 'bar', data: days.map((d) => Math.round(sum(d, 'ledger_cost_usd') * 100) / 100) },
          { name: 'provider', type: 'line', data: days.map((d) => Math.round(sum(d, 'provider_cost_usd') * 100) / 100) },
        ],
      }, true);
    }
    const share = (s) => (s === null || s === undefined ? '–' : (Math.round(Number(s) * 1000) / 10).toFixed(1) + '%');
    const cols = [
      { id: 'day', title: 'day (UTC)', value: (r) => r.day },
      { id: 'provider', title: 'provider', value: (r) => r.provider },
      { id: 'model', title: 'model', value: (r) => label(r.model) },
      { id: 'status', title: 'status', value: (r) => r.status.replace('_', ' ') },
      { id: 'token_variance', title: 'Δ tokens', num: true, value: (r) => num(r.token_variance) },
      { id: 'ledger_cost_usd', title: 'ledger', num: true, value: (r) => money(r.ledger_cost_usd) },
      { id: 'provider_cost_usd', title: 'provider', num: true, value: (r) => money(r.provider_cost_usd) },
      { id: 'cost_variance_usd', title: 'Δ cost', num: true, value: (r) => money(r.cost_variance_usd) },
      { id: 'cost_share', title: 'Δ share', num: true, value: (r) => share(r.cost_share) },
    ];
    $('reconciliation').replaceChildren(table('reconciliation', cols, off,
      { key: (r) => r.day + ' ' + r.provider + ' ' + r.model + ' ' + r.subject }));
  }

  // ---- efficiency (GET /v1/efficiency, when the server has it) ----

  const ratio = (r) => (r === null || r === undefined ? '–' : (Math.round(Number(r) * 1000) / 10).toFixed(1) + '%');
  const maybeMoney = (m) => (m === null || m === undefined ? '–' : money(m));

  function clientCsv(columns, rows) {
    const cell = (v) => {
      let s = v === null || v === undefined ? '' : String(v);
      if (/^[=+\-@]/.test(s)) s = "'" + s;
      return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    return [columns.map(cell).join(',')].concat(rows.map((r) => columns.map((c) => cell(r[c])).join(','))).join('\r\n') + '\r\n';
  }

  function effTable(name, title, columns, rows) {
    const p = panel('eff-' + name, title, null);
    const button = el('button', { type: 'button', class: 'csv' }, 'CSV');
    button.addEventListener('click', () => saveBlob(new Blob([clientCsv(columns.map((c) => c.id), rows)], { type: 'text/csv' }),
      'tokenledger-efficiency-' + name + '.csv'));
    p.section.querySelector('.panel-head').append(button);
    p.body.append(table('eff-' + name, columns, rows));
    return p.section;
  }

  async function efficiency(f) {
    const host = $('efficiency');
    let e;
    try {
      e = await api('/v1/efficiency', baseParams(f));
    } catch (err) {
      if (err.status === 404) {
        host.replaceChildren(el('p', { class: 'muted', 'data-efficiency': 'unavailable' }, 'Efficiency figures are not available on this server.'));
        return;
      }
      throw err;
    }
    const c = e.cache || {};
    const a = e.activity || {};
    const facts = el('div', { class: 'facts' },
      el('div', {}, 'cache hit ratio', el('b', {}, ratio(c.hit_ratio)), 'target ' + ratio(c.target) + (c.meets_target ? ' — met' : ' — missed')),
      el('div', {}, 'cache savings', el('b', {}, maybeMoney(c.savings_usd))),
      el('div', {}, 'cost per session', el('b', {}, maybeMoney(a.cost_per_session_usd)), num(a.sessions) + ' sessions'),
      el('div', {}, 'cost per active minute', el('b', {}, maybeMoney(a.cost_per_active_minute_usd)), num(a.active_minutes) + ' active minutes'));
    const grid = el('div', { class: 'grid' });
    grid.append(
      effTable('outliers', 'Outlier sessions', [
        { id: 'session_id', title: 'session', value: (r) => r.session_id },
        { id: 'user', title: 'user', value: (r) => label(r.user) },
        { id: 'cost_usd', title: 'cost', num: true, value: (r) => money(r.cost_usd) },
        { id: 'ratio', title: '× median', num: true, value: (r) => r.ratio }], e.outlier_sessions || []),
      effTable('share-by-agent', 'Share by agent', [
        { id: 'agent', title: 'agent', value: (r) => label(r.agent) },
        { id: 'cost_usd', title: 'cost', num: true, value: (r) => money(r.cost_usd) },
        { id: 'share', title: 'share', num: true, value: (r) => ratio(r.share) }], e.share_by_agent || []),
      effTable('share-by-workflow-step', 'Share by workflow step', [
        { id: 'workflow_step', title: 'step', value: (r) => label(r.workflow_step) },
        { id: 'cost_usd', title: 'cost', num: true, value: (r) => money(r.cost_usd) },
        { id: 'share', title: 'share', num: true, value: (r) => ratio(r.share) }], e.share_by_workflow_step || []),
      effTable('zombie-mcp-servers', 'Zombie MCP servers', [
        { id: 'server', title: 'server', value: (r) => r.server },
        { id: 'configured_users', title: 'configured by', num: true, value: (r) => num(r.configured_users) },
        { id: 'last_call', title: 'last call', value: (r) => (r.last_call ? instant(r.last_call, f.tz) : 'never') }], e.zombie_mcp_servers || []));
    const smells = (e.smells || []).map((s) => el('div', { class: 'smell severity-' + s.severity, 'data-smell': s.code },
      el('b', {}, s.finding), el('p', {}, s.recommendation)));
    host.replaceChildren(facts, grid, el('h3', {}, 'Findings'), smells.length ? el('div', {}, smells) : el('p', { class: 'muted' }, 'nothing to report'));
  }

  // ---- filters ----

  function scopeText() {
    if (!me) return '';
    switch (me.role) {
      case 'developer': return 'Your own usage (' + me.user + ')';
      case 'manager': return 'The usage of your teams: ' + (me.teams || []).join(', ');
      default: return 'The whole organisation ' + me.org;
    }
  }

  function fillSelect(select, values, selected) {
    const keep = selected && !values.includes(selected) ? [selected] : [];
    select.replaceChildren(el('option', { value: '' }, 'all'),
      ...keep.concat(values).map((v) => el('option', { value: v, selected: v === selected }, label(v))));
  }

  function timeZones(selected, orgZone) {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const zones = [...new Set([orgZone, browser, 'UTC'].filter(Boolean))];
    $('f-tz').replaceChildren(...zones.map((z) => el('option', { value: z, selected: z === selected },
      z + (z === orgZone ? ' (organisation)' : z === browser ? ' (this browser)' : ''))));
  }

  async function filterOptions(f) {
    const range = { from: f.from, to: addDays(f.to, 1) };
    if (canSeeTeams()) {
      const teams = orgWide() ? (await api('/v1/spend', Object.assign({ group_by: 'team', order: 'keys' }, range))).rows.map((r) => r.team)
        : (me.teams || []);
      fillSelect($('f-team'), teams, f.team);
    }
    const projects = await api('/v1/spend', Object.assign({ group_by: 'project', order: 'keys', team: f.team }, range));
    fillSelect($('f-project'), projects.rows.map((r) => r.project), f.project);
  }

  function formFilters() {
    const preset = $('f-preset').value;
    const [from, to] = preset ? presetRange(preset) : [$('f-from').value, $('f-to').value];
    return { from: from, to: to, preset: preset, tz: $('f-tz').value, team: canSeeTeams() ? $('f-team').value : '',
      project: $('f-project').value, stack: $('f-stack').value };
  }

  function showFilters(f) {
    $('f-from').value = f.from;
    $('f-to').value = f.to;
    $('f-preset').value = f.preset;
    $('f-stack').value = f.stack;
    $('f-team-label').hidden = !canSeeTeams();
    $('f-stack-label').hidden = !canSeeTeams();
  }

  // ---- load ----

  let generation = 0;

  async function load() {
    const mine = ++generation;
    const f = readFilters();
    showFilters(f);
    $('errors').textContent = '';
    $('status').textContent = 'loading…';
    document.body.dataset.state = 'loading';
    const failures = [];
    const guard = (name, work) => work.catch((e) => {
      if (e.status === 401) throw e;
      failures.push(name + ': ' + e.message);
    });
    try {
      const first = await totals(f);
      timeZones(f.tz || first.query.time_zone, first.query.time_zone);
      const breakdowns = $('breakdowns');
      const agents = $('agents');
      breakdowns.replaceChildren();
      agents.replaceChildren();
      await Promise.all([
        guard('filters', filterOptions(f)),
        guard('spend per day', overTime(f)),
        guard('budgets', budgets(f)),
        guard('accuracy labels', accuracyLabels(f)),
        ...BREAKDOWNS.filter((d) => !d.when || d.when()).map((d) => guard(d.title, breakdown(breakdowns, d, f))),
        guard('top sessions', sessions(f)),
        guard('cache', cache(f)),
        ...AGENT_PANELS.map((d) => guard(d.title, breakdown(agents, d, f))),
        guard('efficiency', efficiency(f)),
        guard('reconciliation', reconciliation(f)),
      ]);
      if (mine !== generation) return;
      // panels were appended as they answered: put them back in their declared order
      BREAKDOWNS.concat(AGENT_PANELS).forEach((d) => {
        const s = document.querySelector('[data-panel="by-' + d.dim + '"]');
        if (s) s.parentNode.append(s);
      });
      $('errors').textContent = failures.join('\n');
      $('status').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB');
      document.body.dataset.state = failures.length ? 'partial' : 'ready';
    } catch (e) {
      if (e.status === 401) {
        signOut('Your token was not accepted: ' + e.message);
        return;
      }
      $('errors').textContent = e.message;
      $('status').textContent = '';
      document.body.dataset.state = 'failed';
    }
  }

  async function start() {
    try {
      const answer = await api('/v1/me');
      const row = answer.rows[0];
      me = { org: row.org, user: row.user, role: row.role, teams: row.teams ? row.teams.split(' ') : [] };
    } catch (e) {
      if (e.status === 401) {
        signOut('Your token was not accepted: ' + e.message);
      } else {
        $('signin').hidden = false;
        $('signin-error').textContent = 'The API did not answer: ' + e.message + ' (reload to retry)';
        document.body.dataset.state = 'failed';
      }
      return;
    }
    $('who').textContent = me.user + ' · ' + me.role + ' · ' + me.org;
    document.body.dataset.role = me.role;
    $('signin').hidden = true;
    $('app').hidden = false;
    $('sign-out').hidden = false;
    await load();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    $('app').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('signin').hidden = false;
    $('signin-error').textContent = message || '';
    document.body.dataset.state = 'signed-out';
  }

  function wire() {
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const t = $('token-input').value.trim();
      if (!t) return;
      sessionStorage.setItem(TOKEN_KEY, t);
      $('token-input').value = '';
      start();
    });
    $('sign-out').addEventListener('click', () => signOut(''));
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = formFilters();
      if (!f.from || !f.to || f.from > f.to) {
        $('errors').textContent = 'from must be a day on or before to';
        return;
      }
      writeFilters(f);
      load();
    });
    $('f-preset').addEventListener('change', () => {
      if ($('f-preset').value) {
        const [from, to] = presetRange($('f-preset').value);
        $('f-from').value = from;
        $('f-to').value = to;
      }
    });
    ['f-from', 'f-to'].forEach((id) => $(id).addEventListener('change', () => { $('f-preset').value = ''; }));
    document.addEventListener('click', (e) => {
      const key = e.target && e.target.dataset ? e.target.dataset.csv : null;
      const source = key && csvSources[key];
      if (!source) return;
      const f = readFilters();
      // the same question as the table, with every row the API gives in one answer
      const params = source.path === '/v1/spend' ? Object.assign({}, source.params, { limit: 10000 }) : source.params;
      downloadCsv(source.path, params, 'tokenledger-' + source.name + '-' + f.from + '-' + f.to + '.csv')
        .catch((err) => { $('errors').textContent = 'CSV: ' + err.message; });
    });
    window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  }

  document.addEventListener('DOMContentLoaded', () => {
    takeTokenFromFragment();
    wire();
    if (token()) start();
    else signOut('');
  });
})();
