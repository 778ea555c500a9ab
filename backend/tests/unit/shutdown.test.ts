import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOnShutdownSignal } from '../../src/core/shutdown';

function fakeProcess() {
  const proc = Object.assign(new EventEmitter(), { exit: vi.fn<(code: number) => void>() });
  const log = { info: vi.fn(), warn: vi.fn() };
  return { proc, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('shutdown on a signal', () => {
  it('finishes stopping when the signal comes twice at once (tsx relays Ctrl-C), then exits cleanly', async () => {
    const { proc, log } = fakeProcess();
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    exitOnShutdownSignal(log, stop, proc);
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    proc.emit('SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(proc.exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(proc.exit).toHaveBeenCalledWith(0));
  });

  it('quits at once on a signal repeated later, as someone pressing Ctrl-C again means', () => {
    vi.useFakeTimers();
    const { proc, log } = fakeProcess();
    exitOnShutdownSignal(log, () => new Promise(() => undefined), proc);
    proc.emit('SIGTERM');
    vi.advanceTimersByTime(1500);
    proc.emit('SIGINT');
    expect(proc.exit).toHaveBeenCalledWith(1);
  });
});
