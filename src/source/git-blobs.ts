/**
 * Reads many blobs from git's object database in one `git cat-file --batch`
 * process: the content of a commit's files without unpacking the commit.
 */
import { spawn } from 'node:child_process';

export async function readGitBlobs(cwd: string, blobs: readonly string[], onBlob: (blob: string, content: Buffer) => Promise<void>): Promise<void> {
  if (blobs.length === 0) return;
  const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
  child.stdin.end(blobs.join('\n') + '\n');
  let pending: Buffer = Buffer.alloc(0);
  let current: { blob: string; size: number } | undefined;
  for await (const chunk of child.stdout) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    for (;;) {
      if (!current) {
        const newline = pending.indexOf(10);
        if (newline < 0) break;
        // `<blob> blob <size>`, or `<blob> missing`.
        const [blob, type, size] = pending.subarray(0, newline).toString().split(' ');
        pending = pending.subarray(newline + 1);
        if (type !== 'blob') throw new Error(`git has no blob ${blob}`);
        current = { blob: blob!, size: Number(size) };
      }
      // The content is followed by one newline.
      if (pending.length < current.size + 1) break;
      await onBlob(current.blob, Buffer.from(pending.subarray(0, current.size)));
      pending = pending.subarray(current.size + 1);
      current = undefined;
    }
  }
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`);
}
