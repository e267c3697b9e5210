/**
 * `pnpm nacos:start [--version 3.1] [--password pw] [--keep]`: starts a real Nacos on loopback for
 * tests, benches and `pnpm dev --local --storage nacos`, prints how to reach it, and stops it (and
 * removes its data, unless --keep) on Ctrl-C. `--cluster N` starts N members in cluster mode instead.
 */
import { parseArgs } from 'node:util';
import { startRealNacosCluster } from './cluster.js';
import { DISTRIBUTIONS } from './distributions.js';
import { startRealNacos } from './launch.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    password: { type: 'string' },
    keep: { type: 'boolean', default: false },
    cluster: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  const known = DISTRIBUTIONS.map((d) => `${d.name} (${d.version})`).join(', ');
  console.log(
    `usage: pnpm nacos:start [--version NAME] [--password PW] [--keep] [--cluster N]\nknown versions: ${known}`,
  );
  process.exit(0);
}

const log = (line: string) => console.error(`[nacos] ${line}`);
if (values.cluster !== undefined) {
  const size = Number(values.cluster);
  if (!Number.isInteger(size) || size < 1 || size > 7) {
    log(`--cluster wants a member count from 1 to 7, not "${values.cluster}"`);
    process.exit(2);
  }
  try {
    const cluster = await startRealNacosCluster({ size, distribution: values.version, log });
    console.log(
      `Nacos ${cluster.version} cluster of ${size} is ready; user ${cluster.username} / ${cluster.password}`,
    );
    for (const m of cluster.members) console.log(`  member ${m.index}: ${m.url}`);
    console.log('Press Ctrl-C to stop it.');
    const shutdown = () => void cluster.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
} else
  try {
    const nacos = await startRealNacos({
      distribution: values.version,
      password: values.password,
      keepHome: values.keep,
      log,
    });
    console.log(`Nacos ${nacos.version} is ready (pid ${nacos.pid}, data in ${nacos.home})`);
    console.log(`  server:  ${nacos.url}`);
    console.log(`  console: ${nacos.consoleUrl}`);
    console.log(`  user:    ${nacos.username} / ${nacos.password}`);
    console.log('Use it from tests and benches with:');
    console.log(
      `  export NACOS_TEST_URL=${nacos.url} NACOS_TEST_USERNAME=${nacos.username} NACOS_TEST_PASSWORD=${nacos.password}`,
    );
    console.log('Press Ctrl-C to stop it.');
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      log('stopping');
      void nacos.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
