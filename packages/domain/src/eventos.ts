import type { EventoDeCliente } from './cliente/cliente.js';
import type { EventoDePedido } from './pedido/pedido.js';
import type { EventoDeProducto } from './producto/producto.js';

/** Every past-tense fact the domain records; `tipo` tells them apart. */
export type EventoDeDominio = EventoDeCliente | EventoDeProducto | EventoDePedido;
