#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { startFileServer } from './server.js';

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
};

const program = new Command('higress-fileserver')
  .description('Serves the JWKS and other generated public files read-only over HTTP')
  .addOption(new Option('--root <dir>', 'directory to publish').env('FILESERVER_ROOT').makeOptionMandatory())
  .addOption(
    new Option('--port <port>', 'port to listen on').env('FILESERVER_PORT').argParser(port).default(3000),
  )
  .addOption(new Option('--host <address>', 'address to bind').env('FILESERVER_HOST').default('0.0.0.0'))
  .option('--quiet', 'do not log requests', false);

program.parse(process.argv);
const o = program.opts<{ root: string; port: number; host: string; quiet: boolean }>();
try {
  const running = await startFileServer({
    root: o.root,
    port: o.port,
    host: o.host,
    ...(o.quiet ? {} : { log: (line: string) => process.stdout.write(`${line}\n`) }),
  });
  process.stdout.write(`higress-fileserver: serving ${o.root} at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`higress-fileserver: ${(err as Error).message}\n`);
  process.exit(1);
}
