// The run's jobs as a graph: one column per depth (a job sits right of everything it needs),
// edges from each upstream job, each box coloured by the job's state as the run goes on.
// Job names are set as SVG text nodes, never as markup.
const SVG = 'http://www.w3.org/2000/svg';
const BOX = { width: 170, height: 28, gapX: 48, gapY: 10, pad: 4 };
const MAX_NAME = 22;

const svg = (tag, attributes = {}, ...children) => {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
};

/** Column of each job: 0 without upstream jobs, else one past its deepest upstream job. */
function depths(names, needs) {
  const depth = new Map();
  const of = (name, seen) => {
    if (depth.has(name)) return depth.get(name);
    if (seen.has(name)) return 0; // a cycle cannot run; draw it rather than loop
    seen.add(name);
    const upstream = (needs[name] ?? []).filter((need) => names.includes(need));
    const value = upstream.length === 0 ? 0 : 1 + Math.max(...upstream.map((need) => of(need, seen)));
    depth.set(name, value);
    return value;
  };
  for (const name of names) of(name, new Set());
  return depth;
}

/** `jobs`: [{ name, state }] in run order; `needs`: name → upstream names. */
export function dagSvg(jobs, needs) {
  const names = jobs.map((job) => job.name);
  const depth = depths(names, needs);
  const rows = new Map();
  const place = new Map();
  for (const name of names) {
    const column = depth.get(name);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    place.set(name, { x: BOX.pad + column * (BOX.width + BOX.gapX), y: BOX.pad + row * (BOX.height + BOX.gapY) });
  }
  const edges = names.flatMap((name) =>
    (needs[name] ?? []).filter((need) => place.has(need)).map((need) => {
      const from = place.get(need);
      const to = place.get(name);
      const [x1, y1, x2, y2] = [from.x + BOX.width, from.y + BOX.height / 2, to.x, to.y + BOX.height / 2];
      return svg('path', { class: 'edge', d: `M${x1},${y1} C${x1 + BOX.gapX / 2},${y1} ${x2 - BOX.gapX / 2},${y2} ${x2},${y2}` });
    }),
  );
  const nodes = jobs.map((job) => {
    const { x, y } = place.get(job.name);
    const shown = job.name.length > MAX_NAME ? `${job.name.slice(0, MAX_NAME - 1)}…` : job.name;
    return svg('g', { class: `node ${job.state}`, 'data-dag-job': job.name, transform: `translate(${x},${y})` },
      svg('title', {}, `${job.name}: ${job.state}`),
      svg('rect', { width: BOX.width, height: BOX.height, rx: 4 }),
      svg('text', { x: 8, y: BOX.height / 2, 'dominant-baseline': 'central' }, shown),
    );
  });
  const width = BOX.pad * 2 + (Math.max(0, ...depth.values()) + 1) * (BOX.width + BOX.gapX) - BOX.gapX;
  const height = BOX.pad * 2 + Math.max(1, ...rows.values()) * (BOX.height + BOX.gapY) - BOX.gapY;
  return svg('svg', { class: 'dag', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'jobs of the run and what each needs' }, ...edges, ...nodes);
}
