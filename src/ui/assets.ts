/**
 * The page's files ship in the package (ui-assets/), read by a fixed name: no part of a request's
 * path ever becomes a file path, so nothing outside these files can be served.
 */
import { readFile } from 'node:fs/promises';
import { packageFile } from '../util/package-root.js';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/ansi.js': { file: 'ansi.js', type: 'text/javascript; charset=utf-8' },
  '/dag.js': { file: 'dag.js', type: 'text/javascript; charset=utf-8' },
  '/job-log.js': { file: 'job-log.js', type: 'text/javascript; charset=utf-8' },
  '/trends.js': { file: 'trends.js', type: 'text/javascript; charset=utf-8' },
  '/artifacts.js': { file: 'artifacts.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

const ASSET_DIR = packageFile('ui-assets/');

export async function readAsset(pathname: string): Promise<{ body: Buffer; type: string } | undefined> {
  const asset = ASSETS[pathname];
  if (!asset) return undefined;
  return { body: await readFile(new URL(asset.file, ASSET_DIR)), type: asset.type };
}

/** The page: assets and API calls carry the token, which only this page can read. */
export function indexHtml(token: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="localci-token" content="${t}">
<title>localci</title><link rel="stylesheet" href="/app.css?token=${t}"></head>
<body><header><h1>localci</h1><nav><a href="#live">Live</a> <a href="#history">History</a></nav></header>
<main><section id="live"><p class="muted">No run is going on in this session.</p></section><section id="history"></section></main>
<script type="module" src="/app.js?token=${t}"></script></body></html>
`;
}
