/**
 * Starts one real Nacos server on loopback: standalone, embedded Derby storage, auth on with a
 * generated token secret and server identity, ports chosen free. Resolves once the admin user is set
 * and a login succeeds; `stop()` ends the JVM (by its pid) and removes the data directory unless
 * `keepHome` is set. Settings follow the official distribution's conf/application.properties and
 * bin/startup.sh (alibaba/nacos distribution/).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveClasspath } from './classpath.js';
import { DEFAULT_DISTRIBUTION, findDistribution, type NacosDistribution } from './distributions.js';
import { findJava } from './java.js';
import { type NacosPorts, pickPorts } from './ports.js';
import { waitForAdmin } from './readiness.js';

export interface RealNacosOptions {
  /** Distribution name or version (default: the newest known). */
  distribution?: string;
  /** Admin password to set (default: random). The user is always `nacos`. */
  password?: string;
  /** Data directory (nacos.home); default: a fresh temporary directory. */
  home?: string;
  keepHome?: boolean;
  /** Where resolved classpaths are cached; default `<package>/node_modules/.cache/real-nacos`. */
  cacheDir?: string;
  /** Start-up deadline; JVM start-up on a busy 2-core machine takes minutes. Default 6 min. */
  startTimeoutMs?: number;
  /** Extra application.properties lines (e.g. to switch an API off). */
  properties?: Record<string, string>;
  ports?: NacosPorts;
  /**
   * Cluster mode: every member's ports (this node's included), written to conf/cluster.conf; the
   * members share their data through Raft (embedded storage) instead of running standalone.
   */
  members?: readonly NacosPorts[];
  /** Set the admin password (default true); a cluster sets it once, through one member. */
  createAdmin?: boolean;
  /** Receives one line per progress step. */
  log?: (line: string) => void;
}

