/** `GET /metrics`: who may read it, and what it counts. */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PedidoJson,
  registrarse,
} from './apoyo.ts';

const TOKEN = `metricas-${randomUUID()}`;
const OTRO_TOKEN = `otras-metricas-${randomUUID()}`;

/**
 * The value of the sample `nombre` whose labels are exactly `etiquetas`, in a
 * text of Prometheus's format; undefined when there is none.
 */
function muestra(texto: string, nombre: string, etiquetas: Record<string, string> = {}): number | undefined {
  for (const linea of texto.split('\n')) {
    const partes = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(linea);
    if (partes === null || partes[1] !== nombre) continue;
    const dadas = Object.fromEntries(
      [...(partes[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, clave, valor]) => [clave, valor]),
    );
    const iguales =
      Object.keys(dadas).length === Object.keys(etiquetas).length &&
      Object.entries(etiquetas).every(([clave, valor]) => dadas[clave] === valor);
    if (iguales) return Number(partes[3]);
  }
  return undefined;
}

/** Every value a label takes in the samples of `nombre`. */
function valoresDe(texto: string, nombre: string, etiqueta: string): Set<string> {
  const valores = new Set<string>();
  for (const linea of texto.split('\n')) {
    if (!linea.startsWith(`${nombre}{`) && !linea.startsWith(`${nombre}_`)) continue;
    const valor = new RegExp(`[{,]${etiqueta}="((?:[^"\\\\]|\\\\.)*)"`).exec(linea)?.[1];
    if (valor !== undefined) valores.add(valor);
  }
  return valores;
}

async function metricas(api: Cliente, token = TOKEN): Promise<string> {
  const r = await api.get<string>('/metrics', { authorization: `Bearer ${token}` });
  expect(r.status).toBe(200);
  return r.body;
}

const DURACION = 'http_request_duration_seconds';

