/**
 * The runtime of the service's consumers (decision 0025): whichever way an
 * event comes (in process from the outbox, or from the consumer's quorum
 * queue on the real RabbitMQ), its effect happens once however often it is
 * delivered, in `secuencia` order per subject; an effect that throws is
 * rolled back and the event comes again; one that always throws is parked
 * (in process) or dead-lettered (RabbitMQ) and holds nothing else back; a
 * message that is not an event goes to the dead letters at once.
 *
 * The consumer here writes what it saw to a table of the test's own, in its
 * transaction: what committed is what the test reads. Events are written to
 * the outbox as the repositories write them (a producto's `StockFijado`).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as esperar } from 'node:timers/promises';
import {
  abrirBaseDeDatos,
  type BaseDeDatos,
  type Consulta,
  type EventoPorPublicar,
  estadoDelOutbox,
  migrar,
  reclamarEventos,
} from '@pedidos/persistence';
import { Connection } from 'rabbitmq-client';
import { describe, expect, test } from 'vitest';
import { type CloudEvent, cloudEvent, TIPO_DE_CONTENIDO } from '../src/eventos/cloudevents.ts';
import { type Consumidor, EventoInaceptable } from '../src/eventos/consumidores.ts';
import { consumirDeRabbitMq, leerMensaje } from '../src/eventos/consumo-rabbitmq.ts';
import { alimentacionEnProceso, entregar } from '../src/eventos/entrega.ts';
import { iniciarPublicacion } from '../src/eventos/publicacion.ts';
import { publicadorRabbitMq } from '../src/eventos/rabbitmq.ts';
import { colaDeMuertosDe, INTERCAMBIO, LIMITE_DE_ENTREGAS } from '../src/eventos/topologia.ts';
import { crearRegistro } from '../src/registro.ts';
import { bases, crearBasePropia, EN_CI, hasta as hastaCada } from './apoyo.ts';
import { abrirProxyTcp } from './proxy-tcp.ts';
import { COMO_TENER_RABBITMQ, HAY_RABBITMQ, vhostDeLaSuite } from './rabbitmq.ts';

const registro = crearRegistro('silent');

const hasta = (condicion: () => boolean | Promise<boolean>, plazoMs = 10_000) =>
  hastaCada(condicion, { plazoMs, cadaMs: 25 });

/** A migrated database of the test's own (on the server, created and dropped), with the consumer's table. */
async function basePropia(url: string | undefined): Promise<{ db: BaseDeDatos; borrar(): Promise<void> }> {
  const propia = await crearBasePropia(url, 'pedidos_consumo');
  const db = await abrirBaseDeDatos({ url: propia.url });
  await migrar(db.sql);
  await db.sql`CREATE TABLE vistos (consumidor text, evento_id uuid, subject uuid, secuencia int, orden serial)`;
  return {
    db,
    borrar: async () => {
      await db.cerrar();
      await propia.borrar();
    },
  };
}

/** `n` events of one producto, after those it has, committed as the repositories write them. */
async function anotar(db: BaseDeDatos, productoId: string, n: number): Promise<void> {
  await db.sql`
    INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
    SELECT 'StockFijado', 'producto', ${productoId},
           coalesce((SELECT max(secuencia) FROM eventos WHERE agregado_id = ${productoId}), 0) + g,
           jsonb_build_object('productoId', ${productoId}::text, 'stockAnterior', g, 'stock', g + 1), now()
    FROM generate_series(1, ${n}) g`;
}

type Visto = { consumidor: string; eventoId: string; subject: string; secuencia: number };

const vistos = (db: BaseDeDatos) =>
  db.sql<Visto[]>`SELECT consumidor, evento_id, subject, secuencia FROM vistos ORDER BY orden`;

/** A consumer that records each event in `vistos`; `fallar` decides, per delivery, whether it throws after writing. */
function consumidorDePrueba(nombre: string, fallar: (evento: CloudEvent) => boolean = () => false): Consumidor {
  return {
    nombre,
    tipos: ['pedidos.producto.stock_fijado'],
    async manejar(tx: Consulta, evento: CloudEvent) {
      await tx`INSERT INTO vistos (consumidor, evento_id, subject, secuencia)
               VALUES (${nombre}, ${evento.id}, ${evento.subject}, ${evento.secuencia})`;
      // After its write: a failure must roll it back with the inbox's row.
      if (fallar(evento)) throw new Error(`${nombre} refuses ${evento.subject}#${evento.secuencia}`);
    },
  };
}

