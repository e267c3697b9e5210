import { describe, expect, it } from 'vitest';
import { requestAttributes, requestInfo } from './request-attributes.js';

type Row = [method: string, url: string, expected: Record<string, unknown>];

// Expectations follow the table in k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go.
const rows: Row[] = [
  [
    'GET',
    '/api/v1/namespaces',
    { verb: 'list', apiGroup: '', resource: 'namespaces', namespace: '', name: '' },
  ],
  [
    'GET',
    '/api/v1/namespaces/other',
    { verb: 'get', resource: 'namespaces', namespace: 'other', name: 'other' },
  ],
  [
    'GET',
    '/api/v1/namespaces/other/pods/foo',
    { verb: 'get', resource: 'pods', namespace: 'other', name: 'foo' },
  ],
  [
    'GET',
    '/api/v1/namespaces/x/configmaps?limit=500',
    { verb: 'list', resource: 'configmaps', namespace: 'x' },
  ],
  ['GET', '/api/v1/pods', { verb: 'list', resource: 'pods', namespace: '', name: '' }],
  ['HEAD', '/api/v1/namespaces/other/pods/foo', { verb: 'get', name: 'foo' }],
  ['GET', '/api/v1/secrets?watch=true&resourceVersion=5', { verb: 'watch', resource: 'secrets' }],
  ['GET', '/api/v1/secrets?watch=1', { verb: 'watch' }],
  ['GET', '/api/v1/secrets?watch=false', { verb: 'list' }],
  ['GET', '/api/v1/secrets?watch=yes', { verb: 'watch' }],
  ['GET', '/api/v1/watch/namespaces/other/pods', { verb: 'watch', resource: 'pods', namespace: 'other' }],
  ['GET', '/api/v1/watch/namespaces/other/pods/foo', { verb: 'watch', resource: 'pods', name: 'foo' }],
  [
    'GET',
    '/api/v1/namespaces/higress-system/configmaps?fieldSelector=metadata.name%3Dhigress-ca-root-cert&watch=true',
    { verb: 'watch', resource: 'configmaps', name: 'higress-ca-root-cert' },
  ],
  ['GET', '/api/v1/configmaps?fieldSelector=metadata.name%3D%3Da%2Ctype%3Db', { verb: 'list', name: 'a' }],
  ['GET', '/api/v1/configmaps?fieldSelector=metadata.name!%3Da', { verb: 'list', name: '' }],
  [
    'POST',
    '/api/v1/namespaces/other/pods',
    { verb: 'create', resource: 'pods', namespace: 'other', name: '' },
  ],
  ['PUT', '/api/v1/namespaces/other/pods/foo', { verb: 'update', name: 'foo' }],
  ['PATCH', '/api/v1/namespaces/other/pods/foo', { verb: 'patch', name: 'foo' }],
  ['DELETE', '/api/v1/namespaces/other/pods/foo', { verb: 'delete', name: 'foo' }],
  ['DELETE', '/api/v1/namespaces/other/pods', { verb: 'deletecollection', resource: 'pods', name: '' }],
  [
    'PUT',
    '/apis/networking.k8s.io/v1/namespaces/default/ingresses/web/status',
    {
      verb: 'update',
      apiGroup: 'networking.k8s.io',
      apiVersion: 'v1',
      resource: 'ingresses',
      subresource: 'status',
      name: 'web',
    },
  ],
  [
    'PUT',
    '/api/v1/namespaces/other/finalize',
    { verb: 'update', resource: 'namespaces', subresource: 'finalize', name: 'other' },
  ],
  [
    'PUT',
    '/api/v1/namespaces/other/status',
    { verb: 'update', resource: 'namespaces', subresource: 'status', name: 'other' },
  ],
  [
    'GET',
    '/api/v1/namespaces/other/pods/foo/proxy/sub/path',
    { verb: 'get', resource: 'pods', subresource: 'proxy', name: 'foo' },
  ],
  [
    'GET',
    '/api/v1/proxy/namespaces/other/pods/foo/bar',
    { verb: 'proxy', resource: 'pods', subresource: '', name: 'foo' },
  ],
  [
    'GET',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    { verb: 'list', apiGroup: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', namespace: '' },
  ],
  [
    'GET',
    '/apis/networking.higress.io/v1/mcpbridges?watch=true',
    { verb: 'watch', apiGroup: 'networking.higress.io', resource: 'mcpbridges' },
  ],
  [
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    { verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'subjectaccessreviews' },
  ],
];

describe('requestAttributes', () => {
  it.each(rows)('%s %s', (method, url, expected) => {
    const attrs = requestAttributes(method, url);
    expect(attrs.resourceRequest).toBe(true);
    expect(attrs).toMatchObject(expected);
  });

  const nonResource: Array<[string, string, string]> = [
    ['GET', '/healthz', 'get'],
    ['GET', '/readyz?verbose', 'get'],
    ['GET', '/version', 'get'],
    ['GET', '/api', 'get'],
    ['GET', '/api/v1', 'get'],
    ['GET', '/apis', 'get'],
    ['GET', '/apis/networking.k8s.io', 'get'],
    ['GET', '/apis/networking.k8s.io/v1', 'get'],
    ['GET', '/openapi/v3/api/v1', 'get'],
    ['POST', '/logs', 'post'],
    ['GET', '/', 'get'],
  ];
  it.each(nonResource)('%s %s is a non-resource request', (method, url, verb) => {
    const attrs = requestAttributes(method, url);
    expect(attrs.resourceRequest).toBe(false);
    expect(attrs.verb).toBe(verb);
    expect(attrs.path).toBe(url.split('?')[0]);
    expect(attrs.resource).toBe('');
  });

  it('takes the query from an object when given (e.g. a parsed query) and carries the user', () => {
    const user = { username: 'alice', groups: ['devs'] };
    const attrs = requestAttributes('GET', '/api/v1/configmaps', { watch: 'true' }, user);
    expect(attrs).toMatchObject({ verb: 'watch', user });
    expect(requestInfo('GET', '/api/v1/configmaps', new URLSearchParams('watch=true')).verb).toBe('watch');
  });

  it('matches on the unescaped path, as Go servers see it', () => {
    expect(requestAttributes('GET', '/api/v1/namespaces/x/config%6Daps/a%2Eb')).toMatchObject({
      resource: 'configmaps',
      name: 'a.b',
      path: '/api/v1/namespaces/x/configmaps/a.b',
    });
    expect(requestAttributes('GET', '/healthz%zz').path).toBe('/healthz%zz');
  });

  it('ignores an invalid name in a field selector', () => {
    expect(requestAttributes('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3D..').name).toBe('');
  });
});
