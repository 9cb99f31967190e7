/**
 * Races on one database. On the embedded database they are serialized by its
 * single session; on a real server (TEST_DATABASE_URL) they truly run at once.
 */
import { agregarItem, confirmar } from '@pedidos/domain';
import { describe, expect, it } from 'vitest';
import { abrirBaseDeDatos, leerMigraciones, migrar } from '../src/index.ts';
import { ahora, bases, conBaseDeDatos, n, nuevoPedido, sembrar, valor } from './apoyo.ts';

describe.each(bases())('concurrency on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  it('many confirmations for scarce stock: as many win as there are units', async () => {
    const e = entorno();
    const unidades = 5;
    const compradores = 24;
    const { cliente, productos: [p] = [] } = await sembrar(e, [{ stock: unidades }]);
    if (p === undefined) throw new Error('falta el producto');
    const pedidos = [];
    for (let i = 0; i < compradores; i++)
      pedidos.push(valor(await e.pedidos.registrar(nuevoPedido(cliente, [[p, 1]]))));

    const resultados = await Promise.all(
      pedidos.map((pedido) => e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora()))),
    );

    const ganadores = resultados.filter((r) => r.isOk());
    expect(ganadores).toHaveLength(unidades);
    for (const r of resultados.filter((r) => r.isErr())) {
      expect(r._unsafeUnwrapErr()).toEqual({
        kind: 'StockInsuficiente',
        faltantes: [{ productoId: p.id, solicitado: 1, disponible: 0 }],
      });
    }
    expect(valor(await e.productos.buscar(p.id)).stock).toBe(0);
    const [fila] = await e.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM eventos WHERE tipo = 'StockDescontado' AND agregado_id = ${p.id}`;
    expect(fila?.n).toBe(unidades);
  });

  it('pedidos naming the same productos in opposite orders all confirm, without deadlocks', async () => {
    const e = entorno();
    const { cliente, productos: [a, b, c] = [] } = await sembrar(e, [{ stock: 100 }, { stock: 100 }, { stock: 100 }]);
    if (a === undefined || b === undefined || c === undefined) throw new Error('faltan productos');
    const ordenes = [
      [a, b, c],
      [c, b, a],
      [b, c, a],
      [a, c, b],
    ] as const;
    const pedidos = [];
    for (let i = 0; i < 20; i++) {
      const orden = ordenes[i % ordenes.length] ?? ordenes[0];
      pedidos.push(
        valor(
          await e.pedidos.registrar(
            nuevoPedido(
              cliente,
              orden.map((p) => [p, 1] as const),
            ),
          ),
        ),
      );
    }
    const resultados = await Promise.all(
      pedidos.map((pedido) => e.pedidos.confirmar(pedido.id, {}, (pe, ps) => confirmar(pe, ps, ahora()))),
    );
    expect(resultados.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr())).toEqual([]);
    for (const p of [a, b, c]) expect(valor(await e.productos.buscar(p.id)).stock).toBe(80);
  });

  it('concurrent additions to one pedido are all applied, one after another', async () => {
    const e = entorno();
    const { cliente, productos: [p] = [] } = await sembrar(e, [{ stock: 1000 }]);
    if (p === undefined) throw new Error('falta el producto');
    const creado = valor(await e.pedidos.registrar(nuevoPedido(cliente)));
    const veces = 30;
    const resultados = await Promise.all(
      Array.from({ length: veces }, () =>
        e.pedidos.modificarItems(creado.id, p.id, {}, (pe, pr) => agregarItem(pe, pr, n(1), ahora())),
      ),
    );
    expect(resultados.every((r) => r.isOk())).toBe(true);
    const pedido = valor(await e.pedidos.buscar(creado.id));
    expect(pedido.lineas.map((l) => l.cantidad)).toEqual([veces]);
    expect(pedido.version).toBe(1 + veces);
    // Each change numbered its event after the one before, in the order they were written.
    const historia = await e.db.sql<{ secuencia: number }[]>`
      SELECT secuencia FROM eventos WHERE agregado = 'pedido' AND agregado_id = ${creado.id} ORDER BY id`;
    expect(historia.map((h) => h.secuencia)).toEqual(Array.from({ length: 1 + veces }, (_, i) => i + 1));
  });

  it("a change that waited for the pedido's lock decides on the lines its holder left", async () => {
    // Needs a server: on the embedded database the change waits for the connection, not the lock.
    if (url === undefined) return;
    const e = entorno();
    const { cliente, productos: [a, b] = [] } = await sembrar(e, [{ stock: 10 }, { stock: 10 }]);
    if (a === undefined || b === undefined) throw new Error('faltan productos');
    const creado = valor(await e.pedidos.registrar(nuevoPedido(cliente)));
    let cambio: ReturnType<typeof e.pedidos.modificarItems> | undefined;
    await e.db.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM pedidos WHERE id = ${creado.id} FOR NO KEY UPDATE`;
      // Starts now, reads as of now, and waits for the lock held here.
      cambio = e.pedidos.modificarItems(creado.id, b.id, {}, (pe, pr) => agregarItem(pe, pr, n(1), ahora()));
      await new Promise((r) => setTimeout(r, 300));
      await tx`
        INSERT INTO lineas_de_pedido (pedido_id, producto_id, posicion, cantidad) VALUES (${creado.id}, ${a.id}, 0, 2)`;
      await tx`UPDATE pedidos SET version = version + 1 WHERE id = ${creado.id}`;
    });
    const pedido = valor(await (cambio as ReturnType<typeof e.pedidos.modificarItems>));
    expect(pedido.lineas.map((l) => [l.productoId, l.cantidad])).toEqual([
      [a.id, 2],
      [b.id, 1],
    ]);
    expect(pedido.version).toBe(3);
    expect(valor(await e.pedidos.buscar(creado.id))).toEqual(pedido);
  });

  it('two processes migrating a new database at once apply each migration once', async () => {
    // Needs a server, where two pools are two sessions; each embedded database is private.
    if (url === undefined) return;
    const nombre = `pedidos_carrera_${Date.now()}`;
    await entorno().db.sql.unsafe(`CREATE DATABASE ${nombre}`);
    const urlNueva = new URL(url);
    urlNueva.pathname = `/${nombre}`;
    const [uno, dos] = await Promise.all([
      abrirBaseDeDatos({ url: urlNueva.href }),
      abrirBaseDeDatos({ url: urlNueva.href }),
    ]);
    try {
      const todas = (await leerMigraciones()).map((m) => m.version);
      const aplicadas = await Promise.all([migrar(uno.sql), migrar(dos.sql)]);
      expect([...aplicadas].sort((x, y) => y.length - x.length)).toEqual([todas, []]);
      const filas = await uno.sql<{ version: number }[]>`SELECT version FROM migraciones ORDER BY version`;
      expect(filas.map((f) => f.version)).toEqual(todas);
    } finally {
      await Promise.all([uno.cerrar(), dos.cerrar()]);
      await entorno().db.sql.unsafe(`DROP DATABASE ${nombre}`);
    }
  });
});

describe('migrations', () => {
  it('apply once on a new database, and do nothing a second time', async () => {
    const db = await abrirBaseDeDatos();
    try {
      const todas = (await leerMigraciones()).map((m) => m.version);
      expect(todas).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      expect(await migrar(db.sql)).toEqual(todas);
      expect(await migrar(db.sql)).toEqual([]);
    } finally {
      await db.cerrar();
    }
  });
});
