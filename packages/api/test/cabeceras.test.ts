/**
 * The headers of every answer: the security headers and the default
 * Cache-Control. Nothing here depends on the database, so the embedded one
 * is enough.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { CABECERAS_DE_SEGURIDAD } from '../src/comun/cabeceras.ts';
import { conServicio, crearCliente, crearProducto, type Respuesta } from './apoyo.ts';

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
