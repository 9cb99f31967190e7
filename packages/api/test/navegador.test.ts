/**
 * `/docs` in a real browser with no network: Chromium, driven by
 * playwright-core, may reach the service and nothing else, and the page must
 * still render every operation of the OpenAPI document without an error.
 *
 * The browser is the system's (`apt-get install chromium`), at CHROMIUM_PATH
 * or /usr/bin/chromium. Without it the suite is skipped with a warning, except
 * under CI, where it fails: CI must run it.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { conServicio } from './apoyo.ts';

const RUTA_DE_CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAY_CHROMIUM = existsSync(RUTA_DE_CHROMIUM);
const EN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());
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
    navegador = await chromium.launch({
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
