/**
 * The relay's claims on the outbox (persistence.md, "The relay"): only the
 * earliest unpublished event of each aggregate, leased; a failed publish
 * backs its aggregate off; a dead relay's lease runs out; two relays at once
 * on a server never hold two events of one aggregate, so that what they
 * publish keeps each aggregate's order; a commit wakes a listening relay.
 *
 * The publisher here is a function that keeps what it was given: the broker
 * is the api's (its tests use the real RabbitMQ). On a server, each test has
 * a database of its own, since a claim takes any aggregate's events.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as esperar } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  abrirBaseDeDatos,
  aplazarEventos,
  type BaseDeDatos,
  type Consulta,
  type EventoPorPublicar,
  estadoDelOutbox,
  eventosSinPublicar,
  iniciarRelay,
  marcarPublicados,
  migrar,
  podarEntregas,
  podarEventosPublicados,
  procesarCadaUnaVez,
  procesarUnaVez,
  reclamarEventos,
  soltarAparcados,
} from '../src/index.ts';
import { bases } from './apoyo.ts';

/** A migrated database of the test's own, and how to be rid of it. */
async function basePropia(
  url: string | undefined,
): Promise<{ db: BaseDeDatos; abrirOtra(): Promise<BaseDeDatos>; borrar(): Promise<void> }> {
  if (url === undefined) {
    const db = await abrirBaseDeDatos();
    await migrar(db.sql);
    return {
      db,
      abrirOtra: () => Promise.reject(new Error('the embedded database is one session')),
      borrar: () => db.cerrar(),
    };
  }
  const nombre = `pedidos_relay_${randomUUID().replaceAll('-', '')}`;
  const admin = await abrirBaseDeDatos({ url, maxConexiones: 1 });
  await admin.sql.unsafe(`CREATE DATABASE ${nombre}`);
  const propia = new URL(url);
  propia.pathname = `/${nombre}`;
  const abiertas: BaseDeDatos[] = [];
  const abrirOtra = async () => {
    const otra = await abrirBaseDeDatos({ url: propia.href });
    abiertas.push(otra);
    return otra;
  };
  const db = await abrirOtra();
  await migrar(db.sql);
  return {
    db,
    abrirOtra,
    borrar: async () => {
      for (const b of abiertas) await b.cerrar();
      await admin.sql.unsafe(`DROP DATABASE IF EXISTS ${nombre} WITH (FORCE)`);
      await admin.cerrar();
    },
  };
}

/** `n` events of one producto, after those it has, as a change would append them. */
async function anotar(db: BaseDeDatos, productoId: string, n: number): Promise<void> {
  await db.sql`
    INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
    SELECT 'StockFijado', 'producto', ${productoId},
           coalesce((SELECT max(secuencia) FROM eventos WHERE agregado_id = ${productoId}), 0) + g, '{}'::jsonb, now()
    FROM generate_series(1, ${n}) g`;
}

const porAgregado = (eventos: readonly EventoPorPublicar[]) =>
  eventos.map((e) => `${e.agregadoId}#${e.secuencia}`).sort();

