/**
 * JSON.parse of a large search answer without holding the event loop: a Nacos search answers one
 * page with every config (tens of MB at 100k objects; JSON.parse of 28 MB takes ~100 ms here and
 * 2.x pages with content are several times that). The `pageItems` array is cut into batches of
 * elements, each handed to JSON.parse with an event-loop turn between batches; the small envelope
 * around it is parsed once. The result equals JSON.parse(text). Not a streaming library:
 * @streamparser/json measured ten times JSON.parse (1.1 s for the 28 MB page), this about twice
 * (docs/decisions/0068).
 */

/** Answers below this size are parsed at once. */
const SLICED_FROM = 1024 * 1024;
/** Elements parsed between two turns (about 0.5 MB of 3.x list items). */
const BATCH = 2000;
/** Characters scanned between two turns. */
const SCAN_SLICE = 4 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The end (index after the closing quote) of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let slashes = 0;
    for (let j = q - 1; text.charCodeAt(j) === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

interface Cut {
  /** Index of the array's `[` and of its `]`. */
  open: number;
  close: number;
  /** Each element as [start, end) inside the array. */
  elements: Array<[number, number]>;
}

/** Index of the `[` of the first array held under `key` (at any depth), or -1. */
async function findArray(text: string, key: string): Promise<number> {
  const wanted = JSON.stringify(key);
  let lastString = '';
  let lastStringEnd = -1;
  let nextPause = SCAN_SLICE;
  for (let i = 0; i < text.length; i++) {
    if (i >= nextPause) {
      nextPause = i + SCAN_SLICE;
      await nextTurn();
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      lastString = end - i <= wanted.length ? text.slice(i, end) : '';
      lastStringEnd = end;
      i = end - 1;
    } else if (c === OPEN_ARRAY && lastString === wanted && /^\s*:\s*$/.test(text.slice(lastStringEnd, i))) {
      return i;
    }
  }
  return -1;
}

/** The first array held under `key` and the bounds of its elements. */
async function cutArray(text: string, key: string): Promise<Cut | undefined> {
  const open = await findArray(text, key);
  if (open < 0) return undefined;
  const elements: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let nextPause = open + SCAN_SLICE;
  for (let i = open + 1; i < text.length; i++) {
    if (i >= nextPause) {
      nextPause = i + SCAN_SLICE;
      await nextTurn();
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (start < 0) start = i;
      i = stringEnd(text, i) - 1;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (start < 0) start = i;
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
      else {
        if (start >= 0) elements.push([start, trimEnd(text, i)]);
        return { open, close: i, elements };
      }
    } else if (depth === 0 && c === COMMA) {
      if (start >= 0) elements.push([start, trimEnd(text, i)]);
      start = -1;
    } else if (start < 0 && c > 0x20) start = i;
  }
  return undefined;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && text.charCodeAt(e - 1) <= 0x20) e--;
  return e;
}

/** Puts `items` where the envelope holds `marker`. */
function place(envelope: unknown, marker: string, items: unknown[]): boolean {
  if (!envelope || typeof envelope !== 'object') return false;
  const o = envelope as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (v === marker) {
      o[k] = items;
      return true;
    }
    if (place(v, marker, items)) return true;
  }
  return false;
}

/**
 * JSON.parse(text), in slices when `text` is large and holds an array under `key`. Throws what
 * JSON.parse would throw for malformed text.
 */
export async function parseJsonSliced(text: string, key: string, slicedFrom = SLICED_FROM): Promise<unknown> {
  if (text.length < slicedFrom) return JSON.parse(text);
  const cut = await cutArray(text, key);
  if (!cut) return JSON.parse(text);
  const marker = `\u0000sliced-${Math.random()}`;
  const envelope = JSON.parse(
    `${text.slice(0, cut.open)}${JSON.stringify(marker)}${text.slice(cut.close + 1)}`,
  ) as unknown;
  const items: unknown[] = [];
  for (let b = 0; b < cut.elements.length; b += BATCH) {
    const first = cut.elements[b]!;
    const last = cut.elements[Math.min(b + BATCH, cut.elements.length) - 1]!;
    const batch = JSON.parse(`[${text.slice(first[0], last[1])}]`) as unknown[];
    for (const item of batch) items.push(item);
    await nextTurn();
  }
  if (!place(envelope, marker, items)) return JSON.parse(text);
  return envelope;
}
