/** A cliente as API v1 writes it: its schema and the mapping from the domain's. */
import { z } from '@hono/zod-openapi';
import type { Cliente } from '@pedidos/domain';
import { envoltorio } from '../../comun/paginas.ts';
import { fecha, id } from '../../comun/valores.ts';

export const ClienteRespuesta = z
  .object({ id, nombre: z.string(), email: z.string(), creado_en: fecha, actualizado_en: fecha })
  .openapi('Cliente');

export const PaginaDeClientes = z.object(envoltorio(ClienteRespuesta)).openapi('PaginaDeClientes');

export function clienteJson(cliente: Cliente) {
  return {
    id: cliente.id,
    nombre: cliente.nombre,
    email: cliente.email,
    creado_en: cliente.creadoEn.toISOString(),
    actualizado_en: cliente.actualizadoEn.toISOString(),
  };
}
