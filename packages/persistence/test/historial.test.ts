/**
 * A pedido's history as stored: exactly the events the domain decided, in the
 * order it decided them, each with the version the pedido reached by the
 * change that recorded it; and the migration that gave the events already
 * stored their versions.
 */

import { randomUUID } from 'node:crypto';
import {
  agregadoDe,
  type CambioDePedido,
  cancelar,
  confirmar,
  type EntradaDeHistorial,
  type EventoDeDominio,
  type EventoDePedido,
  type Pedido,
  PedidoId,
  type Producto,
} from '@pedidos/domain';
import { aplicarComando, type ComandoDePedido, comandoDePedido } from '@pedidos/domain/testing';
import fc from 'fast-check';
import type { Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { abrirBaseDeDatos, type Consulta, leerMigraciones } from '../src/index.ts';
import { ahora, bases, conBaseDeDatos, type Entorno, nuevoPedido, sembrar, valor } from './apoyo.ts';

const delPedido = (eventos: readonly EventoDeDominio[]): EventoDePedido[] =>
  eventos.filter((e): e is EventoDePedido => agregadoDe(e).agregado === 'pedido');

/** Every entry of the history, read a few at a time. */
async function historialEntero(e: Entorno, id: PedidoId, limite: number): Promise<EntradaDeHistorial[]> {
  const entradas: EntradaDeHistorial[] = [];
  for (let pagina = 1; ; pagina++) {
    const leida = valor(await e.pedidos.historial(id, { pagina, limite }));
    entradas.push(...leida.items);
    if (leida.items.length < limite) {
      expect(leida.total).toBe(entradas.length);
      return entradas;
    }
  }
}

/**
 * Runs one command on the stored pedido through the port method a use case
 * would call, and answers the events the domain decided with the version the
 * pedido reached, or nothing when the domain refused it.
 */
async function ejecutar(e: Entorno, id: PedidoId, comando: ComandoDePedido): Promise<EntradaDeHistorial[]> {
  const instante = ahora();
  let eventos: readonly EventoDeDominio[] = [];
  /** The decision of `aplicarComando` as a change of the pedido, its events noted. */
  const decidir = (pedido: Pedido, productos: readonly Producto[]) =>
    aplicarComando(pedido, productos, comando, instante).map((c): CambioDePedido => {
      eventos = c.eventos;
      return { pedido: c.pedido, eventos: delPedido(c.eventos) };
    });
  const anotar = <T extends { readonly eventos: readonly EventoDeDominio[] }>(cambio: T): T => {
    eventos = cambio.eventos;
    return cambio;
  };
  const version = (r: Result<Pedido, unknown>) => (r.isOk() ? r.value.version : undefined);
  let alcanzada: number | undefined;
  switch (comando.tipo) {
    case 'agregarItem':
    case 'cambiarCantidad':
      alcanzada = version(
        await e.pedidos.modificarItems(id, comando.productoId, {}, (pedido, producto) => decidir(pedido, [producto])),
      );
      break;
    case 'confirmar':
      alcanzada = version(
        await e.pedidos.confirmar(id, {}, (pedido, productos) => confirmar(pedido, productos, instante).map(anotar)),
      );
      break;
    case 'cancelar':
      alcanzada = version(
        await e.pedidos.cancelar(id, { ahora: instante }, (pedido, productos, cuando) =>
          cancelar(pedido, productos, { motivo: comando.motivo }, cuando).map(anotar),
        ),
      );
      break;
    default:
      alcanzada = version(await e.pedidos.transicionar(id, { ahora: instante }, (pedido) => decidir(pedido, [])));
  }
  if (alcanzada === undefined) return [];
  const tras = alcanzada;
  return delPedido(eventos).map((evento) => ({ evento, version: tras }));
}

describe.each(bases())('the history of a pedido on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  it('is every event the domain decided, in order, each with the version its change reached', async () => {
    const e = entorno();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stock: fc.integer({ min: 0, max: 6 }), precio: fc.integer({ min: 0, max: 5000 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        async (catalogo, limite, semilla) => {
          const { cliente, productos } = await sembrar(e, catalogo);
          const creacion = nuevoPedido(cliente, []);
          valor(await e.pedidos.registrar(creacion));
          const esperado = delPedido(creacion.eventos).map((evento) => ({ evento, version: 1 }));
          // The commands name the productos just stored, so they are drawn here, from the run's own seed.
          const [comandos = []] = fc.sample(fc.array(comandoDePedido(productos), { maxLength: 12 }), {
            seed: semilla,
            numRuns: 1,
          });
          for (const comando of comandos) esperado.push(...(await ejecutar(e, creacion.pedido.id, comando)));

          const historial = await historialEntero(e, creacion.pedido.id, limite);
          expect(historial).toEqual(esperado);
          const versiones = historial.map((h) => h.version);
          expect(versiones).toEqual([...versiones].sort((a, b) => a - b));
          expect(versiones.at(-1)).toBe(valor(await e.pedidos.buscar(creacion.pedido.id)).version);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('shows a creation with items as one change: every event at version 1', async () => {
    const e = entorno();
    const { cliente, productos } = await sembrar(e, [{ stock: 3 }, { stock: 3 }]);
    const creacion = nuevoPedido(cliente, [
      [productos[0] as (typeof productos)[number], 1],
      [productos[1] as (typeof productos)[number], 2],
    ]);
    valor(await e.pedidos.registrar(creacion));
    const pagina = valor(await e.pedidos.historial(creacion.pedido.id, { pagina: 1, limite: 20 }));
    expect(pagina.items.map((h) => [h.evento.tipo, h.version])).toEqual([
      ['PedidoCreado', 1],
      ['ItemAgregado', 1],
      ['ItemAgregado', 1],
    ]);
    expect(pagina.total).toBe(3);
  });

  it('answers an empty page past the last one, with the total', async () => {
    const e = entorno();
    const { cliente } = await sembrar(e, []);
    const creacion = nuevoPedido(cliente, []);
    valor(await e.pedidos.registrar(creacion));
    const pagina = valor(await e.pedidos.historial(creacion.pedido.id, { pagina: 5, limite: 10 }));
    expect(pagina).toEqual({ items: [], pagina: 5, limite: 10, total: 1 });
  });

  it('refuses a pedido that does not exist', async () => {
    const e = entorno();
    const id = valor(PedidoId.crear(randomUUID()));
    const resultado = await e.pedidos.historial(id, { pagina: 1, limite: 20 });
    expect(resultado._unsafeUnwrapErr()).toEqual({ kind: 'PedidoNoEncontrado', pedidoId: id });
  });

  it('keeps the events of the productos out of it', async () => {
    const e = entorno();
    const { cliente, productos } = await sembrar(e, [{ stock: 3 }]);
    const creacion = nuevoPedido(cliente, [[productos[0] as (typeof productos)[number], 2]]);
    valor(await e.pedidos.registrar(creacion));
    valor(await e.pedidos.confirmar(creacion.pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora())));
    const [descuentos] = await e.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM eventos WHERE tipo = 'StockDescontado' AND agregado_id = ${productos[0]?.id ?? ''}`;
    expect(descuentos?.n).toBe(1);
    const pagina = valor(await e.pedidos.historial(creacion.pedido.id, { pagina: 1, limite: 20 }));
    expect(pagina.items.map((h) => [h.evento.tipo, h.version])).toEqual([
      ['PedidoCreado', 1],
      ['ItemAgregado', 1],
      ['PedidoConfirmado', 2],
    ]);
  });
});

describe('migration 0006 on events stored before it', () => {
  it('gives each pedido event the version of the transaction that wrote it, and no other event one', async () => {
    const db = await abrirBaseDeDatos();
    try {
      for (const m of (await leerMigraciones()).filter((m) => m.version <= 5)) await db.sql.unsafe(m.sql);
      const pedido = randomUUID();
      const otro = randomUUID();
      const producto = randomUUID();
      let secuencias = new Map<string, number>();
      const escribir = (tx: Consulta, agregado: string, id: string, tipos: readonly string[]) =>
        Promise.all(
          tipos.map((tipo) => {
            const secuencia = (secuencias.get(id) ?? 0) + 1;
            secuencias.set(id, secuencia);
            return tx`
              INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, datos, ocurrido_en)
              VALUES (${tipo}, ${agregado}, ${id}, ${secuencia}, '{}', now())`;
          }),
        );
      // Each group, one transaction: a change as the code before 0006 wrote it.
      await db.sql.begin((tx) => escribir(tx, 'pedido', pedido, ['PedidoCreado', 'ItemAgregado', 'ItemAgregado']));
      await db.sql.begin((tx) => escribir(tx, 'pedido', otro, ['PedidoCreado']));
      await db.sql.begin((tx) => escribir(tx, 'pedido', pedido, ['ItemQuitado']));
      await db.sql.begin(async (tx) => {
        await escribir(tx, 'pedido', pedido, ['PedidoConfirmado']);
        await escribir(tx, 'producto', producto, ['StockDescontado']);
      });
      await db.sql.begin((tx) => escribir(tx, 'pedido', pedido, ['PedidoPagado']));
      await db.sql.begin((tx) => escribir(tx, 'pedido', otro, ['ItemAgregado', 'ItemAgregado']));
      secuencias = new Map();

      const [seis] = (await leerMigraciones()).filter((m) => m.version === 6);
      await db.sql.unsafe(seis?.sql ?? '');

      const filas = await db.sql<{ agregadoId: string; tipo: string; version: number | null }[]>`
        SELECT agregado_id, tipo, version FROM eventos ORDER BY agregado_id, secuencia`;
      const de = (id: string) => filas.filter((f) => f.agregadoId === id).map((f) => [f.tipo, f.version]);
      expect(de(pedido)).toEqual([
        ['PedidoCreado', 1],
        ['ItemAgregado', 1],
        ['ItemAgregado', 1],
        ['ItemQuitado', 2],
        ['PedidoConfirmado', 3],
        ['PedidoPagado', 4],
      ]);
      expect(de(otro)).toEqual([
        ['PedidoCreado', 1],
        ['ItemAgregado', 2],
        ['ItemAgregado', 2],
      ]);
      expect(de(producto)).toEqual([['StockDescontado', null]]);
    } finally {
      await db.cerrar();
    }
  });
});
