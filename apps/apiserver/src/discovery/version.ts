import type { FastifyInstance } from 'fastify';

/** `GET /version`, as k8s.io/apimachinery/pkg/version.Info. kubectl's dispatcher picks its binary by `minor`. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const DEFAULT_VERSION: VersionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

/** Served at `/version` and `/version/`, as kube-apiserver (both are in system:public-info-viewer). */
export function registerVersion(app: FastifyInstance, version: VersionInfo): void {
  const body = JSON.stringify(version);
  for (const url of ['/version', '/version/']) {
    app.get(url, (_req, reply) => reply.header('content-type', 'application/json').send(Buffer.from(body)));
  }
}
