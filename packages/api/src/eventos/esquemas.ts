/**
 * The schema of every CloudEvent the stream carries (eventos.md, "The
 * stream"; decision 0028): its envelope, and the `data` of each `type`,
 * exactly as `cloudEvent()` writes it from a stored event — keys in
 * snake_case, the domain's bigint amounts as the JSON numbers the outbox
 * stores, no field the event does not carry. The AsyncAPI document
 * (`../asyncapi.ts`) is generated from these.
 *
 * Written from the domain's event types, not read off them at run time (the
 * types are gone by then), so the compiler holds the two together: the table
 * is over every domain `tipo`, and each schema's type must be the stored
 * event's, field for field, in both directions.
 */
import {
  agregadoDe,
  ESTADOS_PEDIDO,
  ESTADOS_PRODUCTO,
  type EstadoCancelable,
  type EventoDeDominio,
  LONGITUD_MAXIMA_CODIGO_POSTAL,
  LONGITUD_MAXIMA_DESCRIPCION,
  LONGITUD_MAXIMA_EMAIL,
  LONGITUD_MAXIMA_ETIQUETA,
  LONGITUD_MAXIMA_LINEA_DE_DIRECCION,
  LONGITUD_MAXIMA_MOTIVO,
  LONGITUD_MAXIMA_NOMBRE,
  MAXIMO_DE_LINEAS,
  type MotivoDeReembolso,
  permite,
  type TipoDeAgregado,
} from '@pedidos/domain';
import { z } from 'zod';
import { NOMBRE_EN_EL_STREAM, ORIGEN, tipoDeCloudEvent } from './cloudevents.ts';

type TipoDeEvento = EventoDeDominio['tipo'];

// ---------------------------------------------------------------- the domain's values, as JSON

/** An id as the domain keeps it: a UUID in its canonical lower-case form, of any version. */
const uuid = () =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    .meta({ format: 'uuid' });

/** A safe integer from `minimo`: a count of units, or an amount of centavos (a bigint in the domain, exact in JSON). */
const entero = (minimo: 0 | 1) => z.int().min(minimo).max(Number.MAX_SAFE_INTEGER);
const centavos = () => entero(0);

/** Length in code points, as JSON Schema's `maxLength` counts it and the domain does; zod's `max` counts UTF-16 units. */
const hasta = (maximo: number) => (texto: string) => [...texto].length <= maximo;

/**
 * A one-line text of the domain (names, address lines, payment labels):
 * trimmed, 1 to `maximo` characters, none a control character.
 */
const lineaDeTexto = (maximo: number) =>
  z
    .string()
    .min(1)
    .regex(/^[^\p{Cc}\s](?:[^\p{Cc}]*[^\p{Cc}\s])?$/u)
    .refine(hasta(maximo))
    .meta({ maxLength: maximo });

/** A free text (a cancellation's reason): trimmed, line breaks allowed, no NUL. */
const textoLibre = (maximo: number) =>
  z
    .string()
    .min(1)
    .regex(/^[^\s\0](?:[^\0]*[^\s\0])?$/u)
    .refine(hasta(maximo))
    .meta({ maxLength: maximo });

const nombre = () => lineaDeTexto(LONGITUD_MAXIMA_NOMBRE);
const etiqueta = () => lineaDeTexto(LONGITUD_MAXIMA_ETIQUETA);

/** A producto's description as written, line breaks included, no NUL; or none. */
const descripcion = () =>
  z
    .string()
    .regex(/^[^\0]*$/u)
    .refine(hasta(LONGITUD_MAXIMA_DESCRIPCION))
    .meta({ maxLength: LONGITUD_MAXIMA_DESCRIPCION })
    .nullable();

/** The domain's grammar (WHATWG's, a dot required in the domain part), lower-cased. */
const email = () =>
  z
    .string()
    .max(LONGITUD_MAXIMA_EMAIL)
    .regex(
      /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/,
    );

