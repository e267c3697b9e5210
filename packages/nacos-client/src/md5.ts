import { createHash } from 'node:crypto';

/**
 * The md5 Nacos reports for a content: lowercase hex of its UTF-8 bytes (MD5Utils.md5Hex(content,
 * "UTF-8") in alibaba/nacos common). Java encodes a lone UTF-16 surrogate as `?` while Node uses
 * U+FFFD, so such strings would hash differently; they are rejected instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export function contentMd5(content: string): string {
  if (hasLoneSurrogate(content)) throw new TypeError('content contains a lone UTF-16 surrogate');
  return createHash('md5').update(content, 'utf8').digest('hex');
}
