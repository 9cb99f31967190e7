-- The relay that publishes the outbox (decision 0024, persistence.md "The
-- relay"). A relay claims an event for a while (`reclamado_hasta`, a lease)
-- before it talks to the broker, in a short transaction of its own, and marks
-- it published (`publicado_en`) after the broker confirmed it. A relay that
-- dies holding a claim holds it only until the lease runs out; one whose
-- publish failed puts the lease forward by its backoff, so that the event is
-- tried again later and, meanwhile, no later event of its aggregate goes
-- ahead of it. `intentos` counts the claims: how often it has been tried.

ALTER TABLE eventos ADD COLUMN reclamado_hasta timestamptz;
ALTER TABLE eventos ADD COLUMN intentos integer NOT NULL DEFAULT 0 CHECK (intentos >= 0);

-- The earliest unpublished event of each aggregate, by an index scan of the
-- unpublished ones alone: the relay's question on every round.
CREATE INDEX eventos_por_publicar ON eventos (agregado, agregado_id, secuencia) WHERE publicado_en IS NULL;
DROP INDEX eventos_sin_publicar;

-- Every statement that appends events tells the relays listening on a server
-- (LISTEN pedidos_eventos). The notice is sent at commit, and only then: a
-- relay woken by it finds the events committed. Notices of one transaction
-- with the same payload are folded into one.
CREATE FUNCTION avisar_de_eventos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pedidos_eventos', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER eventos_avisan AFTER INSERT ON eventos FOR EACH STATEMENT EXECUTE FUNCTION avisar_de_eventos();
