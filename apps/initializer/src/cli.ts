import { Command, InvalidArgumentError, Option } from 'commander';
import type { StorageKind } from './options.js';
import { InitError } from './pki-state.js';

const collect = (value: string, previous: string[]) => [...previous, ...value.split(',')];
const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
};

/**
 * `higress-initializer init|seed`. Env fallbacks use the names of higress-standalone's compose
 * .env (NACOS_SERVER_URL, NACOS_USERNAME, NACOS_PASSWORD, NACOS_NS, NACOS_DATA_ENC_KEY).
 */
export function buildProgram(): Command {
  const program = new Command('higress-initializer')
    .description('Creates certificates, kubeconfigs, tokens and seed resources for Higress standalone')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('init')
    .description(
      'before the apiserver: Nacos namespace, keys, certificates, kubeconfigs, tokens, JWKS, directories',
    )
    .requiredOption('--root <dir>', 'directory to create volumes/ under')
    .addOption(
      new Option('--storage <kind>', 'apiserver storage')
        .choices(['nacos', 'file', 'memory'])
        .default('file'),
    )
    .addOption(
      new Option('--nacos-server <url>', 'Nacos URL, e.g. http://nacos:8848/nacos').env('NACOS_SERVER_URL'),
    )
    .addOption(new Option('--nacos-username <name>').env('NACOS_USERNAME'))
    .addOption(new Option('--nacos-password <password>').env('NACOS_PASSWORD'))
    .addOption(
      new Option('--nacos-ns-id <id>', 'Nacos namespace to create').env('NACOS_NS').default('higress-system'),
    )
    .option('--nacos-wait-seconds <n>', 'how long to wait for Nacos', integer, 180)
    .addOption(
      new Option('--data-enc-key <key>', 'data-encryption key (16/24/32 bytes)').env('NACOS_DATA_ENC_KEY'),
    )
    .option(
      '--san <name>',
      'extra SAN for the apiserver serving certificate (repeatable, comma-separated)',
      collect,
      [],
    )
    .addOption(new Option('--key-type <type>', 'key type').choices(['rsa', 'ecdsa']).default('rsa'))
    .option('--key-size <bits>', 'RSA key size: 2048, 3072 or 4096 (default 2048)')
    .option('--apiserver-url <url>', 'server written into the kubeconfigs', 'https://apiserver:8443')
    .option('--token-issuer <iss>', 'iss of minted tokens (JWT_RULE issuer)', 'higress')
    .option('--proxy-uid <uid>', 'uid Pilot and the gateway run as', integer, 1337)
    .option('--rotate', 'replace CAs, keys and the token-signing key', false)
    .action(async (o: Record<string, unknown>) => {
      // Loaded on demand: `init` never pulls in the Kubernetes client, `seed` never the PKI.
      const { runInit } = await import('./init.js');
      await runInit({
        root: o.root as string,
        storage: o.storage as StorageKind,
        nacosServer: o.nacosServer as string | undefined,
        nacosUsername: o.nacosUsername as string | undefined,
        nacosPassword: o.nacosPassword as string | undefined,
        nacosNamespace: o.nacosNsId as string,
        nacosWaitSeconds: o.nacosWaitSeconds as number,
        dataEncryptionKey: o.dataEncKey as string | undefined,
        sans: o.san as string[],
        keyType: o.keyType as string,
        keySize: o.keySize as string | undefined,
        apiserverUrl: o.apiserverUrl as string,
        tokenIssuer: o.tokenIssuer as string,
        proxyUid: o.proxyUid as number,
        rotate: o.rotate as boolean,
      });
    });

  program
    .command('renew')
    .description(
      're-issue leaf certificates and tokens before they expire (CAs and keys kept); rotate the apiserver CA or the token-signing key',
    )
    .requiredOption('--root <dir>', 'directory holding volumes/')
    .option('--before <duration>', 'renew what expires within this (e.g. 30d, 12h)', '30d')
    .option('--force', 'renew every leaf certificate and token', false)
    .option('--validity <duration>', 'lifetime of what is re-issued', '365d')
    .option('--rotate-ca', 'start an apiserver CA rotation: new CA, old one still trusted', false)
    .option('--finish-ca-rotation', 'finish it: trust only the new CA', false)
    .option(
      '--rotate-signing-key',
      'start a token-signing key rotation: new key signs, old one stays in the JWKS',
      false,
    )
    .option('--finish-signing-key-rotation', 'finish it: publish only the new key', false)
    .action(async (o: Record<string, unknown>) => {
      const [{ parseDuration }, { runRenew }] = await Promise.all([import('@hs/pki'), import('./renew.js')]);
      const ms = (flag: string, v: unknown) => {
        try {
          return parseDuration(String(v));
        } catch (err) {
          throw new InitError(`${flag}: ${(err as Error).message}`);
        }
      };
      await runRenew({
        root: o.root as string,
        beforeMs: ms('--before', o.before),
        force: o.force as boolean,
        validityMs: ms('--validity', o.validity),
        rotateCa: o.rotateCa as boolean,
        finishCaRotation: o.finishCaRotation as boolean,
        rotateSigningKey: o.rotateSigningKey as boolean,
        finishSigningKeyRotation: o.finishSigningKeyRotation as boolean,
      });
    });

  program
    .command('seed')
    .description('after the apiserver: create base resources if absent and render the mesh files')
    .requiredOption('--root <dir>', 'directory holding volumes/')
    .option('--kubeconfig <file>', 'kubeconfig to use (default: the generated admin kubeconfig)')
    .option('--watch', 're-render the mesh files whenever higress-config changes', false)
    .addOption(
      new Option('--nacos-server <url>', 'adds the Nacos registry to McpBridge default').env(
        'NACOS_SERVER_URL',
      ),
    )
    .addOption(new Option('--nacos-username <name>').env('NACOS_USERNAME'))
    .addOption(new Option('--nacos-password <password>').env('NACOS_PASSWORD'))
    .action(async (o: Record<string, unknown>) => {
      const { runSeed } = await import('./seed.js');
      const result = await runSeed({
        root: o.root as string,
        watch: o.watch as boolean,
        ...(o.kubeconfig ? { kubeconfig: o.kubeconfig as string } : {}),
        ...(o.nacosServer ? { nacosServer: o.nacosServer as string } : {}),
        ...(o.nacosUsername ? { nacosUsername: o.nacosUsername as string } : {}),
        ...(o.nacosPassword ? { nacosPassword: o.nacosPassword as string } : {}),
      });
      if (result.stop) {
        const stop = result.stop;
        process.stdout.write('watching higress-config; Ctrl-C to stop\n');
        await new Promise<void>((resolve) => {
          const done = () => void stop().then(resolve);
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
        });
      }
    });
  return program;
}
