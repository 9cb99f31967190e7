/**
 * The application's use cases: each one reads what it needs through the ports,
 * lets the domain decide, and has the repository store the outcome. They know
 * nothing of HTTP; the handlers translate requests into these calls.
 *
 * Each takes first the actor who asks, and asks `autorizar` (autorizacion.ts)
 * before anything reaches a port; today that allows every actor.
 *
 * Each change reads the clock once, before the port runs, and gives that
 * instant to `decidir`: a retry of `decidir` after a deadlock decides as of
 * the same instant.
 */
import {
  type Actor,
  agregarItem,
  type CambiosDeCliente,
  type CambiosDeProducto,
  type Cantidad,
  ClienteId,
  cambiarCantidad,
  cambiarDireccionDeEnvio,
  cancelar,
  confirmar,
  crearPedido,
  crearProducto,
  type DatosDeCancelacion,
  type DatosDeEnvio,
  type DatosDePago,
  type Descripcion,
  type Dinero,
  type Direccion,
  type Email,
  type EstadoProducto,
  entregar,
  enviar,
  type FiltroDeClientes,
  type FiltroDePedidos,
  type FiltroDeProductos,
  type GeneradorDeIds,
  type IdInvalido,
  modificarCliente,
  modificarProducto,
  type Nombre,
  type OpcionesDeModificacion,
  type Paginacion,
  PedidoId,
  type Producto,
  ProductoId,
  pagar,
  quitarItem,
  type RepositorioDeClientes,
  type RepositorioDePedidos,
  type RepositorioDeProductos,
  registrarCliente,
} from '@pedidos/domain';
import { type Result, ResultAsync } from 'neverthrow';
import { autorizar, type Operacion } from './autorizacion.ts';

export type Dependencias = {
  readonly clientes: RepositorioDeClientes;
  readonly productos: RepositorioDeProductos;
  readonly pedidos: RepositorioDePedidos;
  /** The current instant; tests may pin it. */
  readonly reloj: () => Date;
  /** A fresh UUID for every new cliente, producto and pedido. */
  readonly nuevoId: GeneradorDeIds;
};

export type ItemPedido = { readonly productoId: ProductoId; readonly cantidad: Cantidad };

/**
 * Narrows away an error the port's type allows but this call cannot meet (the
 * payment `referencia` of a change that records no payment, a producto of a
 * line, which a foreign key keeps): met anyway, it is a bug, and throws.
 */
function imposible<const K extends string>(...kinds: readonly K[]) {
  return <E extends { readonly kind: string }>(error: E): Exclude<E, { readonly kind: K }> => {
    if ((kinds as readonly string[]).includes(error.kind)) {
      throw new Error(`Error imposible en esta operación: ${JSON.stringify(error)}`);
    }
    // Every kind of `K` was thrown above.
    return error as Exclude<E, { readonly kind: K }>;
  };
}

/** Ids come from `nuevoId`, which must return UUIDs; anything else is a programmer error. */
function idNuevo<T>(crear: (valor: string) => Result<T, IdInvalido>, nuevoId: GeneradorDeIds): T {
  return crear(nuevoId()).match(
    (id) => id,
    (error) => {
      throw new Error(`El generador de ids devolvió ${JSON.stringify(error.valor)}, que no es un UUID`);
    },
  );
}

/** A use case for each operation, each taking the actor first. */
type UnCasoPorOperacion = { readonly [O in Operacion]: (actor: Actor, ...datos: never[]) => unknown };

