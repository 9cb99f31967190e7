import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as esperar } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import {
  CACHE_DEL_CATALOGO_POR_OMISION,
  leerConfiguracion,
  PLAZO_DE_PAGO_POR_OMISION,
  SEGUNDOS_DE_CACHE_POR_OMISION,
} from '../src/configuracion.ts';
import { crearRegistro } from '../src/registro.ts';
import { iniciarServicio } from '../src/servicio.ts';
import {
  administrador,
  bases,
  clienteHttp,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PedidoJson,
  type ProductoJson,
  pedirFicha,
} from './apoyo.ts';

describe.each(bases())('the service on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  test('an unexpected failure is 500 INTERNO: nothing internal in the body, the details in the log', async () => {
    const { api, servicio, lineas } = entorno();
    // A row that no request could have written: the domain refuses to load it.
    const id = randomUUID();
    const email = `no-es-un-email-${id}`;
    await servicio.baseDeDatos.sql`
      insert into clientes (id, nombre, email, creado_en, actualizado_en)
      values (${id}, 'Corrupto', ${email}, now(), now())`;
    // Other suites list clientes on the same real database: the row must not outlive this test.
    const respuesta = await api
      .get(`/clientes/${id}`)
      .finally(() => servicio.baseDeDatos.sql`delete from clientes where id = ${id}`);
    const problema = esperarProblema(respuesta, 500, 'INTERNO');
    expect(Object.keys(problema).sort()).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    expect(JSON.stringify(problema)).not.toMatch(/no-es-un-email|EmailInvalido|\bat \w|select|postgres|\.ts/i);
    const registrada = lineas
      .map((l) => JSON.parse(l))
      .find((l) => l.level === 'error' && l.path === `/clientes/${id}`);
    expect(registrada?.error).toMatchObject({ message: expect.any(String), stack: expect.any(String) });
  });

  test('concurrent confirmations for scarce stock: exactly as many win as there are units', async () => {
    const { api } = entorno();
    const producto = await crearProducto(api, { stock: 5 });
    const pedidos: PedidoJson[] = [];
    for (let i = 0; i < 16; i++) {
      const cliente = await crearCliente(api);
      pedidos.push(await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 1 }]));
    }
    const respuestas = await Promise.all(pedidos.map((p) => api.patch(`/pedidos/${p.id}/confirmar`)));
    const estados = respuestas.map((r) => r.status);
    expect(estados.filter((s) => s === 200)).toHaveLength(5);
    expect(estados.filter((s) => s === 409)).toHaveLength(11);
    for (const r of respuestas.filter((r) => r.status === 409)) {
      expect(esperarProblema(r, 409, 'STOCK_INSUFICIENTE').faltantes).toEqual([
        { producto_id: producto.id, solicitado: 1, disponible: 0 },
      ]);
    }
    expect((await api.get<ProductoJson>(`/productos/${producto.id}`)).body.stock).toBe(0);
  });

  test('concurrent additions to one pedido are applied one after another: none is lost', async () => {
    const { api } = entorno();
    const cliente = await crearCliente(api);
    const producto = await crearProducto(api, { stock: 100 });
    const pedido = await crearPedido(api, cliente.id);
    const respuestas = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post(`/pedidos/${pedido.id}/items`, { producto_id: producto.id, cantidad: 1 }),
      ),
    );
    expect(respuestas.map((r) => r.status)).toEqual(Array(20).fill(201));
    const final = await api.get<PedidoJson>(`/pedidos/${pedido.id}`);
    expect(final.body).toMatchObject({ version: 21, total_cantidad: 20 });
  });
});

