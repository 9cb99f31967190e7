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
  type AvisoDePago,
  agregarItem,
  type CambiosDeCliente,
  type CambiosDeProducto,
  type Cantidad,
  ClienteId,
  type ClienteNoEncontrado,
  CuentaId,
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
  type ErrorAlCancelar,
  type EstadoProducto,
  entregar,
  enviar,
  type FiltroDeClientes,
  type FiltroDePedidos,
  type FiltroDeProductos,
  type GeneradorDeIds,
  type IdDeAvisoDePago,
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
  type ResultadoDeCancelacion,
  recibirPago,
  registrarCliente,
} from '@pedidos/domain';
import type {
  ConsultaDeVentas,
  Credenciales,
  Cuenta,
  InformeDeVentas,
  NuevaCuenta,
  RepositorioDeCuentas,
  RepositorioDeProductosSql,
} from '@pedidos/persistence';
import { err, errAsync, ok, okAsync, type Result, ResultAsync } from 'neverthrow';
import { alcance, autorizar, dentro, type Operacion, type Prohibido } from './autorizacion.ts';
import type { CacheDelCatalogo } from './cache-del-catalogo.ts';
import { cifrarClave, comprobarClave } from './comun/claves.ts';
import type { Ficha, Fichas, Titular } from './comun/fichas.ts';
import type { Limitador } from './limites.ts';
import type { CredencialesInvalidas, DemasiadasPeticiones, Validacion } from './problemas.ts';

