-- Every state of the pedido's lifecycle (decision 0013): carrito, confirmado,
-- pagado, enviado, entregado and cancelado, each with the data it has gained.
-- Each group of columns is all set or all NULL, and which groups are set
-- follows from estado (and, for a cancelado, from the state it was cancelled
-- from), as the domain's union says. Amounts are bigint centavos no larger
-- than 2^53 - 1, exact as JavaScript numbers.

ALTER TABLE pedidos
  -- Where the pedido is shipped: {destinatario, linea1, linea2, ciudad, region, codigo_postal, pais}.
  ADD COLUMN direccion_envio jsonb CHECK (
    jsonb_typeof(direccion_envio) = 'object'
    AND direccion_envio ?& ARRAY['destinatario', 'linea1', 'linea2', 'ciudad', 'region', 'codigo_postal', 'pais']
  ),
  ADD COLUMN pago_importe_centavos bigint CHECK (pago_importe_centavos BETWEEN 0 AND 9007199254740991),
  ADD COLUMN pago_referencia text CHECK (char_length(pago_referencia) BETWEEN 1 AND 100),
  ADD COLUMN pago_metodo text CHECK (char_length(pago_metodo) BETWEEN 1 AND 100),
  ADD COLUMN pagado_en timestamptz,
  ADD COLUMN envio_transportista text CHECK (char_length(envio_transportista) BETWEEN 1 AND 100),
  ADD COLUMN envio_numero_seguimiento text CHECK (char_length(envio_numero_seguimiento) BETWEEN 1 AND 100),
  ADD COLUMN enviado_en timestamptz,
  ADD COLUMN entregado_en timestamptz,
  ADD COLUMN cancelacion_motivo text CHECK (char_length(cancelacion_motivo) <= 500),
  ADD COLUMN cancelacion_estado_anterior text
    CHECK (cancelacion_estado_anterior IN ('carrito', 'confirmado', 'pagado')),
  ADD COLUMN reembolso_centavos bigint CHECK (reembolso_centavos BETWEEN 0 AND 9007199254740991),
  ADD COLUMN cancelado_en timestamptz;

-- The v1 rules, two states only, give way to the six.
ALTER TABLE pedidos DROP CONSTRAINT pedidos_estado_check, DROP CONSTRAINT pedidos_check;

ALTER TABLE pedidos
  ADD CONSTRAINT pedidos_estado_valido
    CHECK (estado IN ('carrito', 'confirmado', 'pagado', 'enviado', 'entregado', 'cancelado')),
  -- Each group whole or absent.
  ADD CONSTRAINT pedidos_pago_completo CHECK (
    num_nulls(pago_importe_centavos, pago_referencia, pago_metodo, pagado_en) IN (0, 4)),
  ADD CONSTRAINT pedidos_envio_completo CHECK (
    num_nulls(envio_transportista, envio_numero_seguimiento, enviado_en) IN (0, 3)),
  ADD CONSTRAINT pedidos_cancelacion_completa CHECK (
    num_nulls(cancelacion_estado_anterior, reembolso_centavos, cancelado_en) IN (0, 3)
    AND (cancelacion_motivo IS NULL OR cancelado_en IS NOT NULL)),
  -- Which groups each state has.
  ADD CONSTRAINT pedidos_confirmado_en_segun_estado CHECK (
    (confirmado_en IS NOT NULL) = (estado IN ('confirmado', 'pagado', 'enviado', 'entregado')
      OR (estado = 'cancelado' AND coalesce(cancelacion_estado_anterior IN ('confirmado', 'pagado'), false)))),
  ADD CONSTRAINT pedidos_pago_segun_estado CHECK (
    (pagado_en IS NOT NULL) = (estado IN ('pagado', 'enviado', 'entregado')
      OR (estado = 'cancelado' AND coalesce(cancelacion_estado_anterior = 'pagado', false)))),
  ADD CONSTRAINT pedidos_envio_segun_estado CHECK ((enviado_en IS NOT NULL) = (estado IN ('enviado', 'entregado'))),
  ADD CONSTRAINT pedidos_entrega_segun_estado CHECK ((entregado_en IS NOT NULL) = (estado = 'entregado')),
  ADD CONSTRAINT pedidos_cancelacion_segun_estado CHECK ((cancelado_en IS NOT NULL) = (estado = 'cancelado')),
  -- A shipped pedido has somewhere to go; a refund is what was paid.
  ADD CONSTRAINT pedidos_enviado_con_direccion CHECK (estado NOT IN ('enviado', 'entregado') OR direccion_envio IS NOT NULL),
  ADD CONSTRAINT pedidos_reembolso_es_lo_pagado CHECK (
    cancelado_en IS NULL OR reembolso_centavos = coalesce(pago_importe_centavos, 0));

-- A payment referencia is recorded for at most one pedido (REFERENCIA_DE_PAGO_DUPLICADA);
-- a cancelled pedido keeps its payment, and so its referencia.
CREATE UNIQUE INDEX pedidos_referencia_de_pago_unica ON pedidos (pago_referencia) WHERE pago_referencia IS NOT NULL;
