/**
 * `/docs` in a real browser with no network: Chromium, driven by
 * playwright-core, may reach the service and nothing else, and the page must
 * still render every operation of the OpenAPI document without an error.
 *
 * The browser is the system's (`apt-get install chromium`), at CHROMIUM_PATH
 * or /usr/bin/chromium. Without it the suite is skipped with a warning, except
 * under CI, where it fails: CI must run it.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { crearRegistro } from '../src/registro.ts';
import { iniciarServicio, type Servicio } from '../src/servicio.ts';
import { administrador, conServicio, EN_CI, pedirFicha } from './apoyo.ts';

const RUTA_DE_CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAY_CHROMIUM = existsSync(RUTA_DE_CHROMIUM);
const COMO_ACTIVARLO = 'install it (`apt-get install chromium`) or set CHROMIUM_PATH to a Chromium executable';

if (!HAY_CHROMIUM && !EN_CI) {
  console.warn(
    `Skipped the browser test of /docs (packages/api/test/navegador.test.ts): no Chromium at ${RUTA_DE_CHROMIUM}; ${COMO_ACTIVARLO}.`,
  );
}

test.runIf(!HAY_CHROMIUM && EN_CI)('Chromium is there for the browser test of /docs, as CI requires', () => {
  throw new Error(`No Chromium at ${RUTA_DE_CHROMIUM}: ${COMO_ACTIVARLO}.`);
});

type Operacion = { readonly metodo: string; readonly ruta: string; readonly operationId: string; readonly tag: string };

const lanzar = () =>
  chromium.launch({
    executablePath: RUTA_DE_CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });

describe.skipIf(!HAY_CHROMIUM)('/docs in Chromium without a network', () => {
  const entorno = conServicio(undefined);
  let navegador: Browser | undefined;
  let contexto: BrowserContext | undefined;
  /** Every request the page made, by URL, and those that went to another origin (all refused). */
  let pedidas: string[] = [];
  let ajenas: string[] = [];
  /** Uncaught exceptions, console errors and failed requests of the page. */
  let errores: string[] = [];

  beforeAll(async () => {
    navegador = await lanzar();
  });

  afterAll(async () => {
    await navegador?.close();
  });

  beforeEach(async () => {
    if (navegador === undefined) throw new Error('Chromium did not start');
    const origen = new URL(entorno().servicio.url).origin;
    pedidas = [];
    ajenas = [];
    errores = [];
    contexto = await navegador.newContext();
    contexto.on('request', (peticion) => {
      if (!peticion.url().startsWith('data:')) pedidas.push(peticion.url());
    });
    // The only network there is: the service. Anything else is refused before it leaves the browser.
    await contexto.route('**/*', (ruta) => {
      const url = ruta.request().url();
      if (new URL(url).origin === origen) return ruta.continue();
      ajenas.push(url);
      return ruta.abort('blockedbyclient');
    });
    contexto.on('weberror', (error) => errores.push(`page error: ${String(error.error())}`));
    contexto.on('console', (mensaje) => {
      if (mensaje.type() === 'error') errores.push(`console error: ${mensaje.text()}`);
    });
    contexto.on('requestfailed', (peticion) =>
      errores.push(`request failed: ${peticion.url()} ${peticion.failure()?.errorText ?? ''}`),
    );
    contexto.on('response', (respuesta) => {
      if (respuesta.status() >= 400) errores.push(`${respuesta.status()} for ${respuesta.url()}`);
    });
  });

  afterEach(async () => {
    await contexto?.close();
  });

  async function operacionesDelDocumento(): Promise<Operacion[]> {
    const respuesta = await fetch(`${entorno().servicio.url}/openapi.json`);
    const documento = (await respuesta.json()) as {
      paths: Record<string, Record<string, { operationId: string; tags: string[] }>>;
    };
    return Object.entries(documento.paths).flatMap(([ruta, metodos]) =>
      Object.entries(metodos).map(([metodo, { operationId, tags }]) => ({
        metodo: metodo.toUpperCase(),
        ruta,
        operationId,
        tag: tags[0] ?? 'default',
      })),
    );
  }

  test('renders every operation of /openapi.json, asking nothing of another origin, without an error', async () => {
    if (contexto === undefined) throw new Error('no browser context');
    const { url } = entorno().servicio;
    const operaciones = await operacionesDelDocumento();
    expect(operaciones.length).toBeGreaterThan(0);

    const pagina = await contexto.newPage();
    await pagina.goto(`${url}/docs`);
    expect(ajenas, 'requests to another origin').toEqual([]);
    await pagina
      .locator('.opblock')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch((causa: unknown) => {
        throw new Error(`No operation was rendered; the page's errors: ${JSON.stringify(errores)}`, { cause: causa });
      });
    await expect.poll(() => pagina.locator('.opblock').count()).toBe(operaciones.length);
    await expect.poll(() => pagina.locator('.info .title').textContent()).toContain('Pedidos API');

    for (const { metodo, ruta, operationId, tag } of operaciones) {
      const bloque = pagina.locator(`#operations-${tag}-${operationId}`);
      expect(await bloque.count(), `${metodo} ${ruta} (${operationId}) is shown once`).toBe(1);
      expect(await bloque.locator('.opblock-summary-method').textContent()).toBe(metodo);
      expect(await bloque.locator('.opblock-summary-path').getAttribute('data-path')).toBe(ruta);
    }

    // The page did fetch what it needs, from the service.
    expect(pedidas).toEqual(
      expect.arrayContaining([
        `${url}/docs`,
        `${url}/docs/assets/swagger-ui.css`,
        `${url}/docs/assets/swagger-ui-bundle.js`,
        `${url}/openapi.json`,
      ]),
    );
    expect(ajenas).toEqual([]);
    expect(errores).toEqual([]);
  });

  test('/ takes the browser to /docs', async () => {
    if (contexto === undefined) throw new Error('no browser context');
    const { url } = entorno().servicio;
    const pagina = await contexto.newPage();
    // Up to the answer to the redirected request: the rendering is the test above's.
    const respuesta = await pagina.goto(`${url}/`, { waitUntil: 'commit' });
    expect(pagina.url()).toBe(`${url}/docs`);
    expect(respuesta?.status()).toBe(200);
    expect(respuesta?.request().redirectedFrom()?.url()).toBe(`${url}/`);
    expect(ajenas).toEqual([]);
  });
});

