/**
 * `pnpm nacos:start [--version 3.1] [--password pw] [--keep]`: starts a real Nacos on loopback for
 * tests, benches and `pnpm dev --local --storage nacos`, prints how to reach it, and stops it (and
 * removes its data, unless --keep) on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { DISTRIBUTIONS } from './distributions.js';
import { startRealNacos } from './launch.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string' },
    password: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  const known = DISTRIBUTIONS.map((d) => `${d.name} (${d.version})`).join(', ');
  console.log(`usage: pnpm nacos:start [--version NAME] [--password PW] [--keep]\nknown versions: ${known}`);
  process.exit(0);
}

const log = (line: string) => console.error(`[nacos] ${line}`);
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
