import type { Result, ResultAsync } from 'neverthrow';
import type { CambioDeCliente, Cliente } from './cliente/cliente.js';
import type {
  AvisoDePago,
  CambioDePedido,
  Confirmacion,
  ContextoDePago,
  DesenlaceDePago,
  EventoDePedido,
  Pedido,
  ProductoNoEncontrado,
  RecepcionDePago,
  ResultadoDeCancelacion,
} from './pedido/pedido.js';
import type { CambioDeProducto, Producto } from './producto/producto.js';
import type { Dinero } from './valores/dinero.js';
import type { Email } from './valores/email.js';
import type { EstadoPedido, EstadoProducto } from './valores/estados.js';
import type { IdDeAvisoDePago, ReferenciaDePago } from './valores/etiquetas.js';
import type { ClienteId, PedidoId, ProductoId } from './valores/id.js';

/**
 * The ports the persistence adapter implements. Every method answers with a
 * `ResultAsync`: the errors a caller must handle are values; a failure that no
 * caller can handle (a bug, corrupt data) rejects the promise instead.
 *
 * Changes go through `modificar`-style methods that take a `decidir` function:
 * the adapter loads the aggregate under whatever lock it needs, asks the domain
 * to decide, and stores the new state with its events atomically. If `decidir`
 * returns an error, nothing is written.
 */

/** The database could not be reached; the operation changed nothing. */
export type BaseDeDatosNoDisponible = { readonly kind: 'BaseDeDatosNoDisponible' };

export type ClienteNoEncontrado = { readonly kind: 'ClienteNoEncontrado'; readonly clienteId: ClienteId };
export type PedidoNoEncontrado = { readonly kind: 'PedidoNoEncontrado'; readonly pedidoId: PedidoId };
export type EmailDuplicado = { readonly kind: 'EmailDuplicado'; readonly email: Email };
/** The payment's `referencia` is already recorded for another pedido. */
export type ReferenciaDePagoDuplicada = {
  readonly kind: 'ReferenciaDePagoDuplicada';
  readonly pedidoId: PedidoId;
  readonly referencia: ReferenciaDePago;
};
/** The caller expected another version of the pedido (`If-Match`). */
export type VersionDesactualizada = {
  readonly kind: 'VersionDesactualizada';
  readonly esperada: number;
  readonly actual: number;
};

/** 1-based page number and page size, already validated by the caller. */
export type Paginacion = { readonly pagina: number; readonly limite: number };

/** One page of a list, in the list's order, with the count of every match. */
export type Pagina<T> = {
  readonly items: readonly T[];
  readonly pagina: number;
  readonly limite: number;
  readonly total: number;
};

export type FiltroDeClientes = {
  /** Case-insensitive substring of the name. */
  readonly nombre?: string;
};

export type FiltroDeProductos = {
  readonly estado?: EstadoProducto;
  /** Inclusive lower bound of the price. */
  readonly precioMinimo?: Dinero;
  /** Inclusive upper bound of the price. */
  readonly precioMaximo?: Dinero;
  /** Case-insensitive substring of the name. */
  readonly nombre?: string;
};

export type FiltroDePedidos = {
  readonly clienteId?: ClienteId;
  readonly estado?: EstadoPedido;
  /** Keeps pedidos with a line for this producto. */
  readonly productoId?: ProductoId;
  /** Inclusive lower bound of `creadoEn`. */
  readonly desde?: Date;
  /** Exclusive upper bound of `creadoEn`. */
  readonly hasta?: Date;
};

/**
 * A page of pedidos plus the totals over every pedido that matches, not only
 * the page. Exact, so bigints: a sum over many pedidos can pass 2^53 - 1.
 */
export type PaginaDePedidos = Pagina<Pedido> & {
  readonly totalCantidad: bigint;
  readonly totalCentavos: bigint;
};

/**
 * One entry of a pedido's history: an event it went through, and its version
 * after the change that recorded the event. A change that records several
 * events (a creation with items) gives them all the same version; an event
 * that leaves the pedido as it was (`PagoRechazado`, `ReembolsoRequerido`)
 * has the version the pedido had, which it keeps.
 */
