-- The initial schema. The database enforces on its own every rule it can state:
-- ranges, estados, uniqueness and references. Amounts are bigint counts of
-- centavos no larger than 2^53 - 1, so that they are exact as JavaScript numbers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE clientes (
  id             uuid PRIMARY KEY,
  nombre         text NOT NULL CHECK (char_length(nombre) BETWEEN 1 AND 200),
  email          text NOT NULL CHECK (email = lower(email) AND char_length(email) <= 254),
  creado_en      timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL
);
-- Case-insensitive uniqueness; emails are stored lower-cased, and the index says so again.
CREATE UNIQUE INDEX clientes_email_unico ON clientes (lower(email));
-- Newest first, id as tie-break: the order of every list.
CREATE INDEX clientes_recientes ON clientes (creado_en DESC, id DESC);
-- Case-insensitive substring search (ILIKE '%x%') is served by trigram indexes.
CREATE INDEX clientes_nombre_trgm ON clientes USING gin (nombre gin_trgm_ops);

CREATE TABLE productos (
  id              uuid PRIMARY KEY,
  nombre          text NOT NULL CHECK (char_length(nombre) BETWEEN 1 AND 200),
  descripcion     text CHECK (char_length(descripcion) <= 2000),
  precio_centavos bigint NOT NULL CHECK (precio_centavos BETWEEN 0 AND 9007199254740991),
  stock           bigint NOT NULL CHECK (stock BETWEEN 0 AND 9007199254740991),
  estado          text NOT NULL CHECK (estado IN ('activo', 'inactivo')),
  creado_en       timestamptz NOT NULL,
  actualizado_en  timestamptz NOT NULL
);
CREATE INDEX productos_recientes ON productos (creado_en DESC, id DESC);
CREATE INDEX productos_estado ON productos (estado, creado_en DESC, id DESC);
CREATE INDEX productos_precio ON productos (precio_centavos);
CREATE INDEX productos_nombre_trgm ON productos USING gin (nombre gin_trgm_ops);

CREATE TABLE pedidos (
  id             uuid PRIMARY KEY,
  cliente_id     uuid NOT NULL REFERENCES clientes (id),
  estado         text NOT NULL CHECK (estado IN ('carrito', 'confirmado')),
  version        integer NOT NULL CHECK (version >= 1),
  creado_en      timestamptz NOT NULL,
  actualizado_en timestamptz NOT NULL,
  confirmado_en  timestamptz,
  CHECK ((estado = 'confirmado') = (confirmado_en IS NOT NULL))
);
CREATE INDEX pedidos_recientes ON pedidos (creado_en DESC, id DESC);
CREATE INDEX pedidos_de_cliente ON pedidos (cliente_id, creado_en DESC, id DESC);
CREATE INDEX pedidos_estado ON pedidos (estado, creado_en DESC, id DESC);

-- The lines of a pedido. While the pedido is a carrito, nombre and precio are NULL
-- and read from the producto; confirmation freezes them here.
CREATE TABLE lineas_de_pedido (
  pedido_id                uuid NOT NULL REFERENCES pedidos (id) ON DELETE CASCADE,
  producto_id              uuid NOT NULL REFERENCES productos (id),
  posicion                 integer NOT NULL CHECK (posicion >= 0),
  cantidad                 bigint NOT NULL CHECK (cantidad BETWEEN 1 AND 9007199254740991),
  nombre                   text CHECK (char_length(nombre) BETWEEN 1 AND 200),
  precio_unitario_centavos bigint CHECK (precio_unitario_centavos BETWEEN 0 AND 9007199254740991),
  PRIMARY KEY (pedido_id, producto_id),
  UNIQUE (pedido_id, posicion) DEFERRABLE INITIALLY DEFERRED,
  CHECK ((nombre IS NULL) = (precio_unitario_centavos IS NULL))
);
-- Filter "pedidos that contain this producto".
CREATE INDEX lineas_por_producto ON lineas_de_pedido (producto_id, pedido_id);

-- Domain events, written in the same transaction as the change that produced them:
-- the outbox from which a relay will publish them.
CREATE TABLE eventos (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tipo         text NOT NULL,
  agregado     text NOT NULL CHECK (agregado IN ('cliente', 'producto', 'pedido')),
  agregado_id  uuid NOT NULL,
  datos        jsonb NOT NULL,
  ocurrido_en  timestamptz NOT NULL,
  publicado_en timestamptz
);
CREATE INDEX eventos_sin_publicar ON eventos (id) WHERE publicado_en IS NULL;
CREATE INDEX eventos_de_agregado ON eventos (agregado_id, id);
