/**
 * The headers of every answer, whatever route gave it: the security headers
 * (through `hono/secure-headers`) and a Cache-Control for the answers that
 * do not set their own.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

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

const C = CABECERAS_DE_SEGURIDAD;

const seguridad = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: C['Cross-Origin-Opener-Policy'],
  crossOriginResourcePolicy: C['Cross-Origin-Resource-Policy'],
  originAgentCluster: C['Origin-Agent-Cluster'],
  referrerPolicy: C['Referrer-Policy'],
  strictTransportSecurity: false,
  xContentTypeOptions: C['X-Content-Type-Options'],
  xDnsPrefetchControl: C['X-DNS-Prefetch-Control'],
  xDownloadOptions: C['X-Download-Options'],
  xFrameOptions: C['X-Frame-Options'],
  xPermittedCrossDomainPolicies: C['X-Permitted-Cross-Domain-Policies'],
  xXssProtection: C['X-XSS-Protection'],
  // A header the route set itself (the CSP of /docs) is kept.
  overwrite: false,
});

/** The security headers and the default Cache-Control, on every answer of the routes and middleware inside it. */
export const cabecerasDeRespuesta: MiddlewareHandler = async (c, next) => {
  await seguridad(c, next);
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', CACHE_POR_OMISION);
};
