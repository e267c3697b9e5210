import { describe, expect, it } from 'vitest';
import {
  checkTransformTarget,
  contentTypeFor,
  type EndpointKind,
  negotiateOutput,
  parseAccept,
  parseBodyContentType,
  parsePatchContentType,
  type Representation,
} from './media-types.js';
import { StatusError } from './status.js';

const KUBECTL_TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUBECTL_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const KUBECTL_127_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const METADATA_LIST =
  'application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const METADATA_ONE =
  'application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

const json: Representation = { format: 'json', mediaType: 'application/json' };

// Every Accept header in specs/kubectl-wire.md and specs/higress-istio-needs.md §2.1.
describe('negotiateOutput for the Accept headers real clients send', () => {
  const cases: Array<[string, string | undefined, EndpointKind, Representation]> = [
    [
      'kubectl get (Table)',
      KUBECTL_TABLE,
      'resource',
      { ...json, as: 'Table', group: 'meta.k8s.io', version: 'v1' },
    ],
    [
      'kubectl discovery on /api, /apis',
      KUBECTL_DISCOVERY,
      'discovery',
      { ...json, as: 'APIGroupDiscoveryList', group: 'apidiscovery.k8s.io', version: 'v2' },
    ],
    [
      'kubectl 1.27 discovery',
      KUBECTL_127_DISCOVERY,
      'discovery',
      { ...json, as: 'APIGroupDiscoveryList', group: 'apidiscovery.k8s.io', version: 'v2beta1' },
    ],
    ['discovery Accept on a resource endpoint', KUBECTL_DISCOVERY, 'resource', json],
    ['discovery Accept on a plain endpoint', KUBECTL_DISCOVERY, 'plain', json],
    ['legacy discovery / version', 'application/json, */*', 'plain', json],
    ['kubectl -o yaml / apply', 'application/json', 'resource', json],
    [
      'client-go typed (Istio SetRestDefaults)',
      'application/vnd.kubernetes.protobuf,application/json',
      'resource',
      json,
    ],
    [
      'metadata informer list',
      METADATA_LIST,
      'resource',
      { ...json, as: 'PartialObjectMetadataList', group: 'meta.k8s.io', version: 'v1' },
    ],
    [
      'metadata informer get/watch',
      METADATA_ONE,
      'resource',
      { ...json, as: 'PartialObjectMetadata', group: 'meta.k8s.io', version: 'v1' },
    ],
    ['prepare.sh', 'application/yaml', 'resource', { format: 'yaml', mediaType: 'application/yaml' }],
    ['missing', undefined, 'resource', json],
    ['empty', '', 'resource', json],
    ['anything', '*/*', 'resource', json],
    ['application/*', 'application/*', 'resource', json],
    [
      'Table in YAML',
      'application/yaml;as=Table;v=v1;g=meta.k8s.io',
      'resource',
      {
        format: 'yaml',
        mediaType: 'application/yaml',
        as: 'Table',
        group: 'meta.k8s.io',
        version: 'v1',
      },
    ],
    [
      'Table v1beta1',
      'application/json;as=Table;v=v1beta1;g=meta.k8s.io',
      'resource',
      {
        ...json,
        as: 'Table',
        group: 'meta.k8s.io',
        version: 'v1beta1',
      },
    ],
    ['q values reorder', 'application/yaml;q=0.5,application/json', 'resource', json],
    [
      'q=0 excludes',
      'application/json;q=0,application/yaml',
      'resource',
      { format: 'yaml', mediaType: 'application/yaml' },
    ],
    ['pretty', 'application/json;pretty=1', 'resource', { ...json, pretty: true }],
    [
      'Table without g/v is not a transform we allow',
      'application/json;as=Table,application/yaml',
      'resource',
      {
        format: 'yaml',
        mediaType: 'application/yaml',
      },
    ],
  ];
  it.each(cases)('%s', (_name, accept, endpoint, expected) => {
    expect(negotiateOutput(accept, { endpoint })).toEqual(expected);
  });

  it('answers 406 when nothing is acceptable', () => {
    for (const [accept, endpoint] of [
      ['text/plain', 'resource'],
      ['application/vnd.kubernetes.protobuf', 'resource'],
      ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'plain'],
      ['application/json;as=Table;v=v1;g=meta.k8s.io', 'plain'],
      ['application/json;as=Widget;v=v1;g=meta.k8s.io', 'resource'],
    ] as const) {
      let caught: unknown;
      try {
        negotiateOutput(accept, { endpoint });
      } catch (err) {
        caught = err;
      }
      expect(caught, accept).toBeInstanceOf(StatusError);
      expect((caught as StatusError).toStatus()).toMatchObject({
        code: 406,
        reason: 'NotAcceptable',
        message: 'only the following media types are accepted: application/json, application/yaml',
      });
    }
  });

  it('accepts only JSON for watch streams', () => {
    expect(negotiateOutput(KUBECTL_TABLE, { stream: true })).toMatchObject({ format: 'json', as: 'Table' });
    expect(negotiateOutput('application/json;stream=watch', { stream: true })).toEqual(json);
    expect(negotiateOutput('application/yaml,application/json', { stream: true })).toEqual(json);
    expect(() => negotiateOutput('application/yaml', { stream: true })).toThrow(
      'only the following media types are accepted: application/json;stream=watch',
    );
  });

  it('parses clauses in preference order, keeping header order among equals', () => {
    expect(
      parseAccept('text/*;q=0.8, application/json, */*;q=0.1, application/yaml').map(
        (c) => `${c.type}/${c.subType}`,
      ),
    ).toEqual(['application/json', 'application/yaml', 'text/*', '*/*']);
  });

  it('checks transform targets against list/object answers', () => {
    const one = negotiateOutput(METADATA_ONE);
    expect(() => checkTransformTarget(one, false)).not.toThrow();
    expect(() => checkTransformTarget(one, true)).toThrow(/requested object is a list/);
    expect(() => checkTransformTarget(negotiateOutput(METADATA_LIST), false)).toThrow(/is not a list/);
    expect(contentTypeFor(negotiateOutput(KUBECTL_TABLE))).toBe(
      'application/json;as=Table;g=meta.k8s.io;v=v1',
    );
    expect(contentTypeFor(json)).toBe('application/json');
  });
});

