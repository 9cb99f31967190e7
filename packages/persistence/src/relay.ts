/**
 * The relay of the outbox (decision 0024, persistence.md "The relay"): it
 * takes the events that committed in `eventos` and hands each to a publisher
 * (the broker), then marks it published. It knows nothing of the broker: the
 * publisher is a function that resolves once the broker has the event.
 *
 * Every conversation with the database is a short transaction of its own,
 * and none is open while the publisher runs: the embedded database is one
 * session, and a claim held open across a broker's timeout would stop every
 * request.
 */
import type { TipoDeAgregado } from '@pedidos/domain';
import type { Consulta, Sql } from './base-de-datos.ts';

/** A committed event the relay has claimed, as the publisher needs it. */
export type EventoPorPublicar = {
  /** The outbox's own id (its order of writing): what the relay marks. */
  readonly id: number;
  /** The event's UUID: the same on every attempt, what consumers deduplicate by. */
  readonly eventoId: string;
  readonly tipo: string;
  readonly agregado: TipoDeAgregado;
  readonly agregadoId: string;
  /** 1, 2, 3… in the history of its aggregate. */
  readonly secuencia: number;
  readonly ocurridoEn: Date;
  /** The event's fields as stored (camelCase keys, amounts as numbers), without `tipo` and `ocurridoEn`. */
  readonly datos: Readonly<Record<string, unknown>>;
  /** How many times it has been claimed, this one included. */
  readonly intentos: number;
  /** How many of the earlier attempts failed for a reason of its own (not a broker away): what parks it. */
  readonly fallos: number;
};

/** The channel of `LISTEN`/`NOTIFY` that migration 0010's trigger notifies after events commit. */
export const CANAL_DE_EVENTOS = 'pedidos_eventos';

/**
 * Claims, for `arriendoSegundos`, up to `lote` aggregates with unpublished
 * events, and of each its first `porAgregado` (1 unless given) unpublished
 * events in `secuencia` order: only when its earliest is neither parked nor
 * under another relay's claim. That is what keeps the order per aggregate
 * with several relays: an aggregate is claimed whole, through its earliest
 * event, so no relay can take a later event while another holds an earlier
 * one; and an aggregate whose earliest is claimed, backed off or parked
 * waits whole. The relay publishes a claimed aggregate's events one after
 * another, and stops at the first that fails.
 *
 * The candidates are the batch's earliest events by id, at most `lote`, and
 * only they are then locked, by their primary key: whatever the planner
 * guesses of the unpublished rows (a table just filled has no statistics),
 * it locks a bounded set, not a join over every unpublished row (which is
 * what a 4,500-row backlog once cost: 1.4 s a claim). The conditions are
 * checked again on the locked row, not on the list of earliest events (read
 * at the statement's start): a row another relay claimed or published since
 * is then left out, and one it holds locked now is skipped. One statement,
 * so one short transaction.
 */
export async function reclamarEventos(
  sql: Consulta,
  opciones: { readonly lote: number; readonly arriendoSegundos: number; readonly porAgregado?: number },
): Promise<EventoPorPublicar[]> {
  const filas = await sql<EventoPorPublicar[]>`
    WITH candidatos AS (
      SELECT id FROM (
        SELECT DISTINCT ON (agregado, agregado_id) id, aparcado_en, reclamado_hasta
        FROM eventos
        WHERE publicado_en IS NULL
        ORDER BY agregado, agregado_id, secuencia
      ) primeros
      WHERE aparcado_en IS NULL AND (reclamado_hasta IS NULL OR reclamado_hasta <= now())
      ORDER BY id
      LIMIT ${opciones.lote}
    ), duenos AS (
      SELECT e.agregado, e.agregado_id
      FROM eventos e
      WHERE e.id IN (SELECT id FROM candidatos)
        AND e.publicado_en IS NULL AND e.aparcado_en IS NULL
        AND (e.reclamado_hasta IS NULL OR e.reclamado_hasta <= now())
      FOR UPDATE OF e SKIP LOCKED
    ), tandas AS (
      SELECT t.id
      FROM duenos d CROSS JOIN LATERAL (
        SELECT f.id FROM eventos f
        WHERE f.agregado = d.agregado AND f.agregado_id = d.agregado_id AND f.publicado_en IS NULL
        ORDER BY f.secuencia
        LIMIT ${opciones.porAgregado ?? 1}
      ) t
    )
    UPDATE eventos e
    SET reclamado_hasta = now() + make_interval(secs => ${opciones.arriendoSegundos}),
        intentos = e.intentos + 1
    FROM tandas r
    WHERE e.id = r.id
    RETURNING e.id, e.evento_id, e.tipo, e.agregado, e.agregado_id, e.secuencia, e.ocurrido_en, e.datos, e.intentos, e.fallos`;
  return [...filas].sort((a, b) => a.id - b.id);
}

