import { forbidden } from '@hs/apimachinery';
import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Authorizer } from '../auth/authorizer.js';
import { groupResource } from '../http/request-context.js';
import type { RequestParams, RouteContext } from './route-context.js';

/** Asks the authorizer; a denial is 403 Forbidden phrased as upstream's forbidden message. */
export async function authorize(
  authorizer: Authorizer,
  route: RouteContext,
  req: FastifyRequest,
  verb: string,
): Promise<void> {
  const { namespace, name } = req.params as RequestParams;
  const def = route.definition;
  const user = req.user ?? ANONYMOUS;
  const decision = await authorizer.authorize({
    user,
    verb,
    resourceRequest: true,
    apiGroup: def.group,
    apiVersion: route.version,
    resource: def.plural,
    subresource: route.subresource,
    namespace,
    name,
  });
  if (decision.allowed) return;
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  const resource = route.subresource ? `${def.plural}/${route.subresource}` : def.plural;
  const reason = decision.reason ? `: ${decision.reason}` : '';
  throw forbidden(
    groupResource(def),
    name ?? '',
    `${resource}${def.group ? `.${def.group}` : ''}${name ? ` "${name}"` : ''} is forbidden: User "${user.username}" cannot ${verb} resource "${resource}" in API group "${def.group}"${where}${reason}`,
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; undefined = anonymous. Set by an authentication hook. */
    user: import('../auth/authorizer.js').UserInfo | undefined;
  }
}
