/**
 * Request bodies: their size limit, reading as JSON whatever the Content-Type,
 * and reading to its end a body no route read, so that the connection stays
 * usable for the next request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { responderProblema } from '../problemas.ts';

/** The one route whose body may also be a form. */
const RUTA_CON_FORMULARIO = '/auth/token';

/** Bodies above this size are refused with 413. */
export const LIMITE_DE_CUERPO = 1024 * 1024;
/** How much of a refused body is read and discarded so that its sender can read the 413. */
const LIMITE_DE_DESCARTE = 64 * 1024 * 1024;

/** Reads a body to its end, discarding it; false if it is longer than `maximo` or cannot be read. */
async function descartarCuerpo(peticion: Request, maximo: number): Promise<boolean> {
  if (peticion.body === null) return true;
  if (peticion.bodyUsed || peticion.body.locked) return false;
  const lector = peticion.body.getReader();
  let leidos = 0;
  try {
    for (;;) {
      const { done, value } = await lector.read();
      if (done) return true;
      leidos += value.byteLength;
      if (leidos > maximo) {
        await lector.cancel();
        return false;
      }
    }
  } catch {
    return false;
  }
}

/**
 * Whether the request has a body, from its headers alone (RFC 9112, section
 * 6.3). Asking `c.req.raw.body` would build a whole `Request` and its
 * stream, which the Node adapter otherwise spares most requests, with a body
 * or without.
 */
export function traeCuerpo(c: Context): boolean {
  const largo = c.req.header('content-length');
  return c.req.header('transfer-encoding') !== undefined || (largo !== undefined && largo !== '0');
}

/** The 413 of a body over the limit. */
async function demasiadoGrande(c: Context): Promise<Response> {
  // A client still sending its body would not read an answer sent before the
  // body ends: a body of known length is read and thrown away, up to a bound,
  // and beyond it, or when it is chunked (the limit has then already taken
  // its reader), the connection is closed after the answer.
  if (!(await descartarCuerpo(c.req.raw, LIMITE_DE_DESCARTE))) c.header('Connection', 'close');
  return responderProblema(c, { kind: 'CuerpoDemasiadoGrande', limite: LIMITE_DE_CUERPO });
}

const limiteDeCuerpo = bodyLimit({ maxSize: LIMITE_DE_CUERPO, onError: demasiadoGrande });

/**
 * Refuses a body over `LIMITE_DE_CUERPO` with 413, where there is a body. One
 * of declared length is judged by its Content-Length, as hono's limit judges
 * it, since Node's parser holds the body to that length; asking hono's limit
 * would have it look at `c.req.raw.body`, which builds the whole `Request` and
 * its stream, where the route then reads the body straight from Node's
 * request. Only a chunked body goes through hono's limit, which counts it as
 * it comes. A GET or HEAD has no body to a `Request`, and none is limited.
 */
export const limitarCuerpo: MiddlewareHandler = (c, next) => {
  if (!traeCuerpo(c) || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  if (c.req.header('transfer-encoding') !== undefined) return limiteDeCuerpo(c, next);
  return Number.parseInt(c.req.header('content-length') ?? '0', 10) > LIMITE_DE_CUERPO ? demasiadoGrande(c) : next();
};

/**
 * Reads to its end a body that the route left unread (sent to a route that
 * takes none, or refused before it was looked at), so that the connection is
 * ready for the next request when the answer goes out. Left unread, the
 * server drains it after the answer but closes the connection if that takes
 * over 500 ms, which on a busy process cuts keep-alive connections under
 * clients that are about to reuse them.
 */
export const leerCuerpoSobrante: MiddlewareHandler = async (c, next) => {
  await next();
  // `bodyUsed` first: it is true of a body the route read straight from Node's request, which asking for `body`
  // would wrap in a `Request` for nothing.
  if (!traeCuerpo(c) || c.req.raw.bodyUsed) return;
  const { body } = c.req.raw;
  if (body === null || body.locked) return;
  if (!(await descartarCuerpo(c.req.raw, LIMITE_DE_CUERPO))) c.header('Connection', 'close');
};

/**
 * Every body is read as JSON whatever its Content-Type says, so that a client
 * that forgets the header gets the same answer as one that sends it. A POST or
 * PATCH or PUT without a body is read too, as an empty one: `400 JSON_INVALIDO`,
 * but where the route's body is optional (see `cuerpoOpcional`).
 *
 * The header is changed in the request's own headers, which are mutable (a
 * `Request`'s guard is "request", and the Node adapter's lightweight headers
 * take `set` and `delete`): building a new `Request` for it cost every POST and
 * bodiless PATCH without the header two `Request`s, the adapter's and the copy.
 */
export const cuerpoComoJson: MiddlewareHandler = async (c, next) => {
  const tipo = c.req.header('content-type');
  const esJson = tipo !== undefined && /^application\/([\w.-]+\+)?json\b/i.test(tipo);
  // The one form the API reads: the OAuth 2.0 password grant of `POST /auth/token`.
  if (tipo !== undefined && c.req.path === RUTA_CON_FORMULARIO && /^application\/x-www-form-urlencoded\b/i.test(tipo)) {
    return next();
  }
  const admiteCuerpo = c.req.method === 'POST' || c.req.method === 'PATCH' || c.req.method === 'PUT';
  if (!esJson && (admiteCuerpo || traeCuerpo(c) || tipo !== undefined))
    c.req.raw.headers.set('content-type', 'application/json');
  await next();
};

/**
 * For a route whose body is optional: a request without one is read as if its
 * body were `{}`, whatever its Content-Type says. A body that is there is read
 * and checked as any other.
 */
export const cuerpoOpcional: MiddlewareHandler = async (c, next) => {
  if (!traeCuerpo(c) && c.req.header('content-type') !== undefined) c.req.raw.headers.delete('content-type');
  await next();
};
