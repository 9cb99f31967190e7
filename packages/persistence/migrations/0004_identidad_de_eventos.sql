-- Every event gets its identity: a UUID of its own (what a consumer
-- deduplicates by) and its place in the history of its aggregate, 1, 2, 3...,
-- assigned in the transaction of the change that produced it. The bigint id
-- stays the outbox's order of writing.

ALTER TABLE eventos ADD COLUMN evento_id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE eventos ADD CONSTRAINT eventos_evento_id_unico UNIQUE (evento_id);

ALTER TABLE eventos ADD COLUMN secuencia integer;
UPDATE eventos e
SET secuencia = n.secuencia
FROM (
  SELECT id, row_number() OVER (PARTITION BY agregado, agregado_id ORDER BY id) AS secuencia FROM eventos
) n
WHERE n.id = e.id;
ALTER TABLE eventos ALTER COLUMN secuencia SET NOT NULL;
ALTER TABLE eventos ADD CONSTRAINT eventos_secuencia_positiva CHECK (secuencia >= 1);

-- One event per place: a second writer computing the same number is refused,
-- never stored beside the first. It also serves the history of one aggregate
-- and the next number (max + 1) by an index lookup.
CREATE UNIQUE INDEX eventos_historia ON eventos (agregado, agregado_id, secuencia);
DROP INDEX eventos_de_agregado;
