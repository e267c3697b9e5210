import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject, parseLabelSelector, parseLabelSelectorOrThrow } from './label-selector.js';
import { StatusError } from './status.js';

// Cases follow k8s.io/apimachinery/pkg/labels/selector_test.go (TestSelectorParse, TestLexer, TestParserLookahead).
describe('label selector parsing: valid input', () => {
  const valid: Array<[string, string]> = [
    ['', ''],
    ['x=a', 'x=a'],
    ['y=b,z=c', 'y=b,z=c'],
    ['k=,z=c', 'k=,z=c'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['  x  =  a  ', 'x=a'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['z=c,x=a', 'x=a,z=c'], // sorted by key
    ['x in (a)', 'x in (a)'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x in ()', 'x in ()'],
    ['x notin (a, b)', 'x notin (a,b)'],
    ['x in (in,notin)', 'x in (in,notin)'],
    ['x', 'x'],
    ['!x', '!x'],
    ['x,!y', 'x,!y'],
    ['example.com/key=v', 'example.com/key=v'],
    ['app.kubernetes.io/name in (a,b),tier', 'app.kubernetes.io/name in (a,b),tier'],
    ['x>1', 'x>1'],
    ['x<1', 'x<1'],
    ['istio/multiCluster=true', 'istio/multiCluster=true'],
    ['higress.io/resource-definer=higress', 'higress.io/resource-definer=higress'],
  ];
  it.each(valid)('%j parses to %j', (text, canonical) => {
    expect(parseLabelSelectorOrThrow(text).toString()).toBe(canonical);
  });
});

describe('label selector parsing: invalid input → 400 with the upstream message', () => {
  const nameRegexMsg =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  const valueRegexMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  const invalid: Array<[string, string]> = [
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${valueRegexMsg}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x=a,', "found '', expected: identifier after ','"],
    [',x=a', "found ',', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x (a)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    [
      'x>a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['-x=a', `unable to parse requirement: <nil>: Invalid value: "-x": ${nameRegexMsg}`],
    [
      'a/b/c=d',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ['/x=a', 'unable to parse requirement: <nil>: Invalid value: "/x": prefix part must be non-empty'],
    [
      'Example.com/x=a',
      `unable to parse requirement: <nil>: Invalid value: "Example.com/x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [
      `x=${'v'.repeat(64)}`,
      `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ],
    ['x=&', 'unable to parse requirement: values[0][x]: Invalid value: "&": ' + valueRegexMsg],
  ];
  it.each(invalid)('%j → %s', (text, message) => {
    let caught: unknown;
    try {
      parseLabelSelector(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StatusError);
    const status = (caught as StatusError).toStatus();
    expect(status.code).toBe(400);
    expect(status.reason).toBe('BadRequest');
    expect(status.message).toBe(message);
  });
});

describe('label selector matching', () => {
  const labels = { app: 'demo', tier: 'web', n: '5' };
  const cases: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', labels, true],
    ['', undefined, true],
    ['app=demo', labels, true],
    ['app==demo', labels, true],
    ['app=other', labels, false],
    ['app!=other', labels, true],
    ['missing!=x', labels, true],
    ['app!=demo', labels, false],
    ['app in (demo,x)', labels, true],
    ['app in (x)', labels, false],
    ['missing in (x)', labels, false],
    ['app notin (x)', labels, true],
    ['missing notin (x)', labels, true],
    ['app notin (demo)', labels, false],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!app', labels, false],
    ['app=demo,tier=web', labels, true],
    ['app=demo,tier=db', labels, false],
    ['n>4', labels, true],
    ['n<4', labels, false],
    ['app>4', labels, false],
    ['app=demo', undefined, false],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
  ];
  it.each(cases)('%j against %j → %s', (text, ls, expected) => {
    expect(parseLabelSelector(text).matches(ls)).toBe(expected);
  });
});

describe('metav1.LabelSelector objects', () => {
  it('matches matchLabels and every expression operator', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'demo' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(sel.matches({ app: 'demo', tier: 'web', team: 'a' })).toBe(true);
    expect(sel.matches({ app: 'demo', tier: 'web', team: 'a', env: 'prod' })).toBe(false);
    expect(sel.matches({ app: 'demo', tier: 'db', team: 'a' })).toBe(false);
    expect(sel.matches({ app: 'demo', tier: 'web' })).toBe(false);
    expect(sel.matches({ app: 'demo', tier: 'web', team: 'a', legacy: 'y' })).toBe(false);
    expect(sel.toString()).toBe('app=demo,env notin (prod),!legacy,team,tier in (api,web)');
  });

  it('selects everything when empty and nothing when absent', () => {
    expect(labelSelectorFromObject({}).matches({ a: 'b' })).toBe(true);
    expect(labelSelectorFromObject(null).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorFromObject(undefined).matches({})).toBe(false);
  });

  it('rejects unknown operators and empty In values with upstream texts', () => {
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow('values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist');
  });
});
