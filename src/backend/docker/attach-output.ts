/**
 * Streams a container's (or an exec's) stdout and stderr, demultiplexed and
 * split into lines as they arrive. Nothing is buffered beyond the current line
 * of each stream.
 */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { LineSplitter, type OnLine } from '../../util/line-splitter.js';

export interface AttachedOutput {
  /** Resolves when the container's output has ended and every line was delivered. */
  ended: Promise<void>;
}

export async function attachOutput(
  docker: Docker,
  container: Docker.Container,
  onStdout: OnLine,
  onStderr: OnLine,
): Promise<AttachedOutput> {
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  return streamLines(docker, stream, onStdout, onStderr);
}

/** Lines of a multiplexed Docker stream (attach or exec), delivered in order per stream. */
export function streamLines(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onStdout: OnLine,
  onStderr: OnLine,
): AttachedOutput {
  const out = new LineSplitter(onStdout);
  const err = new LineSplitter(onStderr);
  const sink = (splitter: LineSplitter) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        splitter.push(chunk);
        done();
      },
    });
  docker.modem.demuxStream(stream, sink(out), sink(err));
  const ended = new Promise<void>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      out.end();
      err.end();
      resolve();
    };
    // A dying engine may close the socket without 'end'; any of these means no more output.
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { ended };
}
