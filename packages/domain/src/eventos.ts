import type { EventoDeCliente } from './cliente/cliente.js';
import { assertNever } from './compartido/assert-never.js';
import type { EventoDePedido } from './pedido/pedido.js';
import type { EventoDeProducto } from './producto/producto.js';

/** Every past-tense fact the domain records; `tipo` tells them apart. */
export type EventoDeDominio = EventoDeCliente | EventoDeProducto | EventoDePedido;

/** The kind of aggregate an event belongs to. */
export type TipoDeAgregado = 'cliente' | 'producto' | 'pedido';

/**
 * The aggregate an event belongs to, read from the event's `tipo` alone: a
 * restock event that also names a pedido is still the producto's. The switch is
 * exhaustive, so a new event type does not compile until it is filed here.
 */
export function agregadoDe(evento: EventoDeDominio): {
  readonly agregado: TipoDeAgregado;
  readonly agregadoId: string;
} {
  switch (evento.tipo) {
    case 'ClienteRegistrado':
    case 'ClienteRenombrado':
    case 'EmailDeClienteCambiado':
      return { agregado: 'cliente', agregadoId: evento.clienteId };
    case 'ProductoCreado':
    case 'ProductoRenombrado':
    case 'DescripcionDeProductoCambiada':
    case 'PrecioCambiado':
    case 'ProductoActivado':
    case 'ProductoDesactivado':
    case 'StockFijado':
    case 'StockRepuesto':
    case 'StockDescontado':
      return { agregado: 'producto', agregadoId: evento.productoId };
    case 'PedidoCreado':
    case 'ItemAgregado':
    case 'CantidadDeItemCambiada':
    case 'ItemQuitado':
    case 'DireccionDeEnvioCambiada':
    case 'PedidoConfirmado':
    case 'PedidoPagado':
    case 'PedidoEnviado':
    case 'PedidoEntregado':
    case 'PedidoCancelado':
    case 'PagoRechazado':
    case 'ReembolsoRequerido':
      return { agregado: 'pedido', agregadoId: evento.pedidoId };
    default:
      return assertNever(evento);
  }
}
