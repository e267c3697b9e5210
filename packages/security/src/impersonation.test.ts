/**
 * Impersonation on plain values: which attributes are authorized for each header, the user that
 * results, 403 for the first refused part and 400 for groups without a user.
 */
import { describe, expect, it } from 'vitest';
import type { UserInfo } from './authn/types.js';
import type { Attributes, Authorizer } from './authz/types.js';
import { headerValuesFrom, impersonatedUser } from './impersonation.js';

const requestor: UserInfo = { username: 'alice', groups: ['system:authenticated'] };

/** Records every question; allows what `allow` accepts. */
function recording(allow: (a: Attributes) => boolean) {
  const asked: Partial<Attributes>[] = [];
  const authorizer: Authorizer = {
    authorize: async (a) => {
      const { user: _u, path: _p, ...rest } = a;
      asked.push(rest);
      return allow(a) ? { decision: 'allow', reason: '' } : { decision: 'no-opinion', reason: '' };
    },
  };
  return { authorizer, asked };
}

describe('impersonatedUser', () => {
  it('is undefined without impersonation headers', async () => {
    const { authorizer, asked } = recording(() => true);
    expect(
      await impersonatedUser(authorizer, requestor, headerValuesFrom(['Accept', '*/*'])),
    ).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('authorizes user, groups, extras and uid one by one and builds the user', async () => {
    const { authorizer, asked } = recording(() => true);
    const headers = headerValuesFrom([
      'Impersonate-User',
      'bob',
      'Impersonate-Group',
      'devs',
      'Impersonate-Group',
      'ops,oncall',
      'Impersonate-Extra-Scopes%2Fv1',
      'read',
      'impersonate-extra-scopes%2fv1',
      'write',
      'Impersonate-Uid',
      'u-1',
    ]);
    expect(await impersonatedUser(authorizer, requestor, headers)).toEqual({
      username: 'bob',
      uid: 'u-1',
      groups: ['devs', 'ops,oncall', 'system:authenticated'],
      extra: { 'scopes/v1': ['read', 'write'] },
    });
    const base = { verb: 'impersonate', resourceRequest: true, namespace: '', subresource: '' };
    expect(asked).toEqual([
      { ...base, apiGroup: '', resource: 'users', name: 'bob' },
      { ...base, apiGroup: '', resource: 'groups', name: 'devs' },
      { ...base, apiGroup: '', resource: 'groups', name: 'ops,oncall' },
      {
        ...base,
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: 'scopes/v1',
        name: 'read',
      },
      {
        ...base,
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: 'scopes/v1',
        name: 'write',
      },
      { ...base, apiGroup: 'authentication.k8s.io', resource: 'uids', name: 'u-1' },
    ]);
  });

  it('treats service accounts and anonymous as upstream', async () => {
    const { authorizer, asked } = recording(() => true);
    const sa = await impersonatedUser(
      authorizer,
      requestor,
      headerValuesFrom(['Impersonate-User', 'system:serviceaccount:ns1:robot']),
    );
    expect(sa).toEqual({
      username: 'system:serviceaccount:ns1:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'],
    });
    expect(asked[0]).toMatchObject({ resource: 'serviceaccounts', namespace: 'ns1', name: 'robot' });
    const anon = await impersonatedUser(
      authorizer,
      requestor,
      headerValuesFrom(['Impersonate-User', 'system:anonymous']),
    );
    expect(anon).toEqual({ username: 'system:anonymous', groups: ['system:unauthenticated'] });
    const explicit = await impersonatedUser(
      authorizer,
      requestor,
      headerValuesFrom(['Impersonate-User', 'bob', 'Impersonate-Group', 'system:unauthenticated']),
    );
    expect(explicit?.groups).toEqual(['system:unauthenticated']);
  });

  it('refuses the first part the requester may not impersonate with a 403', async () => {
    const { authorizer } = recording((a) => a.resource === 'users');
    const headers = headerValuesFrom(['Impersonate-User', 'bob', 'Impersonate-Group', 'system:masters']);
    await expect(impersonatedUser(authorizer, requestor, headers)).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope',
    });
  });

  it('refuses groups, uid or extras without a user as a bad request', async () => {
    const { authorizer, asked } = recording(() => true);
    for (const raw of [
      ['Impersonate-Group', 'system:masters'],
      ['Impersonate-Uid', 'u'],
      ['Impersonate-Extra-x', 'y'],
    ]) {
      await expect(impersonatedUser(authorizer, requestor, headerValuesFrom(raw))).rejects.toMatchObject({
        code: 400,
        reason: 'BadRequest',
      });
    }
    expect(asked).toEqual([]);
  });
});
