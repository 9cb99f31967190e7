/**
 * fast-check arbitraries for every value object and aggregate of
 * `@pedidos/domain`, for property-based tests in consuming services.
 *
 * Every value is built through the domain's own constructors and operations, so
 * it satisfies every invariant a real one does. fast-check is a peer dependency.
 */
import fc from 'fast-check';
import type { Result } from 'neverthrow';
import { type Cliente, registrarCliente } from '../cliente/cliente.js';
import { assertNever } from '../compartido/assert-never.js';
import {
  agregarItem,
  type CambioDePedido,
  type Confirmacion,
  cambiarCantidad,
  cambiarDireccionDeEnvio,
  cancelar,
  confirmar,
  crearPedido,
  type ErrorDePedido,
  entregar,
  enviar,
  type Pedido,
  type PedidoEn,
  pagar,
  quitarItem,
  type ResultadoDeCancelacion,
  totalCentavos,
} from '../pedido/pedido.js';
import { crearProducto, type Producto } from '../producto/producto.js';
import { Actor, LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA } from '../valores/actor.js';
import { Cantidad } from '../valores/cantidad.js';
import { Descripcion } from '../valores/descripcion.js';
import { Dinero } from '../valores/dinero.js';
import { Direccion } from '../valores/direccion.js';
import { Email } from '../valores/email.js';
import { ESTADOS_PEDIDO, ESTADOS_PRODUCTO, type EstadoPedido, type EstadoProducto } from '../valores/estados.js';
import {
  LONGITUD_MAXIMA_ETIQUETA,
  MetodoDePago,
  MotivoDeCancelacion,
  NumeroDeSeguimiento,
  ReferenciaDePago,
  Transportista,
} from '../valores/etiquetas.js';
import { ClienteId, CuentaId, PedidoId, ProductoId } from '../valores/id.js';
import { LONGITUD_MAXIMA_NOMBRE, Nombre } from '../valores/nombre.js';

/** The value of a result an arbitrary built from valid parts; an error here is a bug in the arbitrary. */
function valido<T, E>(resultado: Result<T, E>): T {
  if (resultado.isErr()) throw new Error(`Arbitrario inválido: ${JSON.stringify(resultado.error)}`);
  return resultado.value;
}

// ---------------------------------------------------------------- value objects

export const clienteId = (): fc.Arbitrary<ClienteId> => fc.uuid().map((u) => valido(ClienteId.crear(u)));
export const productoId = (): fc.Arbitrary<ProductoId> => fc.uuid().map((u) => valido(ProductoId.crear(u)));
export const pedidoId = (): fc.Arbitrary<PedidoId> => fc.uuid().map((u) => valido(PedidoId.crear(u)));
export const cuentaId = (): fc.Arbitrary<CuentaId> => fc.uuid().map((u) => valido(CuentaId.crear(u)));

export type Rango = { readonly min?: number; readonly max?: number };

/** Centavos, by default over the whole valid range. */
export const dinero = ({ min = 0, max = Number.MAX_SAFE_INTEGER }: Rango = {}): fc.Arbitrary<Dinero> =>
  fc.integer({ min, max }).map((c) => valido(Dinero.crear(c)));

/** Units, by default over the whole valid range (zero included). */
export const cantidad = ({ min = 0, max = Number.MAX_SAFE_INTEGER }: Rango = {}): fc.Arbitrary<Cantidad> =>
  fc.integer({ min, max }).map((c) => valido(Cantidad.crear(c)));

export const email = (): fc.Arbitrary<Email> =>
  fc
    .emailAddress()
    .map((e) => Email.crear(e))
    .filter((r) => r.isOk())
    .map(valido);

/** Names of 1 to 200 characters, any script, possibly with surrounding spaces that the constructor trims. */
export const nombre = (): fc.Arbitrary<Nombre> =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
    .map((s) => Nombre.crear(s))
    .filter((r) => r.isOk())
    .map(valido);

/** A name at the upper limit of its length, to reach the edges. */
export const nombreLargo = (): fc.Arbitrary<Nombre> =>
  fc
    .string({
      unit: fc.constantFrom('a', 'ñ', 'é', '字', '😀'),
      minLength: LONGITUD_MAXIMA_NOMBRE,
      maxLength: LONGITUD_MAXIMA_NOMBRE,
    })
    .map((s) => valido(Nombre.crear(s)));

