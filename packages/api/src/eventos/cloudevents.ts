/**
 * A stored event as the stream carries it (eventos.md, "The stream"): a
 * CloudEvents 1.0 event in structured JSON mode, whose `type` is also the
 * message's routing key.
 */
import type { EventoDeDominio, TipoDeAgregado } from '@pedidos/domain';
import type { EventoPorPublicar } from '@pedidos/persistence';

export const ORIGEN = 'urn:pedidos';
export const TIPO_DE_CONTENIDO = 'application/cloudevents+json';

type TipoDeEvento = EventoDeDominio['tipo'];

/**
 * The stream's name of each domain event, after the aggregate's: the
 * domain's name in snake_case without the aggregate's own. A table, not a
 * rule run on the names, because the contract names two that are not the
 * domain's: the fine-grained changes of a producto's or a cliente's fields
 * are all `modificado` (the contract's list), and say which change in
 * `data.cambio` (decision 0024). `Record` over every `tipo`: a new domain
 * event does not compile until it is named here.
 */
export const NOMBRE_EN_EL_STREAM: Readonly<
  Record<TipoDeEvento, { readonly nombre: string; readonly cambio?: string }>
> = {
  ClienteRegistrado: { nombre: 'registrado' },
  ClienteRenombrado: { nombre: 'modificado', cambio: 'renombrado' },
  EmailDeClienteCambiado: { nombre: 'modificado', cambio: 'email_cambiado' },
  ProductoCreado: { nombre: 'creado' },
  ProductoRenombrado: { nombre: 'modificado', cambio: 'renombrado' },
  DescripcionDeProductoCambiada: { nombre: 'modificado', cambio: 'descripcion_cambiada' },
  PrecioCambiado: { nombre: 'modificado', cambio: 'precio_cambiado' },
  ProductoActivado: { nombre: 'modificado', cambio: 'activado' },
  ProductoDesactivado: { nombre: 'modificado', cambio: 'desactivado' },
  StockFijado: { nombre: 'stock_fijado' },
  StockRepuesto: { nombre: 'stock_repuesto' },
  StockDescontado: { nombre: 'stock_descontado' },
  PedidoCreado: { nombre: 'creado' },
  ItemAgregado: { nombre: 'item_agregado' },
  CantidadDeItemCambiada: { nombre: 'cantidad_de_item_cambiada' },
  ItemQuitado: { nombre: 'item_quitado' },
  DireccionDeEnvioCambiada: { nombre: 'direccion_de_envio_cambiada' },
  PedidoConfirmado: { nombre: 'confirmado' },
  PedidoPagado: { nombre: 'pagado' },
  PedidoEnviado: { nombre: 'enviado' },
  PedidoEntregado: { nombre: 'entregado' },
  PedidoCancelado: { nombre: 'cancelado' },
  PagoRechazado: { nombre: 'pago_rechazado' },
  ReembolsoRequerido: { nombre: 'reembolso_requerido' },
};

const esTipoConocido = (tipo: string): tipo is TipoDeEvento => Object.hasOwn(NOMBRE_EN_EL_STREAM, tipo);

/** `pedidos.<agregado>.<event>`; a `tipo` this version does not know is a newer writer's, and throws. */
export function tipoDeCloudEvent(agregado: TipoDeAgregado, tipo: string): string {
  if (!esTipoConocido(tipo)) throw new Error(`Evento desconocido: ${tipo}`);
  return `pedidos.${agregado}.${NOMBRE_EN_EL_STREAM[tipo].nombre}`;
}

export type CloudEvent = {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: typeof ORIGEN;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly agregado: TipoDeAgregado;
  readonly secuencia: number;
  readonly data: Readonly<Record<string, unknown>>;
};

/** `precioAnterior` → `precio_anterior`. */
const serpiente = (clave: string) => clave.replaceAll(/[A-Z]/g, (letra) => `_${letra.toLowerCase()}`);

/** Every key in snake_case, at any depth (an address, a pedido's lines). */
function claveEnSerpiente(valor: unknown): unknown {
  if (Array.isArray(valor)) return valor.map(claveEnSerpiente);
  if (valor !== null && typeof valor === 'object') {
    return Object.fromEntries(Object.entries(valor).map(([k, v]) => [serpiente(k), claveEnSerpiente(v)]));
  }
  return valor;
}

/** The event as the contract shows it, its keys in that order. */
export function cloudEvent(evento: EventoPorPublicar): CloudEvent {
  const tipo = tipoDeCloudEvent(evento.agregado, evento.tipo);
  const cambio = esTipoConocido(evento.tipo) ? NOMBRE_EN_EL_STREAM[evento.tipo].cambio : undefined;
  const datos = claveEnSerpiente(evento.datos) as Record<string, unknown>;
  return {
    specversion: '1.0',
    id: evento.eventoId,
    source: ORIGEN,
    type: tipo,
    subject: evento.agregadoId,
    time: evento.ocurridoEn.toISOString(),
    datacontenttype: 'application/json',
    agregado: evento.agregado,
    secuencia: evento.secuencia,
    data: cambio === undefined ? datos : { cambio, ...datos },
  };
}
