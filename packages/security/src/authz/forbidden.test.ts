import { describe, expect, it } from 'vitest';
import { alwaysAllow, alwaysDeny } from './authorizers.js';
import { authorizeRequest, forbiddenStatus } from './forbidden.js';
import { requestAttributes } from './request-attributes.js';

const alice = { username: 'alice', groups: [] };

describe('forbiddenStatus', () => {
  it('produces the upstream message for a namespaced list', () => {
    const err = forbiddenStatus(
      requestAttributes('GET', '/api/v1/namespaces/x/configmaps', undefined, alice),
    );
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "x"',
      reason: 'Forbidden',
      details: { kind: 'configmaps' },
      code: 403,
    });
  });

  it('names the object, group, subresource and cluster scope', () => {
    const err = forbiddenStatus(
      requestAttributes(
        'PUT',
        '/apis/networking.k8s.io/v1/namespaces/d/ingresses/web/status',
        undefined,
        alice,
      ),
    );
    expect(err.message).toBe(
      'ingresses.networking.k8s.io "web" is forbidden: User "alice" cannot update resource "ingresses/status" in API group "networking.k8s.io" in the namespace "d"',
    );
    expect(err.details).toEqual({ name: 'web', group: 'networking.k8s.io', kind: 'ingresses' });
    expect(forbiddenStatus(requestAttributes('GET', '/api/v1/nodes', undefined, alice)).message).toBe(
      'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('handles non-resource paths and appends the authorizer reason', () => {
    const err = forbiddenStatus(requestAttributes('GET', '/metrics', undefined, alice), 'RBAC: x');
    expect(err.message).toBe('forbidden: User "alice" cannot get path "/metrics": RBAC: x');
    expect(err.details).toEqual({});
  });
});

describe('authorizeRequest', () => {
  it('returns on allow and throws the 403 otherwise', async () => {
    const attrs = requestAttributes('DELETE', '/api/v1/namespaces/x/secrets/s', undefined, alice);
    await expect(authorizeRequest(alwaysAllow(), attrs)).resolves.toBe('');
    await expect(authorizeRequest(alwaysDeny(), attrs)).rejects.toMatchObject({
      code: 403,
      message:
        'secrets "s" is forbidden: User "alice" cannot delete resource "secrets" in API group "" in the namespace "x": Everything is forbidden.',
    });
  });
});