export const descripcion = (): fc.Arbitrary<Descripcion> =>
  fc
    .option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: null })
    .map((d) => Descripcion.crear(d))
    .filter((r) => r.isOk())
    .map(valido);

export const estadoProducto = (): fc.Arbitrary<EstadoProducto> => fc.constantFrom(...ESTADOS_PRODUCTO);
export const estadoPedido = (): fc.Arbitrary<EstadoPedido> => fc.constantFrom(...ESTADOS_PEDIDO);

/** Instants between 2000 and 2100, never an invalid date. */
export const instante = (): fc.Arbitrary<Date> =>
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

/** One-line text of 1 to `max` characters once trimmed, any script, maybe with spaces around. */
const textoDeUnaLinea = (max: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) })
    .filter((s) => s.trim().length > 0 && !/\p{Cc}/u.test(s));

function etiqueta<T>(crear: (valor: string) => Result<T, unknown>): fc.Arbitrary<T> {
  return textoDeUnaLinea(LONGITUD_MAXIMA_ETIQUETA)
    .map(crear)
    .filter((r) => r.isOk())
    .map(valido);
}

export const referenciaDePago = (): fc.Arbitrary<ReferenciaDePago> => etiqueta(ReferenciaDePago.crear);
export const metodoDePago = (): fc.Arbitrary<MetodoDePago> => etiqueta(MetodoDePago.crear);
export const transportista = (): fc.Arbitrary<Transportista> => etiqueta(Transportista.crear);
export const numeroDeSeguimiento = (): fc.Arbitrary<NumeroDeSeguimiento> => etiqueta(NumeroDeSeguimiento.crear);

export const motivoDeCancelacion = (): fc.Arbitrary<MotivoDeCancelacion> =>
  fc
    .option(fc.string({ unit: 'grapheme', maxLength: 120 }), { nil: null })
    .map((m) => MotivoDeCancelacion.crear(m))
    .filter((r) => r.isOk())
    .map(valido);

/** Two ASCII letters in any case, as a caller may write a country code. */
export const codigoDePais = (): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: 2,
    maxLength: 2,
  });

export const direccion = (): fc.Arbitrary<Direccion> =>
  fc
    .record({
      destinatario: textoDeUnaLinea(200),
      linea1: textoDeUnaLinea(200),
      linea2: fc.option(textoDeUnaLinea(200), { nil: null }),
      ciudad: textoDeUnaLinea(200),
      region: fc.option(textoDeUnaLinea(200), { nil: null }),
      codigoPostal: textoDeUnaLinea(20),
      pais: codigoDePais(),
    })
    .map((datos) => Direccion.crear(datos))
    .filter((r) => r.isOk())
    .map(valido);

/** A name of a part of the service: one to four hyphenated words, up to the longest allowed. */
const nombreDeSistema = (): fc.Arbitrary<string> =>
  fc
    .array(fc.stringMatching(/^[a-z0-9]{1,20}$/), { minLength: 1, maxLength: 4 })
    .map((palabras) => palabras.join('-'))
    .filter((nombre) => nombre.length <= LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA);

/** Any actor: anonymous, a cliente's account, a staff account, or the service itself. */
export const actor = (): fc.Arbitrary<Actor> =>
  fc.oneof(
    fc.constant<Actor>(Actor.anonimo),
    fc.record({ cuentaId: cuentaId(), clienteId: clienteId() }).map((datos): Actor => Actor.cliente(datos)),
    cuentaId().map((id): Actor => Actor.personal(id)),
    nombreDeSistema().map((nombre): Actor => Actor.sistema(nombre)),
  );

// ---------------------------------------------------------------- aggregates

export const cliente = (): fc.Arbitrary<Cliente> =>
  fc
    .record({ id: clienteId(), nombre: nombre(), email: email(), ahora: instante() })
    .map((datos) => valido(registrarCliente(datos)).cliente);

export type OpcionesDeProducto = {
  readonly estado?: EstadoProducto;
  /** Price range in centavos; by default up to 1 000 000 centavos. */
  readonly precio?: Rango;
  /** Stock range; by default 0 to 20, small so that shortages are common. */
  readonly stock?: Rango;
};