describe.each(bases())('starting and stopping on $nombre', ({ url }) => {
  const personal = administrador();
  const iniciar = () =>
    iniciarServicio(
      { puerto: 0, host: '127.0.0.1', urlDeBaseDeDatos: url, nivelDeRegistro: 'silent', administrador: personal },
      crearRegistro('silent'),
    );

  test('without the database: /ready and every request are 503 BASE_DE_DATOS_NO_DISPONIBLE; /health stays 200', async () => {
    const servicio = await iniciar();
    try {
      const api = clienteHttp(servicio.url, await pedirFicha(servicio.url, personal.email, personal.clave));
      await servicio.baseDeDatos.cerrar();
      esperarProblema(await api.get('/ready'), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
      esperarProblema(await api.get(`/clientes/${randomUUID()}`), 503, 'BASE_DE_DATOS_NO_DISPONIBLE');
      esperarProblema(
        await api.post('/clientes', { nombre: 'Ana', email: `a-${randomUUID()}@example.com` }),
        503,
        'BASE_DE_DATOS_NO_DISPONIBLE',
      );
      expect((await api.get('/health')).status).toBe(200);
    } finally {
      await servicio.detener();
    }
  });

  test('stopping lets a request in flight finish, and refuses new connections', async () => {
    const servicio = await iniciar();
    const token = await pedirFicha(servicio.url, personal.email, personal.clave);
    const email = `en-vuelo-${randomUUID()}@example.com`;
    const cuerpo = JSON.stringify({ nombre: 'En vuelo', email });
    const mitad = Math.floor(cuerpo.length / 2);
    const respuesta = new Promise<{ status: number; texto: string }>((resolver, rechazar) => {
      const peticion = request(
        `${servicio.url}/clientes`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': cuerpo.length,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          let texto = '';
          res.on('data', (trozo) => {
            texto += trozo;
          });
          res.on('end', () => resolver({ status: res.statusCode ?? 0, texto }));
        },
      );
      peticion.on('error', rechazar);
      peticion.write(cuerpo.slice(0, mitad));
      setTimeout(() => peticion.end(cuerpo.slice(mitad)), 300);
    });
    await esperar(100);
    const detenido = servicio.detener();
    await esperar(50);
    await expect(fetch(`${servicio.url}/health`)).rejects.toThrow();
    const { status, texto } = await respuesta;
    await detenido;
    expect(status).toBe(201);
    expect(JSON.parse(texto)).toMatchObject({ email });
  });
});

