/** The admission plugins this server implements, by kube-apiserver's names (all on by default). */
export const NAMESPACE_LIFECYCLE = 'NamespaceLifecycle';

export const ADMISSION_PLUGINS: readonly string[] = [NAMESPACE_LIFECYCLE];
