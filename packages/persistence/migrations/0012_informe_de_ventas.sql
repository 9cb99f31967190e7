-- The sales report's read model (eventos.md, "Sales report"; decision 0026).
-- It is fed by the stream alone, by the `ventas` consumer: a
-- `pedidos.pedido.confirmado` writes a pedido's row and its lines, at the
-- prices it froze; a `pedidos.pedido.cancelado` of a confirmed or paid pedido
-- marks its row. Nothing here reads or references `pedidos`: the report sees
-- what the stream said, as an outside consumer would.
--
-- Every write is an upsert of a fact, so that events can arrive in any order
-- and more than once: a cancellation that comes before its confirmation (an
-- older event redelivered) leaves a row with `cancelado` and no confirmation
-- yet, which the confirmation then fills in without clearing the mark. A
-- confirmation is made once and its lines are frozen, so a repeated one
-- writes the same values again.

CREATE TABLE ventas_por_pedido (
  pedido_id        uuid PRIMARY KEY,
  confirmado_en    timestamptz,
  unidades         bigint CHECK (unidades BETWEEN 1 AND 9007199254740991),
  importe_centavos bigint CHECK (importe_centavos BETWEEN 0 AND 9007199254740991),
  cancelado        boolean NOT NULL DEFAULT false,
  -- The confirmation's three facts come together, or not yet.
  CHECK ((confirmado_en IS NULL) = (unidades IS NULL) AND (confirmado_en IS NULL) = (importe_centavos IS NULL)),
  -- Only a cancellation writes a row before its confirmation.
  CHECK (confirmado_en IS NOT NULL OR cancelado)
);

CREATE TABLE ventas_por_linea (
  pedido_id         uuid NOT NULL REFERENCES ventas_por_pedido (pedido_id),
  producto_id       uuid NOT NULL,
  unidades          bigint NOT NULL CHECK (unidades BETWEEN 1 AND 9007199254740991),
  subtotal_centavos bigint NOT NULL CHECK (subtotal_centavos BETWEEN 0 AND 9007199254740991),
  -- A pedido has one line per producto (the domain merges a second add).
  PRIMARY KEY (pedido_id, producto_id)
);

-- The report's one range: the pedidos confirmed in [desde, hasta) and not
-- cancelled, by an index scan that for `dia` needs no visit to a vacuumed table;
-- `producto` goes from these rows to their lines by the primary key above.
CREATE INDEX ventas_vigentes ON ventas_por_pedido (confirmado_en) INCLUDE (unidades, importe_centavos)
  WHERE NOT cancelado;
