import {
  type BaseDeDatosNoDisponible,
  type CambioDeProducto,
  type FiltroDeProductos,
  type Paginacion,
  type Producto,
  type ProductoId,
  type ProductoNoEncontrado,
  type RepositorioDeProductos,
  reconstituirProducto,
} from '@pedidos/domain';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { Consulta } from './base-de-datos.ts';
import { ejecutar } from './ejecutor.ts';
import { consultar } from './errores.ts';
import { insercionDeEventos } from './eventos.ts';
import { desplazamiento, donde, nombreContiene, pagina } from './paginas.ts';
import { enUnaSentencia } from './transacciones.ts';

export type FilaProducto = {
  id: string;
  nombre: string;
  descripcion: string | null;
  precioCentavos: number;
  stock: number;
  estado: string;
  creadoEn: Date;
  actualizadoEn: Date;
};

export function aProducto(fila: FilaProducto): Producto {
  return reconstituirProducto({ ...fila, precio: fila.precioCentavos }).match(
    (producto) => producto,
    (error) => {
      throw new Error(`Producto ${fila.id} guardado con datos no válidos: ${error.kind}`);
    },
  );
}

export const columnasDeProducto = (sql: Consulta) =>
  sql`id, nombre, descripcion, precio_centavos, stock, estado, creado_en, actualizado_en`;

/** The domain's port, and a read of several productos in one statement (a new pedido's lines). */
export type RepositorioDeProductosSql = RepositorioDeProductos & {
  /**
   * The productos of `ids`, in any order, in one round trip; the first of
   * `ids` that does not exist is `ProductoNoEncontrado`, as `buscar` of it
   * would be.
   */
  buscarVarios(
    ids: readonly ProductoId[],
  ): ResultAsync<readonly Producto[], ProductoNoEncontrado | BaseDeDatosNoDisponible>;
};

export function repositorioDeProductos(sql: Consulta): RepositorioDeProductosSql {
  return {
    registrar: ({ producto, eventos }: CambioDeProducto) =>
      consultar(async () => {
        // One statement, the producto with its events: atomic without a transaction of its own.
        await enUnaSentencia(sql, async (q) => {
          const insercion = insercionDeEventos(q, eventos);
          await q`
            WITH p AS (
              INSERT INTO productos (id, nombre, descripcion, precio_centavos, stock, estado, creado_en, actualizado_en)
              VALUES (${producto.id}, ${producto.nombre}, ${producto.descripcion}, ${producto.precio},
                      ${producto.stock}, ${producto.estado}, ${producto.creadoEn}, ${producto.actualizadoEn}))
            ${insercion === undefined ? q`SELECT 1` : insercion}`;
        });
        return ok(producto);
      }),

    buscar: (id: ProductoId) =>
      consultar(async () => {
        const [fila] = await sql<FilaProducto[]>`SELECT ${columnasDeProducto(sql)} FROM productos WHERE id = ${id}`;
        return fila === undefined
          ? err({ kind: 'ProductoNoEncontrado' as const, productoId: id })
          : ok(aProducto(fila));
      }),

    buscarVarios: (ids: readonly ProductoId[]) =>
      consultar(async () => {
        if (ids.length === 0) return ok([]);
        // One parameter per id, not `= ANY($1)`: PostgreSQL, guessing ten elements in an array it cannot see, found
        // its generic plan dearer than the one planned for three and planned at every run; with the list's length in
        // the statement's text, each length keeps its generic plan after five runs (persistence.md).
        const filas = await sql<FilaProducto[]>`
          SELECT ${columnasDeProducto(sql)} FROM productos WHERE id IN ${sql([...ids])}`;
        const encontrados = new Set(filas.map((fila) => fila.id));
        const falta = ids.find((id) => !encontrados.has(id));
        return falta === undefined
          ? ok(filas.map(aProducto))
          : err({ kind: 'ProductoNoEncontrado' as const, productoId: falta });
      }),

    modificar: <E>(id: ProductoId, decidir: (producto: Producto) => Result<CambioDeProducto, E>) =>
      ejecutar<Producto, CambioDeProducto, E | ProductoNoEncontrado>(sql, {
        cargar: async (tx) => {
          const [fila] = await tx<FilaProducto[]>`
            SELECT ${columnasDeProducto(tx)} FROM productos WHERE id = ${id} FOR NO KEY UPDATE`;
          return fila === undefined ? err({ kind: 'ProductoNoEncontrado', productoId: id }) : ok(aProducto(fila));
        },
        decidir,
        escribir: async (tx, { producto, eventos }) => {
          const insercion = insercionDeEventos(tx, eventos);
          if (insercion === undefined) return;
          await tx`
            WITH p AS (
              UPDATE productos SET nombre = ${producto.nombre}, descripcion = ${producto.descripcion},
                precio_centavos = ${producto.precio}, stock = ${producto.stock}, estado = ${producto.estado},
                actualizado_en = ${producto.actualizadoEn}
              WHERE id = ${id})
            ${insercion}`;
        },
      }).map(({ producto }) => producto),

    listar: (filtro: FiltroDeProductos, paginacion: Paginacion) =>
      consultar(async () => {
        const condicion = donde(sql, [
          filtro.estado !== undefined && sql`estado = ${filtro.estado}`,
          filtro.precioMinimo !== undefined && sql`precio_centavos >= ${filtro.precioMinimo}`,
          filtro.precioMaximo !== undefined && sql`precio_centavos <= ${filtro.precioMaximo}`,
          filtro.nombre !== undefined && nombreContiene(sql, filtro.nombre),
        ]);
        const [filas, [cuenta]] = await Promise.all([
          sql<FilaProducto[]>`
            SELECT ${columnasDeProducto(sql)} FROM productos ${condicion}
            ORDER BY creado_en DESC, id DESC
            LIMIT ${paginacion.limite} OFFSET ${desplazamiento(paginacion)}`,
          sql<{ total: number }[]>`SELECT count(*) AS total FROM productos ${condicion}`,
        ]);
        return ok(pagina(filas.map(aProducto), cuenta?.total ?? 0, paginacion));
      }),
  };
}
