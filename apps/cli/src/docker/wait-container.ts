import type Docker from 'dockerode';

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lastLogLines(container: Docker.Container, lines = 15): Promise<string> {
  try {
    const buffer = (await container.logs({
      stdout: true,
      stderr: true,
      tail: lines,
      follow: false,
    })) as Buffer;
    // Multiplexed frames: 8-byte headers before each chunk; keep the printable text.
    let text = '';
    for (let offset = 0; offset + 8 <= buffer.length; ) {
      const size = buffer.readUInt32BE(offset + 4);
      text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
      offset += 8 + size;
    }
    return text.trim();
  } catch {
    return '';
  }
}

/**
 * Waits until a container is healthy (when it has a health check) or has exited 0 (a one-shot such
 * as init or seed, restarted on failure). Fails with the container's last log lines when it turns
 * unhealthy, exits non-zero without a restart pending, or the time runs out.
 */
export async function waitForContainer(
  container: Docker.Container,
  oneShot: boolean,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new Error('interrupted');
    const info = await container.inspect();
    const state = info.State;
    if (oneShot) {
      if (state.Status === 'exited' && state.ExitCode === 0) return;
      const gaveUp =
        state.Status === 'exited' &&
        !state.Restarting &&
        info.HostConfig.RestartPolicy?.Name !== 'on-failure';
      if (gaveUp || (info.RestartCount ?? 0) >= 10) {
        throw new Error(
          `${info.Name.slice(1)} exited with ${state.ExitCode}:\n${await lastLogLines(container)}`,
        );
      }
    } else {
      const health = state.Health?.Status;
      if (health === 'healthy' || (!state.Health && state.Running)) return;
      if (health === 'unhealthy') {
        const probe = state.Health?.Log?.at(-1)?.Output?.trim() ?? '';
        throw new Error(`${info.Name.slice(1)} is unhealthy: ${probe}\n${await lastLogLines(container)}`);
      }
      if (state.Status === 'exited' && !state.Restarting && info.HostConfig.RestartPolicy?.Name === '') {
        throw new Error(
          `${info.Name.slice(1)} exited with ${state.ExitCode}:\n${await lastLogLines(container)}`,
        );
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${info.Name.slice(1)} not ready after ${Math.round(options.timeoutMs / 1000)} s:\n${await lastLogLines(container)}`,
      );
    }
    await sleep(options.pollMs ?? 500);
  }
}
