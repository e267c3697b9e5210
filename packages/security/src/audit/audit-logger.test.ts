import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry, ResourceDefinition } from '@hs/resources';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestAttributes } from '../authz/request-attributes.js';
import { createAuditLogger, objectRefFrom } from './audit-logger.js';

const SECRET_VALUE = 'dG9wLXNlY3JldC1wYXNzd29yZA==';
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'x' },
  data: { password: SECRET_VALUE },
};
const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'x' },
  data: { a: 'b' },
};

// Only the fields the logger reads: which kinds are encrypted at rest.
const entries = [
  { group: '', kind: 'Secret', listKind: 'SecretList', encryptAtRest: true },
  { group: '', kind: 'ConfigMap', listKind: 'ConfigMapList', encryptAtRest: false },
] as unknown as ResourceDefinition[];
const registry = { entries } as unknown as Registry;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-audit-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const readLines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('createAuditLogger', () => {
  it('writes one audit.k8s.io/v1 Event per request with user, verb, object and decision', async () => {
    const file = join(dir, 'audit.log');
    const logger = createAuditLogger({ file });
    logger.log({
      user: { username: 'alice', uid: 'u1', groups: ['devs'] },
      verb: 'list',
      requestURI: '/api/v1/namespaces/x/configmaps?limit=500',
      sourceIPs: ['127.0.0.1'],
      userAgent: 'kubectl/v1.32.5',
      objectRef: { resource: 'configmaps', namespace: 'x', apiVersion: 'v1' },
      responseCode: 403,
      decision: 'forbid',
      reason: '',
      auditID: 'id-1',
    });
    await logger.close();
    const [event] = await readLines(file);
    expect(event).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'id-1',
      stage: 'ResponseComplete',
      verb: 'list',
      user: { username: 'alice', uid: 'u1', groups: ['devs'] },
      sourceIPs: ['127.0.0.1'],
      objectRef: { resource: 'configmaps', namespace: 'x', apiVersion: 'v1' },
      responseStatus: { code: 403 },
      annotations: { 'authorization.k8s.io/decision': 'forbid' },
    });
    expect(typeof event?.stageTimestamp).toBe('string');
  });

  it('logs bodies only at the levels that ask for them', async () => {
    const file = join(dir, 'audit.log');
    for (const level of ['Metadata', 'Request', 'RequestResponse'] as const) {
      const logger = createAuditLogger({ file, level, registry });
      logger.log({
        verb: 'update',
        requestURI: '/x',
        responseCode: 200,
        requestObject: configMap,
        responseObject: configMap,
      });
      await logger.close();
    }
    const [meta, req, full] = await readLines(file);
    expect(meta).not.toHaveProperty('requestObject');
    expect(req).toHaveProperty('requestObject', configMap);
    expect(req).not.toHaveProperty('responseObject');
    expect(full).toHaveProperty('responseObject', configMap);
  });

  it('never writes secret data, however the record is made', async () => {
    const file = join(dir, 'audit.log');
    const logger = createAuditLogger({ file, level: 'RequestResponse', registry });
    // flagged by the caller from the registry entry
    logger.log({
      verb: 'create',
      requestURI: '/api/v1/namespaces/x/secrets',
      responseCode: 201,
      encryptAtRest: true,
      requestObject: { anything: SECRET_VALUE },
      responseObject: secret,
    });
    // not flagged: recognised from the body's kind
    logger.log({
      verb: 'get',
      requestURI: '/api/v1/namespaces/x/secrets/s',
      responseCode: 200,
      responseObject: secret,
    });
    // a list that contains secrets, and a watch event carrying one
    logger.log({
      verb: 'list',
      requestURI: '/api/v1/secrets',
      responseCode: 200,
      responseObject: { apiVersion: 'v1', kind: 'SecretList', metadata: {}, items: [secret] },
    });
    logger.log({
      verb: 'list',
      requestURI: '/x',
      responseCode: 200,
      responseObject: { kind: 'List', apiVersion: 'v1', items: [configMap, secret] },
    });
    logger.log({
      verb: 'watch',
      requestURI: '/api/v1/secrets?watch=1',
      responseCode: 200,
      responseObject: { type: 'ADDED', object: secret },
    });
    await logger.close();
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(5);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain('password');
  });

  it('creates the file readable by its owner only', async () => {
    const file = join(dir, 'audit.log');
    const logger = createAuditLogger({ file });
    logger.log({ verb: 'get', requestURI: '/readyz', responseCode: 200 });
    await logger.close();
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o077).toBe(0);
  });
});

describe('objectRefFrom', () => {
  it('derives the objectRef from request attributes', () => {
    expect(
      objectRefFrom(requestAttributes('PUT', '/apis/networking.k8s.io/v1/namespaces/d/ingresses/web/status')),
    ).toEqual({
      resource: 'ingresses',
      namespace: 'd',
      name: 'web',
      apiGroup: 'networking.k8s.io',
      apiVersion: 'v1',
      subresource: 'status',
    });
    expect(objectRefFrom(requestAttributes('GET', '/api/v1/secrets'))).toEqual({
      resource: 'secrets',
      apiVersion: 'v1',
    });
    expect(objectRefFrom(requestAttributes('GET', '/healthz'))).toBeUndefined();
  });
});
