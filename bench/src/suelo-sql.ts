/**
 * The floor of a placement: the same rows written as hand-written SQL through
 * postgres.js, in the fewest round trips the work needs, from 50 concurrent
 * loops over a pool of 10 connections, as large as the service's.
 *
 * - Creation, one statement: the pedido (its cliente checked by the INSERT's
 *   own SELECT), its three lines (each producto checked active by a join) and
 *   its four events, `PedidoCreado` and an `ItemAgregado` per line.
 * - Confirmation, one transaction of four round trips: BEGIN; the pedido and
 *   its productos locked and read in one statement (productos in id order, as
 *   the service locks them); the stock, the lines' frozen name and price, the
 *   pedido and its four events (`PedidoConfirmado`, a `StockDescontado` per
 *   line) written in one; COMMIT.
 *
 * Five round trips a placement, the events of the same shape and size as the
 * service's, their numbers in each aggregate's history computed as the
 * service computes them. No HTTP, no domain, no validation, no relay: what the
 * database allows on this machine, which the service is measured against.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '@pedidos/persistence';
import { elegir, enBucle, type Figuras, tresDistintos } from './medidas.ts';

export const CONCURRENCIA = 50;

type Linea = { id: string; nombre: string; precio: string; stock: string; cantidad: string };

/** Creates a pedido of three lines; how many lines it got (fewer when a producto is not active). */
async function crear(sql: Sql, id: string, clienteId: string, productos: readonly string[]): Promise<number> {
  const [fila] = await sql<{ lineas: number }[]>`
    WITH pe AS (
      INSERT INTO pedidos (id, cliente_id, estado, version, creado_en, actualizado_en)
      SELECT ${id}, c.id, 'carrito', 1, now(), now() FROM clientes c WHERE c.id = ${clienteId}
      RETURNING id, cliente_id),
    pr AS (
      SELECT p.id, p.precio_centavos, x.n
      FROM unnest(${sql.array([...productos])}::uuid[]) WITH ORDINALITY AS x(id, n)
        JOIN productos p ON p.id = x.id AND p.estado = 'activo'),
    li AS (
      INSERT INTO lineas_de_pedido (pedido_id, producto_id, posicion, cantidad)
      SELECT pe.id, pr.id, pr.n - 1, 1 FROM pe, pr
      RETURNING producto_id),
    ev AS (
      INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, version, datos, ocurrido_en)
      SELECT 'PedidoCreado', 'pedido', pe.id, 1, 1,
             jsonb_build_object('pedidoId', pe.id, 'clienteId', pe.cliente_id), now()
      FROM pe
      UNION ALL
      SELECT 'ItemAgregado', 'pedido', pe.id, pr.n + 1, 1,
             jsonb_build_object('cantidad', 1, 'pedidoId', pe.id, 'productoId', pr.id,
                                'precioUnitario', pr.precio_centavos, 'cantidadEnLinea', 1), now()
      FROM pe, pr)
    SELECT count(*)::int AS lineas FROM li`;
  return fila?.lineas ?? 0;
}

type Confirmacion = 'confirmado' | 'sin stock' | 'no confirmable';

