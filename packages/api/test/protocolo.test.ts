import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { textoOpenApi } from '../src/openapi.ts';
import { bases, conServicio, esperarProblema } from './apoyo.ts';

describe.each(bases())('HTTP protocol on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('GET /health and GET /ready answer 200 while the database answers', async () => {
    const { api } = entorno();
    expect(await api.get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.get('/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  test.each([
    ['POST', '/clientes', '{"nombre": "Ana",'],
    ['POST', '/productos', 'nombre=Ana'],
    ['PATCH', '/clientes/6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60', ''],
    ['POST', '/pedidos', "{'cliente_id': 1}"],
  ])('%s %s with an unparseable body is 400 JSON_INVALIDO', async (metodo, ruta, cuerpo) => {
    const { api } = entorno();
    esperarProblema(
      await api.pedir(metodo, ruta, cuerpo, { 'content-type': 'application/json' }),
      400,
      'JSON_INVALIDO',
    );
  });

  test('a JSON body is read as JSON whatever its Content-Type says', async () => {
    const { api } = entorno();
    const cuerpo = JSON.stringify({ nombre: 'Sin cabecera', precio_centavos: 1 });
    expect((await api.pedir('POST', '/productos', cuerpo, { 'content-type': 'text/plain' })).status).toBe(201);
    esperarProblema(await api.pedir('POST', '/productos', '{', { 'content-type': 'text/plain' }), 400, 'JSON_INVALIDO');
  });

  test('a JSON value that is not an object is 422 VALIDACION', async () => {
    const { api } = entorno();
    for (const cuerpo of ['[]', '"texto"', '42', 'null']) {
      const problema = esperarProblema(await api.pedir('POST', '/clientes', cuerpo), 422, 'VALIDACION');
      expect(problema.errores?.[0]?.campo).toBe('cuerpo');
    }
  });

  test.each([1, 16, 80])(
    'a body of %i MiB is 413 CUERPO_DEMASIADO_GRANDE, read by the client, and the service goes on',
    async (mib) => {
      const { api } = entorno();
      const enorme = JSON.stringify({ nombre: 'x'.repeat(mib * 1024 * 1024), email: 'a@example.com' });
      esperarProblema(await api.pedir('POST', '/clientes', enorme), 413, 'CUERPO_DEMASIADO_GRANDE');
      expect((await api.get('/health')).status).toBe(200);
    },
  );

  test.each([
    ['GET', '/docs/'],
    ['GET', '/nada'],
    ['GET', '/clientes/'],
    ['POST', '/pedidos/6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60/archivar'],
  ])('%s %s is 404 RUTA_NO_ENCONTRADA', async (metodo, ruta) => {
    const { api } = entorno();
    esperarProblema(await api.pedir(metodo, ruta), 404, 'RUTA_NO_ENCONTRADA');
  });

  test('GET /openapi.json is the OpenAPI 3.1 document, the same as docs/openapi.json', async () => {
    const { api } = entorno();
    const r = await api.get<{ openapi: string; paths: Record<string, Record<string, { responses: object }>> }>(
      '/openapi.json',
    );
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(JSON.stringify(r.body, null, 2).concat('\n')).toBe(textoOpenApi());
    const enDocs = await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');
    expect(enDocs, 'docs/openapi.json is stale: run `pnpm openapi`').toBe(textoOpenApi());
  });

  test('GET /docs is the Swagger UI reading /openapi.json', async () => {
    const { api } = entorno();
    const r = await api.get<string>('/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.body).toContain('SwaggerUIBundle');
    expect(r.body).toContain('/openapi.json');
  });
});

describe('the OpenAPI document', () => {
  const documento = JSON.parse(textoOpenApi()) as {
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  };
  const operaciones = Object.entries(documento.paths).flatMap(([ruta, metodos]) =>
    Object.entries(metodos).map(([metodo, operacion]) => ({ ruta, metodo, operacion })),
  );

  test('describes every endpoint of the contract', () => {
    expect(operaciones.map(({ metodo, ruta }) => `${metodo.toUpperCase()} ${ruta}`).sort()).toEqual(
      [
        'POST /clientes',
        'GET /clientes/{id}',
        'GET /clientes',
        'PATCH /clientes/{id}',
        'GET /clientes/{id}/pedidos',
        'GET /pedidos/{id}/historial',
        'POST /auth/registro',
        'POST /auth/token',
        'GET /auth/yo',
        'POST /productos',
        'GET /productos/{id}',
        'GET /productos',
        'PATCH /productos/{id}',
        'POST /pedidos',
        'GET /pedidos/{id}',
        'GET /pedidos',
        'POST /pedidos/{id}/items',
        'PATCH /pedidos/{id}/items',
        'DELETE /pedidos/{id}/items/{producto_id}',
        'PATCH /pedidos/{id}/confirmar',
        'PUT /pedidos/{id}/direccion-envio',
        'PATCH /pedidos/{id}/pagar',
        'PATCH /pedidos/{id}/enviar',
        'PATCH /pedidos/{id}/entregar',
        'PATCH /pedidos/{id}/cancelar',
        'POST /pagos/webhook',
        'GET /reportes/ventas',
        'GET /health',
        'GET /ready',
        'GET /metrics',
      ].sort(),
    );
  });

  test('gives every operation an operationId, and every business endpoint 422, 500 and 503', () => {
    for (const { ruta, operacion } of operaciones) {
      expect(operacion.operationId).toEqual(expect.any(String));
      if (ruta === '/health' || ruta === '/ready' || ruta === '/metrics') continue;
      expect(Object.keys(operacion.responses)).toEqual(expect.arrayContaining(['422', '500', '503']));
    }
  });
});
