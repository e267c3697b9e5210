import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTRIBUTION, findDistribution } from './distributions.js';
import { derivedPorts, pickPorts } from './ports.js';

const bind = (port: number) =>
  new Promise<() => Promise<void>>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ port, host: '127.0.0.1' }, () => resolve(() => new Promise((r) => srv.close(() => r()))));
  });

describe('real Nacos launcher helpers', () => {
  it('picks a main port whose gRPC, cluster and Raft ports and the console port are all free', async () => {
    const ports = await pickPorts();
    const closers = [];
    for (const port of [...derivedPorts(ports.main), ports.console]) closers.push(await bind(port));
    await Promise.all(closers.map((c) => c()));
    expect(derivedPorts(ports.main)).toEqual([
      ports.main,
      ports.main + 1000,
      ports.main + 1001,
      ports.main - 1000,
    ]);
  });

  it('never picks a port it was told is taken', async () => {
    const first = await pickPorts();
    const taken = new Set([...derivedPorts(first.main), first.console]);
    const second = await pickPorts(taken);
    for (const port of [...derivedPorts(second.main), second.console]) expect(taken.has(port)).toBe(false);
  });

  it('names the known distributions when asked for an unknown one', () => {
    expect(findDistribution(DEFAULT_DISTRIBUTION).artifacts.length).toBeGreaterThan(0);
    expect(findDistribution('3.1.0-bugfix').name).toBe('3.1');
    expect(() => findDistribution('9.9')).toThrow(
      /no Nacos distribution "9.9".*known: 3\.1 \(3\.1\.0-bugfix\)/,
    );
  });
});
