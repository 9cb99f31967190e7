/**
 * What operations see of each request: its id, kept or made and echoed on
 * every answer; the one log line it leaves; and what never reaches a log line.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { conServicio, crearCliente, crearPedido, crearProducto, esperarProblema, type PedidoJson } from './apoyo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Linea = Record<string, unknown>;

describe('request ids and the log line of each request', () => {
  const entorno = conServicio(undefined);

  /** The log lines written from now on, parsed. */
  function desdeAhora(): () => Linea[] {
    const { lineas } = entorno();
    const desde = lineas.length;
    return () => lineas.slice(desde).map((l) => JSON.parse(l) as Linea);
  }

  /** The one `request` line of the request with this id. */
  function lineaDe(lineas: Linea[], id: string | null): Linea {
    const suyas = lineas.filter((l) => l.msg === 'request' && l.request_id === id);
    expect(suyas, `request lines with request_id ${id}`).toHaveLength(1);
    return suyas[0] as Linea;
  }

  /** Writes a row no request could have written: the domain refuses to load it, and `onError` answers 500. */
  async function clienteCorrupto(): Promise<{ id: string; borrar: () => Promise<unknown> }> {
    const { servicio } = entorno();
    const id = randomUUID();
    await servicio.baseDeDatos.sql`
      insert into clientes (id, nombre, email, creado_en, actualizado_en)
      values (${id}, 'Corrupto', ${`no-es-un-email-${id}`}, now(), now())`;
    return { id, borrar: () => servicio.baseDeDatos.sql`delete from clientes where id = ${id}` };
  }

  test('each request leaves one info line: time, request id, method, route template, path, status, duration, account', async () => {
    const { api } = entorno();
    const yo = (await api.get<{ id: string }>('/auth/yo')).body.id;
    const leidas = desdeAhora();
    const id = randomUUID();
    const r = await api.get(`/pedidos/${id}`);
    esperarProblema(r, 404, 'PEDIDO_NO_ENCONTRADO');
    const requestId = r.headers.get('x-request-id');
    expect(requestId).toMatch(UUID);
    const linea = lineaDe(leidas(), requestId);
    expect(linea).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: process.pid,
      hostname: expect.any(String),
      msg: 'request',
      request_id: requestId,
      method: 'GET',
      route: '/pedidos/:id',
      path: `/pedidos/${id}`,
      status: 404,
      duration_ms: expect.any(Number),
      account_id: yo,
    });
    expect(linea.duration_ms).toBeGreaterThanOrEqual(0);
    // Without a token, no account.
    const anonima = await entorno().anonimo.get('/productos');
    expect(lineaDe(leidas(), anonima.headers.get('x-request-id'))).toMatchObject({ account_id: null });
  });

  test('the route is the template of the route asked for, in every resource and whoever answered', async () => {
    const { api } = entorno();
    const leidas = desdeAhora();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 3 });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]);
    const confirmado = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
    const pagado = await api.patch(`/pedidos/${pedido.id}/pagar`, {
      importe_centavos: confirmado.body.total_centavos,
      referencia: `TRX-${randomUUID()}`,
    });
    expect(pagado.status).toBe(200);
    // Refused by the body limit, before any handler: still of its route.
    const grande = await api.post('/clientes', 'x'.repeat(1024 * 1024 + 1));
    expect(grande.status).toBe(413);
    const lineas = leidas();
    const ruta = (r: { headers: Headers }) => lineaDe(lineas, r.headers.get('x-request-id')).route;
    expect(ruta(confirmado)).toBe('/pedidos/:id/confirmar');
    expect(ruta(pagado)).toBe('/pedidos/:id/pagar');
    expect(ruta(grande)).toBe('/clientes');
    expect(lineaDe(lineas, pagado.headers.get('x-request-id'))).toMatchObject({ method: 'PATCH', status: 200 });
  });

  test('a path no route has is logged with route null, and a method the path does not take too', async () => {
    const { api } = entorno();
    const leidas = desdeAhora();
    const noHay = await api.get(`/nada/${randomUUID()}`);
    const metodo = await api.pedir('PUT', '/health');
    expect([noHay.status, metodo.status]).toEqual([404, 405]);
    const lineas = leidas();
    expect(lineaDe(lineas, noHay.headers.get('x-request-id'))).toMatchObject({ route: null, status: 404 });
    expect(lineaDe(lineas, metodo.headers.get('x-request-id'))).toMatchObject({
      route: null,
      method: 'PUT',
      path: '/health',
      status: 405,
    });
  });

  test('an incoming X-Request-Id of 1 to 200 visible ASCII characters is kept, echoed and logged', async () => {
    const { api } = entorno();
    const visibles = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    for (const id of ['a', visibles, 'x'.repeat(200), '"quoted"', `${visibles}${visibles}`.slice(0, 200)]) {
      const leidas = desdeAhora();
      const r = await api.get('/health', { 'x-request-id': id });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-request-id')).toBe(id);
      expect(lineaDe(leidas(), id)).toMatchObject({ route: '/health', status: 200 });
    }
  });

  test('an X-Request-Id that is empty, too long or has other characters is replaced by a new UUID', async () => {
    const { api } = entorno();
    const vistos = new Set<string>();
    for (const id of ['', 'x'.repeat(201), 'con espacio', 'tab\tdentro', 'acentuado-é', 'ñ']) {
      const leidas = desdeAhora();
      const r = await api.get('/health', { 'x-request-id': id });
      const dado = r.headers.get('x-request-id') ?? '';
      expect(dado, JSON.stringify(id)).toMatch(UUID);
      expect(lineaDe(leidas(), dado).status).toBe(200);
      vistos.add(dado);
    }
    // Without one, each request gets its own.
    const [a, b] = await Promise.all([api.get('/health'), api.get('/health')]);
    vistos.add(a.headers.get('x-request-id') ?? '').add(b.headers.get('x-request-id') ?? '');
    expect(vistos.size).toBe(8);
  });

  test('every kind of answer echoes the request id: 400, 404, 405, 413, 422 and 500 problems, a replay', async () => {
    const { api } = entorno();
    const cabeceras = (id: string) => ({ 'x-request-id': id });
    const pedidos: [number, () => Promise<{ status: number; headers: Headers }>][] = [
      [404, () => api.get('/nada', cabeceras('r-404'))],
      [405, () => api.pedir('DELETE', '/clientes', undefined, cabeceras('r-405'))],
      [413, () => api.post('/clientes', 'x'.repeat(1024 * 1024 + 1), cabeceras('r-413'))],
      [422, () => api.get('/pedidos/no-es-un-uuid', cabeceras('r-422'))],
      [400, () => api.post('/clientes', '{no es json', cabeceras('r-400'))],
    ];
    for (const [estado, pedir] of pedidos) {
      const r = await pedir();
      expect(r.status).toBe(estado);
      expect(r.headers.get('x-request-id')).toBe(`r-${estado}`);
    }

    const corrupto = await clienteCorrupto();
    const leidas = desdeAhora();
    const interno = await api.get(`/clientes/${corrupto.id}`, cabeceras('r-500')).finally(corrupto.borrar);
    esperarProblema(interno, 500, 'INTERNO');
    expect(interno.headers.get('x-request-id')).toBe('r-500');
    // The error line and the request line carry the same id.
    const lineas = leidas();
    expect(lineas.find((l) => l.level === 'error')).toMatchObject({ request_id: 'r-500', route: '/clientes/:id' });
    expect(lineaDe(lineas, 'r-500').status).toBe(500);

    // An idempotent replay is an answer rebuilt from what was kept: it has the id of its own request.
    const cliente = await crearCliente(api);
    const clave = { 'idempotency-key': randomUUID() };
    const primera = await api.post('/pedidos', { cliente_id: cliente.id }, { ...clave, 'x-request-id': 'r-primera' });
    const repetida = await api.post('/pedidos', { cliente_id: cliente.id }, { ...clave, 'x-request-id': 'r-repetida' });
    expect([primera.status, repetida.status]).toEqual([201, 201]);
    expect(repetida.headers.get('idempotency-replayed')).toBe('true');
    expect([primera.headers.get('x-request-id'), repetida.headers.get('x-request-id')]).toEqual([
      'r-primera',
      'r-repetida',
    ]);
  });

  test('answers to malformed HTTP carry a new request id too, and leave a line with it', async () => {
    const { servicio, api } = entorno();
    const leidas = desdeAhora();
    const { hostname, port } = new URL(servicio.url);
    const socket = connect({ port: Number(port), host: hostname });
    await once(socket, 'connect');
    let recibido = '';
    socket.setEncoding('utf8');
    socket.on('data', (trozo: string) => {
      recibido += trozo;
    });
    socket.write('HOLA MUNDO\r\n\r\n');
    await once(socket, 'end');
    socket.destroy();
    expect(recibido).toMatch(/^HTTP\/1\.1 400 /);
    const id = /\r\nX-Request-Id: ([^\r]+)\r\n/i.exec(recibido)?.[1];
    expect(id).toMatch(UUID);
    expect(leidas().find((l) => l.request_id === id)).toMatchObject({
      level: 'info',
      msg: 'malformed request',
      kind: 'PeticionMalformada',
    });

    const grandes = await api.get(`/clientes?nombre=${'x'.repeat(17 * 1024)}`);
    esperarProblema(grandes, 431, 'CABECERAS_DEMASIADO_GRANDES');
    expect(grandes.headers.get('x-request-id')).toMatch(UUID);
  });

  test('an Authorization header, a password and tokens in a body never reach the log', async () => {
    const { api, token } = entorno();
    const leidas = desdeAhora();
    const password = `contrasena-secreta-${randomUUID()}`;
    const accessToken = `access-secreto-${randomUUID()}`;
    const cabeceras = { authorization: `Bearer ${token}` };
    const cuerpo = { nombre: 'Ana', email: `a-${randomUUID()}@example.com`, password, access_token: accessToken };
    // Refused (unknown fields), answered, and failed in the handler (logged as an error): the three ways a request ends.
    esperarProblema(await api.post('/clientes', cuerpo, cabeceras), 422, 'VALIDACION');
    expect((await api.get('/health', cabeceras)).status).toBe(200);
    const corrupto = await clienteCorrupto();
    esperarProblema(await api.get(`/clientes/${corrupto.id}`, cabeceras).finally(corrupto.borrar), 500, 'INTERNO');
    const lineas = leidas();
    expect(lineas.filter((l) => l.msg === 'request')).toHaveLength(3);
    expect(lineas.filter((l) => l.level === 'error')).toHaveLength(1);
    const texto = JSON.stringify(lineas);
    for (const secreto of [token, password, accessToken]) expect(texto).not.toContain(secreto);
  });
});
