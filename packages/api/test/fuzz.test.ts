/**
 * Fuzzing of every endpoint of the contract: random and malformed paths, query
 * strings, headers and bodies, mixed with the ids of real rows so that some
 * requests reach the database. Whatever is sent, the service must answer, and
 * as docs/api-v1.md promises: never a 5xx; a problem+json on every 4xx whose
 * `status` is the HTTP one and whose `code` has that status in the contract;
 * JSON on every 2xx, with whole numbers only and totals that add up exactly
 * (read from the text, past 2^53 - 1 too), `Location` on a 201 and the
 * version as `ETag` of a pedido; a 304 only to an `If-None-Match`, without a
 * body and with its `ETag`; `nosniff` on every answer; and only statuses the
 * OpenAPI document lists for the operation. Requests come from staff, from a
 * cliente that owns none of the rows, from nobody, and with tokens that are no
 * good: a cliente's is never shown another's cliente or pedido.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { textoOpenApi } from '../src/openapi.ts';
import {
  bases,
  CLAVE,
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  pedirFicha,
  registrarse,
} from './apoyo.ts';

/** 21 operations, so a few hundred requests per database; `FUZZ_RUNS` asks for more, for a longer search. */
const PETICIONES_POR_RUTA = Number(process.env.FUZZ_RUNS ?? 25);
/** Enough for the shrinking of a failure, one request per step. */
const PLAZO_POR_RUTA_MS = 180_000;
const PLAZO_POR_PETICION_MS = 10_000;

// ---------------------------------------------------------------- what the contract says

/** The status of every code in the error table of docs/api-v1.md. */
const ESTADO_DE_CODIGO: Readonly<Record<string, number>> = {
  JSON_INVALIDO: 400,
  VALIDACION: 422,
  RUTA_NO_ENCONTRADA: 404,
  // A known path with a method it does not take: added to the table, which had no 405.
  METODO_NO_PERMITIDO: 405,
  CLIENTE_NO_ENCONTRADO: 404,
  PRODUCTO_NO_ENCONTRADO: 404,
  PEDIDO_NO_ENCONTRADO: 404,
  ITEM_NO_ENCONTRADO: 404,
  EMAIL_DUPLICADO: 409,
  PEDIDO_VACIO: 409,
  PEDIDO_NO_MODIFICABLE: 409,
  PRODUCTO_NO_DISPONIBLE: 409,
  STOCK_INSUFICIENTE: 409,
  VERSION_DESACTUALIZADA: 412,
  // The lifecycle's codes, docs/api-ciclo-de-vida.md.
  TRANSICION_NO_PERMITIDA: 409,
  IMPORTE_INCORRECTO: 409,
  REFERENCIA_DE_PAGO_DUPLICADA: 409,
  DIRECCION_DE_ENVIO_FALTANTE: 409,
  // Accounts and authorization, docs/api-seguridad.md.
  NO_AUTENTICADO: 401,
  CREDENCIALES_INVALIDAS: 401,
  PROHIBIDO: 403,
  // The payment webhook, docs/api-eventos.md: the fuzzed service has no key, so every notice is this.
  FIRMA_INVALIDA: 401,
  CLAVE_IDEMPOTENCIA_REUTILIZADA: 422,
  CLAVE_IDEMPOTENCIA_EN_CURSO: 409,
  CUERPO_DEMASIADO_GRANDE: 413,
  INTERNO: 500,
  BASE_DE_DATOS_NO_DISPONIBLE: 503,
  // Errors of the HTTP framing, answered for every route alike (README, "Where the contract is silent").
  PETICION_MALFORMADA: 400,
  CABECERAS_DEMASIADO_GRANDES: 431,
  PETICION_DEMASIADO_LENTA: 408,
};

/** Codes any request can get whatever the route documents. */
const CODIGOS_DE_CUALQUIER_RUTA = new Set([
  'RUTA_NO_ENCONTRADA',
  'PETICION_MALFORMADA',
  'CABECERAS_DEMASIADO_GRANDES',
  'PETICION_DEMASIADO_LENTA',
]);

type Operacion = {
  readonly metodo: string;
  readonly plantilla: string;
  readonly patron: RegExp;
  readonly estados: Set<number>;
};