/** A server of one blank page on the loopback interface: an origin of its own, beside the service's. */
async function servirPagina(): Promise<{ servidor: Server; origen: string }> {
  const servidor = createServer((_peticion, respuesta) => {
    respuesta.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    respuesta.end('<!doctype html><title>Otra tienda</title>');
  });
  servidor.listen(0, '127.0.0.1');
  await once(servidor, 'listening');
  return { servidor, origen: `http://127.0.0.1:${(servidor.address() as AddressInfo).port}` };
}

describe.skipIf(!HAY_CHROMIUM)('CORS in Chromium, from pages of other origins', () => {
  let navegador: Browser | undefined;
  let servicio: Servicio | undefined;
  let token = '';
  let paginas: { servidor: Server; origen: string }[] = [];

  // The pages are on 127.0.0.1 and the service is asked as localhost: both on the loopback, and other origins.
  beforeAll(async () => {
    paginas = await Promise.all([servirPagina(), servirPagina()]);
    const personal = administrador();
    servicio = await iniciarServicio(
      {
        puerto: 0,
        host: '127.0.0.1',
        nivelDeRegistro: 'silent',
        origenesCors: [paginas[0]?.origen ?? ''],
        administrador: personal,
      },
      crearRegistro('silent'),
    );
    token = await pedirFicha(servicio.url, personal.email, personal.clave);
    navegador = await lanzar();
  });

  afterAll(async () => {
    await navegador?.close();
    await servicio?.detener();
    for (const { servidor } of paginas) servidor.close();
  });

  async function abrir(origen: string) {
    if (navegador === undefined) throw new Error('Chromium did not start');
    const contexto = await navegador.newContext();
    const pagina = await contexto.newPage();
    await pagina.goto(`${origen}/`);
    return { contexto, pagina };
  }

  test('a page of an allowed origin reads, revalidates (304) and creates, reading the headers it needs', async () => {
    const { contexto, pagina } = await abrir(paginas[0]?.origen ?? '');
    try {
      const resultado = await pagina.evaluate(
        async ({ base, clave, token }) => {
          // JSON, Authorization, Idempotency-Key and X-Request-Id are headers that need a preflight.
          const cabeceras = {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
            'Idempotency-Key': clave,
            'X-Request-Id': 'r-1',
          };
          const cuerpo = JSON.stringify({ nombre: 'Té', precio_centavos: 100 });
          const creado = await fetch(`${base}/productos`, { method: 'POST', headers: cabeceras, body: cuerpo });
          const otraVez = await fetch(`${base}/productos`, { method: 'POST', headers: cabeceras, body: cuerpo });
          const ruta = creado.headers.get('Location') ?? '';
          // If-None-Match is set by the page: the browser sends it as it is, and gives the page the 304.
          const leido = await fetch(`${base}${ruta}`, { headers: { 'If-None-Match': '"ninguna"' } });
          const etag = leido.headers.get('ETag') ?? '';
          const sinCambios = await fetch(`${base}${ruta}`, { headers: { 'If-None-Match': etag } });
          return {
            creado: creado.status,
            ruta,
            repetido: otraVez.headers.get('Idempotency-Replayed'),
            leido: leido.status,
            nombre: ((await leido.json()) as { nombre: string }).nombre,
            etag,
            sinCambios: sinCambios.status,
            etagSinCambios: sinCambios.headers.get('ETag'),
          };
        },
        { base: servicio?.url ?? '', clave: randomUUID(), token },
      );
      expect(resultado).toEqual({
        creado: 201,
        ruta: expect.stringMatching(/^\/productos\/[0-9a-f-]{36}$/),
        repetido: 'true',
        leido: 200,
        nombre: 'Té',
        etag: expect.stringMatching(/^"[\w-]+"$/),
        sinCambios: 304,
        etagSinCambios: resultado.etag,
      });
    } finally {
      await contexto.close();
    }
  });

  test('a page of another origin cannot read an answer: the browser refuses it', async () => {
    const { contexto, pagina } = await abrir(paginas[1]?.origen ?? '');
    try {
      const resultado = await pagina.evaluate(async (base) => {
        const leer = (peticion: Promise<Response>) =>
          peticion.then(
            (respuesta) => `read ${respuesta.status}`,
            (error: unknown) => (error instanceof Error ? error.name : String(error)),
          );
        return {
          simple: await leer(fetch(`${base}/health`)),
          conPreflight: await leer(
            fetch(`${base}/productos`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
          ),
        };
      }, servicio?.url ?? '');
      expect(resultado).toEqual({ simple: 'TypeError', conPreflight: 'TypeError' });
    } finally {
      await contexto.close();
    }
  });
});
