-- Accounts (seguridad.md): who may log in, with which role. A `cliente`
-- account is a cliente: it logs in with that cliente's email, whatever it is
-- now, so it keeps no email of its own. A `personal` (staff) account has its
-- own. Passwords are kept only as a slow salted hash (argon2id, PHC string).

CREATE TABLE cuentas (
  id             uuid PRIMARY KEY,
  rol            text NOT NULL CHECK (rol IN ('cliente', 'personal')),
  cliente_id     uuid UNIQUE REFERENCES clientes (id),
  email          text CHECK (email = lower(email) AND char_length(email) <= 254),
  hash_de_clave  text NOT NULL CHECK (hash_de_clave LIKE '$argon2id$%'),
  creada_en      timestamptz NOT NULL,
  CHECK ((rol = 'cliente') = (cliente_id IS NOT NULL)),
  CHECK ((rol = 'personal') = (email IS NOT NULL))
);

CREATE UNIQUE INDEX cuentas_email_unico ON cuentas (lower(email));
