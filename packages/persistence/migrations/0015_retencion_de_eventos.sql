-- The retention of published events (decision 0025, "Retention";
-- persistence.md "The relay"). Once the stream has had them for a while,
-- a producto's and a cliente's events are deleted, but for the last of each,
-- which the next event's `secuencia` follows. A pedido's are kept: they are
-- its history (`GET /pedidos/{id}/historial`). The sweep walks the published
-- events of productos and clientes in order of id, a stretch per statement;
-- this index is that walk, without reading the pedidos'.

CREATE INDEX eventos_publicados_podables ON eventos (id)
  WHERE publicado_en IS NOT NULL AND agregado <> 'pedido';
