-- The history of a pedido says, for each event, the pedido's version after the
-- change that recorded it (the contract's `historial`). Versioned aggregates
-- only: a pedido's events carry it, a cliente's or a producto's do not.
--
-- Every change writes its events in its own transaction, and each change of a
-- pedido raised its version by one (its creation made version 1), so the
-- events already stored get their version by counting the transactions that
-- wrote them, in the order of their sequence: a new transaction id (xmin),
-- one version more.

ALTER TABLE eventos ADD COLUMN version integer CHECK (version >= 1);

UPDATE eventos e
SET version = n.version
FROM (
  SELECT id, sum(nuevo) OVER (PARTITION BY agregado_id ORDER BY secuencia) AS version
  FROM (
    SELECT id, agregado_id, secuencia,
           CASE WHEN xmin = lag(xmin) OVER (PARTITION BY agregado_id ORDER BY secuencia) THEN 0 ELSE 1 END AS nuevo
    FROM eventos
    WHERE agregado = 'pedido'
  ) g
) n
WHERE n.id = e.id;

ALTER TABLE eventos ADD CONSTRAINT eventos_version_de_pedido CHECK ((agregado = 'pedido') = (version IS NOT NULL));
