-- The retention of published events (decision 0025, "Retention";
-- persistence.md "The relay"). Once the stream has had them for a while,
-- a producto's and a cliente's events are deleted, but for the last of each,
-- which the next event's `secuencia` follows. A pedido's are kept: they are
-- its history (`GET /pedidos/{id}/historial`). This index finds the old
-- published ones without reading the pedidos'.

CREATE INDEX eventos_publicados_podables ON eventos (publicado_en)
  WHERE publicado_en IS NOT NULL AND agregado <> 'pedido';
