/**
 * Legacy discovery (`/api`, `/apis`, `/api/v1`, `/apis/{g}`, `/apis/{g}/{v}`), derived from the
 * registry. Aggregated-discovery Accept headers get the legacy form with `application/json`,
 * which client-go accepts (it picks the decoder by the response Content-Type).
 */
import { createHash } from 'node:crypto';
import { negotiateOutput } from '@hs/apimachinery';
import {
  type ApiGroupInfo,
  apiPath,
  groupVersion,
  type Registry,
  type ResourceDefinition,
} from '@hs/resources';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { wantsYaml } from '../http/negotiate.js';
import { sendBody } from '../http/respond.js';
import { aggregatedDiscovery, discoveryContentType } from './aggregated.js';

/** As upstream's storageVersionHash: the first 8 bytes of sha256("<group>/<version>/<kind>"), base64. */
const storageVersionHash = (def: ResourceDefinition) =>
  createHash('sha256')
    .update(`${def.group}/${def.storageVersion}/${def.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');

export function apiResourceList(registry: Registry, group: string, version: string) {
  const resources: Record<string, unknown>[] = [];
  for (const def of registry.resourcesFor(group, version)) {
    const namespaced = def.scope === 'Namespaced';
    resources.push({
      name: def.plural,
      singularName: def.singular,
      namespaced,
      kind: def.kind,
      verbs: [...def.verbs].sort(),
      ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
      ...(def.categories.length > 0 ? { categories: [...def.categories] } : {}),
      ...(def.virtual ? {} : { storageVersionHash: storageVersionHash(def) }),
    });
    if (def.subresources.status) {
      resources.push({
        name: `${def.plural}/status`,
        singularName: '',
        namespaced,
        kind: def.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

const groupEntry = (info: ApiGroupInfo) => ({
  name: info.group,
  versions: info.versions.map((v) => ({ groupVersion: groupVersion(info.group, v), version: v })),
  preferredVersion: {
    groupVersion: groupVersion(info.group, info.preferredVersion),
    version: info.preferredVersion,
  },
});

const send = (req: FastifyRequest, reply: FastifyReply, body: unknown) =>
  sendBody(reply, body, wantsYaml(req.headers.accept) ? 'yaml' : 'json');

/** Answers an aggregated-discovery Accept; undefined when the client asked for the legacy form. */
function sendDiscovery(
  req: FastifyRequest,
  reply: FastifyReply,
  registry: Registry,
  scope: 'core' | 'named',
) {
  reply.header('vary', 'Accept');
  let version: string | undefined;
  try {
    const rep = negotiateOutput(req.headers.accept, { endpoint: 'discovery' });
    version = rep.as === 'APIGroupDiscoveryList' ? rep.version : undefined;
  } catch {
    // Nothing acceptable in the aggregated sense: fall back to the legacy document.
    version = undefined;
  }
  if (!version) return undefined;
  return reply
    .header('content-type', discoveryContentType(version))
    .send(Buffer.from(JSON.stringify(aggregatedDiscovery(registry, scope, version))));
}

export function registerDiscovery(app: FastifyInstance, registry: Registry): void {
  const groups = registry.groups();
  const core = groups.find((g) => g.group === '');
  const named = groups.filter((g) => g.group !== '');

  app.get(
    '/api',
    (req, reply) =>
      sendDiscovery(req, reply, registry, 'core') ??
      send(req, reply, {
        kind: 'APIVersions',
        versions: core ? [...core.versions] : [],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: req.headers.host ?? '' }],
      }),
  );
  app.get(
    '/apis',
    (req, reply) =>
      sendDiscovery(req, reply, registry, 'named') ??
      send(req, reply, { kind: 'APIGroupList', apiVersion: 'v1', groups: named.map(groupEntry) }),
  );
  for (const info of groups) {
    const base = apiPath(info.group);
    if (info.group) {
      app.get(base, (req, reply) =>
        send(req, reply, { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(info) }),
      );
    }
    for (const version of info.versions) {
      const body = apiResourceList(registry, info.group, version);
      app.get(`${base}/${version}`, (req, reply) => send(req, reply, body));
    }
  }
}