export const producto = (opciones: OpcionesDeProducto = {}): fc.Arbitrary<Producto> =>
  fc
    .record({
      id: productoId(),
      nombre: nombre(),
      descripcion: descripcion(),
      precio: dinero({ min: 0, max: 1_000_000, ...opciones.precio }),
      stock: cantidad({ min: 0, max: 20, ...opciones.stock }),
      estado: opciones.estado === undefined ? estadoProducto() : fc.constant(opciones.estado),
      ahora: instante(),
    })
    .map((datos) => valido(crearProducto(datos)).producto);

export type OpcionesDeCatalogo = OpcionesDeProducto & {
  readonly minLength?: number;
  readonly maxLength?: number;
};

/** Productos with distinct ids. */
export const catalogo = ({
  minLength = 1,
  maxLength = 6,
  ...opciones
}: OpcionesDeCatalogo = {}): fc.Arbitrary<readonly Producto[]> =>
  fc.uniqueArray(producto(opciones), { minLength, maxLength, selector: (p) => p.id });

export type PedidoConProductos = {
  readonly pedido: Pedido;
  /** The productos the pedido was built from, as they are now. */
  readonly productos: readonly Producto[];
};

/**
 * A pedido in `carrito` with up to `maxLineas` lines of active productos, each
 * line within its producto's stock, together with those productos.
 */
export const pedidoEnCarrito = ({
  maxLineas = 5,
}: {
  readonly maxLineas?: number;
} = {}): fc.Arbitrary<PedidoConProductos> =>
  fc
    .record({
      id: pedidoId(),
      clienteId: clienteId(),
      direccionEnvio: fc.option(direccion(), { nil: null }),
      ahora: instante(),
      productos: catalogo({ minLength: 0, maxLength: maxLineas, estado: 'activo', stock: { min: 1, max: 20 } }),
    })
    .chain(({ productos, ...datos }) =>
      fc.tuple(...productos.map((p) => cantidad({ min: 1, max: p.stock }))).map((cantidades) => ({
        pedido: valido(
          crearPedido({
            ...datos,
            items: productos.map((producto, i) => ({ producto, cantidad: cantidades[i] as Cantidad })),
          }),
        ).pedido,
        productos,
      })),
    );

/** A confirmed pedido, with its productos after their stock was deducted. */
export const pedidoConfirmado = (): fc.Arbitrary<PedidoConProductos> =>
  fc
    .record({ carrito: pedidoEnCarrito(), ahora: instante() })
    .filter(({ carrito }) => carrito.pedido.lineas.length > 0)
    .map(({ carrito, ahora }) => {
      const { pedido, productos } = valido(confirmar(carrito.pedido, carrito.productos, ahora));
      const porId = new Map(productos.map((p) => [p.id, p]));
      return { pedido, productos: carrito.productos.map((p) => porId.get(p.id) ?? p) };
    });

/** Productos after an operation replaced some of them. */
function tras(productos: readonly Producto[], nuevos: readonly Producto[]): readonly Producto[] {
  const porId = new Map(nuevos.map((p) => [p.id, p]));
  return productos.map((p) => porId.get(p.id) ?? p);
}

/** A paid pedido: confirmed, then paid its exact total. */
export const pedidoPagado = (): fc.Arbitrary<PedidoConProductos> =>
  fc
    .record({ confirmado: pedidoConfirmado(), referencia: referenciaDePago(), ahora: instante() })
    .map(({ confirmado, referencia, ahora }) => ({
      pedido: valido(pagar(confirmado.pedido, { importeCentavos: totalCentavos(confirmado.pedido), referencia }, ahora))
        .pedido,
      productos: confirmado.productos,
    }));

/** A shipped pedido; it was given a direccion first if it had none. */
export const pedidoEnviado = (): fc.Arbitrary<PedidoConProductos> =>
  fc
    .record({
      pagado: pedidoPagado(),
      direccion: direccion(),
      transportista: transportista(),
      numeroSeguimiento: numeroDeSeguimiento(),
      ahora: instante(),
    })
    .map(({ pagado, direccion, transportista, numeroSeguimiento, ahora }) => {
      const conDireccion =
        pagado.pedido.direccionEnvio === null
          ? valido(cambiarDireccionDeEnvio(pagado.pedido, direccion, ahora)).pedido
          : pagado.pedido;
      return {
        pedido: valido(enviar(conDireccion, { transportista, numeroSeguimiento }, ahora)).pedido,
        productos: pagado.productos,
      };
    });

