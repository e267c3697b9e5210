import { X509Certificate } from 'node:crypto';
import { INITIALIZER_ROOT } from '@hs/topology';
import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import { containerName } from './container-spec.js';

export interface CertificateExpiry {
  /** Path under the initializer's volumes/ tree, e.g. `api/server.crt`. */
  path: string;
  subject: string;
  notAfter: Date;
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
/** Certificates are a few KB; anything larger is not one. */
const MAX_BYTES = 256 * 1024;

/**
 * The certificates the stack's initializer issued, read from its container's volumes tree through
 * the engine's archive API (the `init` container keeps it after exiting): each file holding a PEM
 * certificate, with the first certificate's subject and expiry. Empty when there is no init
 * container.
 */
export async function stackCertificates(docker: Docker, projectName: string): Promise<CertificateExpiry[]> {
  let archive: NodeJS.ReadableStream;
  try {
    archive = await docker
      .getContainer(containerName(projectName, 'init'))
      .getArchive({ path: `${INITIALIZER_ROOT}/volumes` });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return [];
    throw error;
  }
  const found: CertificateExpiry[] = [];
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
      const pem =
        header.type === 'file' && size <= MAX_BYTES ? PEM.exec(Buffer.concat(chunks).toString()) : null;
      if (pem) {
        const certificate = new X509Certificate(pem[0]);
        found.push({
          path: header.name.replace(/^volumes\//, ''),
          subject: certificate.subject.replaceAll('\n', ', '),
          notAfter: new Date(certificate.validTo),
        });
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
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
