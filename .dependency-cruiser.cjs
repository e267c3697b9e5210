// The import graph's rules, checked by `pnpm lint` (dependency-cruiser): no import cycle anywhere,
// and no import that runs back up between layers. The layers, bottom to top (docs/architecture.md):
//   resources, pki, nacos-client, launcher, topology  →  apimachinery  →  security, storage, peers
//   →  backup  →  apps. Each package's README says what it owns and what it must never import.
// pnpm already refuses undeclared packages; these rules also catch relative paths across packages
// and the floors inside a package.
const notTest = '^(?!.*(\\.test\\.ts|/test-helpers/.*|/testing/.*)$)';

/** A rule: nothing under packages/<pkg> imports anything under the `forbidden` folders. */
function layer(name, pkg, forbidden) {
  return {
    name,
    severity: 'error',
    comment: `packages/${pkg} sits below ${forbidden.join(', ')}`,
    from: { path: `^packages/${pkg}/` },
    to: { path: `^(${forbidden.map((f) => (f === 'apps' ? 'apps/' : `packages/${f}/`)).join('|')})` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle: one of the modules should own what both need',
      from: {},
      to: { circular: true },
    },
    layer('packages-below-apps', '[^/]+', ['apps']),
    layer('resources-is-the-floor', 'resources', [
      'apimachinery',
      'security',
      'storage',
      'peers',
      'backup',
      'pki',
      'nacos-client',
      'launcher',
      'topology',
    ]),
    layer('apimachinery-below-security-and-storage', 'apimachinery', [
      'security',
      'storage',
      'peers',
      'backup',
    ]),
    layer('security-beside-storage', 'security', ['storage', 'backup']),
    layer('storage-beside-security', 'storage', ['security', 'backup', 'peers']),
    {
      name: 'drivers-below-the-store',
      severity: 'error',
      comment: 'a storage driver is given what it needs by the store (driver.ts); it never imports the store',
      from: { path: `^packages/storage/src/drivers/`, pathNot: '\\.test\\.ts$' },
      to: { path: '^packages/storage/src/store/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'production code never imports a test file',
      from: { path: notTest },
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
  },
};
