import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as esperar } from 'node:timers/promises';
import type { z } from '@hono/zod-openapi';
import { abrirBaseDeDatos } from '@pedidos/persistence';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Codigo, ProblemaDe } from '../src/problemas.ts';
import type { ClienteRespuesta } from '../src/recursos/clientes/json.ts';
import type { PedidoRespuesta } from '../src/recursos/pedidos/json.ts';
import type { ProductoRespuesta } from '../src/recursos/productos/json.ts';
import { crearRegistro, type Registro } from '../src/registro.ts';
import { iniciarServicio, type Servicio } from '../src/servicio.ts';

/**
 * Whether this run is CI's (`CI` set to anything but empty, 0 or false): a
 * suite that needs something of the machine (Chromium, redis-server,
 * RabbitMQ) is skipped without it elsewhere, but fails under CI, which must
 * run it.
 */
export const EN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/** The members of a CloudEvent of the stream, in the order the contract writes them (eventos.md). */
export const CLAVES_DE_UN_CLOUDEVENT = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'agregado',
  'secuencia',
  'data',
] as const;

/** The databases every suite runs on: the embedded one always, a server when TEST_DATABASE_URL names one. */
export function bases(): readonly { nombre: string; url: string | undefined }[] {
  const url = process.env.TEST_DATABASE_URL;
  return [{ nombre: 'pglite', url: undefined }, ...(url ? [{ nombre: 'postgres', url }] : [])];
}

/**
 * A database of the caller's own on the server at `url`, named `<prefijo>_<uuid>`
 * (dropped by `borrar`, with whatever still holds it), or none for the
 * embedded database, which each service has to itself. For the suites whose
 * service reads every row of a table (a relay takes every suite's events, a
 * sweep every suite's overdue pedidos, a report every pedido of its range).
 */
export async function crearBasePropia(
  url: string | undefined,
  prefijo: string,
): Promise<{ url: string | undefined; borrar(): Promise<void> }> {
  if (url === undefined) return { url: undefined, borrar: async () => {} };
  const nombre = `${prefijo}_${randomUUID().replaceAll('-', '')}`;
  const admin = await abrirBaseDeDatos({ url, maxConexiones: 1 });
  await admin.sql.unsafe(`CREATE DATABASE ${nombre}`);
  const propia = new URL(url);
  propia.pathname = `/${nombre}`;
  return {
    url: propia.href,
    borrar: async () => {
      await admin.sql.unsafe(`DROP DATABASE IF EXISTS ${nombre} WITH (FORCE)`);
      await admin.cerrar();
    },
  };
}

/**
 * `crearBasePropia` for a whole suite: the URL at once, the database made
 * before the suite and dropped after it. Called before `conServicio`, its
 * `afterAll` runs after the service stopped (hooks run in reverse).
 */
export function basePropiaDeLaSuite(url: string | undefined, prefijo: string): string | undefined {
  if (url === undefined) return undefined;
  const nombre = `${prefijo}_${randomUUID().replaceAll('-', '')}`;
  const propia = new URL(url);
  propia.pathname = `/${nombre}`;
  const admin = () => abrirBaseDeDatos({ url, maxConexiones: 1 });
  beforeAll(async () => {
    const db = await admin();
    await db.sql.unsafe(`CREATE DATABASE ${nombre}`);
    await db.cerrar();
  });
  afterAll(async () => {
    const db = await admin();
    await db.sql.unsafe(`DROP DATABASE IF EXISTS ${nombre} WITH (FORCE)`);
    await db.cerrar();
  });
  return propia.href;
}

export type ClienteJson = z.output<typeof ClienteRespuesta>;
export type ProductoJson = z.output<typeof ProductoRespuesta>;
export type PedidoJson = z.output<typeof PedidoRespuesta>;
export type PaginaJson<T> = { items: T[]; page: number; limit: number; total: number; total_pages: number };
export type PaginaDePedidosJson = PaginaJson<PedidoJson> & { total_cantidad: number; total_centavos: number };

/** What a test reads of an answer. `T` is what the test expects the body to be; the assertions check it. */
export type Respuesta<T = Record<string, unknown>> = {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
};

type Cabeceras = Record<string, string>;

export type Cliente = {
  pedir<T = Record<string, unknown>>(
    metodo: string,
    ruta: string,
    cuerpo?: unknown,
    cabeceras?: Cabeceras,
  ): Promise<Respuesta<T>>;
  get<T = Record<string, unknown>>(ruta: string, cabeceras?: Cabeceras): Promise<Respuesta<T>>;
  post<T = Record<string, unknown>>(ruta: string, cuerpo?: unknown, cabeceras?: Cabeceras): Promise<Respuesta<T>>;
  patch<T = Record<string, unknown>>(ruta: string, cuerpo?: unknown, cabeceras?: Cabeceras): Promise<Respuesta<T>>;
  delete<T = Record<string, unknown>>(ruta: string, cabeceras?: Cabeceras): Promise<Respuesta<T>>;
};

