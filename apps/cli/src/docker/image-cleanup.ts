import type Docker from 'dockerode';
import { BUILD_STAGE_LABEL, engineMessage, IMAGE_LABEL } from './images.js';

const status = (error: unknown) => (error as { statusCode?: number }).statusCode;

/**
 * `down --images`: removes what `up` built — our images (`tags`), the build-stage images our
 * Dockerfiles label (the build cache; shared by every project, rebuilt on the next `up`) and the
 * offline base image. An image another one still builds on is kept and named in `kept`.
 */
export async function removeBuiltImages(
  docker: Docker,
  tags: readonly string[],
): Promise<{ removed: number; kept: string[] }> {
  let removed = 0;
  const kept: string[] = [];
  for (const tag of tags) {
    try {
      await docker.getImage(tag).remove();
      removed += 1;
    } catch (error) {
      if (status(error) === 404) continue;
      if (status(error) === 409) kept.push(`${tag} (${engineMessage(error)})`);
      else throw error;
    }
  }

  // Build stages form parent chains: removing a leaf frees its parent, so sweep until nothing moves.
  for (let progress = true; progress; ) {
    progress = false;
    const stages = await docker.listImages({ all: true, filters: { label: [BUILD_STAGE_LABEL] } });
    for (const image of stages) {
      try {
        await docker.getImage(image.Id).remove();
        removed += 1;
        progress = true;
      } catch (error) {
        if (status(error) !== 404 && status(error) !== 409) throw error;
      }
    }
  }

  for (const image of await docker.listImages({ filters: { label: [`${IMAGE_LABEL}=base`] } })) {
    const name = image.RepoTags?.[0] ?? image.Id;
    try {
      await docker.getImage(name).remove();
      removed += 1;
    } catch (error) {
      if (status(error) === 409) kept.push(`${name} (${engineMessage(error)})`);
      else if (status(error) !== 404) throw error;
    }
  }
  return { removed, kept };
}
