/** What the operations answer when all is well. */
import { z } from '@hono/zod-openapi';

export const Salud = z.object({ status: z.literal('ok') }).openapi('Salud');
