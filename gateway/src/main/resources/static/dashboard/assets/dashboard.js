// The dashboard: polls the gateway's admin routes (opened for reading by the login cookie) and draws them.
(function () {
  'use strict';
  const REFRESH_MS = 2000;
  const THROUGHPUT_POINTS = 90;
  const t = (key, fallback) => I18N.t(key, fallback);
  const $ = id => document.getElementById(id);

  const state = { lastTotal: null, lastAt: null, throughput: [], usage: null, recent: null, backends: null,
    top: null, statistics: null, tokenInfo: null, gpus: null };
  let throughputChart = null;
  let topChart = null;

  async function getJson(url, payload) {
    const response = await fetch(url, payload === undefined
      ? { credentials: 'same-origin', headers: { Accept: 'application/json' } }
      : { method: 'POST', credentials: 'same-origin', body: JSON.stringify(payload),
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' } });
    if (response.status === 401 || response.status === 403) {
      location.href = '/dashboard/login';
      throw new Error('logged out');
    }
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body && body.error ? body.error.message : 'HTTP ' + response.status);
    }
    return body;
  }

  const number = value => (value === null || value === undefined ? '–' : Number(value).toLocaleString(I18N.locale()));
  const millis = value => (value === null || value === undefined ? '–' : Math.round(value).toLocaleString(I18N.locale()) + ' ms');
  const percent = value => (value === null || value === undefined ? '–' : (100 * value).toFixed(1) + '%');

  function cell(row, text, attributes) {
    const td = document.createElement('td');
    td.textContent = text;
    Object.entries(attributes || {}).forEach(([name, value]) => td.setAttribute(name, value));
    row.appendChild(td);
    return td;
  }

  /** "used / limit" with a bar; a limit of 0 is none. */
  function meter(row, metric, used, limit) {
    const td = cell(row, '', { 'data-metric': metric });
    const label = document.createElement('span');
    label.className = 'meter-label';
    label.textContent = number(used) + ' / ' + (limit > 0 ? number(limit) : '∞');
    const bar = document.createElement('span');
    bar.className = 'meter';
    const fill = document.createElement('span');
    const share = limit > 0 ? Math.min(1, used / limit) : 0;
    fill.className = share >= 1 ? 'full' : share >= 0.8 ? 'high' : '';
    fill.style.width = (100 * share).toFixed(1) + '%';
    bar.appendChild(fill);
    td.append(label, bar);
  }

  function renderUsage() {
    if (!state.usage) {
      return;
    }
    const body = document.querySelector('#usage-table tbody');
    body.replaceChildren();
    state.usage.users.forEach(user => {
      const row = document.createElement('tr');
      row.dataset.user = user.user;
      const name = cell(row, user.display_name, { title: user.user + (user.description ? ' — ' + user.description : '') });
      name.className = 'name';
      meter(row, 'rpm', user.usage.requests_last_minute, user.limits.rpm);
      meter(row, 'tpm', user.usage.tokens_last_minute, user.limits.tpm);
      meter(row, 'tph', user.usage.tokens_last_hour, user.limits.tph);
      meter(row, 'tpd', user.usage.tokens_today, user.limits.tpd);
      meter(row, 'month', user.usage.tokens_this_month, user.limits.monthly_tokens);
      cell(row, user.team ? user.team.display_name : '–', { 'data-field': 'team' });
      cell(row, number(user.usage.in_flight), { 'data-metric': 'in-flight' });
      const cooling = user.cooldown_until && new Date(user.cooldown_until) > new Date();
      const stateKey = user.suspended ? 'state.suspended' : cooling ? 'state.cooldown' : 'state.ok';
      const status = cell(row, t(stateKey), { 'data-metric': 'state' });
      status.className = 'badge ' + (stateKey === 'state.ok' ? 'up' : 'down');
      const reset = document.createElement('button');
      reset.type = 'button';
      reset.className = 'small secondary';
      reset.dataset.action = 'reset';
      reset.textContent = t('action.reset');
      reset.addEventListener('click', () => resetUsage(user));
      cell(row, '').appendChild(reset);
      body.appendChild(row);
    });
    $('user-count').textContent = number(state.usage.users.length);
  }

  const todayTokens = () => state.statistics.today.prompt_tokens + state.statistics.today.completion_tokens;

  function renderStatistics() {
    if (!state.statistics) {
      return;
    }
    $('today-requests').textContent = number(state.statistics.today.requests);
    $('today-tokens').textContent = number(todayTokens());
    const select = $('calc-model');
    if (select.options.length === 0) {
      state.statistics.models.forEach(model => select.add(new Option(model, model)));
    }
  }

  function renderRecent() {
    if (!state.recent) {
      return;
    }
    const body = document.querySelector('#recent-table tbody');
    body.replaceChildren();
    if (state.recent.requests.length === 0) {
      const row = document.createElement('tr');
      cell(row, t('recent.none'), { colspan: '8' }).className = 'hint';
      body.appendChild(row);
    }
    state.recent.requests.forEach(request => {
      const row = document.createElement('tr');
      row.dataset.outcome = request.outcome;
      if (request.reason) {
        row.dataset.reason = request.reason;
      }
      row.dataset.user = request.user;
      cell(row, new Date(request.time).toLocaleTimeString(I18N.locale()));
      cell(row, request.display_name);
      cell(row, request.model + (request.stream ? ' ⇢' : ''));
      const outcome = cell(row, t('outcome.' + request.outcome), { 'data-field': 'outcome' });
      outcome.className = 'badge ' + (request.outcome === 'completed' ? 'up' : 'down');
      // A code without a translation (a new refusal reason) is shown as it is.
      cell(row, request.reason ? t('reason.' + request.reason, request.reason) +
        (request.status ? ' (' + request.status + ')' : '') : '', { 'data-field': 'reason' });
      cell(row, request.outcome === 'refused' || request.outcome === 'unavailable' ? '–'
        : number(request.prompt_tokens) + ' + ' + number(request.completion_tokens));
      cell(row, millis(request.upstream_ms !== null ? request.upstream_ms : request.admission_ms));
      cell(row, millis(request.time_to_first_token_ms));
      body.appendChild(row);
    });
    $('refusal-count').textContent = number(state.recent.requests.filter(r => r.outcome === 'refused').length);
  }

  function renderBackends() {
    if (!state.backends) {
      return;
    }
    const body = document.querySelector('#backend-table tbody');
    body.replaceChildren();
    state.backends.models.forEach(({ backend, gateway, parity }) => {
      const row = document.createElement('tr');
      row.dataset.model = backend.model;
      cell(row, backend.model).className = 'name';
      cell(row, backend.engine);
      const health = backend.checked_at ? (backend.up ? 'health.up' : 'health.down') : 'health.unknown';
      const status = cell(row, t(health) + (backend.up ? ' · ' + millis(backend.health_latency_ms) : ''),
        { 'data-field': 'health' });
      status.className = 'badge ' + (backend.up ? 'up' : 'down');
      const load = backend.load;
      cell(row, load ? number(load.running) : '–', { 'data-field': 'running' });
      cell(row, load ? number(load.waiting) : '–', { 'data-field': 'waiting' });
      cell(row, load ? percent(load.kv_cache_usage) : '–', { 'data-field': 'kv-cache' });
      cell(row, load && load.generation_tokens_per_second !== null ? number(Math.round(load.generation_tokens_per_second)) : '–');
      cell(row, load ? millis(load.time_to_first_token_ms) : '–');
      cell(row, millis(gateway.upstream_p50_ms) + ' / ' + millis(gateway.upstream_p95_ms));
      cell(row, millis(gateway.time_to_first_token_p50_ms) + ' / ' + millis(gateway.time_to_first_token_p95_ms));
      parityCell(row, parity);
      body.appendChild(row);
    });
  }

  /** Whether the backend counts prompts as the gateway does; the detail (why, or the first difference) on hover. */
  function parityCell(row, parity) {
    const signed = parity.drift_tokens > 0 ? '+' + parity.drift_tokens : String(parity.drift_tokens);
    const text = parity.state === 'drift'
      ? t(parity.uniform ? 'parity.drift' : 'parity.driftUpTo').replace('{n}', signed)
      : t('parity.' + parity.state);
    const td = cell(row, text, { 'data-field': 'parity', 'data-state': parity.state, title: parity.detail || '' });
    td.className = 'badge ' + { exact: 'up', drift: 'drift', unknown: '' }[parity.state];
  }

  function renderQueues() {
    if (!state.queues) {
      return;
    }
    const body = document.querySelector('#queue-table tbody');
    body.replaceChildren();
    if (state.queues.models.length === 0) {
      const row = document.createElement('tr');
      cell(row, t('queues.none'), { colspan: 6 });
      body.appendChild(row);
    }
    state.queues.models.forEach(line => {
      const row = document.createElement('tr');
      row.dataset.model = line.model;
      cell(row, line.model).className = 'name';
      cell(row, number(line.capacity_requests), { 'data-field': 'capacity' });
      cell(row, number(line.running), { 'data-field': 'running' });
      cell(row, number(line.waiting.interactive) + ' / ' + number(line.waiting.batch), { 'data-field': 'waiting' });
      cell(row, millis(line.wait_p95_ms.interactive) + ' / ' + millis(line.wait_p95_ms.batch));
      const shares = Object.entries(line.shares).sort((a, b) => b[1] - a[1])
        .map(([user, share]) => user + ' ' + percent(share)).join(' · ');
      cell(row, shares || '–', { 'data-field': 'shares' });
      body.appendChild(row);
    });
  }

  function renderTeams() {
    if (!state.teams) {
      return;
    }
    const body = document.querySelector('#team-table tbody');
    body.replaceChildren();
    if (state.teams.teams.length === 0) {
      const row = document.createElement('tr');
      cell(row, t('teams.none'), { colspan: 7 });
      body.appendChild(row);
    }
    state.teams.teams.forEach(team => {
      const row = document.createElement('tr');
      row.dataset.team = team.name;
      cell(row, team.display_name, { title: team.name + (team.description ? ' — ' + team.description : '') })
        .className = 'name';
      meter(row, 'rpm', team.usage.requests_last_minute, team.limits.rpm);
      meter(row, 'tpm', team.usage.tokens_last_minute, team.limits.tpm);
      meter(row, 'tpd', team.usage.tokens_today, team.limits.tpd);
      meter(row, 'month', team.usage.tokens_this_month, team.limits.monthly_tokens);
      cell(row, number(team.usage.in_flight), { 'data-metric': 'in-flight' });
      const shares = team.members.slice().sort((a, b) => b.share - a.share)
        .map(member => member.display_name + ' ' + percent(member.share)).join(' · ');
      cell(row, shares || '–', { 'data-field': 'members' });
      body.appendChild(row);
    });
  }

  /** The download link follows the form: the browser sends the login cookie with it. */
  function updateExportLink() {
    const query = new URLSearchParams({ format: 'csv', group: $('export-group').value });
    if ($('export-from').value) {
      query.set('from', $('export-from').value);
    }
    if ($('export-to').value) {
      query.set('to', $('export-to').value);
    }
    $('export-download').href = '/admin/usage/export?' + query;
  }

  function recordThroughput() {
    const total = todayTokens();
    const now = Date.now();
    if (state.lastTotal !== null && total >= state.lastTotal) {
      const perMinute = (total - state.lastTotal) * 60000 / (now - state.lastAt);
      state.throughput.push({ x: now, y: Math.round(perMinute) });
      state.throughput.splice(0, Math.max(0, state.throughput.length - THROUGHPUT_POINTS));
    }
    state.lastTotal = total;
    state.lastAt = now;
  }

  function renderCharts() {
    if (typeof Chart === 'undefined') {
      return;
    }
    const animation = { duration: 0 };
    if (!throughputChart) {
      throughputChart = new Chart($('throughput-chart'), {
        type: 'line',
        data: { labels: [], datasets: [{ label: '', data: [], borderColor: '#2563eb', backgroundColor: 'rgba(37,99,235,.15)', fill: true, pointRadius: 0, tension: 0.25 }] },
        options: { animation, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
      topChart = new Chart($('top-chart'), {
        type: 'bar',
        data: { labels: [], datasets: [{ label: '', data: [], backgroundColor: '#0d9488' }] },
        options: { animation, indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } } }
      });
    }
    throughputChart.data.labels = state.throughput.map(point => new Date(point.x).toLocaleTimeString(I18N.locale()));
    throughputChart.data.datasets[0].data = state.throughput.map(point => point.y);
    throughputChart.data.datasets[0].label = t('throughput.series');
    throughputChart.update();
    if (state.top) {
      topChart.data.labels = state.top.users.map(user => user.display_name);
      topChart.data.datasets[0].data = state.top.users.map(user => user.total_tokens);
      topChart.data.datasets[0].label = t('top.series');
      topChart.update();
    }
  }

  function renderTokenInfo() {
    const info = state.tokenInfo;
    if (!info) {
      return;
    }
    const error = info.token_count === 0 ? 0 : (info.heuristic_estimate - info.token_count) / info.token_count;
    const difference = info.heuristic_estimate - info.token_count;
    const direction = error > 0 ? t('calc.over') : error < 0 ? t('calc.under') : t('calc.exactMatch');
    $('calc-exact').textContent = number(info.token_count);
    $('calc-heuristic').textContent = number(info.heuristic_estimate);
    $('calc-diff').textContent = (error > 0 ? '+' : '') + (100 * error).toFixed(1) + '% (' + direction + ', ' +
      (difference > 0 ? '+' : '') + number(difference) + ')';
    $('calc-chars').textContent = number(info.char_count) + ' (' + number(info.hangul_count) + ')';
    $('calc-result').hidden = false;
  }

  function renderGpus() {
    if (!state.gpus) {
      return;
    }
    $('gpus').hidden = !state.gpus.configured;
    const body = document.querySelector('#gpu-table tbody');
    body.replaceChildren();
    state.gpus.exporters.forEach(exporter => {
      if (!exporter.up) {
        const row = document.createElement('tr');
        row.dataset.exporter = exporter.url;
        cell(row, exporter.url).className = 'name';
        const down = cell(row, t('gpus.down'), { colspan: 4, 'data-field': 'health' });
        down.className = 'badge down';
        body.appendChild(row);
      }
      exporter.gpus.forEach(gpu => {
        const row = document.createElement('tr');
        row.dataset.gpu = gpu.uuid || gpu.gpu;
        cell(row, (gpu.model_name || 'GPU') + ' #' + gpu.gpu + (gpu.host ? ' · ' + gpu.host : '')).className = 'name';
        meter(row, 'utilisation', gpu.utilisation_percent, 100);
        meter(row, 'memory', gpu.memory_used_mib, gpu.memory_total_mib);
        cell(row, gpu.temperature_c === null ? '–' : number(gpu.temperature_c) + ' °C', { 'data-field': 'temperature' });
        cell(row, gpu.power_watts === null ? '–' : number(gpu.power_watts) + ' W', { 'data-field': 'power' });
        body.appendChild(row);
      });
    });
  }

  /** A translated text with its {name} placeholders filled. */
  const fill = (key, values) => Object.entries(values).reduce(
    (text, [name, value]) => text.split('{' + name + '}').join(value), t(key));

  /**
   * Asks for the admin key before an action that changes state: a login only reads, so the key itself goes with
   * the one request and is not kept.
   */
  function confirmAction(message, action) {
    const dialog = $('confirm-dialog');
    $('confirm-message').textContent = message;
    $('confirm-key').value = '';
    dialog.onclose = async () => {
      const key = $('confirm-key').value;
      $('confirm-key').value = '';
      if (dialog.returnValue !== 'confirmed' || !key) {
        return;
      }
      const result = $('action-result');
      try {
        result.textContent = await action(key);
        result.className = 'hint';
      } catch (failure) {
        result.textContent = fill('result.failed', { error: failure.message });
        result.className = 'hint error';
      }
      result.hidden = false;
      refresh();
    };
    dialog.returnValue = '';
    dialog.showModal();
  }

  async function withKey(method, url, key) {
    const response = await fetch(url, { method, credentials: 'same-origin',
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + key } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body && body.error ? body.error.message : 'HTTP ' + response.status);
    }
    return body;
  }

  function resetUsage(user) {
    const path = user.user.split('/').map(encodeURIComponent).join('/');
    confirmAction(fill('confirm.reset', { user: user.display_name }), async key => {
      await withKey('DELETE', '/admin/reset-usage/' + path, key);
      return fill('result.reset', { user: user.display_name });
    });
  }

  function reloadConfig() {
    confirmAction(t('confirm.reload'), async key => {
      const reloaded = await withKey('POST', '/admin/reload-config', key);
      return fill('result.reloaded', { users: reloaded.users, models: reloaded.models });
    });
  }

  function renderAll() {
    renderStatistics();
    renderTokenInfo();
    renderUsage();
    renderRecent();
    renderBackends();
    renderQueues();
    renderTeams();
    renderGpus();
    renderCharts();
  }

  // Each section keeps its last answer when its own route fails, so one slow or failing route does not freeze the
  // rest of the page; the banner says that something is stale.
  async function refresh() {
    const period = $('top-period').value;
    const sources = { statistics: '/admin/statistics', usage: '/admin/usage', recent: '/admin/requests?limit=50',
      backends: '/admin/backends', top: '/admin/top-users?limit=10&period=' + encodeURIComponent(period),
      queues: '/admin/queues', teams: '/admin/teams', gpus: '/admin/gpus' };
    const names = Object.keys(sources);
    const answers = await Promise.allSettled(names.map(name => getJson(sources[name])));
    const failed = [];
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') {
        state[names[i]] = answer.value;
      } else {
        failed.push(sources[names[i]] + ': ' + answer.reason.message);
      }
    });
    if (answers[names.indexOf('statistics')].status === 'fulfilled') {
      recordThroughput();
    }
    if (failed.length < names.length) {
      renderAll();
      $('updated').textContent = new Date().toLocaleTimeString(I18N.locale());
    }
    $('connection').hidden = failed.length === 0;
    if (failed.length > 0) {
      console.warn('dashboard refresh: ' + failed.join('; '));
    }
  }

  async function calculate(event) {
    event.preventDefault();
    const text = $('calc-text').value;
    const model = $('calc-model').value;
    $('calc-error').hidden = true;
    try {
      // POSTed: a long prompt does not fit in a URL.
      state.tokenInfo = await getJson('/token-info', { text, model });
      renderTokenInfo();
    } catch (failure) {
      $('calc-error').textContent = failure.message;
      $('calc-error').hidden = false;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('calc-form').addEventListener('submit', calculate);
    $('reload-config').addEventListener('click', reloadConfig);
    $('confirm-cancel').addEventListener('click', () => $('confirm-dialog').close());
    $('confirm-dialog').querySelector('form').addEventListener('submit', event => {
      event.preventDefault();
      $('confirm-dialog').close('confirmed');
    });
    $('calc-text').placeholder = t('calc.placeholder');
    $('top-period').addEventListener('change', refresh);
    ['export-from', 'export-to', 'export-group'].forEach(id => $(id).addEventListener('change', updateExportLink));
    updateExportLink();
    I18N.onChange(() => {
      $('calc-text').placeholder = t('calc.placeholder');
      renderAll();
    });
    refresh();
    setInterval(refresh, REFRESH_MS);
  });
})();