/** Marks events published, once the broker has confirmed them; their claims end with it. */
export async function marcarPublicados(sql: Consulta, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE eventos SET publicado_en = now(), reclamado_hasta = NULL
    WHERE id = ANY(${ids}::bigint[]) AND publicado_en IS NULL`;
}

/**
 * Gives an event whose publish failed back to the relays, but not before
 * `segundos`: its claim becomes its backoff, so that no relay tries it, nor
 * any later event of its aggregate, before then. `propio`: the failure was
 * the event's own, and counts towards parking it.
 */
export async function aplazarEventos(
  sql: Consulta,
  ids: readonly number[],
  segundos: number,
  propio = true,
): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE eventos
    SET reclamado_hasta = now() + make_interval(secs => ${segundos}),
        fallos = fallos + ${propio ? 1 : 0}
    WHERE id = ANY(${ids}::bigint[]) AND publicado_en IS NULL`;
}

/**
 * Sets aside events that kept failing for a reason of their own (decision
 * 0024, "Parking"): no relay claims them again, and the later events of
 * their aggregates wait behind them, so that the order per subject holds
 * once an operator has mended the cause and let them go (`soltarAparcados`).
 */
export async function aparcarEventos(sql: Consulta, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE eventos SET aparcado_en = now(), reclamado_hasta = NULL
    WHERE id = ANY(${ids}::bigint[]) AND publicado_en IS NULL`;
}

/** Gives parked events back to the relays, their attempts counted anew; how many there were. */
export async function soltarAparcados(sql: Consulta, ids?: readonly number[]): Promise<number> {
  const filas = await sql`
    UPDATE eventos SET aparcado_en = NULL, intentos = 0, fallos = 0
    WHERE aparcado_en IS NOT NULL AND publicado_en IS NULL
      ${ids === undefined ? sql`` : sql`AND id = ANY(${ids}::bigint[])`}
    RETURNING 1`;
  return filas.length;
}

/** The outbox as an operator watches it (the gauges of `/metrics`). */
export type EstadoDelOutbox = {
  /** Committed events not published yet, parked ones included: the backlog. */
  readonly sinPublicar: number;
  /** Of those, the parked ones, which wait for an operator. */
  readonly aparcados: number;
  /**
   * Seconds since the oldest unpublished event occurred, of the aggregates
   * with nothing parked: how far behind the relays are; 0 when none. An
   * aggregate behind a parked event shows in `aparcados`, not here, or the
   * lag would grow for ever for a reason the relays cannot mend.
   */
  readonly retrasoSegundos: number;
};

/** One statement over the unpublished rows alone (the partial index of migration 0010). */
export async function estadoDelOutbox(sql: Consulta): Promise<EstadoDelOutbox> {
  const [fila] = await sql<{ sinPublicar: number; aparcados: number; retrasoSegundos: number }[]>`
    SELECT count(*)::int AS sin_publicar,
           count(*) FILTER (WHERE aparcado_en IS NOT NULL)::int AS aparcados,
           coalesce(extract(epoch FROM now() - min(ocurrido_en) FILTER (WHERE NOT bloqueado)), 0)::float8
             AS retraso_segundos
    FROM (
      SELECT ocurrido_en, aparcado_en,
             bool_or(aparcado_en IS NOT NULL) OVER (PARTITION BY agregado, agregado_id) AS bloqueado
      FROM eventos WHERE publicado_en IS NULL
    ) sin_publicar`;
  return {
    sinPublicar: fila?.sinPublicar ?? 0,
    aparcados: fila?.aparcados ?? 0,
    retrasoSegundos: Math.max(0, fila?.retrasoSegundos ?? 0),
  };
}

/**
 * Deletes the events published more than `dias` ago that are no pedido's (a
 * pedido's are its history) and not the last of their aggregate (whose
 * `secuencia` the next event follows): migration 0015. It walks the published
 * events of productos and clientes in order of id, `lote` at a time, each
 * statement deleting what it may of its stretch, so that no statement holds
 * the (embedded) database for long however many there are. Returns how many
 * went.
 */
export async function podarEventosPublicados(
  sql: Consulta,
  { dias, lote = 5000 }: { readonly dias: number; readonly lote?: number },
): Promise<number> {
  let borrados = 0;
  let desde = 0;
  for (;;) {
    const [fila] = await sql<{ hasta: number | null; borrados: number }[]>`
      WITH tramo AS (
        SELECT id, agregado, agregado_id, secuencia, publicado_en FROM eventos
        WHERE publicado_en IS NOT NULL AND agregado <> 'pedido' AND id > ${desde}
        ORDER BY id LIMIT ${lote}
      ), borrados AS (
        DELETE FROM eventos e USING tramo t
        WHERE e.id = t.id AND t.publicado_en < now() - make_interval(days => ${dias})
          AND EXISTS (SELECT 1 FROM eventos m
                      WHERE m.agregado = t.agregado AND m.agregado_id = t.agregado_id AND m.secuencia > t.secuencia)
        RETURNING e.id
      )
      SELECT (SELECT max(id) FROM tramo) AS hasta, (SELECT count(*) FROM borrados)::int AS borrados`;
    borrados += fila?.borrados ?? 0;
    if (fila?.hasta === null || fila?.hasta === undefined) return borrados;
    desde = fila.hasta;
  }
}

/** Gives back claimed events that were not tried (one ahead of them failed): unclaimed, their attempt not counted. */
export async function devolverEventos(sql: Consulta, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE eventos SET reclamado_hasta = NULL, intentos = greatest(0, intentos - 1)
    WHERE id = ANY(${ids}::bigint[]) AND publicado_en IS NULL`;
}

