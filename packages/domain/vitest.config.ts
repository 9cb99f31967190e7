import { defineProject } from 'vitest/config';
import { resolverFuentes } from '../../vitest.condiciones.ts';

export default defineProject({
  ...resolverFuentes,
  test: {
    name: 'domain',
    include: ['test/**/*.test.ts'],
  },
});