/** Every operation of the OpenAPI document, with the statuses it documents. */
const OPERACIONES: readonly Operacion[] = Object.entries(
  (JSON.parse(textoOpenApi()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> })
    .paths,
).flatMap(([plantilla, metodos]) =>
  Object.entries(metodos).map(([metodo, { responses }]) => ({
    metodo: metodo.toUpperCase(),
    plantilla,
    patron: new RegExp(`^${plantilla.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    estados: new Set(Object.keys(responses).map(Number)),
  })),
);

const operacionDe = (metodo: string, camino: string): Operacion | undefined =>
  OPERACIONES.find((o) => o.metodo === metodo && o.patron.test(camino));

/** The service's paths outside the API, none in the document, all GET only: `/`, the documentation, the document. */
const FUERA_DEL_DOCUMENTO = /^\/(docs(\/assets\/[^/]+)?|openapi\.json)?$/;

/**
 * What the `Allow` of a 405 must say: the methods the document lists for the path, and HEAD wherever GET is;
 * undefined for a path the service does not have.
 */
function allowDe(camino: string): string | undefined {
  const metodos = new Set(OPERACIONES.filter((o) => o.patron.test(camino)).map((o) => o.metodo));
  if (metodos.size === 0 && FUERA_DEL_DOCUMENTO.test(camino)) metodos.add('GET');
  if (metodos.has('GET')) metodos.add('HEAD');
  return metodos.size === 0 ? undefined : [...metodos].sort().join(', ');
}

// ---------------------------------------------------------------- requests

type Metodo = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'OPTIONS';
type TipoDeCuerpo =
  | 'cliente'
  | 'producto'
  | 'pedido'
  | 'item'
  | 'cantidad'
  | 'direccion'
  | 'pago'
  | 'envio'
  | 'cancelacion'
  | 'cuenta'
  | 'credenciales'
  | 'aviso';

type Ruta = {
  readonly metodo: Metodo;
  /** The path, with `{cliente}`, `{producto}` and `{pedido}` where an id goes. */
  readonly plantilla: string;
  readonly consulta?: readonly string[];
  readonly cuerpo?: TipoDeCuerpo;
};

const FILTROS_DE_PEDIDO = ['estado', 'producto_id', 'desde', 'hasta', 'limit', 'page'];

const RUTAS: readonly Ruta[] = [
  { metodo: 'POST', plantilla: '/auth/registro', cuerpo: 'cuenta' },
  { metodo: 'POST', plantilla: '/auth/token', cuerpo: 'credenciales' },
  { metodo: 'GET', plantilla: '/auth/yo' },
  { metodo: 'POST', plantilla: '/clientes', cuerpo: 'cliente' },
  { metodo: 'GET', plantilla: '/clientes', consulta: ['nombre', 'limit', 'page'] },
  { metodo: 'GET', plantilla: '/clientes/{cliente}' },
  { metodo: 'PATCH', plantilla: '/clientes/{cliente}', cuerpo: 'cliente' },
  { metodo: 'GET', plantilla: '/clientes/{cliente}/pedidos', consulta: FILTROS_DE_PEDIDO },
  { metodo: 'POST', plantilla: '/productos', cuerpo: 'producto' },
  {
    metodo: 'GET',
    plantilla: '/productos',
    consulta: ['estado', 'min_price', 'max_price', 'nombre', 'limit', 'page'],
  },
  { metodo: 'GET', plantilla: '/productos/{producto}' },
  { metodo: 'PATCH', plantilla: '/productos/{producto}', cuerpo: 'producto' },
  { metodo: 'POST', plantilla: '/pedidos', cuerpo: 'pedido' },
  { metodo: 'GET', plantilla: '/pedidos/{pedido}' },
  { metodo: 'GET', plantilla: '/pedidos/{pedido}/historial', consulta: ['limit', 'page'] },
  { metodo: 'GET', plantilla: '/pedidos', consulta: ['cliente_id', ...FILTROS_DE_PEDIDO] },
  { metodo: 'POST', plantilla: '/pedidos/{pedido}/items', cuerpo: 'item' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/items', cuerpo: 'cantidad' },
  { metodo: 'DELETE', plantilla: '/pedidos/{pedido}/items/{producto}' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/confirmar' },
  { metodo: 'PUT', plantilla: '/pedidos/{pedido}/direccion-envio', cuerpo: 'direccion' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/pagar', cuerpo: 'pago' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/enviar', cuerpo: 'envio' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/entregar' },
  { metodo: 'PATCH', plantilla: '/pedidos/{pedido}/cancelar', cuerpo: 'cancelacion' },
  { metodo: 'POST', plantilla: '/pagos/webhook', cuerpo: 'aviso' },
  { metodo: 'GET', plantilla: '/reportes/ventas', consulta: ['desde', 'hasta', 'agrupar'] },
];

const corto = (texto: string, maximo: number): string =>
  texto.length <= maximo ? texto : `${texto.slice(0, maximo)}… (${texto.length} characters in all)`;

/** One generated request. fast-check prints it, shortened, when it reports a counterexample. */
class Peticion {
  constructor(
    readonly metodo: Metodo,
    readonly ruta: string,
    readonly cabeceras: Readonly<Record<string, string>>,
    /** Text is sent as UTF-8; an array of numbers is sent as those raw bytes. */
    readonly cuerpo: string | readonly number[] | undefined,
  ) {}

  [fc.toStringMethod](): string {
    const cuerpo =
      this.cuerpo === undefined
        ? '(none)'
        : typeof this.cuerpo === 'string'
          ? corto(JSON.stringify(this.cuerpo), 600)
          : `bytes [${corto(this.cuerpo.join(', '), 600)}]`;
    return [
      `${this.metodo} ${corto(this.ruta, 600)}`,
      `headers ${corto(JSON.stringify(this.cabeceras), 600)}`,
      `body ${cuerpo}`,
    ].join('\n');
  }
}

/** Rows created before the fuzzing, so that well-formed ids reach real data. */
type Sembrado = {
  readonly clientes: readonly string[];
  readonly emails: readonly string[];
  readonly productos: readonly string[];
  readonly pedidos: readonly string[];
  /** Payment references already recorded. */
  readonly referencias: readonly string[];
  /** A staff token, and the token of a cliente that owns none of the rows above. */
  readonly fichas: { readonly personal: string; readonly cliente: string; readonly emailDelCliente: string };
};

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** Percent-encodes every byte of the UTF-8 form except the unreserved characters (lone surrogates become U+FFFD). */
function codificar(texto: string): string {
  return Array.from(new TextEncoder().encode(texto), (byte) => {
    const caracter = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~]/.test(caracter) ? caracter : hex(byte);
  }).join('');
}

/** Strings that break naive code: controls, NUL, emoji, RTL marks, lone surrogates, SQL and LIKE metacharacters. */
const textoRaro: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'binary-ascii', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '😀',
    '👨‍👩‍👧‍👦',
    '\u202Eabc',
    'مرحبا بالعالم',
    'שלום',
    '\uD800',
    'a\uDFFFb',
    '\uD83D',
    '\uFEFF',
    '\u200B',
    'NaN',
    'Infinity',
    '-0',
    '1e308',
    'null',
    'undefined',
    'true',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '%',
    '_',
    '\\',
    '%_\\',
    '$1',
    '%s%n',
    '\r\n',
    '\t',
    'x'.repeat(201),
  ),
);

/** Raw percent sequences, valid or not, to put unencoded in a path or a query. */
const basuraPorcentual: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%%',
    '%E0%A4%A',
    '%zz',
    '%0',
    '%00',
    '%2F',
    '%2f..%2f',
    '%C0%AF',
    '%FF%FE',
    '%ED%A0%80',
    '%F0%9F%98',
    '%u0041',
    '%25',
    'a%',
    '%E2%80%AE',
    '%EF%BB%BF',
    '%0D%0A',
  ),
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((bytes) => Array.from(bytes, hex).join('')),
);

/** A path segment where an id goes: mostly real ids, sometimes ids of another kind, random UUIDs or garbage. */
function segmentoDeId(propios: readonly string[], ajenos: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...propios) },
    { weight: 1, arbitrary: fc.constantFrom(...propios).map((id) => id.toUpperCase()) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...ajenos) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        '%7B6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60%7D',
        '6a1b3f7e52a44d6c8f0e1b2c3d4e5f60',
        '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f6',
        '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f600',
        '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f6g',
        '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60%00',
        '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60%0A',
        '%206a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60',
        'urn:uuid:6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60',
        '1',
        '-1',
        '0',
        '1e308',
        'NaN',
        'null',
        'undefined',
        '..',
        '.',
        '',
        'x'.repeat(3000),
      ),
    },
    { weight: 2, arbitrary: textoRaro.map(codificar) },
    { weight: 2, arbitrary: basuraPorcentual },
  );
}

function camino(plantilla: string, s: Sembrado): fc.Arbitrary<string> {
  const partes = plantilla.split(/(\{cliente\}|\{producto\}|\{pedido\})/);
  return fc
    .tuple(
      ...partes.map((parte): fc.Arbitrary<string> => {
        switch (parte) {
          case '{cliente}':
            return segmentoDeId(s.clientes, [...s.productos, ...s.pedidos]);
          case '{producto}':
            return segmentoDeId(s.productos, [...s.clientes, ...s.pedidos]);
          case '{pedido}':
            return segmentoDeId(s.pedidos, [...s.clientes, ...s.productos]);
          default:
            return fc.constant(parte);
        }
      }),
    )
    .map((trozos) => trozos.join(''));
}

/** Query values that are nearly right for some parameter, and plenty that are not. */
function valorDeConsulta(s: Sembrado): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.constantFrom(
        '1',
        '2',
        '20',
        '100',
        '101',
        '0',
        '-1',
        '1.5',
        '1e1',
        '1e308',
        '-0',
        'NaN',
        'Infinity',
        '0x10',
        '0b1',
        '%205',
        '5%20',
        '',
        '9007199254740991',
        '9007199254740992',
        '99999999999999999999',
        '%2B1',
        'activo',
        'inactivo',
        'carrito',
        'confirmado',
        'pagado',
        'enviado',
        'entregado',
        'cancelado',
        'dia',
        'producto',
        'ACTIVO',
        '2026-01-01',
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00.123456789Z',
        '2026-01-01T00:00:00',
        '2026-01-01T00:00:00%2B14:00',
        '2026-01-01T00:00:00-23:59',
        '2026-13-01',
        '2026-02-30',
        '2024-02-29',
        '2026-01-01T24:00:00Z',
        '2026-01-01T23:59:60Z',
        '0000-01-01',
        '0000-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999Z',
        '%2B275760-09-13T00:00:00Z',
        '-271821-04-20T00:00:00Z',
        'Fuzz',
        'a',
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...s.clientes, ...s.productos, ...s.pedidos) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 2, arbitrary: textoRaro.map(codificar) },
    { weight: 1, arbitrary: basuraPorcentual },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(201), 'x'.repeat(6000), '9'.repeat(400)) },
  );
}

/** A query string: known and unknown keys, repeated keys, empty values, keys without `=`, garbage. */
function consulta(claves: readonly string[], s: Sembrado): fc.Arbitrary<string> {
  const clave = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...claves) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'foo',
        'LIMIT',
        'limit[]',
        'page[0]',
        '__proto__',
        'constructor',
        'nombre%00',
        '%E0%A4%A',
        '%20limit',
        'min_price',
        'cliente_id',
      ),
    },
  );
  const par = fc.oneof(
    { weight: 10, arbitrary: fc.tuple(clave, valorDeConsulta(s)).map(([k, v]) => `${k}=${v}`) },
    { weight: 1, arbitrary: clave },
    { weight: 1, arbitrary: fc.constantFrom('', '=', '&', '==', '=x', '?') },
  );
  return fc.array(par, { maxLength: 5 }).map((pares) => (pares.length === 0 ? '' : `?${pares.join('&')}`));
}

// ---------------------------------------------------------------- bodies, as raw JSON text

const numeroRaro = fc.constantFrom(
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '-0',
  '0',
  '-1',
  '1.5',
  '1.0',
  '1e2',
  '1E-400',
  '0.1',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740992',
  '2147483647',
  '2147483648',
  '4294967296',
  '9223372036854775807',
  '9223372036854775808',
  '123456789012345678901234567890',
);

/** Any JSON value, as text: wrong types, odd numbers, odd strings, escapes JSON.stringify never writes. */
const fragmentoJson: fc.Arbitrary<string> = fc.oneof(
  numeroRaro,
  fc.integer().map(String),
  fc.double().map((n) => JSON.stringify(n)),
  textoRaro.map((t) => JSON.stringify(t)),
  fc.constantFrom(
    '"\\ud800"',
    '"\\udfff"',
    '"a\\u0000b"',
    '"\\u0000"',
    '"\\ud83d\\ude00"',
    '"\\u202e"',
    '"\\/"',
    'true',
    'false',
    'null',
    '[]',
    '{}',
    '[1]',
    '{"a":1}',
    '"1"',
    '""',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

const claveExtra = fc.constantFrom(
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  '',
  'NOMBRE',
  'nombre ',
  'id',
  'version',
  'creado_en',
  'ñandú',
  '😀',
  '\u0000',
);

/** An object with the given fields, each valid most of the time, sometimes missing or of any other value, and sometimes extra fields. */
function objetoJson(campos: Readonly<Record<string, fc.Arbitrary<string>>>): fc.Arbitrary<string> {
  const entradas = Object.entries(campos).map(([clave, valor]) =>
    fc.option(
      fc
        .oneof({ weight: 6, arbitrary: valor }, { weight: 1, arbitrary: fragmentoJson })
        .map((v) => `${JSON.stringify(clave)}:${v}`),
      { freq: 8 },
    ),
  );
  const extras = fc.oneof(
    { weight: 5, arbitrary: fc.constant([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(claveExtra, fragmentoJson).map(([k, v]) => `${JSON.stringify(k)}:${v}`),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );
  return fc
    .tuple(fc.tuple(...entradas), extras)
    .map(([presentes, sobrantes]) => `{${[...presentes.filter((e) => e !== null), ...sobrantes].join(',')}}`);
}

const texto = (t: string) => JSON.stringify(t);

function camposDe(tipo: TipoDeCuerpo, s: Sembrado): Record<string, fc.Arbitrary<string>> {
  const nombre = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((t) => texto(`Fuzz ${t}`)),
    },
    { weight: 2, arbitrary: textoRaro.map(texto) },
    { weight: 1, arbitrary: fc.constantFrom('" "', '""', texto('x'.repeat(200)), texto(` ${'x'.repeat(200)} `)) },
  );
  const email = fc.oneof(
    { weight: 6, arbitrary: fc.uuid().map((u) => texto(`fuzz-${u}@example.com`)) },
    { weight: 1, arbitrary: fc.constantFrom(...s.emails).map((e) => texto(e.toUpperCase())) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '"a@"',
        '"@b.es"',
        '"a b@c.es"',
        '"ñandú@ejemplo.es"',
        '"a@b"',
        '"a\\u0000@b.es"',
        '"😀@example.com"',
        '"\\ud800@example.com"',
        texto(`${'a'.repeat(250)}@example.com`),
        texto(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.es`),
        '"a@b.es "',
        '"<a@b.es>"',
      ),
    },
  );
  const entero = (maximo: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: maximo }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom('0', '9007199254740991') },
      { weight: 1, arbitrary: numeroRaro },
    );
  const id = (ids: readonly string[]) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ids).map(texto) },
      { weight: 1, arbitrary: fc.uuid().map(texto) },
      { weight: 1, arbitrary: fc.constantFrom(...s.clientes, ...s.pedidos).map(texto) },
      { weight: 1, arbitrary: textoRaro.map(texto) },
    );
  const cantidad = (minimo: number) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: minimo, max: 4 }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1.0', '1.5', '1e1', '"1"', '9007199254740991') },
      { weight: 1, arbitrary: numeroRaro },
    );
  const camposDeDireccion = (linea: fc.Arbitrary<string>) => ({
    destinatario: linea,
    linea1: linea,
    linea2: fc.oneof(fc.constant('null'), linea),
    ciudad: linea,
    region: fc.oneof(fc.constant('null'), linea),
    codigo_postal: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('"28013"', '" 28013 "', texto('1'.repeat(20))) },
      { weight: 1, arbitrary: fc.constantFrom('""', texto('1'.repeat(21)), '28013') },
    ),
    pais: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('"ES"', '"es"', '" pt "') },
      { weight: 1, arbitrary: fc.constantFrom('"ESP"', '"E"', '""', '"1A"', '"ñ1"', '34') },
    ),
  });
  const clave = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(texto(CLAVE), texto('x'.repeat(12)), texto('ñ'.repeat(128))) },
    { weight: 1, arbitrary: fc.constantFrom(texto('corta'), texto('x'.repeat(129)), '""', 'null', '12345678901234') },
    { weight: 1, arbitrary: textoRaro.map(texto) },
  );
  switch (tipo) {
    case 'cuenta':
      return { nombre, email, password: clave };
    case 'credenciales':
      return {
        email: fc.oneof(email, fc.constant(texto(s.fichas.emailDelCliente))),
        password: clave,
      };
    case 'cliente':
      return { nombre, email };
    case 'producto':
      return {
        nombre,
        descripcion: fc.oneof(
          fc.constant('null'),
          textoRaro.map(texto),
          fc.constantFrom(texto('d'.repeat(2000)), texto('d'.repeat(2001))),
        ),
        precio_centavos: entero(100_000),
        stock: entero(1000),
        estado: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('"activo"', '"inactivo"') },
          { weight: 1, arbitrary: fc.constantFrom('"ACTIVO"', '""', '"carrito"', '"activo "', '0') },
        ),
      };
    case 'pedido': {
      const item = objetoJson({ producto_id: id(s.productos), cantidad: cantidad(1) });
      return {
        direccion_envio: fc.oneof(
          { weight: 3, arbitrary: objetoJson(camposDeDireccion(nombre)) },
          { weight: 1, arbitrary: fc.constantFrom('null', '{}', '"Calle Mayor 1"') },
        ),
        cliente_id: id(s.clientes),
        items: fc.oneof(
          { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }).map((items) => `[${items.join(',')}]`) },
          {
            weight: 1,
            arbitrary: fc
              .constantFrom(...s.productos)
              .map((p) => `[${Array.from({ length: 101 }, () => `{"producto_id":"${p}","cantidad":1}`).join(',')}]`),
          },
        ),
      };
    }
    case 'item':
      return { producto_id: id(s.productos), cantidad: cantidad(1) };
    case 'cantidad':
      return { producto_id: id(s.productos), cantidad: cantidad(0) };
    case 'direccion':
      return camposDeDireccion(nombre);
    case 'pago':
      return {
        importe_centavos: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom('1250', '2500', '9007199254740991') },
          { weight: 1, arbitrary: entero(5000) },
        ),
        // Mostly fresh, sometimes one already recorded.
        referencia: fc.oneof(
          { weight: 4, arbitrary: fc.uuid().map((u) => texto(`fuzz-${u}`)) },
          { weight: 1, arbitrary: fc.constantFrom(...s.referencias).map(texto) },
          { weight: 1, arbitrary: nombre },
        ),
        metodo: nombre,
      };
    case 'envio':
      return { transportista: nombre, numero_seguimiento: nombre };
    // Never signed (the fuzzed service has no PAGOS_WEBHOOK_SECRETO): what is kept is the contract of the refusal.
    case 'aviso':
      return {
        id: fc.oneof(
          fc.uuid().map((u) => texto(`evt_${u}`)),
          nombre,
        ),
        tipo: fc.constantFrom('"pago.aprobado"', '"pago.rechazado"', '"pago"', '1'),
        pedido_id: id(s.pedidos),
        importe_centavos: entero(5000),
        referencia: nombre,
        metodo: nombre,
      };
    case 'cancelacion':
      return {
        motivo: fc.oneof(
          fc.constant('null'),
          nombre,
          textoRaro.map(texto),
          fc.constantFrom(texto('m'.repeat(500)), texto('m'.repeat(501)), texto(' \n ')),
        ),
      };
  }
}