/** How many committed events are not published yet: the outbox's backlog. */
export async function eventosSinPublicar(sql: Consulta): Promise<number> {
  return (await estadoDelOutbox(sql)).sinPublicar;
}

/** What the relay tells whoever runs it (the service logs it and counts it). */
export type AvisosDelRelay = {
  /** A publish failed; the event is tried again after `segundos`. */
  readonly falloAlPublicar?: (evento: EventoPorPublicar, error: unknown, segundos: number) => void;
  /** The database could not be asked; the relay tries again after `segundos`. */
  readonly falloDeBaseDeDatos?: (error: unknown, segundos: number) => void;
  /** An event failed `aparcarTras` times for a reason of its own and is parked, its aggregate with it. */
  readonly aparcado?: (evento: EventoPorPublicar, error: unknown) => void;
  /** Events were published and marked. */
  readonly publicados?: (eventos: readonly EventoPorPublicar[]) => void;
};

export type OpcionesDelRelay = {
  readonly sql: Sql;
  /** Resolves once the broker has the event (a publisher confirm), rejects otherwise. */
  readonly publicar: (evento: EventoPorPublicar) => Promise<void>;
  /**
   * Wake up on `LISTEN pedidos_eventos` (a server only: `sql.listen` opens a
   * connection of its own, which the embedded database, one session, has not).
   */
  readonly escuchar: boolean;
  /** How often to look without being told; the fallback when a notice is lost. */
  readonly sondeoMs?: number;
  /** Aggregates claimed in one round. */
  readonly lote?: number;
  /** Events of one aggregate claimed in one round, published one after another; 20 when not given. */
  readonly porAgregado?: number;
  /** How long a claim lasts: longer than a publish can take, short enough for a dead relay's claims to come back soon. */
  readonly arriendoSegundos?: number;
  readonly avisos?: AvisosDelRelay;
  /** After how many failed attempts an event is parked; 10 when not given. */
  readonly aparcarTras?: number;
  /**
   * Whether a failure says nothing of the event itself (the broker is away,
   * the connection was cut): such failures are tried again for ever, since
   * every event would fail alike, and never park one. Without it, every
   * failure counts.
   */
  readonly esPasajero?: (error: unknown) => boolean;
};

export type Relay = {
  /** Look now: after a commit in this process, say. Cheap when there is nothing to do. */
  despertar(): void;
  /** Stops after the round in flight, whose published events are marked; safe to call twice. */
  detener(): Promise<void>;
};

/** The backoff after the n-th failure: 1 s, 2 s, 4 s… up to 60 s. */
export const esperaTrasFallo = (intento: number) => Math.min(60, 2 ** Math.max(0, intento - 1));

/**
 * Starts a relay: it looks at once (events left by an earlier life, or
 * committed while no relay ran), after each notice or `despertar`, and every
 * `sondeoMs` in any case. Each round claims a batch (up to `lote`
 * aggregates, up to `porAgregado` events of each), publishes it (the
 * aggregates together, each one's events one after another), marks what the
 * broker confirmed, backs off the first failure of each aggregate and gives
 * back what came after it untried; a full batch, or one that published
 * anything, is followed by another round at once.
 */
