/**
 * The patch of @hono/node-server 2.1.8 (`patches/@hono__node-server@2.1.8.patch`,
 * decision 0032): the request's headers, listed whole (`c.req.header()`, which
 * the header validator of every route with headers asks for), are walked from
 * the raw headers Node parsed, without the `Headers` object the adapter would
 * otherwise build and fill. What they list must be exactly what that object
 * would: names lower-cased and sorted, the values of a repeated name joined
 * with ", ". Sent over a real socket, so that Node's own parser makes the raw
 * headers, and compared with undici's `Headers` given the same pairs.
 */
import { once } from 'node:events';
import { type AddressInfo, connect } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

/** Watches `Headers.prototype.append` (calling through): while the handler lists the headers, the object being built. */
const anadir = vi.spyOn(Headers.prototype, 'append');
const anadidas = () => anadir.mock.calls.length;

let servidor: ServerType;
let puerto: number;

beforeAll(async () => {
  const app = new Hono();
  app.get('/', (c) => {
    const antes = anadidas();
    const cabeceras = c.req.header();
    return c.json({ cabeceras, anadidas: anadidas() - antes });
  });
  servidor = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await once(servidor, 'listening');
  puerto = (servidor.address() as AddressInfo).port;
});

afterAll(async () => {
  anadir.mockRestore();
  await new Promise((resolver) => servidor.close(resolver));
});

/** Sends the header lines as written, on a connection of their own; the answer's body, parsed. */
async function enviar(lineas: readonly (readonly [string, string])[]): Promise<{
  cabeceras: Record<string, string>;
  anadidas: number;
}> {
  const socket = connect(puerto, '127.0.0.1');
  const trozos: Buffer[] = [];
  socket.on('data', (trozo: Buffer) => trozos.push(trozo));
  const cabeceras = lineas.map(([nombre, valor]) => `${nombre}: ${valor}\r\n`).join('');
  socket.write(`GET / HTTP/1.1\r\nHost: prueba\r\n${cabeceras}Connection: close\r\n\r\n`, 'latin1');
  await once(socket, 'close');
  const respuesta = Buffer.concat(trozos);
  expect(respuesta.toString('latin1').startsWith('HTTP/1.1 200')).toBe(true);
  const cuerpo = respuesta.subarray(respuesta.indexOf('\r\n\r\n') + 4).toString('utf8');
  return JSON.parse(cuerpo) as { cabeceras: Record<string, string>; anadidas: number };
}

/** What undici's `Headers` lists for the same lines, the request line's own headers included. */
function comoHeaders(lineas: readonly (readonly [string, string])[]): Record<string, string> {
  const esperadas = new Headers();
  esperadas.append('Host', 'prueba');
  for (const [nombre, valor] of lineas) esperadas.append(nombre, valor);
  esperadas.append('Connection', 'close');
  return Object.fromEntries(esperadas);
}

const nombre = fc
  .constantFrom('If-None-Match', 'Idempotency-Key', 'Accept', 'X-Request-Id', 'x-b', 'Zeta', 'authorization')
  .chain((n) =>
    fc
      .array(fc.boolean(), { minLength: n.length, maxLength: n.length })
      .map((mayusculas) =>
        [...n].map((letra, i) => (mayusculas[i] ? letra.toUpperCase() : letra.toLowerCase())).join(''),
      ),
  );
// Visible ASCII and Latin-1 with spaces and tabs inside and around: Node trims the ends, Headers too.
const valor = fc.stringMatching(/^[ \t]{0,2}[\x21-\x7e\xa0-\xff]([\x20-\x7e\t\xa0-\xff]{0,12}[\x21-\x7e])?[ \t]{0,2}$/);

describe('@hono/node-server, as patched', () => {
  test('the headers listed whole are those Headers would list, and no Headers is built for them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(nombre, valor), { maxLength: 8 }), async (lineas) => {
        const { cabeceras, anadidas: construidas } = await enviar(lineas);
        expect(cabeceras).toEqual(comoHeaders(lineas));
        expect(construidas).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  test('a Set-Cookie in a request is left to Headers, which lists each of its values apart', async () => {
    const lineas = [
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Accept', 'text/plain'],
    ] as const;
    const { cabeceras, anadidas: construidas } = await enviar(lineas);
    expect(cabeceras).toEqual(comoHeaders(lineas));
    expect(construidas).toBeGreaterThan(0);
  });
});
