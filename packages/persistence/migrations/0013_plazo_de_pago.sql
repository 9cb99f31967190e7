-- The payment deadline (eventos.md, "The payment deadline"; decision 0027,
-- persistence.md "The payment deadline"). Every few seconds each process asks
-- for the earliest `confirmado` pedido confirmed before now minus
-- PLAZO_DE_PAGO_SEGUNDOS, and cancels it. This index holds the confirmed
-- pedidos alone, by `confirmado_en` (and `id`, the sweep's order to the end):
-- the question reads its first entry, however many pedidos were ever paid,
-- shipped or cancelled, and an empty answer costs one index probe.

CREATE INDEX pedidos_por_vencer ON pedidos (confirmado_en, id) WHERE estado = 'confirmado';
