/**
 * The publication of the stream while the service runs: the outbox's relay
 * over a publisher, its failures logged and counted. The publisher is the
 * broker (`RABBITMQ_URL`) or, without one, the service's own consumers in
 * process (`alimentacionEnProceso`, decision 0025).
 */
import { type BaseDeDatos, type EventoPorPublicar, iniciarRelay } from '@pedidos/persistence';
import { describirError, type Registro } from '../registro.ts';

export type Publicacion = {
  /** After a commit in this process: look now rather than at the next poll. */
  despertar(): void;
  /** Stops the relay after its round in flight, then closes the publisher. Before the database closes. */
  detener(): Promise<void>;
};

/** Where the relay hands the events. */
export type Publicador = {
  /** Resolves once the event is safe there (the broker's confirm; the consumers' commits). */
  publicar(evento: EventoPorPublicar): Promise<void>;
  /** Whether a failure says nothing of the event (the broker is away): never parks it. */
  esPasajero(error: unknown): boolean;
  cerrar(): Promise<void>;
};

export type AvisosDePublicacion = {
  readonly falloAlPublicar?: () => void;
  readonly publicados?: (cuantos: number) => void;
  readonly aparcado?: () => void;
};

export function iniciarPublicacion(opciones: {
  readonly baseDeDatos: BaseDeDatos;
  readonly publicador: Publicador;
  readonly registro: Registro;
  readonly avisos?: AvisosDePublicacion;
}): Publicacion {
  const { baseDeDatos, publicador, registro, avisos = {} } = opciones;
  const describir = (evento: EventoPorPublicar) => ({
    event_id: evento.eventoId,
    type: evento.tipo,
    subject: evento.agregadoId,
    sequence: evento.secuencia,
    attempts: evento.intentos,
  });
  const relay = iniciarRelay({
    sql: baseDeDatos.sql,
    publicar: publicador.publicar,
    esPasajero: publicador.esPasajero,
    // A server tells of each commit; the embedded database, one session, cannot give a listener its own.
    escuchar: baseDeDatos.tipo === 'postgres',
    avisos: {
      falloAlPublicar: (evento, error, segundos) => {
        avisos.falloAlPublicar?.();
        registro.warn('could not publish an event; it is tried again later', {
          ...describir(evento),
          retry_in_seconds: segundos,
          ...describirError(error),
        });
      },
      aparcado: (evento, error) => {
        avisos.aparcado?.();
        registro.error('an event kept failing and is parked; its aggregate waits for an operator', {
          ...describir(evento),
          ...describirError(error),
        });
      },
      falloDeBaseDeDatos: (error, segundos) =>
        registro.warn('the relay could not read the outbox', { retry_in_seconds: segundos, ...describirError(error) }),
      publicados: (eventos) => {
        avisos.publicados?.(eventos.length);
        registro.debug('events published', { count: eventos.length });
      },
    },
  });
  return {
    despertar: relay.despertar,
    // Both at once: a publish in flight while the broker is away would otherwise hold the stop for its
    // whole wait; cut, it fails, and its event is backed off in the outbox for the next relay.
    detener: async () => {
      await Promise.all([relay.detener(), publicador.cerrar()]);
    },
  };
}
