/**
 * Value parsers: zod schemas that read a field of a request into the domain
 * value it names. Input that the domain has a rule for (ids, names, emails,
 * amounts, quantities) is parsed with the domain's own smart constructor, so a
 * rule lives in one place and a handler receives branded domain values, never
 * raw strings. The output side (`id`, `fecha`) describes what responses carry.
 */
import { z } from '@hono/zod-openapi';
import {
  type CampoDeDireccion,
  Cantidad,
  ClienteId,
  Descripcion,
  Dinero,
  Direccion,
  type DireccionInvalida,
  Email,
  ESTADOS_PEDIDO,
  ESTADOS_PRODUCTO,
  IdDeAvisoDePago,
  LONGITUD_MAXIMA_CODIGO_POSTAL,
  LONGITUD_MAXIMA_DESCRIPCION,
  LONGITUD_MAXIMA_EMAIL,
  LONGITUD_MAXIMA_ETIQUETA,
  LONGITUD_MAXIMA_LINEA_DE_DIRECCION,
  LONGITUD_MAXIMA_MOTIVO,
  LONGITUD_MAXIMA_NOMBRE,
  MetodoDePago,
  MotivoDeCancelacion,
  Nombre,
  NumeroDeSeguimiento,
  PedidoId,
  ProductoId,
  ReferenciaDePago,
  type TextoInvalido,
  Transportista,
} from '@pedidos/domain';
import type { Result } from 'neverthrow';

/** Turns a domain smart constructor into a zod transform that reports its refusal as an issue. */
export function segun<I, O, E>(crear: (valor: I) => Result<O, E>, mensaje: (error: E) => string) {
  return (valor: I, ctx: z.RefinementCtx<I>): O =>
    crear(valor).match(
      (ok) => ok,
      (error) => {
        ctx.addIssue({ code: 'custom', message: mensaje(error), input: valor });
        return z.NEVER;
      },
    );
}

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

export const NombreEntrada = z
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

export const EmailEntrada = z
  .string()
  .transform(segun(Email.crear, () => 'no es una dirección de correo válida'))
  .openapi({
    type: 'string',
    format: 'email',
    maxLength: LONGITUD_MAXIMA_EMAIL,
    description: 'Se guarda en minúsculas; único entre los clientes sin distinguir mayúsculas.',
    example: 'ana@example.com',
  });

export const DescripcionEntrada = z
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

