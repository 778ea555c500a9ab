import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { assertChromiumInstalled } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export const E2E_ADMIN_EMAIL = 'admin@e2e.test';
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const frontendDir = path.resolve(e2eDir, '..');
const repoRoot = path.resolve(frontendDir, '..');
const backendDir = path.join(repoRoot, 'backend');
const distDir = path.join(frontendDir, 'dist');
const READY_TIMEOUT_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function logTail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '(no output)';
}

async function waitForReady(baseURL: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`The backend exited with code ${server.exitCode} before it was ready:\n${logTail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseURL}/ready`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The backend was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${logTail(logFile)}`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

/** Starts the real backend on a free port with a fresh embedded database and serves the built console. */
export default async function setup(project: TestProject) {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`${path.relative(repoRoot, distDir)}/index.html is missing: run \`npm run build -w frontend\` first.`);
  }
  assertChromiumInstalled();

  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stratum-e2e-'));
  const logFile = path.join(dataDir, 'server.log');
  // The embedded PGlite database is used because DATABASE_URL is left out on purpose.
  const { DATABASE_URL: _serverDatabase, ...inherited } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'server.ts')], {
    cwd: backendDir,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      FRONTEND_DIST: distDir,
      STRATUM_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
      STRATUM_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseURL, server, logFile);
  } catch (error) {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseURL', baseURL);

  return async () => {
    await stop(server);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