const cuerpoNoJson: fc.Arbitrary<string | readonly number[]> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"nombre": "Ana",',
    "{'cliente_id': 1}",
    'nombre=Ana&email=a%40b.es',
    'undefined',
    'NaN',
    'Infinity',
    '-',
    '1e',
    '0x10',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    '{"a":1}}',
    '{}\u0000',
    '\u0000',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"',
    '"\\u12"',
    'null null',
    '{} {}',
    '<?xml version="1.0"?><a/>',
    '--x\r\nContent-Disposition: form-data; name="nombre"\r\n\r\nAna\r\n--x--\r\n',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Array.from(bytes)),
  // Valid JSON but for one byte that is not UTF-8.
  fc
    .constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98])
    .map((malos) => [
      ...new TextEncoder().encode('{"nombre":"'),
      ...malos,
      ...new TextEncoder().encode('","email":"fuzz@example.com","precio_centavos":1}'),
    ]),
);

const jsonNoObjeto: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('[]', 'null', '42', '"texto"', 'true', '-0', '1e308', '[{}]', '[{"nombre":"Ana"}]', '"{}"'),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
);

const anidado: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(2, 64, 1000, 20_000, 100_000), fc.constantFrom('arreglo', 'objeto', 'campo', 'items'))
  .map(([n, forma]) => {
    const arreglo = `${'['.repeat(n)}${']'.repeat(n)}`;
    const objeto = `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    if (forma === 'arreglo') return arreglo;
    if (forma === 'objeto') return objeto;
    if (forma === 'campo') return `{"nombre":${arreglo},"email":"fuzz@example.com","precio_centavos":1}`;
    return `{"items":[${objeto}]}`;
  });

/** Just over the 1 MiB limit. */
const ENORME = `{"nombre":"${'x'.repeat(1024 * 1024)}","email":"fuzz@example.com"}`;

function cuerpo(tipo: TipoDeCuerpo | undefined, s: Sembrado): fc.Arbitrary<string | readonly number[] | undefined> {
  if (tipo === undefined) {
    // Routes without a body get one now and then: it must be ignored.
    return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: jsonNoObjeto });
  }
  return fc.oneof(
    { weight: 30, arbitrary: objetoJson(camposDe(tipo, s)) },
    { weight: 4, arbitrary: cuerpoNoJson },
    { weight: 2, arbitrary: jsonNoObjeto },
    { weight: 2, arbitrary: anidado },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('{}') },
    { weight: 1, arbitrary: fc.constant(ENORME) },
  );
}

// ---------------------------------------------------------------- headers

/** What fetch can put in a header value: visible Latin-1, space and tab (fetch trims the ends). */
const caracterDeCabecera = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));

const cabecerasArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          'content-type': fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/json; charset=latin1',
            'application/problem+json',
            'application/merge-patch+json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/jsonx',
            '*/*',
            'json',
            '',
          ),
          'if-match': fc.oneof(
            { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `"${n}"`) },
            {
              weight: 2,
              arbitrary: fc.constantFrom(
                '1',
                '*',
                ' * ',
                'W/"1"',
                '"0"',
                '"-1"',
                '""',
                '"',
                '"1',
                '"999999999999999"',
                '"9999999999999999"',
                '"2147483647"',
                '"2147483648"',
                '"1e3"',
                '"01"',
                '"1", "2"',
                '"1.0"',
                'null',
                '',
              ),
            },
            { weight: 1, arbitrary: fc.nat().map((n) => `"${n}"`) },
            { weight: 1, arbitrary: fc.string({ unit: caracterDeCabecera, maxLength: 40 }) },
          ),
          'idempotency-key': fc.oneof(
            { weight: 3, arbitrary: fc.uuid() },
            {
              weight: 1,
              arbitrary: fc.constantFrom(
                '',
                ' ',
                'a',
                'x'.repeat(255),
                'x'.repeat(256),
                'y'.repeat(4000),
                'fuzz-1',
                'fuzz-2',
              ),
            },
            { weight: 1, arbitrary: fc.string({ unit: caracterDeCabecera, minLength: 1, maxLength: 300 }) },
          ),
          'if-none-match': fc.oneof(
            { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `"${n}"`) },
            {
              weight: 2,
              arbitrary: fc.constantFrom('*', 'W/"1"', '"1", "2"', '"otra", W/"3"', '""', '"', '1', ',', 'W/', ''),
            },
            { weight: 1, arbitrary: fc.string({ unit: caracterDeCabecera, maxLength: 40 }) },
          ),
          accept: fc.constantFrom('application/xml', 'text/html', '*/*', 'application/problem+json', ''),
          'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
        },
        { requiredKeys: [] },
      )
      .map((r) => Object.fromEntries(Object.entries(r).filter((par): par is [string, string] => par[1] !== undefined))),
  },
);

// ---------------------------------------------------------------- the request of a route

function peticion(ruta: Ruta, s: Sembrado): fc.Arbitrary<Peticion> {
  return fc
    .record({
      metodo: fc.oneof(
        { weight: 24, arbitrary: fc.constant(ruta.metodo) },
        { weight: 1, arbitrary: fc.constantFrom<Metodo>('GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS') },
      ),
      camino: camino(ruta.plantilla, s),
      consulta: fc.oneof(
        { weight: ruta.consulta === undefined ? 1 : 6, arbitrary: consulta(ruta.consulta ?? ['x', 'limit'], s) },
        { weight: ruta.consulta === undefined ? 6 : 1, arbitrary: fc.constant('') },
      ),
      cabeceras: cabecerasArb,
      autorizacion: autorizacion(s),
      cuerpo: cuerpo(ruta.cuerpo, s),
    })
    .map(
      ({ metodo, camino, consulta, cabeceras, autorizacion, cuerpo }) =>
        // fetch refuses a body on GET.
        new Peticion(
          metodo,
          `${camino}${consulta}`,
          autorizacion === undefined ? cabeceras : { ...cabeceras, authorization: autorizacion },
          metodo === 'GET' ? undefined : cuerpo,
        ),
    );
}

/** Who asks: staff mostly, so that requests reach the use cases; a cliente of no row; nobody; and tokens that are no good. */
function autorizacion(s: Sembrado): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${s.fichas.personal}`) },
    { weight: 3, arbitrary: fc.constant(`Bearer ${s.fichas.cliente}`) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Bearer x',
        `Bearer ${s.fichas.personal}x`,
        `Bearer ${s.fichas.personal.slice(0, -2)}`,
        `bearer  ${s.fichas.cliente}`,
        'Basic YW5hOmNsYXZl',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sIjoicGVyc29uYWwifQ.',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: caracterDeCabecera, maxLength: 60 }).map((t) => `Bearer ${t}`) },
  );
}

