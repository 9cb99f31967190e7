/**
 * The headers of every answer: the security headers and the default
 * Cache-Control, and CORS for the origins of `CORS_ORIGENES` only. Nothing
 * here depends on the database, so the embedded one is enough.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { CABECERAS_DE_SEGURIDAD } from '../src/comun/cabeceras.ts';
import { textoOpenApi } from '../src/openapi.ts';
import { type Cliente, conServicio, crearCliente, crearProducto, esperarProblema, type Respuesta } from './apoyo.ts';

const ID = '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60';

/** Asserts the security headers of an answer; `csp` is the Content-Security-Policy it should have. */
function esperarSeguridad(headers: ReadonlyMap<string, string>, csp = "default-src 'none'; frame-ancestors 'none'") {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(headers.get('content-security-policy')).toBe(csp);
  // TLS ends before the service: HSTS is the terminator's to send (decision 0018).
  expect(headers.get('strict-transport-security')).toBeUndefined();
  expect(headers.get('x-powered-by')).toBeUndefined();
  for (const [nombre, valor] of Object.entries(CABECERAS_DE_SEGURIDAD)) {
    if (nombre !== 'Content-Security-Policy') expect(headers.get(nombre.toLowerCase()), nombre).toBe(valor);
  }
}

/** An answer's headers by lower-case name, as the raw answer of the socket test gives them too. */
const cabeceras = (r: Respuesta<unknown>): ReadonlyMap<string, string> => new Map(r.headers);

