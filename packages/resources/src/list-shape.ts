/**
 * How kube-apiserver shapes a kind's LIST answers (JSON and YAML), which differs between the two
 * kinds of storage behind it:
 *
 * - Built-in kinds are typed Go lists (`ConfigMapList{Items []ConfigMap}`). Their items come out
 *   of the internal→versioned conversion with an empty TypeMeta, and only the list itself gets
 *   its apiVersion/kind set by the encoder (k8s.io/apimachinery/pkg/runtime/serializer/versioning/
 *   versioning.go), so items carry no `apiVersion`/`kind`. ListMeta's fields are `omitempty`
 *   (k8s.io/apimachinery/pkg/apis/meta/v1/types.go), so an empty continue token is left out.
 * - Custom resources are unstructured lists (k8s.io/apiextensions-apiserver/pkg/registry/
 *   customresource/etcd.go, over k8s.io/apimachinery/pkg/apis/meta/v1/unstructured): each item
 *   keeps the `apiVersion`/`kind` it is stored with, and the store's `SetContinue("")` writes
 *   `metadata.continue: ""` into the list's metadata map.
 *
 * Watch events and single objects always carry apiVersion/kind (each is encoded on its own).
 * Decision 0063.
 */
import type { ResourceDefinition } from './types.js';

export interface ListShape {
  /** List items carry `apiVersion` and `kind`. */
  itemTypeMeta: boolean;
  /** `metadata.continue` is sent as `""` on the last page (instead of being left out). */
  emptyContinue: boolean;
}

const TYPED: ListShape = Object.freeze({ itemTypeMeta: false, emptyContinue: false });
const UNSTRUCTURED: ListShape = Object.freeze({ itemTypeMeta: true, emptyContinue: true });

export function listShape(def: Pick<ResourceDefinition, 'custom'>): ListShape {
  return def.custom ? UNSTRUCTURED : TYPED;
}
