/**
 * Label selectors: the string syntax of `?labelSelector=` and the metav1.LabelSelector object.
 * Follows k8s.io/apimachinery/pkg/labels/selector.go (lexer, parser, NewRequirement validation and
 * its error texts) and pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector).
 */
import { badRequest } from './status.js';
import { fieldInvalidMessage, isQualifiedName, isValidLabelValue } from './validation.js';

export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  /** Sorted and de-duplicated, as upstream's sets.String. */
  values: string[];
}

export interface LabelSelector {
  /** AND of all requirements, sorted by key. Empty = matches everything. */
  readonly requirements: readonly LabelRequirement[];
  /** `false` only for the "nothing" selector (a nil metav1.LabelSelector). */
  readonly matchesNothing?: boolean;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** Canonical text, as upstream Selector.String(). */
  toString(): string;
}

/** Thrown by parsing; converted to a 400 by {@link parseLabelSelector}. */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

// ---- lexer (selector.go Lexer) ----

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';

const literalTokens: Record<string, Tok> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '(',
};

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) =>
  ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] as string)) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    const ch = s[pos] as string;
    if (isSpecial(ch)) {
      // longest run of special symbols that forms a known operator (scanSpecialSymbol)
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos] as string)) {
        buffer += s[pos];
        const t = literalTokens[buffer];
        if (t) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      while (pos < s.length && !isSpecial(s[pos] as string) && !isWhitespace(s[pos] as string)) {
        buffer += s[pos];
        pos++;
      }
      items.push({ tok: literalTokens[buffer] ?? 'id', lit: buffer });
    }
  }
}

// ---- requirement validation (NewRequirement) ----

function goStringSlice(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

function aggregate(errs: string[]): string {
  const unique = [...new Set(errs)];
  return unique.length === 1 ? (unique[0] as string) : `[${unique.join(', ')}]`;
}

function keyError(key: string, path: string | undefined): string | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? fieldInvalidMessage(path, key, errs.join('; ')) : undefined;
}

/** Builds a validated requirement; throws {@link LabelSelectorError} with upstream's aggregated text. */
export function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const ke = keyError(key, 'key');
  if (ke) errs.push(ke);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`,
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`,
        );
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`,
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
        );
      }
      values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) {
          errs.push(
            fieldInvalidMessage(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const ve = isValidLabelValue(v);
    if (ve.length) errs.push(fieldInvalidMessage(`values[${i}][${key}]`, v, ve.join('; ')));
  });
  if (errs.length) throw new LabelSelectorError(aggregate(errs));
  return { key, operator, values };
}

function matchRequirement(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[+-]?\d+$/.test(value as string) || r.values.length !== 1) return false;
      const lhs = BigInt(value as string);
      const rhs = BigInt(r.values[0] as string);
      return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
    }
  }
}

function requirementString(r: LabelRequirement): string {
  const vals = r.values.join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${vals})`;
    case 'notin':
      return `${r.key} notin (${vals})`;
    case 'gt':
      return `${r.key}>${vals}`;
    case 'lt':
      return `${r.key}<${vals}`;
    default:
      return `${r.key}${r.operator}${vals}`;
  }
}

const sortedSet = (values: Iterable<string>) => [...new Set(values)].sort();

/** Makes a selector from requirements (sorted by key, as upstream). */
export function selectorFromRequirements(requirements: LabelRequirement[]): LabelSelector {
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: reqs,
    matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})),
    toString: () => reqs.map(requirementString).join(','),
  };
}

export const everythingSelector: LabelSelector = selectorFromRequirements([]);

export const nothingSelector: LabelSelector = {
  requirements: [],
  matchesNothing: true,
  matches: () => false,
  toString: () => '',
};

// ---- parser (selector.go Parser) ----

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private lookahead(values: boolean): Item {
    const it = this.items[this.position] as Item;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'id' || tok === '!') {
        let r: LabelRequirement;
        try {
          r = this.parseRequirement();
        } catch (err) {
          throw new LabelSelectorError(`unable to parse requirement: ${(err as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume(true);
        if (next.tok === 'eos') return reqs;
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'id' && after.tok !== '!') {
            throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
          }
        } else {
          throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === 'eos') {
        return reqs;
      } else {
        throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let operator: LabelOperator | undefined;
    let item = this.consume(true);
    if (item.tok === '!') {
      operator = '!';
      item = this.consume(true);
    }
    if (item.tok !== 'id') throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const ke = keyError(key, undefined);
    if (ke) throw new Error(ke);
    const next = this.lookahead(true).tok;
    // `!key` is complete by itself: whatever follows must be ',' or the end (parseKeyAndInferOperator)
    if (operator === '!') return newRequirement(key, '!', []);
    if (next === 'eos' || next === ',') return newRequirement(key, 'exists', []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, sortedSet(values));
  }

  private parseOperator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === 'id' || tok === ',') {
      const values = this.parseIdentifiersList();
      if (this.consume(true).tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === ')') {
      this.consume(true);
      return [''];
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'id') {
        values.add(lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return [...values];
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        if (values.size === 0) values.add('');
        const next = this.lookahead(true).tok;
        if (next === ')') {
          values.add('');
          return [...values];
        }
        if (next === ',') {
          this.consume(true);
          values.add('');
        }
        continue;
      }
      throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const { tok } = this.lookahead(true);
    if (tok === 'eos' || tok === ',') return [''];
    const item = this.consume(true);
    if (item.tok === 'id') return [item.lit];
    throw new Error(`found '${item.lit}', expected: identifier`);
  }
}

/** Parses selector text; throws {@link LabelSelectorError} with upstream's message. */
export function parseLabelSelectorOrThrow(text: string): LabelSelector {
  return selectorFromRequirements(new Parser(lex(text)).parse());
}

/** Parses `?labelSelector=`; bad input → StatusError 400 BadRequest with upstream's parse error text. */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (text === undefined || text === '') return everythingSelector;
  try {
    return parseLabelSelectorOrThrow(text);
  } catch (err) {
    if (err instanceof LabelSelectorError) throw badRequest(err.message);
    throw err;
  }
}

/** metav1.LabelSelector as found in objects (Service selectors, webhooks, …). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const expressionOps: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector: `null`/`undefined` selects nothing, an empty object selects
 * everything. Invalid content → 400 BadRequest.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelSelector {
  if (selector === null || selector === undefined) return nothingSelector;
  const reqs: LabelRequirement[] = [];
  try {
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
    for (const expr of selector.matchExpressions ?? []) {
      const op = expressionOps[expr.operator];
      if (!op) throw new LabelSelectorError(`"${expr.operator}" is not a valid label selector operator`);
      reqs.push(newRequirement(expr.key, op, sortedSet(expr.values ?? [])));
    }
  } catch (err) {
    if (err instanceof LabelSelectorError) throw badRequest(err.message);
    throw err;
  }
  return selectorFromRequirements(reqs);
}
