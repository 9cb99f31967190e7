/**
 * The service's metrics, in Prometheus's text format for `GET /metrics`: the
 * time of each answer by route, the pedidos' transitions applied, the
 * refusals for lack of stock, the database pool as far as it can be seen, and
 * the reads of the catalogue's cache by what they found, the outbox's backlog
 * and the relay's publishes and failures (with `RABBITMQ_URL`), and the process's
 * own (memory, CPU, event-loop lag, garbage collection).
 *
 * Each service has a `Registry` of its own, so that services started in one
 * process (the tests start several) count apart; the process's metrics are the
 * same for all of them, and are collected once per process.
 */
import type { EstadoDelOutbox } from '@pedidos/persistence';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { RESULTADOS_DE_CACHE, type ResultadoDeCache } from './cache-del-catalogo.ts';
import { RESULTADOS_EN_PROCESO, type ResultadoEnProceso } from './cache-en-proceso.ts';
import type { Codigo } from './problemas.ts';
import {
  cancelarPedido,
  confirmarPedido,
  entregarPedido,
  enviarPedido,
  pagarPedido,
} from './recursos/pedidos/rutas.ts';

/** The `route` of an answer no route was found for (404, 405): one value, whatever the path asked. */
export const RUTA_DESCONOCIDA = 'desconocida';

/** The `method` of a method no route takes, so that no method can add values either. */
const METODOS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const OTRO_METODO = 'OTRO';

/** A path of the OpenAPI document as Hono's router writes it: `/pedidos/{id}` is `/pedidos/:id`. */
export const plantillaDeHono = (ruta: string) => ruta.replaceAll(/\{([^}]+)\}/g, ':$1');

/** Each transition by the method and route template that applies it. */
const TRANSICIONES: ReadonlyMap<string, string> = new Map(
  (
    [
      [confirmarPedido, 'confirmar'],
      [pagarPedido, 'pagar'],
      [enviarPedido, 'enviar'],
      [entregarPedido, 'entregar'],
      [cancelarPedido, 'cancelar'],
    ] as const
  ).map(([ruta, transicion]) => [`${ruta.method.toUpperCase()} ${plantillaDeHono(ruta.path)}`, transicion]),
);

/** What the metrics need of one answer. */
export type Observacion = {
  readonly metodo: string;
  /** The template of the route asked for (`/pedidos/:id/pagar`), or undefined when there is none. */
  readonly ruta: string | undefined;
  readonly status: number;
  readonly segundos: number;
  /** An idempotent replay (`Idempotency-Replayed: true`): its effect was counted when it happened. */
  readonly repetida: boolean;
  /** The problem code of the answer, when it is one. */
  readonly codigo: Codigo | undefined;
};

export type Metricas = {
  observar(observacion: Observacion): void;
  /** One read of the catalogue's cache, by what it found. */
  contarCacheDelCatalogo(resultado: ResultadoDeCache): void;
  /** One read of the catalogue kept in the process, by what it found. */
  contarCacheEnProceso(resultado: ResultadoEnProceso): void;
  /** Events the relay published and the broker confirmed. */
  contarEventosPublicados(cuantos: number): void;
  /** One publish the broker refused or could not take; its event is tried again. */
  contarFalloDePublicacion(): void;
  /** One event parked after its own failures. */
  contarAparcado(): void;
  /** One delivery to a consumer of the service, by what it did; with `retrasoSegundos` since the event occurred when it ended. */
  contarEntrega(consumidor: string, resultado: ResultadoDeEntrega, retrasoSegundos?: number): void;
  /** Pedidos the service cancelled because their payment deadline passed. */
  contarPlazosVencidos(cuantos: number): void;
  /** Every metric, in the text format. */
  texto(): Promise<string>;
  /** The Content-Type of `texto()`. */
  readonly tipoDeContenido: string;
};

export type OpcionesDeMetricas = {
  /** The connections the database pool may open, as configured. */
  readonly maxConexiones: number;
  /** Whether the service's Redis answers now, when it has one (`REDIS_URL`). */
  readonly redisDisponible?: (() => boolean) | undefined;
  /** The outbox's backlog, parked events and lag, when this process runs a relay. */
  readonly estadoDelOutbox?: (() => Promise<EstadoDelOutbox>) | undefined;
  /** The consumers this process runs: their counts are there from the start, at 0. */
  readonly consumidores?: readonly string[] | undefined;
};