export interface RealNacos {
  /** Base URL with the context path, e.g. `http://127.0.0.1:28848/nacos`. */
  url: string;
  consoleUrl: string;
  username: string;
  password: string;
  version: string;
  home: string;
  pid: number;
  /** The JVM's output (stdout + stderr). */
  logFile: string;
  ports: NacosPorts;
  /** Ends the JVM gracefully (SIGTERM, then SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** Ends the JVM as a crash does (SIGKILL); the data directory stays for a restart. */
  kill(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');

function applicationProperties(ports: NacosPorts, extra: Record<string, string>): string {
  const props: Record<string, string> = {
    'nacos.server.main.port': String(ports.main),
    'nacos.server.contextPath': '/nacos',
    'nacos.console.port': String(ports.console),
    'nacos.console.contextPath': '',
    'nacos.console.remote.server.context-path': '/nacos',
    // Loopback only: Tomcat binds 127.0.0.1 and the node names itself 127.0.0.1.
    'server.address': '127.0.0.1',
    'nacos.inetutils.ip-address': '127.0.0.1',
    'server.error.include-message': 'ALWAYS',
    'server.tomcat.accesslog.enabled': 'false',
    'nacos.security.ignore.urls':
      '/,/error,/**/*.css,/**/*.js,/**/*.html,/**/*.map,/**/*.svg,/**/*.png,/**/*.ico,/console-ui/public/**,/v1/auth/**,/v1/console/health/**,/actuator/**,/v1/console/server/**',
    'nacos.core.auth.system.type': 'nacos',
    'nacos.core.auth.enabled': 'true',
    'nacos.core.auth.admin.enabled': 'true',
    'nacos.core.auth.console.enabled': 'true',
    'nacos.core.auth.server.identity.key': `id-${randomBytes(6).toString('hex')}`,
    'nacos.core.auth.server.identity.value': randomBytes(12).toString('hex'),
    // Base64 of at least 32 bytes, as the token plug-in demands.
    'nacos.core.auth.plugin.nacos.token.secret.key': randomBytes(32).toString('base64'),
    'nacos.core.auth.plugin.nacos.token.expire.seconds': '18000',
    'nacos.istio.mcp.server.enabled': 'false',
    'nacos.k8s.sync.enabled': 'false',
    'nacos.deployment.type': 'merged',
    // The server bundles an Elastic metrics registry that otherwise dials localhost:9200 every minute.
    'management.elastic.metrics.export.enabled': 'false',
    // Derby creates its database within Hikari's connection timeout (3 s by default), which a
    // loaded machine misses; the timeout is the documented `db.pool.config.*` binding.
    'db.pool.config.connectionTimeout': '120000',
    ...extra,
  };
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

function javaArgs(dist: NacosDistribution, classpath: string[], home: string, cluster: boolean): string[] {
  const base = [
    '-Xms256m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    // A cluster keeps its config in Derby replicated by JRaft (bin/startup.sh -p embedded).
    ...(cluster ? ['-Dnacos.standalone=false', '-DembeddedStorage=true'] : ['-Dnacos.standalone=true']),
    `-Dnacos.home=${home}`,
    '-Dnacos.deployment.type=merged',
    '-Dnacos.server.ip=127.0.0.1',
    '-Djava.net.preferIPv4Stack=true',
    '-cp',
    classpath.join(':'),
  ];
  const target =
    dist.start.kind === 'launcher'
      ? join(packageRoot, 'src', 'real-nacos', dist.start.source)
      : dist.start.className;
  return [...base, target, `--spring.config.additional-location=file:${join(home, 'conf')}/`];
}

export async function startRealNacos(options: RealNacosOptions = {}): Promise<RealNacos> {
  const log = options.log ?? (() => undefined);
  const dist = findDistribution(options.distribution ?? DEFAULT_DISTRIBUTION);
  const java = await findJava(dist.minJava);
  log(`java ${java.version} at ${java.path}`);
  const cacheDir = options.cacheDir ?? join(packageRoot, 'node_modules', '.cache', 'real-nacos');
  log(`resolving ${dist.artifacts.join(', ')} with Maven`);
  const classpath = await resolveClasspath(dist, cacheDir);
  const home = options.home ?? (await mkdtemp(join(tmpdir(), `nacos-${dist.name}-`)));
  await mkdir(join(home, 'conf'), { recursive: true });
  const ports = options.ports ?? (await pickPorts());
  await writeFile(
    join(home, 'conf', 'application.properties'),
    applicationProperties(ports, options.properties ?? {}),
  );
  if (options.members) {
    // The `file` member lookup reads conf/cluster.conf: one `ip:port` per member.
    const lines = options.members.map((m) => `127.0.0.1:${m.main}`).join('\n');
    await writeFile(join(home, 'conf', 'cluster.conf'), `${lines}\n`);
  }
  const logFile = join(home, 'nacos.out');
  const out = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    java.path,
    javaArgs(dist, classpath, home, options.members !== undefined),
    {
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${java.path}`);
  const url = `http://127.0.0.1:${ports.main}/nacos`;
  const password = options.password ?? randomBytes(9).toString('base64url');
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      out.end();
      if (!options.keepHome && !options.home) await rm(home, { recursive: true, force: true });
    }
  };
  const kill = async () => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null) {
        process.kill(pid, 'SIGKILL');
        await exited;
      }
      out.end();
    }
  };
  log(`starting Nacos ${dist.version} (pid ${pid}) on ${url}, console port ${ports.console}, log ${logFile}`);
  try {
    await waitForAdmin({
      url,
      password,
      createAdmin: options.createAdmin ?? true,
      deadline: Date.now() + (options.startTimeoutMs ?? 360_000),
      exited,
      logFile,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    consoleUrl: `http://127.0.0.1:${ports.console}`,
    username: 'nacos',
    password,
    version: dist.version,
    home,
    pid,
    logFile,
    ports,
    stop,
    kill,
  };
}
