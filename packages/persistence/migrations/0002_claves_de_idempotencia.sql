-- Idempotency keys: the answer to the first request made with a key, kept with a
-- fingerprint of that request so that a retry gets the same answer and a reuse
-- for another request is recognised. A row is written in the same transaction
-- as the effect of its request, so an answer is kept if and only if its effect is.

CREATE TABLE claves_de_idempotencia (
  clave     text PRIMARY KEY CHECK (char_length(clave) BETWEEN 1 AND 255),
  huella    text NOT NULL,
  status    integer NOT NULL CHECK (status BETWEEN 200 AND 599),
  cabeceras jsonb NOT NULL,
  cuerpo    text NOT NULL,
  creada_en timestamptz NOT NULL,
  caduca_en timestamptz NOT NULL CHECK (caduca_en > creada_en)
);
-- Pruning deletes by expiry.
CREATE INDEX claves_de_idempotencia_caducidad ON claves_de_idempotencia (caduca_en);
