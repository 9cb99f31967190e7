/**
 * The running service: the database (a server or the embedded one), its
 * migrations, the use cases over its repositories, and the HTTP server.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import {
  type BaseDeDatos,
  CANAL_DEL_CATALOGO,
  type Consulta,
  conClaveDeIdempotencia,
  estadoDelOutbox,
  informeDeVentas,
  podarClavesCaducadas,
  podarEntregas,
  podarEventosPublicados,
  repositorioDeClientes,
  repositorioDeCuentas,
  repositorioDePedidos,
  repositorioDeProductos,
} from '@pedidos/persistence';
import { ResultAsync } from 'neverthrow';
import { crearApp } from './app.ts';
import { type CacheDelCatalogo, cacheDelCatalogo, invalidandoElCatalogo, sinCache } from './cache-del-catalogo.ts';
import { cacheEnProceso } from './cache-en-proceso.ts';
import { casosDeUso } from './casos-de-uso.ts';
import { fichas } from './comun/fichas.ts';
import { idDePeticion } from './comun/observacion.ts';
import { type Configuracion, DIAS_DE_RETENCION_POR_OMISION, PLAZO_DE_PAGO_POR_OMISION } from './configuracion.ts';
import { type CuentaDeDesarrollo, cuentasDeArranque, secretoDeFichas } from './cuentas/arranque.ts';
import { CONSUMIDORES_DEL_SERVICIO } from './eventos/del-servicio.ts';
import { correRelay, type FlujoDeEventos, iniciarFlujoDeEventos } from './eventos/flujo.ts';
import { INTENTOS_DE_ACCESO, limitador, PETICIONES_POR_OMISION } from './limites.ts';
import { crearMetricas } from './metricas.ts';
import { iniciarPlazoDePago } from './plazo-de-pago.ts';
import { errorDeTransporte, respuestaDeTransporte } from './problemas.ts';
import { abrirBaseMigrada, respondeLaBaseDeDatos } from './proceso.ts';
import type { ConexionRedis } from './redis.ts';
import { crearRegistro, describirError, type Registro } from './registro.ts';

export type Servicio = {
  /** The base URL, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly puerto: number;
  readonly baseDeDatos: BaseDeDatos;
  /** The development staff account made at this start, if any (see `cuentas/arranque.ts`). */
  readonly cuentaDeDesarrollo: CuentaDeDesarrollo | undefined;
  /**
   * Stops accepting connections, lets the requests in flight finish (for at most
   * `plazoMs`), then closes the database. Safe to call twice.
   */
  detener(plazoMs?: number): Promise<void>;
};

/** The methods that change nothing: no commit to tell the relay of. */
const LECTURAS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `abriendo`: the database of the settings, already being opened and migrated
 * (`abrirBaseMigrada`), as `main.ts` starts it before it loads this module;
 * opened here without it.
 */
