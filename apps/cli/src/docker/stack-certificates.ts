import { INITIALIZER_ROOT } from '@hs/topology';
import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import { containerName } from './container-spec.js';

/** Certificates and tokens are a few KB; anything larger is not one. */
const MAX_BYTES = 256 * 1024;

/**
 * The small files of the stack initializer's volumes tree (path under `volumes/` → text), read
 * from its container through the engine's archive API (the `init` container keeps it after
 * exiting). Empty when there is no init container.
 */
export async function stackVolumeFiles(docker: Docker, projectName: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let archive: NodeJS.ReadableStream;
  try {
    archive = await docker
      .getContainer(containerName(projectName, 'init'))
      .getArchive({ path: `${INITIALIZER_ROOT}/volumes` });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return found;
    throw error;
  }
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      size += chunk.length;
      if (size <= MAX_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (header.type === 'file' && size <= MAX_BYTES) {
        found.set(header.name.replace(/^volumes\//, ''), Buffer.concat(chunks).toString());
      }
      next();
    });
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    tar.on('finish', resolve);
    tar.on('error', reject);
    archive.on('error', reject);
    archive.pipe(tar);
  });
  return found;
}