describe('configuration', () => {
  test('defaults: port 3000, the embedded database under ./.data, log level info, tokens of 900 s, 600 requests a minute', () => {
    expect(leerConfiguracion({})._unsafeUnwrap()).toEqual({
      puerto: 3000,
      host: undefined,
      urlDeBaseDeDatos: undefined,
      directorioDeDatos: './.data',
      nivelDeRegistro: 'info',
      produccion: false,
      secretoDeFichas: undefined,
      duracionDeFichaSegundos: 900,
      administrador: undefined,
      formatoDeRegistro: 'json',
      tokenDeMetricas: undefined,
      origenesCors: [],
      urlDeRedis: undefined,
      prefijoDeRedis: 'pedidos',
      limiteDePeticiones: { cuota: 600, ventanaSegundos: 60 },
      cacheDelCatalogo: undefined,
      cacheEnProceso: true,
      secretoDeWebhookDePagos: undefined,
      urlDeRabbitMq: undefined,
      consumidores: true,
      retencionDeEventosDias: 7,
      plazoDePagoSegundos: 1800,
    });
  });

  test('CONSUMIDORES on or off (on when empty); RETENCION_DE_EVENTOS_DIAS a whole number of days from 1', () => {
    const leer = (entorno: Record<string, string>) => leerConfiguracion(entorno);
    expect(leer({ CONSUMIDORES: 'off' })._unsafeUnwrap().consumidores).toBe(false);
    expect(leer({ CONSUMIDORES: '' })._unsafeUnwrap().consumidores).toBe(true);
    expect(
      leer({ CONSUMIDORES: 'no' })
        ._unsafeUnwrapErr()
        .map((e) => e.split(':')[0]),
    ).toEqual(['CONSUMIDORES']);
    expect(leer({ RETENCION_DE_EVENTOS_DIAS: '30' })._unsafeUnwrap().retencionDeEventosDias).toBe(30);
    for (const malo of ['0', '1.5', 'siete']) {
      expect(
        leer({ RETENCION_DE_EVENTOS_DIAS: malo })
          ._unsafeUnwrapErr()
          .map((e) => e.split(':')[0]),
        malo,
      ).toEqual(['RETENCION_DE_EVENTOS_DIAS']);
    }
  });

  test('PLAZO_DE_PAGO_SEGUNDOS: a whole number of seconds from 1 to a year, 1800 unless given, empty as absent', () => {
    const plazo = (valor: string) =>
      leerConfiguracion({ PLAZO_DE_PAGO_SEGUNDOS: valor }).map((c) => c.plazoDePagoSegundos);
    expect(plazo('2')._unsafeUnwrap()).toBe(2);
    expect(plazo('86400')._unsafeUnwrap()).toBe(86_400);
    expect(plazo(String(365 * 86_400))._unsafeUnwrap()).toBe(365 * 86_400);
    expect(plazo('')._unsafeUnwrap()).toBe(PLAZO_DE_PAGO_POR_OMISION);
    expect(PLAZO_DE_PAGO_POR_OMISION).toBe(1800);
    for (const malo of ['0', '-5', '1.5', 'media hora', String(365 * 86_400 + 1)]) {
      expect(plazo(malo)._unsafeUnwrapErr()[0], malo).toMatch(/^PLAZO_DE_PAGO_SEGUNDOS:/);
    }
  });

  test('RABBITMQ_URL: amqp:// or amqps:// with a host, empty as absent; anything else refused by name', () => {
    const url = (valor: string) => leerConfiguracion({ RABBITMQ_URL: valor }).map((c) => c.urlDeRabbitMq);
    expect(url('amqp://guest:guest@127.0.0.1:5672/pedidos')._unsafeUnwrap()).toBe(
      'amqp://guest:guest@127.0.0.1:5672/pedidos',
    );
    expect(url('amqps://broker.example')._unsafeUnwrap()).toBe('amqps://broker.example');
    expect(url('')._unsafeUnwrap()).toBeUndefined();
    for (const malo of ['http://127.0.0.1:5672', 'amqp://', 'amqp:///vhost', '127.0.0.1:5672', 'amqp://[::1']) {
      const errores = url(malo)._unsafeUnwrapErr();
      expect(
        errores.map((e) => e.split(':')[0]),
        malo,
      ).toEqual(['RABBITMQ_URL']);
    }
  });

  test('PAGOS_WEBHOOK_SECRETO: at least 32 bytes in UTF-8, empty as absent, and not required in production', () => {
    const secreto = (valor: string) =>
      leerConfiguracion({ PAGOS_WEBHOOK_SECRETO: valor }).map((c) => c.secretoDeWebhookDePagos);
    expect(secreto('whsec_'.padEnd(32, '0'))._unsafeUnwrap()).toBe('whsec_'.padEnd(32, '0'));
    expect(secreto('')._unsafeUnwrap()).toBeUndefined();
    // 31 bytes, though `ñ` makes it 30 characters: the rule is on bytes.
    expect(secreto(`ñ${'x'.repeat(29)}`)._unsafeUnwrapErr()).toEqual([
      'PAGOS_WEBHOOK_SECRETO: debe tener al menos 32 bytes en UTF-8',
    ]);
    expect(secreto(`ñ${'x'.repeat(30)}`).isOk()).toBe(true);
    // A deployment that takes no payments by webhook starts as before; every notice is then 401 (webhook.test.ts).
    const produccion = leerConfiguracion({ NODE_ENV: 'production', JWT_SECRETO: 'x'.repeat(32) });
    expect(produccion._unsafeUnwrap()).toMatchObject({ produccion: true, secretoDeWebhookDePagos: undefined });
  });

  test('production needs JWT_SECRETO; ADMIN_EMAIL and ADMIN_PASSWORD go together; a short secret is refused', () => {
    expect(leerConfiguracion({ NODE_ENV: 'production' })._unsafeUnwrapErr()).toEqual([
      'JWT_SECRETO: es obligatorio con NODE_ENV=production',
    ]);
    const secreto = 'x'.repeat(32);
    expect(leerConfiguracion({ NODE_ENV: 'production', JWT_SECRETO: secreto })._unsafeUnwrap()).toMatchObject({
      produccion: true,
      secretoDeFichas: secreto,
    });
    expect(leerConfiguracion({ ADMIN_EMAIL: 'a@example.com' })._unsafeUnwrapErr()).toEqual([
      'ADMIN_EMAIL, ADMIN_PASSWORD: van juntos, o ninguno de los dos',
    ]);
    // 31 bytes, though `ñ` makes it 30 characters: the rule is on bytes.
    const errores = leerConfiguracion({
      JWT_SECRETO: `ñ${'x'.repeat(29)}`,
      ADMIN_PASSWORD: 'corta',
    })._unsafeUnwrapErr();
    expect(errores.map((e) => e.split(':')[0]).sort()).toEqual(['ADMIN_PASSWORD', 'JWT_SECRETO']);
    expect(leerConfiguracion({ JWT_SECRETO: `ñ${'x'.repeat(30)}` }).isOk()).toBe(true);
  });

  test('logs are JSON unless a person reads them: readable only at a terminal outside production, or when asked', () => {
    const formato = (entorno: Record<string, string>, terminal: boolean) =>
      leerConfiguracion(entorno, terminal)._unsafeUnwrap().formatoDeRegistro;
    expect(formato({}, false)).toBe('json');
    expect(formato({}, true)).toBe('pretty');
    expect(formato({ NODE_ENV: 'production', JWT_SECRETO: 'x'.repeat(32) }, true)).toBe('json');
    expect(formato({ NODE_ENV: 'development' }, true)).toBe('pretty');
    expect(formato({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(formato({ LOG_FORMAT: 'pretty', NODE_ENV: 'production', JWT_SECRETO: 'x'.repeat(32) }, false)).toBe(
      'pretty',
    );
    expect(leerConfiguracion({ LOG_FORMAT: 'colores' })._unsafeUnwrapErr()[0]).toMatch(/^LOG_FORMAT:/);
  });

  test('REDIS_URL, REDIS_PREFIJO and the limit of requests are read, and bad values refused by name', () => {
    expect(
      leerConfiguracion({
        REDIS_URL: 'redis://127.0.0.1:6379/2',
        REDIS_PREFIJO: 'tienda:pruebas',
        LIMITE_PETICIONES: '100',
        LIMITE_VENTANA_SEGUNDOS: '10',
      })._unsafeUnwrap(),
    ).toMatchObject({
      urlDeRedis: 'redis://127.0.0.1:6379/2',
      prefijoDeRedis: 'tienda:pruebas',
      limiteDePeticiones: { cuota: 100, ventanaSegundos: 10 },
    });
    expect(leerConfiguracion({ REDIS_URL: 'rediss://cache.example:6380' }).isOk()).toBe(true);
    const malos = {
      REDIS_URL: 'http://127.0.0.1:6379',
      REDIS_PREFIJO: 'con espacios',
      LIMITE_PETICIONES: '0',
      LIMITE_VENTANA_SEGUNDOS: '1.5',
    };
    const errores = leerConfiguracion(malos)._unsafeUnwrapErr();
    expect(errores.map((e) => e.split(':')[0]).sort()).toEqual(Object.keys(malos).sort());
  });

  test('CACHE_CATALOGO_EN_PROCESO keeps the catalogue in memory unless off or Redis keeps it; never both', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const enProceso = (entorno: Record<string, string>) => leerConfiguracion(entorno)._unsafeUnwrap().cacheEnProceso;
    expect(enProceso({})).toBe(true);
    expect(enProceso({ CACHE_CATALOGO_EN_PROCESO: '' })).toBe(true);
    expect(enProceso({ CACHE_CATALOGO_EN_PROCESO: 'off' })).toBe(false);
    expect(enProceso({ ...redis, CACHE_CATALOGO_EN_PROCESO: 'on' })).toBe(true);
    // The cache in Redis asked for: the one in process is off unless asked for too, which is refused.
    expect(enProceso({ ...redis, CACHE_CATALOGO: 'on' })).toBe(false);
    expect(enProceso({ ...redis, CACHE_CATALOGO: 'on', CACHE_CATALOGO_EN_PROCESO: 'off' })).toBe(false);
    expect(
      leerConfiguracion({ ...redis, CACHE_CATALOGO: 'on', CACHE_CATALOGO_EN_PROCESO: 'on' })._unsafeUnwrapErr(),
    ).toEqual(['CACHE_CATALOGO_EN_PROCESO: on no se combina con CACHE_CATALOGO=on; elija una de las dos cachés']);
    expect(leerConfiguracion({ CACHE_CATALOGO_EN_PROCESO: 'si' })._unsafeUnwrapErr()[0]).toMatch(
      /^CACHE_CATALOGO_EN_PROCESO:/,
    );
  });

  test('CACHE_CATALOGO turns the catalogue cache on over REDIS_URL, for CACHE_CATALOGO_SEGUNDOS; bad values refused by name', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const cache = (entorno: Record<string, string>) => leerConfiguracion(entorno)._unsafeUnwrap().cacheDelCatalogo;
    expect(cache({ ...redis, CACHE_CATALOGO: 'on' })).toEqual({ segundos: SEGUNDOS_DE_CACHE_POR_OMISION });
    expect(cache({ ...redis, CACHE_CATALOGO: 'on', CACHE_CATALOGO_SEGUNDOS: '5' })).toEqual({ segundos: 5 });
    expect(cache({ ...redis, CACHE_CATALOGO: 'off', CACHE_CATALOGO_SEGUNDOS: '5' })).toBeUndefined();
    // The default, with a Redis and without one; an empty value is the default too.
    expect(cache(redis)).toEqual(CACHE_DEL_CATALOGO_POR_OMISION === 'on' ? { segundos: 30 } : undefined);
    expect(cache({ ...redis, CACHE_CATALOGO: '' })).toEqual(cache(redis));
    expect(cache({})).toBeUndefined();
    // Asked for without a Redis to keep it in: said, not ignored.
    expect(leerConfiguracion({ CACHE_CATALOGO: 'on' })._unsafeUnwrapErr()).toEqual([
      'CACHE_CATALOGO: on necesita REDIS_URL, donde se guarda la caché',
    ]);
    const malos = { CACHE_CATALOGO: 'si', CACHE_CATALOGO_SEGUNDOS: '0' };
    const errores = leerConfiguracion({ ...redis, ...malos })._unsafeUnwrapErr();
    expect(errores.map((e) => e.split(':')[0]).sort()).toEqual(Object.keys(malos).sort());
    for (const malo of ['3601', '1.5', 'treinta', '-1']) {
      expect(leerConfiguracion({ ...redis, CACHE_CATALOGO_SEGUNDOS: malo })._unsafeUnwrapErr()[0], malo).toMatch(
        /^CACHE_CATALOGO_SEGUNDOS:/,
      );
    }
  });

  test('METRICS_TOKEN is optional, and when set at least 32 characters a bearer token may have', () => {
    const token = 'b9c1d4e7f0a3b6c9d2e5f8a1b4c7d0e3';
    expect(leerConfiguracion({ METRICS_TOKEN: token })._unsafeUnwrap().tokenDeMetricas).toBe(token);
    expect(leerConfiguracion({ METRICS_TOKEN: 'Ab0-._~+/'.repeat(4) })._unsafeUnwrap().tokenDeMetricas).toBe(
      'Ab0-._~+/'.repeat(4),
    );
    expect(leerConfiguracion({ METRICS_TOKEN: '' })._unsafeUnwrap().tokenDeMetricas).toBeUndefined();
    for (const malo of [token.slice(1), `${token} con espacios`, `${token}é`, `=${token}`]) {
      expect(leerConfiguracion({ METRICS_TOKEN: malo })._unsafeUnwrapErr()[0], malo).toMatch(/^METRICS_TOKEN:/);
    }
  });

  test('CORS_ORIGENES: exact origins separated by commas, none when empty', () => {
    const origenes = (valor: string) => leerConfiguracion({ CORS_ORIGENES: valor })._unsafeUnwrap().origenesCors;
    expect(origenes('https://tienda.example.com, http://localhost:5173,http://[::1]:8080')).toEqual([
      'https://tienda.example.com',
      'http://localhost:5173',
      'http://[::1]:8080',
    ]);
    expect(origenes('')).toEqual([]);
    expect(origenes('  ')).toEqual([]);
  });

  test.each([
    ['https://tienda.example.com/', 'https://tienda.example.com'],
    ['https://tienda.example.com/app', 'https://tienda.example.com'],
    ['https://Tienda.Example.com', 'https://tienda.example.com'],
    ['https://tienda.example.com:443', 'https://tienda.example.com'],
    ['https://ana@tienda.example.com', 'https://tienda.example.com'],
    ['https://tienda.example.com?x=1', 'https://tienda.example.com'],
  ])('CORS_ORIGENES refuses %s, which is not written as an origin, and names %s', (valor, origen) => {
    const [error = '', ...otros] = leerConfiguracion({ CORS_ORIGENES: valor })._unsafeUnwrapErr();
    expect(otros).toEqual([]);
    expect(error).toMatch(/^CORS_ORIGENES: /);
    expect(error).toContain(JSON.stringify(valor));
    expect(error).toContain(origen);
  });

  test.each([
    '*',
    'null',
    'tienda.example.com',
    'ftp://tienda.example.com',
    'https://a.example.com,,https://b.example.com',
  ])('CORS_ORIGENES refuses %s', (valor) => {
    const errores = leerConfiguracion({ CORS_ORIGENES: valor })._unsafeUnwrapErr();
    expect(errores.length).toBeGreaterThan(0);
    expect(errores.every((e) => e.startsWith('CORS_ORIGENES: '))).toBe(true);
  });

  test('DATABASE_URL replaces the embedded database', () => {
    const config = leerConfiguracion({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080', LOG_LEVEL: 'warn' });
    expect(config._unsafeUnwrap()).toMatchObject({
      puerto: 8080,
      urlDeBaseDeDatos: 'postgres://u@h/db',
      directorioDeDatos: undefined,
      nivelDeRegistro: 'warn',
    });
  });

  test('bad settings are reported by name, all at once', () => {
    const errores = leerConfiguracion({
      PORT: 'abc',
      LOG_LEVEL: 'verbose',
      DATABASE_URL: 'mysql://x',
    })._unsafeUnwrapErr();
    expect(errores.map((e) => e.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
  });
});
