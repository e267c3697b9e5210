/**
 * Waits for a fresh Nacos 3.x node: sets the admin password through `POST /v3/auth/user/admin`
 * (accepted only while no admin exists; 409 afterwards) and then logs in until the token plug-in's
 * user cache has the new user (a login right after creating the admin can fail for a while).
 */
import { readFile } from 'node:fs/promises';

export interface WaitOptions {
  url: string;
  password: string;
  /** False: the admin exists already (another cluster member set it); only log in. */
  createAdmin?: boolean;
  deadline: number;
  exited: Promise<number | null>;
  logFile: string;
}

async function post(url: string, form: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

/** The first error lines (a JVM's cause is often far above its last lines), then the last 25 lines. */
async function tail(file: string): Promise<string> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  const last = lines.slice(-25);
  const errors = lines
    .slice(0, -25)
    .filter((l) => /\b(ERROR|Caused by|Exception)\b/.test(l))
    .slice(0, 8)
    .map((l) => l.slice(0, 400));
  return [...(errors.length ? [...errors, '...'] : []), ...last].join('\n');
}

export async function waitForAdmin(opts: WaitOptions): Promise<void> {
  let exitCode: number | null | undefined;
  void opts.exited.then((code) => {
    exitCode = code;
  });
  let adminSet = opts.createAdmin === false;
  let last = 'no answer yet';
  while (Date.now() < opts.deadline) {
    if (exitCode !== undefined) {
      throw new Error(
        `Nacos exited with ${exitCode} during start-up; last output:\n${await tail(opts.logFile)}`,
      );
    }
    try {
      if (!adminSet) {
        const res = await post(`${opts.url}/v3/auth/user/admin`, { password: opts.password });
        last = `admin: HTTP ${res.status} ${res.body.slice(0, 200)}`;
        if (res.status === 200 || res.status === 409 || /"code":409/.test(res.body)) adminSet = true;
      }
      if (adminSet) {
        const res = await post(`${opts.url}/v3/auth/user/login`, {
          username: 'nacos',
          password: opts.password,
        });
        last = `login: HTTP ${res.status} ${res.body.slice(0, 200)}`;
        if (res.status === 200 && res.body.includes('accessToken')) return;
      }
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(
    `Nacos at ${opts.url} was not ready in time (${last}); last output:\n${await tail(opts.logFile)}`,
  );
}
