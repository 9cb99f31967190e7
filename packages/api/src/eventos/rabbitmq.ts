/**
 * The publisher of the stream on RabbitMQ (`RABBITMQ_URL`; decision 0024):
 * the durable topic exchange `pedidos.eventos`, declared at every
 * connection, and each event a persistent message sent in confirm mode, so
 * that the promise resolves only when the broker has taken responsibility
 * for it. rabbitmq-client reconnects by itself, with a backoff of its own; a
 * publish while the connection is down waits for it up to `ESPERA_DE_CANAL_MS`
 * and then fails, and the relay tries the event again later.
 */
import type { EventoPorPublicar } from '@pedidos/persistence';
import { AMQPError, Connection } from 'rabbitmq-client';
import { describirError, type Registro } from '../registro.ts';
import { cloudEvent, TIPO_DE_CONTENIDO } from './cloudevents.ts';
import type { Consumidor } from './consumidores.ts';
import { DECLARACION_DEL_INTERCAMBIO, INTERCAMBIO, topologia } from './topologia.ts';

export { DECLARACION_DEL_INTERCAMBIO, INTERCAMBIO } from './topologia.ts';

/** How long a publish waits for a connection: well inside the relay's 30 s claim. */
const ESPERA_DE_CANAL_MS = 10_000;

export type PublicadorDeEventos = {
  /** Resolves once the broker confirmed the event; rejects when it refused it or could not be reached. */
  publicar(evento: EventoPorPublicar): Promise<void>;
  /** Every failure of the broker's but its refusal of this message (a NACK) is the connection's, not the event's. */
  esPasajero(error: unknown): boolean;
  /** Whether the connection is up now. */
  conectado(): boolean;
  /** Closes the channel and the connection; a publish in flight fails (and its event is tried again by a relay). */
  cerrar(): Promise<void>;
};

/**
 * `consumidores`: the service's, whose queues it declares (with the exchanges
 * and bindings) before its first publish and at every reconnection, so that
 * no event is published before they can take it (topologia.ts).
 */
export function publicadorRabbitMq(
  url: string,
  registro: Registro,
  consumidores: readonly Consumidor[] = [],
): PublicadorDeEventos {
  const conexion = new Connection({
    url,
    connectionName: 'pedidos: relay de eventos',
    connectionTimeout: 5000,
    acquireTimeout: ESPERA_DE_CANAL_MS,
    retryLow: 250,
    retryHigh: 10_000,
  });
  // A lost broker is not a reason to stop: the events wait in the outbox.
  conexion.on('error', (error) => registro.warn('RabbitMQ connection error', describirError(error)));
  conexion.on('connection', () => {
    registro.info('RabbitMQ connected', { exchange: INTERCAMBIO });
    conexion
      .exchangeDeclare(DECLARACION_DEL_INTERCAMBIO)
      .catch((error: unknown) => registro.warn('could not declare the exchange', describirError(error)));
  });
  // The publisher's own channel declares all of it again whenever it is made anew.
  const editor = conexion.createPublisher({ confirm: true, maxAttempts: 1, ...topologia(consumidores) });

  return {
    publicar: async (evento) => {
      const sobre = cloudEvent(evento);
      await editor.send(
        {
          exchange: INTERCAMBIO,
          routingKey: sobre.type,
          durable: true,
          contentType: TIPO_DE_CONTENIDO,
          messageId: sobre.id,
          type: sobre.type,
        },
        Buffer.from(JSON.stringify(sobre)),
      );
    },
    esPasajero: (error) => error instanceof AMQPError && error.code !== 'NACK',
    conectado: () => conexion.ready,
    cerrar: async () => {
      await editor.close().catch(() => {});
      await conexion.close();
    },
  };
}
