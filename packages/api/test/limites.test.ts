/**
 * The limits (seguridad.md, "Limits"): every answer says where its caller
 * stands; past the quota a request is 429 with `Retry-After` and changes
 * nothing; the account counts when a token is accepted, the address
 * otherwise; the login throttle per email. Then with Redis: two processes
 * count together, and a service whose Redis goes away keeps answering,
 * counting alone, and says so.
 *
 * The limits do not depend on the database, so these run on the embedded one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as esperar } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grupoDeDireccion } from '../src/comun/limite-de-peticiones.ts';
import { INTENTOS_DE_ACCESO, limitador } from '../src/limites.ts';
import { crearRegistro } from '../src/registro.ts';
import {
  CLAVE,
  type Cliente,
  clienteHttp,
  conServicio,
  crearProducto,
  EN_CI,
  esperarProblema,
  type PaginaJson,
  type ProductoJson,
  type Respuesta,
  registrarse,
} from './apoyo.ts';
import { arrancar, ENTORNO_DE_CUENTAS, matar, type Proceso } from './procesos.ts';
import { COMO_TENER_REDIS, HAY_REDIS, type ServidorRedis, servidorRedis } from './redis.ts';

/** What `RateLimit` says: how many are left (`r`) and the seconds to the window's end (`t`). */
function quedan(respuesta: Respuesta<unknown>): { r: number; t: number } {
  const valor = respuesta.headers.get('ratelimit') ?? '';
  const leido = /^"peticiones";r=(\d+);t=(\d+)$/.exec(valor);
  if (leido === null) throw new Error(`RateLimit: ${JSON.stringify(valor)}`);
  return { r: Number(leido[1]), t: Number(leido[2]) };
}

function esperar429(respuesta: Respuesta<unknown>, ventanaSegundos: number) {
  esperarProblema(respuesta, 429, 'DEMASIADAS_PETICIONES');
  const retryAfter = Number(respuesta.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= ventanaSegundos, `${retryAfter}`).toBe(true);
}

const intentar = (base: string, email: string, password: string) =>
  clienteHttp(base).post('/auth/token', { email, password });

