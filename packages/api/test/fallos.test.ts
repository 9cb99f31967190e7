import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { crearRegistro } from '../src/registro.ts';
import { iniciarServicio, type Servicio } from '../src/servicio.ts';
import {
  administrador,
  type Cliente,
  type ClienteJson,
  clienteHttp,
  esperarProblema,
  hasta,
  pedirFicha,
} from './apoyo.ts';
import { abrirProxyTcp, type ProxyTcp } from './proxy-tcp.ts';

const url = process.env.TEST_DATABASE_URL;

// The machine's PostgreSQL is shared with other suites, so it is never stopped:
// the service reaches it through a proxy that this suite cuts and restores.
describe.skipIf(url === undefined)('when PostgreSQL cannot be reached', () => {
  let proxy: ProxyTcp;
  let servicio: Servicio;
  let api: Cliente;

  beforeAll(async () => {
    const destino = new URL(url ?? '');
    proxy = await abrirProxyTcp({ host: destino.hostname, puerto: Number(destino.port || 5432) });
    const atraves = new URL(destino.href);
    atraves.hostname = '127.0.0.1';
    atraves.port = String(proxy.puerto);
    const personal = administrador();
    servicio = await iniciarServicio(
      {
        puerto: 0,
        host: '127.0.0.1',
        urlDeBaseDeDatos: atraves.href,
        nivelDeRegistro: 'silent',
        administrador: personal,
      },
      crearRegistro('silent'),
    );
    api = clienteHttp(servicio.url, await pedirFicha(servicio.url, personal.email, personal.clave));
  });
  afterAll(async () => {
    await servicio?.detener();
    await proxy?.cerrar();
  });

  test('requests are 503 BASE_DE_DATOS_NO_DISPONIBLE and change nothing; the service recovers on its own', async () => {
    const antes = await api.post<ClienteJson>('/clientes', { nombre: 'Antes', email: `a-${randomUUID()}@example.com` });
    expect(antes.status).toBe(201);

    await proxy.cortar();
    esperarProblema(await api.get('/ready'), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    esperarProblema(await api.get(`/clientes/${antes.body.id}`), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    const email = `durante-${randomUUID()}@example.com`;
    esperarProblema(await api.post('/clientes', { nombre: 'Durante', email }), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    expect((await api.get('/health')).status).toBe(200);

    await proxy.restaurar();
    const ms = await hasta(async () => (await api.get('/ready')).status === 200, { plazoMs: 15_000, cadaMs: 100 });
    console.log(`ready again ${ms} ms after the database came back`);
    expect((await api.get(`/clientes/${antes.body.id}`)).body).toEqual(antes.body);
    // The refused request left nothing behind: its email is free.
    expect((await api.post('/clientes', { nombre: 'Después', email })).status).toBe(201);
  });

  test('a database that accepts connections and never answers fails requests after the connect timeout', async () => {
    proxy.agujeroNegro();
    // The first request may meet a connection the proxy just dropped; the next ones must open new ones.
    esperarProblema(await api.get(`/clientes/${randomUUID()}`), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    const inicio = Date.now();
    esperarProblema(await api.get(`/clientes/${randomUUID()}`), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    console.log(`a request against a silent database answered 503 after ${Date.now() - inicio} ms`);
    esperarProblema(await api.get('/ready'), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
    await proxy.restaurar();
    await hasta(async () => (await api.get('/ready')).status === 200, { plazoMs: 15_000, cadaMs: 100 });
  });
});
