/**
 * The HTTP adapter: it binds each route of `rutas/` to a use case, and turns
 * the outcome back into HTTP. No business rule lives here.
 */

import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { EstadoPedido, ProductoId } from '@pedidos/domain';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { CasosDeUso } from './casos-de-uso.ts';
import { documentar } from './documentacion.ts';
import { conIdempotencia, type EjecutarIdempotente } from './idempotencia.ts';
import { metodosDeLaApp } from './metodos.ts';
import { textoOpenApi } from './openapi.ts';
import { type ErrorDeCampo, responderProblema } from './problemas.ts';
import { describirError, type Registro } from './registro.ts';
import {
  clienteJson,
  etagDe,
  jsonExacto,
  paginaDePedidosJson,
  paginaJson,
  pedidoJson,
  productoJson,
} from './representaciones.ts';
import { clientes, operaciones, pedidos, productos } from './rutas/index.ts';

/** Bodies above this size are refused with 413. */
export const LIMITE_DE_CUERPO = 1024 * 1024;
/** How much of a refused body is read and discarded so that its sender can read the 413. */
const LIMITE_DE_DESCARTE = 64 * 1024 * 1024;

/** Reads a body to its end, discarding it; false if it is longer than `maximo` or cannot be read. */
async function descartarCuerpo(peticion: Request, maximo: number): Promise<boolean> {
  if (peticion.body === null) return true;
  if (peticion.bodyUsed || peticion.body.locked) return false;
  const lector = peticion.body.getReader();
  let leidos = 0;
  try {
    for (;;) {
      const { done, value } = await lector.read();
      if (done) return true;
      leidos += value.byteLength;
      if (leidos > maximo) {
        await lector.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
}

export type OpcionesDeApp = {
  readonly casos: CasosDeUso;
  /** Runs a request at most once per `Idempotency-Key`, in one transaction with its kept answer. */
  readonly idempotente: EjecutarIdempotente;
  /** Whether the database answers right now; `/ready` reports it. */
  readonly baseDeDatosResponde: () => Promise<boolean>;
  readonly registro: Registro;
};

/** Header names arrive lower-cased; `errores` names them as the documentation does. */
function cabecera(ruta: readonly PropertyKey[]): string {
  return String(ruta[0] ?? '')
    .split('-')
    .map((parte) => parte.charAt(0).toUpperCase() + parte.slice(1))
    .join('-');
}

/** zod issues as the contract's `errores`: a dotted path to the field, and a message. */
export function erroresDeCampo(error: z.ZodError, origen: string): ErrorDeCampo[] {
  const nombreDe = (ruta: readonly PropertyKey[]): string => {
    if (ruta.length > 0) return ruta.map(String).join('.');
    return origen === 'json' ? 'cuerpo' : origen;
  };
  return error.issues.flatMap((issue): ErrorDeCampo[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((clave) => ({ campo: nombreDe([...issue.path, clave]), mensaje: 'campo desconocido' }))
      : [{ campo: origen === 'header' ? cabecera(issue.path) : nombreDe(issue.path), mensaje: issue.message }],
  );
}

/**
 * Whether the request has a body, from its headers alone (RFC 9112, section
 * 6.3). Asking `c.req.raw` would build a whole `Request` for every request,
 * which the Node adapter otherwise spares bodiless ones.
 */
function traeCuerpo(c: Context): boolean {
  const largo = c.req.header('content-length');
  return c.req.header('transfer-encoding') !== undefined || (largo !== undefined && largo !== '0');
}

/**
 * Reads to its end a body that the route left unread (sent to a route that
 * takes none, or refused before it was looked at), so that the connection is
 * ready for the next request when the answer goes out. Left unread, the
 * server drains it after the answer but closes the connection if that takes
 * over 500 ms, which on a busy process cuts keep-alive connections under
 * clients that are about to reuse them.
 */
const leerCuerpoSobrante: MiddlewareHandler = async (c, next) => {
  await next();
  if (!traeCuerpo(c)) return;
  const { body, bodyUsed } = c.req.raw;
  if (body === null || bodyUsed || body.locked) return;
  if (!(await descartarCuerpo(c.req.raw, LIMITE_DE_CUERPO))) c.header('Connection', 'close');
};

/**
 * Every body is read as JSON whatever its Content-Type says, so that a client
 * that forgets the header gets the same answer as one that sends it. A POST or
 * PATCH without a body is read too, as an empty one: `400 JSON_INVALIDO`.
 */
const cuerpoComoJson: MiddlewareHandler = async (c, next) => {
  const tipo = c.req.header('content-type');
  const esJson = tipo !== undefined && /^application\/([\w.-]+\+)?json\b/i.test(tipo);
  const admiteCuerpo = c.req.method === 'POST' || c.req.method === 'PATCH';
  if (!esJson && (admiteCuerpo || traeCuerpo(c) || tipo !== undefined)) {
    const cabeceras = new Headers(c.req.raw.headers);
    cabeceras.set('content-type', 'application/json');
    c.req.raw = new Request(c.req.raw, { headers: cabeceras });
  }
  await next();
};

export function crearApp({ casos, idempotente, baseDeDatosResponde, registro }: OpcionesDeApp) {
  z.config(z.locales.es());
  const app = new OpenAPIHono({
    defaultHook: (resultado, c) => {
      if (!resultado.success) {
        return responderProblema(c, {
          kind: 'Validacion',
          errores: erroresDeCampo(resultado.error, resultado.target),
        });
      }
      return undefined;
    },
  });

  // One line per request, at debug level only: at other levels the middleware is not even installed.
  if (registro.nivel === 'debug') {
    app.use(async (c, next) => {
      const inicio = performance.now();
      await next();
      registro.debug('request', {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - inicio) * 10) / 10,
      });
    });
  }
  const limiteDeCuerpo = bodyLimit({
    maxSize: LIMITE_DE_CUERPO,
    onError: async (c) => {
      // A client still sending its body would not read an answer sent before the
      // body ends: a body of known length is read and thrown away, up to a bound,
      // and beyond it, or when it is chunked (the limit has then already taken
      // its reader), the connection is closed after the answer.
      if (!(await descartarCuerpo(c.req.raw, LIMITE_DE_DESCARTE))) c.header('Connection', 'close');
      return responderProblema(c, { kind: 'CuerpoDemasiadoGrande', limite: LIMITE_DE_CUERPO });
    },
  });
  // Only where there is a body: the limit looks at `c.req.raw`, which is costly to build.
  app.use((c, next) => (traeCuerpo(c) ? limiteDeCuerpo(c, next) : next()));
  app.use(leerCuerpoSobrante);
  app.use(cuerpoComoJson);

  // ---------------------------------------------------------------- clientes

  app.openapi(clientes.crearCliente, (c) =>
    conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.registrarCliente(c.req.valid('json'))).match(
        (cliente) => c.json(clienteJson(cliente), 201, { Location: `/clientes/${cliente.id}` }),
        (error) => responderProblema(c, error),
      ),
    ),
  );

  app.openapi(clientes.obtenerCliente, async (c) =>
    (await casos.buscarCliente(c.req.valid('param').id)).match(
      (cliente) => c.json(clienteJson(cliente), 200),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(clientes.listarClientes, async (c) => {
    const { nombre, page, limit } = c.req.valid('query');
    return (await casos.listarClientes(nombre === undefined ? {} : { nombre }, { pagina: page, limite: limit })).match(
      (pagina) => c.json(paginaJson(pagina, clienteJson), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(clientes.modificarCliente, async (c) =>
    (await casos.modificarCliente(c.req.valid('param').id, sinIndefinidos(c.req.valid('json')))).match(
      (cliente) => c.json(clienteJson(cliente), 200),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(clientes.listarPedidosDeCliente, async (c) => {
    const { page, limit, ...filtro } = c.req.valid('query');
    return (
      await casos.listarPedidosDeCliente(c.req.valid('param').id, filtroDePedidos(filtro), {
        pagina: page,
        limite: limit,
      })
    ).match(
      (pagina) => jsonExacto(c, paginaDePedidosJson(pagina), 200),
      (error) => responderProblema(c, error),
    );
  });

  // ---------------------------------------------------------------- productos

  app.openapi(productos.crearProducto, (c) => {
    const { precio_centavos, ...resto } = c.req.valid('json');
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.crearProducto({ ...resto, precio: precio_centavos })).match(
        (producto) => c.json(productoJson(producto), 201, { Location: `/productos/${producto.id}` }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(productos.obtenerProducto, async (c) =>
    (await casos.buscarProducto(c.req.valid('param').id)).match(
      (producto) => c.json(productoJson(producto), 200),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(productos.listarProductos, async (c) => {
    const { page, limit, min_price, max_price, estado, nombre } = c.req.valid('query');
    const filtro = sinIndefinidos({ estado, nombre, precioMinimo: min_price, precioMaximo: max_price });
    return (await casos.listarProductos(filtro, { pagina: page, limite: limit })).match(
      (pagina) => c.json(paginaJson(pagina, productoJson), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(productos.modificarProducto, async (c) => {
    const { precio_centavos, ...resto } = c.req.valid('json');
    return (
      await casos.modificarProducto(c.req.valid('param').id, sinIndefinidos({ ...resto, precio: precio_centavos }))
    ).match(
      (producto) => c.json(productoJson(producto), 200),
      (error) => responderProblema(c, error),
    );
  });

  // ---------------------------------------------------------------- pedidos

  app.openapi(pedidos.crearPedido, (c) => {
    const { cliente_id, items = [] } = c.req.valid('json');
    const solicitados = items.map((item) => ({ productoId: item.producto_id, cantidad: item.cantidad }));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.crearPedido({ clienteId: cliente_id, items: solicitados })).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 201, { Location: `/pedidos/${pedido.id}`, ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(pedidos.obtenerPedido, async (c) =>
    (await casos.buscarPedido(c.req.valid('param').id)).match(
      (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
      (error) => responderProblema(c, error),
    ),
  );

  app.openapi(pedidos.listarPedidos, async (c) => {
    const { page, limit, cliente_id, ...filtro } = c.req.valid('query');
    const conCliente = { ...filtroDePedidos(filtro), ...(cliente_id === undefined ? {} : { clienteId: cliente_id }) };
    return (await casos.listarPedidos(conCliente, { pagina: page, limite: limit })).match(
      (pagina) => jsonExacto(c, paginaDePedidosJson(pagina), 200),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(pedidos.agregarItem, (c) => {
    const { producto_id, cantidad } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    const { id } = c.req.valid('param');
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.agregarItem(id, { productoId: producto_id, cantidad }, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 201, { Location: `/pedidos/${pedido.id}`, ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  app.openapi(pedidos.cambiarCantidad, async (c) => {
    const { producto_id, cantidad } = c.req.valid('json');
    const opciones = condicion(c.req.valid('header'));
    return (
      await casos.cambiarCantidad(c.req.valid('param').id, { productoId: producto_id, cantidad }, opciones)
    ).match(
      (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(pedidos.quitarItem, async (c) => {
    const { id, producto_id } = c.req.valid('param');
    return (await casos.quitarItem(id, producto_id, condicion(c.req.valid('header')))).match(
      (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(pedidos.confirmarPedido, (c) => {
    const { id } = c.req.valid('param');
    const opciones = condicion(c.req.valid('header'));
    return conIdempotencia(c, casos, idempotente, async (casos) =>
      (await casos.confirmar(id, opciones)).match(
        (pedido) => jsonExacto(c, pedidoJson(pedido), 200, { ETag: etagDe(pedido) }),
        (error) => responderProblema(c, error),
      ),
    );
  });

  // ---------------------------------------------------------------- operations

  app.openapi(operaciones.salud, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(operaciones.preparado, async (c) =>
    (await baseDeDatosResponde())
      ? c.json({ status: 'ok' as const }, 200)
      : responderProblema(c, { kind: 'BaseDeDatosNoDisponible' }),
  );

  const documento = JSON.parse(textoOpenApi());
  app.get('/openapi.json', (c) => c.json(documento));
  documentar(app);

  // A path the service has, asked with another method, is a 405 that says which it takes; any other, a 404.
  const metodosDe = metodosDeLaApp(app);
  app.notFound((c) => {
    const { method: metodo, path: ruta } = c.req;
    const permitidos = metodosDe(ruta);
    // A route that exists for this very method only gets here by calling `c.notFound()`: that is a 404.
    return permitidos.length === 0 || permitidos.includes(metodo)
      ? responderProblema(c, { kind: 'RutaNoEncontrada', metodo, ruta })
      : responderProblema(c, { kind: 'MetodoNoPermitido', metodo, ruta, permitidos });
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 400) return responderProblema(c, { kind: 'JsonInvalido' });
    registro.error('unexpected error', { method: c.req.method, path: c.req.path, ...describirError(error) });
    return responderProblema(c, { kind: 'Interno' });
  });

  return app;
}

export type App = ReturnType<typeof crearApp>;

function condicion({ 'if-match': versionEsperada }: { readonly 'if-match'?: number | undefined }) {
  return versionEsperada === undefined ? {} : { versionEsperada };
}

function filtroDePedidos({
  estado,
  producto_id,
  desde,
  hasta,
}: {
  readonly estado?: EstadoPedido | undefined;
  readonly producto_id?: ProductoId | undefined;
  readonly desde?: Date | undefined;
  readonly hasta?: Date | undefined;
}) {
  return sinIndefinidos({ estado, productoId: producto_id, desde, hasta });
}

type SinIndefinidos<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** Drops the keys whose value is `undefined`: an absent field means "no change" or "no filter". */
function sinIndefinidos<T extends object>(objeto: T): SinIndefinidos<T> {
  return Object.fromEntries(Object.entries(objeto).filter(([, valor]) => valor !== undefined)) as SinIndefinidos<T>;
}
