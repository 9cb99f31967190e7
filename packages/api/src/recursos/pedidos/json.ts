/** A pedido as API v1 writes it: its schema and the mapping from the domain's. */
import { z } from '@hono/zod-openapi';
import {
  confirmadoEn,
  type Direccion,
  type PaginaDePedidos as Pagina,
  type Pedido,
  subtotal,
  totalCantidad,
  totalCentavos,
} from '@pedidos/domain';
import { envoltorio, paginaJson } from '../../comun/paginas.ts';
import { EstadoPedido, fecha, id } from '../../comun/valores.ts';

export const ItemRespuesta = z
  .object({
    producto_id: id,
    nombre: z.string(),
    cantidad: z.int().min(1),
    precio_unitario_centavos: z.int().min(0),
    subtotal_centavos: z.int().min(0),
  })
  .openapi('Item');

export const DireccionRespuesta = z
  .object({
    destinatario: z.string(),
    linea1: z.string(),
    linea2: z.string().nullable(),
    ciudad: z.string(),
    region: z.string().nullable(),
    codigo_postal: z.string(),
    pais: z.string().openapi({ description: 'ISO 3166-1 alfa-2, en mayúsculas.', example: 'ES' }),
  })
  .openapi('Direccion');

const PagoRespuesta = z
  .object({
    importe_centavos: z.int().min(0),
    referencia: z.string(),
    metodo: z.string(),
    pagado_en: fecha,
  })
  .openapi('Pago');

const EnvioRespuesta = z
  .object({ transportista: z.string(), numero_seguimiento: z.string(), enviado_en: fecha })
  .openapi('Envio');

const CancelacionRespuesta = z
  .object({
    motivo: z.string().nullable(),
    estado_anterior: z.enum(['carrito', 'confirmado', 'pagado']),
    reembolso_centavos: z.int().min(0).openapi({ description: 'Lo pagado, si se canceló desde `pagado`; si no, 0.' }),
    cancelado_en: fecha,
  })
  .openapi('Cancelacion');

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
    direccion_envio: DireccionRespuesta.nullable(),
    pago: PagoRespuesta.nullable(),
    envio: EnvioRespuesta.nullable(),
    entregado_en: fecha.nullable(),
    cancelacion: CancelacionRespuesta.nullable(),
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
    estado: pedido.estado,
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
    direccion_envio: pedido.direccionEnvio === null ? null : direccionJson(pedido.direccionEnvio),
    pago:
      'pago' in pedido
        ? {
            importe_centavos: pedido.pago.importeCentavos,
            referencia: pedido.pago.referencia,
            metodo: pedido.pago.metodo,
            pagado_en: pedido.pago.pagadoEn.toISOString(),
          }
        : null,
    envio:
      'envio' in pedido
        ? {
            transportista: pedido.envio.transportista,
            numero_seguimiento: pedido.envio.numeroSeguimiento,
            enviado_en: pedido.envio.enviadoEn.toISOString(),
          }
        : null,
    entregado_en: pedido.estado === 'entregado' ? pedido.entregadoEn.toISOString() : null,
    cancelacion:
      pedido.estado === 'cancelado'
        ? {
            motivo: pedido.cancelacion.motivo,
            estado_anterior: pedido.cancelacion.estadoAnterior,
            reembolso_centavos: pedido.cancelacion.reembolsoCentavos,
            cancelado_en: pedido.cancelacion.canceladoEn.toISOString(),
          }
        : null,
    version: pedido.version,
  };
}

export function direccionJson(direccion: Direccion) {
  return {
    destinatario: direccion.destinatario,
    linea1: direccion.linea1,
    linea2: direccion.linea2,
    ciudad: direccion.ciudad,
    region: direccion.region,
    codigo_postal: direccion.codigoPostal,
    pais: direccion.pais,
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
