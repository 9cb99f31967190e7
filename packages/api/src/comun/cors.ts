/**
 * Cross-origin requests (CORS), allowed only from the origins of
 * `CORS_ORIGENES`, through `hono/cors`. Without origins there is no
 * middleware at all, and no answer carries a CORS header.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { cabecerasDe } from './cabeceras.ts';

/** Every method of the API's routes; OPTIONS is the preflight's own. */
export const METODOS_CORS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The request headers a page of another origin may send, beside those CORS always allows. */
export const CABECERAS_CORS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'X-Request-Id',
] as const;

/** The answer's headers such a page may read, beside the few CORS always shows (Content-Type and the like). */
export const CABECERAS_EXPUESTAS = [
  'Allow',
  'ETag',
  'Idempotency-Replayed',
  'Location',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
  'WWW-Authenticate',
  'X-Request-Id',
] as const;

/** How long a browser may keep a preflight's answer, in seconds. */
export const VIDA_DE_PREFLIGHT = 600;

/**
 * The CORS middleware for these origins (exact `scheme://host[:port]`, as
 * browsers send `Origin`), or `undefined` for none.
 *
 * - A request from an allowed origin gets `Access-Control-Allow-Origin` with
 *   that origin and `Access-Control-Expose-Headers`; its preflight (OPTIONS
 *   with `Access-Control-Request-Method`) is a 204 with the methods, headers
 *   and max age above, answered before anything else, a token included: a
 *   browser never sends credentials with a preflight.
 * - Any other request gets no CORS header, and goes on as if there were no
 *   CORS: an OPTIONS from elsewhere, or one that is not a preflight, is the
 *   405 with `Allow` of any method a path does not take.
 * - No credentials (`Access-Control-Allow-Credentials`): the API takes a
 *   bearer token in `Authorization`, which a page sends itself; there are no
 *   cookies to send.
 * - Every answer says `Vary: Origin`, allowed or not, so that a cache never
 *   gives an answer made for one origin to another.
 */
export function permitirOrigenes(origenes: readonly string[]): MiddlewareHandler | undefined {
  if (origenes.length === 0) return undefined;
  const permitidos = new Set(origenes);
  const conCors = cors({
    origin: (origen) => (permitidos.has(origen) ? origen : null),
    allowMethods: [...METODOS_CORS],
    allowHeaders: [...CABECERAS_CORS],
    exposeHeaders: [...CABECERAS_EXPUESTAS],
    maxAge: VIDA_DE_PREFLIGHT,
  });
  return async (c, next) => {
    const origen = c.req.header('origin');
    const esPreflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    // hono/cors answers every OPTIONS as a preflight: only an allowed origin's preflight is one here.
    if (origen !== undefined && permitidos.has(origen) && (esPreflight || c.req.method !== 'OPTIONS')) {
      return conCors(c, next);
    }
    cabecerasDe(c).vary = 'Origin';
    await next();
  };
}
