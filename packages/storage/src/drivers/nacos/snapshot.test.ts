/**
 * The leader's periodic scan (scanForeign) reads Nacos while writes go on: what it reports are
 * suspects for adoption. A key held at a revision newer than the scan's start was written after
 * the listing and is no suspect; an older held key that Nacos does not list, or lists with
 * another md5, is one.
 */
import { contentMd5, NacosClient } from '@hs/nacos-client';
import type { NacosTarget } from '@hs/nacos-client/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTarget } from '../../testing/test-helpers/nacos-driver.js';
import type { StoredKey } from './replica-state.js';
import { scanForeign } from './snapshot.js';

let target: NacosTarget;
let client: NacosClient;
beforeEach(async () => {
  target = await startTarget();
  client = new NacosClient({ serverUrl: target.url, username: target.username, password: target.password });
});
afterEach(() => target.close());

const value = (name: string, rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  resourceVersion: "${rev}"\n`;
const held = (key: string, revision: number, content: string): [string, StoredKey] => [
  key,
  { kv: { key, value: content, revision, createRevision: revision }, md5: contentMd5(content) },
];

describe('scanForeign', () => {
  it('reports held keys Nacos lacks or holds otherwise, except those written after the scan began', async () => {
    const address = (name: string) => ({
      tenant: target.tenant,
      group: 'default',
      dataId: `configmaps.${name}`,
    });
    await client.publish(address('same'), value('same', 5), { type: 'yaml' });
    await client.publish(address('edited'), value('edited-by-hand', 6), { type: 'yaml' });
    await client.publish(address('newer-edit'), value('newer-edit', 12), { type: 'yaml' });
    const state = new Map<string, StoredKey>([
      held('configmaps/default/same', 5, value('same', 5)),
      held('configmaps/default/edited', 6, value('edited', 6)),
      held('configmaps/default/gone', 7, value('gone', 7)),
      // Committed after the scan's start revision (10): not yet in what the scan may have listed.
      held('configmaps/default/fresh', 11, value('fresh', 11)),
      held('configmaps/default/newer-edit', 13, value('newer-edit', 13)),
    ]);
    const { foreign, missing } = await scanForeign(client, target.tenant, state, 10);
    expect(foreign.map((f) => f.key)).toEqual(['configmaps/default/edited']);
    expect(missing).toEqual(['configmaps/default/gone']);
  });
});
