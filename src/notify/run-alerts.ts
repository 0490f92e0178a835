/**
 * Which alerts a finished `ci run` raises. The bell and the default desktop
 * pop-up are for someone who started a long run in a terminal and looked away
 * (over 10 s, stdout a terminal, not --json, not stopped with Ctrl-C by someone
 * plainly still there); `notify.desktop: true` pops up after every run, `false`
 * never; a webhook, when configured, hears every run.
 */
import type { NotifyConfig } from '../config/types.js';

export const LONG_RUN_MS = 10_000;

export interface AlertContext {
  durationMs: number;
  status: string;
  stdoutIsTTY: boolean;
  json: boolean;
  config: NotifyConfig | undefined;
}

export interface Alerts {
  bell: boolean;
  desktop: boolean;
  webhook?: string;
}

export function alertsFor({ durationMs, status, stdoutIsTTY, json, config }: AlertContext): Alerts {
  const watched = stdoutIsTTY && !json && durationMs > LONG_RUN_MS && status !== 'interrupted';
  const alerts: Alerts = { bell: watched, desktop: config?.desktop ?? watched };
  if (config?.webhook) alerts.webhook = config.webhook;
  return alerts;
}
