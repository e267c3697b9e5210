import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import { LABEL_SELECTOR, OBJECT_META } from './meta-v1.js';
import { entry, gogoMeta, message, str, sub, varint } from './test-helpers/encoder.js';

describe('meta/v1 descriptors', () => {
  it('drops what gogo writes for an unset ObjectMeta', () => {
    expect(decodeMessage(gogoMeta('n').subarray(2), OBJECT_META)).toEqual({ name: 'n' });
  });

  it('decodes every ObjectMeta field a client may send', () => {
    const buf = message(
      str(1, ''),
      str(2, 'web-'),
      str(3, 'ns'),
      str(5, 'uid-1'),
      str(6, '42'),
      varint(7, 3),
      sub(8, varint(1, 1_600_000_000), varint(2, 5)),
      sub(9, varint(1, 1_600_000_030)),
      varint(10, 0),
      entry(11, 'app', str(2, 'web')),
      entry(11, 'tier', str(2, '')),
      entry(12, 'note', str(2, 'hi')),
      sub(
        13,
        str(1, 'Deployment'),
        str(3, 'web'),
        str(4, 'u2'),
        str(5, 'apps/v1'),
        varint(6, true),
        varint(7, false),
      ),
      sub(13, str(1, 'ConfigMap'), str(3, 'c'), str(4, 'u3'), str(5, 'v1')),
      str(14, 'example.com/a'),
      str(14, 'example.com/b'),
      sub(17, str(1, 'kubectl'), str(2, 'Update')),
    );
    expect(decodeMessage(buf, OBJECT_META)).toEqual({
      generateName: 'web-',
      namespace: 'ns',
      uid: 'uid-1',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2020-09-13T12:26:40Z',
      deletionTimestamp: '2020-09-13T12:27:10Z',
      deletionGracePeriodSeconds: 0,
      labels: { app: 'web', tier: '' },
      annotations: { note: 'hi' },
      ownerReferences: [
        {
          kind: 'Deployment',
          name: 'web',
          uid: 'u2',
          apiVersion: 'apps/v1',
          controller: true,
          blockOwnerDeletion: false,
        },
        { kind: 'ConfigMap', name: 'c', uid: 'u3', apiVersion: 'v1' },
      ],
      finalizers: ['example.com/a', 'example.com/b'],
    });
  });

  it('decodes a LabelSelector', () => {
    const buf = message(
      entry(1, 'app', str(2, 'web')),
      sub(2, str(1, 'tier'), str(2, 'In'), str(3, 'a'), str(3, 'b')),
      sub(2, str(1, 'gone'), str(2, 'DoesNotExist')),
    );
    expect(decodeMessage(buf, LABEL_SELECTOR)).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'gone', operator: 'DoesNotExist' },
      ],
    });
  });
});
