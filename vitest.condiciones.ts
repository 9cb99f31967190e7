/**
 * Workspace packages export their TypeScript source under this condition
 * (docs/decisions/0010): every test reads the source, never a stale `dist/`.
 * Each package's Vitest config adds it to the conditions Vite resolves with.
 */
export const resolverFuentes = {
  resolve: { conditions: ['@pedidos/source'] },
  ssr: { resolve: { conditions: ['@pedidos/source'] } },
};
