/**
 * QueueWatcher's push mode (`consume`): events are handed over synchronously in order, queued
 * ones first; a blocked consumer makes the watcher queue until `resume()`, and one that stays
 * blocked past the queue limit is dropped as 'slow'; `stop()` drops what is queued; a consumer
 * that throws ends the watch and `done` rejects with its error.
 */
import type { KubeObject } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../store-types.js';
import { QueueWatcher } from './watcher.js';

const event = (n: number): WatchEvent => ({
  type: 'MODIFIED',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `o${n}` } } as KubeObject,
});
const names = (events: WatchEvent[]) => events.map((e) => (e.object as KubeObject).metadata.name);

function watcher(limit = 3) {
  const ended: QueueWatcher[] = [];
  return { w: new QueueWatcher('/', undefined, false, limit, (x) => ended.push(x)), ended };
}

describe('QueueWatcher push mode', () => {
  it('delivers initial and queued events first, then each push synchronously', () => {
    const { w } = watcher();
    w.setInitial([event(0)]);
    w.push(event(1));
    const got: WatchEvent[] = [];
    w.consume((e) => got.push(e) > 0);
    expect(names(got)).toEqual(['o0', 'o1']);
    w.push(event(2));
    expect(names(got)).toEqual(['o0', 'o1', 'o2']);
  });

  it('queues while the consumer is blocked and resumes in order', () => {
    const { w } = watcher();
    const got: WatchEvent[] = [];
    let open = false;
    const c = w.consume((e) => {
      got.push(e);
      return open;
    });
    w.push(event(1));
    w.push(event(2));
    w.push(event(3));
    expect(names(got)).toEqual(['o1']);
    open = true;
    c.resume();
    expect(names(got)).toEqual(['o1', 'o2', 'o3']);
    w.push(event(4));
    expect(names(got)).toEqual(['o1', 'o2', 'o3', 'o4']);
  });

  it("drops a consumer that stays blocked past the queue limit as 'slow'", async () => {
    const { w, ended } = watcher(2);
    const c = w.consume(() => false);
    for (let i = 0; i < 4; i++) w.push(event(i));
    expect(w.endReason).toBe('slow');
    expect(ended).toEqual([w]);
    await expect(c.done).resolves.toBeUndefined();
  });

  it('delivers what a closed watch still holds, and stop() drops it', async () => {
    const a = watcher();
    const got: WatchEvent[] = [];
    let open = false;
    const ca = a.w.consume((e) => {
      got.push(e);
      return open;
    });
    a.w.push(event(1));
    a.w.push(event(2));
    a.w.end('closed');
    open = true;
    ca.resume();
    await ca.done;
    expect(names(got)).toEqual(['o1', 'o2']);

    const b = watcher();
    const seen: WatchEvent[] = [];
    const cb = b.w.consume((e) => seen.push(e) < 0);
    b.w.push(event(1));
    b.w.push(event(2));
    cb.stop();
    await cb.done;
    expect(names(seen)).toEqual(['o1']);
    expect(b.w.endReason).toBe('aborted');
  });

  it('ends the watch when the consumer throws, and refuses a second consumer', async () => {
    const { w } = watcher();
    const c = w.consume(() => {
      throw new Error('boom');
    });
    w.push(event(1));
    await expect(c.done).rejects.toThrow('boom');
    expect(w.endReason).toBe('aborted');
    expect(() => w.consume(() => true)).toThrow(/only once/);
    expect(() => w[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});