export type EntradaDeHistorial = { readonly evento: EventoDePedido; readonly version: number };

/**
 * How a payment notice of the provider was taken: applied to its pedido, with
 * what it did; already taken once under the same id, so nothing this time; or
 * about a pedido this service does not have, kept as received and nothing else.
 */
export type RecepcionDeAviso =
  | { readonly kind: 'Aplicado'; readonly desenlace: DesenlaceDePago; readonly pedido: Pedido }
  | { readonly kind: 'Repetido' }
  | { readonly kind: 'PedidoDesconocido' };

export interface RepositorioDeClientes {
  registrar(cambio: CambioDeCliente): ResultAsync<Cliente, EmailDuplicado | BaseDeDatosNoDisponible>;
  buscar(id: ClienteId): ResultAsync<Cliente, ClienteNoEncontrado | BaseDeDatosNoDisponible>;
  modificar<E>(
    id: ClienteId,
    decidir: (cliente: Cliente) => Result<CambioDeCliente, E>,
  ): ResultAsync<Cliente, E | ClienteNoEncontrado | EmailDuplicado | BaseDeDatosNoDisponible>;
  /** Newest first. */
  listar(filtro: FiltroDeClientes, paginacion: Paginacion): ResultAsync<Pagina<Cliente>, BaseDeDatosNoDisponible>;
}

export interface RepositorioDeProductos {
  registrar(cambio: CambioDeProducto): ResultAsync<Producto, BaseDeDatosNoDisponible>;
  buscar(id: ProductoId): ResultAsync<Producto, ProductoNoEncontrado | BaseDeDatosNoDisponible>;
  modificar<E>(
    id: ProductoId,
    decidir: (producto: Producto) => Result<CambioDeProducto, E>,
  ): ResultAsync<Producto, E | ProductoNoEncontrado | BaseDeDatosNoDisponible>;
  /** Newest first. */
  listar(filtro: FiltroDeProductos, paginacion: Paginacion): ResultAsync<Pagina<Producto>, BaseDeDatosNoDisponible>;
}

/**
 * Limits a read or a change to the pedidos of one cliente: another cliente's
 * pedido is `PedidoNoEncontrado`, as if it did not exist, before anything else
 * is checked (its version included).
 */
export type DeCliente = { readonly clienteId?: ClienteId };

export type OpcionesDeModificacion = DeCliente & {
  /** When given, the change is refused unless the pedido is at this version. */
  readonly versionEsperada?: number;
};

/**
 * The options of a transition: the expected version, and the instant of the
 * change, fixed by the caller once, before the first try. The repository hands
 * that same instant to every run of `decidir`, so a retry after a deadlock
 * decides again as of the same moment.
 */
export type OpcionesDeTransicion = OpcionesDeModificacion & { readonly ahora: Date };

/**
 * Pedidos. Past what the domain decides, an implementation that stores the
 * lifecycle past `confirmado` must enforce what one pedido cannot see: a
 * payment's `referencia` is recorded for at most one pedido (as an email is
 * for one cliente), and `cancelar` stores the pedido and the productos whose
 * stock it returned in one transaction, under the same locks as `confirmar`.
 */
