// Per-job trends over the last runs of the history: a bar per run (height = duration, colour =
// result, outlined when that result was flaky; the chart's title lists each run) and the job's line coverage, oldest left; a job
// that passed and failed on the same inputs in these runs is flaky. Job names go in as text nodes only.
const SVG = 'http://www.w3.org/2000/svg';
const RUNS = 30;
const BAR = { width: 6, gap: 2, height: 28 };

const svg = (tag, attributes = {}, ...children) => {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
};

/** `runs`: the history, newest first. Returns { name, chart, coverage text, flaky } per job, by name. */
export function jobTrends(runs) {
  const recent = runs.slice(0, RUNS).reverse();
  const names = [...new Set(recent.flatMap((run) => run.jobs.map((job) => job.job)))].sort();
  // One lookup per run and job, not a search: long pipelines have hundreds of jobs.
  const byName = recent.map((run) => new Map(run.jobs.map((job) => [job.job, job])));
  return names.map((name) => {
    const points = byName.map((jobs) => jobs.get(name));
    const longest = Math.max(1, ...points.map((job) => job?.durationMs ?? 0));
    // One path per kind of bar and one title for the chart: a few elements per job, not two per run,
    // so a history of long pipelines still draws at once.
    const kinds = new Map();
    const labels = points.map((job, index) => {
      const height = job?.durationMs === undefined ? 1 : Math.max(1, Math.round((job.durationMs / longest) * BAR.height));
      const kind = `bar ${job?.status ?? 'absent'}${job?.flaky ? ' flaky' : ''}`;
      kinds.set(kind, `${kinds.get(kind) ?? ''}M${index * (BAR.width + BAR.gap)},${BAR.height - height}h${BAR.width}v${height}h-${BAR.width}z`);
      return job ? `${recent[index].id}: ${job.status}${job.durationMs === undefined ? '' : ` in ${(job.durationMs / 1000).toFixed(1)}s`}${job.flaky ? ' (flaky)' : ''}` : `${recent[index].id}: not run`;
    });
    const bars = [...kinds].map(([kind, d]) => svg('path', { class: kind, d }));
    const width = Math.max(1, recent.length * (BAR.width + BAR.gap));
    const chart = svg('svg', { class: 'trend', 'data-trend-job': name, width, height: BAR.height, viewBox: `0 0 ${width} ${BAR.height}` }, svg('title', {}, labels.join('\n')), ...bars);
    const coverages = points.filter((job) => job?.coverage?.lines?.total > 0).map((job) => (job.coverage.lines.covered / job.coverage.lines.total) * 100);
    const coverage = coverages.length === 0 ? '—' : coverages.map((value) => `${value.toFixed(1)}%`).slice(-5).join(' → ');
    return { name, chart, coverage, flaky: points.some((job) => job?.flaky === true) };
  });
}
