/**
 * Raises the alerts of a finished run (bell, desktop, webhook) from the stored
 * run, once the other reporters have printed. Failures become one warning line.
 */
import { AfterRunReporter } from '../history/after-run-reporter.js';
import type { NotifyConfig } from '../config/types.js';
import type { StoredRun } from '../history/run-store.js';
import { notifyDesktop } from './desktop.js';
import { alertsFor } from './run-alerts.js';
import { runLine, runNotice, runTitle } from './run-message.js';
import { postWebhook } from './webhook.js';

export interface NotifyOptions {
  root: string;
  config: NotifyConfig | undefined;
  json: boolean;
  stdout: { isTTY?: boolean; write(text: string): unknown };
  warn: (message: string) => void;
}

export function notifyReporter(options: NotifyOptions): AfterRunReporter {
  return new AfterRunReporter(options.root, (run) => notifyRunEnd(run, options), (error) => options.warn(String(error)));
}

export async function notifyRunEnd(run: StoredRun, options: NotifyOptions): Promise<void> {
  const alerts = alertsFor({ durationMs: run.durationMs ?? 0, status: run.status, stdoutIsTTY: options.stdout.isTTY === true, json: options.json, config: options.config });
  if (alerts.bell) options.stdout.write('\u0007');
  const notice = runNotice(run);
  await Promise.all([
    alerts.desktop ? notifyDesktop(runTitle(run), runLine(run, notice.project), run.status !== 'passed') : undefined,
    alerts.webhook ? postWebhook(alerts.webhook, notice).catch((error: Error) => options.warn(error.message)) : undefined,
  ]);
}
