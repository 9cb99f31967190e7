/**
 * The wire format of API v1: zod schemas for every request and response. They
 * validate input and are the source of the OpenAPI document.
 *
 * Input that the domain has a rule for (ids, names, emails, amounts, quantities)
 * is parsed with the domain's own smart constructor, so a rule lives in one
 * place and a handler receives branded domain values, never raw strings.
 */
import { z } from '@hono/zod-openapi';
import {
  Cantidad,
  ClienteId,
  Descripcion,
  Dinero,
  Email,
  ESTADOS_PRODUCTO,
  type EstadoPedido as EstadoDePedido,
  LONGITUD_MAXIMA_DESCRIPCION,
  LONGITUD_MAXIMA_EMAIL,
  LONGITUD_MAXIMA_NOMBRE,
  MAXIMO_DE_LINEAS,
  Nombre,
  PedidoId,
  ProductoId,
} from '@pedidos/domain';
import type { Result } from 'neverthrow';

/** Turns a domain smart constructor into a zod transform that reports its refusal as an issue. */
function segun<I, O, E>(crear: (valor: I) => Result<O, E>, mensaje: (error: E) => string) {
  return (valor: I, ctx: z.RefinementCtx<I>): O =>
    crear(valor).match(
      (ok) => ok,
      (error) => {
        ctx.addIssue({ code: 'custom', message: mensaje(error), input: valor });
        return z.NEVER;
      },
    );
}

// ---------------------------------------------------------------- values

const uuid = { type: 'string', format: 'uuid', example: '0b7e7f4e-6c39-4f0e-9d3a-2f1f8f6f2a10' } as const;

export const ClienteIdEntrada = z
  .string()
  .transform(segun(ClienteId.crear, () => 'debe ser un UUID'))
  .openapi(uuid);
export const ProductoIdEntrada = z
  .string()
  .transform(segun(ProductoId.crear, () => 'debe ser un UUID'))
  .openapi(uuid);
export const PedidoIdEntrada = z
  .string()
  .transform(segun(PedidoId.crear, () => 'debe ser un UUID'))
  .openapi(uuid);

const NombreEntrada = z
  .string()
  .transform(
    segun(Nombre.crear, (e) => {
      switch (e.motivo) {
        case 'vacio':
          return 'no puede estar vacío';
        case 'demasiado-largo':
          return `debe tener como mucho ${LONGITUD_MAXIMA_NOMBRE} caracteres sin contar los espacios de los extremos`;
        case 'caracteres-invalidos':
          return 'no puede contener caracteres de control (saltos de línea, tabuladores, NUL) ni sustitutos UTF-16 sueltos';
      }
    }),
  )
  .openapi({
    type: 'string',
    minLength: 1,
    maxLength: LONGITUD_MAXIMA_NOMBRE,
    description: `De 1 a ${LONGITUD_MAXIMA_NOMBRE} caracteres una vez quitados los espacios de los extremos, que no se guardan.`,
    example: 'Ana Pérez',
  });

const EmailEntrada = z
  .string()
  .transform(segun(Email.crear, () => 'no es una dirección de correo válida'))
  .openapi({
    type: 'string',
    format: 'email',
    maxLength: LONGITUD_MAXIMA_EMAIL,
    description: 'Se guarda en minúsculas; único entre los clientes sin distinguir mayúsculas.',
    example: 'ana@example.com',
  });

const DescripcionEntrada = z
  .string()
  .nullable()
  .transform(
    segun(Descripcion.crear, (e) =>
      e.motivo === 'demasiado-larga'
        ? `debe tener como mucho ${LONGITUD_MAXIMA_DESCRIPCION} caracteres`
        : 'no puede contener el carácter NUL ni sustitutos UTF-16 sueltos',
    ),
  )
  .openapi({ type: ['string', 'null'], maxLength: LONGITUD_MAXIMA_DESCRIPCION, example: 'Café de Colombia, 500 g' });

