-- Idempotency keys belong to the caller (seguridad.md): the same key from two
-- accounts is two keys. `dueno` is the account's id, or '' for a caller
-- without one; the keys kept before this migration were anonymous.

ALTER TABLE claves_de_idempotencia ADD COLUMN dueno text NOT NULL DEFAULT '';
ALTER TABLE claves_de_idempotencia ALTER COLUMN dueno DROP DEFAULT;
ALTER TABLE claves_de_idempotencia DROP CONSTRAINT claves_de_idempotencia_pkey;
ALTER TABLE claves_de_idempotencia ADD PRIMARY KEY (dueno, clave);
