/**
 * An HTTP agent for the engine connection that turns a response cut short into an error.
 *
 * docker-modem settles a plain (non-streamed) call only on the response's 'end'. Some calls
 * get their headers at once and their body much later: `container.wait()` is answered when
 * the container exits. If the engine dies in between, Node destroys the response without an
 * 'error' event (none is emitted while nobody listens), so the call would never settle, and
 * once nothing else kept the process alive the CLI would exit 13 without a word. Here the
 * request itself reports ECONNRESET, which docker-modem hands back like any lost connection.
 */
import http from 'node:http';
import https from 'node:https';

/** The part of Agent every request goes through; public in Node, missing from its typings. */
interface AgentWithAddRequest {
  addRequest(request: http.ClientRequest, options: unknown): void;
}

export function agentReportingCutResponses(protocol: string): http.Agent {
  // Keep-alive like Node's default agent, so each API call does not open a new connection.
  const agent = protocol === 'https' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const internals = agent as unknown as AgentWithAddRequest;
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (request, options) => {
    request.once('response', (response: http.IncomingMessage) => {
      response.once('close', () => {
        // Node marks a response whose connection closed early with an 'aborted' ECONNRESET;
        // one destroyed on purpose (an abort signal) carries its own error and is left alone.
        const cause = response.errored as NodeJS.ErrnoException | null;
        if (!response.complete && cause?.code === 'ECONNRESET') request.emit('error', connectionCut());
      });
    });
    addRequest(request, options);
  };
  return agent;
}

function connectionCut(): NodeJS.ErrnoException {
  return Object.assign(new Error('the engine closed the connection before the answer was complete'), { code: 'ECONNRESET' });
}
