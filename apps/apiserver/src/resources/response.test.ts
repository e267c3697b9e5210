import { describe, expect, it } from 'vitest';
import { negotiate } from '../http/negotiate.js';
import { negotiateCached } from './response.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const LIST_METADATA = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

describe('negotiateCached', () => {
  it('answers as negotiate does, also when asked again', () => {
    for (const accept of [undefined, 'application/json', 'application/yaml', TABLE, '*/*']) {
      const options = { allowTransform: true, target: 'list' as const };
      expect(negotiateCached(accept, options)).toEqual(negotiate(accept, options));
      expect(negotiateCached(accept, options)).toEqual(negotiate(accept, options));
    }
  });

  it('keeps endpoint forms apart: the same Accept may transform on reads only', () => {
    expect(negotiateCached(TABLE, { allowTransform: true, target: 'object' }).as).toBe('Table');
    expect(negotiateCached(TABLE, { allowTransform: false, target: 'object' }).as).toBeUndefined();
  });

  it('refuses an unacceptable request every time, not only the first', () => {
    const options = { allowTransform: true, target: 'object' as const };
    expect(() => negotiateCached(LIST_METADATA, options)).toThrow();
    expect(() => negotiateCached(LIST_METADATA, options)).toThrow();
    expect(() => negotiateCached('application/vnd.kubernetes.protobuf', options)).toThrow();
  });
});
