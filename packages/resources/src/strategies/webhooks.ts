/**
 * Webhook configuration defaults, after k8s.io/kubernetes pkg/apis/admissionregistration/v1/
 * defaults.go: a webhook fails closed (`failurePolicy: Fail`), matches equivalent versions, selects
 * every namespace and object, times out after 10 s, is never reinvoked (mutating only); its rules'
 * scope is `*` and a service reference's port 443.
 */
import type { KubeObject, ResourceStrategy } from '../types.js';
import { child, fill, items, present } from './defaults.js';

function webhookDefaults(mutating: boolean): (obj: KubeObject) => void {
  return (obj) => {
    for (const webhook of items(obj, 'webhooks')) {
      fill(webhook, 'failurePolicy', 'Fail');
      fill(webhook, 'matchPolicy', 'Equivalent');
      fill(webhook, 'namespaceSelector', {});
      fill(webhook, 'objectSelector', {});
      fill(webhook, 'timeoutSeconds', 10);
      if (mutating) fill(webhook, 'reinvocationPolicy', 'Never');
      for (const rule of items(webhook, 'rules')) fill(rule, 'scope', '*');
      const service = present(child(webhook, 'clientConfig'), 'service');
      if (service) fill(service, 'port', 443);
    }
  };
}

export const mutatingWebhookStrategy: ResourceStrategy = { applyDefaults: webhookDefaults(true) };
export const validatingWebhookStrategy: ResourceStrategy = { applyDefaults: webhookDefaults(false) };
