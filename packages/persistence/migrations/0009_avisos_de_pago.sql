-- The inbox of the payment webhook (eventos.md, "The payment webhook"): one
-- row per notice the provider sent, by the provider's own id, written in the
-- same transaction as the notice's effect on its pedido. Its primary key is
-- what makes a notice delivered twice, or twice at once, take effect once:
-- the second delivery finds the row, or waits for the first's and is refused.
--
-- `pedido_id` has no foreign key: a notice about a pedido this service does
-- not have is kept too (`pedido_desconocido`), so that its id is spent and an
-- operator can find it. `desenlace` is what the notice did; the events it
-- recorded, if any, are in `eventos`.

CREATE TABLE avisos_de_pago (
  id               text PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 100),
  resultado        text NOT NULL CHECK (resultado IN ('aprobado', 'rechazado')),
  pedido_id        uuid NOT NULL,
  importe_centavos bigint NOT NULL CHECK (importe_centavos BETWEEN 0 AND 9007199254740991),
  referencia       text NOT NULL CHECK (char_length(referencia) BETWEEN 1 AND 100),
  metodo           text NOT NULL CHECK (char_length(metodo) BETWEEN 1 AND 100),
  desenlace        text NOT NULL CHECK (
    desenlace IN ('pagado', 'reembolso_requerido', 'pago_rechazado', 'ya_registrado', 'pedido_desconocido')),
  recibido_en      timestamptz NOT NULL
);

CREATE INDEX avisos_de_pago_de_pedido ON avisos_de_pago (pedido_id);