/**
 * A client over real HTTP. A string body is sent as is, anything else as JSON.
 * With a token, every request carries it, unless its own headers say otherwise.
 */
export function clienteHttp(base: string, token?: string): Cliente {
  const pedir = async <T>(
    metodo: string,
    ruta: string,
    cuerpo?: unknown,
    cabeceras: Cabeceras = {},
  ): Promise<Respuesta<T>> => {
    const respuesta = await fetch(`${base}${ruta}`, {
      method: metodo,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(cuerpo === undefined || typeof cuerpo === 'string' ? {} : { 'content-type': 'application/json' }),
        ...cabeceras,
      },
      ...(cuerpo === undefined ? {} : { body: typeof cuerpo === 'string' ? cuerpo : JSON.stringify(cuerpo) }),
    });
    const texto = await respuesta.text();
    const tipo = respuesta.headers.get('content-type') ?? '';
    const body: T = tipo.includes('json') ? JSON.parse(texto) : texto;
    return { status: respuesta.status, headers: respuesta.headers, body };
  };
  return {
    pedir,
    get: (ruta, cabeceras) => pedir('GET', ruta, undefined, cabeceras),
    post: (ruta, cuerpo, cabeceras) => pedir('POST', ruta, cuerpo, cabeceras),
    patch: (ruta, cuerpo, cabeceras) => pedir('PATCH', ruta, cuerpo, cabeceras),
    delete: (ruta, cabeceras) => pedir('DELETE', ruta, undefined, cabeceras),
  };
}