describe.each(bases())('the relay on $nombre', ({ url }) => {
  it('claims only the earliest unpublished event of each aggregate, and an aggregate with a claim waits whole', async () => {
    const { db, borrar } = await basePropia(url);
    try {
      const [a, b] = [randomUUID(), randomUUID()];
      await anotar(db, a, 3);
      await anotar(db, b, 2);
      const primera = await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 });
      expect(porAgregado(primera)).toEqual([`${a}#1`, `${b}#1`].sort());
      expect(primera.every((e) => e.intentos === 1)).toBe(true);
      // Claimed: nothing of either aggregate may go before their first is published.
      expect(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 })).toEqual([]);
      await marcarPublicados(
        db.sql,
        primera.filter((e) => e.agregadoId === a).map((e) => e.id),
      );
      expect(porAgregado(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 }))).toEqual([`${a}#2`]);
      expect(await eventosSinPublicar(db.sql)).toBe(4);
    } finally {
      await borrar();
    }
  });

  it('claims an aggregate whole, its first events in order; a failure stops it there and gives the rest back untried', async () => {
    const { db, borrar } = await basePropia(url);
    try {
      const [a, b] = [randomUUID(), randomUUID()];
      await anotar(db, a, 5);
      await anotar(db, b, 2);
      const tanda = await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30, porAgregado: 3 });
      expect(porAgregado(tanda)).toEqual([`${a}#1`, `${a}#2`, `${a}#3`, `${b}#1`, `${b}#2`].sort());
      // Claimed through its earliest: no other relay takes a's 4th while the first three are out.
      expect(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30, porAgregado: 3 })).toEqual([]);
      await marcarPublicados(
        db.sql,
        tanda.map((e) => e.id),
      );

      const intentados: string[] = [];
      const relay = iniciarRelay({
        sql: db.sql,
        escuchar: false,
        sondeoMs: 100,
        porAgregado: 5,
        publicar: async (evento) => {
          intentados.push(`${evento.secuencia}`);
          if (evento.secuencia === 4 && intentados.filter((x) => x === '4').length === 1) throw new Error('once');
        },
      });
      try {
        await hastaQue(async () => (await eventosSinPublicar(db.sql)) === 0, 15_000);
        // 4 failed once; 5 was not tried after it, then both went, in order, after 4's backoff (1 s).
        expect(intentados).toEqual(['4', '4', '5']);
        const [quinto] = await db.sql<{ intentos: number }[]>`
          SELECT intentos FROM eventos WHERE agregado_id = ${a} AND secuencia = 5`;
        expect(quinto?.intentos).toBe(1);
      } finally {
        await relay.detener();
      }
    } finally {
      await borrar();
    }
  });

  it('a failed publish waits its backoff with its aggregate; a lease that ran out gives the event back', async () => {
    const { db, borrar } = await basePropia(url);
    try {
      const a = randomUUID();
      await anotar(db, a, 2);
      // A relay that claimed and died: its lease (0 s here) runs out, and the same event comes back.
      const [muerto] = await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 0 });
      await esperar(20);
      const [otra] = await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 });
      expect(otra?.eventoId).toBe(muerto?.eventoId);
      expect(otra?.intentos).toBe(2);
      // Its publish failed: backed off for an hour, it and the event behind it wait.
      await aplazarEventos(db.sql, [otra?.id ?? 0], 3600);
      expect(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 })).toEqual([]);
      await aplazarEventos(db.sql, [otra?.id ?? 0], 0);
      await esperar(20);
      const [tercera] = await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 });
      expect([tercera?.secuencia, tercera?.intentos]).toEqual([1, 3]);
    } finally {
      await borrar();
    }
  });

  it('publishes what committed before it started, wakes on a commit, and marks only what was confirmed', async () => {
    const { db, borrar } = await basePropia(url);
    const publicados: EventoPorPublicar[] = [];
    let fallar = true;
    const fallos: number[] = [];
    try {
      const [a, b] = [randomUUID(), randomUUID()];
      await anotar(db, a, 3);
      const relay = iniciarRelay({
        sql: db.sql,
        escuchar: db.tipo === 'postgres',
        // No poll within the test: what it publishes it was woken for.
        sondeoMs: 600_000,
        publicar: async (evento) => {
          if (fallar && evento.agregadoId === b) throw new Error('the broker said no');
          publicados.push(evento);
        },
        avisos: { falloAlPublicar: (_evento, _error, segundos) => fallos.push(segundos) },
      });
      try {
        await hastaQue(() => publicados.length === 3);
        expect(publicados.map((e) => e.secuencia)).toEqual([1, 2, 3]);
        await anotar(db, b, 2);
        // A server's NOTIFY wakes it; the embedded database's service nudges it after each commit.
        if (db.tipo === 'pglite') relay.despertar();
        await hastaQue(() => fallos.length === 1);
        expect(fallos).toEqual([1]);
        expect(await eventosSinPublicar(db.sql)).toBe(2);
        fallar = false;
        await aplazarEventos(db.sql, (await pendientes(db)).slice(0, 1), 0);
        relay.despertar();
        await hastaQue(() => publicados.length === 5);
        expect(publicados.slice(3).map((e) => [e.agregadoId, e.secuencia])).toEqual([
          [b, 1],
          [b, 2],
        ]);
        await hastaQue(async () => (await eventosSinPublicar(db.sql)) === 0);
      } finally {
        await relay.detener();
      }
    } finally {
      await borrar();
    }
  });

  it('parks an event after its own failures, not after a broker away; its aggregate waits, the others go on', async () => {
    const { db, borrar } = await basePropia(url);
    const publicados: EventoPorPublicar[] = [];
    const aparcados: EventoPorPublicar[] = [];
    const pasajero = new Error('the broker is away');
    let intentosDeA = 0;
    let arreglado = false;
    try {
      const [a, b] = [randomUUID(), randomUUID()];
      await anotar(db, a, 2);
      await anotar(db, b, 2);
      const relay = iniciarRelay({
        sql: db.sql,
        escuchar: false,
        sondeoMs: 100,
        aparcarTras: 2,
        esPasajero: (error) => error === pasajero,
        publicar: async (evento) => {
          if (evento.agregadoId === a && !arreglado) {
            intentosDeA++;
            // Twice away (which never parks), then twice its own: parked at the second.
            throw intentosDeA <= 2 ? pasajero : new Error('refused');
          }
          publicados.push(evento);
        },
        avisos: { aparcado: (evento) => aparcados.push(evento) },
      });
      try {
        await hastaQue(() => aparcados.length === 1, 20_000);
        expect(intentosDeA).toBe(4);
        expect([aparcados[0]?.agregadoId, aparcados[0]?.secuencia]).toEqual([a, 1]);
        await hastaQue(() => publicados.length === 2);
        expect(publicados.map((e) => [e.agregadoId, e.secuencia])).toEqual([
          [b, 1],
          [b, 2],
        ]);
        // Parked, it is claimed no more, and a's second event waits behind it.
        await esperar(300);
        expect(intentosDeA).toBe(4);
        expect(await reclamarEventos(db.sql, { lote: 10, arriendoSegundos: 30 })).toEqual([]);
        const estado = await estadoDelOutbox(db.sql);
        expect([estado.sinPublicar, estado.aparcados]).toEqual([2, 1]);
        // a's second event waits behind the parked one: the operator's, not the relays' lag.
        expect(estado.retrasoSegundos).toBe(0);
        arreglado = true;
        expect(await soltarAparcados(db.sql)).toBe(1);
        await hastaQue(() => publicados.length === 4);
        expect(publicados.slice(2).map((e) => [e.agregadoId, e.secuencia])).toEqual([
          [a, 1],
          [a, 2],
        ]);
        expect(await estadoDelOutbox(db.sql)).toEqual({ sinPublicar: 0, aparcados: 0, retrasoSegundos: 0 });
      } finally {
        await relay.detener();
      }
    } finally {
      await borrar();
    }
  });

  it("prunes old published events but a pedido's and each aggregate's last; the next event's secuencia follows on", async () => {
    const { db, borrar } = await basePropia(url);
    try {
      const [viejo, reciente, pedido] = [randomUUID(), randomUUID(), randomUUID()];
      await anotar(db, viejo, 4);
      await anotar(db, reciente, 2);
      await db.sql`
        INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, version, datos, ocurrido_en)
        SELECT 'PedidoEntregado', 'pedido', ${pedido}, g, g, '{}'::jsonb, now() FROM generate_series(1, 3) g`;
      await db.sql`UPDATE eventos SET publicado_en = now() - interval '8 days'`;
      await db.sql`UPDATE eventos SET publicado_en = now() - interval '6 days' WHERE agregado_id = ${reciente}`;
      // One of the old producto's still unpublished: never pruned, whatever its age.
      await db.sql`UPDATE eventos SET publicado_en = NULL WHERE agregado_id = ${viejo} AND secuencia = 3`;
      expect(await podarEventosPublicados(db.sql, { dias: 7, lote: 1 })).toBe(2);
      const quedan = await db.sql<{ agregadoId: string; secuencia: number }[]>`
        SELECT agregado_id, secuencia FROM eventos ORDER BY agregado_id, secuencia`;
      const de = (id: string) => quedan.filter((f) => f.agregadoId === id).map((f) => f.secuencia);
      expect(de(viejo)).toEqual([3, 4]);
      expect(de(reciente)).toEqual([1, 2]);
      expect(de(pedido)).toEqual([1, 2, 3]);
      expect(await podarEventosPublicados(db.sql, { dias: 7 })).toBe(0);
      await anotar(db, viejo, 1);
      const [ultimo] = await db.sql<{ secuencia: number }[]>`
        SELECT max(secuencia)::int AS secuencia FROM eventos WHERE agregado_id = ${viejo}`;
      expect(ultimo?.secuencia).toBe(5);

      // The inbox forgets deliveries older than the retention only.
      const [antigua, nueva] = [randomUUID(), randomUUID()];
      for (const id of [antigua, nueva]) await procesarUnaVez(db.sql, 'prueba', id, async () => {});
      await db.sql`UPDATE entregas_procesadas SET procesado_en = now() - interval '8 days' WHERE evento_id = ${antigua}`;
      expect(await podarEntregas(db.sql, { dias: 7 })).toBe(1);
      expect(await procesarUnaVez(db.sql, 'prueba', nueva, async () => {})).toBe('repetida');
      expect(await procesarUnaVez(db.sql, 'prueba', antigua, async () => {})).toBe('procesada');
    } finally {
      await borrar();
    }
  });

  it('several deliveries in one transaction: each new event once, a known one not again; one throwing keeps none', async () => {
    const { db, borrar } = await basePropia(url);
    try {
      await db.sql`CREATE TABLE efectos (evento_id uuid)`;
      const efecto = async (tx: Consulta, id: string) => {
        await tx`INSERT INTO efectos VALUES (${id})`;
        await tx`SELECT 1`;
      };
      const efectos = async (ids: readonly string[]) =>
        (await db.sql<{ eventoId: string }[]>`SELECT evento_id FROM efectos WHERE evento_id = ANY(${[...ids]}::uuid[])`)
          .length;
      const [vieja, a, b] = [randomUUID(), randomUUID(), randomUUID()];
      await procesarUnaVez(db.sql, 'prueba', vieja, async () => {});
      // `a` twice (once in capitals): processed once.
      expect(await procesarCadaUnaVez(db.sql, 'prueba', [a, vieja, a.toUpperCase(), b], efecto)).toEqual([
        'procesada',
        'repetida',
        'repetida',
        'procesada',
      ]);
      expect(await efectos([vieja, a, b])).toBe(2);
      expect(await procesarCadaUnaVez(db.sql, 'prueba', [b, a], efecto)).toEqual(['repetida', 'repetida']);
      expect(await efectos([a, b])).toBe(2);

      const [c, d] = [randomUUID(), randomUUID()];
      const fallaEnD = async (tx: Consulta, id: string) => {
        await efecto(tx, id);
        if (id === d) throw new Error(`refused ${id}`);
      };
      await expect(procesarCadaUnaVez(db.sql, 'prueba', [c, d], fallaEnD)).rejects.toThrow(`refused ${d}`);
      expect(await efectos([c, d])).toBe(0);
      expect(await procesarCadaUnaVez(db.sql, 'prueba', [c], efecto)).toEqual(['procesada']);
      await expect(procesarCadaUnaVez(db.sql, 'prueba', [`{${d}}`], efecto)).rejects.toThrow('canonical');
    } finally {
      await borrar();
    }
  });

  it.runIf(url !== undefined)('two relays racing on a server keep the order of every aggregate', async () => {
    const { db, abrirOtra, borrar } = await basePropia(url);
    try {
      const otra = await abrirOtra();
      const agregados = Array.from({ length: 8 }, () => randomUUID());
      const enviados: EventoPorPublicar[] = [];
      /** Each relay takes a while for each event, so that the two overlap. */
      const publicar = async (evento: EventoPorPublicar) => {
        await esperar(Math.random() * 5);
        enviados.push(evento);
      };
      const relays = [db, otra].map((base) =>
        iniciarRelay({ sql: base.sql, escuchar: true, sondeoMs: 200, lote: 3, publicar }),
      );
      try {
        // Changes commit while both relays run.
        let porAgregado = 0;
        for (let ronda = 0; ronda < 10; ronda++) {
          await Promise.all(agregados.map((a) => anotar(db, a, 1 + (ronda % 3))));
          porAgregado += 1 + (ronda % 3);
        }
        const total = agregados.length * porAgregado;
        await hastaQue(async () => (await eventosSinPublicar(db.sql)) === 0, 30_000);
        expect(new Set(enviados.map((e) => e.eventoId)).size).toBe(total);
        for (const a of agregados) {
          const suyos = enviados.filter((e) => e.agregadoId === a).map((e) => e.secuencia);
          expect(suyos).toEqual(Array.from({ length: porAgregado }, (_, i) => i + 1));
        }
      } finally {
        await Promise.all(relays.map((r) => r.detener()));
      }
    } finally {
      await borrar();
    }
  });
});

async function pendientes(db: BaseDeDatos): Promise<number[]> {
  const filas = await db.sql<{ id: number }[]>`SELECT id FROM eventos WHERE publicado_en IS NULL ORDER BY id`;
  return filas.map((f) => f.id);
}

async function hastaQue(condicion: () => boolean | Promise<boolean>, plazoMs = 10_000): Promise<void> {
  const inicio = Date.now();
  while (!(await condicion())) {
    if (Date.now() - inicio > plazoMs) throw new Error(`no ocurrió en ${plazoMs} ms`);
    await esperar(20);
  }
}
