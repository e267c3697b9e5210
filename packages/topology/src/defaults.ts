/**
 * Default image references. The Higress images are the release higress-standalone pins
 * (higress-group/higress-standalone compose/.env @ 9b83988: Higress 2.2.4 by digest, Nacos v3.0.1);
 * ours are built from this workspace by `higress-standalone up` (compose/images/Dockerfile).
 */
const HIGRESS_REGISTRY = 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress';

export const OWN_IMAGE_TAG = '0.1.0';

export const DEFAULT_IMAGES = {
  nacos: `${HIGRESS_REGISTRY}/nacos-server:v3.0.1`,
  controller: `${HIGRESS_REGISTRY}/higress:2.2.4@sha256:0a5b7809a107cbec150f41352a156e31160b8a92df787798e2a9a06cdd5587da`,
  pilot: `${HIGRESS_REGISTRY}/pilot:2.2.4@sha256:f742ed20f938c5c1eaf6f8c36c6481a87052d06e903ab6cb0c079165ac0c8284`,
  gateway: `${HIGRESS_REGISTRY}/gateway:2.2.4@sha256:3dbd609df5db3fca61653eafe0e2310705e485190c4f8cd02d9aab8f07dcf329`,
  console: `${HIGRESS_REGISTRY}/console:2.2.4`,
  apiserver: `higress-standalone/apiserver:${OWN_IMAGE_TAG}`,
  initializer: `higress-standalone/initializer:${OWN_IMAGE_TAG}`,
  fileserver: `higress-standalone/fileserver:${OWN_IMAGE_TAG}`,
} as const;

/** Our own images: built, never pulled. */
export const OWN_IMAGES = ['apiserver', 'initializer', 'fileserver'] as const;
export type OwnImage = (typeof OWN_IMAGES)[number];

/**
 * The one Dockerfile of our images, relative to the workspace root (the build context); the build
 * argument APP names the app (apps/<APP>), as `ownImageBuildArgs` gives it.
 */
export const OWN_IMAGE_DOCKERFILE = 'compose/images/Dockerfile';

/** Build arguments of one of our images (the compose file's build.args and the CLI's builds). */
export function ownImageBuildArgs(image: OwnImage): { APP: OwnImage } {
  return { APP: image };
}