export async function iniciarServicio(
  configuracion: Configuracion,
  registro: Registro = crearRegistro(configuracion.nivelDeRegistro),
  abriendo?: Promise<BaseDeDatos>,
): Promise<Servicio> {
  const enMemoria = configuracion.cacheEnProceso ?? configuracion.cacheDelCatalogo === undefined;
  if (enMemoria && configuracion.cacheDelCatalogo !== undefined) {
    await abriendo?.then((base) => base.cerrar()).catch(() => {});
    throw new Error('the catalogue cache in process and the one in Redis exclude each other (decision 0030)');
  }
  const baseDeDatos = await (abriendo ?? abrirBaseMigrada(configuracion, registro));

  let cuentaDeDesarrollo: CuentaDeDesarrollo | undefined;
  let deFichas: ReturnType<typeof fichas>;
  let secreto: string;
  try {
    secreto = await secretoDeFichas(configuracion, registro);
    deFichas = fichas({ secreto, duracionSegundos: configuracion.duracionDeFichaSegundos ?? 900 });
    cuentaDeDesarrollo = await cuentasDeArranque(configuracion, repositorioDeCuentas(baseDeDatos.sql), registro);
  } catch (error) {
    await baseDeDatos.cerrar();
    throw error;
  }

  // Its client's module is loaded only for a Redis to connect to, 0.1 s of the start-up of a service without one
  // (performance.md); the connection is not awaited: the service starts, and counts in the process, whether Redis is
  // there yet or not.
  const redis: ConexionRedis | undefined =
    configuracion.urlDeRedis === undefined
      ? undefined
      : (await import('./redis.ts')).conectarRedis(
          configuracion.urlDeRedis,
          configuracion.prefijoDeRedis ?? 'pedidos',
          registro,
        );
  // The limits' keys (accounts, addresses, emails) are kept as HMACs, under a key derived from the tokens'
  // key: a secret every process of the service shares, as the counts must be.
  const deLimites = {
    registro,
    redis,
    secreto: createHmac('sha256', secreto).update('pedidos: las claves de los límites').digest('base64url'),
  };
  const limiteDePeticiones = limitador(
    { nombre: 'peticiones', ...(configuracion.limiteDePeticiones ?? PETICIONES_POR_OMISION) },
    deLimites,
  );
  const intentosDeAcceso = limitador(INTENTOS_DE_ACCESO, deLimites);
  const consumidores = configuracion.consumidores === false ? [] : CONSUMIDORES_DEL_SERVICIO;
  const metricas = crearMetricas({
    maxConexiones: baseDeDatos.sql.options.max,
    redisDisponible: redis?.disponible,
    estadoDelOutbox: correRelay(configuracion.urlDeRabbitMq, consumidores)
      ? () => estadoDelOutbox(baseDeDatos.sql)
      : undefined,
    consumidores: consumidores.map((c) => c.nombre),
  });
  const enRedis: CacheDelCatalogo =
    redis === undefined || configuracion.cacheDelCatalogo === undefined
      ? sinCache
      : cacheDelCatalogo({
          redis,
          segundos: configuracion.cacheDelCatalogo.segundos,
          registro,
          contar: metricas.contarCacheDelCatalogo,
        });
  // Or the catalogue in memory, emptied by the notice of every change committed on the server (cache-en-proceso.ts);
  // on the embedded database this process is alone, and its own changes empty it. Not in front of Redis's: a miss
  // there could fetch an entry that the writer's INCR has not yet hidden, after the notice emptied this one.
  let avisado = false;
  const enProceso = !enMemoria
    ? undefined
    : cacheEnProceso({
        escuchando: baseDeDatos.escuchar === undefined,
        contar: metricas.contarCacheEnProceso,
      });
  const escuchaDelCatalogo =
    enProceso === undefined
      ? undefined
      : baseDeDatos.escuchar?.(CANAL_DEL_CATALOGO, {
          aviso: enProceso.cambio,
          estado: (escuchando, error) => {
            enProceso.estado(escuchando);
            // Once an outage: the cache keeps nothing meanwhile, and the reads go to the database.
            if (escuchando) avisado = false;
            else if (error !== undefined && !avisado) {
              avisado = true;
              registro.warn('cannot LISTEN for the catalogue changes: its reads go to the database until it can', {
                channel: CANAL_DEL_CATALOGO,
                ...describirError(error),
              });
            }
          },
        });
  const catalogo: CacheDelCatalogo = enProceso ?? enRedis;
  // Not a reason to stop: a deployment that takes no payments by webhook runs as it did (decision 0023).
  if (configuracion.secretoDeWebhookDePagos === undefined) {
    registro.warn('PAGOS_WEBHOOK_SECRETO is not set: every payment notice will be refused with 401', {
      route: '/pagos/webhook',
    });
  }

  /**
   * The use cases over `sql`; after each change of the catalogue, `alCambiar`
   * (see `invalidandoElCatalogo`). Inside a transaction the reads keep
   * nothing in the cache (what they see may not have committed): they go to
   * the database, but for a new pedido's productos, which may come from what
   * the cache in process already keeps (`sinGuardar`).
   */
  const casosSobre = (sql: Consulta, alCambiar: () => Promise<void>, deLaCache: CacheDelCatalogo) =>
    invalidandoElCatalogo(
      casosDeUso({
        clientes: repositorioDeClientes(sql),
        productos: repositorioDeProductos(sql),
        pedidos: repositorioDePedidos(sql),
        cuentas: repositorioDeCuentas(sql),
        ventas: informeDeVentas(sql),
        catalogo: deLaCache,
        fichas: deFichas,
        intentosDeAcceso,
        reloj: () => new Date(),
        nuevoId: randomUUID,
      }),
      alCambiar,
    );
  const app = crearApp({
    fichas: deFichas,
    // Each change commits on its own: the version is bumped as soon as it has.
    casos: casosSobre(baseDeDatos.sql, catalogo.invalidar, catalogo),
    // A change under an idempotency key commits with its kept answer, after `trabajo`: the version is bumped then.
    idempotente: (dueno, clave, huella, trabajo) => {
      let cambiado = false;
      const anotar = async () => {
        cambiado = true;
      };
      const hecho = conClaveDeIdempotencia(baseDeDatos.sql, dueno, clave, huella, (tx) =>
        trabajo(casosSobre(tx, anotar, enProceso?.sinGuardar ?? sinCache)),
      );
      return new ResultAsync(
        (async () => {
          try {
            return await hecho;
          } finally {
            // A change rolled back after all costs an INCR, which is harmless.
            if (cambiado) await catalogo.invalidar();
          }
        })(),
      );
    },
    baseDeDatosResponde: () => respondeLaBaseDeDatos(baseDeDatos),
    registro,
    metricas,
    tokenDeMetricas: configuracion.tokenDeMetricas,
    origenesCors: configuracion.origenesCors,
    limiteDePeticiones,
    secretoDeWebhookDePagos: configuracion.secretoDeWebhookDePagos,
  });

  // Answers kept for idempotency keys expire after a day, published events and deliveries after the retention;
  // a sweep every hour deletes them.
  const dias = configuracion.retencionDeEventosDias ?? DIAS_DE_RETENCION_POR_OMISION;
  const podarUno = (que: string, poda: () => Promise<number>) =>
    poda().then(
      (borradas) => borradas > 0 && registro.info(`${que} deleted`, { count: borradas }),
      (error: unknown) => registro.warn(`could not delete ${que}`, describirError(error)),
    );
  const podar = async () => {
    await podarUno('expired idempotency keys', () => podarClavesCaducadas(baseDeDatos.sql));
    await podarUno('published events past their retention', () => podarEventosPublicados(baseDeDatos.sql, { dias }));
    await podarUno('deliveries past their retention', () => podarEntregas(baseDeDatos.sql, { dias }));
  };
  void podar();
  const poda = setInterval(podar, 60 * 60 * 1000);
  poda.unref();

  // The relay and the consumers (eventos/flujo.ts): to RabbitMQ with RABBITMQ_URL, in process without it.
  const flujo: FlujoDeEventos | undefined = iniciarFlujoDeEventos({
    baseDeDatos,
    urlDeRabbitMq: configuracion.urlDeRabbitMq,
    consumidores,
    registro,
    metricas,
  });
  // The embedded database cannot tell a listener of a commit: after a change here has answered (so committed), the
  // relay looks at once instead of at its next poll. On a server, the commit's NOTIFY does it for every process.
  const fetch: typeof app.fetch =
    flujo === undefined || baseDeDatos.tipo !== 'pglite'
      ? app.fetch
      : async (peticion, ...resto) => {
          const respuesta = await app.fetch(peticion, ...resto);
          if (!LECTURAS.has(peticion.method)) flujo.despertar();
          return respuesta;
        };
  // Confirmed pedidos left unpaid past the deadline are cancelled as `PATCH …/cancelar` would (decision 0027); the
  // cache is told after each commit, as after a request, and the relay woken after the round.
  const plazoDePago = iniciarPlazoDePago({
    sql: baseDeDatos.sql,
    segundos: configuracion.plazoDePagoSegundos ?? PLAZO_DE_PAGO_POR_OMISION,
    casos: (tx) => casosSobre(tx, async () => {}, sinCache),
    registro,
    trasCancelar: catalogo.invalidar,
    alCancelar: (cuantos) => {
      metricas.contarPlazosVencidos(cuantos);
      flujo?.despertar();
    },
  });
  // What the service holds besides its server, let go in order: the relay's last round marks what the broker
  // confirmed, and a consumer's last delivery commits, so the database must still be open for them, and for the
  // deadline's last round.
  const soltar = async () => {
    await plazoDePago.detener();
    await flujo
      ?.detener()
      .catch((error: unknown) => registro.warn('the event stream did not stop cleanly', describirError(error)));
    await escuchaDelCatalogo?.detener();
    await Promise.all([baseDeDatos.cerrar(), redis?.cerrar()]);
  };
  const servidor = createAdaptorServer({ fetch });
  if (!(servidor instanceof Server)) throw new Error('Se esperaba un servidor HTTP/1.1');
  // Bytes that are not an HTTP/1.1 request, headers over 16 KiB, a request too slow
  // to arrive: Node would answer with an empty body; the contract wants problem+json.
  servidor.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: no answer when the connection is gone, or when the
    // answer to an earlier request on it has begun.
    const enCurso = (socket as { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || enCurso?._headerSent === true) {
      registro.debug('malformed request', { code: error.code, message: error.message });
      socket.destroy();
      return;
    }
    const id = idDePeticion(undefined);
    const errorDeMarco = errorDeTransporte(error.code);
    registro.info('malformed request', { request_id: id, kind: errorDeMarco.kind, code: error.code });
    // Closed once written, even if the client keeps its side open.
    socket.end(respuestaDeTransporte(errorDeMarco, id), () => socket.destroy());
  });
  servidor.listen(configuracion.puerto, configuracion.host);
  try {
    await once(servidor, 'listening');
  } catch (error) {
    await soltar();
    throw error;
  }
  const { port: puerto } = servidor.address() as AddressInfo;

  let detenido: Promise<void> | undefined;
  const detener = async (plazoMs = 10_000): Promise<void> => {
    const cerrado = new Promise<void>((resolver) => servidor.close(() => resolver()));
    // Keep-alive connections that go idle while we wait are closed as they do;
    // after the grace period, whatever is left is cut.
    const ociosas = setInterval(() => servidor.closeIdleConnections(), 100);
    const corte = setTimeout(() => servidor.closeAllConnections(), plazoMs);
    clearInterval(poda);
    try {
      await cerrado;
    } finally {
      clearInterval(ociosas);
      clearTimeout(corte);
      await soltar();
    }
  };

  return {
    url: `http://localhost:${puerto}`,
    puerto,
    baseDeDatos,
    cuentaDeDesarrollo,
    detener: (plazoMs) => {
      detenido ??= detener(plazoMs);
      return detenido;
    },
  };
}
