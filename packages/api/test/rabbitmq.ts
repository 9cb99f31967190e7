/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest), a vhost of each
 * suite's own: made with `rabbitmqctl add_vhost`, deleted, with everything
 * in it, after the suite. The stream is read there as a consumer of the
 * contract would: a queue bound to `pedidos.eventos` with `#`.
 *
 * Without `rabbitmqctl` (RABBITMQCTL, or on the PATH) answering, the suites
 * that need one are skipped with a warning, except under CI, where they fail:
 * CI runs them.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { type AsyncMessage, Connection } from 'rabbitmq-client';
import { afterAll, beforeAll } from 'vitest';
import type { CloudEvent } from '../src/eventos/cloudevents.ts';
import { DECLARACION_DEL_INTERCAMBIO, INTERCAMBIO } from '../src/eventos/rabbitmq.ts';
import { EN_CI } from './apoyo.ts';

const RABBITMQCTL = process.env.RABBITMQCTL || 'rabbitmqctl';
/** Where the broker listens: the machine's, or RABBITMQ_HOST:RABBITMQ_PORT. */
export const ANFITRION_DE_RABBITMQ = {
  host: process.env.RABBITMQ_HOST || '127.0.0.1',
  puerto: Number(process.env.RABBITMQ_PORT || 5672),
};
export const HAY_RABBITMQ = spawnSync(RABBITMQCTL, ['-q', 'list_vhosts'], { timeout: 30_000 }).status === 0;
export const COMO_TENER_RABBITMQ =
  'install and start it (`apt-get install rabbitmq-server && rabbitmq-server -detached`) or set RABBITMQCTL';

if (!HAY_RABBITMQ && !EN_CI) {
  console.warn(`RabbitMQ not found: the tests of the event stream are skipped; ${COMO_TENER_RABBITMQ}.`);
}

const ejecutar = promisify(execFile);
const rabbitmqctl = (...argumentos: string[]) => ejecutar(RABBITMQCTL, ['-q', ...argumentos], { timeout: 60_000 });

export type Vhost = {
  readonly nombre: string;
  /** The URL of the vhost, through `puerto` when given (a proxy's), else the broker's own. */
  url(puerto?: number): string;
  borrar(): Promise<void>;
};

export async function vhostPropio(): Promise<Vhost> {
  const nombre = `pedidos-prueba-${randomUUID()}`;
  await rabbitmqctl('add_vhost', nombre);
  await rabbitmqctl('set_permissions', '-p', nombre, 'guest', '.*', '.*', '.*');
  return {
    nombre,
    url: (puerto = ANFITRION_DE_RABBITMQ.puerto) =>
      `amqp://guest:guest@${ANFITRION_DE_RABBITMQ.host}:${puerto}/${encodeURIComponent(nombre)}`,
    borrar: async () => {
      await rabbitmqctl('delete_vhost', nombre);
    },
  };
}

/**
 * A vhost for the whole suite: made before its tests, deleted after them. The
 * accessor may be called once the suite's `beforeAll` hooks have run (so from
 * a later hook of the suite, as `conServicio`'s, or from a test).
 */
export function vhostDeLaSuite(): () => Vhost {
  let vhost: Vhost | undefined;
  beforeAll(async () => {
    vhost = await vhostPropio();
  }, 60_000);
  afterAll(async () => {
    await vhost?.borrar();
  }, 60_000);
  return () => {
    if (vhost === undefined) throw new Error('el vhost de la suite no está hecho');
    return vhost;
  };
}

/** One message as a consumer received it. */
export type Recibido = {
  readonly routingKey: string;
  readonly contentType: string | undefined;
  readonly durable: boolean | undefined;
  readonly messageId: string | undefined;
  readonly evento: CloudEvent;
};

export type Oyente = {
  /** Every message received so far, in the order they arrived. */
  readonly recibidos: Recibido[];
  cerrar(): Promise<void>;
};

/** A consumer of the whole stream on a queue of its own, declared (with the exchange) before it returns. */
export async function escucharElStream(url: string): Promise<Oyente> {
  const conexion = new Connection({ url, retryLow: 100, retryHigh: 1000 });
  conexion.on('error', () => {});
  const cola = `oyente-${randomUUID()}`;
  const recibidos: Recibido[] = [];
  const consumidor = conexion.createConsumer(
    {
      queue: cola,
      queueOptions: { durable: true },
      exchanges: [DECLARACION_DEL_INTERCAMBIO],
      queueBindings: [{ queue: cola, exchange: INTERCAMBIO, routingKey: '#' }],
      qos: { prefetchCount: 100 },
    },
    async (mensaje: AsyncMessage) => {
      recibidos.push({
        routingKey: mensaje.routingKey,
        contentType: mensaje.contentType,
        durable: mensaje.durable,
        messageId: mensaje.messageId,
        evento: cuerpo(mensaje.body),
      });
    },
  );
  await new Promise<void>((resolver, rechazar) => {
    consumidor.once('ready', () => resolver());
    consumidor.once('error', rechazar);
  });
  return {
    recibidos,
    cerrar: async () => {
      await consumidor.close();
      await conexion.close();
    },
  };
}

function cuerpo(body: unknown): CloudEvent {
  if (Buffer.isBuffer(body)) return JSON.parse(body.toString('utf8')) as CloudEvent;
  if (typeof body === 'string') return JSON.parse(body) as CloudEvent;
  return body as CloudEvent;
}
