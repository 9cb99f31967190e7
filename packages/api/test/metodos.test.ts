/**
 * A path the service has, asked with a method it does not take there, is
 * `405 METODO_NO_PERMITIDO` with an `Allow` header naming those it takes; a
 * path it does not have is `404 RUTA_NO_ENCONTRADA` whatever the method.
 * Nothing here reaches the database, so the embedded one is enough.
 */
import { describe, expect, test } from 'vitest';
import { textoOpenApi } from '../src/openapi.ts';
import { conServicio, esperarProblema } from './apoyo.ts';

const ID = '6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60';
const OTRO_ID = '0f9e8d7c-6b5a-4c3d-9e1f-a2b3c4d5e6f7';

const documento = JSON.parse(textoOpenApi()) as { paths: Record<string, Record<string, unknown>> };

describe('methods and paths the service does not have', () => {
  const entorno = conServicio(undefined);

  test.each([
    ['DELETE', `/pedidos/${ID}`, 'GET, HEAD'],
    ['OPTIONS', '/pedidos', 'GET, HEAD, POST'],
    ['PUT', `/clientes/${ID}`, 'GET, HEAD, PATCH'],
    ['PUT', '/clientes', 'GET, HEAD, POST'],
    ['DELETE', '/productos', 'GET, HEAD, POST'],
    ['POST', `/productos/${ID}`, 'GET, HEAD, PATCH'],
    ['GET', `/pedidos/${ID}/items`, 'PATCH, POST'],
    ['GET', `/pedidos/${ID}/confirmar`, 'PATCH'],
    ['DELETE', `/pedidos/${ID}/items`, 'PATCH, POST'],
    ['PATCH', `/pedidos/${ID}/items/${OTRO_ID}`, 'DELETE'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
    ['POST', '/docs', 'GET, HEAD'],
    ['POST', '/', 'GET, HEAD'],
    // The path is matched before its id is read: a malformed one does not make the path unknown.
    ['DELETE', '/pedidos/no-es-un-uuid', 'GET, HEAD'],
  ])('%s %s is 405 METODO_NO_PERMITIDO with Allow: %s', async (metodo, ruta, allow) => {
    const r = await entorno().api.pedir(metodo, ruta);
    const problema = esperarProblema(r, 405, 'METODO_NO_PERMITIDO');
    expect(r.headers.get('allow')).toBe(allow);
    expect(problema.instance).toBe(ruta);
    expect(problema.detail).toContain(metodo);
  });

  test('HEAD of a path without GET is a 405 too, without a body', async () => {
    const r = await fetch(`${entorno().servicio.url}/pedidos/${ID}/confirmar`, { method: 'HEAD' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('PATCH');
    expect(await r.text()).toBe('');
  });

  test('every path of the OpenAPI document is a 405 for PUT (DELETE where it takes PUT), whose Allow is what the document lists, and HEAD', async () => {
    const { api } = entorno();
    const plantillas = Object.entries(documento.paths);
    expect(plantillas.length).toBeGreaterThan(10);
    for (const [plantilla, metodos] of plantillas) {
      const ruta = plantilla.replace(/\{[^}]+\}/g, ID);
      const documentados = Object.keys(metodos).map((m) => m.toUpperCase());
      const esperado = [...documentados, ...(documentados.includes('GET') ? ['HEAD'] : [])].sort().join(', ');
      const r = await api.pedir(documentados.includes('PUT') ? 'DELETE' : 'PUT', ruta);
      esperarProblema(r, 405, 'METODO_NO_PERMITIDO');
      expect(r.headers.get('allow'), plantilla).toBe(esperado);
    }
  });

  test('every method an Allow names is answered by a route, none with 404 RUTA_NO_ENCONTRADA or 405', async () => {
    const { api, servicio } = entorno();
    for (const ruta of ['/pedidos', `/pedidos/${ID}`, `/pedidos/${ID}/items`, `/clientes/${ID}`, '/openapi.json']) {
      const allow = (await api.pedir('OPTIONS', ruta)).headers.get('allow') ?? '';
      expect(allow, ruta).not.toBe('');
      for (const metodo of allow.split(', ')) {
        // Without a body: a POST or PATCH then stops at 400 JSON_INVALIDO, having changed nothing.
        const r = await fetch(`${servicio.url}${ruta}`, { method: metodo });
        const texto = await r.text();
        expect(r.status, `${metodo} ${ruta}`).not.toBe(405);
        // A HEAD has no body to read a code from; its GET is checked in the same loop.
        const esProblema = r.headers.get('content-type')?.startsWith('application/problem+json') === true;
        const problema: { code?: unknown } = esProblema && texto !== '' ? JSON.parse(texto) : {};
        expect(problema.code, `${metodo} ${ruta}`).not.toBe('RUTA_NO_ENCONTRADA');
      }
    }
  });

  test.each([
    ['GET', '/nada'],
    ['DELETE', '/nada'],
    ['OPTIONS', '/nada'],
    ['GET', '/clientes/'],
    ['PUT', '/clientes/'],
    ['GET', '/docs/'],
    ['GET', '/docs/assets/index.html'],
    ['POST', `/pedidos/${ID}/archivar`],
    ['GET', `/pedidos/${ID}/items/${OTRO_ID}/mas`],
  ])('%s %s is 404 RUTA_NO_ENCONTRADA, without Allow', async (metodo, ruta) => {
    const r = await entorno().api.pedir(metodo, ruta);
    esperarProblema(r, 404, 'RUTA_NO_ENCONTRADA');
    expect(r.headers.get('allow')).toBeNull();
  });

  test('HEAD of an unknown path is a 404 without Allow', async () => {
    const r = await fetch(`${entorno().servicio.url}/nada`, { method: 'HEAD' });
    expect(r.status).toBe(404);
    expect(r.headers.get('allow')).toBeNull();
  });
});
