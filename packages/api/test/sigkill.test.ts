import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bases, clienteHttp, crearCliente, crearProducto, type PedidoJson, type ProductoJson } from './apoyo.ts';
import { arrancar, matar } from './procesos.ts';

describe.each(bases())('killed with SIGKILL in the middle of confirmations, on $nombre', ({ url }) => {
  const directorios: string[] = [];
  afterAll(async () => {
    for (const d of directorios) await rm(d, { recursive: true, force: true });
  });

  test('every acknowledged confirmation survives, and stock is the initial stock minus everything confirmed', async () => {
    const entorno: Record<string, string> = {};
    if (url === undefined) {
      const directorio = await mkdtemp(join(tmpdir(), 'pedidos-sigkill-'));
      directorios.push(directorio);
      entorno.DATA_DIR = directorio;
    } else {
      entorno.DATABASE_URL = url;
    }

    const STOCK = 500;
    const primero = await arrancar(entorno);
    const api = clienteHttp(primero.url, primero.token);
    const producto = await crearProducto(api, { stock: STOCK });
    const cliente = await crearCliente(api);
    const pedidos: string[] = [];
    for (let i = 0; i < 120; i++) {
      const r = await api.post<PedidoJson>('/pedidos', {
        cliente_id: cliente.id,
        items: [{ producto_id: producto.id, cantidad: 1 + (i % 3) }],
      });
      pedidos.push(r.body.id);
    }

    // Four clients confirm one pedido after another; the process dies under them.
    const confirmados = new Set<string>();
    const pendientes = [...pedidos];
    let vivo = true;
    const clienteDeCarga = async () => {
      while (vivo) {
        const id = pendientes.shift();
        if (id === undefined) return;
        try {
          const r = await api.patch(`/pedidos/${id}/confirmar`);
          if (r.status === 200) confirmados.add(id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const carga = Promise.all([1, 2, 3, 4].map(clienteDeCarga));
    while (confirmados.size < 30) await new Promise((r) => setTimeout(r, 5));
    await matar(primero, 'SIGKILL');
    vivo = false;
    await carga;
    expect(confirmados.size).toBeGreaterThanOrEqual(30);
    expect(confirmados.size).toBeLessThan(pedidos.length);

    const segundo = await arrancar(entorno);
    try {
      const api2 = clienteHttp(segundo.url, segundo.token);
      let cantidadConfirmada = 0;
      for (const id of pedidos) {
        const { body } = await api2.get<PedidoJson>(`/pedidos/${id}`);
        if (confirmados.has(id)) expect(body.estado).toBe('confirmado');
        if (body.estado === 'confirmado') cantidadConfirmada += body.total_cantidad;
      }
      const { body: final } = await api2.get<ProductoJson>(`/productos/${producto.id}`);
      expect(final.stock).toBe(STOCK - cantidadConfirmada);
      console.log(
        `${url === undefined ? 'pglite' : 'postgres'}: ${confirmados.size} confirmations acknowledged before SIGKILL; ` +
          `after restart ${cantidadConfirmada} units confirmed and stock ${final.stock} of ${STOCK}`,
      );
    } finally {
      await matar(segundo, 'SIGTERM');
    }
  });
});
