/**
 * A Redis server of the test's own: `redis-server` started on a free port,
 * with nothing kept on disk, that the test may stop and start again on the
 * same port, to see the service lose it and find it again. The machine's
 * shared Redis is never touched.
 *
 * Without `redis-server` (REDIS_SERVER, or on the PATH) the suites that need
 * one are skipped with a warning, except under CI, where they fail: CI runs
 * them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as esperar } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { EN_CI } from './apoyo.ts';

export const BINARIO_DE_REDIS = process.env.REDIS_SERVER || 'redis-server';
export const HAY_REDIS = spawnSync(BINARIO_DE_REDIS, ['--version']).status === 0;
export const COMO_TENER_REDIS = 'install it (`apt-get install redis-server`) or set REDIS_SERVER to its executable';

if (!HAY_REDIS && !EN_CI) {
  console.warn(`redis-server not found: the tests of limits shared through Redis are skipped; ${COMO_TENER_REDIS}.`);
}

async function puertoLibre(): Promise<number> {
  const servidor = createServer().listen(0, '127.0.0.1');
  await once(servidor, 'listening');
  const direccion = servidor.address();
  servidor.close();
  if (direccion === null || typeof direccion === 'string') throw new Error('sin puerto');
  return direccion.port;
}

export type ServidorRedis = {
  readonly url: string;
  /** Stops the server (SIGKILL: it goes as a crash would). */
  parar(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  arrancar(): Promise<void>;
  /** Stops the server's process without closing its connections (SIGSTOP): a Redis that hangs. */
  congelar(): void;
  /** Lets it go on (SIGCONT). */
  descongelar(): void;
  /** A client of this server, for a test to look at its keys; closed by `cerrar`. */
  readonly cliente: () => Redis;
  cerrar(): Promise<void>;
};

export async function servidorRedis(): Promise<ServidorRedis> {
  const puerto = await puertoLibre();
  let proceso: ChildProcess | undefined;
  const clientes: Redis[] = [];
  const arrancar = async () => {
    proceso = spawn(
      BINARIO_DE_REDIS,
      ['--port', String(puerto), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Ready when it answers.
    for (let intento = 0; intento < 100; intento++) {
      const sonda = new Redis({ port: puerto, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      sonda.on('error', () => {});
      try {
        await sonda.connect();
        await sonda.ping();
        return;
      } catch {
        await esperar(50);
      } finally {
        sonda.disconnect();
      }
    }
    throw new Error(`redis-server did not start on ${puerto}`);
  };
  const parar = async () => {
    if (proceso === undefined || proceso.exitCode !== null || proceso.signalCode !== null) return;
    const salida = once(proceso, 'exit');
    proceso.kill('SIGKILL');
    await salida;
  };
  await arrancar();
  return {
    url: `redis://127.0.0.1:${puerto}`,
    parar,
    arrancar,
    congelar: () => proceso?.kill('SIGSTOP'),
    descongelar: () => proceso?.kill('SIGCONT'),
    cliente: () => {
      const cliente = new Redis({ port: puerto, host: '127.0.0.1' });
      cliente.on('error', () => {});
      clientes.push(cliente);
      return cliente;
    },
    async cerrar() {
      for (const cliente of clientes) cliente.disconnect();
      proceso?.kill('SIGCONT');
      await parar();
    },
  };
}
