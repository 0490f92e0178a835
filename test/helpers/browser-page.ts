/**
 * One live page in headless Chromium, driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: JSON messages ending in NUL, commands on fd 3, answers on fd 4).
 * A page that keeps an event stream open never "finishes loading", so one-shot
 * --dump-dom/--screenshot with a virtual time budget never return for it (virtual time stands
 * still while a request is open); a driven page is read whenever the test's condition holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { onTestFinished } from 'vitest';
import { waitFor } from './wait-for.js';

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export class BrowserPage {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private sessionId: string | undefined;
  private exited = false;

  private constructor(private readonly browser: ChildProcess) {
    const answers = browser.stdio[4] as Readable;
    let buffered = '';
    answers.setEncoding('utf8');
    answers.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\0')) >= 0) {
        this.answer(JSON.parse(buffered.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } });
        buffered = buffered.slice(end + 1);
      }
    });
    browser.once('exit', () => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  /** Opens `url` in a fresh profile under `profileDir`; the browser goes when the test ends (outside a test, on close). */
  static async open(chromium: string, url: string, profileDir: string): Promise<BrowserPage> {
    mkdirSync(profileDir, { recursive: true });
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profileDir}`, '--window-size=1200,900', '--remote-debugging-pipe'];
    const browser = spawn(chromium, [...flags, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const page = new BrowserPage(browser);
    try {
      onTestFinished(() => page.close());
    } catch {
      // Opened outside a test (the benchmark): the caller closes it.
    }
    const { targetId } = await page.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await page.send('Target.attachToTarget', { targetId, flatten: true });
    page.sessionId = String(sessionId);
    await page.send('Page.navigate', { url });
    return page;
  }

  /** Loads another address in the same page. */
  async navigate(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
  }

  /** The value of a script run in the page (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`page script failed: ${JSON.stringify(exceptionDetails)}`);
    return (result as { value: T }).value;
  }

  /** Polls a page expression until it is truthy; a timeout says what the page showed. */
  async waitFor(expression: string, message: string, timeoutMs = 30_000): Promise<void> {
    try {
      await waitFor(async () => Boolean(await this.evaluate(expression)), { timeoutMs, intervalMs: 100, message });
    } catch (error) {
      const shown = await this.evaluate<string>('document.body?.innerText ?? document.documentElement.outerHTML').catch((reason: unknown) => String(reason));
      throw new Error(`${(error as Error).message}; the page showed:\n${shown}`, { cause: error });
    }
  }

  async html(): Promise<string> {
    return this.evaluate<string>('document.documentElement.outerHTML');
  }

  async screenshot(pngFile: string): Promise<void> {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    writeFileSync(pngFile, Buffer.from(String(data), 'base64'));
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.browser.once('exit', resolve));
    this.send('Browser.close', {}, false).catch(() => this.browser.kill('SIGKILL'));
    await gone;
  }

  private send(method: string, params: Record<string, unknown>, inPage = method.split('.')[0] !== 'Target'): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error('chromium exited'));
    const id = this.nextId++;
    const message = { id, method, params, ...(inPage && this.sessionId ? { sessionId: this.sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.browser.stdio[3] as Writable).write(`${JSON.stringify(message)}\0`);
    });
  }

  private answer(message: { id?: number; result?: Record<string, unknown>; error?: { message: string } }): void {
    if (message.id === undefined) return; // an event: none is subscribed
    const waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error.message));
    else waiting?.resolve(message.result ?? {});
  }
}