describe('GET /metrics with METRICS_TOKEN set', () => {
  const entorno = conServicio(undefined, { tokenDeMetricas: TOKEN });
  const otro = conServicio(undefined, { tokenDeMetricas: OTRO_TOKEN });

  test('without a token it is 401 NO_AUTENTICADO with WWW-Authenticate: Bearer', async () => {
    const r = await entorno().anonimo.get('/metrics');
    esperarProblema(r, 401, 'NO_AUTENTICADO');
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="pedidos"');
    expect(r.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  test('a token that is not METRICS_TOKEN is 401 NO_AUTENTICADO, saying the token is refused', async () => {
    const { api } = entorno();
    for (const authorization of [
      `Bearer ${OTRO_TOKEN}`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer x${TOKEN}`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer',
    ]) {
      const r = await api.get('/metrics', { authorization });
      esperarProblema(r, 401, 'NO_AUTENTICADO');
      expect(r.headers.get('www-authenticate'), authorization).toBe('Bearer realm="pedidos", error="invalid_token"');
    }
  });

  test('METRICS_TOKEN reads the metrics in the text format, whatever the case of the scheme; GET only', async () => {
    const { api } = entorno();
    for (const esquema of ['Bearer', 'bearer', 'BEARER']) {
      const r = await api.get<string>('/metrics', { authorization: `${esquema} ${TOKEN}` });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.body).toMatch(/^# HELP /);
      expect(r.body).toContain(`# TYPE ${DURACION} histogram`);
    }
    // The token opens the metrics, not another method on their path: there it is no account's token.
    const r = await api.pedir('POST', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
    esperarProblema(r, 401, 'NO_AUTENTICADO');
    // With an account's token, the path says which methods it takes.
    const otro = await api.pedir('POST', '/metrics');
    esperarProblema(otro, 405, 'METODO_NO_PERMITIDO');
    expect(otro.headers.get('allow')).toBe('GET, HEAD');
  });

  test('each answer is a sample of http_request_duration_seconds under its method, route template and status', async () => {
    const { api } = entorno();
    const etiquetas = { method: 'GET', route: '/productos/:id', status: '404' };
    const cuenta = (texto: string) => muestra(texto, `${DURACION}_count`, etiquetas) ?? 0;
    const antes = cuenta(await metricas(api));
    for (let i = 0; i < 3; i++) {
      esperarProblema(await api.get(`/productos/${randomUUID()}`), 404, 'PRODUCTO_NO_ENCONTRADO');
    }
    const texto = await metricas(api);
    expect(cuenta(texto)).toBe(antes + 3);
    expect(muestra(texto, `${DURACION}_bucket`, { ...etiquetas, le: '+Inf' })).toBe(antes + 3);
    expect(muestra(texto, `${DURACION}_sum`, etiquetas)).toBeGreaterThan(0);
    // The scrape itself is counted, under its own route.
    const scrapes = muestra(texto, `${DURACION}_count`, { method: 'GET', route: '/metrics', status: '200' });
    expect(scrapes).toBeGreaterThan(0);
  });

  test('paths no route has, and methods a path does not take, share one route label: no new label values', async () => {
    const { api } = entorno();
    const desconocidas = (texto: string, method: string, status: string) =>
      muestra(texto, `${DURACION}_count`, { method, route: 'desconocida', status }) ?? 0;
    const antes = await metricas(api);
    for (let i = 0; i < 5; i++) expect((await api.get(`/nada-${randomUUID()}`)).status).toBe(404);
    expect((await api.pedir('DELETE', `/nada-${randomUUID()}`)).status).toBe(404);
    expect((await api.pedir('PUT', '/health')).status).toBe(405);
    const despues = await metricas(api);
    expect(desconocidas(despues, 'GET', '404')).toBe(desconocidas(antes, 'GET', '404') + 5);
    expect(desconocidas(despues, 'DELETE', '404')).toBe(desconocidas(antes, 'DELETE', '404') + 1);
    expect(desconocidas(despues, 'PUT', '405')).toBe(desconocidas(antes, 'PUT', '405') + 1);
    const rutas = [...valoresDe(despues, DURACION, 'route')];
    expect(rutas.filter((ruta) => ruta.includes('nada'))).toEqual([]);
    expect(rutas.filter((ruta) => ruta !== 'desconocida' && !/^\/[\w/:.{}-]*$/.test(ruta))).toEqual([]);
  });

  test('pedidos_transiciones_total counts each transition applied once: not its idempotent replay, not a refusal', async () => {
    const { api } = entorno();
    const NOMBRES = ['confirmar', 'pagar', 'enviar', 'entregar', 'cancelar'];
    const transiciones = async () => {
      const texto = await metricas(api);
      return NOMBRES.map((t) => muestra(texto, 'pedidos_transiciones_total', { transicion: t }));
    };
    const antes = await transiciones();
    // Every transition is there from the start, even at zero.
    expect(antes.every((n) => typeof n === 'number')).toBe(true);

    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 5 });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]);
    const clave = { 'idempotency-key': randomUUID() };
    const confirmado = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`, undefined, clave);
    const repetido = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`, undefined, clave);
    expect([confirmado.status, repetido.status]).toEqual([200, 200]);
    expect(repetido.headers.get('idempotency-replayed')).toBe('true');
    const pago = { importe_centavos: confirmado.body.total_centavos, referencia: `TRX-${randomUUID()}` };
    expect((await api.patch(`/pedidos/${pedido.id}/pagar`, pago)).status).toBe(200);
    // Paid already, and not sent: refused, and not counted.
    esperarProblema(await api.patch(`/pedidos/${pedido.id}/pagar`, pago), 409, 'TRANSICION_NO_PERMITIDA');
    esperarProblema(await api.patch(`/pedidos/${pedido.id}/entregar`), 409, 'TRANSICION_NO_PERMITIDA');
    expect((await api.patch(`/pedidos/${pedido.id}/cancelar`)).status).toBe(200);

    const despues = await transiciones();
    const sumado = Object.fromEntries(
      NOMBRES.map((t, i) => [t, (despues[i] ?? Number.NaN) - (antes[i] ?? Number.NaN)]),
    );
    expect(sumado).toEqual({ confirmar: 1, pagar: 1, enviar: 0, entregar: 0, cancelar: 1 });
  });

  test('pedidos_rechazos_por_stock_total counts each 409 STOCK_INSUFICIENTE, not its idempotent replay', async () => {
    const { api } = entorno();
    const rechazos = async () => muestra(await metricas(api), 'pedidos_rechazos_por_stock_total') ?? Number.NaN;
    const antes = await rechazos();
    const producto = await crearProducto(api, { stock: 1 });
    const primero = await crearPedido(api, (await crearCliente(api)).id, [{ producto_id: producto.id, cantidad: 1 }]);
    const segundo = await crearPedido(api, (await crearCliente(api)).id, [{ producto_id: producto.id, cantidad: 1 }]);
    expect((await api.patch(`/pedidos/${primero.id}/confirmar`)).status).toBe(200);
    const clave = { 'idempotency-key': randomUUID() };
    esperarProblema(await api.patch(`/pedidos/${segundo.id}/confirmar`, undefined, clave), 409, 'STOCK_INSUFICIENTE');
    const repetido = await api.patch(`/pedidos/${segundo.id}/confirmar`, undefined, clave);
    esperarProblema(repetido, 409, 'STOCK_INSUFICIENTE');
    expect(repetido.headers.get('idempotency-replayed')).toBe('true');
    // Another 409, of another code, is not a refusal for stock.
    esperarProblema(await api.patch(`/pedidos/${primero.id}/confirmar`), 409, 'PEDIDO_NO_MODIFICABLE');
    expect(await rechazos()).toBe(antes + 1);
  });

  test('the process and Node.js metrics, the event-loop lag and the database pool are there', async () => {
    const texto = await metricas(entorno().api);
    for (const nombre of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_version_info',
    ]) {
      expect(texto, nombre).toMatch(new RegExp(`^${nombre}[ {]`, 'm'));
    }
    // The embedded database is one session.
    expect(muestra(texto, 'pedidos_base_de_datos_conexiones_max')).toBe(1);
  });

  test('two services in one process count apart', async () => {
    const etiquetas = { method: 'GET', route: '/clientes/:id', status: '404' };
    const enElOtro = async () => muestra(await metricas(otro().api, OTRO_TOKEN), `${DURACION}_count`, etiquetas) ?? 0;
    const antes = await enElOtro();
    esperarProblema(await entorno().api.get(`/clientes/${randomUUID()}`), 404, 'CLIENTE_NO_ENCONTRADO');
    expect(await enElOtro()).toBe(antes);
    // Each has its own token.
    esperarProblema(await otro().api.get('/metrics', { authorization: `Bearer ${TOKEN}` }), 401, 'NO_AUTENTICADO');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  const entorno = conServicio(undefined);

  test('no bearer token opens it: 401 NO_AUTENTICADO, with or without one', async () => {
    const { anonimo } = entorno();
    const sin = await anonimo.get('/metrics');
    esperarProblema(sin, 401, 'NO_AUTENTICADO');
    expect(sin.headers.get('www-authenticate')).toBe('Bearer realm="pedidos"');
    const con = await anonimo.get('/metrics', { authorization: `Bearer ${TOKEN}` });
    esperarProblema(con, 401, 'NO_AUTENTICADO');
    expect(con.headers.get('www-authenticate')).toBe('Bearer realm="pedidos", error="invalid_token"');
  });

  test("a staff token reads them; a cliente's is 403 PROHIBIDO", async () => {
    const { api, servicio } = entorno();
    const personal = await api.get<string>('/metrics');
    expect(personal.status).toBe(200);
    expect(personal.body).toContain(`# TYPE ${DURACION} histogram`);
    const { api: cliente } = await registrarse(servicio.url);
    esperarProblema(await cliente.get('/metrics'), 403, 'PROHIBIDO');
  });
});

describe('the metrics of a replay from a browser origin (CORS), whose answer the CORS middleware remakes', () => {
  const ORIGEN = 'https://tienda.example';
  const entorno = conServicio(undefined, { tokenDeMetricas: TOKEN, origenesCors: [ORIGEN] });

  test('a confirmation replayed for its key is not counted as a second transition', async () => {
    const { api } = entorno();
    const confirmaciones = async () =>
      muestra(await metricas(api), 'pedidos_transiciones_total', { transicion: 'confirmar' }) ?? Number.NaN;
    const antes = await confirmaciones();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 5 });
    const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]);
    const cabeceras = { 'idempotency-key': randomUUID(), origin: ORIGEN };
    const primera = await api.patch(`/pedidos/${pedido.id}/confirmar`, undefined, cabeceras);
    const repetida = await api.patch(`/pedidos/${pedido.id}/confirmar`, undefined, cabeceras);
    expect([primera.status, repetida.status]).toEqual([200, 200]);
    expect(repetida.headers.get('idempotency-replayed')).toBe('true');
    expect(repetida.headers.get('access-control-allow-origin')).toBe(ORIGEN);
    expect(await confirmaciones()).toBe(antes + 1);
  });
});
