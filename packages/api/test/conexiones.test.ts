/**
 * What the service does at the level of the connection, written byte by byte
 * on a TCP socket: requests that are not HTTP, headers too large, and a body
 * that the route does not read.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { bases, conServicio, esperarProblema, hasta } from './apoyo.ts';

/** A socket to the service and the text it has received so far. */
async function conectar(url: string, allowHalfOpen = false): Promise<{ socket: Socket; recibido: () => string }> {
  const { hostname, port } = new URL(url);
  const socket = connect({ port: Number(port), host: hostname, allowHalfOpen });
  await once(socket, 'connect');
  let texto = '';
  socket.setEncoding('utf8');
  socket.on('data', (trozo: string) => {
    texto += trozo;
  });
  return { socket, recibido: () => texto };
}

/** Waits until what was received holds `condicion`, for at most 5 s. */
const recibe = (recibido: () => string, condicion: (texto: string) => boolean) =>
  hasta(() => condicion(recibido()), { plazoMs: 5000, cadaMs: 10, describir: () => `received:\n${recibido()}` });

/** The responses in a received text: status, headers in lower case, body, by Content-Length. */
function respuestas(texto: string) {
  const leidas: { status: number; headers: Map<string, string>; body: string }[] = [];
  let resto = texto;
  while (resto.length > 0) {
    const fin = resto.indexOf('\r\n\r\n');
    if (fin < 0) break;
    const [linea = '', ...cabeceras] = resto.slice(0, fin).split('\r\n');
    const headers = new Map(
      cabeceras.map((c) => [c.slice(0, c.indexOf(':')).toLowerCase(), c.slice(c.indexOf(':') + 1).trim()]),
    );
    const largo = Number(headers.get('content-length') ?? 0);
    const cuerpo = Buffer.from(resto.slice(fin + 4));
    leidas.push({ status: Number(linea.split(' ')[1]), headers, body: cuerpo.subarray(0, largo).toString() });
    resto = cuerpo.subarray(largo).toString();
  }
  return leidas;
}

const completa = (texto: string, n: number) => {
  const r = respuestas(texto);
  return r.length >= n && r.every((x) => Buffer.byteLength(x.body) === Number(x.headers.get('content-length')));
};

describe.each(bases())('connections on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('bytes that are not HTTP/1.1 get a 400 PETICION_MALFORMADA problem, and the connection is closed', async () => {
    const { socket, recibido } = await conectar(entorno().servicio.url);
    socket.write('HOLA MUNDO\r\n\r\n');
    await once(socket, 'end');
    const [respuesta] = respuestas(recibido());
    expect(respuesta?.status).toBe(400);
    expect(respuesta?.headers.get('content-type')).toBe('application/problem+json');
    expect(respuesta?.headers.get('connection')).toBe('close');
    expect(JSON.parse(respuesta?.body ?? '')).toMatchObject({ status: 400, code: 'PETICION_MALFORMADA' });
    socket.destroy();
  });

  test('the service closes its side of a malformed connection even when the client keeps its own open', async () => {
    const { socket } = await conectar(entorno().servicio.url, true);
    socket.on('error', () => {});
    socket.write('HOLA MUNDO\r\n\r\n');
    await once(socket, 'end');
    // A socket the service has closed answers more bytes with a reset; one left half-open would take them.
    // Not `once`, which would reject on the EPIPE or ECONNRESET that the reset brings.
    const cerrado = new Promise((resolver) => socket.once('close', resolver));
    socket.write('x');
    const otra = setTimeout(() => socket.destroyed || socket.write('y'), 100);
    const plazo = new Promise((_, rechazar) => setTimeout(() => rechazar(new Error('still open after 2 s')), 2000));
    await Promise.race([cerrado, plazo]);
    clearTimeout(otra);
  });

  test('a POST without a body, or with an empty one, is 400 JSON_INVALIDO whatever its headers', async () => {
    const { socket, recibido } = await conectar(entorno().servicio.url);
    const inicio = `POST /clientes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${entorno().token}\r\n`;
    socket.write(`${inicio}\r\n`);
    socket.write(`${inicio}Content-Length: 0\r\n\r\n`);
    socket.write(`${inicio}Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n`);
    socket.write(`${inicio}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
    await recibe(recibido, (t) => completa(t, 4));
    for (const respuesta of respuestas(recibido())) {
      expect(respuesta.status).toBe(400);
      expect(JSON.parse(respuesta.body)).toMatchObject({ code: 'JSON_INVALIDO' });
    }
    socket.destroy();
  });

  test('a request line and headers over 16 KiB get a 431 CABECERAS_DEMASIADO_GRANDES problem', async () => {
    const { api } = entorno();
    const respuesta = await api.pedir('GET', `/clientes?nombre=${'x'.repeat(17 * 1024)}`);
    esperarProblema(respuesta, 431, 'CABECERAS_DEMASIADO_GRANDES');
    // Just under the limit, the same request reaches the application.
    esperarProblema(await api.pedir('GET', `/clientes?nombre=${'x'.repeat(15 * 1024)}`), 422, 'VALIDACION');
  });

  test('a body the route does not read is read before the answer, and the connection serves the next request', async () => {
    // Left to the server, an unread body is drained after the answer, and the
    // connection cut if that takes over 500 ms: on a busy process, under a
    // client that already sends its next request on it.
    const { socket, recibido } = await conectar(entorno().servicio.url);
    const cuerpo = '{"sobra": true}';
    socket.write(
      `PATCH /pedidos/6a1b3f7e-52a4-4d6c-8f0e-1b2c3d4e5f60/confirmar HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${entorno().token}\r\nContent-Length: ${cuerpo.length}\r\n\r\n${cuerpo.slice(0, 5)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(recibido()).toBe('');
    socket.write(cuerpo.slice(5));
    await recibe(recibido, (t) => completa(t, 1));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await recibe(recibido, (t) => completa(t, 2));
    const [primera, segunda] = respuestas(recibido());
    expect(primera?.status).toBe(404);
    expect(JSON.parse(primera?.body ?? '')).toMatchObject({ code: 'PEDIDO_NO_ENCONTRADO' });
    expect(primera?.headers.get('connection')).toBe('keep-alive');
    expect(segunda?.status).toBe(200);
    socket.destroy();
  });
});