const direccion = () =>
  z.strictObject({
    destinatario: lineaDeTexto(LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
    linea1: lineaDeTexto(LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
    linea2: lineaDeTexto(LONGITUD_MAXIMA_LINEA_DE_DIRECCION).nullable(),
    ciudad: lineaDeTexto(LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
    region: lineaDeTexto(LONGITUD_MAXIMA_LINEA_DE_DIRECCION).nullable(),
    codigo_postal: lineaDeTexto(LONGITUD_MAXIMA_CODIGO_POSTAL),
    pais: z.string().regex(/^[A-Z]{2}$/),
  });

/** A frozen line of a confirmed pedido: always at least one unit. */
const lineaDePedido = () =>
  z.strictObject({
    producto_id: uuid(),
    nombre: nombre(),
    cantidad: entero(1),
    precio_unitario: centavos(),
  });

/** The states a pedido can be cancelled from, as the domain's transition table says. */
const ESTADOS_CANCELABLES = ESTADOS_PEDIDO.filter((estado): estado is EstadoCancelable => permite(estado, 'cancelar'));

/** Every `MotivoDeReembolso`, and nothing else: the `satisfies` and the check below hold it to the type. */
const MOTIVOS_DE_REEMBOLSO = [
  'estado_no_pagable',
  'importe_incorrecto',
  'referencia_de_otro_pedido',
] as const satisfies readonly MotivoDeReembolso[];
const _todosLosMotivos: Exclude<MotivoDeReembolso, (typeof MOTIVOS_DE_REEMBOLSO)[number]> extends never ? true : never =
  true;

// ---------------------------------------------------------------- the data of each event

/**
 * The `data` of each domain event, without the `cambio` of a `modificado`
 * (added from `NOMBRE_EN_EL_STREAM` below). Every event carries the id of its
 * aggregate.
 */
export const ESQUEMAS_DE_DATOS = {
  ClienteRegistrado: z.strictObject({ cliente_id: uuid(), nombre: nombre(), email: email() }),
  ClienteRenombrado: z.strictObject({ cliente_id: uuid(), nombre: nombre() }),
  EmailDeClienteCambiado: z.strictObject({ cliente_id: uuid(), email: email() }),

  ProductoCreado: z.strictObject({
    producto_id: uuid(),
    nombre: nombre(),
    descripcion: descripcion(),
    precio: centavos(),
    stock: entero(0),
    estado: z.enum(ESTADOS_PRODUCTO),
  }),
  ProductoRenombrado: z.strictObject({ producto_id: uuid(), nombre: nombre() }),
  DescripcionDeProductoCambiada: z.strictObject({ producto_id: uuid(), descripcion: descripcion() }),
  PrecioCambiado: z.strictObject({ producto_id: uuid(), precio_anterior: centavos(), precio: centavos() }),
  ProductoActivado: z.strictObject({ producto_id: uuid() }),
  ProductoDesactivado: z.strictObject({ producto_id: uuid() }),
  StockFijado: z.strictObject({ producto_id: uuid(), stock_anterior: entero(0), stock: entero(0) }),
  StockRepuesto: z.strictObject({ producto_id: uuid(), cantidad: entero(1), stock: entero(0) }),
  StockDescontado: z.strictObject({ producto_id: uuid(), cantidad: entero(1), stock: entero(0) }),

  PedidoCreado: z.strictObject({ pedido_id: uuid(), cliente_id: uuid() }),
  ItemAgregado: z.strictObject({
    pedido_id: uuid(),
    producto_id: uuid(),
    cantidad: entero(1),
    cantidad_en_linea: entero(1),
    precio_unitario: centavos(),
  }),
  CantidadDeItemCambiada: z.strictObject({
    pedido_id: uuid(),
    producto_id: uuid(),
    cantidad_anterior: entero(1),
    cantidad: entero(1),
  }),
  ItemQuitado: z.strictObject({ pedido_id: uuid(), producto_id: uuid(), cantidad: entero(1) }),
  DireccionDeEnvioCambiada: z.strictObject({ pedido_id: uuid(), direccion: direccion() }),
  PedidoConfirmado: z.strictObject({
    pedido_id: uuid(),
    cliente_id: uuid(),
    lineas: z.array(lineaDePedido()).min(1).max(MAXIMO_DE_LINEAS),
    total_cantidad: entero(1),
    total_centavos: centavos(),
  }),
  PedidoPagado: z.strictObject({
    pedido_id: uuid(),
    importe_centavos: centavos(),
    referencia: etiqueta(),
    metodo: etiqueta(),
  }),
  PedidoEnviado: z.strictObject({
    pedido_id: uuid(),
    transportista: etiqueta(),
    numero_seguimiento: etiqueta(),
    direccion: direccion(),
  }),
  PedidoEntregado: z.strictObject({ pedido_id: uuid() }),
  PedidoCancelado: z.strictObject({
    pedido_id: uuid(),
    motivo: textoLibre(LONGITUD_MAXIMA_MOTIVO).nullable(),
    estado_anterior: z.enum(ESTADOS_CANCELABLES),
    reembolso_centavos: centavos(),
  }),
  PagoRechazado: z.strictObject({
    pedido_id: uuid(),
    importe_centavos: centavos(),
    referencia: etiqueta(),
    metodo: etiqueta(),
  }),
  ReembolsoRequerido: z.strictObject({
    pedido_id: uuid(),
    importe_centavos: centavos(),
    referencia: etiqueta(),
    metodo: etiqueta(),
    motivo: z.enum(MOTIVOS_DE_REEMBOLSO),
    estado: z.enum(ESTADOS_PEDIDO),
  }),
} satisfies { readonly [T in TipoDeEvento]: z.ZodObject };

/** What each event says, for the document's readers (in Spanish, as the OpenAPI document). */
const RESUMENES: { readonly [T in TipoDeEvento]: string } = {
  ClienteRegistrado: 'Un cliente nuevo.',
  ClienteRenombrado: 'El cliente cambió de nombre.',
  EmailDeClienteCambiado: 'El cliente cambió de email.',
  ProductoCreado: 'Un producto nuevo del catálogo.',
  ProductoRenombrado: 'El producto cambió de nombre.',
  DescripcionDeProductoCambiada: 'La descripción del producto cambió (`null`: ya no tiene).',
  PrecioCambiado: 'El precio del producto cambió; los pedidos confirmados conservan el suyo.',
  ProductoActivado: 'El producto vuelve a poder pedirse.',
  ProductoDesactivado: 'El producto ya no puede pedirse.',
  StockFijado: 'El personal fijó el stock del producto.',
  StockRepuesto: 'Volvieron unidades al stock (un pedido cancelado).',
  StockDescontado: 'Salieron unidades del stock (un pedido confirmado).',
  PedidoCreado: 'Un carrito nuevo del cliente.',
  ItemAgregado: 'Unidades de un producto añadidas al carrito; `cantidad_en_linea` es el total de su línea.',
  CantidadDeItemCambiada: 'La cantidad de una línea del carrito cambió.',
  ItemQuitado: 'Una línea quitada del carrito, con las unidades que tenía.',
  DireccionDeEnvioCambiada: 'La dirección de envío del pedido cambió.',
  PedidoConfirmado: 'El pedido confirmado, con sus líneas a los precios congelados y sus totales.',
  PedidoPagado: 'El pago del pedido, exactamente su total.',
  PedidoEnviado: 'El pedido salió hacia su dirección.',
  PedidoEntregado: 'El pedido llegó.',
  PedidoCancelado:
    'El pedido cancelado desde `estado_anterior`; `reembolso_centavos` es lo pagado (0 si no lo estaba).',
  PagoRechazado: 'El proveedor rechazó un pago del pedido; el pedido no cambió.',
  ReembolsoRequerido:
    'El proveedor cobró un dinero que no puede ser el pago del pedido (`motivo`); hay que devolverlo. El pedido no cambió.',
};

// ---------------------------------------------------------------- the compiler's check

/** `precioAnterior` → `precio_anterior`, as `cloudEvent()` renames keys. */
type Serpiente<S extends string> = S extends `${infer C}${infer Resto}`
  ? `${C extends Uppercase<C> ? (C extends Lowercase<C> ? C : `_${Lowercase<C>}`) : C}${Serpiente<Resto>}`
  : S;

/** A value after the outbox's JSON and `cloudEvent()`: brands gone, bigints numbers, keys in snake_case. */
type ComoJson<T> = T extends bigint | number
  ? number
  : T extends string
    ? string extends T
      ? string
      : T extends `${string}`
        ? T
        : string
    : T extends null
      ? null
      : T extends readonly (infer U)[]
        ? ComoJson<U>[]
        : T extends object
          ? { [K in keyof T as K extends string ? Serpiente<K> : never]: ComoJson<T[K]> }
          : T;

/** The `data` of a domain event as stored and sent, before the `cambio` of a `modificado`. */
type DatosEnElStream<T extends TipoDeEvento> = ComoJson<
  Omit<Extract<EventoDeDominio, { tipo: T }>, 'tipo' | 'ocurridoEn'>
>;

/** Strings (brands included) count as `string` on both sides, so that the check is of the fields and their kinds. */
type Ensanchar<T> = T extends string
  ? string
  : T extends readonly (infer U)[]
    ? Ensanchar<U>[]
    : T extends object
      ? { [K in keyof T]: Ensanchar<T[K]> }
      : T;
type Iguales<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The `tipo`s whose schema's output is not the stored event's data, with the
 * same keys, each of the same kind (the values' own rules are the schemas'):
 * none. A field added to an event, or a schema that lost one or changed its
 * kind, names its `tipo` here and this file stops compiling.
 */
type EsquemasQueNoSonLosDeSuEvento = {
  [T in TipoDeEvento]: Iguales<
    Ensanchar<DatosEnElStream<T>>,
    Ensanchar<z.output<(typeof ESQUEMAS_DE_DATOS)[T]>>
  > extends true
    ? never
    : T;
}[TipoDeEvento];
const _cadaEsquemaEsElDeSuEvento: [EsquemasQueNoSonLosDeSuEvento] extends [never]
  ? true
  : EsquemasQueNoSonLosDeSuEvento = true;

// ---------------------------------------------------------------- one schema per CloudEvent type

/** The aggregate of a `tipo`, by the domain's own `agregadoDe`, which reads the `tipo` alone. */
const agregadoDelTipo = (tipo: TipoDeEvento): TipoDeAgregado =>
  agregadoDe({ tipo } as unknown as EventoDeDominio).agregado;

/** A CloudEvent `type`: its aggregate, what it says, and the schema of its `data`. */
export type EsquemaDeTipo = { readonly agregado: TipoDeAgregado; readonly resumen: string; readonly datos: z.ZodType };

/**
 * The `data` of each CloudEvent `type`. A `modificado` (several domain
 * changes under one type, decision 0024) is a union discriminated by
 * `cambio`: each change with its own fields, `cambio` first as `cloudEvent()`
 * writes it.
 */
export function esquemasPorTipo(): ReadonlyMap<string, EsquemaDeTipo> {
  const porTipo = new Map<string, { agregado: TipoDeAgregado; esquemas: z.ZodObject[] }>();
  for (const tipo of Object.keys(ESQUEMAS_DE_DATOS) as TipoDeEvento[]) {
    const { cambio } = NOMBRE_EN_EL_STREAM[tipo];
    const datos = ESQUEMAS_DE_DATOS[tipo];
    const esquema = (
      cambio === undefined ? datos : z.strictObject({ cambio: z.literal(cambio), ...datos.shape })
    ).describe(RESUMENES[tipo]);
    const agregado = agregadoDelTipo(tipo);
    const nombre = tipoDeCloudEvent(agregado, tipo);
    porTipo.set(nombre, { agregado, esquemas: [...(porTipo.get(nombre)?.esquemas ?? []), esquema] });
  }
  return new Map(
    [...porTipo].map(([nombre, { agregado, esquemas }]): [string, EsquemaDeTipo] => {
      const [primero, segundo, ...resto] = esquemas;
      if (primero === undefined) throw new Error(`${nombre} sin esquema`);
      if (segundo === undefined) return [nombre, { agregado, resumen: primero.description ?? nombre, datos: primero }];
      const datos = z.discriminatedUnion('cambio', [primero, segundo, ...resto]);
      return [nombre, { agregado, resumen: `Un cambio del ${agregado}; \`data.cambio\` dice cuál.`, datos }];
    }),
  );
}

/** The envelope of a CloudEvent of `type` whose `data` is `datos` (the contract's members, in its order). */
export function esquemaDelSobre(type: string, { agregado, datos }: EsquemaDeTipo) {
  return z.strictObject({
    specversion: z.literal('1.0'),
    id: uuid().describe('Igual en cada reentrega: los consumidores deduplican por él.'),
    source: z.literal(ORIGEN),
    type: z.literal(type).describe('También la routing key del mensaje.'),
    subject: uuid().describe('El id del agregado.'),
    time: z.iso.datetime({ precision: 3 }).describe('Cuándo ocurrió el cambio (UTC, milisegundos).'),
    datacontenttype: z.literal('application/json'),
    agregado: z.literal(agregado),
    secuencia: entero(1).describe('1, 2, 3… por `subject`, en el orden de los cambios.'),
    data: datos,
  });
}
