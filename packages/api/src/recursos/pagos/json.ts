/** What the payment webhook answers. */
import { z } from '@hono/zod-openapi';

export const AvisoRecibido = z
  .object({ recibido: z.literal(true) })
  .openapi('AvisoRecibido', { description: 'El aviso se recibió: tuvo su efecto, ahora o la primera vez que llegó.' });