// ---------------------------------------------------------------- sending and judging

type Observada = {
  readonly status: number;
  readonly cabeceras: Readonly<Record<string, string>>;
  readonly texto: string;
};

/** The request sent before, which may have left the connection in a state the next one finds. */
let anterior: Peticion | undefined;

async function enviar(base: string, p: Peticion): Promise<Observada> {
  const previa = anterior;
  anterior = p;
  const cuerpo =
    p.cuerpo === undefined
      ? undefined
      : typeof p.cuerpo === 'string'
        ? new TextEncoder().encode(p.cuerpo)
        : Uint8Array.from(p.cuerpo);
  try {
    const respuesta = await fetch(`${base}${p.ruta}`, {
      method: p.metodo,
      headers: p.cabeceras,
      redirect: 'manual',
      signal: AbortSignal.timeout(PLAZO_POR_PETICION_MS),
      ...(cuerpo === undefined ? {} : { body: cuerpo }),
    });
    return {
      status: respuesta.status,
      cabeceras: Object.fromEntries(respuesta.headers),
      texto: await respuesta.text(),
    };
  } catch (error) {
    // No answer at all (a dropped connection, a timeout) breaks the contract as much as a 5xx.
    const causa = error instanceof Error && error.cause !== undefined ? error.cause : error;
    throw new Error(
      [
        `The request got no answer: ${String(causa)}`,
        '--- request',
        p[fc.toStringMethod](),
        '--- the request before it',
        previa?.[fc.toStringMethod]() ?? '(none)',
      ].join('\n'),
    );
  }
}

