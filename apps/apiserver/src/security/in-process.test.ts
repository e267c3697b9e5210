/**
 * The in-process preset runs the same request guard and the same review implementation as a
 * configured server: reviews answer alike in both modes (an invalid access-review spec is 422
 * Invalid, as kube-apiserver), and a custom authorizer decides every path, resource or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const noAttributes = {
  apiVersion: 'authorization.k8s.io/v1',
  kind: 'SubjectAccessReview',
  spec: { user: 'alice' },
};

let preset: Harness;
let secured: Harness;
beforeAll(async () => {
  preset = await harness('memory');
  secured = await harness('memory', { security: { insecure: true } });
});
afterAll(async () => {
  await preset.close();
  await secured.close();
});

describe('in-process security preset', () => {
  it('answers an invalid SubjectAccessReview 422 with the same causes as a secured server', async () => {
    const answers = [];
    for (const h of [preset, secured]) {
      const res = await h.app.inject({ method: 'POST', url: SAR, payload: noAttributes });
      expect(res.statusCode).toBe(422);
      answers.push(res.json());
    }
    expect(answers[0]).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    expect(answers[0]).toEqual(answers[1]);
  });

  it('serves the self reviews kubectl auth whoami and can-i --list use, as system:anonymous', async () => {
    const whoami = await preset.app.inject({
      method: 'POST',
      url: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      payload: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(whoami.statusCode).toBe(201);
    expect(whoami.json().status.userInfo.username).toBe('system:anonymous');
    const rules = await preset.app.inject({
      method: 'POST',
      url: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      payload: { kind: 'SelfSubjectRulesReview', spec: { namespace: 'x' } },
    });
    expect(rules.json().status.incomplete).toBe(false);
    expect(rules.json().status.resourceRules).toContainEqual({
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    });
  });

  it('lets a custom authorizer refuse non-resource paths too, before any handler', async () => {
    const h = await harness('memory', {
      authorizer: {
        authorize: async (a) =>
          a.resourceRequest ? { decision: 'allow', reason: '' } : { decision: 'no-opinion', reason: 'no' },
      },
    });
    try {
      const res = await h.app.inject('/version');
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('forbidden: User "system:anonymous" cannot get path "/version": no');
      expect((await h.app.inject('/api/v1/namespaces/x/configmaps')).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  });
});
