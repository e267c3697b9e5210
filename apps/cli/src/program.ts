import { isAbsolute, join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { addBackupCommands } from './commands/backup-commands.js';
import { registerRenew } from './commands/renew.js';
import { connectDocker, dockerReachable } from './docker/engine.js';
import { dockerMissing, requireDocker } from './docker-required.js';
import type { Io } from './io.js';
import { explainPortInUse, hostPortSettings } from './port-in-use.js';
import { VersionRequest } from './versions.js';
import { findWorkspaceRoot } from './workspace-root.js';

const portNumber = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};
const seconds = (value: string): number => {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
};

export type { Io } from './io.js';

/** Resolves a path given on the command line against where the user ran the command. */
function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

// Commands load their heavy modules (dockerode, listr2, the embedded servers) when they run, so
// that `pnpm dev --local` starts without Docker's client and `up` without the API server.
const dockerUpModule = () => import('./commands/docker-up.js');
const topologyModule = () => import('@hs/topology');

async function loadStackConfig(file: string | undefined) {
  const { loadStackConfig: load } = await import('./stack-config-file.js');
  return load(file && userPath(file));
}
const stackModule = () => import('./docker/stack.js');

const configOption = () =>
  new Option('-c, --config <file>', 'stack config (YAML or JSON); defaults apply without one');
const offlineOption = () =>
  new Option(
    '--offline',
    'never pull (as `offline: true` in the stack config); builds the base image locally',
  );
const outOption = () =>
  new Option(
    '-o, --out <dir>',
    'where the compose files go (default: compose/, or .compose/<project>/ with -c)',
  );
async function composeDir(root: string, o: { out?: string; config?: string }, projectName: string) {
  const { composeDirFor } = await import('./compose-dir.js');
  return composeDirFor(root, {
    projectName,
    ...(o.out ? { out: userPath(o.out) } : {}),
    ...(o.config ? { configFile: o.config } : {}),
  });
}

