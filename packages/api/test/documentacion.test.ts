/**
 * `/docs` over HTTP: the page and every asset it names come from the service
 * itself, with their types and caching headers. navegador.test.ts renders it
 * in a browser.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { RECURSOS_DE_DOCS } from '../src/documentacion.ts';
import { conServicio, esperarProblema } from './apoyo.ts';

const requerir = createRequire(import.meta.url);

describe('the documentation over HTTP', () => {
  const entorno = conServicio(undefined);

  test('GET / is a 302 to /docs', async () => {
    const r = await fetch(`${entorno().servicio.url}/`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/docs');
  });

  test('/docs names only assets of its own origin, and forbids any other in its Content-Security-Policy', async () => {
    const { api } = entorno();
    const r = await api.get<string>('/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    const politica = r.headers.get('content-security-policy') ?? '';
    expect(politica).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(politica).not.toMatch(/https?:|\*/);

    const enlaces = Array.from(r.body.matchAll(/(?:src|href)="([^"]*)"/g), (m) => m[1] ?? '');
    expect(enlaces).toEqual(
      expect.arrayContaining(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js']),
    );
    for (const enlace of enlaces) {
      expect(enlace, 'a path of the service, not another origin').toMatch(/^\/docs\/assets\/[\w.-]+$/);
      expect((await api.get(enlace)).status, enlace).toBe(200);
    }
    expect(r.body).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
  });

  test.each([
    ['swagger-ui.css', /^text\/css; charset=utf-8$/],
    ['swagger-ui-bundle.js', /^text\/javascript; charset=utf-8$/],
    ['favicon-32x32.png', /^image\/png$/],
    ['swagger-ui-bundle.js.map', /^application\/json; charset=utf-8$/],
  ])('/docs/assets/%s is the installed file, typed, cacheable and revalidated with its ETag', async (nombre, tipo) => {
    const url = `${entorno().servicio.url}/docs/assets/${nombre}`;
    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(tipo);
    expect(r.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const instalado = await readFile(requerir.resolve(`swagger-ui-dist/${nombre}`));
    expect(Buffer.from(await r.arrayBuffer()).equals(instalado)).toBe(true);

    const etag = r.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const otraVez = await fetch(url, { headers: { 'if-none-match': `W/"otro", ${etag}` } });
    expect(otraVez.status).toBe(304);
    expect(otraVez.headers.get('etag')).toBe(etag);
    expect(await otraVez.text()).toBe('');
    expect((await fetch(url, { headers: { 'if-none-match': '"otro"' } })).status).toBe(200);
  });

  test('every asset served is a file of swagger-ui-dist, and nothing else is under /docs/assets', async () => {
    const { api } = entorno();
    for (const nombre of RECURSOS_DE_DOCS) expect((await api.get(`/docs/assets/${nombre}`)).status, nombre).toBe(200);
    for (const ruta of ['/docs/assets/index.html', '/docs/assets/package.json', '/docs/assets/..%2Fpackage.json']) {
      esperarProblema(await api.get(ruta), 404, 'RUTA_NO_ENCONTRADA');
    }
  });
});
