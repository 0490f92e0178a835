/** Requests to a `ci ui` server as any local client could send them: raw headers, no browser rules. */
import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** `Host` names the server unless `headers` says otherwise. */
export function callUi(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A fresh connection per call: a kept-alive socket the server is closing is never reused.
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
