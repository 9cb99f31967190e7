/**
 * The headers of every answer, whatever route gave it: the security headers,
 * a Cache-Control for the answers that do not set their own, and those the
 * middleware adds, all put in one plain object before the route runs.
 */
import type { Context } from 'hono';

/**
 * The security headers, by name, as every answer carries them. An answer
 * that sets one of them itself keeps its own: /docs has a
 * Content-Security-Policy that lets Swagger UI run.
 *
 * - The Content-Security-Policy of a JSON answer allows nothing: were one ever
 *   rendered as a page, it could load nothing and be framed by no one.
 * - No `Strict-Transport-Security`: the service speaks plain HTTP and TLS ends
 *   in front of it, and RFC 6797 (section 7.2) forbids the header over a
 *   non-secure transport. The TLS terminator sends it (decision 0018).
 */
export const CABECERAS_DE_SEGURIDAD = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
} as const;

/**
 * What a response that says nothing of caching gets: no cache may keep it.
 * Lists, creations, problems and the operations' answers are not to be
 * reused; the reads that can be (`GET /pedidos/{id}` and the like) say so
 * themselves, with an `ETag` to revalidate them.
 */
export const CACHE_POR_OMISION = 'no-store';

/**
 * The headers the middleware adds to every answer, as they are known before
 * the route runs: these defaults, then the request's id (`observar`),
 * `Vary: Origin` (CORS) and the limit's `RateLimit-Policy` and `RateLimit`.
 * Names in lower case, as HTTP/1.1 sends them here.
 */
type Cabeceras = Record<string, string>;
type ConCabeceras = { Variables: { cabeceras?: Cabeceras } };

const POR_OMISION: Cabeceras = Object.fromEntries(
  Object.entries({ ...CABECERAS_DE_SEGURIDAD, 'Cache-Control': CACHE_POR_OMISION }).map(([n, v]) => [
    n.toLowerCase(),
    v,
  ]),
);

/** Headers that the middleware adds to a route's own, rather than leave to it: each names one thing more. */
const QUE_SE_SUMAN = new Set(['vary', 'ratelimit-policy', 'ratelimit']);

/** The middleware's headers of this request, to add to (`cabecerasDe(c)['vary'] = 'Origin'`) before `next()`. */
export function cabecerasDe(c: Context): Cabeceras {
  const contexto = c as unknown as Context<ConCabeceras>;
  let cabeceras = contexto.get('cabeceras');
  if (cabeceras === undefined) {
    cabeceras = { ...POR_OMISION };
    contexto.set('cabeceras', cabeceras);
  }
  return cabeceras;
}

/** What `responder` made an answer of: its body as text and every header, by lower-case name. */
export type Hechura = { readonly cuerpo: string | null; readonly cabeceras: Readonly<Cabeceras> };

/** The answers `responder` made, with every header already in them. */
const completas = new WeakMap<Response, Hechura>();

/** Whether `respuesta` is one that `responder` made, as it made it. */
export const hechaConCabeceras = (respuesta: Response): boolean => completas.has(respuesta);

/** What `responder` made `respuesta` of, read without turning its headers into `Headers` or its body into a stream. */
export const hechuraDe = (respuesta: Response): Hechura | undefined => completas.get(respuesta);

/**
 * An answer with the route's own headers and the middleware's, in one plain
 * object: `@hono/node-server` writes it to the socket as it is, where a
 * `Headers` object (what `c.body` makes for more than one header, and what
 * setting a header on an answer once made turns it into) is checked and
 * copied name by name, a tenth of the CPU of a read (performance.md). A route's
 * own header wins, but for those that add up (`Vary`, the limit's).
 */
export function responder(c: Context, cuerpo: string | null, estado: number, propias: Cabeceras): Response {
  const cabeceras = { ...cabecerasDe(c) };
  for (const [nombre, valor] of Object.entries(propias)) {
    const clave = nombre.toLowerCase();
    const delMedio = cabeceras[clave];
    cabeceras[clave] = delMedio !== undefined && QUE_SE_SUMAN.has(clave) ? `${valor}, ${delMedio}` : valor;
  }
  const respuesta = new Response(cuerpo, { status: estado, headers: cabeceras });
  completas.set(respuesta, { cuerpo, cabeceras });
  return respuesta;
}

/**
 * After the route: the middleware's headers on an answer that `responder`
 * did not make (a problem, `/docs`, a preflight, an answer replayed for an
 * idempotency key), where the route's own header of the same name is kept.
 */
export function completarCabeceras(c: Context): void {
  if (hechaConCabeceras(c.res)) return;
  const { headers } = c.res;
  for (const [nombre, valor] of Object.entries(cabecerasDe(c))) {
    if (!QUE_SE_SUMAN.has(nombre)) {
      if (!headers.has(nombre)) headers.set(nombre, valor);
    } else if (!(headers.get(nombre)?.split(', ').includes(valor) ?? false)) {
      // Not twice: an answer remade from a complete one (`c.header` after it was made) has them already.
      headers.append(nombre, valor);
    }
  }
}