/** Each subject's events, as seen by one consumer, in the order it committed them. */
function porSujeto(filas: readonly Visto[], consumidor: string): Map<string, number[]> {
  const mapa = new Map<string, number[]>();
  for (const f of filas) {
    if (f.consumidor !== consumidor) continue;
    mapa.set(f.subject, [...(mapa.get(f.subject) ?? []), f.secuencia]);
  }
  return mapa;
}

const unoADiez = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(bases())('the consumers fed in process on $nombre', ({ url }) => {
  test('every event once, in order per subject; a failed delivery comes again; the other consumer has it once', async () => {
    const { db, borrar } = await basePropia(url);
    const [a, b] = [randomUUID(), randomUUID()];
    // Each of b's events fails its first delivery to "caprichoso" only.
    const fallidos = new Set<string>();
    const caprichoso = consumidorDePrueba('caprichoso', (evento) => {
      if (evento.subject !== b || fallidos.has(evento.id)) return false;
      fallidos.add(evento.id);
      return true;
    });
    const fiel = consumidorDePrueba('fiel');
    const publicacion = iniciarPublicacion({
      baseDeDatos: db,
      registro,
      publicador: {
        publicar: alimentacionEnProceso(db.sql, [fiel, caprichoso]),
        esPasajero: () => false,
        async cerrar() {},
      },
    });
    try {
      await anotar(db, a, 4);
      await anotar(db, b, 3);
      publicacion.despertar();
      await hasta(async () => (await estadoDelOutbox(db.sql)).sinPublicar === 0, 30_000);
      const filas = await vistos(db);
      for (const nombre of ['fiel', 'caprichoso']) {
        const suyos = porSujeto(filas, nombre);
        expect(suyos.get(a)).toEqual(unoADiez(4));
        expect(suyos.get(b)).toEqual(unoADiez(3));
      }
      expect(fallidos.size).toBe(3);
      const entregas = await db.sql`SELECT consumidor FROM entregas_procesadas`;
      expect(entregas.length).toBe(14);
    } finally {
      await publicacion.detener();
      await borrar();
    }
  });

  test('a consumer that takes several at once gets a round in one transaction; one that throws fails alone and comes again', async () => {
    const { db, borrar } = await basePropia(url);
    const sujetos = Array.from({ length: 6 }, () => randomUUID());
    const [fallon] = sujetos as [string];
    // The second event of `fallon` fails twice: in its batch, then delivered on its own; the third time it goes.
    let intentosDelFallon = 0;
    const varios: Consumidor = {
      ...consumidorDePrueba('varios', (evento) => {
        if (evento.subject !== fallon || evento.secuencia !== 2) return false;
        intentosDelFallon++;
        return intentosDelFallon <= 2;
      }),
      concurrencia: 8,
    };
    const avisados: string[] = [];
    const avisos = {
      fallida: (_: string, evento: CloudEvent) => avisados.push(`${evento.subject}#${evento.secuencia}`),
    };
    // Written before the relay starts, so that its first round claims them all: the first events of the six
    // subjects come in one batch, their second events in another, which the second of `fallon` makes fail.
    for (const sujeto of sujetos) await anotar(db, sujeto, 2);
    const publicacion = iniciarPublicacion({
      baseDeDatos: db,
      registro,
      publicador: {
        publicar: alimentacionEnProceso(db.sql, [varios], avisos),
        esPasajero: () => false,
        async cerrar() {},
      },
    });
    try {
      publicacion.despertar();
      await hasta(async () => (await estadoDelOutbox(db.sql)).sinPublicar === 0, 30_000);
      const suyos = porSujeto(await vistos(db), 'varios');
      for (const sujeto of sujetos) expect(suyos.get(sujeto)).toEqual([1, 2]);
      expect(intentosDelFallon).toBe(3);
      // Told once, for its own delivery; the batch's failure is no one else's.
      expect(avisados).toEqual([`${fallon}#2`]);
      // Rows of one transaction share its now(): a round's deliveries committed together.
      const [juntas] = await db.sql<{ mayor: number }[]>`
        SELECT max(n)::int AS mayor FROM (SELECT count(*) AS n FROM entregas_procesadas GROUP BY procesado_en) t`;
      expect(juntas?.mayor).toBeGreaterThan(1);
      expect((await db.sql`SELECT 1 FROM entregas_procesadas`).length).toBe(12);
      // Delivered again, all at once: each finds its inbox row, and nothing is seen twice.
      const eventos = await db.sql<EventoPorPublicar[]>`
        SELECT id, evento_id, tipo, agregado, agregado_id, secuencia, ocurrido_en, datos, intentos, fallos FROM eventos`;
      const otraVez = alimentacionEnProceso(db.sql, [{ ...varios, manejar: consumidorDePrueba('varios').manejar }]);
      await Promise.all(eventos.map((e) => otraVez(e)));
      expect((await vistos(db)).length).toBe(12);
    } finally {
      await publicacion.detener();
      await borrar();
    }
  });

  test('an event whose consumer always throws is parked with its subject; the other subjects go on', async () => {
    const { db, borrar } = await basePropia(url);
    const [a, b] = [randomUUID(), randomUUID()];
    const terco = consumidorDePrueba('terco', (evento) => evento.subject === a && evento.secuencia === 2);
    const publicacion = iniciarPublicacion({
      baseDeDatos: db,
      registro,
      publicador: { publicar: alimentacionEnProceso(db.sql, [terco]), esPasajero: () => false, async cerrar() {} },
    });
    try {
      await anotar(db, a, 3);
      await anotar(db, b, 2);
      // Not waiting for the ten failures and their backoff: the failures so far are set to nine.
      publicacion.despertar();
      await hasta(async () => porSujeto(await vistos(db), 'terco').get(b)?.length === 2, 20_000);
      await db.sql`UPDATE eventos SET fallos = 9, reclamado_hasta = NULL WHERE agregado_id = ${a} AND secuencia = 2`;
      publicacion.despertar();
      await hasta(async () => (await estadoDelOutbox(db.sql)).aparcados === 1, 20_000);
      const estado = await estadoDelOutbox(db.sql);
      expect(estado.sinPublicar).toBe(2);
      expect(porSujeto(await vistos(db), 'terco').get(a)).toEqual([1]);
      expect(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 })).toEqual([]);
    } finally {
      await publicacion.detener();
      await borrar();
    }
  });

  test('two deliveries of one event at once: one effect, and the other finds it done', async () => {
    const { db, borrar } = await basePropia(url);
    try {
      const p = randomUUID();
      await anotar(db, p, 1);
      const [porPublicar] = await reclamarEventos(db.sql, { lote: 1, arriendoSegundos: 30 });
      const evento = cloudEvent(porPublicar as EventoPorPublicar);
      const lento: Consumidor = {
        ...consumidorDePrueba('lento'),
        async manejar(tx, e) {
          await consumidorDePrueba('lento').manejar(tx, e);
          await esperar(100);
        },
      };
      const resultados = await Promise.all([
        entregar(db.sql, lento, evento),
        entregar(db.sql, lento, evento),
        entregar(db.sql, lento, evento),
      ]);
      expect(resultados.sort()).toEqual(['procesada', 'repetida', 'repetida']);
      expect((await vistos(db)).length).toBe(1);
    } finally {
      await borrar();
    }
  });
});

