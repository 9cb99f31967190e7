/**
 * Authorization: whether an actor may ask for an operation. Every use case
 * asks here before it does anything else, naming itself, so that who may do
 * what is decided in this one place.
 *
 * **Nothing is checked yet: every actor may ask for every operation.** The
 * error type, `never`, says as much. The accounts issue fills this in with the
 * table "Who may do what" of its contract (seguridad.md): it widens the error
 * to `NoAutenticado | Prohibido`, and the compiler then points at every caller
 * that must answer them. What depends on the data and not on the operation
 * alone (a cliente's own pedidos; another's is a 404; the lists narrowed to its
 * own) is for each use case to apply, with the same actor.
 */
import type { Actor } from '@pedidos/domain';
import { ok, type Result } from 'neverthrow';

/** One per use case, by its name; `casosDeUso` has exactly these. */
export const OPERACIONES = [
  'registrarCliente',
  'buscarCliente',
  'listarClientes',
  'modificarCliente',
  'listarPedidosDeCliente',
  'crearProducto',
  'buscarProducto',
  'listarProductos',
  'modificarProducto',
  'crearPedido',
  'buscarPedido',
  'listarPedidos',
  'historialDePedido',
  'agregarItem',
  'cambiarCantidad',
  'quitarItem',
  'confirmar',
  'cambiarDireccionDeEnvio',
  'pagar',
  'enviar',
  'entregar',
  'cancelar',
] as const;

export type Operacion = (typeof OPERACIONES)[number];

/** Allows every actor every operation, for now (so it reads neither argument yet); see above. */
export function autorizar(_actor: Actor, _operacion: Operacion): Result<void, never> {
  return ok(undefined);
}