describe('the group an address counts in', () => {
  const grupo = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
  const completa = (grupos: readonly number[]) => grupos.map((g) => g.toString(16).padStart(4, '0')).join(':');
  // The shortest form, as a socket reports it: what the URL parser writes.
  const corta = (grupos: readonly number[]) => new URL(`http://[${completa(grupos)}]`).hostname.slice(1, -1);

  test('an IPv6 address counts by its /64, however it is written', () => {
    fc.assert(
      fc.property(grupo, grupo, (a, b) => {
        expect(grupoDeDireccion(corta(a))).toBe(grupoDeDireccion(completa(a)));
        const mismaRed = [...a.slice(0, 4), ...b.slice(4)];
        expect(grupoDeDireccion(corta(mismaRed))).toBe(grupoDeDireccion(corta(a)));
        const otraRed = [...b.slice(0, 4), ...a.slice(4)];
        expect(grupoDeDireccion(corta(otraRed)) === grupoDeDireccion(corta(a))).toBe(
          b.slice(0, 4).every((g, i) => g === a[i]),
        );
      }),
    );
  });

  test('an IPv4 address counts by itself, written plain or mapped into IPv6', () => {
    expect(grupoDeDireccion('203.0.113.7')).toBe('203.0.113.7');
    expect(grupoDeDireccion('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(grupoDeDireccion('203.0.113.8')).not.toBe(grupoDeDireccion('203.0.113.7'));
    expect(grupoDeDireccion('::1')).toBe('0:0:0:0::/64');
  });
});

describe('a count given back', () => {
  test('where nothing was counted gives no credit: the quota stays the quota', async () => {
    const intentos = limitador(INTENTOS_DE_ACCESO, { registro: crearRegistro('silent') });
    await intentos.devolver('ana@example.com');
    const cuentas = [];
    for (let i = 0; i <= INTENTOS_DE_ACCESO.cuota; i++) cuentas.push(await intentos.contar('ana@example.com'));
    expect(cuentas.map((c) => c.permitida)).toEqual([...Array(INTENTOS_DE_ACCESO.cuota).fill(true), false]);
  });
});

describe('the limit of requests, counted in the process', () => {
  const CUOTA = 12;
  const VENTANA = 60;
  const servicio = conServicio(undefined, { limiteDePeticiones: { cuota: CUOTA, ventanaSegundos: VENTANA } });

  test('every answer says the policy and what is left; past it, 429 with Retry-After, and nothing changes', async () => {
    const { url } = servicio().servicio;
    const { api, cliente } = await registrarse(url);
    // What the account has asked so far: nothing; its registration and login were its address's.
    const respuestas: Respuesta<unknown>[] = [];
    respuestas.push(await api.get('/auth/yo'));
    respuestas.push(await api.get(`/pedidos/${randomUUID()}`));
    respuestas.push(await api.post('/pedidos', { items: 'no' }));
    respuestas.push(await api.get('/productos'));
    expect(respuestas.map((r) => r.status)).toEqual([200, 404, 422, 200]);
    for (const [i, r] of respuestas.entries()) {
      expect(r.headers.get('ratelimit-policy')).toBe(`"peticiones";q=${CUOTA};w=${VENTANA}`);
      expect(quedan(r).r).toBe(CUOTA - 1 - i);
      expect(quedan(r).t).toBeGreaterThanOrEqual(1);
      expect(quedan(r).t).toBeLessThanOrEqual(VENTANA);
    }
    for (let i = respuestas.length; i < CUOTA; i++) expect((await api.get('/auth/yo')).status).toBe(200);

    const producto = await crearProducto(servicio().api, { stock: 5 });
    const pasada = await api.post('/pedidos', { items: [{ producto_id: producto.id, cantidad: 1 }] });
    esperar429(pasada, VENTANA);
    expect(quedan(pasada).r).toBe(0);
    expect(pasada.headers.get('ratelimit-policy')).toBe(`"peticiones";q=${CUOTA};w=${VENTANA}`);
    // Refused before any route read it: no pedido, and the stock as it was.
    const suyos = await servicio().api.get<PaginaJson<unknown>>(`/pedidos?cliente_id=${cliente.id}`);
    expect(suyos.body.total).toBe(0);
    expect((await servicio().api.get<ProductoJson>(`/productos/${producto.id}`)).body.stock).toBe(5);

    // Another account counts apart: staff's answers still come.
    expect((await servicio().api.get('/productos')).status).toBe(200);
  });

  test('without an accepted token the address counts, and a token refused is counted there too', async () => {
    const { url } = servicio().servicio;
    const anonimo = clienteHttp(url);
    const falso = clienteHttp(url, 'no-es-un-token');
    const antes = quedan(await anonimo.get('/health')).r;
    const refusada = await falso.get('/productos');
    esperarProblema(refusada, 401, 'NO_AUTENTICADO');
    expect(quedan(refusada).r).toBe(antes - 1);
    expect(quedan(await anonimo.get('/productos')).r).toBe(antes - 2);
    // Until the address has none left: then the anonymous and the guessers are refused alike.
    for (let r = antes - 2; r > 0; r--) await anonimo.get('/health');
    esperar429(await anonimo.get('/health'), VENTANA);
    esperar429(await falso.get('/productos'), VENTANA);
    esperar429(await intentar(url, 'quien@example.com', CLAVE), VENTANA);
  });
});

describe('the login throttle per email', () => {
  const servicio = conServicio(undefined);

  test(`after ${INTENTOS_DE_ACCESO.cuota} failures, every attempt for that email is 429, the right password too`, async () => {
    const { url } = servicio().servicio;
    const email = `c-${randomUUID()}@example.com`;
    await registrarse(url, { email });
    for (let i = 0; i < INTENTOS_DE_ACCESO.cuota; i++) {
      esperarProblema(await intentar(url, email, 'no es la clave'), 401, 'CREDENCIALES_INVALIDAS');
    }
    const retenido = await intentar(url, email, CLAVE);
    esperar429(retenido, INTENTOS_DE_ACCESO.ventanaSegundos);
    // Held back for a whole window from the refusal, and told so in its own policy beside the caller's.
    expect(Number(retenido.headers.get('retry-after'))).toBeGreaterThan(INTENTOS_DE_ACCESO.ventanaSegundos - 10);
    expect(retenido.headers.get('ratelimit-policy')).toMatch(/^"intentos";q=10;w=900, "peticiones";q=\d+;w=60$/);
    expect(retenido.headers.get('ratelimit')).toMatch(/^"intentos";r=0;t=(89\d|900), "peticiones";r=\d+;t=\d+$/);
    // Written otherwise, the same email.
    esperar429(await intentar(url, `  ${email.toUpperCase()} `, CLAVE), INTENTOS_DE_ACCESO.ventanaSegundos);
    // Another email is not held back, nor the caller's other requests.
    const otra = `c-${randomUUID()}@example.com`;
    await registrarse(url, { email: otra });
    expect((await intentar(url, otra, CLAVE)).status).toBe(200);
  });

  test('a success does not count: only failures add up', async () => {
    const { url } = servicio().servicio;
    const email = `c-${randomUUID()}@example.com`;
    await registrarse(url, { email });
    for (let i = 0; i < INTENTOS_DE_ACCESO.cuota - 1; i++) {
      esperarProblema(await intentar(url, email, 'no es la clave'), 401, 'CREDENCIALES_INVALIDAS');
    }
    expect((await intentar(url, email, CLAVE)).status).toBe(200);
    expect((await intentar(url, email, CLAVE)).status).toBe(200);
    // The tenth failure is still one of ten; after it, even the right password waits.
    esperarProblema(await intentar(url, email, 'no es la clave'), 401, 'CREDENCIALES_INVALIDAS');
    esperar429(await intentar(url, email, CLAVE), INTENTOS_DE_ACCESO.ventanaSegundos);
  });

  test('attempts made at once are counted as surely as one after another', async () => {
    const { url } = servicio().servicio;
    const email = `c-${randomUUID()}@example.com`;
    await registrarse(url, { email });
    const a_la_vez = await Promise.all(
      Array.from({ length: INTENTOS_DE_ACCESO.cuota + 5 }, () => intentar(url, email, 'no es la clave')),
    );
    const estados = a_la_vez.map((r) => r.status).sort();
    expect(estados.filter((s) => s === 401)).toHaveLength(INTENTOS_DE_ACCESO.cuota);
    expect(estados.filter((s) => s === 429)).toHaveLength(5);
  });
});

test.runIf(!HAY_REDIS && EN_CI)('redis-server is there for the tests of limits through Redis, as CI requires', () => {
  expect.fail(`redis-server not found; ${COMO_TENER_REDIS}`);
});

describe.runIf(HAY_REDIS)('limits shared through Redis by two processes', () => {
  const CUOTA = 30;
  let redis: ServidorRedis;
  let directorio: string;
  const procesos: Proceso[] = [];

  beforeAll(async () => {
    redis = await servidorRedis();
    directorio = await mkdtemp(join(tmpdir(), 'pedidos-limites-'));
    const prefijo = `pruebas-${randomUUID()}`;
    // Each on an embedded database of its own: the limit does not care, and tokens are checked by their key.
    const entorno = (n: number) => ({
      DATA_DIR: join(directorio, String(n)),
      REDIS_URL: redis.url,
      REDIS_PREFIJO: prefijo,
      LIMITE_PETICIONES: String(CUOTA),
      LIMITE_VENTANA_SEGUNDOS: '60',
    });
    procesos.push(...(await Promise.all([arrancar(entorno(1)), arrancar(entorno(2))])));
  });
  afterAll(async () => {
    await Promise.all(procesos.map((p) => matar(p, 'SIGTERM')));
    await redis?.cerrar();
    if (directorio !== undefined) await rm(directorio, { recursive: true, force: true });
  });

  test('an account asking both counts once: the quota is the same across them', async () => {
    const [uno, dos] = procesos;
    if (uno === undefined || dos === undefined) throw new Error('sin procesos');
    // The first process's token, good on the second: both have the same key.
    const clientes: Cliente[] = [clienteHttp(uno.url, uno.token), clienteHttp(dos.url, uno.token)];
    const vistos: number[] = [];
    for (let i = 0; i < CUOTA; i++) {
      const r = await clientes[i % 2]?.get('/productos');
      if (r === undefined) throw new Error('sin cliente');
      expect(r.status).toBe(200);
      vistos.push(quedan(r).r);
    }
    expect(vistos).toEqual(Array.from({ length: CUOTA }, (_, i) => CUOTA - 1 - i));
    for (const cliente of clientes) esperar429(await cliente.get('/productos'), 60);
    // The other process's own account has its whole quota.
    expect(quedan(await clienteHttp(dos.url, dos.token).get('/productos')).r).toBe(CUOTA - 1);
  });

  test('failed logins for one email add up across them', async () => {
    const [uno, dos] = procesos;
    if (uno === undefined || dos === undefined) throw new Error('sin procesos');
    // The staff account of both, made at their start; their databases are each its own, the count is Redis's.
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: clave } = ENTORNO_DE_CUENTAS;
    for (let i = 0; i < INTENTOS_DE_ACCESO.cuota; i++) {
      const base = i % 2 === 0 ? uno.url : dos.url;
      esperarProblema(await intentar(base, email, 'no es la clave'), 401, 'CREDENCIALES_INVALIDAS');
    }
    esperar429(await intentar(uno.url, email, clave), INTENTOS_DE_ACCESO.ventanaSegundos);
    esperar429(await intentar(dos.url, email, clave), INTENTOS_DE_ACCESO.ventanaSegundos);
  });
});

describe.runIf(HAY_REDIS)('a service whose Redis goes away', () => {
  const CUOTA = 6;
  let redis: ServidorRedis;
  const prefijo = `pruebas-${randomUUID()}`;
  // Before the service: this `beforeAll` runs before `conServicio`'s, which reads `urlDeRedis` then.
  beforeAll(async () => {
    redis = await servidorRedis();
  });
  const TOKEN_DE_METRICAS = 'b9c1d4e7f0a3b6c9d2e5f8a1b4c7d0e3';
  const servicio = conServicio(undefined, {
    limiteDePeticiones: { cuota: CUOTA, ventanaSegundos: 60 },
    tokenDeMetricas: TOKEN_DE_METRICAS,
    prefijoDeRedis: prefijo,
    get urlDeRedis() {
      return redis.url;
    },
  });
  afterAll(async () => {
    await redis?.cerrar();
  });

  const claves = async () => redis.cliente().keys(`${prefijo}:*`);
  /** Where the log last said `mensaje`, -1 if never. */
  const dicho = (mensaje: RegExp) =>
    servicio().lineas.findLastIndex((linea) => mensaje.test((JSON.parse(linea) as { msg: string }).msg));

  /** `pedidos_redis_disponible` in the service's metrics, read with METRICS_TOKEN: the address's count, not staff's. */
  const disponible = async () => {
    const { body } = await servicio().anonimo.get<string>('/metrics', { authorization: `Bearer ${TOKEN_DE_METRICAS}` });
    return /^pedidos_redis_disponible (\d)$/m.exec(body)?.[1];
  };

  test('counts in Redis; without it, keeps answering and counting in the process, says so, and goes back', async () => {
    const { api } = servicio();
    expect((await api.get('/productos')).status).toBe(200);
    expect(await disponible()).toBe('1');
    expect((await claves()).some((clave) => clave.startsWith(`${prefijo}:limite:peticiones:`))).toBe(true);

    await redis.parar();
    // Never a 5xx: each request is counted by the process while Redis is away, with the same policy.
    const sinRedis: number[] = [];
    for (let i = 0; i < CUOTA; i++) sinRedis.push((await api.get('/productos')).status);
    expect(sinRedis).toEqual(Array(CUOTA).fill(200));
    esperar429(await api.get('/productos'), 60);
    const ido = dicho(/^redis unavailable/);
    expect(await disponible()).toBe('0');
    expect(ido).toBeGreaterThan(dicho(/^redis available/));

    await redis.arrancar();
    for (let i = 0; i < 100 && dicho(/^redis available/) < ido; i++) await esperar(50);
    expect(dicho(/^redis available/)).toBeGreaterThan(ido);
    // Counted in Redis again, which forgot everything when it stopped: the account has its quota there.
    const otra = await api.get('/productos');
    expect(otra.status).toBe(200);
    expect(quedan(otra).r).toBe(CUOTA - 1);
    expect(await disponible()).toBe('1');
    expect((await claves()).some((clave) => clave.startsWith(`${prefijo}:limite:peticiones:`))).toBe(true);
  });
});

describe.runIf(HAY_REDIS)('a service whose Redis hangs', () => {
  let redis: ServidorRedis;
  const TOKEN_DE_METRICAS = 'b9c1d4e7f0a3b6c9d2e5f8a1b4c7d0e3';
  beforeAll(async () => {
    redis = await servidorRedis();
  });
  const servicio = conServicio(undefined, {
    tokenDeMetricas: TOKEN_DE_METRICAS,
    prefijoDeRedis: `pruebas-${randomUUID()}`,
    get urlDeRedis() {
      return redis.url;
    },
  });
  afterAll(async () => {
    await redis?.cerrar();
  });
  const disponible = async () => {
    const { body } = await servicio().anonimo.get<string>('/metrics', { authorization: `Bearer ${TOKEN_DE_METRICAS}` });
    return /^pedidos_redis_disponible (\d)$/m.exec(body)?.[1];
  };
  const dicho = (mensaje: RegExp) =>
    servicio().lineas.findLastIndex((linea) => mensaje.test((JSON.parse(linea) as { msg: string }).msg));

  test('is noticed within seconds, is not waited on by every request, and is found again', async () => {
    const { api } = servicio();
    expect(await disponible()).toBe('1');
    redis.congelar();
    try {
      // Two PINGs go unanswered: from then on nobody asks Redis.
      for (let i = 0; i < 100 && (await disponible()) !== '0'; i++) await esperar(50);
      expect(await disponible()).toBe('0');
      expect(dicho(/^redis unavailable/)).toBeGreaterThan(dicho(/^redis available/));
      const r = await api.get('/productos');
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit')).toMatch(/^"peticiones";r=\d+;t=\d+$/);
    } finally {
      redis.descongelar();
    }
    for (let i = 0; i < 100 && (await disponible()) !== '1'; i++) await esperar(50);
    expect(await disponible()).toBe('1');
    expect(dicho(/^redis available/)).toBeGreaterThan(dicho(/^redis unavailable/));
  });
});

describe('a service whose Redis is not there when it starts', () => {
  const CUOTA = 3;
  // Nothing listens on port 1.
  const servicio = conServicio(undefined, {
    urlDeRedis: 'redis://127.0.0.1:1',
    prefijoDeRedis: 'nadie',
    limiteDePeticiones: { cuota: CUOTA, ventanaSegundos: 60 },
  });

  test('starts, answers, counts in the process, and says so', async () => {
    const { api } = servicio();
    const restantes: number[] = [];
    for (let i = 0; i < CUOTA; i++) {
      const r = await api.get('/productos');
      expect(r.status).toBe(200);
      restantes.push(quedan(r).r);
    }
    expect(restantes).toEqual([2, 1, 0]);
    esperar429(await api.get('/productos'), 60);
    const dicho = () =>
      servicio().lineas.some((l) => /^redis unavailable/.test((JSON.parse(l) as { msg: string }).msg));
    for (let i = 0; i < 100 && !dicho(); i++) await esperar(20);
    expect(dicho()).toBe(true);
  });
});
