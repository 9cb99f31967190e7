// openapi-typescript (a test tool of packages/api) builds its output with the
// compiler API of TypeScript 5, which TypeScript 7 no longer has; it takes
// TypeScript as a peer, which would resolve to the workspace's 7. It gets its
// own TypeScript 5 as a plain dependency instead. The workspace's type checker
// stays TypeScript 7.
function readPackage(pkg) {
  if (pkg.name === 'openapi-typescript' && pkg.peerDependencies?.typescript) {
    pkg.dependencies = { ...pkg.dependencies, typescript: pkg.peerDependencies.typescript };
    delete pkg.peerDependencies.typescript;
  }
  return pkg;
}

module.exports = { hooks: { readPackage } };
