import { describe, expect, it } from 'vitest';
import { Normaliser } from './normalise.js';

const entry = (manager: string, time: string) => ({
  manager,
  operation: 'Apply',
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:data': { [`f:${manager}`]: {} } },
});

describe('Normaliser', () => {
  it('compares managedFields in same-second order, whatever second each write fell in', () => {
    // One server wrote both in one second (sorted by name), the other straddled a second.
    const sameSecond = [
      entry('fv-default', '2026-12-06T10:00:01Z'),
      entry('fv-ignore', '2026-12-06T10:00:01Z'),
    ];
    const straddled = [
      entry('fv-ignore', '2026-12-06T10:00:01Z'),
      entry('fv-default', '2026-12-06T10:00:02Z'),
    ];
    const a = new Normaliser().value({ metadata: { managedFields: sameSecond } });
    const b = new Normaliser().value({ metadata: { managedFields: straddled } });
    expect(a).toEqual(b);
    expect(
      (a as { metadata: { managedFields: { manager: string }[] } }).metadata.managedFields[0]?.manager,
    ).toBe('fv-default');
  });

  it('still tells apart managedFields whose managers own different fields', () => {
    const ours = [entry('fv-default', '2026-12-06T10:00:01Z')];
    const theirs = [
      { ...entry('fv-default', '2026-12-06T10:00:01Z'), fieldsV1: { 'f:data': { 'f:other': {} } } },
    ];
    expect(new Normaliser().value({ managedFields: ours })).not.toEqual(
      new Normaliser().value({ managedFields: theirs }),
    );
  });
});
