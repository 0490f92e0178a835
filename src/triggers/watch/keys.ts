/**
 * Single-key commands on a terminal. Raw mode turns Ctrl-C into a key press
 * rather than a signal, so it is passed on as a real SIGINT: the one signal
 * handler then stops the run (and a second Ctrl-C forces the exit) as everywhere else.
 */
import readline from 'node:readline';
import { restoreOnExit } from '../../util/terminal-restore.js';

export interface KeyActions {
  rerunAll(): void;
  rerunFailed(): void;
  toggleLogs(): void;
  quit(): void;
}

/** Returns a function that gives the terminal back as it was. */
export function listenForKeys(input: NodeJS.ReadStream, actions: KeyActions): () => void {
  readline.emitKeypressEvents(input);
  input.setRawMode(true);
  input.resume();
  const onKey = (text: string | undefined, key: readline.Key | undefined) => {
    if (key?.ctrl && key.name === 'c') {
      process.kill(process.pid, 'SIGINT');
      return;
    }
    if (key?.ctrl || key?.meta) return;
    switch ((key?.name ?? text ?? '').toLowerCase()) {
      case 'r':
        return actions.rerunAll();
      case 'f':
        return actions.rerunFailed();
      case 'l':
        return actions.toggleLogs();
      case 'q':
        return actions.quit();
      default:
        return undefined;
    }
  };
  input.on('keypress', onKey);
  const leaveRawMode = restoreOnExit(() => {
    if (input.isTTY) input.setRawMode(false);
  });
  return () => {
    input.off('keypress', onKey);
    leaveRawMode();
    input.pause();
  };
}
