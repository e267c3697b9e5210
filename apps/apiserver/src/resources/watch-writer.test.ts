/**
 * The watch stream's wire framing: over a real HTTP/1.1 socket every event is one chunk and the
 * stream ends with the terminating chunk, so a keep-alive connection stays usable afterwards; over
 * `inject()` (no real socket) the same events arrive through `res.write`.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StartedServer } from '../start-server.js';
import { cm, harness, listening } from '../testing/harness.js';
import { chunkOf } from './watch-writer.js';

const CMS = '/api/v1/namespaces/x/configmaps';

/** Sends raw requests on one connection and collects every byte until `until` matches. */
function rawExchange(port: number, requests: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
      if (until.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.write(requests);
  });
}

describe('watch framing', () => {
  let server: StartedServer;
  beforeEach(async () => {
    server = await listening('memory');
  });
  afterEach(() => server.close());

  it('frames chunks exactly and ends with 0-CRLF-CRLF; the connection then serves the next request', async () => {
    await fetch(`${server.url}${CMS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cm('a')),
    });
    const port = Number(new URL(server.url).port);
    const host = `Host: 127.0.0.1:${port}\r\n`;
    const text = await rawExchange(
      port,
      `GET ${CMS}?watch=true&resourceVersion=0&timeoutSeconds=1 HTTP/1.1\r\n${host}\r\n` +
        `GET /healthz HTTP/1.1\r\n${host}\r\n`,
      /\r\n\r\nok$/,
    );
    const [head, ...rest] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head?.toLowerCase()).toContain('transfer-encoding: chunked');
    expect(head?.toLowerCase()).toContain('content-type: application/json');
    const body = rest.join('\r\n\r\n');
    const match = /^([0-9a-f]+)\r\n/.exec(body);
    expect(match).not.toBeNull();
    const size = Number.parseInt(match![1]!, 16);
    const line = body.slice(match![0].length, match![0].length + size);
    expect(JSON.parse(line)).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    expect(line.endsWith('\n')).toBe(true);
    // The terminating chunk, then the next response on the same connection.
    expect(body.slice(match![0].length + size)).toMatch(/^\r\n0\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('delivers the same events through inject(), which has no real socket', async () => {
    const h = await harness('memory');
    await h.app.inject({ method: 'POST', url: CMS, payload: cm('b') });
    const res = await h.app.inject(`${CMS}?watch=true&resourceVersion=0&timeoutSeconds=1`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const events = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toEqual([expect.objectContaining({ type: 'ADDED' })]);
    expect(events[0].object.metadata.name).toBe('b');
    await h.close();
  });
});

describe('chunkOf', () => {
  it('prefixes the hex size and appends CRLF, and frames a shared Buffer only once', () => {
    const line = Buffer.from(`${'x'.repeat(300)}\n`);
    const chunk = chunkOf(line);
    expect(chunk.toString()).toBe(`12d\r\n${'x'.repeat(300)}\n\r\n`);
    expect(chunkOf(line)).toBe(chunk);
    expect(chunkOf('é\n').toString()).toBe('3\r\né\n\r\n');
  });
});