/** `higress-standalone`: dev, compose generate, up, down, status, logs. */
export function buildProgram(io: Io): Command {
  const root = findWorkspaceRoot();
  const program = new Command('higress-standalone')
    .description('Run Higress without Kubernetes: the embedded stack or the Docker Compose topology.')
    .showHelpAfterError()
    .option('-V, --version', 'print the version of every component');
  program.on('option:version', () => {
    throw new VersionRequest();
  });

  program
    .command('dev')
    .description('bring the stack up: Docker when an engine is reachable, else the embedded default')
    .addOption(
      new Option('--local', 'force the embedded default (local processes, state in .dev/)').conflicts(
        'docker',
      ),
    )
    .addOption(new Option('--docker', 'force Docker'))
    .option('--state-dir <dir>', 'embedded state directory', join(root, '.dev'))
    .option('--apiserver-port <port>', 'embedded API server port (0 = any free port)', portNumber, 8443)
    .option('--fileserver-port <port>', 'embedded file server port (0 = any free port)', portNumber, 3000)
    .option('--timeout <seconds>', 'Docker: how long each service may take to become ready', seconds, 180)
    .option('--base-image <ref>', "Docker: BASE_IMAGE for our images' Dockerfiles")
    .addOption(
      new Option(
        '--control-plane',
        'embedded: also run Pilot locally (binaries from `pnpm peers:build`)',
      ).implies({
        local: true,
      }),
    )
    .addOption(offlineOption())
    .addOption(configOption())
    .action(async (o, command: Command) => {
      let mode: 'local' | 'docker' = o.local ? 'local' : 'docker';
      if (!o.local) {
        const reach = await dockerReachable();
        if (!reach.reachable) {
          if (o.docker) throw new Error(dockerMissing('dev --docker', reach.reason));
          io.out(`${reach.reason}; using the embedded default (pnpm dev --docker forces Docker).`);
          mode = 'local';
        }
      }
      if (mode === 'local') {
        const { devLocal } = await import('./commands/dev-local.js');
        const ports = o.config
          ? await (await import('./local-config.js')).localPorts(userPath(o.config), o, {
              apiserverPort: command.getOptionValueSource('apiserverPort') === 'cli',
              fileserverPort: command.getOptionValueSource('fileserverPort') === 'cli',
            })
          : { apiserverPort: o.apiserverPort, fileserverPort: o.fileserverPort };
        await devLocal({
          stateDir: userPath(o.stateDir),
          ...ports,
          controlPlane: o.controlPlane === true,
          out: io.out,
        }).catch((error: unknown) => {
          throw explainPortInUse(
            error,
            new Map([
              [
                ports.fileserverPort,
                o.config ? '--fileserver-port or hostPorts.fileserver' : '--fileserver-port',
              ],
              [
                ports.apiserverPort,
                o.config ? '--apiserver-port or hostPorts.apiserver' : '--apiserver-port',
              ],
            ]),
          );
        });
        return;
      }
      const config = await loadStackConfig(o.config);
      const [docker, { dockerUp }, { stopStack }] = await Promise.all([
        connectDocker(),
        dockerUpModule(),
        stackModule(),
      ]);
      const abort = new AbortController();
      const interrupted = new Promise<void>((resolveStop) => {
        const onSignal = () => {
          abort.abort();
          resolveStop();
        };
        // `on`, not `once`: under `pnpm dev` Ctrl-C arrives twice (terminal and pnpm), and a second
        // one must not kill the process while it stops the stack.
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      const topology = (await topologyModule()).generateTopology(config);
      try {
        await dockerUp(docker, {
          root,
          composeDir: await composeDir(root, o, config.projectName),
          config,
          profiles: config.profiles.console ? ['console'] : [],
          build: config.buildOwnImages,
          ...(o.baseImage ? { baseImage: o.baseImage } : {}),
          offline: o.offline === true,
          timeoutMs: o.timeout * 1000,
          signal: abort.signal,
        }).catch((error: unknown) => {
          // Ctrl-C while starting is a normal way to stop, not a failure.
          if (!abort.signal.aborted) throw explainPortInUse(error, hostPortSettings(config.hostPorts));
        });
        if (abort.signal.aborted) return;
        io.out(
          `Stack ${topology.projectName} is up: gateway on :${config.hostPorts.gatewayHttp}, API server on 127.0.0.1:${config.hostPorts.apiserver}.`,
        );
        io.out('Press Ctrl-C to stop (containers and volumes stay; `down` removes them).');
        await interrupted;
      } finally {
        io.out('Stopping the stack ...');
        await stopStack(docker, topology);
        io.out('Stopped.');
      }
    });

  const compose = program.command('compose').description('the Docker Compose topology');
  compose
    .command('generate')
    .description('write docker-compose.yml, .env and env/*.env for the stack config')
    .addOption(configOption())
    .addOption(outOption())
    .action(async (o) => {
      const config = await loadStackConfig(o.config);
      const { composeGenerate } = await import('./commands/compose-generate.js');
      const dir = await composeDir(root, o, config.projectName);
      for (const file of await composeGenerate(config, root, dir)) io.out(`wrote ${file}`);
    });

  program
    .command('up')
    .description('build, pull and start the stack in Docker in dependency order, then return')
    .addOption(configOption())
    .option('--no-build', 'do not build our images (they must exist or be pullable)')
    .option('--profile <name...>', "compose profiles to activate (default: the config's)")
    .option(
      '--services <names>',
      'start only these services, comma-separated (e.g. init,apiserver,fileserver,seed)',
      (v: string) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    )
    .option('--timeout <seconds>', 'how long each service may take to become ready', seconds, 180)
    .option('--base-image <ref>', "BASE_IMAGE for our images' Dockerfiles")
    .addOption(offlineOption())
    .addOption(outOption())
    .action(async (o) => {
      const config = await loadStackConfig(o.config);
      const docker = await requireDocker('up');
      const { dockerUp } = await dockerUpModule();
      await dockerUp(docker, {
        root,
        composeDir: await composeDir(root, o, config.projectName),
        config,
        profiles: o.profile ?? (config.profiles.console ? ['console'] : []),
        build: o.build && config.buildOwnImages,
        ...(o.baseImage ? { baseImage: o.baseImage } : {}),
        offline: o.offline === true,
        ...(o.services ? { services: o.services } : {}),
        timeoutMs: o.timeout * 1000,
      }).catch((error: unknown) => {
        throw explainPortInUse(error, hostPortSettings(config.hostPorts));
      });
      io.out('Stack is up.');
    });

  program
    .command('down')
    .description('stop and remove the containers and network; data volumes stay unless --volumes')
    .addOption(configOption())
    .option('-v, --volumes', 'also remove the volumes (all data)', false)
    .option('--images', 'also remove the images up built (ours, their build stages, the local base)', false)
    .action(async (o) => {
      const config = await loadStackConfig(o.config);
      const { downStack } = await stackModule();
      const docker = await requireDocker('down');
      const result = await downStack(docker, config.projectName, { volumes: o.volumes });
      io.out(
        `removed ${result.containers} container(s)${o.volumes ? ` and ${result.volumes} volume(s)` : '; volumes kept'}`,
      );
      if (o.images) {
        const { removeBuiltImages } = await import('./docker/image-cleanup.js');
        const images = await removeBuiltImages(docker, [
          config.images.apiserver,
          config.images.initializer,
          config.images.fileserver,
        ]);
        io.out(`removed ${images.removed} image(s)`);
        for (const kept of images.kept) io.out(`kept ${kept}`);
      }
    });

  program
    .command('images')
    .description('images the Docker path needs')
    .command('base')
    .description("build the base image of our Dockerfiles from this machine's Node.js (no registry)")
    .action(async () => {
      const { ensureLocalBaseImage } = await import('./docker/base-image.js');
      const { image, built } = await ensureLocalBaseImage(await requireDocker('images base'), io.out);
      io.out(built ? `built ${image}` : `${image} is already on the engine`);
    });

  program
    .command('status')
    .description("the stack's containers, their state and health, and every certificate's and token's expiry")
    .addOption(configOption())
    .option('--state-dir <dir>', 'the embedded stack instead: its state directory (e.g. .dev)')
    .action(async (o) => {
      const { printStatus, printLocalStatus } = await import('./commands/status.js');
      if (o.stateDir) return printLocalStatus(userPath(o.stateDir), io.out);
      const config = await loadStackConfig(o.config);
      await printStatus(await requireDocker('status'), config.projectName, io.out);
    });
  registerRenew(program, io.out, join(root, '.dev'), userPath);

  program
    .command('logs')
    .description("a service's logs")
    .argument('<service>', 'service name, e.g. apiserver')
    .addOption(configOption())
    .option('-f, --follow', 'keep streaming', false)
    .option('--tail <n>', 'only the last n lines', (v) => Number.parseInt(v, 10))
    .action(async (service: string, o) => {
      const config = await loadStackConfig(o.config);
      const topology = (await topologyModule()).generateTopology(config);
      if (!(service in topology.compose.services)) {
        throw new Error(
          `no service ${service}; services: ${Object.keys(topology.compose.services).join(', ')}`,
        );
      }
      const { streamLogs } = await stackModule();
      await streamLogs(await requireDocker('logs'), config.projectName, service, {
        follow: o.follow,
        ...(o.tail !== undefined ? { tail: o.tail } : {}),
        out: io.stdout,
        err: io.stderr,
      });
    });

  addBackupCommands(program, io);

  return program;
}
