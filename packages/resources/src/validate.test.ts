import { describe, expect, it } from 'vitest';
import { registry } from './registry.js';
import type { ResourceDefinition } from './types.js';
import { findUnknownFields, validateObject, withoutNulls } from './validate.js';

function def(group: string, plural: string): ResourceDefinition {
  const found = registry.entries.find((entry) => entry.group === group && entry.plural === plural);
  if (!found) throw new Error(`no entry ${plural}`);
  return found;
}

const mcpBridge = def('networking.higress.io', 'mcpbridges');
const configMap = def('', 'configmaps');
const secret = def('', 'secrets');
const service = def('', 'services');
const namespace = def('', 'namespaces');
const role = def('rbac.authorization.k8s.io', 'roles');

function bridge(registries: unknown[], name = 'default') {
  return {
    apiVersion: 'networking.higress.io/v1',
    kind: 'McpBridge',
    metadata: { name, namespace: 'higress-system' },
    spec: { registries },
  };
}

describe('validateObject', () => {
  it('accepts a valid object', () => {
    expect(validateObject(mcpBridge, bridge([{ type: 'dns', domain: 'console.svc', port: 8080 }]))).toEqual(
      [],
    );
  });

  it('reports a wrong type at its field path', () => {
    const causes = validateObject(mcpBridge, bridge([{ type: 'dns', domain: 'console.svc', port: '8080' }]));
    expect(causes).toEqual([
      {
        field: 'spec.registries[0].port',
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "string": spec.registries[0].port in body must be of type integer: "string"',
      },
    ]);
  });

  it('reports a missing required field', () => {
    const causes = validateObject(mcpBridge, bridge([{ type: 'dns', port: 80 }]));
    expect(causes).toEqual([
      { field: 'spec.registries[0].domain', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });

  it('reports a bad name with the upstream RFC 1123 message', () => {
    const causes = validateObject(mcpBridge, bridge([], 'Bad_Name'));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ field: 'metadata.name', reason: 'FieldValueInvalid' });
    expect(causes[0]?.message).toBe(
      `Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it('applies each kind its own name rule', () => {
    const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(validateObject(namespace, ns('a.b'))[0]?.message).toContain(
      'a lowercase RFC 1123 label must consist',
    );
    expect(validateObject(namespace, ns('x'.repeat(64))).map((cause) => cause.message)).toContain(
      `Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    );
    expect(validateObject(namespace, ns('higress-system'))).toEqual([]);
    const rbac = (name: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name },
    });
    expect(validateObject(role, rbac('system:controller:Foo'))).toEqual([]);
    expect(validateObject(role, rbac('a/b'))).toEqual([
      {
        field: 'metadata.name',
        reason: 'FieldValueInvalid',
        message: `Invalid value: "a/b": may not contain '/'`,
      },
    ]);
  });

  it('requires a name or generateName, and checks the generateName prefix', () => {
    const cm = (metadata: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
    expect(validateObject(configMap, cm({}))).toEqual([
      {
        field: 'metadata.name',
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
      },
    ]);
    expect(validateObject(configMap, cm({ generateName: 'cm-' }))).toEqual([]);
    expect(validateObject(configMap, cm({ generateName: 'CM-' }))[0]?.field).toBe('metadata.generateName');
  });

  it('reports bad base64 in Secret data without echoing the secret', () => {
    const causes = validateObject(secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { good: 'aGVsbG8=', bad: 'not base64!' },
    });
    expect(causes).toEqual([
      {
        field: 'data[bad]',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
      },
    ]);
  });

  it('requires the keys of typed secrets', () => {
    const causes = validateObject(secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Y2VydA==' },
    });
    expect(causes).toEqual([
      { field: 'data[tls.key]', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });

  it('reports map entries with bracketed keys and invalid config keys', () => {
    const causes = validateObject(configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { 'a b': 'x', ok: 1 },
      binaryData: { ok2: '%%%' },
    });
    expect(causes.map((cause) => cause.field)).toEqual(['data[ok]', 'data[a b]', 'binaryData[ok2]']);
    expect(causes[0]?.reason).toBe('FieldValueTypeInvalid');
    expect(causes[1]?.message).toContain(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
    );
  });

  it('rejects a key present in both data and binaryData', () => {
    const causes = validateObject(configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { k: 'v' },
      binaryData: { k: 'dg==' },
    });
    expect(causes).toEqual([
      {
        field: 'data[k]',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "k": duplicate of key present in binaryData',
      },
    ]);
  });

  it('reports enum values, ranges and IntOrString types', () => {
    const causes = validateObject(service, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { type: 'Weird', ports: [{ port: 70000, targetPort: true }] },
    });
    expect(causes).toEqual(
      expect.arrayContaining([
        {
          field: 'spec.type',
          reason: 'FieldValueNotSupported',
          message:
            'Unsupported value: "Weird": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
        },
        {
          field: 'spec.ports[0].port',
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 70000: must be less than or equal to 65535',
        },
        {
          field: 'spec.ports[0].targetPort',
          reason: 'FieldValueTypeInvalid',
          message:
            'Invalid value: "boolean": spec.ports[0].targetPort in body must be of type integer or string: "boolean"',
        },
      ]),
    );
  });

  it('reports Service semantic errors from its strategy', () => {
    const causes = validateObject(service, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80 }, { port: 80 }] },
    });
    expect(causes.map((cause) => `${cause.field} ${cause.reason}`)).toEqual([
      'spec.ports[0].name FieldValueRequired',
      'spec.ports[1].name FieldValueRequired',
      'spec.ports[1] FieldValueDuplicate',
    ]);
    expect(
      validateObject(service, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc' },
        spec: { type: 'ClusterIP' },
      }),
    ).toEqual([{ field: 'spec.ports', reason: 'FieldValueRequired', message: 'Required value' }]);
  });

  it('validates label keys and values', () => {
    const causes = validateObject(configMap, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { 'bad key!': 'v', ok: 'bad value!' } },
    });
    expect(causes.map((cause) => cause.field)).toEqual(['metadata.labels', 'metadata.labels']);
    expect(causes[1]?.message).toContain(
      'Invalid value: "bad value!": a valid label must be an empty string',
    );
  });

  it('treats null as absent, as Go decoding does', () => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', creationTimestamp: null, labels: null },
      data: null,
    };
    expect(validateObject(configMap, object)).toEqual([]);
    expect(withoutNulls(object)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
  });

  it('drops nulls without touching the input, and shares what holds none', () => {
    const clean = { metadata: { name: 'c', labels: { a: 'b' } }, data: { x: 'y' } };
    expect(withoutNulls(clean)).toBe(clean);
    const input = JSON.parse(
      '{"metadata":{"name":"c","labels":null},"data":{"x":"y"},"list":[1,{"a":null,"b":2},null],"__proto__":{"k":null}}',
    );
    const before = JSON.stringify(input);
    const out = withoutNulls(input) as Record<string, unknown>;
    expect(JSON.stringify(input)).toBe(before);
    expect(out.data).toBe(input.data);
    expect(out.metadata).toEqual({ name: 'c' });
    expect(out.list).toEqual([1, { b: 2 }, null]);
    // An own `__proto__` member stays a data member (and loses its null), never the prototype.
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toBe(
      '{"metadata":{"name":"c"},"data":{"x":"y"},"list":[1,{"b":2},null],"__proto__":{}}',
    );
  });

  it('accepts review kinds posted without metadata', () => {
    const review = def('authorization.k8s.io', 'subjectaccessreviews');
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: 'system:serviceaccount:higress-system:higress-gateway',
        resourceAttributes: { verb: 'list', resource: 'secrets' },
      },
    };
    expect(validateObject(review, body)).toEqual([]);
    expect(validateObject(review, { ...body, spec: undefined })).toEqual([
      { field: 'spec', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });

  it('never throws on garbage input', () => {
    for (const garbage of [null, 42, 'x', [], { metadata: 'x' }, { metadata: { name: 5 } }]) {
      expect(validateObject(secret, garbage).length).toBeGreaterThan(0);
      expect(() => findUnknownFields(secret, garbage)).not.toThrow();
    }
  });
});