export const CentavosEntrada = z
  .int()
  .min(0)
  .transform(segun(Dinero.crear, () => 'debe ser un número entero de centavos, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 1250 });

export const StockEntrada = z
  .int()
  .min(0)
  .transform(segun(Cantidad.crear, () => 'debe ser un entero, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 40 });

export const CantidadPositiva = z
  .int()
  .min(1)
  .transform(segun(Cantidad.crearPositiva, () => 'debe ser un entero, 1 o más'))
  .openapi({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, example: 2 });

export const CantidadNoNegativa = z
  .int()
  .min(0)
  .transform(segun(Cantidad.crear, () => 'debe ser un entero, 0 o más'))
  .openapi({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, example: 3 });

export const EstadoProducto = z.enum(ESTADOS_PRODUCTO).openapi({ example: 'activo' });
export const EstadoPedido = z.enum(ESTADOS_PEDIDO).openapi({ example: 'carrito' });

/** A body must change something: `{}` is refused. */
export function alMenosUno<T extends object>(cuerpo: T, ctx: z.RefinementCtx): void {
  if (Object.keys(cuerpo).length === 0) {
    ctx.addIssue({ code: 'custom', message: 'indique al menos un campo que cambiar', input: cuerpo });
  }
}

// ---------------------------------------------------------------- in responses

/** An instant as responses write it. */
export const fecha = z.string().openapi({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' });
/** An id as responses write it. */
export const id = z.string().openapi(uuid);

// ---------------------------------------------------------------- the lifecycle

const MOTIVOS_DE_TEXTO = {
  vacio: 'no puede estar vacío',
  'demasiado-largo': 'es demasiado largo',
  'caracteres-invalidos': 'no puede contener caracteres de control ni sustitutos UTF-16 sueltos',
} as const;

/** One of the short texts of the lifecycle: 1 to 100 characters once trimmed. */
function etiqueta<T>(crear: (valor: string) => Result<T, TextoInvalido>, ejemplo: string) {
  return z
    .string()
    .transform(
      segun(crear, (e) =>
        e.motivo === 'demasiado-largo'
          ? `debe tener como mucho ${LONGITUD_MAXIMA_ETIQUETA} caracteres sin contar los espacios de los extremos`
          : MOTIVOS_DE_TEXTO[e.motivo],
      ),
    )
    .openapi({
      type: 'string',
      minLength: 1,
      maxLength: LONGITUD_MAXIMA_ETIQUETA,
      description: `De 1 a ${LONGITUD_MAXIMA_ETIQUETA} caracteres una vez quitados los espacios de los extremos, que no se guardan.`,
      example: ejemplo,
    });
}

export const ReferenciaEntrada = etiqueta(ReferenciaDePago.crear, 'TRX-2026-0001');
export const MetodoEntrada = etiqueta(MetodoDePago.crear, 'tarjeta');
export const TransportistaEntrada = etiqueta(Transportista.crear, 'Correos');
export const NumeroSeguimientoEntrada = etiqueta(NumeroDeSeguimiento.crear, 'PK123456789ES');
export const IdDeAvisoEntrada = etiqueta(IdDeAvisoDePago.crear, 'evt_1Q2w3E4r5T6y');

export const MotivoEntrada = z
  .string()
  .nullable()
  .transform(
    segun(MotivoDeCancelacion.crear, (e) =>
      e.motivo === 'demasiado-largo'
        ? `debe tener como mucho ${LONGITUD_MAXIMA_MOTIVO} caracteres`
        : MOTIVOS_DE_TEXTO[e.motivo],
    ),
  )
  .openapi({
    type: ['string', 'null'],
    maxLength: LONGITUD_MAXIMA_MOTIVO,
    description: `Hasta ${LONGITUD_MAXIMA_MOTIVO} caracteres; en blanco o \`null\`, sin motivo.`,
    example: 'El cliente ya no lo quiere',
  });

/** The JSON name of each field of a direccion. */
const CAMPO_JSON: Readonly<Record<CampoDeDireccion, string>> = {
  destinatario: 'destinatario',
  linea1: 'linea1',
  linea2: 'linea2',
  ciudad: 'ciudad',
  region: 'region',
  codigoPostal: 'codigo_postal',
  pais: 'pais',
};

function mensajeDeDireccion(e: DireccionInvalida): string {
  switch (e.motivo) {
    case 'vacio':
      return 'no puede estar vacío';
    case 'demasiado-largo':
      return `debe tener como mucho ${e.campo === 'codigoPostal' ? LONGITUD_MAXIMA_CODIGO_POSTAL : LONGITUD_MAXIMA_LINEA_DE_DIRECCION} caracteres sin contar los espacios de los extremos`;
    case 'caracteres-invalidos':
      return MOTIVOS_DE_TEXTO['caracteres-invalidos'];
    case 'no-es-un-codigo-de-pais':
      return 'debe ser un código ISO 3166-1 alfa-2, como ES';
  }
}

const lineaDeDireccion = (maximo: number, ejemplo: string) =>
  z.string().openapi({
    minLength: 1,
    maxLength: maximo,
    description: `De 1 a ${maximo} caracteres una vez quitados los espacios de los extremos.`,
    example: ejemplo,
  });

/**
 * A direccion de envío, checked by the domain's `Direccion.crear`; a refused
 * field is reported under its own name. `linea2` and `region` may be `null` or
 * left out.
 */
export const DireccionEntrada = z
  .strictObject({
    destinatario: lineaDeDireccion(LONGITUD_MAXIMA_LINEA_DE_DIRECCION, 'Ana Pérez'),
    linea1: lineaDeDireccion(LONGITUD_MAXIMA_LINEA_DE_DIRECCION, 'Calle Mayor 1'),
    linea2: lineaDeDireccion(LONGITUD_MAXIMA_LINEA_DE_DIRECCION, '2º B').nullable().optional(),
    ciudad: lineaDeDireccion(LONGITUD_MAXIMA_LINEA_DE_DIRECCION, 'Madrid'),
    region: lineaDeDireccion(LONGITUD_MAXIMA_LINEA_DE_DIRECCION, 'Madrid').nullable().optional(),
    codigo_postal: lineaDeDireccion(LONGITUD_MAXIMA_CODIGO_POSTAL, '28013'),
    pais: z.string().openapi({
      pattern: '^[A-Za-z]{2}$',
      description: 'Código ISO 3166-1 alfa-2, en mayúsculas o minúsculas; se guarda en mayúsculas.',
      example: 'ES',
    }),
  })
  .transform(
    (d, ctx): Direccion =>
      Direccion.crear({
        destinatario: d.destinatario,
        linea1: d.linea1,
        linea2: d.linea2 ?? null,
        ciudad: d.ciudad,
        region: d.region ?? null,
        codigoPostal: d.codigo_postal,
        pais: d.pais,
      }).match(
        (direccion) => direccion,
        (e) => {
          ctx.addIssue({ code: 'custom', message: mensajeDeDireccion(e), path: [CAMPO_JSON[e.campo]], input: d });
          return z.NEVER;
        },
      ),
  );
