import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Folders this process holds: a lock file naming this pid is stale only if this process does not hold it. */
const held = new Set<string>();

/** Whether a process of that id runs (one of another user's answers EPERM: it runs). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded database's folder for this process. PGlite keeps no lock of its own, and a second process
 * opening the folder (a second `npm start`, or `seed:demo` or `migrate` while the server runs) corrupted it beyond
 * repair. A lock file names the owner's pid: a running owner refuses the newcomer with a message; a dead one's
 * (a crash, kill -9, a container whose new process has the same pid) is taken over. Returns the release.
 */
export function lockDataDir(folder: string): () => void {
  const file = path.join(folder, 'stratum.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      const live = Number.isInteger(owner) && (owner === process.pid ? held.has(folder) : isRunning(owner));
      if (live) {
        throw new Error(
          `The embedded database in ${folder} is in use by another process (pid ${owner}). Only one process may open it: stop that one first, or give this one another DATA_DIR.`,
        );
      }
      rmSync(file, { force: true });
      continue;
    }
    held.add(folder);
    const release = () => {
      if (!held.delete(folder)) return;
      rmSync(file, { force: true });
      process.off('exit', release);
    };
    process.on('exit', release);
    return release;
  }
  throw new Error(`Could not lock the embedded database in ${folder}: another process keeps taking it`);
}
