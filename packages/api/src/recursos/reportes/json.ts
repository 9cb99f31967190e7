/** A report as API v1 writes it: its schema and the mapping from the read model's rows. */
import { z } from '@hono/zod-openapi';
import type { FilaDeVentas } from '@pedidos/persistence';

const FilaDeVentasRespuesta = z
  .object({
    clave: z.string().openapi({
      description: 'Por `dia`, la fecha UTC `YYYY-MM-DD` de `confirmado_en`; por `producto`, el id del producto.',
      example: '2026-12-01',
    }),
    pedidos: z.int().min(1).openapi({ description: 'Los pedidos del día, o los que tienen el producto.' }),
    unidades: z.int().min(1).openapi({ description: 'Sus unidades: todas las del pedido, o las del producto en él.' }),
    importe_centavos: z.int().min(0).openapi({
      description: 'Sus totales, o los subtotales de las líneas del producto, a los precios congelados al confirmar.',
    }),
  })
  .openapi('FilaDeVentas');

export const InformeDeVentas = z
  .object({ items: z.array(FilaDeVentasRespuesta).openapi({ description: 'Ordenadas por `clave`.' }) })
  .openapi('InformeDeVentas');

export function informeDeVentasJson(filas: readonly FilaDeVentas[]) {
  return {
    items: filas.map((f) => ({
      clave: f.clave,
      pedidos: f.pedidos,
      unidades: f.unidades,
      importe_centavos: f.importeCentavos,
    })),
  };
}