function leerJson(texto: string): unknown {
  try {
    return JSON.parse(texto);
  } catch {
    return undefined;
  }
}

const esObjeto = (valor: unknown): valor is Record<string, unknown> =>
  typeof valor === 'object' && valor !== null && !Array.isArray(valor);

/** Every number of a JSON text, as written (the strings blanked first, so that none is taken from a date). */
/** The digits of every member `nombre` of a JSON text, as exact integers (JSON.parse would round them). */
function cifras(texto: string, nombre: string): bigint[] {
  return Array.from(texto.matchAll(new RegExp(`"${nombre}":(\\d+)`, 'g')), (m) => BigInt(m[1] ?? ''));
}

const suma = (valores: readonly bigint[]) => valores.reduce((a, b) => a + b, 0n);

/**
 * Totals that do not add up, computed from the text: a pedido's total against
 * its subtotals, and a page holding every match against its pedidos' totals.
 */
function totalesQueNoCuadran(cuerpo: Record<string, unknown>, texto: string): string | undefined {
  if ('version' in cuerpo && 'items' in cuerpo) {
    const [total] = cifras(texto, 'total_centavos');
    const subtotales = suma(cifras(texto, 'subtotal_centavos'));
    if (total !== subtotales) return `a pedido whose total_centavos ${total} is not its subtotals' ${subtotales}`;
    const [importe] = cifras(texto, 'importe_centavos');
    if (importe !== undefined && importe !== total) return `a pedido paid ${importe} whose total is ${total}`;
  }
  if ('total_pages' in cuerpo && 'total_centavos' in cuerpo && Array.isArray(cuerpo.items)) {
    if (cuerpo.page !== 1 || cuerpo.total !== cuerpo.items.length) return undefined;
    // The page's total is the largest of them, since each pedido's total is one of its terms.
    const totales = cifras(texto, 'total_centavos');
    // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints.
    const deLaPagina = totales.reduce((a, b) => (b > a ? b : a), 0n);
    const deLosPedidos = suma(totales) - deLaPagina;
    if (deLaPagina !== deLosPedidos)
      return `a page whose total_centavos ${deLaPagina} is not its pedidos' ${deLosPedidos}`;
  }
  return undefined;
}

