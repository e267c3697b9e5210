/**
 * YAML bodies read as kube-apiserver reads them (sigs.k8s.io/yaml over go-yaml v2): a repeated
 * key is allowed (the last wins) and reported as go-yaml's strict unmarshal error
 * (`line 7: key "x" already set in map`); a syntax error is worded as go-yaml words it
 * (`yaml: line 1: did not find expected ',' or ']'`). The `yaml` package finds the errors; this
 * module maps its error classes onto go-yaml's texts and line numbers (go-yaml's parser errors
 * count lines from 0 and omit line 0; its scanner errors count from 1 and omit the first line).
 * Classes without a go-yaml counterpart keep the `yaml` package's text behind the `yaml: ` prefix.
 */
import { goQuote } from '@hs/apimachinery';
import YAML, { isMap, isScalar, LineCounter } from 'yaml';

export class GoYamlError extends Error {}

export interface GoYamlResult {
  value: unknown;
  /** go-yaml's strict errors for repeated keys (`line N: key "x" already set in map`). */
  duplicates: string[];
  /** More than one document in the body. */
  multiple: boolean;
}

type Kind = 'parser' | 'scanner';

const lineIndex = (text: string, offset: number) => {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) n++;
  return n;
};

/** go-yaml's stream end sits on a new line when the text does not end with one. */
const eofLine = (text: string) => lineIndex(text, text.length) + (text && !text.endsWith('\n') ? 1 : 0);

function where(kind: Kind, line: number): string {
  if (kind === 'scanner') return line > 0 ? `line ${line + 1}: ` : '';
  return line > 0 ? `line ${line}: ` : '';
}

function lineAt(text: string, line: number): string {
  return text.split('\n')[line] ?? '';
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The go-yaml text for the first error the `yaml` package reports. */
function goYamlText(text: string, err: YAML.YAMLError): string {
  const offset = err.pos[0];
  const line = lineIndex(text, offset);
  const atEnd = offset >= text.trimEnd().length;
  const msg = err.message;
  switch (err.code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR': {
      if (/^Missing closing .?quote/.test(msg)) return 'found unexpected end of stream';
      const flowSeq = /Flow sequence/.test(msg);
      const flowMap = /Flow map/.test(msg) || /between flow map items/.test(msg);
      if (flowSeq || flowMap) {
        const pending = /[:,[{]\s*$/.test(text.slice(0, offset).trimEnd());
        const problem = atEnd
          ? pending
            ? 'did not find expected node content'
            : `did not find expected ',' or '${flowSeq ? ']' : '}'}'`
          : `did not find expected ',' or '${flowSeq && !/[}]/.test(text[offset - 1] ?? '') ? ']' : '}'}'`;
        return `${where('parser', atEnd ? eofLine(text) : line)}${problem}`;
      }
      return blockProblem(text, line);
    }
    case 'BAD_DQ_ESCAPE':
      return /\\[xuU]/.test(msg)
        ? 'did not find expected hexdecimal number'
        : 'found unknown escape character';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      if (err.code === 'MULTILINE_IMPLICIT_KEY' && !/:/.test(text.slice(offset)))
        return blockProblem(text, line);
      // The offending `:` may sit on a later line than the key the `yaml` package points at.
      const colon = text.slice(offset).search(/:(\s|$)/);
      return `${where('scanner', colon === -1 ? line : lineIndex(text, offset + colon))}mapping values are not allowed in this context`;
    }
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return `${where('scanner', line)}found character that cannot start any token`;
    case 'UNEXPECTED_TOKEN':
      return blockProblem(text, line);
    default:
      return `${where('parser', line)}${msg.split(' at line ')[0]}`;
  }
}

/** A block collection that goes wrong: go-yaml expected the next key, or the next `-` item. */
function blockProblem(text: string, line: number): string {
  const before = lineAt(text, line - 1);
  const here = lineAt(text, line);
  const inSequence = /^\s*- /.test(`${before} `) && indentOf(here) <= indentOf(before);
  return `${where('parser', line)}did not find expected ${inSequence ? "'-' indicator" : 'key'}`;
}

/** The strict errors go-yaml reports for repeated keys, in document order. */
function duplicateKeys(doc: YAML.Document.Parsed, counter: LineCounter): string[] {
  const found: string[] = [];
  YAML.visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) {
          const line = counter.linePos(key.range?.[0] ?? 0).line;
          const shown = typeof key.value === 'string' ? goQuote(key.value) : String(key.value);
          found.push(`line ${line}: key ${shown} already set in map`);
        } else seen.add(id);
      }
    },
  });
  return found;
}

/** Parses a YAML body as go-yaml would; a syntax error is thrown as GoYamlError (`yaml: ...`). */
export function parseGoYaml(text: string): GoYamlResult {
  const counter = new LineCounter();
  let docs: YAML.Document.Parsed[];
  try {
    docs = YAML.parseAllDocuments(text, {
      uniqueKeys: false,
      lineCounter: counter,
    }) as YAML.Document.Parsed[];
  } catch (err) {
    throw new GoYamlError(`yaml: ${(err as Error).message}`);
  }
  const failure = docs.flatMap((d) => d.errors)[0];
  if (failure) throw new GoYamlError(`yaml: ${goYamlText(text, failure)}`);
  const [doc] = docs;
  if (!doc) return { value: undefined, duplicates: [], multiple: false };
  const duplicates = duplicateKeys(doc, counter);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = (err as Error).message;
    const alias = /Unresolved alias.*?: (.*)$/.exec(message);
    if (alias) throw new GoYamlError(`yaml: unknown anchor '${alias[1]}' referenced`);
    // An alias bomb is bad input, as go-yaml's "excessive aliasing".
    if (/alias count/i.test(message)) throw new GoYamlError('yaml: document contains excessive aliasing');
    throw new GoYamlError(`yaml: ${message}`);
  }
  return { value, duplicates, multiple: docs.length > 1 };
}
