/**
 * Resolves a distribution's runtime classpath with the ordinary `mvn` client: a throw-away POM that
 * depends on the distribution's artifacts, `dependency:build-classpath`, the answer cached beside
 * the POM (the jars themselves stay in Maven's local repository, ~/.m2).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NacosDistribution } from './distributions.js';

const run = promisify(execFile);

function pomFor(dist: NacosDistribution): string {
  const deps = dist.artifacts
    .map((coords) => {
      const [groupId, artifactId, version] = coords.split(':');
      return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
    })
    .join('\n    ');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.real-nacos</groupId>
  <artifactId>nacos-${dist.name}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${deps}
  </dependencies>
</project>
`;
}

/** The classpath (absolute jar paths) of `dist`, downloading it through Maven on first use. */
export async function resolveClasspath(dist: NacosDistribution, cacheDir: string): Promise<string[]> {
  const dir = join(cacheDir, `nacos-${dist.version}`);
  const out = join(dir, 'classpath.txt');
  const pom = pomFor(dist);
  const pomPath = join(dir, 'pom.xml');
  const cached = existsSync(out) && existsSync(pomPath) && (await readFile(pomPath, 'utf8')) === pom;
  if (!cached) {
    await mkdir(dir, { recursive: true });
    await writeFile(pomPath, pom);
    try {
      await run(
        'mvn',
        ['-B', '-q', '-f', pomPath, 'dependency:build-classpath', `-Dmdep.outputFile=${out}`],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
    } catch (err) {
      const e = err as { code?: unknown; stdout?: string; stderr?: string };
      if (e.code === 'ENOENT') throw new Error('Maven (mvn) is not installed: it resolves the Nacos jars');
      const detail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
      throw new Error(`Maven could not resolve ${dist.artifacts.join(', ')}:\n${detail}`);
    }
  }
  const jars = (await readFile(out, 'utf8')).trim().split(':').filter(Boolean);
  const missing = jars.filter((j) => !existsSync(j));
  if (missing.length > 0) {
    await rm(out, { force: true });
    throw new Error(`cached classpath names missing jars (${missing[0]}); run again to re-resolve`);
  }
  return jars;
}
