/** A pedido as API v1 writes it: its schema and the mapping from the domain's. */
import { z } from '@hono/zod-openapi';
import {
  confirmadoEn,
  type PaginaDePedidos as Pagina,
  type Pedido,
  subtotal,
  totalCantidad,
  totalCentavos,
} from '@pedidos/domain';
import { envoltorio, paginaJson } from '../../comun/paginas.ts';
import { EstadoPedido, estadoServido, fecha, id } from '../../comun/valores.ts';

export const ItemRespuesta = z
  .object({
    producto_id: id,
    nombre: z.string(),
    cantidad: z.int().min(1),
    precio_unitario_centavos: z.int().min(0),
    subtotal_centavos: z.int().min(0),
  })
  .openapi('Item');

export const PedidoRespuesta = z
  .object({
    id,
    cliente_id: id,
    estado: EstadoPedido,
    items: z.array(ItemRespuesta),
    total_cantidad: z.int().min(0),
    total_centavos: z.int().min(0),
    creado_en: fecha,
    actualizado_en: fecha,
    confirmado_en: fecha.nullable(),
    version: z.int().min(1),
  })
  .openapi('Pedido');

export const PaginaDePedidos = z
  .object({
    ...envoltorio(PedidoRespuesta),
    total_cantidad: z.int().min(0).openapi({ description: 'Suma sobre todos los pedidos que cumplen los filtros.' }),
    total_centavos: z.int().min(0).openapi({ description: 'Suma sobre todos los pedidos que cumplen los filtros.' }),
  })
  .openapi('PaginaDePedidos');

export function pedidoJson(pedido: Pedido) {
  return {
    id: pedido.id,
    cliente_id: pedido.clienteId,
    estado: estadoServido(pedido.estado),
    items: pedido.lineas.map((linea) => ({
      producto_id: linea.productoId,
      nombre: linea.nombre,
      cantidad: linea.cantidad,
      precio_unitario_centavos: linea.precioUnitario,
      subtotal_centavos: subtotal(linea),
    })),
    total_cantidad: totalCantidad(pedido),
    total_centavos: totalCentavos(pedido),
    creado_en: pedido.creadoEn.toISOString(),
    actualizado_en: pedido.actualizadoEn.toISOString(),
    confirmado_en: confirmadoEn(pedido)?.toISOString() ?? null,
    version: pedido.version,
  };
}

/** The `ETag` of a pedido: its version, as a strong entity tag. */
export function etagDe(pedido: Pedido): string {
  return `"${pedido.version}"`;
}

export function paginaDePedidosJson(pagina: Pagina) {
  return {
    ...paginaJson(pagina, pedidoJson),
    total_cantidad: pagina.totalCantidad,
    total_centavos: pagina.totalCentavos,
  };
}