function numerosEscritos(texto: string): string[] {
  return texto.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? [];
}

/** Every way the answer breaks the contract; empty when it keeps it. */
function violaciones(base: string, p: Peticion, r: Observada, s: Sembrado): string[] {
  const fallos: string[] = [];
  const tipo = r.cabeceras['content-type'] ?? '(none)';
  const cuerpo = leerJson(r.texto);
  const codigo = esObjeto(cuerpo) && typeof cuerpo.code === 'string' ? cuerpo.code : undefined;
  const caminoPedido = new URL(`${base}${p.ruta}`).pathname;
  // A path ending in `/..` can come out as `/`, which is not in the API: a redirect to the documentation.
  const redireccionDeLaRaiz = r.status === 302 && caminoPedido === '/' && r.cabeceras.location === '/docs';

  // A 304 answers a conditional GET (or HEAD) only: empty, and naming the representation the client has.
  const noModificado = r.status === 304 && p.cabeceras['if-none-match'] !== undefined && p.metodo === 'GET';

  if (r.status >= 500) fallos.push(`a ${r.status}: never a 5xx`);
  else if (r.status < 200 || (r.status >= 300 && r.status < 400 && !redireccionDeLaRaiz && !noModificado))
    fallos.push(`an unexpected status ${r.status}`);
  if (noModificado && (r.texto !== '' || r.cabeceras.etag === undefined))
    fallos.push('a 304 with a body or without an ETag');
  if (r.cabeceras['x-content-type-options'] !== 'nosniff') fallos.push('an answer without X-Content-Type-Options');

  if (r.status >= 400) {
    if (!/^application\/problem\+json/.test(tipo)) fallos.push(`an error with Content-Type ${tipo}`);
    if (!esObjeto(cuerpo)) fallos.push('an error whose body is not a JSON object');
    else {
      for (const campo of ['type', 'title', 'detail', 'code']) {
        if (typeof cuerpo[campo] !== 'string') fallos.push(`a problem without a string \`${campo}\``);
      }
      if (cuerpo.status !== r.status)
        fallos.push(`a problem whose status ${String(cuerpo.status)} is not the HTTP one`);
      if (codigo !== undefined) {
        const estado = ESTADO_DE_CODIGO[codigo];
        if (estado === undefined) fallos.push(`code ${codigo} is not in the contract`);
        else if (estado !== r.status) fallos.push(`code ${codigo} is a ${estado} in the contract`);
      }
    }
  }

  if (r.status >= 200 && r.status < 300) {
    if (!/^application\/json/.test(tipo)) fallos.push(`a ${r.status} with Content-Type ${tipo}`);
    if (!esObjeto(cuerpo)) fallos.push(`a ${r.status} whose body is not a JSON object`);
    if (r.status === 201 && r.cabeceras.location === undefined) fallos.push('a 201 without Location');
    // Money and quantities are integers, written with every digit: no fraction, no exponent, no sign.
    const inexacto = numerosEscritos(r.texto).find((n) => !/^\d+$/.test(n));
    if (inexacto !== undefined) fallos.push(`a ${r.status} with the number ${inexacto}: every number is a whole one`);
    const descuadre = esObjeto(cuerpo) ? totalesQueNoCuadran(cuerpo, r.texto) : undefined;
    if (descuadre !== undefined) fallos.push(descuadre);
    if (esObjeto(cuerpo) && 'version' in cuerpo && 'items' in cuerpo && r.cabeceras.etag !== `"${cuerpo.version}"`) {
      fallos.push(`a pedido at version ${String(cuerpo.version)} with ETag ${r.cabeceras.etag ?? '(none)'}`);
    }
  }

  // A cliente that owns none of the rows must never see one of them.
  if (p.cabeceras.authorization?.includes(s.fichas.cliente) === true && r.status < 300) {
    const ajeno = [...s.clientes, ...s.pedidos].find((id) => r.texto.includes(id));
    if (ajeno !== undefined) fallos.push(`a cliente's token was shown ${ajeno}, which is not its own`);
  }

  const allow = allowDe(caminoPedido);
  if (codigo === 'METODO_NO_PERMITIDO' && (allow === undefined || r.cabeceras.allow !== allow)) {
    fallos.push(`a 405 with Allow ${r.cabeceras.allow ?? '(none)'} where it should be ${allow ?? 'a 404'}`);
  }

  const operacion = operacionDe(p.metodo, caminoPedido);
  if (
    operacion !== undefined &&
    !operacion.estados.has(r.status) &&
    !(codigo !== undefined && CODIGOS_DE_CUALQUIER_RUTA.has(codigo))
  ) {
    fallos.push(`status ${r.status} is not documented for ${operacion.metodo} ${operacion.plantilla}`);
  }
  return fallos;
}