export type Dependencias = {
  readonly clientes: RepositorioDeClientes;
  readonly productos: RepositorioDeProductosSql;
  readonly pedidos: RepositorioDePedidos;
  readonly cuentas: RepositorioDeCuentas;
  /** The sales report's read model, which the stream keeps (decision 0026). */
  readonly ventas: InformeDeVentas;
  /** Issues and checks access tokens. */
  readonly fichas: Fichas;
  /**
   * Where the public reads of the catalogue may be answered from (`sinCache`
   * for none). Only `buscarProducto` and `listarProductos` ask it: a pedido's
   * own reads of its productos always go to the database.
   */
  readonly catalogo: CacheDelCatalogo;
  /** Counts the attempts to log in as each email (`INTENTOS_DE_ACCESO`). */
  readonly intentosDeAcceso: Limitador;
  /** The current instant; tests may pin it. */
  readonly reloj: () => Date;
  /** A fresh UUID for every new cliente, producto, pedido and account. */
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

/** The account a token is issued for. */
function titularDe(cuenta: Cuenta): Titular {
  return cuenta.rol === 'cliente'
    ? { rol: 'cliente', cuentaId: cuenta.id, clienteId: cuenta.clienteId }
    : { rol: 'personal', cuentaId: cuenta.id };
}

/** Staff must name the cliente of a new pedido. */
const sinCliente: Validacion = {
  kind: 'Validacion',
  errores: [{ campo: 'cliente_id', mensaje: 'el personal debe decir de qué cliente es el pedido' }],
};

/**
 * The cliente a new pedido is for: a cliente's own (named or left out; another
 * is `Prohibido`), or the one staff name.
 */
function clienteDelPedido(actor: Actor, pedido: ClienteId | undefined): Result<ClienteId, Prohibido | Validacion> {
  if (actor.tipo === 'cliente') {
    return pedido === undefined || pedido === actor.clienteId ? ok(actor.clienteId) : err(prohibido);
  }
  return pedido === undefined ? err(sinCliente) : ok(pedido);
}

/** A use case for each operation, each taking the actor first. */
type UnCasoPorOperacion = { readonly [O in Operacion]: (actor: Actor, ...datos: never[]) => unknown };

/** Whether the cliente `id` is within what `actor` may see; another's is `ClienteNoEncontrado`, as if it did not exist. */
const clienteAlcanzable = (actor: Actor, id: ClienteId): Result<void, ClienteNoEncontrado> =>
  dentro(alcance(actor), id) ? ok(undefined) : err({ kind: 'ClienteNoEncontrado', clienteId: id });
const prohibido: Prohibido = { kind: 'Prohibido' };

export function casosDeUso(d: Dependencias) {
  /** One more attempt to log in as `email`; past the limit, how long until the next may be made. */
  const intentar = (email: Email): ResultAsync<void, DemasiadasPeticiones> =>
    ResultAsync.fromSafePromise(d.intentosDeAcceso.contar(email)).andThen((cuenta) =>
      cuenta.permitida
        ? okAsync(undefined)
        : errAsync<void, DemasiadasPeticiones>({
            kind: 'DemasiadasPeticiones',
            segundos: cuenta.segundosHastaElFin,
            limite: { politica: d.intentosDeAcceso.politica, cuenta },
          }),
    );

  /** The cliente `id`, if it is within what `actor` may see; another's is `ClienteNoEncontrado`. */
  const clienteAlAlcance = (actor: Actor, id: ClienteId) =>
    clienteAlcanzable(actor, id).asyncAndThen(() => d.clientes.buscar(id));

  return {
    // ------------------------------------------------------------ accounts

    /** A cliente registering itself: the cliente and its account, together. */
    registrarCuenta(actor: Actor, datos: { readonly nombre: Nombre; readonly email: Email; readonly clave: string }) {
      const id = idNuevo(ClienteId.crear, d.nuevoId);
      const cuentaId = idNuevo(CuentaId.crear, d.nuevoId);
      const ahora = d.reloj();
      return autorizar(actor, 'registrarCuenta')
        .andThen(() => registrarCliente({ id, nombre: datos.nombre, email: datos.email, ahora }))
        .asyncAndThen((cambio) =>
          ResultAsync.fromSafePromise(cifrarClave(datos.clave)).andThen((hashDeClave) => {
            const cuenta: NuevaCuenta = { id: cuentaId, hashDeClave, creadaEn: ahora };
            return d.cuentas.registrarCliente(cambio, cuenta);
          }),
        );
    },

    /**
     * An access token for an email and its password. An email without an
     * account and a wrong password get the same answer, after the same work.
     *
     * Every attempt for an email counts before its password is looked at, so
     * that attempts made at once are counted as surely as one after another;
     * past `INTENTOS_DE_ACCESO` within its window, every attempt is
     * `DemasiadasPeticiones`, with the right password too. A success gives its
     * count back: only failures add up (so, too, eleven right attempts at the
     * very same moment are one too many).
     */
    emitirFicha: (actor: Actor, credenciales: { readonly email: Email | undefined; readonly clave: string }) => {
      const { email } = credenciales;
      // An email that is not one has no account to guess the password of; its attempts count by the caller alone.
      return autorizar(actor, 'emitirFicha')
        .asyncAndThen(() => (email === undefined ? okAsync(undefined) : intentar(email)))
        .andThen(() =>
          email === undefined ? okAsync<Credenciales | undefined, never>(undefined) : d.cuentas.credenciales(email),
        )
        .andThen((guardadas) =>
          ResultAsync.fromSafePromise(comprobarClave(guardadas?.hashDeClave, credenciales.clave)).andThen(
            (valida): ResultAsync<Ficha, CredencialesInvalidas> =>
              valida && guardadas !== undefined
                ? ResultAsync.fromSafePromise(
                    Promise.all([
                      d.fichas.emitir(titularDe(guardadas.cuenta), d.reloj()),
                      email === undefined ? undefined : d.intentosDeAcceso.devolver(email),
                    ]).then(([ficha]) => ficha),
                  )
                : errAsync({ kind: 'CredencialesInvalidas' }),
          ),
        );
    },

    /** The caller's own account. */
    miCuenta: (actor: Actor) =>
      autorizar(actor, 'miCuenta')
        .asyncAndThen(() =>
          actor.tipo === 'cliente' || actor.tipo === 'personal'
            ? d.cuentas.buscar(actor.cuentaId)
            : okAsync<Cuenta | undefined, never>(undefined),
        )
        .andThen((cuenta) =>
          // A token outlives nothing it names: accounts are never deleted, so this is a token of another database.
          cuenta === undefined ? errAsync<Cuenta, Prohibido>(prohibido) : okAsync(cuenta),
        ),

    // ------------------------------------------------------------ clientes

    registrarCliente(actor: Actor, datos: { readonly nombre: Nombre; readonly email: Email }) {
      const id = idNuevo(ClienteId.crear, d.nuevoId);
      return autorizar(actor, 'registrarCliente')
        .andThen(() => registrarCliente({ id, ...datos, ahora: d.reloj() }))
        .asyncAndThen((cambio) => d.clientes.registrar(cambio));
    },

    /** A cliente sees only itself; another is `ClienteNoEncontrado`. */
    buscarCliente: (actor: Actor, id: ClienteId) =>
      autorizar(actor, 'buscarCliente').asyncAndThen(() => clienteAlAlcance(actor, id)),

    listarClientes: (actor: Actor, filtro: FiltroDeClientes, paginacion: Paginacion) =>
      autorizar(actor, 'listarClientes').asyncAndThen(() => d.clientes.listar(filtro, paginacion)),

    /**
     * A cliente changes only itself, and only its name: its email is what its
     * account logs in with, which staff change (`Prohibido` otherwise).
     */
    modificarCliente(actor: Actor, id: ClienteId, cambios: CambiosDeCliente) {
      const ahora = d.reloj();
      return autorizar(actor, 'modificarCliente')
        .andThen(() => clienteAlcanzable(actor, id))
        .andThen(
          (): Result<void, Prohibido> =>
            actor.tipo === 'cliente' && cambios.email !== undefined ? err(prohibido) : ok(undefined),
        )
        .asyncAndThen(() => d.clientes.modificar(id, (cliente) => modificarCliente(cliente, cambios, ahora)));
    },

    /** The pedidos of one cliente; refused when the cliente does not exist. */
    listarPedidosDeCliente: (
      actor: Actor,
      id: ClienteId,
      filtro: Omit<FiltroDePedidos, 'clienteId'>,
      paginacion: Paginacion,
    ) =>
      autorizar(actor, 'listarPedidosDeCliente')
        .asyncAndThen(() => clienteAlAlcance(actor, id))
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
      autorizar(actor, 'buscarProducto').asyncAndThen(() => d.catalogo.producto(id, () => d.productos.buscar(id))),

    listarProductos: (actor: Actor, filtro: FiltroDeProductos, paginacion: Paginacion) =>
      autorizar(actor, 'listarProductos').asyncAndThen(() =>
        d.catalogo.lista(filtro, paginacion, () => d.productos.listar(filtro, paginacion)),
      ),

    modificarProducto(actor: Actor, id: ProductoId, cambios: CambiosDeProducto) {
      const ahora = d.reloj();
      return autorizar(actor, 'modificarProducto').asyncAndThen(() =>
        d.productos.modificar(id, (producto) => modificarProducto(producto, cambios, ahora)),
      );
    },

    // ------------------------------------------------------------ pedidos

    /**
     * Opens a pedido for an existing cliente. The productos of its items are read
     * as they are now; like any cart, the new pedido reserves no stock. A
     * cliente opens pedidos for itself only (`clienteId` may be left out; another
     * is `Prohibido`); staff must name the cliente.
     */
    crearPedido(
      actor: Actor,
      datos: {
        readonly clienteId?: ClienteId | undefined;
        readonly items: readonly ItemPedido[];
        readonly direccionEnvio?: Direccion | undefined;
      },
    ) {
      const id = idNuevo(PedidoId.crear, d.nuevoId);
      const distintos = [...new Set(datos.items.map((item) => item.productoId))];
      // The productos from the catalogue's cache, or in one statement. The cliente is not read: its foreign key
      // refuses the pedido of one that does not exist (`ClienteNoEncontrado`, from `registrar`), and clientes are
      // never deleted.
      return autorizar(actor, 'crearPedido')
        .andThen(() => clienteDelPedido(actor, datos.clienteId))
        .asyncAndThen((clienteId) =>
          (distintos.length === 0
            ? okAsync<readonly Producto[], never>([])
            : d.catalogo.varios(distintos, (faltan) => d.productos.buscarVarios(faltan))
          ).map((productos) => ({ clienteId, productos })),
        )
        .andThen(({ clienteId, productos }) => {
          const porId = new Map(productos.map((p) => [p.id, p]));
          const items = datos.items.map((item) => ({
            producto: porId.get(item.productoId) as Producto,
            cantidad: item.cantidad,
          }));
          return crearPedido({
            id,
            clienteId,
            items,
            direccionEnvio: datos.direccionEnvio ?? null,
            ahora: d.reloj(),
          });
        })
        .andThen((cambio) => d.pedidos.registrar(cambio));
    },

    /** A cliente sees only its own pedidos; another's is `PedidoNoEncontrado`. */
    buscarPedido: (actor: Actor, id: PedidoId) =>
      autorizar(actor, 'buscarPedido').asyncAndThen(() => d.pedidos.buscar(id, alcance(actor))),

    /** A cliente's list holds, and totals, only its own pedidos, whatever the filters. */
    listarPedidos: (actor: Actor, filtro: FiltroDePedidos, paginacion: Paginacion) =>
      autorizar(actor, 'listarPedidos').asyncAndThen(() => {
        const { clienteId } = alcance(actor);
        if (clienteId === undefined) return d.pedidos.listar(filtro, paginacion);
        if (filtro.clienteId !== undefined && filtro.clienteId !== clienteId) {
          return okAsync({ items: [], ...paginacion, total: 0, totalCantidad: 0n, totalCentavos: 0n });
        }
        return d.pedidos.listar({ ...filtro, clienteId }, paginacion);
      }),

    /** Every change the pedido went through, oldest first. */
    historialDePedido: (actor: Actor, id: PedidoId, paginacion: Paginacion) =>
      autorizar(actor, 'historialDePedido').asyncAndThen(() => d.pedidos.historial(id, paginacion, alcance(actor))),

    agregarItem(actor: Actor, id: PedidoId, item: ItemPedido, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'agregarItem').asyncAndThen(() =>
        d.pedidos.modificarItems(id, item.productoId, { ...opciones, ...alcance(actor) }, (pedido, producto) =>
          agregarItem(pedido, producto, item.cantidad, ahora),
        ),
      );
    },

    cambiarCantidad(actor: Actor, id: PedidoId, item: ItemPedido, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'cambiarCantidad').asyncAndThen(() =>
        d.pedidos.modificarItems(id, item.productoId, { ...opciones, ...alcance(actor) }, (pedido, producto) =>
          cambiarCantidad(pedido, producto, item.cantidad, ahora),
        ),
      );
    },

    quitarItem(actor: Actor, id: PedidoId, productoId: ProductoId, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'quitarItem').asyncAndThen(() =>
        d.pedidos.modificar(id, { ...opciones, ...alcance(actor) }, (pedido) => quitarItem(pedido, productoId, ahora)),
      );
    },

    confirmar(actor: Actor, id: PedidoId, opciones: OpcionesDeModificacion) {
      const ahora = d.reloj();
      return autorizar(actor, 'confirmar').asyncAndThen(() =>
        d.pedidos.confirmar(id, { ...opciones, ...alcance(actor) }, (pedido, productos) =>
          confirmar(pedido, productos, ahora),
        ),
      );
    },

    cambiarDireccionDeEnvio: (actor: Actor, id: PedidoId, direccion: Direccion, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'cambiarDireccionDeEnvio').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ...alcance(actor), ahora: d.reloj() }, (pedido, ahora) =>
            cambiarDireccionDeEnvio(pedido, direccion, ahora),
          )
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    pagar: (actor: Actor, id: PedidoId, datos: DatosDePago, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'pagar').asyncAndThen(() =>
        d.pedidos.transicionar(id, { ...opciones, ...alcance(actor), ahora: d.reloj() }, (pedido, ahora) =>
          pagar(pedido, datos, ahora),
        ),
      ),

    enviar: (actor: Actor, id: PedidoId, datos: DatosDeEnvio, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'enviar').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ...alcance(actor), ahora: d.reloj() }, (pedido, ahora) =>
            enviar(pedido, datos, ahora),
          )
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    entregar: (actor: Actor, id: PedidoId, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'entregar').asyncAndThen(() =>
        d.pedidos
          .transicionar(id, { ...opciones, ...alcance(actor), ahora: d.reloj() }, (pedido, ahora) =>
            entregar(pedido, ahora),
          )
          .mapErr(imposible('ReferenciaDePagoDuplicada')),
      ),

    /**
     * From `confirmado` or `pagado`, returns every line's cantidad to its
     * producto's stock, atomically. A cliente cancels its own pedidos, but not
     * once paid (`Prohibido`): a refund is for staff.
     */
    cancelar: (actor: Actor, id: PedidoId, datos: DatosDeCancelacion, opciones: OpcionesDeModificacion) =>
      autorizar(actor, 'cancelar').asyncAndThen(() =>
        d.pedidos
          .cancelar(
            id,
            { ...opciones, ...alcance(actor), ahora: d.reloj() },
            (pedido, productos, ahora): Result<ResultadoDeCancelacion, ErrorAlCancelar | Prohibido> =>
              actor.tipo === 'cliente' && pedido.estado === 'pagado'
                ? err(prohibido)
                : cancelar(pedido, productos, datos, ahora),
          )
          .mapErr(imposible('ProductoNoEncontrado')),
      ),

    // ------------------------------------------------------------ payments

    /**
     * A payment notice of the provider, with its effect once per its `id`
     * (see `recibirPago` for what each notice does). Only the system may ask,
     * and only the webhook's handler does, as the system, once the notice's
     * signature is good: a refusal here is a bug, and throws.
     */
    recibirAvisoDePago: (actor: Actor, id: IdDeAvisoDePago, aviso: AvisoDePago) =>
      autorizar(actor, 'recibirAvisoDePago')
        .mapErr(imposible('NoAutenticado', 'Prohibido'))
        .asyncAndThen(() =>
          d.pedidos.recibirAvisoDePago(id, aviso, { ahora: d.reloj() }, (pedido, contexto, ahora) =>
            recibirPago(pedido, aviso, contexto, ahora),
          ),
        ),

    // ------------------------------------------------------------ reports

    /** The sales of `[desde, hasta)` by day or by producto, as the stream has told them so far. */
    informeDeVentas: (actor: Actor, consulta: ConsultaDeVentas) =>
      autorizar(actor, 'informeDeVentas').asyncAndThen(() => d.ventas.leer(consulta)),
  } satisfies UnCasoPorOperacion;
}

export type CasosDeUso = ReturnType<typeof casosDeUso>;
