/** Publish validation of alibaba/nacos config ParamUtils.checkParam plus the MySQL column limits. */

const VALID_ID = /^[\p{L}\p{N}_\-.:]+$/u;
export const VALID_TYPES = new Set(['properties', 'xml', 'json', 'text', 'html', 'yaml', 'toml', 'unset']);

export interface PublishInput {
  dataId: string;
  group: string;
  tenant: string;
  content: string | undefined;
  desc?: string | undefined;
  tag?: string | undefined;
}

/** `{status, message}` of the first violation, or undefined. Status 500 stands for a database error. */
export function checkPublish(
  input: PublishInput,
  maxContent: number,
): { status: number; message: string } | undefined {
  const dataId = input.dataId.trim();
  if (!dataId || !VALID_ID.test(dataId)) return { status: 400, message: `invalid dataId : ${input.dataId}` };
  if (!input.group || !VALID_ID.test(input.group))
    return { status: 400, message: `invalid group : ${input.group}` };
  if (input.tenant && (!VALID_ID.test(input.tenant) || input.tenant.length > 128)) {
    return { status: 400, message: `invalid tenant : ${input.tenant}` };
  }
  if (input.content === undefined || input.content.trim() === '')
    return { status: 400, message: 'content is blank' };
  if (input.content.length > maxContent)
    return { status: 400, message: `invalid content, over ${maxContent}` };
  if ((input.desc ?? '').length > 128) return { status: 400, message: 'too long desc, over 128' };
  if ((input.tag ?? '').length > 16) return { status: 400, message: 'too long tag, over 16' };
  if (dataId.length > 255)
    return { status: 500, message: "Data truncation: Data too long for column 'data_id'" };
  if (input.group.length > 128)
    return { status: 500, message: "Data truncation: Data too long for column 'group_id'" };
  return undefined;
}

export function normalizeType(type: string | undefined): string {
  return type !== undefined && VALID_TYPES.has(type) ? type : 'text';
}

export function contentTypeFor(type: string): string {
  if (type === 'json') return 'application/json;charset=UTF-8';
  if (type === 'xml') return 'application/xml;charset=UTF-8';
  if (type === 'html') return 'text/html;charset=UTF-8';
  return 'text/plain;charset=UTF-8';
}

/** SQL LIKE (`%` any run, `_` one character), case-sensitive like MySQL's utf8_bin collation. */
export function likeMatcher(pattern: string): (value: string) => boolean {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const compiled = new RegExp(`^${re}$`, 's');
  return (value) => compiled.test(value);
}

/** ExternalConfigInfoPersistServiceImpl.generateLikeArgument: `*` → `%` only when present. */
export function likeArgument(value: string): string {
  return value.includes('*') ? value.replace(/\*/g, '%') : value;
}
