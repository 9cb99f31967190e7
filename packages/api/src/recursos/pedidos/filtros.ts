/** The filters of a list of pedidos, shared by `/pedidos` and `/clientes/{id}/pedidos`, and what they ask of a use case. */
import type { z } from '@hono/zod-openapi';
import type { EstadoPedido as Estado, ProductoId } from '@pedidos/domain';
import { instante, paginacion, sinIndefinidos } from '../../comun/consultas.ts';
import { EstadoPedido, ProductoIdEntrada } from '../../comun/valores.ts';

export const filtrosDePedido = {
  estado: EstadoPedido.optional(),
  producto_id: ProductoIdEntrada.optional().openapi({ description: 'Solo pedidos con una línea de este producto.' }),
  desde: instante.optional().openapi({ description: 'Cota inclusiva de `creado_en`.' }),
  hasta: instante.optional().openapi({ description: 'Cota exclusiva de `creado_en`.' }),
  ...paginacion,
};

export function desdeAntesDeHasta(
  { desde, hasta }: { readonly desde?: Date | undefined; readonly hasta?: Date | undefined },
  ctx: z.RefinementCtx,
): void {
  if (desde !== undefined && hasta !== undefined && desde > hasta) {
    ctx.addIssue({ code: 'custom', message: 'no puede ser posterior a hasta', path: ['desde'], input: desde });
  }
}

/** The filter a parsed query asks for; absent parameters filter nothing. */
export function filtroDePedidos({
  estado,
  producto_id,
  desde,
  hasta,
}: {
  readonly estado?: Estado | undefined;
  readonly producto_id?: ProductoId | undefined;
  readonly desde?: Date | undefined;
  readonly hasta?: Date | undefined;
}) {
  return sinIndefinidos({ estado, productoId: producto_id, desde, hasta });
}
