import { defineProject } from 'vitest/config';
import { resolverFuentes } from '../../vitest.condiciones.ts';

export default defineProject({
  ...resolverFuentes,
  test: {
    name: 'persistence',
    include: ['test/**/*.test.ts'],
    // Starting an embedded PostgreSQL takes seconds on a small machine.
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
