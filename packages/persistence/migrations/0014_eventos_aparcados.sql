-- Parking of events that keep failing (decision 0024, "Parking";
-- persistence.md "The relay"). A publish can fail because the broker is away,
-- which says nothing of the event and is tried again for ever, or for a
-- reason of the event's own (the broker refused it; an in-process consumer
-- threw on it). `fallos` counts the latter; after ten of them the relay sets
-- `aparcado_en` and stops trying: the event, and every later event of its
-- aggregate, waits for an operator to mend the cause and let it go
-- (`UPDATE eventos SET aparcado_en = NULL, fallos = 0, intentos = 0 WHERE …`),
-- so that the order per subject still holds. The other aggregates go on.

ALTER TABLE eventos ADD COLUMN fallos integer NOT NULL DEFAULT 0 CHECK (fallos >= 0);
ALTER TABLE eventos ADD COLUMN aparcado_en timestamptz;

CREATE INDEX eventos_aparcados ON eventos (id) WHERE aparcado_en IS NOT NULL AND publicado_en IS NULL;