/** An access token for an account, from `POST /auth/token`. */
export async function pedirFicha(base: string, email: string, clave: string): Promise<string> {
  const r = await clienteHttp(base).post<{ access_token: string }>('/auth/token', { email, password: clave });
  if (r.status !== 200) throw new Error(`POST /auth/token answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/** The password of every account the tests make. */
export const CLAVE = 'una clave de prueba';

/** A staff account for a service the tests start: its own email, so suites sharing a database do not meet. */
export const administrador = () => ({ email: `personal-${randomUUID()}@pedidos.example`, clave: CLAVE });

/** A cliente registered through `POST /auth/registro`, and a client that carries its token. */
export async function registrarse(base: string, datos: { nombre?: string; email?: string } = {}) {
  const email = datos.email ?? `c-${randomUUID()}@example.com`;
  const r = await clienteHttp(base).post<{ cliente: ClienteJson }>('/auth/registro', {
    nombre: datos.nombre ?? `Cliente ${unico()}`,
    email,
    password: CLAVE,
  });
  if (r.status !== 201) throw new Error(`POST /auth/registro answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { cliente: r.body.cliente, api: clienteHttp(base, await pedirFicha(base, email, CLAVE)) };
}

/**
 * A running service: `api` carries a staff token, so a test of what staff may
 * do reads as before accounts; `anonimo` carries none.
 */
export type Entorno = { servicio: Servicio; api: Cliente; anonimo: Cliente; token: string; lineas: string[] };

/**
 * The limit of requests of the services the suites start, unless they set
 * one: a suite makes far more requests in a minute, from one account or one
 * address, than a caller is allowed. The tests of the limit set their own.
 */
export const LIMITE_DE_PRUEBAS = { cuota: 1_000_000, ventanaSegundos: 60 } as const;

/**
 * Starts the whole service for a suite, on a free port, over the given
 * database (the embedded one in memory when `url` is undefined), and stops it
 * afterwards. The log lines it writes are kept for the suite to read.
 * `origenesCors` is `CORS_ORIGENES`: none unless given; `limiteDePeticiones`,
 * `LIMITE_DE_PRUEBAS` unless given.
 */
export function conServicio(
  url: string | undefined,
  opciones: {
    registro?: Registro;
    cuentaDeDesarrollo?: boolean;
    tokenDeMetricas?: string;
    origenesCors?: readonly string[];
    limiteDePeticiones?: { cuota: number; ventanaSegundos: number };
    urlDeRedis?: string;
    prefijoDeRedis?: string;
    /** `CACHE_CATALOGO=on` with these `CACHE_CATALOGO_SEGUNDOS`; off unless given. */
    cacheDelCatalogo?: { segundos: number };
    /** `CACHE_CATALOGO_EN_PROCESO`: on unless given. */
    cacheEnProceso?: boolean;
    secretoDeWebhookDePagos?: string;
    /** Publish the outbox to this RabbitMQ (`RABBITMQ_URL`); a function is asked when the service starts. */
    urlDeRabbitMq?: string | (() => string);
    /** `CONSUMIDORES`: on unless given. */
    consumidores?: boolean;
    /** `PLAZO_DE_PAGO_SEGUNDOS`: the default half an hour unless given. */
    plazoDePagoSegundos?: number;
  } = {},
): () => Entorno {
  let entorno: Entorno | undefined;
  beforeAll(async () => {
    const lineas: string[] = [];
    const registro = opciones.registro ?? crearRegistro('debug', (linea) => lineas.push(linea));
    // The development account is `pnpm start`'s on the embedded database; otherwise a staff account of the suite's own.
    const dado = opciones.cuentaDeDesarrollo === true ? undefined : administrador();
    const servicio = await iniciarServicio(
      {
        puerto: 0,
        host: '127.0.0.1',
        urlDeBaseDeDatos: url,
        nivelDeRegistro: 'debug',
        administrador: dado,
        tokenDeMetricas: opciones.tokenDeMetricas,
        origenesCors: opciones.origenesCors,
        limiteDePeticiones: opciones.limiteDePeticiones ?? LIMITE_DE_PRUEBAS,
        urlDeRedis: opciones.urlDeRedis,
        prefijoDeRedis: opciones.prefijoDeRedis,
        cacheDelCatalogo: opciones.cacheDelCatalogo,
        cacheEnProceso: opciones.cacheEnProceso,
        secretoDeWebhookDePagos: opciones.secretoDeWebhookDePagos,
        urlDeRabbitMq: typeof opciones.urlDeRabbitMq === 'function' ? opciones.urlDeRabbitMq() : opciones.urlDeRabbitMq,
        consumidores: opciones.consumidores,
        plazoDePagoSegundos: opciones.plazoDePagoSegundos,
      },
      registro,
    );
    const personal = dado ?? servicio.cuentaDeDesarrollo;
    if (personal === undefined) throw new Error('sin cuenta de personal');
    const token = await pedirFicha(servicio.url, personal.email, personal.clave);
    entorno = { servicio, api: clienteHttp(servicio.url, token), anonimo: clienteHttp(servicio.url), token, lineas };
  });
  afterAll(async () => {
    await entorno?.servicio.detener();
  });
  return () => {
    if (entorno === undefined) throw new Error('el servicio no está en marcha');
    return entorno;
  };
}

export const unico = () => randomUUID().slice(0, 8);

/** The key of the payment webhook, for the services the suites start with one (`PAGOS_WEBHOOK_SECRETO`). */
export const SECRETO_DE_PAGOS = 'la clave del webhook de pagos de las pruebas';

/**
 * The `Pagos-Firma` the payment provider sends with `cuerpo` (its bytes, as
 * sent), signed at `t` (now, unless given) with `secreto`. Written here with
 * node:crypto, apart from the service's code, so that the tests of the
 * signature do not check that code against itself.
 */
export function firmaDePagos(
  cuerpo: string | Uint8Array,
  { secreto = SECRETO_DE_PAGOS, t = Math.floor(Date.now() / 1000) }: { secreto?: string; t?: number } = {},
): string {
  return `t=${t},v1=${createHmac('sha256', secreto).update(`${t}.`).update(cuerpo).digest('hex')}`;
}

/**
 * Polls `condicion` every `cadaMs` until it holds, for at most `plazoMs`, and
 * returns how long it took; on failure, `describir` says what was seen.
 */
export async function hasta(
  condicion: () => boolean | Promise<boolean>,
  { plazoMs, cadaMs, describir }: { plazoMs: number; cadaMs: number; describir?: () => string },
): Promise<number> {
  const inicio = Date.now();
  while (Date.now() - inicio < plazoMs) {
    if (await condicion()) return Date.now() - inicio;
    await esperar(cadaMs);
  }
  throw new Error([`no ocurrió en ${plazoMs} ms`, ...(describir === undefined ? [] : [describir()])].join('\n'));
}

/** Asserts a problem+json answer with the given status and code, and returns its body. */
export function esperarProblema<C extends Codigo>(
  respuesta: Respuesta<unknown>,
  status: number,
  code: C,
): ProblemaDe<C> {
  expect(respuesta.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = respuesta.body as ProblemaDe<C>;
  expect({ status: respuesta.status, code: body.code }).toEqual({ status, code });
  expect(body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    type: expect.any(String),
  });
  return body;
}

export async function crearCliente(api: Cliente, datos: { nombre?: string; email?: string } = {}) {
  const r = await api.post<ClienteJson>('/clientes', {
    nombre: datos.nombre ?? `Cliente ${unico()}`,
    email: datos.email ?? `c-${randomUUID()}@example.com`,
  });
  expect(r.status).toBe(201);
  return r.body;
}

export async function crearProducto(
  api: Cliente,
  datos: {
    nombre?: string;
    precio_centavos?: number;
    stock?: number;
    estado?: string;
    descripcion?: string | null;
  } = {},
) {
  const r = await api.post<ProductoJson>('/productos', {
    nombre: `Producto ${unico()}`,
    precio_centavos: 1000,
    stock: 10,
    ...datos,
  });
  expect(r.status).toBe(201);
  return r.body;
}

export async function crearPedido(
  api: Cliente,
  clienteId: string,
  items: { producto_id: string; cantidad: number }[] = [],
) {
  const r = await api.post<PedidoJson>('/pedidos', { cliente_id: clienteId, items });
  expect(r.status).toBe(201);
  return r.body;
}
