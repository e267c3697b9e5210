import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonSliced } from './sliced-json.js';

const parse = (text: string) => parseJsonSliced(text, 'pageItems', 0);

describe('parseJsonSliced', () => {
  it('equals JSON.parse for any page, whatever its items and envelope hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.boolean(),
        fc.boolean(),
        async (items, extra, nested, pretty) => {
          const page = { ...extra, totalCount: items.length, pageItems: items };
          const body = nested ? { code: 0, data: page, message: 'x' } : page;
          const text = JSON.stringify(body, null, pretty ? 2 : undefined);
          expect(await parse(text)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips keys and brackets inside strings, and cuts the structural array only', async () => {
    const text = JSON.stringify({
      note: '"pageItems":[1,2] and \\"pageItems\\": [',
      data: { pageItems: [{ content: 'a ] } , [ "' }, 'x"y', 3, [4, [5]], null, { pageItems: [6] }] },
    });
    expect(await parse(text)).toEqual(JSON.parse(text));
  });

  it('parses a large page in batches, with turns of the event loop between them', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({
      dataId: `configmaps.cm-${i}`,
      md5: 'x'.repeat(32),
    }));
    const text = JSON.stringify({ code: 0, data: { totalCount: items.length, pageItems: items } });
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const parsed = await parseJsonSliced(text, 'pageItems');
    clearInterval(ticking);
    expect(parsed).toEqual(JSON.parse(text));
    expect(turns).toBeGreaterThan(3);
  });

  it('throws on malformed text as JSON.parse does, large or small', async () => {
    await expect(parse('{"pageItems":[1,2')).rejects.toThrow(SyntaxError);
    await expect(parse('{"pageItems":[1,,2]}')).rejects.toThrow(SyntaxError);
    await expect(parse('not json')).rejects.toThrow(SyntaxError);
  });
});