export function iniciarRelay(opciones: OpcionesDelRelay): Relay {
  const { sql, publicar, avisos = {} } = opciones;
  const sondeoMs = opciones.sondeoMs ?? (opciones.escuchar ? 5000 : 1000);
  const lote = opciones.lote ?? 100;
  const porAgregado = opciones.porAgregado ?? 20;
  const arriendoSegundos = opciones.arriendoSegundos ?? 30;
  const aparcarTras = opciones.aparcarTras ?? 10;
  const esPasajero = opciones.esPasajero ?? (() => false);

  let activo = true;
  let pendiente = false;
  let enCurso: Promise<void> | undefined;
  let fallosDeBaseDeDatos = 0;
  let temporizador: NodeJS.Timeout | undefined;
  let despertador: (() => void) | undefined;

  const ronda = async (): Promise<boolean> => {
    const eventos = await reclamarEventos(sql, { lote, arriendoSegundos, porAgregado });
    if (eventos.length === 0) return false;
    // Each aggregate's events one after another, in `secuencia` order, and none after one that failed: a broker
    // takes what one channel sends in order, so n+1 is never published before n. The aggregates go together.
    const porAgregadoDe = new Map<string, EventoPorPublicar[]>();
    for (const evento of eventos) {
      const clave = `${evento.agregado}:${evento.agregadoId}`;
      porAgregadoDe.set(clave, [...(porAgregadoDe.get(clave) ?? []), evento]);
    }
    const publicados: EventoPorPublicar[] = [];
    const sinIntentar: number[] = [];
    const fallidos: { evento: EventoPorPublicar; error: unknown }[] = [];
    await Promise.all(
      [...porAgregadoDe.values()].map(async (suyos) => {
        suyos.sort((a, b) => a.secuencia - b.secuencia);
        for (const [i, evento] of suyos.entries()) {
          try {
            await publicar(evento);
            publicados.push(evento);
          } catch (error) {
            fallidos.push({ evento, error });
            sinIntentar.push(...suyos.slice(i + 1).map((e) => e.id));
            return;
          }
        }
      }),
    );
    const porEspera = new Map<string, { segundos: number; propio: boolean; ids: number[] }>();
    const aparcados: number[] = [];
    for (const { evento, error } of fallidos) {
      const propio = !esPasajero(error);
      if (propio && evento.fallos + 1 >= aparcarTras) {
        avisos.aparcado?.(evento, error);
        aparcados.push(evento.id);
        continue;
      }
      const segundos = esperaTrasFallo(evento.intentos);
      avisos.falloAlPublicar?.(evento, error, segundos);
      const clave = `${segundos}:${propio}`;
      const grupo = porEspera.get(clave) ?? { segundos, propio, ids: [] };
      grupo.ids.push(evento.id);
      porEspera.set(clave, grupo);
    }
    await marcarPublicados(
      sql,
      publicados.map((e) => e.id),
    );
    if (publicados.length > 0) avisos.publicados?.(publicados);
    for (const { segundos, propio, ids } of porEspera.values()) await aplazarEventos(sql, ids, segundos, propio);
    await aparcarEventos(sql, aparcados);
    await devolverEventos(sql, sinIntentar);
    return publicados.length > 0 || porAgregadoDe.size === lote;
  };

  const bucle = async () => {
    while (activo && pendiente) {
      pendiente = false;
      try {
        if (await ronda()) pendiente = true;
        fallosDeBaseDeDatos = 0;
      } catch (error) {
        fallosDeBaseDeDatos++;
        const segundos = esperaTrasFallo(fallosDeBaseDeDatos);
        avisos.falloDeBaseDeDatos?.(error, segundos);
        await dormir(segundos * 1000);
        pendiente = true;
      }
    }
  };

  /** Waits, unless `detener` cuts it short: a wake-up does not, or a failing database would be asked at once. */
  const dormir = (ms: number) =>
    new Promise<void>((resolver) => {
      const t = setTimeout(fin, ms);
      function fin() {
        clearTimeout(t);
        despertador = undefined;
        resolver();
      }
      despertador = fin;
    });

  const despertar = () => {
    if (!activo) return;
    pendiente = true;
    enCurso ??= bucle().finally(() => {
      enCurso = undefined;
      // A wake-up that came while the last round was finishing.
      if (activo && pendiente) despertar();
    });
  };

  const programar = () => {
    temporizador = setTimeout(() => {
      despertar();
      if (activo) programar();
    }, sondeoMs);
    temporizador.unref();
  };

  let escucha: Promise<{ unlisten(): Promise<void> } | undefined> = Promise.resolve(undefined);
  if (opciones.escuchar) {
    // `onlisten` runs again after every reconnect of the listening connection: the events
    // committed while it was down are caught up on there.
    escucha = sql.listen(CANAL_DE_EVENTOS, despertar, despertar).catch((error: unknown) => {
      avisos.falloDeBaseDeDatos?.(error, sondeoMs / 1000);
      return undefined;
    });
  }
  despertar();
  programar();

  let detenido: Promise<void> | undefined;
  return {
    despertar,
    detener: () => {
      detenido ??= (async () => {
        activo = false;
        clearTimeout(temporizador);
        despertador?.();
        await enCurso;
        await (await escucha)?.unlisten().catch(() => {});
      })();
      return detenido;
    },
  };
}
