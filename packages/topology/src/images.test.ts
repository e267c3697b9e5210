import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OWN_IMAGES } from './defaults.js';
import { parseStackConfig } from './stack-config.js';
import { volumeSpecs } from './volumes.js';

const run = promisify(execFile);
const imagesDir = fileURLToPath(new URL('../../../compose/images/', import.meta.url));

/** Our Dockerfiles against what the generated topology expects of the images. */
describe('compose/images Dockerfiles', () => {
  for (const name of OWN_IMAGES) {
    it(`${name}: multi-stage, BASE_IMAGE, production dependencies, non-root, dist/main.js`, async () => {
      const text = await readFile(`${imagesDir}${name}/Dockerfile`, 'utf8');
      expect(text).toMatch(/^ARG BASE_IMAGE=node:20/m);
      expect(text.match(/^FROM \$\{BASE_IMAGE\}/gm)).toHaveLength(2);
      expect(text).toContain(`--prod --filter "@hs/${name}..."`);
      expect(text).toMatch(/^USER 1337:1337$/m);
      expect(text).toContain(`ENTRYPOINT ["node", "/app/apps/${name}/dist/main.js"]`);
      expect(text).toContain('COPY compose/images/healthcheck.mjs ./healthcheck.mjs');
    });

    it(`${name}: labels its build stage (down --images) and has no syntax line (BuildKit would pull a frontend)`, async () => {
      const text = await readFile(`${imagesDir}${name}/Dockerfile`, 'utf8');
      expect(text).toMatch(
        /^FROM \$\{BASE_IMAGE\} AS build\n(#.*\n)*LABEL io\.higress-standalone\.build-stage=true$/m,
      );
      expect(text).not.toMatch(/^# *syntax=/m);
    });
  }

  it('the root .dockerignore is each Dockerfile.dockerignore (classic builders and docker-compose v1 read only the root one)', async () => {
    const root = await readFile(`${imagesDir}../../.dockerignore`, 'utf8');
    for (const name of OWN_IMAGES) {
      expect(await readFile(`${imagesDir}${name}/Dockerfile.dockerignore`, 'utf8'), name).toBe(root);
    }
    expect(root.split('\n')).toContain('**/node_modules');
  });

  it('the initializer image pre-creates every volume path the initializer writes', async () => {
    const text = await readFile(`${imagesDir}initializer/Dockerfile`, 'utf8');
    const specs = volumeSpecs(parseStackConfig({ storage: { type: 'file' } }));
    for (const spec of specs) {
      if (spec.layoutPath)
        expect(text, spec.key).toContain(`/var/lib/higress-standalone/volumes/${spec.layoutPath} `);
    }
  });
});

describe('healthcheck.mjs', () => {
  it('exits 0 on a 2xx answer and 1 otherwise or when nothing listens', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/readyz' ? 200 : 503;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const check = (url: string) =>
      run('node', [`${imagesDir}healthcheck.mjs`, url]).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    try {
      expect(await check(`http://127.0.0.1:${port}/readyz`)).toBe(0);
      expect(await check(`http://127.0.0.1:${port}/other`)).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await check(`http://127.0.0.1:${port}/readyz`)).toBe(1);
  });
});
