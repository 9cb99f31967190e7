/**
 * The human-readable documentation: Swagger UI at `/docs`, reading
 * `/openapi.json`, with its scripts, styles and icon served by the service
 * itself from the installed `swagger-ui-dist` package. Nothing is loaded from
 * another origin, so the page works without a network, and the version shown
 * is the one pinned in package.json, not whatever a CDN serves that day.
 *
 * None of these routes is part of API v1, so none is in the OpenAPI document.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { coincide, etiquetaDeContenido, leerIfNoneMatch } from './comun/if-none-match.ts';

/** Each file served under `/docs/assets/`, with its Content-Type. */
const RECURSOS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui.css.map': 'application/json; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-bundle.js.map': 'application/json; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
} as const;

export type Recurso = keyof typeof RECURSOS;
export const RECURSOS_DE_DOCS: readonly Recurso[] = Object.keys(RECURSOS) as Recurso[];

/**
 * The URLs of the assets do not carry the package's version, so a browser may
 * keep them for a day and then revalidates them with their ETag (a 304 when
 * nothing changed). The page itself is revalidated on every load, so it never
 * points at assets older than the service.
 */
const CACHE_DE_RECURSOS = 'public, max-age=86400';
const CACHE_DE_PAGINA = 'no-cache';

const requerir = createRequire(import.meta.url);

type Cargado = { readonly contenido: Uint8Array<ArrayBuffer>; readonly etag: string };

/** The assets are read from disk once, when first asked for: most processes never serve them. */
const cargados = new Map<Recurso, Promise<Cargado>>();

function cargar(recurso: Recurso): Promise<Cargado> {
  let cargado = cargados.get(recurso);
  if (cargado === undefined) {
    cargado = readFile(requerir.resolve(`swagger-ui-dist/${recurso}`)).then((datos) => ({
      contenido: new Uint8Array(datos),
      etag: etiquetaDeContenido(datos),
    }));
    // A failed read is not kept: the next request tries again.
    cargado.catch(() => cargados.delete(recurso));
    cargados.set(recurso, cargado);
  }
  return cargado;
}

/** The script that starts Swagger UI: inline, and allowed by the page's Content-Security-Policy through its hash. */
const INICIO = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});`;

const PAGINA = `<!doctype html>
<html lang="es">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pedidos API</title>
    <link rel="icon" type="image/png" sizes="32x32" href="/docs/assets/favicon-32x32.png" />
    <link rel="icon" type="image/png" sizes="16x16" href="/docs/assets/favicon-16x16.png" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script>${INICIO}</script>
  </body>
</html>
`;

/**
 * Only this origin, for everything: a page that tried to load from elsewhere
 * would be refused by the browser, not just by the absence of a network.
 * Swagger UI sets inline styles and shows images as data: URLs.
 */
const POLITICA = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${createHash('sha256').update(INICIO).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function documentar(app: OpenAPIHono): void {
  // 302, not 308: the root only points at the documentation for now; a
  // permanent redirect would be kept by browsers, which would go on sending
  // `/` to `/docs` if the root ever served something else.
  app.get('/', (c) => c.redirect('/docs', 302));

  app.get('/docs', (c) =>
    c.html(PAGINA, 200, {
      'Cache-Control': CACHE_DE_PAGINA,
      'Content-Security-Policy': POLITICA,
      'X-Content-Type-Options': 'nosniff',
    }),
  );

  // One route per file, not a pattern: any other path under /docs/assets is
  // 404, like any path the service does not have.
  for (const recurso of RECURSOS_DE_DOCS) {
    app.get(`/docs/assets/${recurso}`, async (c) => {
      const { contenido, etag } = await cargar(recurso);
      const cabeceras = { ETag: etag, 'Cache-Control': CACHE_DE_RECURSOS, 'X-Content-Type-Options': 'nosniff' };
      // Not an API v1 route: an If-None-Match that is not a list of entity tags is ignored, not a 422.
      const siNoCoincide = c.req.header('if-none-match');
      if (siNoCoincide !== undefined && coincide(leerIfNoneMatch(siNoCoincide), etag)) {
        return c.body(null, 304, cabeceras);
      }
      return c.body(contenido, 200, { ...cabeceras, 'Content-Type': RECURSOS[recurso] });
    });
  }
}
