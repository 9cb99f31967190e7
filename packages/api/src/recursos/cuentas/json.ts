/** Accounts and tokens as the API writes them. */
import { z } from '@hono/zod-openapi';
import type { Cuenta } from '@pedidos/persistence';
import type { Ficha } from '../../comun/fichas.ts';
import { id } from '../../comun/valores.ts';

export const FichaRespuesta = z
  .object({
    access_token: z.string().openapi({ description: 'Un JWT HS256; va en `Authorization: Bearer <token>`.' }),
    token_type: z.literal('Bearer'),
    expires_in: z.int().min(1).openapi({ description: 'Segundos de validez.', example: 900 }),
  })
  .openapi('Ficha');

export const CuentaRespuesta = z
  .object({
    id,
    email: z.string(),
    rol: z.enum(['cliente', 'personal']),
    cliente_id: id.nullable().openapi({ description: 'El cliente que es la cuenta; `null` para el personal.' }),
  })
  .openapi('Cuenta');

export const fichaJson = (ficha: Ficha) => ({
  access_token: ficha.token,
  token_type: 'Bearer' as const,
  expires_in: ficha.expiraEnSegundos,
});

export const cuentaJson = (cuenta: Cuenta) => ({
  id: cuenta.id,
  email: cuenta.email,
  rol: cuenta.rol,
  cliente_id: cuenta.rol === 'cliente' ? cuenta.clienteId : null,
});
