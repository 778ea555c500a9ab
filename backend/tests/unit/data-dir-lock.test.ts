import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { lockDataDir } from '../../src/db/data-dir-lock';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stratum-lock-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database folder', () => {
  it('opens in one process at a time, and again once closed', async () => {
    const dir = folder();
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another process \(pid \d+\)/);
    await first.close();
    expect(existsSync(path.join(dir, 'stratum.lock'))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  }, 30_000);

  it('refuses while the process named in the lock runs, and takes a dead one’s lock over', async () => {
    const dir = folder();
    const other = spawn('sleep', ['30']);
    await new Promise((resolve) => other.once('spawn', resolve));
    writeFileSync(path.join(dir, 'stratum.lock'), String(other.pid));
    expect(() => lockDataDir(dir)).toThrow(`in use by another process (pid ${other.pid})`);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const release = lockDataDir(dir);
    release();
    expect(existsSync(path.join(dir, 'stratum.lock'))).toBe(false);
  });
});
