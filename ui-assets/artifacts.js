// A run's artifacts on the page: a fold per run, listed from the server when first opened, each
// file a download link (the server sends every artifact as an attachment, never as a page). Paths
// and job names go in as text and as URL parameters only.
export function artifactFolds(api, el, token) {
  const folds = new Map();
  // `place`: the live view and the history each keep their own fold of a run (a node has one parent).
  return (runId, place) => {
    const key = `${place} ${runId}`;
    if (folds.has(key)) return folds.get(key);
    const list = el('div', { className: 'artifacts' });
    const fold = el('details', { className: 'artifacts-fold', 'data-artifacts-run': runId }, el('summary', { textContent: 'artifacts' }), list);
    fold.addEventListener('toggle', async () => {
      if (!fold.open || list.childElementCount > 0) return;
      const jobs = await (await api(`/api/artifacts?run=${encodeURIComponent(runId)}`)).json();
      if (jobs.length === 0) list.append(el('span', { className: 'muted', textContent: 'none' }));
      for (const { job, files, more } of jobs) {
        const links = files.map(({ path, bytes }) => {
          const query = new URLSearchParams({ run: runId, job, path, token });
          const link = el('a', { href: `/api/artifact?${query}`, download: path.split('/').pop(), textContent: path, 'data-artifact': `${job}/${path}` });
          return el('li', {}, link, el('span', { className: 'muted', textContent: ` ${bytes} B` }));
        });
        list.append(el('div', { textContent: job }), el('ul', {}, ...links, ...(more ? [el('li', { className: 'muted', textContent: '…' })] : [])));
      }
    });
    folds.set(key, fold);
    return fold;
  };
}