describe('request content types', () => {
  it('reads JSON and YAML bodies, JSON when missing', () => {
    expect(parseBodyContentType(undefined)).toBe('json');
    expect(parseBodyContentType('application/json')).toBe('json');
    expect(parseBodyContentType('application/json; charset=utf-8')).toBe('json');
    expect(parseBodyContentType('application/yaml')).toBe('yaml');
  });

  it('answers protobuf bodies (kubectl create configmap) with 415', () => {
    expect(() => parseBodyContentType('application/vnd.kubernetes.protobuf')).toThrow(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
    try {
      parseBodyContentType('text/plain');
    } catch (err) {
      expect((err as StatusError).toStatus()).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    }
  });

  it('knows the four patch types and refuses strategic merge for custom resources', () => {
    const builtIn = { custom: false };
    expect(parsePatchContentType('application/json-patch+json', builtIn)).toBe('application/json-patch+json');
    expect(parsePatchContentType('application/merge-patch+json', builtIn)).toBe(
      'application/merge-patch+json',
    );
    expect(parsePatchContentType('application/strategic-merge-patch+json', builtIn)).toBe(
      'application/strategic-merge-patch+json',
    );
    expect(parsePatchContentType('application/apply-patch+yaml', builtIn)).toBe(
      'application/apply-patch+yaml',
    );
    expect(() => parsePatchContentType('application/strategic-merge-patch+json', { custom: true })).toThrow(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    expect(() => parsePatchContentType('application/json', builtIn)).toThrow(StatusError);
  });
});