export const pedidoEntregado = (): fc.Arbitrary<PedidoConProductos> =>
  fc.record({ enviado: pedidoEnviado(), ahora: instante() }).map(({ enviado, ahora }) => ({
    pedido: valido(entregar(enviado.pedido, ahora)).pedido,
    productos: enviado.productos,
  }));

/** A cancelled pedido, cancelled from any state that allows it, with its productos after their stock came back. */
export const pedidoCancelado = (): fc.Arbitrary<PedidoConProductos> =>
  fc
    .record({
      cancelable: fc.oneof(pedidoEnCarrito(), pedidoConfirmado(), pedidoPagado()),
      motivo: motivoDeCancelacion(),
      ahora: instante(),
    })
    .map(({ cancelable, motivo, ahora }) => {
      const { pedido, productos } = valido(cancelar(cancelable.pedido, cancelable.productos, { motivo }, ahora));
      return { pedido, productos: tras(cancelable.productos, productos) };
    });

const porEstado = {
  carrito: pedidoEnCarrito,
  confirmado: pedidoConfirmado,
  pagado: pedidoPagado,
  enviado: pedidoEnviado,
  entregado: pedidoEntregado,
  cancelado: pedidoCancelado,
} as const satisfies { readonly [E in EstadoPedido]: () => fc.Arbitrary<PedidoConProductos> };

/** A pedido in the given state, with its productos as they are now. */
export function pedidoEnEstado<E extends EstadoPedido>(
  estado: E,
): fc.Arbitrary<{ readonly pedido: PedidoEn<E>; readonly productos: readonly Producto[] }> {
  return porEstado[estado]().filter(
    (p): p is { readonly pedido: PedidoEn<E>; readonly productos: readonly Producto[] } => p.pedido.estado === estado,
  );
}

/** A pedido in any state, with its productos. */
export const pedidoConProductos = (): fc.Arbitrary<PedidoConProductos> =>
  fc.oneof(...ESTADOS_PEDIDO.map((estado) => porEstado[estado]()));

/** A pedido in any of its six states. */
export const pedido = (): fc.Arbitrary<Pedido> => pedidoConProductos().map(({ pedido }) => pedido);

// ---------------------------------------------------------------- command sequences

export type ComandoDePedido =
  | { readonly tipo: 'agregarItem'; readonly productoId: ProductoId; readonly cantidad: Cantidad }
  | { readonly tipo: 'cambiarCantidad'; readonly productoId: ProductoId; readonly cantidad: Cantidad }
  | { readonly tipo: 'quitarItem'; readonly productoId: ProductoId }
  | { readonly tipo: 'cambiarDireccionDeEnvio'; readonly direccion: Direccion }
  | { readonly tipo: 'confirmar' }
  | {
      readonly tipo: 'pagar';
      /** Added to the pedido's total: `0n` pays the right amount. */
      readonly diferenciaCentavos: bigint;
      readonly referencia: ReferenciaDePago;
      /** `null`: no method given, so the default. */
      readonly metodo: MetodoDePago | null;
    }
  | {
      readonly tipo: 'enviar';
      readonly transportista: Transportista;
      readonly numeroSeguimiento: NumeroDeSeguimiento;
    }
  | { readonly tipo: 'entregar' }
  | { readonly tipo: 'cancelar'; readonly motivo: MotivoDeCancelacion };

/** The commands of the lifecycle past the lines: each transition, with right and wrong inputs. */
const comandoDelCiclo = (): fc.Arbitrary<ComandoDePedido> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant<ComandoDePedido>({ tipo: 'confirmar' }) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          diferenciaCentavos: fc.oneof(
            { weight: 4, arbitrary: fc.constant(0n) },
            { weight: 1, arbitrary: fc.bigInt({ min: -1000n, max: 1000n }) },
          ),
          referencia: referenciaDePago(),
          metodo: fc.option(metodoDePago(), { nil: null }),
        })
        .map((datos): ComandoDePedido => ({ tipo: 'pagar', ...datos })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ transportista: transportista(), numeroSeguimiento: numeroDeSeguimiento() })
        .map((datos): ComandoDePedido => ({ tipo: 'enviar', ...datos })),
    },
    { weight: 2, arbitrary: fc.constant<ComandoDePedido>({ tipo: 'entregar' }) },
    {
      weight: 1,
      arbitrary: motivoDeCancelacion().map((motivo): ComandoDePedido => ({ tipo: 'cancelar', motivo })),
    },
    {
      weight: 1,
      arbitrary: direccion().map((d): ComandoDePedido => ({ tipo: 'cambiarDireccionDeEnvio', direccion: d })),
    },
  );

