/**
 * The data set, written with set-based SQL so that 100k pedidos take seconds.
 * Pedidos are spread over the last 30 days, a third of them paid, with one
 * to three lines each; productos have stock enough never to run out, except the
 * three "hot" ones of the contended scenario.
 */
import type { Sql } from '@pedidos/persistence';

export type Tamano = { readonly clientes: number; readonly productos: number; readonly pedidos: number };

export const PRODUCTOS_ESCASOS = 3;

/** Empties every table: the bench owns its database. */
export async function vaciar(sql: Sql): Promise<void> {
  await sql`
    TRUNCATE claves_de_idempotencia, eventos, lineas_de_pedido, pedidos, productos, cuentas, clientes,
             avisos_de_pago, entregas_procesadas, ventas_por_pedido, ventas_por_linea`;
}

export async function sembrarCatalogo(sql: Sql, tamano: Tamano, stockEscaso: number): Promise<void> {
  await sql`
    INSERT INTO clientes (id, nombre, email, creado_en, actualizado_en)
    SELECT gen_random_uuid(), 'Cliente ' || i, 'cliente' || i || '@bench.example',
           now() - make_interval(secs => i), now() - make_interval(secs => i)
    FROM generate_series(1, ${tamano.clientes}::int) AS i`;
  await sql`
    INSERT INTO productos (id, nombre, descripcion, precio_centavos, stock, estado, creado_en, actualizado_en)
    SELECT gen_random_uuid(), 'Producto ' || i, NULL, 100 + (i * 37) % 10000,
           CASE WHEN i <= ${PRODUCTOS_ESCASOS}::int THEN ${stockEscaso}::bigint ELSE 1000000000 END,
           'activo', now() - make_interval(secs => i), now() - make_interval(secs => i)
    FROM generate_series(1, ${tamano.productos}::int) AS i`;
}

/**
 * The first clientes by id, whose pedidos are only those of the first 10k: the
 * list is measured on them at 10k and at 100k pedidos, so that the two figures
 * differ only in the size of the table, not in the size of the answer.
 */
export const CLIENTES_SONDA = 1000;

/**
 * Adds pedidos numbered `desde`..`hasta`, so that a set can grow from 10k to
 * 1M. With `sinSonda`, the new pedidos go to clientes outside the probe.
 */
export async function sembrarPedidos(sql: Sql, desde: number, hasta: number, sinSonda = false): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      CREATE TEMP TABLE c ON COMMIT DROP AS
      SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
      FROM (SELECT id FROM clientes ORDER BY id OFFSET ${sinSonda ? CLIENTES_SONDA : 0}::int) AS elegibles`;
    // The hot productos are left out: their stock belongs to the contended scenario.
    await tx`
      CREATE TEMP TABLE p ON COMMIT DROP AS
      SELECT id, nombre, precio_centavos, row_number() OVER (ORDER BY id) - 1 AS n
      FROM productos WHERE stock > 1000000 `;
    await tx`
      CREATE TEMP TABLE nuevos ON COMMIT DROP AS
      -- bigint: the numbers below are multiplied past 2^31 at a million pedidos.
      SELECT gen_random_uuid() AS id, i,
             now() - make_interval(secs => (i * 2593) % (30 * 24 * 3600)) AS creado_en
      FROM generate_series(${desde}::bigint, ${hasta}::bigint) AS i`;
    // The lines first, so that a paid pedido's payment can be its exact total, as the domain requires.
    await tx`
      CREATE TEMP TABLE l ON COMMIT DROP AS
      SELECT nuevos.id AS pedido_id, nuevos.i, p.id AS producto_id, j AS posicion, 1 + (nuevos.i + j) % 4 AS cantidad,
             p.nombre, p.precio_centavos
      FROM nuevos
        CROSS JOIN LATERAL generate_series(0, nuevos.i % 3) AS j
        JOIN p ON p.n = (nuevos.i * 31 + j * 97) % (SELECT count(*) FROM p)`;
    // Paid, not left confirmed: a confirmed pedido older than the payment deadline would be cancelled by
    // the service's sweep, thousands of them while the bench measures (as happened until 2026-12-02).
    await tx`
      INSERT INTO pedidos (id, cliente_id, estado, version, creado_en, actualizado_en, confirmado_en,
                           pago_importe_centavos, pago_referencia, pago_metodo, pagado_en)
      SELECT nuevos.id, c.id,
             CASE WHEN i % 3 = 0 THEN 'pagado' ELSE 'carrito' END,
             CASE WHEN i % 3 = 0 THEN 3 ELSE 1 END,
             creado_en, creado_en,
             CASE WHEN i % 3 = 0 THEN creado_en END,
             CASE WHEN i % 3 = 0 THEN t.total END,
             CASE WHEN i % 3 = 0 THEN 'banco-' || nuevos.id END,
             CASE WHEN i % 3 = 0 THEN 'tarjeta' END,
             CASE WHEN i % 3 = 0 THEN creado_en + interval '1 minute' END
      FROM nuevos
        JOIN c ON c.n = (nuevos.i * 7919) % (SELECT count(*) FROM c)
        JOIN (SELECT pedido_id, sum(cantidad * precio_centavos) AS total FROM l GROUP BY pedido_id) AS t
          ON t.pedido_id = nuevos.id`;
    await tx`
      INSERT INTO lineas_de_pedido (pedido_id, producto_id, posicion, cantidad, nombre, precio_unitario_centavos)
      SELECT pedido_id, producto_id, posicion, cantidad,
             CASE WHEN i % 3 = 0 THEN nombre END,
             CASE WHEN i % 3 = 0 THEN precio_centavos END
      FROM l`;
  });
  // Vacuumed now, so that autovacuum does not start on the new rows in the middle of a
  // measurement, and index-only scans find the visibility map set.
  await sql`VACUUM (ANALYZE)`;
}

/** Ids to pick at random from. */
export async function muestras(sql: Sql) {
  const clientes = (await sql<{ id: string }[]>`SELECT id FROM clientes ORDER BY id`).map((f) => f.id);
  const productos = await sql<{ id: string; stock: number }[]>`SELECT id, stock FROM productos ORDER BY id`;
  return {
    clientes,
    sonda: clientes.slice(0, CLIENTES_SONDA),
    abundantes: productos.filter((p) => p.stock > 1_000_000).map((p) => p.id),
    escasos: productos.filter((p) => p.stock <= 1_000_000).map((p) => p.id),
  };
}