test.runIf(!HAY_RABBITMQ && EN_CI)('RabbitMQ is there for the tests of the consumers, as CI requires', () => {
  expect.fail(`RabbitMQ not found; ${COMO_TENER_RABBITMQ}`);
});

describe.runIf(HAY_RABBITMQ).each(bases())('the consumers on RabbitMQ, on $nombre', ({ url }) => {
  const vhost = vhostDeLaSuite();

  /** The service's relay publishing `db`'s outbox to the suite's vhost, declaring the queues of `consumidores`. */
  const relayAlVhost = (db: BaseDeDatos, consumidores: readonly Consumidor[] = []) =>
    iniciarPublicacion({
      baseDeDatos: db,
      registro,
      publicador: publicadorRabbitMq(vhost().url(), registro, consumidores),
    });

  /** A connection of the test's own to the vhost, to publish as a stranger would and to read the dead letters. */
  async function conexionDePrueba() {
    const conexion = new Connection({ url: vhost().url(), retryLow: 100, retryHigh: 1000 });
    conexion.on('error', () => {});
    const editor = conexion.createPublisher({ confirm: true });
    const muertos = async (consumidor: Consumidor) => {
      const { messageCount } = await conexion.queueDeclare({ queue: colaDeMuertosDe(consumidor), passive: true });
      return messageCount;
    };
    const unMuerto = async (consumidor: Consumidor) => {
      const canal = await conexion.acquire();
      try {
        return await canal.basicGet({ queue: colaDeMuertosDe(consumidor), noAck: true });
      } finally {
        await canal.close();
      }
    };
    return {
      enviar: (routingKey: string, cuerpo: Buffer, messageId: string = randomUUID()) =>
        editor.send({ exchange: INTERCAMBIO, routingKey, contentType: TIPO_DE_CONTENIDO, messageId }, cuerpo),
      muertos,
      unMuerto,
      cerrar: async () => {
        await editor.close();
        await conexion.close();
      },
    };
  }

  test('relay → exchange → quorum queue → effect: each once, in order; a repeated message has no second effect', async () => {
    const { db, borrar } = await basePropia(url);
    const nombre = `orden-${randomUUID().slice(0, 8)}`;
    const consumidor = consumidorDePrueba(nombre);
    let repetidas = 0;
    const consumo = consumirDeRabbitMq({
      url: vhost().url(),
      sql: db.sql,
      consumidores: [consumidor],
      registro,
      avisos: { entregada: (_c, _e, entrega) => entrega === 'repetida' && repetidas++ },
    });
    const publicacion = relayAlVhost(db);
    const prueba = await conexionDePrueba();
    try {
      // The queue exists (and is bound) before anything is published: what is published after is kept.
      await consumo.listo();
      const sujetos = Array.from({ length: 5 }, () => randomUUID());
      for (let ronda = 0; ronda < 4; ronda++) await Promise.all(sujetos.map((s) => anotar(db, s, 3)));
      publicacion.despertar();
      await hasta(async () => (await vistos(db)).length === 60, 30_000);
      const suyos = porSujeto(await vistos(db), nombre);
      for (const s of sujetos) expect(suyos.get(s)).toEqual(unoADiez(12));

      // The broker delivers at least once: the same event sent again is absorbed by the inbox.
      const [uno] = await db.sql<{ eventoId: string }[]>`SELECT evento_id FROM vistos LIMIT 1`;
      const [fila] = await db.sql<EventoPorPublicar[]>`
        SELECT id, evento_id, tipo, agregado, agregado_id, secuencia, ocurrido_en, datos, intentos, fallos
        FROM eventos WHERE evento_id = ${uno?.eventoId ?? ''}`;
      const otraVez = Buffer.from(JSON.stringify(cloudEvent(fila as EventoPorPublicar)));
      await prueba.enviar('pedidos.producto.stock_fijado', otraVez);
      await prueba.enviar('pedidos.producto.stock_fijado', otraVez);
      // Both copies were delivered, found in the inbox, and changed nothing.
      await hasta(() => repetidas === 2);
      expect((await vistos(db)).length).toBe(60);
      const [n] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM entregas_procesadas`;
      expect(n?.n).toBe(60);
    } finally {
      await prueba.cerrar();
      await Promise.all([consumo.detener(), publicacion.detener()]);
      await borrar();
    }
  });

  test('what is published before a consumer first runs waits in its queue, which the publisher declared', async () => {
    const { db, borrar } = await basePropia(url);
    const consumidor = consumidorDePrueba(`tarde-${randomUUID().slice(0, 8)}`);
    const publicacion = relayAlVhost(db, [consumidor]);
    let consumo: ReturnType<typeof consumirDeRabbitMq> | undefined;
    try {
      const s = randomUUID();
      await anotar(db, s, 5);
      publicacion.despertar();
      await hasta(async () => (await estadoDelOutbox(db.sql)).sinPublicar === 0);
      expect(await vistos(db)).toEqual([]);
      // The worker comes later: nothing was dropped meanwhile.
      consumo = consumirDeRabbitMq({ url: vhost().url(), sql: db.sql, consumidores: [consumidor], registro });
      await hasta(async () => (await vistos(db)).length === 5);
      expect(porSujeto(await vistos(db), consumidor.nombre).get(s)).toEqual(unoADiez(5));
    } finally {
      await Promise.all([consumo?.detener(), publicacion.detener()]);
      await borrar();
    }
  });

  test('not an event, or one its consumer cannot accept: dead-lettered at once; one that always throws: after the limit', async () => {
    const { db, borrar } = await basePropia(url);
    const nombre = `veneno-${randomUUID().slice(0, 8)}`;
    const [veneno, inaceptable] = [randomUUID(), randomUUID()];
    const consumidor = consumidorDePrueba(nombre, (evento) => evento.subject === veneno);
    let intentosDelVeneno = 0;
    let intentosDelInaceptable = 0;
    const contado: Consumidor = {
      ...consumidor,
      async manejar(tx, evento) {
        if (evento.subject === inaceptable) {
          intentosDelInaceptable++;
          throw new EventoInaceptable('not the shape this consumer knows');
        }
        if (evento.subject === veneno) intentosDelVeneno++;
        await consumidor.manejar(tx, evento);
      },
    };
    const consumo = consumirDeRabbitMq({ url: vhost().url(), sql: db.sql, consumidores: [contado], registro });
    const publicacion = relayAlVhost(db);
    const prueba = await conexionDePrueba();
    try {
      await consumo.listo();
      await prueba.enviar('pedidos.producto.stock_fijado', Buffer.from('{ not json'), 'roto');
      await hasta(async () => (await prueba.muertos(contado)) === 1);
      const [sano] = [randomUUID()];
      await anotar(db, veneno, 1);
      await anotar(db, sano, 2);
      publicacion.despertar();
      await hasta(async () => (await prueba.muertos(contado)) === 2, 30_000);
      // The broker stopped delivering it at its limit (returned at once each time, it took a moment); nothing
      // of it committed; the healthy subject went on.
      expect(intentosDelVeneno).toBe(LIMITE_DE_ENTREGAS + 1);
      expect(porSujeto(await vistos(db), nombre).get(sano)).toEqual([1, 2]);
      expect(porSujeto(await vistos(db), nombre).has(veneno)).toBe(false);
      const primero = await prueba.unMuerto(contado);
      expect(primero?.messageId).toBe('roto');
      const segundo = await prueba.unMuerto(contado);
      const evento = segundo === undefined ? undefined : leerMensaje(segundo.body);
      expect(evento?.subject).toBe(veneno);
      // What its consumer finds unacceptable is not tried again.
      await anotar(db, inaceptable, 1);
      publicacion.despertar();
      await hasta(async () => (await prueba.muertos(contado)) === 1, 30_000);
      expect(intentosDelInaceptable).toBe(1);
      expect(leerMensaje((await prueba.unMuerto(contado))?.body)?.subject).toBe(inaceptable);
    } finally {
      await prueba.cerrar();
      await Promise.all([consumo.detener(), publicacion.detener()]);
      await borrar();
    }
  });

  test.runIf(url !== undefined)(
    'while its database cannot be reached, a consumer keeps the event and counts no delivery; then it has it once',
    async () => {
      const { db, borrar } = await basePropia(url);
      const servidor = { host: db.sql.options.host[0] ?? '127.0.0.1', puerto: db.sql.options.port[0] ?? 5432 };
      const proxy = await abrirProxyTcp(servidor);
      const porElProxy = new URL(url ?? '');
      porElProxy.hostname = '127.0.0.1';
      porElProxy.port = String(proxy.puerto);
      porElProxy.pathname = `/${db.sql.options.database}`;
      const delConsumidor = await abrirBaseDeDatos({ url: porElProxy.href, maxConexiones: 1 });
      const consumidor = consumidorDePrueba(`sin-base-${randomUUID().slice(0, 8)}`);
      const consumo = consumirDeRabbitMq({
        url: vhost().url(),
        sql: delConsumidor.sql,
        consumidores: [consumidor],
        registro,
        pausa: () => 200,
      });
      const publicacion = relayAlVhost(db);
      const prueba = await conexionDePrueba();
      try {
        await consumo.listo();
        await proxy.cortar();
        const s = randomUUID();
        await anotar(db, s, 3);
        publicacion.despertar();
        await hasta(async () => (await estadoDelOutbox(db.sql)).sinPublicar === 0);
        // Far longer than ten deliveries would take were each failure returned to the queue.
        await esperar(4000);
        expect(await vistos(db)).toEqual([]);
        expect(await prueba.muertos(consumidor)).toBe(0);
        await proxy.restaurar();
        await hasta(async () => (await vistos(db)).length === 3, 30_000);
        expect(porSujeto(await vistos(db), consumidor.nombre).get(s)).toEqual([1, 2, 3]);
        expect(await prueba.muertos(consumidor)).toBe(0);
      } finally {
        await prueba.cerrar();
        await Promise.all([consumo.detener(), publicacion.detener()]);
        await delConsumidor.cerrar();
        await proxy.cerrar();
        await borrar();
      }
    },
    60_000,
  );
});
