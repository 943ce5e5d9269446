'use strict';

// The orchestrator dashboard. Everything shown comes from the admin API and the event
// stream; nothing is invented here. Renders are coalesced (a few per second at most) and the
// server table only builds the rows in view, so thousands of servers do not freeze the tab.
(() => {
  const TOKEN_KEY = 'orchestrator.adminToken';
  const ROW_HEIGHT = 40;
  const OVERSCAN = 6;
  const MIN_RENDER_GAP_MS = 250;
  const QUEUE_REFRESH_MS = 10000;
  const SERVER_RECONCILE_MS = 30000;
  const RECENT_LIMIT = 50;
  const STATUS_ORDER = ['not_responding', 'busy', 'idle', 'not_initialized', 'offline'];
  const EVENT_TYPES = ['server_connected', 'server_disconnected', 'server_status',
    'server_heartbeat', 'map_created', 'map_deleted', 'map_retried', 'job_assigned',
    'job_completed', 'job_failed', 'job_timed_out', 'job_requeued', 'job_revoked', 'map_error',
    'map_moved', 'command_sent'];

  const $ = (id) => document.getElementById(id);
  const state = {
    servers: new Map(),
    jobs: new Map(),
    queue: null,
    errorMaps: [],
    minutes: new Map(),
    recent: [],
    lastId: null,
    clockOffset: 0,
    sortKey: 'server_id',
    sortDir: 1,
    filter: '',
    statusFilter: '',
  };
  const dirty = { list: true, queue: true, chart: true, recent: true };
  let visibleRows = [];
  let source = null;
  let renderPending = false;
  let lastRender = 0;
  let queueWanted = false;
  let errorsWanted = false;
  const staleServers = new Set();
  let generation = 0;
  let readSeq = 0;

  class AuthError extends Error {
    constructor(hadToken) {
      super('unauthorized');
      this.hadToken = hadToken;
    }
  }

  function now() {
    return Date.now() + state.clockOffset;
  }

  async function api(path, options = {}) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = Object.assign({}, options.headers || {});
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(path, Object.assign({}, options, { headers, cache: 'no-store' }));
    if (response.status === 401) {
      throw new AuthError(Boolean(token));
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body && body.message ? body.message : 'HTTP ' + response.status);
    }
    return body;
  }

  // ---- connection -------------------------------------------------------------------------

  function setStreamState(value) {
    const pill = $('stream-state');
    pill.dataset.state = value;
    pill.textContent = value;
  }

  function showBanner(text) {
    const banner = $('banner');
    banner.textContent = text || '';
    banner.hidden = !text;
  }

  function showAuth(hadToken) {
    closeStream();
    setStreamState('unauthorized');
    $('board').hidden = true;
    $('auth').hidden = false;
    $('auth-message').textContent = hadToken
      ? 'The admin token was refused (HTTP 401 Unauthorized). Check it and paste it again.'
      : 'This host requires the admin token: the API answered HTTP 401 Unauthorized. '
        + 'Paste the admin token to continue.';
    $('auth-token').value = '';
    $('auth-token').focus();
  }

  async function start() {
    const mine = ++generation;
    closeStream();
    setStreamState('connecting');
    try {
      await loadAll();
      if (mine !== generation) {
        return;
      }
      $('auth').hidden = true;
      $('board').hidden = false;
      showBanner('');
      await openStream(mine);
    } catch (error) {
      failed(error, mine);
    }
  }

  function failed(error, mine) {
    if (mine !== generation) {
      return;
    }
    if (error instanceof AuthError) {
      showAuth(error.hadToken);
      return;
    }
    setStreamState('reconnecting');
    showBanner('Cannot reach the host: ' + error.message + '. Retrying…');
    setTimeout(() => {
      if (mine === generation) {
        start();
      }
    }, 3000);
  }

  function closeStream() {
    if (source) {
      source.close();
      source = null;
    }
  }

  async function openStream(mine) {
    const issued = await api('/api/events/token/', { method: 'POST' });
    if (mine !== generation) {
      return;
    }
    let url = '/api/events/?token=' + encodeURIComponent(issued.token);
    if (state.lastId !== null) {
      url += '&last_event_id=' + encodeURIComponent(state.lastId);
    }
    const stream = new EventSource(url);
    source = stream;
    EVENT_TYPES.forEach((type) => stream.addEventListener(type, onEvent));
    stream.addEventListener('reset', () => {
      // The host's buffer no longer holds what we missed: re-read everything.
      start();
    });
    stream.onopen = () => {
      setStreamState('live');
      showBanner('');
    };
    stream.onerror = () => {
      if (stream !== source) {
        return;
      }
      setStreamState('reconnecting');
      if (stream.readyState === EventSource.CLOSED) {
        // The browser gave up (for instance the query token expired): get a new token and
        // resume from the last event seen.
        source = null;
        setTimeout(() => {
          if (mine === generation) {
            openStream(mine).catch((error) => failed(error, mine));
          }
        }, 2000);
      }
    };
  }

  // ---- loading ----------------------------------------------------------------------------

  async function loadAll() {
    const summary = await api('/api/events/summary/');
    state.lastId = summary.latest_id;
    state.clockOffset = Date.parse(summary.now) - Date.now();
    state.minutes.clear();
    summary.minutes.forEach((m) => {
      state.minutes.set(Math.floor(Date.parse(m.start) / 60000), { c: m.completed, f: m.failed });
    });
    state.recent = summary.recent.slice(0, RECENT_LIMIT);
    state.jobs.clear();
    summary.jobs.forEach((job) => {
      state.jobs.set(job.server_id, {
        map_id: job.map_id, job_id: job.job_id, since: Date.parse(job.assigned_at),
      });
    });
    const [servers, queue, errors] = await Promise.all([
      api('/api/servers/'), api('/api/queue/'), api('/api/maps/?status=error&limit=100')]);
    state.servers.clear();
    servers.servers.forEach((json) => putServer(json));
    state.queue = queue;
    state.errorMaps = errors.maps;
    Object.keys(dirty).forEach((key) => { dirty[key] = true; });
    scheduleRender();
  }

  // Reads can finish out of order; a record never replaces one from a later read.
  function putServer(json, seq = ++readSeq) {
    const known = state.servers.get(json.server_id);
    if (known && known.readSeq > seq) {
      return;
    }
    state.servers.set(json.server_id, {
      readSeq: seq,
      helloPending: Boolean(known && known.helloPending),
      capacity: json.capacity || 1,
      leases: (json.current_tasks || []).length,
      reportedBusy: json.status === 'busy'
        && (json.current_tasks || []).length < (json.capacity || 1),
      server_id: json.server_id,
      server_ip: json.server_ip,
      status: json.status,
      cpu_usage: json.cpu_usage,
      ram_usage: json.ram_usage,
      disk_usage: json.disk_usage,
      current_task: json.current_task,
      last_heartbeat: json.last_heartbeat ? Date.parse(json.last_heartbeat) : null,
      total_assigned_map: json.total_assigned_map,
      total_completed_map: json.total_completed_map,
      total_failed_map: json.total_failed_map,
    });
  }

  function server(id) {
    let s = state.servers.get(id);
    if (!s) {
      s = {
        server_id: id, server_ip: null, status: 'offline', cpu_usage: null, ram_usage: null,
        disk_usage: null, current_task: null, last_heartbeat: null, total_assigned_map: 0,
        capacity: 1, leases: 0, reportedBusy: false, readSeq: 0, helloPending: false,
        total_completed_map: 0, total_failed_map: 0,
      };
      state.servers.set(id, s);
      staleServers.add(id);
    }
    return s;
  }

  async function refreshStale() {
    if (staleServers.size === 0) {
      return;
    }
    const ids = Array.from(staleServers);
    staleServers.clear();
    const seq = ++readSeq;
    try {
      if (ids.length > 50) {
        const all = await api('/api/servers/');
        all.servers.forEach((json) => putServer(json, seq));
      } else {
        const found = await Promise.all(ids.map((id) =>
          api('/api/server/' + encodeURIComponent(id) + '/').catch(() => null)));
        found.filter(Boolean).forEach((json) => putServer(json, seq));
      }
      dirty.list = true;
      scheduleRender();
    } catch (error) {
      ids.forEach((id) => staleServers.add(id));
    }
  }

  async function refreshQueue() {
    const wantErrors = errorsWanted;
    queueWanted = false;
    errorsWanted = false;
    try {
      state.queue = await api('/api/queue/');
      if (wantErrors) {
        state.errorMaps = (await api('/api/maps/?status=error&limit=100')).maps;
      }
      dirty.queue = true;
      scheduleRender();
    } catch (error) {
      if (error instanceof AuthError) {
        failed(error, generation);
      }
    }
  }

  async function reconcileServers() {
    try {
      const all = await api('/api/servers/');
      const seen = new Set();
      all.servers.forEach((json) => {
        seen.add(json.server_id);
        putServer(json);
      });
      Array.from(state.servers.keys()).filter((id) => !seen.has(id))
        .forEach((id) => state.servers.delete(id));
      dirty.list = true;
      scheduleRender();
    } catch (error) {
      if (error instanceof AuthError) {
        failed(error, generation);
      }
    }
  }

  // ---- events -----------------------------------------------------------------------------

  function onEvent(message) {
    const event = JSON.parse(message.data);
    state.lastId = event.id;
    apply(event);
    scheduleRender();
  }

  function number(text) {
    const value = parseFloat(text);
    return Number.isFinite(value) ? value : null;
  }

  function apply(event) {
    const time = Date.parse(event.time);
    const details = event.details || {};
    const s = event.server_id ? server(event.server_id) : null;
    switch (event.type) {
      case 'server_connected':
        s.status = 'idle';
        s.helloPending = true;
        s.last_heartbeat = time;
        staleServers.add(s.server_id);
        break;
      case 'server_disconnected':
        s.status = 'offline';
        break;
      case 'server_status':
        s.status = details.status;
        if (s.status === 'busy' && s.leases < s.capacity) {
          s.reportedBusy = true;
        } else if (s.status === 'idle') {
          s.reportedBusy = false;
        }
        break;
      case 'server_heartbeat':
        s.last_heartbeat = time;
        // A hello (address, labels) raises no event of its own; it comes before the first
        // heartbeat, so a re-read then picks it up.
        if (s.helloPending) {
          s.helloPending = false;
          staleServers.add(s.server_id);
        }
        ['cpu_usage', 'ram_usage', 'disk_usage'].forEach((key) => {
          if (details[key] !== undefined) {
            s[key] = number(details[key]);
          }
        });
        break;
      case 'job_assigned':
        s.current_task = event.map_id;
        s.total_assigned_map += 1;
        s.leases += 1;
        deriveStatus(s);
        state.jobs.set(s.server_id, { map_id: event.map_id, job_id: event.job_id, since: time });
        queueWanted = true;
        break;
      case 'job_completed':
      case 'job_failed':
      case 'job_timed_out':
      case 'job_revoked':
        if (s) {
          if (event.type === 'job_completed') {
            s.total_completed_map += 1;
          } else if (event.type !== 'job_revoked') {
            s.total_failed_map += 1;
          }
          s.leases = Math.max(0, s.leases - 1);
          deriveStatus(s);
          const job = state.jobs.get(s.server_id);
          if (job && job.job_id === event.job_id) {
            state.jobs.delete(s.server_id);
            s.current_task = null;
          }
        }
        if (event.type !== 'job_revoked') {
          countMinute(time, event.type === 'job_completed');
          state.recent.unshift(event);
          state.recent.length = Math.min(state.recent.length, RECENT_LIMIT);
          dirty.recent = true;
        }
        queueWanted = true;
        break;
      case 'map_error':
      case 'map_retried':
      case 'map_deleted':
        queueWanted = true;
        errorsWanted = true;
        break;
      case 'map_created':
      case 'job_requeued':
        queueWanted = true;
        break;
      default:
        break;
    }
    dirty.list = true;
  }

  // The host raises no status event when leases alone make a server busy or idle again, so
  // this mirrors its rule: busy when it said so or when every slot holds a job.
  function deriveStatus(s) {
    if (s.status !== 'idle' && s.status !== 'busy') {
      return;
    }
    s.status = s.reportedBusy || s.leases >= s.capacity ? 'busy' : 'idle';
  }

  function countMinute(time, completed) {
    const minute = Math.floor(time / 60000);
    const bucket = state.minutes.get(minute) || { c: 0, f: 0 };
    if (completed) {
      bucket.c += 1;
    } else {
      bucket.f += 1;
    }
    state.minutes.set(minute, bucket);
    dirty.chart = true;
  }

  // ---- rendering --------------------------------------------------------------------------

  function scheduleRender() {
    if (renderPending) {
      return;
    }
    renderPending = true;
    const wait = Math.max(0, lastRender + MIN_RENDER_GAP_MS - Date.now());
    setTimeout(() => requestAnimationFrame(render), wait);
  }

  function render() {
    renderPending = false;
    lastRender = Date.now();
    if (dirty.list) {
      rebuildList();
      dirty.list = false;
    }
    renderTiles();
    renderRows();
    if (dirty.queue) {
      renderQueue();
      dirty.queue = false;
    }
    if (dirty.chart) {
      renderChart();
      dirty.chart = false;
    }
    if (dirty.recent) {
      renderRecent();
      dirty.recent = false;
    }
  }

  function sortValue(s, key, at) {
    switch (key) {
      case 'status':
        return STATUS_ORDER.indexOf(s.status);
      case 'heartbeat_age':
        return s.last_heartbeat === null ? Infinity : at - s.last_heartbeat;
      case 'job_age': {
        const job = state.jobs.get(s.server_id);
        return job ? at - job.since : -1;
      }
      case 'server_id':
        return s.server_id;
      default:
        return s[key] === null || s[key] === undefined ? -1 : s[key];
    }
  }

  function rebuildList() {
    const filter = state.filter.trim().toLowerCase();
    const at = now();
    const rows = [];
    state.servers.forEach((s) => {
      if (state.statusFilter && s.status !== state.statusFilter) {
        return;
      }
      if (filter) {
        const hay = (s.server_id + ' ' + (s.server_ip || '') + ' ' + (s.current_task || ''))
          .toLowerCase();
        if (!hay.includes(filter)) {
          return;
        }
      }
      rows.push(s);
    });
    const key = state.sortKey;
    const dir = state.sortDir;
    rows.sort((a, b) => {
      const x = sortValue(a, key, at);
      const y = sortValue(b, key, at);
      if (x < y) {
        return -dir;
      }
      if (x > y) {
        return dir;
      }
      return a.server_id < b.server_id ? -1 : a.server_id > b.server_id ? 1 : 0;
    });
    visibleRows = rows;
    $('spacer').style.height = (rows.length * ROW_HEIGHT) + 'px';
    // Grows with the fleet up to the stylesheet's max-height, then scrolls.
    $('viewport').style.height = Math.max(3, rows.length) * ROW_HEIGHT + 'px';
    $('servers-empty').hidden = rows.length > 0;
    $('server-count').textContent = rows.length === state.servers.size
      ? state.servers.size + ' servers'
      : rows.length + ' of ' + state.servers.size + ' servers';
    document.querySelectorAll('.th').forEach((th) => {
      if (th.dataset.sort === key) {
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    });
  }

  function formatAge(ms) {
    if (ms === null || !Number.isFinite(ms)) {
      return '–';
    }
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) {
      return s + 's';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    }
    return Math.floor(s / 86400) + 'd';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  const rowPool = [];

  function makeRow() {
    const row = el('div', 'row srow');
    row.setAttribute('role', 'row');
    const cells = {
      status: el('div', 'cell status'),
      id: el('div', 'cell'),
      cpu: bar(),
      ram: bar(),
      disk: bar(),
      job: el('div', 'cell'),
      heartbeat: el('div', 'cell age'),
      counters: el('div', 'cell counters'),
    };
    cells.sid = el('span', 'sid');
    cells.ip = el('span', 'ip');
    cells.id.append(cells.sid, cells.ip);
    Object.values(cells).forEach((cell) => {
      if (cell.parentNode === null && cell !== cells.sid && cell !== cells.ip) {
        cell.setAttribute('role', 'cell');
        row.appendChild(cell);
      }
    });
    row.cells = cells;
    $('viewport').appendChild(row);
    return row;
  }

  function bar() {
    const node = el('div', 'cell bar');
    node.fill = el('span');
    node.label = el('em');
    node.append(node.fill, node.label);
    return node;
  }

  function setBar(node, value) {
    if (value === null || value === undefined) {
      node.fill.style.width = '0';
      node.label.textContent = '–';
      return;
    }
    const pct = Math.max(0, Math.min(100, value));
    node.fill.style.width = pct + '%';
    node.fill.className = pct >= 90 ? 'hot' : pct >= 70 ? 'warm' : '';
    node.label.textContent = Math.round(value) + '%';
  }

  function renderRows() {
    const viewport = $('viewport');
    const at = now();
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const count = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(visibleRows.length, first + count);
    while (rowPool.length < last - first) {
      rowPool.push(makeRow());
    }
    rowPool.forEach((row, i) => {
      const s = visibleRows[first + i];
      if (!s || first + i >= last) {
        row.hidden = true;
        return;
      }
      row.hidden = false;
      row.style.transform = 'translateY(' + ((first + i) * ROW_HEIGHT) + 'px)';
      row.dataset.serverId = s.server_id;
      row.dataset.status = s.status;
      const c = row.cells;
      c.status.className = 'cell status ' + s.status;
      c.status.textContent = s.status.replace('_', ' ');
      c.sid.textContent = s.server_id;
      c.ip.textContent = s.server_ip || '';
      setBar(c.cpu, s.cpu_usage);
      setBar(c.ram, s.ram_usage);
      setBar(c.disk, s.disk_usage);
      const job = state.jobs.get(s.server_id);
      if (job) {
        c.job.textContent = job.map_id + ' · ' + formatAge(at - job.since);
      } else {
        c.job.textContent = s.current_task ? s.current_task : '–';
      }
      c.heartbeat.textContent = s.last_heartbeat === null ? '–'
        : formatAge(at - s.last_heartbeat) + ' ago';
      c.counters.textContent = s.total_assigned_map + ' / ' + s.total_completed_map + ' / '
        + s.total_failed_map;
      c.counters.dataset.completed = s.total_completed_map;
    });
  }

  function renderTiles() {
    let online = 0;
    const byStatus = {};
    state.servers.forEach((s) => {
      byStatus[s.status] = (byStatus[s.status] || 0) + 1;
      if (s.status === 'idle' || s.status === 'busy') {
        online += 1;
      }
    });
    $('t-online').textContent = online;
    $('t-servers').textContent = (byStatus.idle || 0) + ' idle · ' + (byStatus.busy || 0)
      + ' busy · ' + (byStatus.not_responding || 0) + ' not responding · '
      + (byStatus.offline || 0) + ' offline';
    const q = state.queue;
    if (!q) {
      return;
    }
    $('t-due').textContent = q.due_now;
    $('t-oldest').textContent = q.due_now > 0
      ? 'oldest due ' + formatAge(q.oldest_due_age_s * 1000) + ' ago' : 'nothing overdue';
    $('t-leased').textContent = q.leased;
    $('t-queued').textContent = q.by_status.queued + ' queued · ' + q.by_status.processing
      + ' processing';
    $('t-error').textContent = q.by_status.error;
    $('t-completed').textContent = q.by_status.completed + ' completed';
  }

  function renderQueue() {
    const list = $('error-maps');
    list.replaceChildren();
    if (state.errorMaps.length === 0) {
      list.appendChild(el('li', 'none', 'None.'));
    }
    state.errorMaps.forEach((map) => {
      const item = el('li');
      item.dataset.mapId = map.map_id;
      const text = el('span', 'grow');
      text.appendChild(el('strong', null, map.map_id));
      text.appendChild(document.createTextNode(' ' + (map.last_error || '')));
      text.title = map.last_error || '';
      const retry = el('button', 'retry', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => retryMap(map.map_id, retry));
      item.append(text, retry);
      list.appendChild(item);
    });
    const waiting = $('waiting-maps');
    waiting.replaceChildren();
    const ids = state.queue ? state.queue.waiting_maps : [];
    if (ids.length === 0) {
      waiting.appendChild(el('li', 'none', 'None: every due map has a server that can take it.'));
    }
    ids.slice(0, 20).forEach((id) => waiting.appendChild(el('li', 'grow', id)));
    if (ids.length > 20) {
      waiting.appendChild(el('li', 'none', '… and ' + (ids.length - 20) + ' more'));
    }
    $('q-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  async function retryMap(mapId, button) {
    const message = $('retry-message');
    button.disabled = true;
    try {
      await api('/api/map/' + encodeURIComponent(mapId) + '/retry/', { method: 'POST' });
      message.className = 'message';
      message.textContent = mapId + ' is queued again.';
      state.errorMaps = state.errorMaps.filter((map) => map.map_id !== mapId);
      dirty.queue = true;
      queueWanted = true;
      scheduleRender();
    } catch (error) {
      button.disabled = false;
      if (error instanceof AuthError) {
        failed(error, generation);
        return;
      }
      message.className = 'message bad';
      message.textContent = 'Retry of ' + mapId + ' failed: ' + error.message;
    }
  }

  async function moveMap(event) {
    event.preventDefault();
    const message = $('move-message');
    const button = event.target.querySelector('button');
    const mapId = $('move-map').value.trim();
    const body = { to_server: $('move-to').value.trim(), mode: $('move-mode').value };
    button.disabled = true;
    try {
      const receipt = await api('/api/map/' + encodeURIComponent(mapId) + '/move/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      message.className = 'message';
      message.textContent = receipt.outcome === 'moved'
        ? mapId + ' restarted on ' + receipt.to_server + '.'
        : mapId + "'s next round goes to " + receipt.to_server + '.';
      queueWanted = true;
    } catch (error) {
      if (error instanceof AuthError) {
        failed(error, generation);
        return;
      }
      message.className = 'message bad';
      message.textContent = 'Move of ' + mapId + ' failed: ' + error.message;
    } finally {
      button.disabled = false;
    }
  }

  function renderChart() {
    const canvas = $('chart');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0) {
      return;
    }
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const current = Math.floor(now() / 60000);
    const buckets = [];
    let completed = 0;
    let failedJobs = 0;
    let peak = 0;
    for (let minute = current - 59; minute <= current; minute++) {
      const b = state.minutes.get(minute) || { c: 0, f: 0 };
      buckets.push(b);
      completed += b.c;
      failedJobs += b.f;
      peak = Math.max(peak, b.c + b.f);
    }
    Array.from(state.minutes.keys()).filter((m) => m < current - 59)
      .forEach((m) => state.minutes.delete(m));
    const scale = 4 * niceCeiling(Math.max(1, peak / 4));
    const left = 34;
    const bottom = height - 20;
    const top = 8;
    const plotWidth = width - left - 6;
    const slot = plotWidth / 60;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#8b98a6';
    ctx.strokeStyle = '#27323d';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let i = 0; i <= 4; i++) {
      const value = (scale / 4) * i;
      const y = Math.round(bottom - ((bottom - top) * i) / 4) + 0.5;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(width - 6, y);
      ctx.stroke();
      ctx.fillText(String(value), left - 6, y);
    }
    buckets.forEach((b, i) => {
      const x = left + i * slot + 1;
      const w = Math.max(1, slot - 2);
      const hc = ((bottom - top) * b.c) / scale;
      const hf = ((bottom - top) * b.f) / scale;
      ctx.fillStyle = '#3ecf8e';
      ctx.fillRect(x, bottom - hc, w, hc);
      ctx.fillStyle = '#ff5d5d';
      ctx.fillRect(x, bottom - hc - hf, w, hf);
    });
    ctx.fillStyle = '#8b98a6';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    [60, 45, 30, 15].forEach((ago) => {
      ctx.fillText('-' + ago + 'm', left + (60 - ago) * slot, bottom + 5);
    });
    ctx.textAlign = 'right';
    ctx.fillText('now', width - 6, bottom + 5);
    canvas.dataset.completions = completed;
    canvas.dataset.failures = failedJobs;
    canvas.setAttribute('aria-label', completed + ' completions and ' + failedJobs
      + ' failures in the last hour, per minute');
    const legend = $('chart-legend');
    legend.replaceChildren(el('span', 'c', '■ ' + completed + ' completed'),
      document.createTextNode('  '), el('span', 'f', '■ ' + failedJobs + ' failed'));
  }

  function niceCeiling(value) {
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 5, 10];
    for (const step of steps) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  function renderRecent() {
    const list = $('history');
    list.replaceChildren();
    if (state.recent.length === 0) {
      list.appendChild(el('li', 'none', 'No job has finished since this host started.'));
    }
    state.recent.forEach((event) => {
      const item = el('li');
      item.dataset.type = event.type;
      item.dataset.mapId = event.map_id;
      const label = event.type === 'job_completed' ? 'completed'
        : event.type === 'job_timed_out' ? 'timed out' : 'failed';
      const text = el('span', 'grow');
      text.appendChild(el('strong', null, event.map_id));
      let tail = ' on ' + event.server_id;
      if (event.details && event.details.error && event.type !== 'job_completed') {
        tail += ': ' + event.details.error;
      }
      text.appendChild(document.createTextNode(tail));
      item.append(el('span', 'badge ' + event.type, label), text,
        el('span', 'age', new Date(Date.parse(event.time)).toLocaleTimeString()));
      list.appendChild(item);
    });
  }

  // ---- wiring -----------------------------------------------------------------------------

  function wire() {
    $('auth-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('auth-token').value.trim();
      if (token) {
        sessionStorage.setItem(TOKEN_KEY, token);
        start();
      }
    });
    $('move-form').addEventListener('submit', moveMap);
    $('filter').addEventListener('input', (event) => {
      state.filter = event.target.value;
      dirty.list = true;
      scheduleRender();
    });
    $('status-filter').addEventListener('change', (event) => {
      state.statusFilter = event.target.value;
      dirty.list = true;
      scheduleRender();
    });
    document.querySelectorAll('.th').forEach((th) => {
      th.addEventListener('click', () => {
        const key = th.dataset.sort;
        state.sortDir = state.sortKey === key ? -state.sortDir : 1;
        state.sortKey = key;
        dirty.list = true;
        scheduleRender();
      });
    });
    $('viewport').addEventListener('scroll', scheduleRender, { passive: true });
    window.addEventListener('resize', () => {
      dirty.chart = true;
      scheduleRender();
    });
    setInterval(() => {
      if (source === null) {
        return;
      }
      refreshStale();
      if (queueWanted || errorsWanted) {
        refreshQueue();
      }
      // Ages move with time, and sorting by an age must follow them.
      if (state.sortKey === 'heartbeat_age' || state.sortKey === 'job_age') {
        dirty.list = true;
      }
      dirty.chart = true;
      scheduleRender();
    }, 1000);
    setInterval(() => {
      if (source !== null) {
        queueWanted = true;
      }
    }, QUEUE_REFRESH_MS);
    setInterval(() => {
      if (source !== null) {
        reconcileServers();
      }
    }, SERVER_RECONCILE_MS);
  }

  wire();
  start();
})();