const fichaDeCliente = (base: string, email: string) => pedirFicha(base, email, CLAVE);

/** The failure message: what was sent, what came back, and what the service logged meanwhile. */
function informe(p: Peticion, r: Observada, fallos: readonly string[], registrado: readonly string[]): string {
  const errores = registrado
    .filter((linea) => !/"level":"debug"/.test(linea))
    .map((linea) => `  ${corto(linea, 1500)}`);
  return [
    `The answer breaks the contract: ${fallos.join('; ')}`,
    '--- request',
    p[fc.toStringMethod](),
    '--- response',
    `${r.status} ${JSON.stringify(r.cabeceras)}`,
    corto(r.texto, 1500),
    ...(errores.length > 0 ? ['--- logged by the service', ...errores] : []),
  ].join('\n');
}

/**
 * A few rows of every kind: productos of every sort, one at the maximum price; pedidos in carrito, one empty and
 * one at the maximum total, and one in each state past it, one confirmed with a direccion.
 */
async function sembrar(api: Cliente, base: string, token: string): Promise<Sembrado> {
  const emailDelCliente = `ajeno-${randomUUID()}@example.com`;
  await registrarse(base, { email: emailDelCliente });
  const ana = await crearCliente(api);
  const beto = await crearCliente(api);
  const activo = await crearProducto(api, { stock: 1000, precio_centavos: 1250 });
  const inactivo = await crearProducto(api, { estado: 'inactivo', stock: 5 });
  const agotado = await crearProducto(api, { stock: 0 });
  const carisimo = await crearProducto(api, {
    precio_centavos: Number.MAX_SAFE_INTEGER,
    stock: Number.MAX_SAFE_INTEGER,
    descripcion: null,
  });
  const carrito = await crearPedido(api, ana.id, [{ producto_id: activo.id, cantidad: 2 }]);
  const otro = await crearPedido(api, beto.id, [{ producto_id: activo.id, cantidad: 1 }]);
  const tope = await crearPedido(api, beto.id, [{ producto_id: carisimo.id, cantidad: 1 }]);
  const vacio = await crearPedido(api, beto.id);
  const confirmado = await crearPedido(api, ana.id, [{ producto_id: activo.id, cantidad: 1 }]);
  expect((await api.patch(`/pedidos/${confirmado.id}/confirmar`)).status).toBe(200);
  const direccion = {
    destinatario: 'Ana',
    linea1: 'Calle Mayor 1',
    ciudad: 'Madrid',
    codigo_postal: '28013',
    pais: 'ES',
  };
  const conDireccion = await crearPedido(api, ana.id, [{ producto_id: activo.id, cantidad: 2 }]);
  expect((await api.pedir('PUT', `/pedidos/${conDireccion.id}/direccion-envio`, direccion)).status).toBe(200);
  expect((await api.patch(`/pedidos/${conDireccion.id}/confirmar`)).status).toBe(200);
  /** A confirmed pedido of one coffee, 1250, taken along the lifecycle up to `hasta`. */
  const referencias: string[] = [];
  const llevar = async (hasta: readonly string[]) => {
    const p = await crearPedido(api, beto.id, [{ producto_id: activo.id, cantidad: 1 }]);
    expect((await api.pedir('PUT', `/pedidos/${p.id}/direccion-envio`, direccion)).status).toBe(200);
    expect((await api.patch(`/pedidos/${p.id}/confirmar`)).status).toBe(200);
    for (const paso of hasta) {
      const referencia = `fuzz-sembrado-${referencias.length}-${p.id}`;
      const cuerpo =
        paso === 'pagar'
          ? { importe_centavos: 1250, referencia }
          : paso === 'enviar'
            ? { transportista: 'Correos', numero_seguimiento: 'PK1' }
            : undefined;
      if (paso === 'pagar') referencias.push(referencia);
      expect((await api.patch(`/pedidos/${p.id}/${paso}`, cuerpo)).status).toBe(200);
    }
    return p.id;
  };
  const pagado = await llevar(['pagar']);
  const enviado = await llevar(['pagar', 'enviar']);
  const entregado = await llevar(['pagar', 'enviar', 'entregar']);
  const cancelado = await llevar(['cancelar']);
  const reembolsado = await llevar(['pagar', 'cancelar']);
  return {
    clientes: [ana.id, beto.id],
    emails: [ana.email, beto.email],
    productos: [activo.id, inactivo.id, agotado.id, carisimo.id],
    pedidos: [
      carrito.id,
      otro.id,
      tope.id,
      vacio.id,
      confirmado.id,
      conDireccion.id,
      pagado,
      enviado,
      entregado,
      cancelado,
      reembolsado,
    ],
    referencias,
    fichas: { personal: token, cliente: await fichaDeCliente(base, emailDelCliente), emailDelCliente },
  };
}