/**
 * Commands on the given productos, quantities chosen to reach every outcome:
 * zero, within stock, and beyond it; and every transition of the lifecycle.
 */
export const comandoDePedido = (productos: readonly Producto[]): fc.Arbitrary<ComandoDePedido> => {
  const delCiclo = comandoDelCiclo();
  if (productos.length === 0) return delCiclo;
  const unProducto = fc.constantFrom(...productos);
  const cantidadPara = (p: Producto) => cantidad({ min: 0, max: p.stock + 3 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: unProducto.chain((p) =>
        cantidadPara(p).map((c): ComandoDePedido => ({ tipo: 'agregarItem', productoId: p.id, cantidad: c })),
      ),
    },
    {
      weight: 3,
      arbitrary: unProducto.chain((p) =>
        cantidadPara(p).map((c): ComandoDePedido => ({ tipo: 'cambiarCantidad', productoId: p.id, cantidad: c })),
      ),
    },
    { weight: 2, arbitrary: unProducto.map((p): ComandoDePedido => ({ tipo: 'quitarItem', productoId: p.id })) },
    { weight: 4, arbitrary: delCiclo },
  );
};

export type Escenario = {
  readonly pedido: Pedido;
  readonly productos: readonly Producto[];
  readonly comandos: readonly ComandoDePedido[];
};

/**
 * A fresh empty pedido, with or without a direccion, a small catalogue (by
 * default some productos inactive or out of stock) and a sequence of commands
 * on it.
 */
export const escenarioDePedido = ({
  maxComandos = 20,
  productos = {},
}: {
  readonly maxComandos?: number;
  readonly productos?: OpcionesDeProducto;
} = {}): fc.Arbitrary<Escenario> =>
  fc
    .record({
      id: pedidoId(),
      clienteId: clienteId(),
      direccionEnvio: fc.option(direccion(), { nil: null }),
      ahora: instante(),
      productos: catalogo({ minLength: 1, maxLength: 4, ...productos }),
    })
    .chain(({ productos, ...datos }) =>
      fc.array(comandoDePedido(productos), { maxLength: maxComandos, size: 'max' }).map((comandos) => ({
        pedido: valido(crearPedido(datos)).pedido,
        productos,
        comandos,
      })),
    );

export type ResultadoDeComando = Result<CambioDePedido | Confirmacion | ResultadoDeCancelacion, ErrorDePedido>;

/** Runs one command through the domain operation it names. */
export function aplicarComando(
  pedido: Pedido,
  productos: readonly Producto[],
  comando: ComandoDePedido,
  ahora: Date,
): ResultadoDeComando {
  const buscar = (id: ProductoId): Producto => {
    const encontrado = productos.find((p) => p.id === id);
    if (encontrado === undefined) throw new Error(`El comando nombra un producto ajeno: ${id}`);
    return encontrado;
  };
  switch (comando.tipo) {
    case 'agregarItem':
      return agregarItem(pedido, buscar(comando.productoId), comando.cantidad, ahora);
    case 'cambiarCantidad':
      return cambiarCantidad(pedido, buscar(comando.productoId), comando.cantidad, ahora);
    case 'quitarItem':
      return quitarItem(pedido, comando.productoId, ahora);
    case 'cambiarDireccionDeEnvio':
      return cambiarDireccionDeEnvio(pedido, comando.direccion, ahora);
    case 'confirmar':
      return confirmar(pedido, productos, ahora);
    case 'pagar': {
      const { diferenciaCentavos, referencia, metodo } = comando;
      const importeCentavos = totalCentavos(pedido) + diferenciaCentavos;
      return pagar(pedido, { importeCentavos, referencia, ...(metodo === null ? {} : { metodo }) }, ahora);
    }
    case 'enviar':
      return enviar(pedido, comando, ahora);
    case 'entregar':
      return entregar(pedido, ahora);
    case 'cancelar':
      return cancelar(pedido, productos, { motivo: comando.motivo }, ahora);
    default:
      return assertNever(comando);
  }
}
