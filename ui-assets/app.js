// The ci ui page: the live run from the server's event stream, the history from /api/runs.
// Every piece of run text is set with textContent (or ansi.js), never as HTML.
const token = decodeURIComponent(document.querySelector('meta[name="localci-token"]').content);
// Every request carries the token, the page's own modules too.
const api = (path, init = {}) => fetch(path, { ...init, headers: { 'x-localci-token': token, ...(init.headers ?? {}) } });
// The history is asked for first and the modules all at once: the page's first paint waits on neither round trip in turn.
const firstHistory = api('/api/runs').then((answer) => answer.json());
firstHistory.catch(() => undefined); // handled where it is used
const loadModule = (name) => import(`./${name}.js?token=${encodeURIComponent(token)}`);
const [{ ansiLine }, { dagSvg }, { JobLog }, { jobTrends }, { artifactFolds }] = await Promise.all(['ansi', 'dag', 'job-log', 'trends', 'artifacts'].map(loadModule));
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  // data-* names are attributes (for styling and tests), the rest DOM properties.
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
};
const artifactsFold = artifactFolds(api, el, token);
// A run's failed jobs are worth a re-run whatever became of the run (interrupted after a failure, say).
const failedJob = (job) => job.status === 'failed' || job.status === 'timed-out';
const seconds = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)}s`);

const live = { runId: undefined, start: 0, jobs: new Map(), needs: {}, status: undefined };

function jobOf(name) {
  let job = live.jobs.get(name);
  if (!job) {
    const log = new JobLog(ansiLine);
    job = { name, state: 'waiting', startedAt: undefined, endedAt: undefined, log, details: el('details', { className: 'log' }, el('summary', { textContent: 'log' }), log.body), failures: [], result: undefined };
    live.jobs.set(name, job);
  }
  return job;
}

function onEvent(event) {
  if (event.type === 'run-start') {
    Object.assign(live, { runId: event.runId, start: event.time, jobs: new Map(), needs: event.needs ?? {}, status: 'running', commit: event.commit, dirty: event.dirty, durationMs: undefined, results: undefined });
    event.jobs.forEach(jobOf);
  } else if (event.type === 'job-start') {
    Object.assign(jobOf(event.job), { state: 'running', startedAt: jobOf(event.job).startedAt ?? event.time });
  } else if (event.type === 'step-start') {
    jobOf(event.job).log.stepStarted(event.name);
    return;
  } else if (event.type === 'log') {
    jobOf(event.job).log.line(event.line);
    return; // a log line changes only its own pane
  } else if (event.type === 'test-failure') {
    jobOf(event.job).failures.push(event);
  } else if (event.type === 'job-end') {
    const job = jobOf(event.result.job);
    Object.assign(job, { state: event.result.status, endedAt: event.time, result: event.result });
    // The failed job's output opens at once: that is what the user came for.
    const failed = job.state === 'failed' || job.state === 'timed-out';
    job.log.ended(failed);
    if (failed) job.details.open = true;
  } else if (event.type === 'run-end') {
    Object.assign(live, { status: event.status, durationMs: event.durationMs, results: event.results });
    // A run that was interrupted never said how its running jobs ended: they did not finish.
    for (const job of live.jobs.values()) if (job.state === 'running' || job.state === 'waiting') job.state = 'cancelled';
    loadHistory();
  }
  renderLive();
}

function renderLive() {
  const section = document.getElementById('live');
  if (!live.runId) return;
  const now = Date.now();
  const span = Math.max(1, ...[...live.jobs.values()].map((job) => (job.endedAt ?? now) - live.start));
  const rows = [...live.jobs.values()].flatMap((job) => {
    const left = job.startedAt === undefined ? 0 : ((job.startedAt - live.start) / span) * 100;
    const width = job.startedAt === undefined ? 0 : (((job.endedAt ?? now) - job.startedAt) / span) * 100;
    const details = job.details;
    const tests = job.failures.map((failure) => el('div', { className: 'tests', textContent: `✗ ${failure.suite ? `${failure.suite} › ` : ''}${failure.name}: ${failure.message.split('\n')[0]}` }));
    const coverage = job.result?.coverage ? el('span', { className: 'muted', textContent: ` coverage ${percent(job.result.coverage.lines)}` }) : '';
    return [
      el('span', { className: 'job', textContent: job.name }, ' ', actionButton('Re-run', '/api/rerun', { job: job.name }, { className: 'small', 'data-rerun-job': job.name, disabled: live.status === 'running' })),
      el('span', { className: `state ${job.state}`, 'data-job': job.name, textContent: job.state }, coverage),
      el('div', { className: 'track' }, el('div', { className: `bar ${job.state}`, style: `left:${left}%;width:${width}%` })),
      el('span', { className: 'muted', textContent: seconds(job.result?.durationMs) }),
      el('div', { style: 'grid-column: 1 / -1' }, ...tests, details),
    ];
  });
  const cancel = actionButton('Cancel run', '/api/cancel', {}, { id: 'cancel', disabled: live.status !== 'running' });
  const rerunFailed = actionButton('Re-run failed jobs', '/api/rerun', { failedOf: live.runId }, { id: 'rerun-failed', disabled: live.status === 'running' || ![...live.jobs.values()].some((job) => failedJob({ status: job.state })) });
  const graph = dagSvg([...live.jobs.values()], live.needs);
  const artifacts = live.status === 'running' ? '' : artifactsFold(live.runId, 'live');
  section.replaceChildren(el('h2', { textContent: `Run ${live.runId} — ${live.status}` }), cancel, ' ', rerunFailed, artifacts, graph, el('div', { className: 'jobs' }, ...rows));
}

// The page's actions: POST, JSON, the token in a header (the server refuses anything else).
const actionMessage = el('span', { id: 'action-message', className: 'muted' });
document.querySelector('header').append(actionMessage);
function actionButton(text, path, body, props) {
  const button = el('button', { textContent: text, ...props });
  button.addEventListener('click', async () => {
    const answer = await api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const reply = await answer.json().catch(() => ({}));
    actionMessage.textContent = answer.ok ? (reply.jobs ? ` started: ${reply.jobs.join(', ')}` : ' cancelling…') : ` ${reply.error ?? answer.statusText}`;
  });
  return button;
}

function percent(count) {
  return count && count.total > 0 ? `${((count.covered / count.total) * 100).toFixed(1)}%` : '—';
}

/** A job that passed and failed on the same inputs (same cache key): its result cannot be trusted. */
const flakyBadge = (text, data) => el('span', { className: 'flaky', title: 'passed and failed on the same inputs', textContent: text, ...data });
const flakyMarks = (run) => run.jobs.filter((job) => job.flaky).flatMap((job) => [' ', flakyBadge(`flaky: ${job.job}`, { 'data-flaky-run': run.id })]);

// The history as last read, with the live run once it ended: `ci run --ui` stops its server as the
// run ends, so the page may not be able to read the history again and shows the run from its events.
let history = [];
async function loadHistory(answer = api('/api/runs').then((response) => response.json())) {
  history = await answer.catch(() => history);
  renderHistory(withEndedLiveRun(history));
}

function withEndedLiveRun(runs) {
  if (!live.runId || live.status === 'running') return runs;
  const stored = runs.find((run) => run.id === live.runId);
  if (stored && stored.status !== 'running') return runs;
  const ended = { ...stored, id: live.runId, status: live.status, trigger: stored?.trigger ?? '—', commit: live.commit, dirty: live.dirty, durationMs: live.durationMs, jobs: live.results ?? [] };
  return [ended, ...runs.filter((run) => run.id !== live.runId)];
}

let historyShown = false;
function renderHistory(runs) {
  const rows = runs.map((run) => {
    const change = run.coverage?.change;
    const coverage = run.coverage ? `${run.coverage.lines.toFixed(1)}%${change === undefined ? '' : ` (${change > 0 ? '+' : ''}${change.toFixed(1)})`}` : '—';
    return el('tr', {},
      el('td', { textContent: run.id }),
      el('td', { textContent: (run.commit ?? '—').slice(0, 8) + (run.dirty ? '+' : '') }),
      el('td', { textContent: run.branch ?? '—' }),
      el('td', { textContent: run.trigger }),
      el('td', { className: `state ${run.status}`, textContent: run.status }, ...flakyMarks(run)),
      el('td', {}, run.jobs.some(failedJob) ? actionButton('Re-run failed', '/api/rerun', { failedOf: run.id }, { className: 'small', 'data-rerun-failed': run.id }) : '', artifactsFold(run.id, 'history')),
      el('td', { textContent: seconds(run.durationMs) }),
      el('td', { className: `coverage ${change > 0 ? 'up' : change < 0 ? 'down' : ''}`, textContent: coverage }),
    );
  });
  const head = el('tr', {}, ...['run', 'commit', 'branch', 'trigger', 'result', '', 'duration', 'coverage'].map((title) => el('th', { textContent: title })));
  const trends = jobTrends(runs).map(({ name, chart, coverage, flaky }) =>
    el('tr', {}, el('td', { textContent: name }, ...(flaky ? [' ', flakyBadge('flaky', { 'data-flaky-job': name })] : [])), el('td', {}, chart), el('td', { className: 'muted', textContent: coverage })));
  const trendHead = el('tr', {}, ...['job', 'duration and result, last runs', 'coverage'].map((title) => el('th', { textContent: title })));
  document.getElementById('history').replaceChildren(
    el('h2', { textContent: 'History' }), el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)),
    el('h2', { textContent: 'Jobs over the last runs' }), el('table', { className: 'trends' }, el('thead', {}, trendHead), el('tbody', {}, ...trends)),
  );
  // When the history first stands on the page, for `npm run bench ui`.
  if (!historyShown) performance.mark('localci:history-shown');
  historyShown = true;
}

const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
source.onmessage = (message) => onEvent(JSON.parse(message.data));
setInterval(() => live.status === 'running' && renderLive(), 1000);
loadHistory(firstHistory);