const CentavosEntrada = z
  .int()
  .min(0)
  .transform(segun(Dinero.crear, () => 'debe ser un número entero de centavos, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 1250 });

const StockEntrada = z
  .int()
  .min(0)
  .transform(segun(Cantidad.crear, () => 'debe ser un entero, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 40 });

const CantidadPositiva = z
  .int()
  .min(1)
  .transform(segun(Cantidad.crearPositiva, () => 'debe ser un entero, 1 o más'))
  .openapi({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 2 });

const CantidadNoNegativa = z
  .int()
  .min(0)
  .transform(segun(Cantidad.crear, () => 'debe ser un entero, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 3 });

const EstadoProducto = z.enum(ESTADOS_PRODUCTO).openapi({ example: 'activo' });
/**
 * The states API v1 serves. The domain has more (the lifecycle past
 * `confirmado`), but the store keeps only these until the API exposes the rest.
 */
export const ESTADOS_PEDIDO_SERVIDOS = ['carrito', 'confirmado'] as const satisfies readonly EstadoDePedido[];
export type EstadoPedidoServido = (typeof ESTADOS_PEDIDO_SERVIDOS)[number];

/** A stored pedido's estado, which is always one the API serves; any other is a bug and throws. */
export function estadoServido(estado: EstadoDePedido): EstadoPedidoServido {
  if (estado === 'carrito' || estado === 'confirmado') return estado;
  throw new Error(`El estado ${estado} no se sirve todavía`);
}

const EstadoPedido = z.enum(ESTADOS_PEDIDO_SERVIDOS).openapi({ example: 'carrito' });

/** A body must change something: `{}` is refused. */
function alMenosUno<T extends object>(cuerpo: T, ctx: z.RefinementCtx): void {
  if (Object.keys(cuerpo).length === 0) {
    ctx.addIssue({ code: 'custom', message: 'indique al menos un campo que cambiar', input: cuerpo });
  }
}

// ---------------------------------------------------------------- request bodies

export const NuevoCliente = z.strictObject({ nombre: NombreEntrada, email: EmailEntrada }).openapi('NuevoCliente');

export const CambiosDeCliente = z
  .strictObject({ nombre: NombreEntrada.optional(), email: EmailEntrada.optional() })
  .superRefine(alMenosUno)
  .openapi('CambiosDeCliente', { description: 'Al menos uno de los campos.', minProperties: 1 });

export const NuevoProducto = z
  .strictObject({
    nombre: NombreEntrada,
    descripcion: DescripcionEntrada.optional(),
    precio_centavos: CentavosEntrada,
    stock: StockEntrada.optional().openapi({ default: 0 }),
    estado: EstadoProducto.optional().openapi({ default: 'activo' }),
  })
  .openapi('NuevoProducto');

export const CambiosDeProducto = z
  .strictObject({
    nombre: NombreEntrada.optional(),
    descripcion: DescripcionEntrada.optional(),
    precio_centavos: CentavosEntrada.optional(),
    stock: StockEntrada.optional(),
    estado: EstadoProducto.optional(),
  })
  .superRefine(alMenosUno)
  .openapi('CambiosDeProducto', { description: 'Al menos uno de los campos.', minProperties: 1 });

const ItemPedido = z.strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadPositiva }).openapi('ItemPedido');

export const NuevoPedido = z
  .strictObject({
    cliente_id: ClienteIdEntrada,
    items: z
      .array(ItemPedido)
      .max(MAXIMO_DE_LINEAS)
      .optional()
      .openapi({ description: 'Las líneas de un mismo producto se suman.' }),
  })
  .openapi('NuevoPedido');

export const ItemAAgregar = ItemPedido;

export const CantidadDeItem = z
  .strictObject({ producto_id: ProductoIdEntrada, cantidad: CantidadNoNegativa })
  .openapi('CantidadDeItem', { description: '`cantidad` 0 quita la línea; si no hay línea, no cambia nada.' });

// ---------------------------------------------------------------- path, query and headers

export const ParamCliente = z.object({ id: ClienteIdEntrada });
export const ParamProducto = z.object({ id: ProductoIdEntrada });
export const ParamPedido = z.object({ id: PedidoIdEntrada });
export const ParamItem = z.object({ id: PedidoIdEntrada, producto_id: ProductoIdEntrada });

/** A whole number written with digits only: `1e1`, `+5` or `0x10` are not page numbers. */
function enteroEnConsulta(minimo: number, maximo: number) {
  return z
    .string()
    .regex(/^[0-9]+$/, 'debe ser un número entero escrito con cifras')
    .transform(Number)
    .pipe(z.number().int().min(minimo).max(maximo));
}

const paginacion = {
  limit: enteroEnConsulta(1, 100)
    .default(20)
    .openapi({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Tamaño de la página.' }),
  page: enteroEnConsulta(1, Number.MAX_SAFE_INTEGER)
    .default(1)
    .openapi({ type: 'integer', minimum: 1, default: 1, description: 'Página, empezando por 1.' }),
};

const subcadena = z
  .string()
  .max(LONGITUD_MAXIMA_NOMBRE)
  .refine((texto) => !/[\p{Cc}\p{Cs}]/u.test(texto), 'no puede contener caracteres de control')
  .openapi({ description: 'Subcadena del nombre, sin distinguir mayúsculas ni acentos (ñ cuenta como n).' });

const centavosEnConsulta = enteroEnConsulta(0, Number.MAX_SAFE_INTEGER)
  .transform(segun(Dinero.crear, () => 'debe ser un número entero de centavos, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, description: 'Cota inclusiva, en centavos.' });

/**
 * An ISO 8601 date-time with a zone (`Z` or an offset), or a bare date taken
 * as UTC midnight, within the years 1 to 9999 in UTC: year 0 and the years an
 * offset carries past 9999 have no ISO 8601 form that PostgreSQL reads.
 */
const instante = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((texto) => new Date(texto.length === 10 ? `${texto}T00:00:00Z` : texto))
  .refine((fecha) => fecha.getUTCFullYear() >= 1 && fecha.getUTCFullYear() <= 9999, {
    message: 'debe caer entre los años 1 y 9999, en UTC',
  })
  .openapi({ type: 'string', format: 'date-time', example: '2026-01-31T00:00:00Z' });

export const ConsultaDeClientes = z.strictObject({ nombre: subcadena.optional(), ...paginacion });

export const ConsultaDeProductos = z
  .strictObject({
    estado: EstadoProducto.optional(),
    min_price: centavosEnConsulta.optional(),
    max_price: centavosEnConsulta.optional(),
    nombre: subcadena.optional(),
    ...paginacion,
  })
  .superRefine(({ min_price, max_price }, ctx) => {
    if (min_price !== undefined && max_price !== undefined && min_price > max_price) {
      ctx.addIssue({
        code: 'custom',
        message: 'no puede ser mayor que max_price',
        path: ['min_price'],
        input: min_price,
      });
    }
  });

const filtrosDePedido = {
  estado: EstadoPedido.optional(),
  producto_id: ProductoIdEntrada.optional().openapi({ description: 'Solo pedidos con una línea de este producto.' }),
  desde: instante.optional().openapi({ description: 'Cota inclusiva de `creado_en`.' }),
  hasta: instante.optional().openapi({ description: 'Cota exclusiva de `creado_en`.' }),
  ...paginacion,
};

function desdeAntesDeHasta(
  { desde, hasta }: { readonly desde?: Date | undefined; readonly hasta?: Date | undefined },
  ctx: z.RefinementCtx,
): void {
  if (desde !== undefined && hasta !== undefined && desde > hasta) {
    ctx.addIssue({ code: 'custom', message: 'no puede ser posterior a hasta', path: ['desde'], input: desde });
  }
}

export const ConsultaDePedidos = z
  .strictObject({ cliente_id: ClienteIdEntrada.optional(), ...filtrosDePedido })
  .superRefine(desdeAntesDeHasta);

export const ConsultaDePedidosDeCliente = z.strictObject(filtrosDePedido).superRefine(desdeAntesDeHasta);

/**
 * `If-Match` as RFC 9110 reads it, for a resource whose entity tag is its
 * version: `*` matches any version; otherwise a list of entity tags, compared
 * strongly, so a weak tag (`W/"3"`) or a tag that is not a version (`"abc"`)
 * never matches and the request is answered 412. A bare number is taken as if
 * it were quoted. Text that is not a list of entity tags is a 422, and so is a
 * list of more than one version, which the service does not evaluate.
 * The result is the version to require: `undefined` for none, `0` for "matches
 * nothing" (versions start at 1).
 */
export function versionDeIfMatch(valor: string): { readonly version: number | undefined } | { readonly error: string } {
  if (valor.trim() === '*') return { version: undefined };
  const etiquetas = valor.split(',').map((parte) => parte.trim());
  const versiones: number[] = [];
  for (const etiqueta of etiquetas) {
    const partes = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$|^([0-9]+)$/.exec(etiqueta);
    if (partes === null) return { error: 'debe ser la versión del pedido entre comillas, como la envía ETag: "3"' };
    const [, debil, entreComillas, desnuda] = partes;
    const texto = entreComillas ?? desnuda ?? '';
    const version = Number(texto);
    if (debil === undefined && /^[0-9]{1,15}$/.test(texto) && Number.isSafeInteger(version) && version >= 1) {
      versiones.push(version);
    }
  }
  if (versiones.length > 1) return { error: 'indique una sola versión del pedido' };
  return { version: versiones[0] ?? 0 };
}

export const CabecerasCondicionales = z.object({
  'if-match': z
    .string()
    .optional()
    .transform((valor, ctx): number | undefined => {
      if (valor === undefined) return undefined;
      const leido = versionDeIfMatch(valor);
      if ('error' in leido) {
        ctx.addIssue({ code: 'custom', message: leido.error, input: valor });
        return z.NEVER;
      }
      return leido.version;
    })
    .openapi({
      type: 'string',
      description:
        'La versión esperada del pedido, como la envía `ETag` (`"3"`). Si no es la actual, 412 y nada cambia. ' +
        '`*` vale cualquier versión; una etiqueta débil o que no sea una versión nunca coincide.',
      example: '"3"',
    }),
});

const claveDeIdempotencia = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .openapi({
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description:
      'Hace la petición repetible sin repetir su efecto: la respuesta de la primera petición con esta clave se guarda 24 horas con una huella de la petición. ' +
      'La misma clave con la misma petición devuelve esa respuesta con `Idempotency-Replayed: true`; con otra petición, 422 `CLAVE_IDEMPOTENCIA_REUTILIZADA`; ' +
      'mientras la primera sigue en curso, 409 `CLAVE_IDEMPOTENCIA_EN_CURSO`. Los errores 5xx no se guardan: la petición se puede repetir.',
    example: '5f0c6a2e-pedido-de-ana-1',
  });

export const CabecerasIdempotentes = z.object({ 'idempotency-key': claveDeIdempotencia });
export const CabecerasIdempotentesYCondicionales = CabecerasCondicionales.extend({
  'idempotency-key': claveDeIdempotencia,
});

// ---------------------------------------------------------------- responses

const fecha = z.string().openapi({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' });
const id = z.string().openapi(uuid);

export const ClienteRespuesta = z
  .object({ id, nombre: z.string(), email: z.string(), creado_en: fecha, actualizado_en: fecha })
  .openapi('Cliente');

export const ProductoRespuesta = z
  .object({
    id,
    nombre: z.string(),
    descripcion: z.string().nullable(),
    precio_centavos: z.int().min(0),
    stock: z.int().min(0),
    estado: EstadoProducto,
    creado_en: fecha,
    actualizado_en: fecha,
  })
  .openapi('Producto');

export const ItemRespuesta = z
  .object({
    producto_id: id,
    nombre: z.string(),
    cantidad: z.int().min(1),
    precio_unitario_centavos: z.int().min(0),
    subtotal_centavos: z.int().min(0),
  })
  .openapi('Item');

export const PedidoRespuesta = z
  .object({
    id,
    cliente_id: id,
    estado: EstadoPedido,
    items: z.array(ItemRespuesta),
    total_cantidad: z.int().min(0),
    total_centavos: z.int().min(0),
    creado_en: fecha,
    actualizado_en: fecha,
    confirmado_en: fecha.nullable(),
    version: z.int().min(1),
  })
  .openapi('Pedido');

function envoltorio<T extends z.ZodType>(items: T) {
  return {
    items: z.array(items),
    page: z.int().min(1),
    limit: z.int().min(1).max(100),
    total: z.int().min(0),
    total_pages: z.int().min(0),
  };
}

export const PaginaDeClientes = z.object(envoltorio(ClienteRespuesta)).openapi('PaginaDeClientes');
export const PaginaDeProductos = z.object(envoltorio(ProductoRespuesta)).openapi('PaginaDeProductos');
export const PaginaDePedidos = z
  .object({
    ...envoltorio(PedidoRespuesta),
    total_cantidad: z.int().min(0).openapi({ description: 'Suma sobre todos los pedidos que cumplen los filtros.' }),
    total_centavos: z.int().min(0).openapi({ description: 'Suma sobre todos los pedidos que cumplen los filtros.' }),
  })
  .openapi('PaginaDePedidos');

export const Problema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'STOCK_INSUFICIENTE' }),
    instance: z.string().optional(),
    errores: z
      .array(z.object({ campo: z.string(), mensaje: z.string() }))
      .optional()
      .openapi({ description: 'Con `VALIDACION`: cada campo rechazado.' }),
    producto_id: id
      .optional()
      .openapi({ description: 'Con `PRODUCTO_NO_DISPONIBLE`, `PRODUCTO_NO_ENCONTRADO` e `ITEM_NO_ENCONTRADO`.' }),
    cliente_id: id.optional().openapi({ description: 'Con `CLIENTE_NO_ENCONTRADO`.' }),
    pedido_id: id.optional().openapi({ description: 'Con `PEDIDO_NO_ENCONTRADO`.' }),
    estado: EstadoPedido.optional().openapi({ description: 'Con `PEDIDO_NO_MODIFICABLE`: el estado del pedido.' }),
    version_actual: z
      .int()
      .optional()
      .openapi({ description: 'Con `VERSION_DESACTUALIZADA`: la versión actual del pedido.' }),
    faltantes: z
      .array(z.object({ producto_id: id, solicitado: z.int(), disponible: z.int() }))
      .optional()
      .openapi({ description: 'Con `STOCK_INSUFICIENTE`: todos los productos sin stock suficiente.' }),
  })
  .openapi('Problema', { description: 'RFC 9457 problem details.' });

export const Salud = z.object({ status: z.literal('ok') }).openapi('Salud');
