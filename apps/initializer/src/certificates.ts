import { type CertificateSpec, type DistinguishedName, issueCertificate, type PrivateKey } from '@hs/pki';
import { trustedCa } from './ca-rotation.js';
import { GATEWAY_SPIFFE_ID, IDENTITIES } from './identities.js';
import { CONSUMERS, type Consumer, type VolumeLayout } from './layout.js';
import { ensureCa, ensureLeaf, type Issued, leafValidityDays, type PkiContext } from './pki-state.js';

const CA_DAYS = 3650;
const API_CA_SUBJECT = { O: 'higress', CN: 'higress-root-ca' } as const;
/** e.g. 20261203T225703Z: names a rotated CA apart from the one it replaces. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]|\.\d+/g, '');

/** A CA certificate: CA:TRUE, signs certificates and CRLs, ten years; self-signed unless `more.issuer`. */
function caCertificate(
  ctx: PkiContext,
  key: PrivateKey,
  subject: DistinguishedName,
  more: Pick<CertificateSpec, 'issuer' | 'ca' | 'dnsNames'> = {},
): string {
  return issueCertificate({
    subject,
    subjectKey: key.key,
    validityDays: CA_DAYS,
    ca: {},
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
    now: ctx.now,
    ...more,
  });
}

export interface ApiserverPki {
  ca: Issued;
  /** `api/ca.crt`: the active CA first, then any CA still trusted during a rotation. */
  caBundlePem: string;
  serving: Issued;
  /** `api/server.crt`: the serving certificate, then the cross-signed CA during a rotation. */
  servingChainPem: string;
  clients: Record<Consumer, Issued>;
}

export interface PilotPki {
  root: Issued;
  intermediate: Issued;
  gateway: Issued;
}

/**
 * The apiserver CA, its serving certificate (with SANs, unlike HS precheck.sh which issues
 * `CN=higress-api-server` without any) and one client certificate per consumer (CN = user,
 * O = groups). Client certificates verify against the same CA the apiserver gets as --client-ca-file.
 */
export async function apiserverPki(
  ctx: PkiContext,
  layout: VolumeLayout,
  san: { dnsNames: string[]; ipAddresses: string[] },
): Promise<ApiserverPki> {
  // Every key is generated concurrently; only the signatures wait for the CA.
  const rotated = { ...API_CA_SUBJECT, CN: `${API_CA_SUBJECT.CN}-${stamp(ctx.now)}` };
  const trust = trustedCa(ctx, {
    label: 'apiserver CA',
    certPath: layout.api.caCert,
    keyPath: layout.pki.apiserverCaKey,
    servingChainPath: layout.api.serverCert,
    issue: (key) => caCertificate(ctx, key, API_CA_SUBJECT),
    issueRotated: (key) => caCertificate(ctx, key, rotated),
    crossSign: (next, previous) => caCertificate(ctx, next.key, rotated, { issuer: signer(previous) }),
  });
  const caPromise = trust.then((t) => t.ca);
  // Awaited by the leaves (and `trust` by Promise.all below); this handler only keeps a refused
  // CA from also surfacing as an unhandled rejection of the derived promise.
  caPromise.catch(() => {});
  // Every leaf, the serving certificate included, is issued by the active CA; during a rotation
  // the serving chain adds the cross certificate for clients that trust only the previous CA.
  const servingPromise = ensureLeaf(ctx, {
    label: 'apiserver serving certificate',
    certPath: layout.api.serverCert,
    keyPath: layout.api.serverKey,
    issuer: caPromise,
    expect: { dnsNames: san.dnsNames, ipAddresses: san.ipAddresses },
    issue: (key, ca) =>
      issueCertificate({
        subject: { O: 'higress', CN: 'higress-apiserver' },
        subjectKey: key.key,
        issuer: signer(ca),
        validityDays: leafValidityDays(ctx),
        keyUsage: ['digitalSignature', 'keyEncipherment'],
        extendedKeyUsage: ['serverAuth'],
        dnsNames: san.dnsNames,
        ipAddresses: san.ipAddresses,
        now: ctx.now,
      }),
  });
  const clientPromises = CONSUMERS.map((consumer) => {
    const id = IDENTITIES[consumer];
    return ensureLeaf(ctx, {
      label: `${consumer} client certificate`,
      certPath: layout.kube.clientCert(consumer),
      keyPath: layout.kube.clientKey(consumer),
      issuer: caPromise,
      expect: { subject: [...id.groups.map((g) => `O=${g}`), `CN=${id.user}`].join('\n') },
      issue: (key, ca) =>
        issueCertificate({
          subject: { O: id.groups, CN: id.user },
          subjectKey: key.key,
          issuer: signer(ca),
          validityDays: leafValidityDays(ctx),
          keyUsage: ['digitalSignature', 'keyEncipherment'],
          extendedKeyUsage: ['clientAuth'],
          now: ctx.now,
        }),
    });
  });
  const [t, serving, ...clients] = await Promise.all([trust, servingPromise, ...clientPromises]);
  return {
    ca: t!.ca,
    caBundlePem: t!.bundlePem,
    serving: serving!,
    servingChainPem: serving!.certPem + (t!.crossPem ?? ''),
    clients: Object.fromEntries(CONSUMERS.map((c, i) => [c, clients[i]!])) as Record<Consumer, Issued>,
  };
}

