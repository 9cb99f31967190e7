/**
 * README.md's "The event stream and the payment webhook", run as written:
 * the ```js block as a real consumer (node, from packages/api, where
 * rabbitmq-client resolves) on a vhost of the test's own, and the signed
 * webhook call (the second ```sh block) with bash, openssl and curl against a
 * service started as the first ```sh block says, but on a free port. The
 * block's `PEDIDO=` is given the id of a pedido the test confirmed; every
 * other line runs untouched but for `localhost:3000`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { conServicio, crearCliente, crearPedido, crearProducto, EN_CI, hasta, type PedidoJson } from './apoyo.ts';
import { COMO_TENER_RABBITMQ, HAY_RABBITMQ, vhostDeLaSuite } from './rabbitmq.ts';

const TEXTO = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
const TITULO = '## The event stream and the payment webhook';
const API = new URL('..', import.meta.url).pathname;

/** The fenced blocks of the section, by language, in order. */
function bloquesDeLaSeccion(): { lenguaje: string; texto: string }[] {
  const inicio = TEXTO.indexOf(`\n${TITULO}\n`);
  if (inicio < 0) throw new Error(`README.md has no "${TITULO}" section`);
  const fin = TEXTO.indexOf('\n## ', inicio + TITULO.length);
  const seccion = TEXTO.slice(inicio, fin < 0 ? undefined : fin);
  return [...seccion.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lenguaje: m[1] ?? '',
    texto: m[2] ?? '',
  }));
}

const bloques = bloquesDeLaSeccion();
const [arranque, llamada] = bloques.filter((b) => b.lenguaje === 'sh');
const consumidor = bloques.find((b) => b.lenguaje === 'js');

/** A setting of the first block: what `pnpm start` is given there. */
function ajuste(nombre: string): string {
  const valor = new RegExp(`${nombre}=(\\S+)`).exec(arranque?.texto ?? '')?.[1];
  if (valor === undefined) throw new Error(`the README's start does not set ${nombre}`);
  return valor;
}

test('the section has its three blocks', () => {
  expect([arranque, consumidor, llamada].every((b) => b !== undefined)).toBe(true);
  expect(arranque?.texto).toMatch(/pnpm start\s*$/);
});

test.runIf(!HAY_RABBITMQ && EN_CI)("RabbitMQ is there for the README's stream, as CI requires", () => {
  expect.fail(`RabbitMQ not found; ${COMO_TENER_RABBITMQ}`);
});

describe.runIf(HAY_RABBITMQ)("the README's consumer and signed webhook call", () => {
  const vhost = vhostDeLaSuite();
  const entorno = conServicio(undefined, {
    urlDeRabbitMq: () => vhost().url(),
    secretoDeWebhookDePagos: ajuste('PAGOS_WEBHOOK_SECRETO'),
  });

  test('the consumer prints the pedido as it is confirmed and paid by the signed notice', async () => {
    const { api, servicio } = entorno();
    let salida = '';
    let avisos = '';
    const hijo: ChildProcess = spawn(process.execPath, ['--input-type=module', '--eval', consumidor?.texto ?? ''], {
      cwd: API,
      env: { ...process.env, RABBITMQ_URL: vhost().url() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    hijo.stdout?.on('data', (trozo: Buffer) => {
      salida += trozo.toString();
    });
    hijo.stderr?.on('data', (trozo: Buffer) => {
      avisos += trozo.toString();
    });
    try {
      await hasta(() => avisos.includes('reading mi-servicio.pedidos'), {
        plazoMs: 15_000,
        cadaMs: 50,
        describir: () => avisos,
      });
      const cliente = await crearCliente(api);
      const producto = await crearProducto(api, { precio_centavos: 1250, stock: 5 });
      const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
      expect((await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`)).body.total_centavos).toBe(2500);

      const guion = (llamada?.texto ?? '')
        .replace(/^PEDIDO=.*$/m, `PEDIDO=${pedido.id}`)
        .replaceAll('localhost:3000', `127.0.0.1:${servicio.puerto}`);
      const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', guion], { timeout: 30_000 });
      expect(JSON.parse(stdout)).toEqual({ recibido: true });
      expect((await api.get<PedidoJson>(`/pedidos/${pedido.id}`)).body.estado).toBe('pagado');

      await hasta(() => salida.includes(`pedidos.pedido.pagado ${pedido.id}`), {
        plazoMs: 15_000,
        cadaMs: 50,
        describir: () => salida,
      });
      const suyas = salida
        .split('\n')
        .filter((l) => l.split(' ')[1] === pedido.id)
        .map((l) => l.split(' ').slice(0, 3));
      expect(suyas).toEqual([
        ['pedidos.pedido.creado', pedido.id, '1'],
        ['pedidos.pedido.item_agregado', pedido.id, '2'],
        ['pedidos.pedido.confirmado', pedido.id, '3'],
        ['pedidos.pedido.pagado', pedido.id, '4'],
      ]);
      expect(salida).toMatch(new RegExp(`pedidos\\.pedido\\.pagado ${pedido.id} 4 .*"referencia":"ch_1"`));
    } finally {
      hijo.kill('SIGINT');
      if (hijo.exitCode === null) await once(hijo, 'exit');
    }
  }, 60_000);
});
