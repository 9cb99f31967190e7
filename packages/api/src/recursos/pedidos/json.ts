/** A pedido as API v1 writes it: its schema and the mapping from the domain's. */
import { z } from '@hono/zod-openapi';
import {
  assertNever,
  confirmadoEn,
  type Direccion,
  type EntradaDeHistorial as EntradaDeHistorialDeDominio,
  type LineaDePedido,
  type PaginaDePedidos as Pagina,
  type Pagina as PaginaDeDominio,
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
    items: pedido.lineas.map(itemJson),
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

function itemJson(linea: LineaDePedido) {
  return {
    producto_id: linea.productoId,
    nombre: linea.nombre,
    cantidad: linea.cantidad,
    precio_unitario_centavos: linea.precioUnitario,
    subtotal_centavos: subtotal(linea),
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

/**
 * Whether the pedido's version tells its JSON: once confirmation has frozen
 * its lines' names and prices (every state with a `confirmadoEn`), or when it
 * has no lines. A carrito's lines, and those of a carrito cancelled, show each
 * producto's current name and price, which change without the pedido's
 * version: the same `ETag` then stands for different answers, so it cannot
 * answer `If-None-Match` with a 304.
 */
export function versionFijaSuJson(pedido: Pedido): boolean {
  return confirmadoEn(pedido) !== null || pedido.lineas.length === 0;
}

export function paginaDePedidosJson(pagina: Pagina) {
  return {
    ...paginaJson(pagina, pedidoJson),
    total_cantidad: pagina.totalCantidad,
    total_centavos: pagina.totalCentavos,
  };
}

// ---------------------------------------------------------------- historial

/** One entry of the history: the event's name, when it happened, the version it left, and its data. */
function entrada<const T extends string, D extends z.ZodRawShape>(tipo: T, descripcion: string, datos: D) {
  return z
    .object({
      tipo: z.literal(tipo),
      ocurrido_en: fecha,
      version: z.int().min(1).openapi({
        description:
          'La versión del pedido tras el cambio que lo registró; la que ya tenía, para un evento que no cambia el pedido (`PagoRechazado`, `ReembolsoRequerido`).',
      }),
      datos: z.object({ pedido_id: id, ...datos }),
    })
    .openapi(`Entrada${tipo}`, { description: descripcion });
}

const cantidad = z.int().min(0);
const centavos = z.int().min(0);

export const EntradaDeHistorial = z
  .discriminatedUnion('tipo', [
    entrada('PedidoCreado', 'El pedido se abrió, en carrito.', { cliente_id: id }),
    entrada(
      'ItemAgregado',
      'Se sumaron unidades de un producto; `cantidad_en_linea` es la cantidad de la línea después.',
      {
        producto_id: id,
        cantidad,
        cantidad_en_linea: cantidad,
        precio_unitario_centavos: centavos,
      },
    ),
    entrada('CantidadDeItemCambiada', 'La cantidad de una línea cambió de `cantidad_anterior` a `cantidad`.', {
      producto_id: id,
      cantidad_anterior: cantidad,
      cantidad,
    }),
    entrada('ItemQuitado', 'Se quitó una línea, que tenía `cantidad` unidades.', { producto_id: id, cantidad }),
    entrada('DireccionDeEnvioCambiada', 'La dirección de envío pasó a ser `direccion`.', {
      direccion: DireccionRespuesta,
    }),
    entrada('PedidoConfirmado', 'El pedido se confirmó con estas líneas, a estos precios, y descontó su stock.', {
      cliente_id: id,
      items: z.array(ItemRespuesta),
      total_cantidad: cantidad,
      total_centavos: centavos,
    }),
    entrada('PedidoPagado', 'Se registró el pago.', {
      importe_centavos: centavos,
      referencia: z.string(),
      metodo: z.string(),
    }),
    entrada('PedidoEnviado', 'El pedido salió hacia `direccion`.', {
      transportista: z.string(),
      numero_seguimiento: z.string(),
      direccion: DireccionRespuesta,
    }),
    entrada('PedidoEntregado', 'El pedido se entregó.', {}),
    entrada(
      'PedidoCancelado',
      'El pedido se canceló; desde `confirmado` o `pagado`, su stock volvió a los productos.',
      {
        motivo: z.string().nullable(),
        estado_anterior: z.enum(['carrito', 'confirmado', 'pagado']),
        reembolso_centavos: centavos,
      },
    ),
    entrada('PagoRechazado', 'El proveedor de pagos rechazó un pago; el pedido no cambió.', {
      importe_centavos: centavos,
      referencia: z.string(),
      metodo: z.string(),
    }),
    entrada(
      'ReembolsoRequerido',
      'El proveedor cobró un pago que no puede ser el de este pedido, y hay que devolverlo; el pedido no cambió. `estado` es el que tenía el pedido al llegar el pago.',
      {
        importe_centavos: centavos,
        referencia: z.string(),
        metodo: z.string(),
        motivo: z.enum(['estado_no_pagable', 'importe_incorrecto', 'referencia_de_otro_pedido']).openapi({
          description:
            '`estado_no_pagable`: el pedido no estaba confirmado (en carrito, cancelado, o ya pagado con otra referencia); `importe_incorrecto`: el importe no es su total; `referencia_de_otro_pedido`: la referencia ya es el pago de otro pedido.',
        }),
        estado: EstadoPedido,
      },
    ),
  ])
  .openapi('EntradaDeHistorial');

export const PaginaDeHistorial = z.object(envoltorio(EntradaDeHistorial)).openapi('PaginaDeHistorial');

/**
 * An entry of the history as the API writes it: the event's data with the
 * names and shapes of the rest of the API, in snake_case.
 */
export function entradaJson({ evento, version }: EntradaDeHistorialDeDominio) {
  const comun = { ocurrido_en: evento.ocurridoEn.toISOString(), version };
  const pedido_id = evento.pedidoId;
  // What a payment, a refused one and a refund to make share.
  const pago = (e: { importeCentavos: bigint; referencia: string; metodo: string }) => ({
    pedido_id,
    importe_centavos: e.importeCentavos,
    referencia: e.referencia,
    metodo: e.metodo,
  });
  switch (evento.tipo) {
    case 'PedidoCreado':
      return { tipo: evento.tipo, ...comun, datos: { pedido_id, cliente_id: evento.clienteId } };
    case 'ItemAgregado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: {
          pedido_id,
          producto_id: evento.productoId,
          cantidad: evento.cantidad,
          cantidad_en_linea: evento.cantidadEnLinea,
          precio_unitario_centavos: evento.precioUnitario,
        },
      };
    case 'CantidadDeItemCambiada':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: {
          pedido_id,
          producto_id: evento.productoId,
          cantidad_anterior: evento.cantidadAnterior,
          cantidad: evento.cantidad,
        },
      };
    case 'ItemQuitado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: { pedido_id, producto_id: evento.productoId, cantidad: evento.cantidad },
      };
    case 'DireccionDeEnvioCambiada':
      return { tipo: evento.tipo, ...comun, datos: { pedido_id, direccion: direccionJson(evento.direccion) } };
    case 'PedidoConfirmado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: {
          pedido_id,
          cliente_id: evento.clienteId,
          items: evento.lineas.map(itemJson),
          total_cantidad: evento.totalCantidad,
          total_centavos: evento.totalCentavos,
        },
      };
    case 'PedidoPagado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: pago(evento),
      };
    case 'PedidoEnviado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: {
          pedido_id,
          transportista: evento.transportista,
          numero_seguimiento: evento.numeroSeguimiento,
          direccion: direccionJson(evento.direccion),
        },
      };
    case 'PedidoEntregado':
      return { tipo: evento.tipo, ...comun, datos: { pedido_id } };
    case 'PedidoCancelado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: {
          pedido_id,
          motivo: evento.motivo,
          estado_anterior: evento.estadoAnterior,
          reembolso_centavos: evento.reembolsoCentavos,
        },
      };
    case 'PagoRechazado':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: pago(evento),
      };
    case 'ReembolsoRequerido':
      return {
        tipo: evento.tipo,
        ...comun,
        datos: { ...pago(evento), motivo: evento.motivo, estado: evento.estado },
      };
    default:
      return assertNever(evento);
  }
}

export const paginaDeHistorialJson = (pagina: PaginaDeDominio<EntradaDeHistorialDeDominio>) =>
  paginaJson(pagina, entradaJson);