/** What a delivery to a consumer did: its effect, nothing (seen before), or it threw. */
export type ResultadoDeEntrega = 'procesada' | 'repetida' | 'fallida';
const RESULTADOS_DE_ENTREGA: readonly ResultadoDeEntrega[] = ['procesada', 'repetida', 'fallida'];

let delProceso: Registry | undefined;

/**
 * The process's metrics (prom-client's defaults, `nodejs_eventloop_lag_seconds`
 * among them), in a registry of their own made on first use: collecting them
 * installs observers of the event loop and the garbage collector, which one
 * process needs once, however many services it starts.
 */
function metricasDelProceso(): Registry {
  if (delProceso === undefined) {
    delProceso = new Registry();
    collectDefaultMetrics({ register: delProceso });
  }
  return delProceso;
}

export function crearMetricas({
  maxConexiones,
  redisDisponible,
  estadoDelOutbox,
  consumidores = [],
}: OpcionesDeMetricas): Metricas {
  const registro = new Registry();
  const proceso = metricasDelProceso();

  const duracion = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request reaching the application to its answer being handed to Node, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registro],
  });
  const transiciones = new Counter({
    name: 'pedidos_transiciones_total',
    help: 'Transitions of pedidos applied (a 2xx of their route that is not an idempotent replay), by transition.',
    labelNames: ['transicion'] as const,
    registers: [registro],
  });
  const rechazosPorStock = new Counter({
    name: 'pedidos_rechazos_por_stock_total',
    help: 'Answers 409 STOCK_INSUFICIENTE (not counting idempotent replays).',
    registers: [registro],
  });
  new Gauge({
    name: 'pedidos_base_de_datos_conexiones_max',
    help: 'Connections the database pool may open, as configured (1 for the embedded database).',
    registers: [registro],
  }).set(maxConexiones);
  if (redisDisponible !== undefined) {
    new Gauge({
      name: 'pedidos_redis_disponible',
      help: 'Whether Redis answers (1) or not (0); while it does not, each process counts the limits alone.',
      registers: [registro],
      collect() {
        this.set(redisDisponible() ? 1 : 0);
      },
    });
  }
  if (estadoDelOutbox !== undefined) {
    // One statement per scrape for the three gauges: the first to collect asks, the others share its answer.
    let lectura: Promise<EstadoDelOutbox> | undefined;
    const leer = () => {
      lectura ??= estadoDelOutbox().finally(() => setImmediate(() => (lectura = undefined)));
      return lectura;
    };
    const medidas: readonly [string, string, keyof EstadoDelOutbox][] = [
      [
        'pedidos_eventos_sin_publicar',
        "Committed events the relay has not published yet, parked ones included (the outbox's backlog); read from the database at each scrape.",
        'sinPublicar',
      ],
      [
        'pedidos_eventos_aparcados',
        'Events parked after ten failures of their own; they, and the later events of their aggregates, wait for an operator.',
        'aparcados',
      ],
      [
        'pedidos_eventos_retraso_segundos',
        'Seconds since the oldest unpublished event of an aggregate with nothing parked occurred (the relay lag); 0 when none waits.',
        'retrasoSegundos',
      ],
    ];
    for (const [name, help, campo] of medidas) {
      new Gauge({
        name,
        help,
        registers: [registro],
        // A database that does not answer leaves the last value: /metrics still answers, and says the rest.
        async collect() {
          try {
            this.set((await leer())[campo]);
          } catch {
            // Kept as it was; the failure itself shows in /ready and in the relay's log.
          }
        },
      });
    }
  }
  const eventosPublicados = new Counter({
    name: 'pedidos_eventos_publicados_total',
    help: "Events the relay published and saw safe: confirmed by RABBITMQ_URL's broker or, without one, committed by the service's consumers in process (a redelivery counts again).",
    registers: [registro],
  });
  const fallosDePublicacion = new Counter({
    name: 'pedidos_eventos_fallos_de_publicacion_total',
    help: 'Publishes of an event the broker refused or could not take; the event is tried again after a backoff.',
    registers: [registro],
  });
  const aparcados = new Counter({
    name: 'pedidos_eventos_aparcamientos_total',
    help: 'Events this process parked after ten failures of their own.',
    registers: [registro],
  });
  const entregas = new Counter({
    name: 'pedidos_consumidor_entregas_total',
    help: "Deliveries of an event to one of the service's consumers, by consumer and resultado: procesada (its effect committed), repetida (processed before: no effect), fallida (threw; delivered again).",
    labelNames: ['consumidor', 'resultado'] as const,
    registers: [registro],
  });
  const retrasoDeConsumo = new Histogram({
    name: 'pedidos_consumidor_retraso_segundos',
    help: "Seconds from an event's occurrence (its commit) to the commit of its effect on a consumer of the service (the consumer lag), by consumer.",
    labelNames: ['consumidor'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registro],
  });
  const plazosVencidos = new Counter({
    name: 'pedidos_plazos_vencidos_total',
    help: 'Confirmed pedidos the service cancelled because they went unpaid past PLAZO_DE_PAGO_SEGUNDOS.',
    registers: [registro],
  });
  const cacheDelCatalogo = new Counter({
    name: 'pedidos_cache_catalogo_total',
    help: "Reads of the catalogue's cache (CACHE_CATALOGO): acierto (answered from Redis), fallo (from the database, then kept), no_disponible (Redis away or slow: from the database).",
    labelNames: ['resultado'] as const,
    registers: [registro],
  });
  for (const resultado of RESULTADOS_DE_CACHE) cacheDelCatalogo.labels(resultado).inc(0);
  const cacheEnProceso = new Counter({
    name: 'pedidos_cache_catalogo_en_proceso_total',
    help: "Reads of the catalogue kept in the process's memory: acierto (answered from it), fallo (asked on, then kept), sin_avisos (the process may be missing notices of changes: asked on, nothing kept).",
    labelNames: ['resultado'] as const,
    registers: [registro],
  });
  for (const resultado of RESULTADOS_EN_PROCESO) cacheEnProceso.labels(resultado).inc(0);
  for (const consumidor of consumidores) {
    for (const resultado of RESULTADOS_DE_ENTREGA) entregas.labels(consumidor, resultado).inc(0);
  }
  // Every transition is there from the start, at 0, so that a rate over it needs no first occurrence.
  for (const transicion of TRANSICIONES.values()) transiciones.labels(transicion).inc(0);

  return {
    observar({ metodo, ruta, status, segundos, repetida, codigo }) {
      const method = METODOS.has(metodo) ? metodo : OTRO_METODO;
      duracion.labels(method, ruta ?? RUTA_DESCONOCIDA, String(status)).observe(segundos);
      if (repetida || ruta === undefined) return;
      const transicion = TRANSICIONES.get(`${metodo} ${ruta}`);
      if (transicion !== undefined && status >= 200 && status < 300) transiciones.labels(transicion).inc();
      if (status === 409 && codigo === 'STOCK_INSUFICIENTE') rechazosPorStock.inc();
    },
    contarCacheDelCatalogo: (resultado) => cacheDelCatalogo.labels(resultado).inc(),
    contarCacheEnProceso: (resultado) => cacheEnProceso.labels(resultado).inc(),
    contarEventosPublicados: (cuantos) => eventosPublicados.inc(cuantos),
    contarFalloDePublicacion: () => fallosDePublicacion.inc(),
    contarAparcado: () => aparcados.inc(),
    contarEntrega: (consumidor, resultado, retrasoSegundos) => {
      entregas.labels(consumidor, resultado).inc();
      if (retrasoSegundos !== undefined) retrasoDeConsumo.labels(consumidor).observe(retrasoSegundos);
    },
    contarPlazosVencidos: (cuantos) => plazosVencidos.inc(cuantos),
    texto: async () => `${await registro.metrics()}\n${await proceso.metrics()}`,
    tipoDeContenido: registro.contentType,
  };
}
