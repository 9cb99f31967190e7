/**
 * The publication of the stream while the service runs (`RABBITMQ_URL`): the
 * outbox's relay over the RabbitMQ publisher, its failures logged and
 * counted. Without `RABBITMQ_URL` nothing here runs and the events stay in
 * the outbox (the in-process consumers are a later increment).
 */
import { type BaseDeDatos, type EventoPorPublicar, eventosSinPublicar, iniciarRelay } from '@pedidos/persistence';
import { describirError, type Registro } from '../registro.ts';
import { publicadorRabbitMq } from './rabbitmq.ts';

export type Publicacion = {
  /** After a commit in this process: look now rather than at the next poll. */
  despertar(): void;
  /** Committed events not published yet (the gauge of `/metrics`). */
  sinPublicar(): Promise<number>;
  /** Stops the relay after its round in flight, then closes the broker's connection. Before the database closes. */
  detener(): Promise<void>;
};

export type AvisosDePublicacion = {
  readonly falloAlPublicar?: () => void;
  readonly publicados?: (cuantos: number) => void;
};

export function iniciarPublicacion(opciones: {
  readonly baseDeDatos: BaseDeDatos;
  readonly urlDeRabbitMq: string;
  readonly registro: Registro;
  readonly avisos?: AvisosDePublicacion;
}): Publicacion {
  const { baseDeDatos, registro, avisos = {} } = opciones;
  const publicador = publicadorRabbitMq(opciones.urlDeRabbitMq, registro);
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
    sinPublicar: () => eventosSinPublicar(baseDeDatos.sql),
    // Both at once: a publish in flight while the broker is away would otherwise hold the stop for its
    // whole wait; cut, it fails, and its event is backed off in the outbox for the next relay.
    detener: async () => {
      await Promise.all([relay.detener(), publicador.cerrar()]);
    },
  };
}
