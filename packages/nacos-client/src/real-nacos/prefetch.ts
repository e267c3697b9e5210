/**
 * `pnpm --filter @hs/nacos-client run nacos:prefetch`: resolves the default Nacos distribution's jars
 * with Maven into ~/.m2 ahead of the tests (CI calls it before `pnpm test`, so the download is not
 * counted against the test run). Exits 1 with the reason when Maven cannot resolve them; the
 * real-Nacos suites then skip and print the same reason.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveClasspath } from './classpath.js';
import { DEFAULT_DISTRIBUTION, findDistribution } from './distributions.js';

const dist = findDistribution(DEFAULT_DISTRIBUTION);
const cacheDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.cache',
  'real-nacos',
);
try {
  const jars = await resolveClasspath(dist, cacheDir);
  console.log(`Nacos ${dist.version}: ${jars.length} jars resolved`);
} catch (err) {
  console.error(
    `Nacos ${dist.version} jars not resolved: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