describe('Ingress validation', () => {
  const ingress = def('networking.k8s.io', 'ingresses');
  const withPaths = (paths: unknown[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'i' },
    spec: { rules: [{ host: 'a.com', http: { paths } }] },
  });

  it('requires pathType and a backend, and refuses relative paths', () => {
    const causes = validateObject(
      ingress,
      withPaths([
        { path: '/ok', backend: { service: { name: 's', port: { number: 80 } } } },
        { path: 'relative', pathType: 'Prefix', backend: {} },
      ]),
    );
    expect(causes).toEqual([
      {
        field: 'spec.rules[0].http.paths[0].pathType',
        reason: 'FieldValueRequired',
        message: 'Required value',
      },
      {
        field: 'spec.rules[0].http.paths[1].path',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "relative": must be an absolute path',
      },
      {
        field: 'spec.rules[0].http.paths[1].backend',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": resource or service backend is required',
      },
    ]);
  });

  it('accepts Higress regex paths and McpBridge resource backends', () => {
    expect(
      validateObject(
        ingress,
        withPaths([
          {
            path: '/api(/|$)(.*)',
            pathType: 'ImplementationSpecific',
            backend: { resource: { apiGroup: 'networking.higress.io', kind: 'McpBridge', name: 'default' } },
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('needs rules or a default backend', () => {
    expect(
      validateObject(ingress, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'i' },
        spec: {},
      }),
    ).toEqual([
      {
        field: 'spec',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": either `defaultBackend` or `rules` must be specified',
      },
    ]);
  });
});

describe('required fields of built-in kinds', () => {
  it('reports a RoleBinding without roleRef', () => {
    expect(
      validateObject(def('rbac.authorization.k8s.io', 'rolebindings'), {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'rb' },
        subjects: [{ kind: 'User', name: 'alice' }],
      }),
    ).toEqual([{ field: 'roleRef', reason: 'FieldValueRequired', message: 'Required value' }]);
  });
});
