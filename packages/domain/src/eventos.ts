import type { EventoDeCliente } from './cliente/cliente.ts';
import type { EventoDePedido } from './pedido/pedido.ts';
import type { EventoDeProducto } from './producto/producto.ts';

/** Every past-tense fact the domain records; `tipo` tells them apart. */
export type EventoDeDominio = EventoDeCliente | EventoDeProducto | EventoDePedido;