export function casosDeUso(d: Dependencias) {
  return {
    // ------------------------------------------------------------ clientes

    registrarCliente(actor: Actor, datos: { readonly nombre: Nombre; readonly email: Email }) {
      const id = idNuevo(ClienteId.crear, d.nuevoId);
      return autorizar(actor, 'registrarCliente')
        .andThen(() => registrarCliente({ id, ...datos, ahora: d.reloj() }))
        .asyncAndThen((cambio) => d.clientes.registrar(cambio));
    },

    buscarCliente: (actor: Actor, id: ClienteId) =>
      autorizar(actor, 'buscarCliente').asyncAndThen(() => d.clientes.buscar(id)),

    listarClientes: (actor: Actor, filtro: FiltroDeClientes, paginacion: Paginacion) =>
      autorizar(actor, 'listarClientes').asyncAndThen(() => d.clientes.listar(filtro, paginacion)),

    modificarCliente(actor: Actor, id: ClienteId, cambios: CambiosDeCliente) {
      const ahora = d.reloj();
      return autorizar(actor, 'modificarCliente').asyncAndThen(() =>
        d.clientes.modificar(id, (cliente) => modificarCliente(cliente, cambios, ahora)),
      );
    },

    /** The pedidos of one cliente; refused when the cliente does not exist. */
    listarPedidosDeCliente: (
      actor: Actor,
      id: ClienteId,
      filtro: Omit<FiltroDePedidos, 'clienteId'>,
      paginacion: Paginacion,
    ) =>
      autorizar(actor, 'listarPedidosDeCliente')
        .asyncAndThen(() => d.clientes.buscar(id))
        .andThen(() => d.pedidos.listar({ ...filtro, clienteId: id }, paginacion)),

    // ------------------------------------------------------------ productos

    crearProducto(
      actor: Actor,
      datos: {
        readonly nombre: Nombre;
        readonly descripcion?: Descripcion | undefined;
        readonly precio: Dinero;
        readonly stock?: Cantidad | undefined;
        readonly estado?: EstadoProducto | undefined;
      },
    ) {
      const id = idNuevo(ProductoId.crear, d.nuevoId);
      return autorizar(actor, 'crearProducto')
        .andThen(() =>
          crearProducto({
            id,
            nombre: datos.nombre,
            precio: datos.precio,
            ...(datos.descripcion === undefined ? {} : { descripcion: datos.descripcion }),
            ...(datos.stock === undefined ? {} : { stock: datos.stock }),
            ...(datos.estado === undefined ? {} : { estado: datos.estado }),
            ahora: d.reloj(),
          }),
        )
        .asyncAndThen((cambio) => d.productos.registrar(cambio));
    },

    buscarProducto: (actor: Actor, id: ProductoId) =>
      autorizar(actor, 'buscarProducto').asyncAndThen(() => d.productos.buscar(id)),

    listarProductos: (actor: Actor, filtro: FiltroDeProductos, paginacion: Paginacion) =>
      autorizar(actor, 'listarProductos').asyncAndThen(() => d.productos.listar(filtro, paginacion)),

    modificarProducto(actor: Actor, id: ProductoId, cambios: CambiosDeProducto) {
      const ahora = d.reloj();
      return autorizar(actor, 'modificarProducto').asyncAndThen(() =>
        d.productos.modificar(id, (producto) => modificarProducto(producto, cambios, ahora)),
      );
    },

    // ------------------------------------------------------------ pedidos

    /**
     * Opens a pedido for an existing cliente. The productos of its items are read
     * as they are now; like any cart, the new pedido reserves no stock.
     */
    crearPedido(
      actor: Actor,
      datos: {
        readonly clienteId: ClienteId;
        readonly items: readonly ItemPedido[];
        readonly direccionEnvio?: Direccion | undefined;
      },
    ) {
      const id = idNuevo(PedidoId.crear, d.nuevoId);
      const distintos = [...new Set(datos.items.map((item) => item.productoId))];
      return autorizar(actor, 'crearPedido')
        .asyncAndThen(() => d.clientes.buscar(datos.clienteId))
        .andThen(() => ResultAsync.combine(distintos.map((productoId) => d.productos.buscar(productoId))))
        .andThen((productos: readonly Producto[]) => {
          const porId = new Map(productos.map((p) => [p.id, p]));
          const items = datos.items.map((item) => ({
            producto: porId.get(item.productoId) as Producto,
            cantidad: item.cantidad,
          }));
          return crearPedido({
            id,
            clienteId: datos.clienteId,
            items,
            direccionEnvio: datos.direccionEnvio ?? null,
            ahora: d.reloj(),
          });
        })
        .andThen((cambio) => d.pedidos.registrar(cambio));
    },

    buscarPedido: (actor: Actor, id: PedidoId) =>
      autorizar(actor, 'buscarPedido').asyncAndThen(() => d.pedidos.buscar(id)),

    listarPedidos: (actor: Actor, filtro: FiltroDePedidos, paginacion: Paginacion) =>
      autorizar(actor, 'listarPedidos').asyncAndThen(() => d.pedidos.listar(filtro, paginacion)),

    /** Every change the pedido went through, oldest first. */
    historialDePedido: (actor: Actor, id: PedidoId, paginacion: Paginacion) =>
      autorizar(actor, 'historialDePedido').asyncAndThen(() => d.pedidos.historial(id, paginacion)),

    agregarItem(actor: Actor, id: PedidoId, item: ItemPedido, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'agregarItem').asyncAndThen(() =>
        d.pedidos.modificarItems(id, item.productoId, opciones, (pedido, producto) =>
          agregarItem(pedido, producto, item.cantidad, ahora),
        ),
      );
    },

    cambiarCantidad(actor: Actor, id: PedidoId, item: ItemPedido, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'cambiarCantidad').asyncAndThen(() =>
        d.pedidos.modificarItems(id, item.productoId, opciones, (pedido, producto) =>
          cambiarCantidad(pedido, producto, item.cantidad, ahora),
        ),
      );
    },

    quitarItem(actor: Actor, id: PedidoId, productoId: ProductoId, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'quitarItem').asyncAndThen(() =>
        d.pedidos.modificar(id, opciones, (pedido) => quitarItem(pedido, productoId, ahora)),
      );
    },

    confirmar(actor: Actor, id: PedidoId, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'confirmar').asyncAndThen(() =>
        d.pedidos.confirmar(id, opciones, (pedido, productos) => confirmar(pedido, productos, ahora)),
      );
    },

    cambiarDireccionDeEnvio: (actor: Actor, id: PedidoId, direccion: Direccion, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'cambiarDireccionDeEnvio').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ahora: d.reloj() }, (pedido, ahora) =>
            cambiarDireccionDeEnvio(pedido, direccion, ahora),
          )
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    pagar: (actor: Actor, id: PedidoId, datos: DatosDePago, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'pagar').asyncAndThen(() =>
        d.pedidos.transicionar(id, { ...opciones, ahora: d.reloj() }, (pedido, ahora) => pagar(pedido, datos, ahora)),
      ),

    enviar: (actor: Actor, id: PedidoId, datos: DatosDeEnvio, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'enviar').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ahora: d.reloj() }, (pedido, ahora) => enviar(pedido, datos, ahora))
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    entregar: (actor: Actor, id: PedidoId, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'entregar').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ahora: d.reloj() }, (pedido, ahora) => entregar(pedido, ahora))
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    /** From `confirmado` or `pagado`, returns every line's cantidad to its producto's stock, atomically. */
    cancelar: (actor: Actor, id: PedidoId, datos: DatosDeCancelacion, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'cancelar').asyncAndThen(() =>
        d.pedidos
          .cancelar(id, { ...opciones, ahora: d.reloj() }, (pedido, productos, ahora) =>
            cancelar(pedido, productos, datos, ahora),
          )
          .mapErr(imposible('ProductoNoEncontrado')),
      ),
  } satisfies UnCasoPorOperacion;
}

export type CasosDeUso = ReturnType<typeof casosDeUso>;
