/**
 * Authorization: whether an actor may ask for an operation, in this one
 * place. Every use case asks here before it does anything else, naming
 * itself; the table below is seguridad.md's "Who may do what", by role.
 *
 * What depends on the data and not on the operation alone — a cliente's own
 * cliente and pedidos, another's being a 404; lists narrowed to its own; the
 * fields a cliente may not set — is `alcance` below and the use cases that
 * apply it, with the same actor.
 */
import type { Actor, ClienteId, TipoDeActor } from '@pedidos/domain';
import { err, ok, type Result } from 'neverthrow';

/** One per use case, by its name; `casosDeUso` has exactly these. */
export const OPERACIONES = [
  'registrarCuenta',
  'emitirFicha',
  'miCuenta',
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
  'recibirAvisoDePago',
  'informeDeVentas',
] as const;

export type Operacion = (typeof OPERACIONES)[number];

/** No account, or a token that was refused: 401. */
export type NoAutenticado = { readonly kind: 'NoAutenticado'; readonly fichaRechazada: boolean };
/** The actor's role may not make this request, or set this field: 403. */
export type Prohibido = { readonly kind: 'Prohibido' };

/**
 * Who may ask, besides the system (the service acting on its own, which may
 * ask anything); `sistema`, the system alone: what no account may ask, such as
 * taking a payment notice, which only the webhook's handler asks for, once the
 * notice's signature is good.
 */
type Quien = 'todos' | 'cuentas' | 'personal' | 'sistema';

/** seguridad.md's table: `todos` includes no token; `cuentas`, a cliente (its own only, see `alcance`) or staff. */
const QUIEN_PUEDE = {
  registrarCuenta: 'todos',
  emitirFicha: 'todos',
  miCuenta: 'cuentas',
  registrarCliente: 'personal',
  buscarCliente: 'cuentas',
  listarClientes: 'personal',
  modificarCliente: 'cuentas',
  listarPedidosDeCliente: 'cuentas',
  crearProducto: 'personal',
  buscarProducto: 'todos',
  listarProductos: 'todos',
  modificarProducto: 'personal',
  crearPedido: 'cuentas',
  buscarPedido: 'cuentas',
  listarPedidos: 'cuentas',
  historialDePedido: 'cuentas',
  agregarItem: 'cuentas',
  cambiarCantidad: 'cuentas',
  quitarItem: 'cuentas',
  confirmar: 'cuentas',
  cambiarDireccionDeEnvio: 'cuentas',
  pagar: 'personal',
  enviar: 'personal',
  entregar: 'personal',
  cancelar: 'cuentas',
  recibirAvisoDePago: 'sistema',
  informeDeVentas: 'personal',
} as const satisfies Record<Operacion, Quien>;

/** Whether anyone may ask for `operacion`, with a token or without: what the document declares of its security. */
export const esPublica = (operacion: Operacion): boolean => QUIEN_PUEDE[operacion] === 'todos';

/** Whether only the service itself may ask for `operacion`: no token gives access to it. */
export const esDelSistema = (operacion: Operacion): boolean => QUIEN_PUEDE[operacion] === 'sistema';

const PERMITIDOS: Readonly<Record<Quien, readonly TipoDeActor[]>> = {
  todos: ['anonimo', 'cliente', 'personal', 'sistema'],
  cuentas: ['cliente', 'personal', 'sistema'],
  personal: ['personal', 'sistema'],
  sistema: ['sistema'],
};

/** What asking for `O` can be refused with: nothing where anyone may; 401 where an account is needed; and 403 where staff are, or only the system. */
export type RechazoDe<O extends Operacion> = {
  todos: never;
  cuentas: NoAutenticado;
  personal: NoAutenticado | Prohibido;
  sistema: NoAutenticado | Prohibido;
}[(typeof QUIEN_PUEDE)[O]];

/** Whether `actor` may ask for `operacion`: without an account where one is needed, 401; with the wrong role, 403. */
export function autorizar<O extends Operacion>(actor: Actor, operacion: O): Result<void, RechazoDe<O>> {
  if (PERMITIDOS[QUIEN_PUEDE[operacion]].includes(actor.tipo)) return ok(undefined);
  const rechazo: NoAutenticado | Prohibido =
    actor.tipo === 'anonimo' ? { kind: 'NoAutenticado', fichaRechazada: false } : { kind: 'Prohibido' };
  // Only `personal` and `sistema` refuse an actor with an account, and they may answer either.
  return err(rechazo as RechazoDe<O>);
}

/**
 * What of the data an actor may see and change: a cliente, only its own
 * cliente and the pedidos of it; anyone else allowed the operation, all of it.
 */
export type Alcance = { readonly clienteId?: ClienteId };

export function alcance(actor: Actor): Alcance {
  return actor.tipo === 'cliente' ? { clienteId: actor.clienteId } : {};
}

/** Whether the data of cliente `id` is within `a`. */
export const dentro = (a: Alcance, id: ClienteId): boolean => a.clienteId === undefined || a.clienteId === id;