export interface RepositorioDePedidos {
  /** Stores a new pedido; refused if its cliente does not exist. */
  registrar(cambio: CambioDePedido): ResultAsync<Pedido, ClienteNoEncontrado | BaseDeDatosNoDisponible>;
  buscar(id: PedidoId, de?: DeCliente): ResultAsync<Pedido, PedidoNoEncontrado | BaseDeDatosNoDisponible>;
  /** Newest first. */
  listar(filtro: FiltroDePedidos, paginacion: Paginacion): ResultAsync<PaginaDePedidos, BaseDeDatosNoDisponible>;
  /** Every event of the pedido, oldest first, one page of them; a page past the last one is empty. */
  historial(
    id: PedidoId,
    paginacion: Paginacion,
    de?: DeCliente,
  ): ResultAsync<Pagina<EntradaDeHistorial>, PedidoNoEncontrado | BaseDeDatosNoDisponible>;
  /**
   * Changes the lines of a pedido. Concurrent changes to one pedido are applied
   * one after another. `productoId` names the producto the change is about; it is
   * loaded (current name, price, stock and estado) and handed to `decidir`.
   */
  modificarItems<E>(
    id: PedidoId,
    productoId: ProductoId,
    opciones: OpcionesDeModificacion,
    decidir: (pedido: Pedido, producto: Producto) => Result<CambioDePedido, E>,
  ): ResultAsync<
    Pedido,
    E | PedidoNoEncontrado | ProductoNoEncontrado | VersionDesactualizada | BaseDeDatosNoDisponible
  >;
  /** Changes a pedido without reference to a producto, as when removing a line. */
  modificar<E>(
    id: PedidoId,
    opciones: OpcionesDeModificacion,
    decidir: (pedido: Pedido) => Result<CambioDePedido, E>,
  ): ResultAsync<Pedido, E | PedidoNoEncontrado | VersionDesactualizada | BaseDeDatosNoDisponible>;
  /**
   * Confirms atomically: the pedido and the productos of its lines are locked,
   * `decidir` sees their current state, and the confirmed pedido, the new stock
   * and every event are written together, or nothing is.
   */
  confirmar<E>(
    id: PedidoId,
    opciones: OpcionesDeModificacion,
    decidir: (pedido: Pedido, productos: readonly Producto[]) => Result<Confirmacion, E>,
  ): ResultAsync<Pedido, E | PedidoNoEncontrado | VersionDesactualizada | BaseDeDatosNoDisponible>;
  /**
   * Any change of the pedido alone, such as `pagar`, `enviar`, `entregar` or
   * `cambiarDireccionDeEnvio`: the pedido is locked, `decidir` sees its current
   * state and the instant of `opciones`, and its outcome and events are written
   * together, or nothing is. A payment whose `referencia` another pedido
   * already recorded is refused with `ReferenciaDePagoDuplicada`, and nothing
   * changes. For example
   * `transicionar(id, { ahora }, (pedido, ahora) => pagar(pedido, datos, ahora))`.
   */
  transicionar<E>(
    id: PedidoId,
    opciones: OpcionesDeTransicion,
    decidir: (pedido: Pedido, ahora: Date) => Result<CambioDePedido, E>,
  ): ResultAsync<
    Pedido,
    E | PedidoNoEncontrado | VersionDesactualizada | ReferenciaDePagoDuplicada | BaseDeDatosNoDisponible
  >;
  /**
   * Cancels atomically, under the locks of `confirmar` (the pedido, then the
   * productos of its lines by id): `decidir` sees them as they are now, and the
   * cancelled pedido, the stock it returned and every event are written
   * together, or nothing is. A cancelled pedido cannot be cancelled again, so
   * its stock comes back once. For example
   * `cancelar(id, { ahora }, (pedido, productos, ahora) => cancelar(pedido, productos, datos, ahora))`.
   */
  cancelar<E>(
    id: PedidoId,
    opciones: OpcionesDeTransicion,
    decidir: (pedido: Pedido, productos: readonly Producto[], ahora: Date) => Result<ResultadoDeCancelacion, E>,
  ): ResultAsync<Pedido, E | PedidoNoEncontrado | VersionDesactualizada | BaseDeDatosNoDisponible>;
  /**
   * Takes a payment notice of the provider once per `id`, atomically: the
   * notice's id is kept in the same transaction as its effect, so a notice
   * delivered again, also at the same time, has no second effect and is
   * `Repetido`. Under the pedido's lock, `decidir` sees it as it is now and
   * whether another pedido holds the notice's `referencia`; its outcome and
   * events are written with the id, or nothing is. A notice about a pedido
   * that does not exist is kept too, and is `PedidoDesconocido`. For example
   * `recibirAvisoDePago(id, aviso, { ahora }, (pedido, contexto, ahora) => recibirPago(pedido, aviso, contexto, ahora))`.
   */
  recibirAvisoDePago(
    id: IdDeAvisoDePago,
    aviso: AvisoDePago,
    opciones: { readonly ahora: Date },
    decidir: (pedido: Pedido, contexto: ContextoDePago, ahora: Date) => RecepcionDePago,
  ): ResultAsync<RecepcionDeAviso, BaseDeDatosNoDisponible>;
}