/**
 * Pilot's plugged-in CA (root → intermediate "Higress CA" with CA:TRUE and keyCertSign) and the
 * gateway's mTLS identity signed by the intermediate with the SPIFFE URI SAN; subjects follow
 * higress-standalone compose/scripts/prepare.sh renewPilotCerts.
 */
export async function pilotPki(ctx: PkiContext, layout: VolumeLayout): Promise<PilotPki> {
  const rootPromise = ensureCa(ctx, {
    label: 'Pilot root CA',
    certPath: layout.pilot.rootCert,
    keyPath: layout.pki.pilotRootKey,
    issue: (key) =>
      caCertificate(ctx, key, {
        C: 'CN',
        ST: 'Shanghai',
        L: 'Shanghai',
        O: 'Higress',
        OU: 'Gateway',
        CN: 'Root CA',
        emailAddress: 'rootca@higress.io',
      }),
  });
  const intermediatePromise = ensureCa(ctx, {
    label: 'Pilot intermediate CA',
    certPath: layout.pilot.caCert,
    keyPath: layout.pilot.caKey,
    issuer: rootPromise,
    issue: (key, root) =>
      caCertificate(
        ctx,
        key,
        { C: 'CN', ST: 'Shanghai', L: 'Shanghai', O: 'Higress', CN: 'Higress CA' },
        { issuer: signer(root!), ca: { pathLength: 0 }, dnsNames: ['ca.higress.io'] },
      ),
  });
  const gatewayPromise = ensureLeaf(ctx, {
    label: 'gateway certificate',
    certPath: layout.gateway.certChain,
    keyPath: layout.gateway.key,
    issuer: intermediatePromise,
    expect: { uris: [GATEWAY_SPIFFE_ID] },
    issue: (key, intermediate) =>
      issueCertificate({
        subject: { C: 'CN', ST: 'Shanghai', L: 'Shanghai', O: 'Higress', CN: 'Higress Gateway' },
        subjectKey: key.key,
        issuer: signer(intermediate),
        validityDays: leafValidityDays(ctx),
        keyUsage:
          key.key.asymmetricKeyType === 'rsa'
            ? ['digitalSignature', 'keyEncipherment']
            : ['digitalSignature'],
        extendedKeyUsage: ['serverAuth', 'clientAuth'],
        uris: [GATEWAY_SPIFFE_ID],
        now: ctx.now,
      }),
  });
  const [root, intermediate, gateway] = await Promise.all([rootPromise, intermediatePromise, gatewayPromise]);
  return { root, intermediate, gateway };
}

function signer(ca: Issued) {
  return { certificatePem: ca.certPem, key: ca.key.key };
}
