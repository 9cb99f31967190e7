import {
  type CambioDePedido,
  type ClienteNoEncontrado,
  type Confirmacion,
  confirmadoEn,
  type EventoDeDominio,
  type FiltroDePedidos,
  type OpcionesDeModificacion,
  type Paginacion,
  type Pedido,
  type PedidoId,
  type PedidoNoEncontrado,
  type Producto,
  type ProductoId,
  type ProductoNoEncontrado,
  type RepositorioDePedidos,
  reconstituirPedido,
  type VersionDesactualizada,
} from '@pedidos/domain';
import { err, ok, type Result } from 'neverthrow';
import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { consultar, esViolacionDeReferencia } from './errores.ts';
import { guardarEventos } from './eventos.ts';
import { desplazamiento, donde } from './paginas.ts';
import { aProducto, columnasDeProducto, type FilaProducto } from './productos.ts';
import { enTransaccion } from './transacciones.ts';

type FilaPedido = {
  id: string;
  clienteId: string;
  estado: string;
  version: number;
  creadoEn: Date;
  actualizadoEn: Date;
  confirmadoEn: Date | null;
};

type FilaLinea = {
  pedidoId: string;
  productoId: string;
  cantidad: number;
  nombre: string;
  precioUnitario: number;
};

const columnasDePedido = (sql: Consulta) =>
  sql`pe.id, pe.cliente_id, pe.estado, pe.version, pe.creado_en, pe.actualizado_en, pe.confirmado_en`;

/**
 * The lines of the given pedidos, in order. A carrito's line shows the producto's
 * current name and price; a confirmed one, what confirmation froze.
 */
