import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTokenFile, tokenFileAuthenticator } from './token-file.js';

describe('parseTokenFile', () => {
  it('parses token,user,uid and quoted comma-separated groups', () => {
    const entries = parseTokenFile(
      'tok-1,alice,uid-1,"system:masters,devs"\ntok-2,bob,uid-2\ntok-3,carol,uid-3,ops\n',
    );
    expect(entries).toEqual([
      { token: 'tok-1', user: { username: 'alice', uid: 'uid-1', groups: ['system:masters', 'devs'] } },
      { token: 'tok-2', user: { username: 'bob', uid: 'uid-2', groups: [] } },
      { token: 'tok-3', user: { username: 'carol', uid: 'uid-3', groups: ['ops'] } },
    ]);
  });

  it('skips records with an empty token and ignores columns beyond the fourth', () => {
    expect(parseTokenFile(',nobody,0\nt,u,1,g,extra')).toEqual([
      { token: 't', user: { username: 'u', uid: '1', groups: ['g'] } },
    ]);
  });

  it('rejects records with fewer than 3 columns, with the upstream message and no token', () => {
    expect(() => parseTokenFile('secret-token,alice\n', 'tokens.csv')).toThrow(
      "token file 'tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
    );
    try {
      parseTokenFile('secret-token,alice\n', 'tokens.csv');
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-token');
    }
  });

  it('rejects malformed CSV', () => {
    expect(() => parseTokenFile('a"b,c,d')).toThrow(/bare "/);
  });
});

describe('tokenFileAuthenticator', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hs-tokens-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('authenticates known tokens, ignores unknown ones, and a later duplicate wins', async () => {
    const file = join(dir, 'tokens.csv');
    await writeFile(file, 'abc,alice,1,"a,b"\nabc,alice2,2\nxyz,bob,3\n');
    const auth = await tokenFileAuthenticator(file);
    expect(auth.size()).toBe(2);
    await expect(auth.authenticateToken('abc')).resolves.toEqual({
      user: { username: 'alice2', uid: '2', groups: [] },
      audiences: [],
    });
    await expect(auth.authenticateToken('nope')).resolves.toBeUndefined();
  });

  it('picks up a rewritten file and keeps the old tokens when the new file is broken', async () => {
    const file = join(dir, 'tokens.csv');
    await writeFile(file, 'old,alice,1\n');
    const auth = await tokenFileAuthenticator(file, { reloadCheckIntervalMs: 0 });
    await expect(auth.authenticateToken('old')).resolves.toBeDefined();
    await writeFile(file, 'new,bob,2,ops\nanother,carol,3\n');
    await expect(auth.authenticateToken('new')).resolves.toMatchObject({ user: { username: 'bob' } });
    await expect(auth.authenticateToken('old')).resolves.toBeUndefined();
    await writeFile(file, 'broken\n');
    await expect(auth.authenticateToken('new')).resolves.toMatchObject({ user: { username: 'bob' } });
  });

  it('fails to start on a missing file', async () => {
    await expect(tokenFileAuthenticator(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
