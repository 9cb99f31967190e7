-- The inbox of the service's own consumers of the stream (decision 0025,
-- persistence.md "The consumers"): one row per event a consumer has
-- processed, written in the same transaction as the event's effect. A second
-- delivery of the event (RabbitMQ delivers at least once; the in-process feed
-- retries after a failure) finds the row, or waits for the first delivery's
-- transaction and then finds it, and has no effect; an effect that failed
-- rolled its row back with it, so the next delivery processes the event.
--
-- `evento_id` is the CloudEvent's `id` (the outbox's `evento_id`), with no
-- foreign key: the consumer may run on another database than the outbox's,
-- and the outbox's published rows may be gone.

CREATE TABLE entregas_procesadas (
  consumidor   text NOT NULL CHECK (consumidor ~ '^[a-z][a-z0-9-]{0,62}$'),
  evento_id    uuid NOT NULL,
  procesado_en timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumidor, evento_id)
);
