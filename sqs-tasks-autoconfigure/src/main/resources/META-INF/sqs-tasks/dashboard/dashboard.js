'use strict';
// The sqs-tasks dashboard: no framework, no build step. Every value from the server goes into the page as text
// (textContent, attribute values), never as HTML, since task names, reasons and bodies come from producers.
(function () {
  const FOLD_AT = 300;
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { writable: false, refreshMillis: 5000, openQueue: null, openDepth: null, timer: null };

  function meta(name) {
    const element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  const csrfHeader = meta('csrf-header');
  const csrfToken = meta('csrf-token');

  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
    return element;
  }

  async function request(url, options) {
    const response = await fetch(url, Object.assign({ cache: 'no-store', credentials: 'same-origin' }, options));
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new Error((body && body.error) || (response.status + ' ' + response.statusText));
    }
    return body;
  }

  function post(url) {
    const headers = { Accept: 'application/json' };
    if (csrfHeader && csrfToken) headers[csrfHeader] = csrfToken;
    return request(url, { method: 'POST', headers: headers });
  }

  function queuePath(queue) {
    return 'api/queues/' + encodeURIComponent(queue);
  }

  function number(value) {
    return value === null || value === undefined ? '–' : value.toLocaleString('en');
  }

  function notice(text, error) {
    const box = document.getElementById('notice');
    box.textContent = text;
    box.className = error ? 'notice error' : 'notice';
    box.hidden = false;
  }

  // ---- overview -------------------------------------------------------------------------------------------------

  async function refresh() {
    const status = document.getElementById('status');
    try {
      const overview = await request('api/overview', { headers: { Accept: 'application/json' } });
      state.writable = overview.writable;
      state.refreshMillis = overview.refreshMillis;
      renderQueues(overview.queues);
      renderTasks(overview.tasks, overview.bucketSeconds);
      renderSchedules(overview.schedules);
      renderAccess();
      status.textContent = 'updated ' + new Date().toLocaleTimeString('en-GB') + ' · ' +
        overview.unfinishedMessages + ' in progress here';
      status.className = 'status';
      const open = overview.queues.find((queue) => queue.queue === state.openQueue);
      if (open && open.deadLetterQueue && open.deadLetterQueue.depth !== state.openDepth) {
        state.openDepth = open.deadLetterQueue.depth;
        loadDeadLetters();
      }
    } catch (error) {
      status.textContent = 'cannot refresh: ' + error.message;
      status.className = 'status error';
    }
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, state.refreshMillis);
  }

  function renderAccess() {
    document.getElementById('access').textContent = state.writable ? 'replay, discard and redrive allowed'
      : 'read-only (sqs-tasks.dashboard.access)';
    document.body.classList.toggle('read-only', !state.writable);
  }

  function renderQueues(queues) {
    const body = document.querySelector('#queues tbody');
    body.replaceChildren(...queues.map((queue) => {
      const counts = queue.messages;
      const dlq = queue.deadLetterQueue;
      const cells = [
        el('td', { class: 'queue' }, el('strong', {}, queue.queue),
          queue.consumed ? el('span', { class: 'badge', title: 'this instance listens on it' }, 'consumed') : null),
        el('td', { class: 'name' }, queue.name),
      ];
      if (counts) {
        cells.push(el('td', { class: 'num visible' }, number(counts.visible)),
          el('td', { class: 'num in-flight' }, number(counts.inFlight)),
          el('td', { class: 'num delayed' }, number(counts.delayed)));
      } else {
        cells.push(el('td', { class: 'error', colspan: 3 }, queue.error));
      }
      if (dlq) {
        const depth = dlq.depth;
        cells.push(el('td', { class: 'name' }, dlq.name),
          el('td', { class: 'num dead-letter-depth' + (depth > 0 ? ' alert' : '') },
            depth === null ? el('span', { class: 'error', title: dlq.error }, 'error') : number(depth)));
        const view = el('button', { type: 'button', class: 'view' }, 'Dead letters');
        view.addEventListener('click', () => openDeadLetters(queue.queue, dlq));
        cells.push(el('td', {}, view));
      } else {
        cells.push(el('td', { class: 'muted', colspan: 3 }, 'no dead-letter queue'));
      }
      return el('tr', { 'data-queue': queue.queue }, ...cells);
    }));
  }

  function renderTasks(tasks, bucketSeconds) {
    const body = document.querySelector('#tasks tbody');
    if (tasks.length === 0) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 8, class: 'empty' }, 'No tasks.')));
      return;
    }
    body.replaceChildren(...tasks.map((task) => el('tr', { 'data-queue': task.queue, 'data-task': task.task },
      el('td', {}, task.queue),
      el('td', {}, el('strong', {}, task.task)),
      el('td', { class: 'num succeeded' }, number(task.succeeded)),
      el('td', { class: 'num retried' }, number(task.retried)),
      el('td', { class: 'num dead-lettered' + (task.deadLettered > 0 ? ' alert' : '') }, number(task.deadLettered)),
      el('td', { class: 'num failed' + (task.failed > 0 ? ' alert' : '') }, number(task.failed)),
      el('td', { class: 'chart' }, rateChart(task.history, bucketSeconds)),
      el('td', { class: 'chart' }, latencyChart(task.history, bucketSeconds)))));
  }

  function renderSchedules(schedules) {
    const box = document.getElementById('schedules');
    if (!schedules || schedules.length === 0) {
      box.className = 'empty';
      box.replaceChildren('No schedules.');
      return;
    }
    box.className = '';
    box.replaceChildren(el('ul', {}, ...schedules.map((schedule) =>
      el('li', {}, Object.entries(schedule)
        .map(([key, value]) => key + ': ' + (value === null ? '—' : value)).join(' · ')))));
  }

  // ---- charts: plain SVG ----------------------------------------------------------------------------------------

  const WIDTH = 180;
  const HEIGHT = 34;

  function frame(label) {
    const chart = svg('svg', { width: WIDTH, height: HEIGHT, viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img' });
    chart.setAttribute('aria-label', label);
    const title = svg('title');
    title.textContent = label;
    chart.append(title, svg('line', { x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5, class: 'axis' }));
    return chart;
  }

  function wrap(chart, caption) {
    return el('div', { class: 'spark' }, chart, el('span', { class: 'caption' }, caption));
  }

  function rateChart(history, bucketSeconds) {
    const max = Math.max(...history.map((point) => point.perSecond), 0);
    const handled = Math.round(history.reduce((sum, point) => sum + point.perSecond * bucketSeconds, 0));
    const minutes = Math.round(history.length * bucketSeconds / 60);
    const chart = frame('messages per second in buckets of ' + bucketSeconds + ' s; highest ' + max.toFixed(1));
    const step = WIDTH / history.length;
    history.forEach((point, i) => {
      if (point.perSecond <= 0) return;
      const height = Math.max(1, (point.perSecond / max) * (HEIGHT - 2));
      chart.append(svg('rect', { x: i * step + 0.5, y: HEIGHT - height, width: Math.max(1, step - 1), height: height,
        class: 'bar' }));
      if (point.failedPerSecond > 0) {
        const failed = Math.max(1, (point.failedPerSecond / max) * (HEIGHT - 2));
        chart.append(svg('rect', { x: i * step + 0.5, y: HEIGHT - failed, width: Math.max(1, step - 1),
          height: failed, class: 'bar failed' }));
      }
    });
    return wrap(chart, handled.toLocaleString('en') + ' in ' + minutes + ' min · max ' + max.toFixed(1) + '/s');
  }

  function latencyChart(history, bucketSeconds) {
    const values = history.map((point) => point.latencyMillis);
    const known = values.filter((value) => value !== null);
    const max = Math.max(...known, 0);
    const chart = frame('mean time from enqueue to start in buckets of ' + bucketSeconds + ' s; highest ' +
      duration(max));
    const step = WIDTH / values.length;
    let path = '';
    let pen = false;
    values.forEach((value, i) => {
      if (value === null) {
        pen = false;
        return;
      }
      const x = (i + 0.5) * step;
      const y = HEIGHT - 1 - (max > 0 ? (value / max) * (HEIGHT - 4) : 0);
      path += (pen ? ' L' : ' M') + x.toFixed(1) + ' ' + y.toFixed(1);
      pen = true;
      chart.append(svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 1.3, class: 'dot' }));
    });
    if (path) chart.append(svg('path', { d: path.trim(), class: 'line' }));
    const last = known.length ? known[known.length - 1] : null;
    return wrap(chart, last === null ? 'none started' : 'last ' + duration(last) + ' · max ' + duration(max));
  }

  function duration(millis) {
    if (millis < 1000) return millis + ' ms';
    if (millis < 60000) return (millis / 1000).toFixed(1) + ' s';
    return (millis / 60000).toFixed(1) + ' min';
  }

  // ---- dead letters ---------------------------------------------------------------------------------------------

  function openDeadLetters(queue, deadLetterQueue) {
    state.openQueue = queue;
    state.openDepth = deadLetterQueue.depth;
    document.getElementById('dl-queue').textContent = queue;
    document.getElementById('dl-name').textContent = '(' + deadLetterQueue.name + ')';
    document.getElementById('dead-letters').hidden = false;
    loadDeadLetters();
    document.getElementById('dead-letters').scrollIntoView({ block: 'start' });
  }

  async function loadDeadLetters() {
    const queue = state.openQueue;
    if (!queue) return;
    const list = document.getElementById('dl-list');
    try {
      const page = await request(queuePath(queue) + '/dead-letters?max=20', { headers: { Accept: 'application/json' } });
      if (queue !== state.openQueue) return;
      if (page.messages.length === 0) {
        list.replaceChildren(el('p', { class: 'empty' }, 'No dead letters.'));
        return;
      }
      list.replaceChildren(...page.messages.map((message) => deadLetter(queue, message)));
    } catch (error) {
      list.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }

  function deadLetter(queue, message) {
    const replay = el('button', { type: 'button', class: 'replay write' }, 'Replay');
    replay.addEventListener('click', () => act(queue, message.messageId, 'replay'));
    const discard = el('button', { type: 'button', class: 'discard write danger' }, 'Discard');
    discard.addEventListener('click', () => {
      if (confirm('Delete message ' + message.messageId + ' for good?')) act(queue, message.messageId, 'discard');
    });
    const context = Object.entries(message.context || {});
    return el('article', { class: 'dead-letter', 'data-message-id': message.messageId },
      el('div', { class: 'meta' },
        el('strong', { class: 'task' }, message.taskName === null ? '(raw message)' : message.taskName),
        el('span', { class: 'receive-count', title: 'ApproximateReceiveCount' }, 'received ' + message.receiveCount + '×'),
        el('time', { datetime: message.sentAt }, message.sentAt ? new Date(message.sentAt).toLocaleString('en-GB') : 'time unknown'),
        el('code', { class: 'id' }, message.messageId),
        el('span', { class: 'actions' }, replay, discard)),
      el('div', { class: 'reason' + (message.failureReason ? '' : ' muted') },
        message.failureReason || 'no reason recorded (moved by SQS after too many receives, or by another tool)'),
      context.length ? el('div', { class: 'context' }, 'context: ' + context.map(([k, v]) => k + '=' + v).join(', ')) : null,
      body(message));
  }

  function body(message) {
    const note = message.bodyCut ? ' (first ' + message.body.length.toLocaleString('en') + ' of ' +
      message.bodyLength.toLocaleString('en') + ' characters)' : '';
    if (message.body.length <= FOLD_AT) return el('pre', { class: 'body' }, message.body + note);
    return el('details', { class: 'body' },
      el('summary', {}, message.body.slice(0, FOLD_AT) + '… (' + message.bodyLength.toLocaleString('en') + ' characters)'),
      el('pre', {}, message.body + note));
  }

  async function act(queue, messageId, action) {
    try {
      await post(queuePath(queue) + '/dead-letters/' + encodeURIComponent(messageId) + '/' + action);
      notice((action === 'replay' ? 'Replayed message ' + messageId + ' to ' : 'Discarded message ' + messageId + ' of ') +
        queue + '.');
    } catch (error) {
      notice(error.message, true);
    }
    await loadDeadLetters();
    refresh();
  }

  async function redrive() {
    const queue = state.openQueue;
    if (!queue || !confirm('Move every dead letter of ' + queue + ' back to it?')) return;
    try {
      const result = await post(queuePath(queue) + '/redrive');
      notice('Moved ' + result.moved + ' message(s) back to ' + queue + '.');
    } catch (error) {
      notice(error.message, true);
    }
    await loadDeadLetters();
    refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('dl-reload').addEventListener('click', loadDeadLetters);
    document.getElementById('dl-redrive').addEventListener('click', redrive);
    document.getElementById('dl-close').addEventListener('click', () => {
      state.openQueue = null;
      document.getElementById('dead-letters').hidden = true;
    });
    refresh();
  });
})();