async function lineasDe(sql: Consulta, ids: readonly string[]): Promise<Map<string, FilaLinea[]>> {
  const porPedido = new Map<string, FilaLinea[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return porPedido;
  const filas = await sql<FilaLinea[]>`
    SELECT l.pedido_id, l.producto_id, l.cantidad,
           coalesce(l.nombre, p.nombre) AS nombre,
           coalesce(l.precio_unitario_centavos, p.precio_centavos) AS precio_unitario
    FROM lineas_de_pedido l JOIN productos p ON p.id = l.producto_id
    WHERE l.pedido_id IN ${sql(ids)}
    ORDER BY l.pedido_id, l.posicion`;
  for (const fila of filas) porPedido.get(fila.pedidoId)?.push(fila);
  return porPedido;
}

function aPedido(fila: FilaPedido, lineas: readonly FilaLinea[]): Pedido {
  return reconstituirPedido({ ...fila, lineas }).match(
    (pedido) => pedido,
    (error) => {
      throw new Error(`Pedido ${fila.id} guardado con datos no válidos: ${error.kind}`);
    },
  );
}

async function cargar(sql: Consulta, filas: readonly FilaPedido[]): Promise<Pedido[]> {
  const lineas = await lineasDe(
    sql,
    filas.map((f) => f.id),
  );
  return filas.map((f) => aPedido(f, lineas.get(f.id) ?? []));
}

/** Reads a pedido and locks it until the transaction ends: changes to one pedido queue here. */
async function cargarBloqueado(
  tx: TransaccionSql,
  id: PedidoId,
  opciones: OpcionesDeModificacion,
): Promise<Result<Pedido, PedidoNoEncontrado | VersionDesactualizada>> {
  const [fila] = await tx<FilaPedido[]>`
    SELECT ${columnasDePedido(tx)} FROM pedidos pe WHERE pe.id = ${id} FOR NO KEY UPDATE`;
  if (fila === undefined) return err({ kind: 'PedidoNoEncontrado', pedidoId: id });
  const { versionEsperada } = opciones;
  if (versionEsperada !== undefined && versionEsperada !== fila.version) {
    return err({ kind: 'VersionDesactualizada', esperada: versionEsperada, actual: fila.version });
  }
  const [pedido] = await cargar(tx, [fila]);
  return ok(pedido as Pedido);
}

/** Replaces the pedido's lines with those it has now. */
async function escribirLineas(tx: TransaccionSql, pedido: Pedido): Promise<void> {
  await tx`DELETE FROM lineas_de_pedido WHERE pedido_id = ${pedido.id}`;
  await insertarLineas(tx, pedido);
}

/** Inserts the pedido's lines; names and prices only once they are frozen. */
async function insertarLineas(tx: TransaccionSql, pedido: Pedido): Promise<void> {
  if (pedido.lineas.length === 0) return;
  const congelado = pedido.estado !== 'carrito';
  const filas = pedido.lineas.map((l, posicion) => ({
    pedidoId: pedido.id,
    productoId: l.productoId,
    posicion,
    cantidad: l.cantidad,
    nombre: congelado ? l.nombre : null,
    precioUnitarioCentavos: congelado ? l.precioUnitario : null,
  }));
  await tx`INSERT INTO lineas_de_pedido ${tx(
    filas,
    'pedidoId',
    'productoId',
    'posicion',
    'cantidad',
    'nombre',
    'precioUnitarioCentavos',
  )}`;
}

async function escribirPedido(tx: TransaccionSql, pedido: Pedido, eventos: readonly EventoDeDominio[]): Promise<void> {
  if (eventos.length === 0) return;
  await tx`
    UPDATE pedidos SET estado = ${pedido.estado}, version = ${pedido.version},
      actualizado_en = ${pedido.actualizadoEn}, confirmado_en = ${confirmadoEn(pedido)}
    WHERE id = ${pedido.id}`;
  await escribirLineas(tx, pedido);
  await guardarEventos(tx, eventos);
}

export function repositorioDePedidos(sql: Consulta): RepositorioDePedidos {
  /**
   * Locks the pedido (checking the expected version), lets `decidir` choose a
   * change, and writes it with its events, all in one transaction.
   */
  function modificarBloqueado<E>(
    id: PedidoId,
    opciones: OpcionesDeModificacion,
    decidir: (tx: TransaccionSql, pedido: Pedido) => Promise<Result<CambioDePedido, E>>,
  ) {
    return consultar(() =>
      enTransaccion(sql, async (tx): Promise<Result<Pedido, E | PedidoNoEncontrado | VersionDesactualizada>> => {
        const cargado = await cargarBloqueado(tx, id, opciones);
        if (cargado.isErr()) return err(cargado.error);
        const decision = await decidir(tx, cargado.value);
        if (decision.isErr()) return err(decision.error);
        await escribirPedido(tx, decision.value.pedido, decision.value.eventos);
        return ok(decision.value.pedido);
      }),
    );
  }

  return {
    registrar: (cambio: CambioDePedido) =>
      consultar(async (): Promise<Result<Pedido, ClienteNoEncontrado>> => {
        const { pedido, eventos } = cambio;
        try {
          await enTransaccion(sql, async (tx) => {
            await tx`
              INSERT INTO pedidos (id, cliente_id, estado, version, creado_en, actualizado_en, confirmado_en)
              VALUES (${pedido.id}, ${pedido.clienteId}, ${pedido.estado}, ${pedido.version},
                      ${pedido.creadoEn}, ${pedido.actualizadoEn}, ${confirmadoEn(pedido)})`;
            // A new pedido has no lines to replace.
            await insertarLineas(tx, pedido);
            await guardarEventos(tx, eventos);
          });
        } catch (error) {
          if (esViolacionDeReferencia(error, 'pedidos_cliente_id_fkey')) {
            return err({ kind: 'ClienteNoEncontrado', clienteId: pedido.clienteId });
          }
          throw error;
        }
        return ok(pedido);
      }),

    buscar: (id: PedidoId) =>
      consultar(async () => {
        const filas = await sql<FilaPedido[]>`SELECT ${columnasDePedido(sql)} FROM pedidos pe WHERE pe.id = ${id}`;
        const [pedido] = await cargar(sql, filas);
        return pedido === undefined ? err({ kind: 'PedidoNoEncontrado' as const, pedidoId: id }) : ok(pedido);
      }),

    modificarItems: <E>(
      id: PedidoId,
      productoId: ProductoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido, producto: Producto) => Result<CambioDePedido, E>,
    ) =>
      modificarBloqueado(
        id,
        opciones,
        async (tx, pedido): Promise<Result<CambioDePedido, E | ProductoNoEncontrado>> => {
          // The producto is read, not locked: a cart reserves no stock, and
          // confirmation checks stock again under its own locks.
          const [fila] = await tx<FilaProducto[]>`
          SELECT ${columnasDeProducto(tx)} FROM productos WHERE id = ${productoId}`;
          if (fila === undefined) return err({ kind: 'ProductoNoEncontrado', productoId });
          return decidir(pedido, aProducto(fila));
        },
      ),

    modificar: <E>(
      id: PedidoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido) => Result<CambioDePedido, E>,
    ) => modificarBloqueado(id, opciones, async (_tx, pedido) => decidir(pedido)),

    confirmar: <E>(
      id: PedidoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido, productos: readonly Producto[]) => Result<Confirmacion, E>,
    ) =>
      consultar(() =>
        enTransaccion(sql, async (tx): Promise<Result<Pedido, E | PedidoNoEncontrado | VersionDesactualizada>> => {
          // Lock order, the same in every transaction: the pedido, then its productos by id.
          const cargado = await cargarBloqueado(tx, id, opciones);
          if (cargado.isErr()) return err(cargado.error);
          const ids = [...new Set(cargado.value.lineas.map((l) => l.productoId))].sort();
          const filas =
            ids.length === 0
              ? []
              : await tx<FilaProducto[]>`
                  SELECT ${columnasDeProducto(tx)} FROM productos WHERE id IN ${tx(ids)}
                  ORDER BY id FOR NO KEY UPDATE`;
          const decision = decidir(cargado.value, filas.map(aProducto));
          if (decision.isErr()) return err(decision.error);
          const { pedido, productos, eventos } = decision.value;
          if (productos.length > 0) {
            const stocks = productos.map((p) => [p.id, p.stock, p.actualizadoEn.toISOString()]);
            await tx`
              UPDATE productos AS p SET stock = v.stock::bigint, actualizado_en = v.actualizado_en::timestamptz
              FROM (VALUES ${tx(stocks)}) AS v (id, stock, actualizado_en)
              WHERE p.id = v.id::uuid`;
          }
          await escribirPedido(tx, pedido, eventos);
          return ok(pedido);
        }),
      ),

    listar: (filtro: FiltroDePedidos, paginacion: Paginacion) =>
      consultar(async () => {
        const condicion = donde(sql, [
          filtro.clienteId !== undefined && sql`pe.cliente_id = ${filtro.clienteId}`,
          filtro.estado !== undefined && sql`pe.estado = ${filtro.estado}`,
          filtro.productoId !== undefined &&
            sql`EXISTS (SELECT 1 FROM lineas_de_pedido x WHERE x.pedido_id = pe.id AND x.producto_id = ${filtro.productoId})`,
          filtro.desde !== undefined && sql`pe.creado_en >= ${filtro.desde}`,
          filtro.hasta !== undefined && sql`pe.creado_en < ${filtro.hasta}`,
        ]);
        const [filas, [totales]] = await Promise.all([
          sql<FilaPedido[]>`
            SELECT ${columnasDePedido(sql)} FROM pedidos pe ${condicion}
            ORDER BY pe.creado_en DESC, pe.id DESC
            LIMIT ${paginacion.limite} OFFSET ${desplazamiento(paginacion)}`,
          // The sums are numeric, unbounded, and read as text to become exact bigints.
          sql<{ total: number; totalCantidad: string; totalCentavos: string }[]>`
            SELECT
              (SELECT count(*) FROM pedidos pe ${condicion}) AS total,
              coalesce(sum(l.cantidad), 0)::text AS total_cantidad,
              coalesce(sum(l.cantidad::numeric * coalesce(l.precio_unitario_centavos, p.precio_centavos)), 0)::text
                AS total_centavos
            FROM pedidos pe
              JOIN lineas_de_pedido l ON l.pedido_id = pe.id
              JOIN productos p ON p.id = l.producto_id
            ${condicion}`,
        ]);
        return ok({
          items: await cargar(sql, filas),
          pagina: paginacion.pagina,
          limite: paginacion.limite,
          total: totales?.total ?? 0,
          totalCantidad: BigInt(totales?.totalCantidad ?? 0),
          totalCentavos: BigInt(totales?.totalCentavos ?? 0),
        });
      }),
  };
}
