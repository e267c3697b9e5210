import { describe, expect, it } from 'vitest';
import { parseObject, renderTemplate } from './codec.js';

const obj = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'ns' },
  data: { k: 'v' },
};

describe('codec', () => {
  it.each(['json', 'yaml'] as const)('renders %s once and stamps any revision as a string', (format) => {
    const render = renderTemplate(obj, format);
    expect(parseObject(render(12), 'k')).toEqual({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: '12' },
    });
    expect(parseObject(render(13), 'k').metadata.resourceVersion).toBe('13');
  });

  it('reports values that are not objects as Corrupt', () => {
    expect(() => parseObject('just text', 'configmaps/ns/a')).toThrowError(
      expect.objectContaining({ code: 'Corrupt' }),
    );
    expect(() => parseObject('{"kind":', 'configmaps/ns/a')).toThrowError(
      expect.objectContaining({ code: 'Corrupt' }),
    );
  });
});