describe.each(bases())('fuzzing every endpoint on $nombre', ({ url }) => {
  const entorno = conServicio(url);
  let sembrado: Sembrado | undefined;

  beforeAll(async () => {
    const { api, servicio, token } = entorno();
    sembrado = await sembrar(api, servicio.url, token);
  });

  test('every operation of the OpenAPI document is fuzzed', () => {
    const fuzzeadas = RUTAS.map((r) => `${r.metodo} ${r.plantilla.replace(/\{[^}]+\}/g, '{}')}`).sort();
    const documentadas = OPERACIONES.map((o) => `${o.metodo} ${o.plantilla.replace(/\{[^}]+\}/g, '{}')}`)
      .filter((nombre) => !/^GET \/(health|ready|metrics)$/.test(nombre))
      .sort();
    expect(fuzzeadas).toEqual(documentadas);
  });

  test.each(RUTAS)(
    '$metodo $plantilla keeps the contract whatever it is sent',
    async (ruta) => {
      const { servicio, lineas } = entorno();
      if (sembrado === undefined) throw new Error('the rows were not created');
      await fc.assert(
        fc.asyncProperty(peticion(ruta, sembrado), async (p) => {
          const desde = lineas.length;
          const r = await enviar(servicio.url, p).catch((error: unknown) => {
            throw new Error([String(error), '--- logged by the service', ...lineas.slice(desde)].join('\n'));
          });
          const fallos = violaciones(servicio.url, p, r, sembrado as Sembrado);
          if (fallos.length > 0) throw new Error(informe(p, r, fallos, lineas.slice(desde)));
        }),
        { numRuns: PETICIONES_POR_RUTA },
      );
    },
    PLAZO_POR_RUTA_MS,
  );
});