describe('security headers and Cache-Control', () => {
  const entorno = conServicio(undefined);

  test('on a 200, a 201, a 304, and the problems of a 404, a 405, a 422 and a 400', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api);
    const leido = await api.get(`/productos/${producto.id}`);
    const respuestas: [string, Respuesta<unknown>, number][] = [
      ['GET /health', await api.get('/health'), 200],
      ['GET /productos', await api.get('/productos'), 200],
      ['GET /productos/{id}', leido, 200],
      [
        'GET /productos/{id} with If-None-Match',
        await api.get(`/productos/${producto.id}`, { 'If-None-Match': leido.headers.get('etag') ?? '' }),
        304,
      ],
      ['POST /clientes', await api.post('/clientes', { nombre: 'Ana', email: `ana-${randomUUID()}@example.com` }), 201],
      ['GET /nada', await api.get('/nada'), 404],
      ['GET /pedidos/{id} that does not exist', await api.get(`/pedidos/${ID}`), 404],
      ['DELETE /productos', await api.delete('/productos'), 405],
      ['GET /productos?limit=0', await api.get('/productos?limit=0'), 422],
      ['POST /productos with a body that is not JSON', await api.post('/productos', '{'), 400],
      ['GET /openapi.json', await api.get('/openapi.json'), 200],
    ];
    for (const [nombre, r, estado] of respuestas) {
      expect(r.status, nombre).toBe(estado);
      esperarSeguridad(cabeceras(r));
    }
  });

  test('answers that say nothing of caching are Cache-Control: no-store; the reads that can be revalidated say so', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    for (const r of [
      await api.get('/health'),
      await api.get('/clientes'),
      await api.get(`/clientes/${cliente.id}/pedidos`),
      await api.post('/productos', { nombre: 'Té', precio_centavos: 100 }),
      await api.get(`/productos/${ID}`),
      await api.get('/nada'),
      await api.get('/openapi.json'),
    ]) {
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect((await api.get(`/clientes/${cliente.id}`)).headers.get('cache-control')).toBe('private, no-cache');
  });

  test('/docs keeps its own Content-Security-Policy and Cache-Control, and gets the other headers', async () => {
    const { api } = entorno();
    const r = await api.get<string>('/docs');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[\w+/=]+'; /);
    esperarSeguridad(cabeceras(r), csp);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const recurso = await api.get('/docs/assets/swagger-ui.css');
    esperarSeguridad(cabeceras(recurso));
    expect(recurso.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  test('the problem written to the socket for a request that is not HTTP carries them too', async () => {
    const { hostname, port } = new URL(entorno().servicio.url);
    const socket = connect({ port: Number(port), host: hostname });
    await once(socket, 'connect');
    let texto = '';
    socket.setEncoding('utf8');
    socket.on('data', (trozo: string) => {
      texto += trozo;
    });
    socket.write('HOLA MUNDO\r\n\r\n');
    await once(socket, 'end');
    socket.destroy();
    const [linea = '', ...lineas] = texto.slice(0, texto.indexOf('\r\n\r\n')).split('\r\n');
    expect(linea).toBe('HTTP/1.1 400 Bad Request');
    const headers = new Map(
      lineas.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    esperarSeguridad(headers);
    expect(headers.get('cache-control')).toBe('no-store');
  });
});

// ---------------------------------------------------------------- CORS

const TIENDA = 'https://tienda.example.com';
const LOCAL = 'http://localhost:5173';
const AJENO = 'https://ajeno.example.com';

const documento = JSON.parse(textoOpenApi()) as { paths: Record<string, Record<string, unknown>> };
const METODOS_DEL_DOCUMENTO = [
  ...new Set(Object.values(documento.paths).flatMap((metodos) => Object.keys(metodos).map((m) => m.toUpperCase()))),
];

const preflight = (api: Cliente, ruta: string, origen: string, metodo = 'PATCH', cabeceras = 'content-type') =>
  api.pedir('OPTIONS', ruta, undefined, {
    Origin: origen,
    'Access-Control-Request-Method': metodo,
    'Access-Control-Request-Headers': cabeceras,
  });

/** Every Access-Control-* header of an answer. */
const deCors = (r: Respuesta<unknown>) =>
  [...r.headers.keys()].filter((nombre) => nombre.startsWith('access-control-'));

const lista = (valor: string | null) => (valor ?? '').split(',').map((parte) => parte.trim().toLowerCase());

describe('CORS with CORS_ORIGENES set', () => {
  const entorno = conServicio(undefined, { origenesCors: [TIENDA, LOCAL] });

  test('a request from an allowed origin gets that origin in Access-Control-Allow-Origin, and the headers it may read', async () => {
    const { api } = entorno();
    for (const origen of [TIENDA, LOCAL]) {
      const r = await api.post('/productos', { nombre: 'Té', precio_centavos: 100 }, { Origin: origen });
      expect(r.status).toBe(201);
      expect(r.headers.get('access-control-allow-origin')).toBe(origen);
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
      expect(lista(r.headers.get('access-control-expose-headers'))).toEqual(
        expect.arrayContaining(
          [
            'ETag',
            'Location',
            'Idempotency-Replayed',
            'RateLimit',
            'RateLimit-Policy',
            'Retry-After',
            'X-Request-Id',
          ].map((h) => h.toLowerCase()),
        ),
      );
      expect(lista(r.headers.get('vary'))).toContain('origin');
    }
  });

  test('a problem and a 304 to an allowed origin carry it too, so that the page can read them', async () => {
    const { api } = entorno();
    const problema = await api.get(`/pedidos/${ID}`, { Origin: TIENDA });
    esperarProblema(problema, 404, 'PEDIDO_NO_ENCONTRADO');
    expect(problema.headers.get('access-control-allow-origin')).toBe(TIENDA);

    const producto = await crearProducto(api);
    const etag = (await api.get(`/productos/${producto.id}`)).headers.get('etag') ?? '';
    const r = await api.get(`/productos/${producto.id}`, { Origin: TIENDA, 'If-None-Match': etag });
    expect(r.status).toBe(304);
    expect(r.headers.get('access-control-allow-origin')).toBe(TIENDA);
    expect(lista(r.headers.get('access-control-expose-headers'))).toContain('etag');
    expect(lista(r.headers.get('vary'))).toContain('origin');
  });

  test('a preflight from an allowed origin is a 204 with the methods and headers the API takes', async () => {
    const { api } = entorno();
    for (const ruta of [`/pedidos/${ID}/confirmar`, '/productos', `/clientes/${ID}`]) {
      const r = await preflight(api, ruta, TIENDA, 'PATCH', 'content-type,if-match,idempotency-key');
      expect(r.status, ruta).toBe(204);
      expect(r.body).toBe('');
      expect(r.headers.get('access-control-allow-origin')).toBe(TIENDA);
      expect(lista(r.headers.get('access-control-allow-methods'))).toEqual(
        expect.arrayContaining(METODOS_DEL_DOCUMENTO.map((m) => m.toLowerCase())),
      );
      expect(lista(r.headers.get('access-control-allow-headers'))).toEqual(
        expect.arrayContaining(
          ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'].map((h) =>
            h.toLowerCase(),
          ),
        ),
      );
      expect(r.headers.get('access-control-max-age')).toBe('600');
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
      expect(lista(r.headers.get('vary'))).toContain('origin');
      esperarSeguridad(cabeceras(r));
    }
    expect(METODOS_DEL_DOCUMENTO).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
  });

  test('a request or a preflight from any other origin gets no CORS header; the preflight is the 405 of OPTIONS', async () => {
    const { api } = entorno();
    for (const origen of [AJENO, 'null', `${TIENDA}/`, 'https://TIENDA.example.com', 'http://tienda.example.com']) {
      const r = await api.get('/productos', { Origin: origen });
      expect(r.status).toBe(200);
      expect(deCors(r), origen).toEqual([]);
      expect(lista(r.headers.get('vary'))).toContain('origin');

      const p = await preflight(api, '/productos', origen, 'POST');
      esperarProblema(p, 405, 'METODO_NO_PERMITIDO');
      expect(p.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(deCors(p), origen).toEqual([]);
    }
  });

  test('without an Origin, or an OPTIONS that is no preflight, nothing changes: no CORS header, OPTIONS is 405', async () => {
    const { api } = entorno();
    const r = await api.get('/health');
    expect(r.status).toBe(200);
    expect(deCors(r)).toEqual([]);
    expect(lista(r.headers.get('vary'))).toContain('origin');
    for (const cabeceras of [{}, { Origin: TIENDA }]) {
      const o = await api.pedir('OPTIONS', '/pedidos', undefined, cabeceras);
      esperarProblema(o, 405, 'METODO_NO_PERMITIDO');
      expect(o.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(o.headers.get('access-control-allow-methods')).toBeNull();
    }
  });
});

describe('CORS without CORS_ORIGENES', () => {
  const entorno = conServicio(undefined);

  test('no origin is allowed: no CORS header, no Vary, and a preflight is the 405 of OPTIONS', async () => {
    const { api } = entorno();
    for (const origen of [TIENDA, LOCAL, AJENO]) {
      const r = await api.get('/productos', { Origin: origen });
      expect(r.status).toBe(200);
      expect(deCors(r)).toEqual([]);
      expect(r.headers.get('vary')).toBeNull();
      const p = await preflight(api, '/productos', origen, 'POST');
      esperarProblema(p, 405, 'METODO_NO_PERMITIDO');
      expect(deCors(p)).toEqual([]);
    }
  });
});
