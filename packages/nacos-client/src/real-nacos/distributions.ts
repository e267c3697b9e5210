/**
 * Nacos server distributions a real-Nacos run can use, as Maven coordinates on Maven Central.
 * Alibaba publishes no server artifacts there (alibaba/nacos issues #9944, #11814); these are
 * third-party re-publications of the official modules, checked against the official source in
 * docs/decisions/0030-real-nacos-from-maven-central.md. Only versions the registry actually serves
 * are listed.
 */
export interface NacosDistribution {
  /** Short name used by `pnpm nacos:start --version`. */
  name: string;
  /** The version the server reports. */
  version: string;
  /** Maven artifacts whose runtime classpath is the server. */
  artifacts: string[];
  /** How the server starts: 3.x needs our merged-mode launcher, 2.x has a main class. */
  start: { kind: 'launcher'; source: string } | { kind: 'main'; className: string };
  /** Lowest Java feature release it runs on. */
  minJava: number;
}

export const DISTRIBUTIONS: readonly NacosDistribution[] = [
  {
    name: '3.1',
    version: '3.1.0-bugfix',
    artifacts: [
      'io.github.pig-mesh.nacos:nacos-server:3.1.0-bugfix',
      'io.github.pig-mesh.nacos:nacos-console:3.1.0-bugfix',
    ],
    start: { kind: 'launcher', source: 'NacosMergedLauncher.java' },
    minJava: 17,
  },
];

export const DEFAULT_DISTRIBUTION = '3.1';

export function findDistribution(name: string): NacosDistribution {
  const found = DISTRIBUTIONS.find((d) => d.name === name || d.version === name);
  if (!found) {
    const known = DISTRIBUTIONS.map((d) => `${d.name} (${d.version})`).join(', ');
    throw new Error(`no Nacos distribution "${name}" on Maven Central is known; known: ${known}`);
  }
  return found;
}
