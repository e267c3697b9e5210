// Container health check for our images: exits 0 when the URL answers 2xx within 2 s, 1 otherwise.
// The API server's certificate is issued by the stack's own CA, so TLS is not verified here (the
// original's checks use `curl -k` the same way).
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

const url = process.argv[2];
if (!url) {
  console.error('usage: node healthcheck.mjs <url>');
  process.exit(2);
}
const get = url.startsWith('https:') ? httpsGet : httpGet;
const request = get(url, { rejectUnauthorized: false, timeout: 2000 }, (response) => {
  response.resume();
  const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;
  if (!ok) console.error(`${url} answered ${response.statusCode}`);
  process.exit(ok ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', (error) => {
  console.error(`${url}: ${error.message}`);
  process.exit(1);
});