async function confirmar(sql: Sql, id: string): Promise<Confirmacion> {
  return sql.begin(async (tx) => {
    const [fila] = await tx<{ estado: string; cliente_id: string; lineas: Linea[] }[]>`
      WITH pe AS (SELECT id, estado, cliente_id FROM pedidos WHERE id = ${id} FOR NO KEY UPDATE),
      pr AS (
        SELECT p.id, p.nombre, p.precio_centavos, p.stock FROM productos p
        WHERE p.id IN (SELECT producto_id FROM lineas_de_pedido WHERE pedido_id = ${id})
        ORDER BY p.id FOR NO KEY UPDATE)
      SELECT pe.estado, pe.cliente_id,
             (SELECT json_agg(json_build_object('id', pr.id, 'nombre', pr.nombre, 'precio', pr.precio_centavos::text,
                                                'stock', pr.stock::text, 'cantidad', l.cantidad::text) ORDER BY pr.id)
              FROM pr JOIN lineas_de_pedido l ON l.pedido_id = pe.id AND l.producto_id = pr.id) AS lineas
      FROM pe`;
    if (fila === undefined || fila.estado !== 'carrito' || fila.lineas === null) return 'no confirmable';
    const lineas = fila.lineas.map((l) => ({ ...l, cantidad: BigInt(l.cantidad), stock: BigInt(l.stock) }));
    if (lineas.some((l) => l.stock < l.cantidad)) return 'sin stock';
    const total = lineas.reduce((suma, l) => suma + BigInt(l.precio) * l.cantidad, 0n);
    const cantidades = lineas.reduce((suma, l) => suma + l.cantidad, 0n);
    const eventos = [
      {
        tipo: 'PedidoConfirmado',
        agregado: 'pedido',
        agregado_id: id,
        version: 2,
        datos: {
          lineas: lineas.map((l) => ({
            nombre: l.nombre,
            cantidad: Number(l.cantidad),
            productoId: l.id,
            precioUnitario: Number(l.precio),
          })),
          pedidoId: id,
          clienteId: fila.cliente_id,
          totalCantidad: Number(cantidades),
          totalCentavos: Number(total),
        },
      },
      ...lineas.map((l) => ({
        tipo: 'StockDescontado',
        agregado: 'producto',
        agregado_id: l.id,
        version: null,
        datos: { stock: Number(l.stock - l.cantidad), cantidad: Number(l.cantidad), productoId: l.id },
      })),
    ];
    const porLinea = lineas.map((l) => ({
      id: l.id,
      cantidad: String(l.cantidad),
      nombre: l.nombre,
      precio: l.precio,
    }));
    await tx`
      WITH x AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(porLinea)}::text::json)
          AS x(id uuid, cantidad bigint, nombre text, precio bigint)),
      st AS (
        UPDATE productos p SET stock = p.stock - x.cantidad, actualizado_en = now() FROM x WHERE p.id = x.id),
      li AS (
        UPDATE lineas_de_pedido l SET nombre = x.nombre, precio_unitario_centavos = x.precio
        FROM x WHERE l.pedido_id = ${id} AND l.producto_id = x.id),
      pe AS (
        UPDATE pedidos SET estado = 'confirmado', version = 2, confirmado_en = now(), actualizado_en = now()
        WHERE id = ${id}),
      ev AS (
        INSERT INTO eventos (tipo, agregado, agregado_id, secuencia, version, datos, ocurrido_en)
        SELECT n.tipo, n.agregado, n.agregado_id,
               coalesce((SELECT max(e.secuencia) FROM eventos e
                         WHERE e.agregado = n.agregado AND e.agregado_id = n.agregado_id), 0) + 1,
               n.version, n.datos, now()
        FROM json_to_recordset(${JSON.stringify(eventos)}::text::json)
          AS n(tipo text, agregado text, agregado_id uuid, version int, datos jsonb))
      SELECT 1`;
    return 'confirmado';
  });
}

/** Placements per second, and the latency of a whole placement, as the service's scenario reports them. */
export function colocacionesEnSql(
  sql: Sql,
  segundos: number,
  clientes: readonly string[],
  productos: readonly string[],
  concurrencia = CONCURRENCIA,
): Promise<Figuras> {
  return enBucle(concurrencia, segundos, async (m) => {
    const inicio = performance.now();
    const id = randomUUID();
    const lineas = await crear(sql, id, elegir(clientes), tresDistintos(productos));
    if (lineas !== 3) {
      m.errores++;
      return;
    }
    const confirmado = await confirmar(sql, id);
    if (confirmado === 'confirmado') m.anotar(performance.now() - inicio);
    else if (confirmado === 'sin stock') m.rechazos++;
    else m.errores++;
  });
}
