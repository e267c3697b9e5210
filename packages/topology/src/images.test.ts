import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OWN_IMAGE_DOCKERFILE, OWN_IMAGES } from './defaults.js';
import { generateTopology } from './generate.js';
import { parseStackConfig } from './stack-config.js';
import { volumeSpecs } from './volumes.js';

const run = promisify(execFile);
const imagesDir = fileURLToPath(new URL('../../../compose/images/', import.meta.url));

const dockerfile = () =>
  readFile(fileURLToPath(new URL(`../../../${OWN_IMAGE_DOCKERFILE}`, import.meta.url)), 'utf8');

/** Our one Dockerfile against what the generated topology expects of the images. */
describe('compose/images/Dockerfile', () => {
  it('is the only Dockerfile under compose/images, and every build section of the topology names it with its app', async () => {
    const found = (await readdir(imagesDir, { recursive: true })).filter((f) => /(^|\/)Dockerfile$/.test(f));
    expect(found).toEqual(['Dockerfile']);
    const topology = generateTopology({});
    const builds = Object.values(topology.compose.services).flatMap((s) => (s.build ? [s.build] : []));
    expect(builds.map((b) => b.args?.APP).sort()).toEqual([...OWN_IMAGES].sort());
    for (const b of builds) expect(b.dockerfile).toBe(OWN_IMAGE_DOCKERFILE);
  });

  it('multi-stage from BASE_IMAGE, the app from APP, production dependencies, non-root, dist/main.js', async () => {
    const text = await dockerfile();
    expect(text).toMatch(/^ARG BASE_IMAGE=node:20/m);
    expect(text.match(/^FROM \$\{BASE_IMAGE\}/gm)).toHaveLength(2);
    // Both stages declare APP (an ARG is scoped to its stage).
    expect(text.match(/^ARG APP$/gm)).toHaveLength(2);
    const app = ['$', '{APP}'].join(''); // the Dockerfile's own ${APP}, not ours
    expect(text).toContain(`--prod --filter "@hs/${app}..."`);
    expect(text).toContain(`COPY --from=build /src/apps/${app} ./apps/${app}`);
    expect(text).toMatch(/^USER 1337:1337$/m);
    // Exec form takes no variables: the app's directory is the working directory.
    expect(text).toMatch(/^WORKDIR \/app\/apps\/\$\{APP\}\nENTRYPOINT \["node", "dist\/main\.js"\]$/m);
    expect(text).toContain('COPY compose/images/healthcheck.mjs ./healthcheck.mjs');
    // The topology owns the health checks (every service of ours has one but init and seed).
    expect(text).not.toMatch(/^HEALTHCHECK/m);
  });

  it('labels its build stage (down --images) and has no syntax line (BuildKit would pull a frontend)', async () => {
    const text = await dockerfile();
    expect(text).toMatch(
      /^FROM \$\{BASE_IMAGE\} AS build\n(#.*\n)*LABEL io\.higress-standalone\.build-stage=true$/m,
    );
    expect(text).not.toMatch(/^# *syntax=/m);
  });

  it('the root .dockerignore is Dockerfile.dockerignore (classic builders and docker-compose v1 read only the root one)', async () => {
    const root = await readFile(`${imagesDir}../../.dockerignore`, 'utf8');
    expect(await readFile(`${imagesDir}Dockerfile.dockerignore`, 'utf8')).toBe(root);
    expect(root.split('\n')).toContain('**/node_modules');
  });

  it('pre-creates every volume path the initializer writes', async () => {
    const text = await dockerfile();
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
