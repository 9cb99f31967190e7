/**
 * Every error the API can answer with: one table from each error kind to its
 * status, code and problem schema, and the one exhaustive mapping from an
 * error to its RFC 9457 problem details. A new error kind that is not in the
 * table, or not mapped, does not compile.
 */

import { z } from '@hono/zod-openapi';
import {
  assertNever,
  type BaseDeDatosNoDisponible,
  type CantidadInvalida,
  type ClienteNoEncontrado,
  type DemasiadasLineas,
  type DireccionDeEnvioFaltante,
  type EmailDuplicado,
  type ImporteExcesivo,
  type ImporteIncorrecto,
  type ItemNoEncontrado,
  type PedidoNoEncontrado,
  type PedidoNoModificable,
  type PedidoVacio,
  type ProductoNoDisponible,
  type ProductoNoEncontrado,
  type ReferenciaDePagoDuplicada,
  type StockInsuficiente,
  type TransicionNoPermitida,
  type VersionDesactualizada,
} from '@pedidos/domain';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { NoAutenticado, Prohibido } from './autorizacion.ts';
import { CABECERAS_DE_SEGURIDAD, CACHE_POR_OMISION } from './comun/cabeceras.ts';
import { EstadoPedido, id } from './comun/valores.ts';
import { type Cuenta, cuentaComoCabecera, type Politica, politicaComoCabecera } from './limites.ts';

export type ErrorDeCampo = { readonly campo: string; readonly mensaje: string };

/** Errors born in the HTTP layer itself, before any use case runs. */
export type Validacion = { readonly kind: 'Validacion'; readonly errores: readonly ErrorDeCampo[] };
export type JsonInvalido = { readonly kind: 'JsonInvalido' };
export type RutaNoEncontrada = { readonly kind: 'RutaNoEncontrada'; readonly metodo: string; readonly ruta: string };
/** A path the service has, asked with a method it does not take there; `permitidos` are those it takes. */
export type MetodoNoPermitido = {
  readonly kind: 'MetodoNoPermitido';
  readonly metodo: string;
  readonly ruta: string;
  readonly permitidos: readonly string[];
};
export type CuerpoDemasiadoGrande = { readonly kind: 'CuerpoDemasiadoGrande'; readonly limite: number };
export type Interno = { readonly kind: 'Interno' };
export type ClaveReutilizada = { readonly kind: 'ClaveReutilizada' };
export type ClaveEnCurso = { readonly kind: 'ClaveEnCurso' };
/** Errors of the HTTP framing itself, answered by the server before the application sees a request. */
export type PeticionMalformada = { readonly kind: 'PeticionMalformada' };
export type CabecerasDemasiadoGrandes = { readonly kind: 'CabecerasDemasiadoGrandes' };
export type PeticionDemasiadoLenta = { readonly kind: 'PeticionDemasiadoLenta' };
export type ErrorDeTransporte = PeticionMalformada | CabecerasDemasiadoGrandes | PeticionDemasiadoLenta;
/** `POST /auth/token` with an email that has no account or a wrong password: the same answer for both. */
export type CredencialesInvalidas = { readonly kind: 'CredencialesInvalidas' };
/** A payment notice without a valid, fresh signature (eventos.md): 401, and nothing changes. */
export type FirmaInvalida = { readonly kind: 'FirmaInvalida' };
/**
 * Past a rate limit; `segundos` until the caller may ask again (`Retry-After`).
 * `limite`, when a use case's own limit refused it (the login throttle): its
 * policy and count, which the answer's `RateLimit` headers add to the
 * caller's (`comun/limite-de-peticiones.ts`).
 */
export type DemasiadasPeticiones = {
  readonly kind: 'DemasiadasPeticiones';
  readonly segundos: number;
  readonly limite?: { readonly politica: Politica; readonly cuenta: Cuenta };
};

export type ErrorDeApi =
  | Validacion
  | JsonInvalido
  | RutaNoEncontrada
  | MetodoNoPermitido
  | CuerpoDemasiadoGrande
  | Interno
  | ClaveReutilizada
  | ClaveEnCurso
  | ErrorDeTransporte
  | NoAutenticado
  | Prohibido
  | CredencialesInvalidas
  | FirmaInvalida
  | DemasiadasPeticiones
  | BaseDeDatosNoDisponible
  | ClienteNoEncontrado
  | ProductoNoEncontrado
  | PedidoNoEncontrado
  | ItemNoEncontrado
  | EmailDuplicado
  | PedidoVacio
  | PedidoNoModificable
  | ProductoNoDisponible
  | StockInsuficiente
  | VersionDesactualizada
  | CantidadInvalida
  | ImporteExcesivo
  | DemasiadasLineas
  | TransicionNoPermitida
  | ImporteIncorrecto
  | ReferenciaDePagoDuplicada
  | DireccionDeEnvioFaltante;

// ---------------------------------------------------------------- the table

/**
 * One kind of problem: its status, its stable `code`, its title, what it means
 * (for the documentation), and its schema, whose members beside RFC 9457's
 * are `miembros`. The schema is named after the code, and registered in the
 * OpenAPI document by the first response that refers to it.
 */
function tipoDeProblema<
  const S extends ContentfulStatusCode,
  const C extends string,
  M extends z.ZodRawShape = Record<never, never>,
>(status: S, code: C, title: string, descripcion: string, miembros: M = {} as M) {
  const esquema = z
    .object({
      type: z.literal(`urn:pedidos:problema:${code}`),
      title: z.string().openapi({ example: title }),
      status: z.literal(status),
      detail: z.string(),
      code: z.literal(code),
      instance: z.string().optional().openapi({ description: 'La ruta de la petición.' }),
      ...miembros,
    })
    .openapi(nombreDeEsquema(code), { description: `\`${code}\` (${status}): ${descripcion}` });
  return { status, code, title, descripcion, esquema };
}

/** `STOCK_INSUFICIENTE` is the schema `ProblemaStockInsuficiente`. */
function nombreDeEsquema(code: string): string {
  const palabras = code.toLowerCase().split('_');
  return `Problema${palabras.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')}`;
}

type TipoDeProblema = {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly title: string;
  readonly descripcion: string;
  readonly esquema: z.ZodType;
};

const ErrorDeCampoEsquema = z.object({ campo: z.string(), mensaje: z.string() });

/** `CantidadInvalida`, `ImporteExcesivo` and `DemasiadasLineas` are refused fields too: the four kinds are one problem. */
const validacion = tipoDeProblema(
  422,
  'VALIDACION',
  'Datos no válidos',
  'un parámetro de ruta, de consulta o de cabecera, o el cuerpo, no es válido; vea `errores`.',
  { errores: z.array(ErrorDeCampoEsquema).openapi({ description: 'Cada campo rechazado.' }) },
);

/** Each error kind, once, with its status and code. */
export const ERRORES = {
  Validacion: validacion,
  CantidadInvalida: validacion,
  ImporteExcesivo: validacion,
  DemasiadasLineas: validacion,
  JsonInvalido: tipoDeProblema(400, 'JSON_INVALIDO', 'JSON no válido', 'el cuerpo no es JSON.'),
  RutaNoEncontrada: tipoDeProblema(404, 'RUTA_NO_ENCONTRADA', 'Ruta no encontrada', 'la ruta no existe.'),
  MetodoNoPermitido: tipoDeProblema(
    405,
    'METODO_NO_PERMITIDO',
    'Método no permitido',
    'la ruta no admite el método; la cabecera `Allow` dice cuáles admite.',
  ),
  CuerpoDemasiadoGrande: tipoDeProblema(
    413,
    'CUERPO_DEMASIADO_GRANDE',
    'Cuerpo demasiado grande',
    'el cuerpo supera 1 MiB.',
  ),
  Interno: tipoDeProblema(500, 'INTERNO', 'Error interno', 'un error inesperado.'),
  ClaveReutilizada: tipoDeProblema(
    422,
    'CLAVE_IDEMPOTENCIA_REUTILIZADA',
    'Clave de idempotencia reutilizada',
    'la `Idempotency-Key` ya se usó para otra petición.',
  ),
  ClaveEnCurso: tipoDeProblema(
    409,
    'CLAVE_IDEMPOTENCIA_EN_CURSO',
    'Clave de idempotencia en curso',
    'una petición con la misma `Idempotency-Key` sigue en curso.',
  ),
  PeticionMalformada: tipoDeProblema(
    400,
    'PETICION_MALFORMADA',
    'Petición malformada',
    'la petición no es HTTP/1.1 válido; la conexión se cierra.',
  ),
  CabecerasDemasiadoGrandes: tipoDeProblema(
    431,
    'CABECERAS_DEMASIADO_GRANDES',
    'Cabeceras demasiado grandes',
    'la línea de petición y las cabeceras superan juntas 16 KiB; la conexión se cierra.',
  ),
  PeticionDemasiadoLenta: tipoDeProblema(
    408,
    'PETICION_DEMASIADO_LENTA',
    'Petición demasiado lenta',
    'la petición no llegó completa a tiempo; la conexión se cierra.',
  ),
  NoAutenticado: tipoDeProblema(
    401,
    'NO_AUTENTICADO',
    'No autenticado',
    'la petición necesita un token de acceso y no lo trae, o el que trae no vale; vea `WWW-Authenticate`.',
  ),
  CredencialesInvalidas: tipoDeProblema(
    401,
    'CREDENCIALES_INVALIDAS',
    'Credenciales no válidas',
    'el email no tiene cuenta o la contraseña no es la suya; las dos cosas reciben esta misma respuesta.',
  ),
  FirmaInvalida: tipoDeProblema(
    401,
    'FIRMA_INVALIDA',
    'Firma no válida',
    'el aviso no trae en `Pagos-Firma` una firma válida y reciente (300 s como mucho); nada ha cambiado.',
  ),
  Prohibido: tipoDeProblema(403, 'PROHIBIDO', 'Prohibido', 'el rol de la cuenta no puede hacer esta petición.'),
  DemasiadasPeticiones: tipoDeProblema(
    429,
    'DEMASIADAS_PETICIONES',
    'Demasiadas peticiones',
    'el llamante pasó su límite de peticiones, o su email el de intentos de acceso fallidos; `Retry-After` dice en cuántos segundos puede volver a pedir. La petición no cambió nada.',
  ),
  BaseDeDatosNoDisponible: tipoDeProblema(
    503,
    'BASE_DE_DATOS_NO_DISPONIBLE',
    'Base de datos no disponible',
    'la base de datos no responde; la petición no cambió nada.',
  ),
  ClienteNoEncontrado: tipoDeProblema(404, 'CLIENTE_NO_ENCONTRADO', 'Cliente no encontrado', 'no existe el cliente.', {
    cliente_id: id,
  }),
  ProductoNoEncontrado: tipoDeProblema(
    404,
    'PRODUCTO_NO_ENCONTRADO',
    'Producto no encontrado',
    'no existe el producto.',
    { producto_id: id },
  ),
  PedidoNoEncontrado: tipoDeProblema(404, 'PEDIDO_NO_ENCONTRADO', 'Pedido no encontrado', 'no existe el pedido.', {
    pedido_id: id,
  }),
  ItemNoEncontrado: tipoDeProblema(
    404,
    'ITEM_NO_ENCONTRADO',
    'Item no encontrado',
    'el pedido no tiene una línea de ese producto.',
    { producto_id: id },
  ),
  EmailDuplicado: tipoDeProblema(
    409,
    'EMAIL_DUPLICADO',
    'Email duplicado',
    'otro cliente, u otra cuenta, ya tiene ese email.',
  ),
  PedidoVacio: tipoDeProblema(409, 'PEDIDO_VACIO', 'Pedido vacío', 'el pedido no tiene items.'),
  PedidoNoModificable: tipoDeProblema(
    409,
    'PEDIDO_NO_MODIFICABLE',
    'Pedido no modificable',
    'el pedido no está en carrito (ni en confirmado o pagado, para su dirección de envío).',
    { estado: EstadoPedido.openapi({ description: 'El estado del pedido.' }) },
  ),
  ProductoNoDisponible: tipoDeProblema(
    409,
    'PRODUCTO_NO_DISPONIBLE',
    'Producto no disponible',
    'el producto está inactivo.',
    { producto_id: id },
  ),
  StockInsuficiente: tipoDeProblema(
    409,
    'STOCK_INSUFICIENTE',
    'Stock insuficiente',
    'la cantidad de alguna línea supera el stock actual.',
    {
      faltantes: z
        .array(z.object({ producto_id: id, solicitado: z.int(), disponible: z.int() }))
        .openapi({ description: 'Todos los productos sin stock suficiente.' }),
    },
  ),
  VersionDesactualizada: tipoDeProblema(
    412,
    'VERSION_DESACTUALIZADA',
    'Versión desactualizada',
    '`If-Match` no es la versión actual del pedido.',
    { version_actual: z.int().openapi({ description: 'La versión actual del pedido.' }) },
  ),
  TransicionNoPermitida: tipoDeProblema(
    409,
    'TRANSICION_NO_PERMITIDA',
    'Transición no permitida',
    'el estado del pedido no admite esa transición.',
    {
      estado: EstadoPedido.openapi({ description: 'El estado actual del pedido.' }),
      transicion: z.enum(['pagar', 'enviar', 'entregar', 'cancelar']).openapi({ description: 'La transición pedida.' }),
    },
  ),
  ImporteIncorrecto: tipoDeProblema(
    409,
    'IMPORTE_INCORRECTO',
    'Importe incorrecto',
    'el importe del pago no es el total del pedido.',
    { esperado_centavos: z.int().min(0).openapi({ description: 'El total del pedido, lo que hay que pagar.' }) },
  ),
  ReferenciaDePagoDuplicada: tipoDeProblema(
    409,
    'REFERENCIA_DE_PAGO_DUPLICADA',
    'Referencia de pago duplicada',
    'la `referencia` del pago ya está registrada para otro pedido.',
  ),
  DireccionDeEnvioFaltante: tipoDeProblema(
    409,
    'DIRECCION_DE_ENVIO_FALTANTE',
    'Dirección de envío faltante',
    'el pedido no tiene `direccion_envio`; fíjela con `PUT /pedidos/{id}/direccion-envio`.',
  ),
} as const satisfies Record<ErrorDeApi['kind'], TipoDeProblema>;

type Tabla = typeof ERRORES;
type Kind = ErrorDeApi['kind'];
type Fila = Tabla[Kind];

/** Every problem code. */
export type Codigo = Fila['code'];
/** The row of a code: the same for every kind answered with it. */
type FilaDeCodigo<C extends Codigo> = Extract<Fila, { readonly code: C }>;
/** The status a code is answered with. */
export type EstadoDeCodigo<C extends Codigo> = FilaDeCodigo<C>['status'];
/** The codes answered with status `S`, among `C`. */
export type CodigosConEstado<C extends Codigo, S> = C extends Codigo
  ? EstadoDeCodigo<C> extends S
    ? C
    : never
  : never;
/** The problem details of a code, as its schema describes them. */
export type ProblemaDe<C extends Codigo> = z.output<FilaDeCodigo<C>['esquema']>;
/** Any problem details. */
export type Problema = ProblemaDe<Codigo>;

/** The statuses an operation can answer with, computed from the errors it can return. */
export type EstadoDe<E extends ErrorDeApi> = Tabla[E['kind']]['status'];

const FILAS_POR_CODIGO: ReadonlyMap<string, Fila> = new Map(Object.values(ERRORES).map((fila) => [fila.code, fila]));

/** The row of a code. */
export function filaDeCodigo<C extends Codigo>(code: C): FilaDeCodigo<C> {
  const fila = FILAS_POR_CODIGO.get(code);
  if (fila === undefined) throw new Error(`Código sin fila: ${code}`);
  // The map holds every row under its own code.
  return fila as FilaDeCodigo<C>;
}

/** The members a problem of kind `K` carries beside RFC 9457's. */
type MiembrosDe<K extends Kind> = Omit<
  z.output<Tabla[K]['esquema']>,
  'type' | 'title' | 'status' | 'detail' | 'code' | 'instance'
>;

/** The problem details of an error of kind `K`: status, code and title from the table, the rest given. */
function problema<K extends Kind>(
  kind: K,
  detail: string,
  ...[miembros]: [keyof MiembrosDe<K>] extends [never] ? [] : [MiembrosDe<K>]
): Problema {
  const { status, code, title } = ERRORES[kind];
  // The row gives `type`, `title`, `status` and `code` as its schema says, and `miembros` are typed by it.
  return { type: `urn:pedidos:problema:${code}`, title, status, detail, code, ...miembros } as Problema;
}

const CAMPOS_NO_VALIDOS = 'La petición tiene campos no válidos; vea errores.';

// ---------------------------------------------------------------- the mapping

export function aProblema(error: ErrorDeApi): Problema {
  switch (error.kind) {
    case 'Validacion':
      return problema(error.kind, CAMPOS_NO_VALIDOS, { errores: [...error.errores] });
    case 'CantidadInvalida':
      return problema(error.kind, CAMPOS_NO_VALIDOS, {
        errores: [{ campo: 'cantidad', mensaje: 'la cantidad de la línea superaría el máximo representable' }],
      });
    case 'ImporteExcesivo':
      return problema(error.kind, CAMPOS_NO_VALIDOS, {
        errores: [{ campo: 'cantidad', mensaje: 'el importe superaría el máximo representable en centavos' }],
      });
    case 'DemasiadasLineas':
      return problema(error.kind, CAMPOS_NO_VALIDOS, {
        errores: [{ campo: 'items', mensaje: `un pedido tiene a lo sumo ${error.maximo} líneas` }],
      });
    case 'JsonInvalido':
      return problema(error.kind, 'El cuerpo de la petición no es JSON válido.');
    case 'RutaNoEncontrada':
      return problema(error.kind, `No existe la ruta ${error.metodo} ${error.ruta}.`);
    case 'MetodoNoPermitido':
      return problema(
        error.kind,
        `La ruta ${error.ruta} no admite ${error.metodo}; admite ${error.permitidos.join(', ')}.`,
      );
    case 'CuerpoDemasiadoGrande':
      return problema(error.kind, `El cuerpo de la petición supera el límite de ${error.limite} bytes.`);
    case 'PeticionMalformada':
      return problema(error.kind, 'La petición no es HTTP/1.1 válido.');
    case 'CabecerasDemasiadoGrandes':
      return problema(error.kind, 'La línea de petición y las cabeceras superan juntas 16 KiB.');
    case 'PeticionDemasiadoLenta':
      return problema(error.kind, 'La petición no llegó completa a tiempo.');
    case 'Interno':
      return problema(error.kind, 'Ocurrió un error inesperado; ha quedado registrado.');
    case 'ClaveReutilizada':
      return problema(
        error.kind,
        'Esta Idempotency-Key ya se usó para otra petición; use una clave nueva para cada operación.',
      );
    case 'ClaveEnCurso':
      return problema(
        error.kind,
        'Una petición con esta Idempotency-Key todavía se está procesando; repítala en unos instantes.',
      );
    case 'NoAutenticado':
      return problema(
        error.kind,
        error.fichaRechazada
          ? 'El token de acceso no es válido o ha caducado; pida otro en POST /auth/token.'
          : 'Esta petición necesita un token de acceso: Authorization: Bearer <token>, de POST /auth/token.',
      );
    case 'CredencialesInvalidas':
      return problema(error.kind, 'El email o la contraseña no son correctos.');
    case 'FirmaInvalida':
      return problema(
        error.kind,
        'Pagos-Firma falta, no tiene la forma t=<segundos>,v1=<hex>, ninguna v1 es la firma del cuerpo, o t dista más de 300 s de ahora; nada ha cambiado.',
      );
    case 'Prohibido':
      return problema(error.kind, 'Su cuenta no puede hacer esta petición.');
    case 'DemasiadasPeticiones':
      return problema(
        error.kind,
        `Demasiadas peticiones; vuelva a intentarlo dentro de ${error.segundos} s. La petición no cambió nada.`,
      );
    case 'BaseDeDatosNoDisponible':
      return problema(
        error.kind,
        'No se pudo acceder a la base de datos; la petición no cambió nada. Vuelva a intentarlo.',
      );
    case 'ClienteNoEncontrado':
      return problema(error.kind, `No existe el cliente ${error.clienteId}.`, { cliente_id: error.clienteId });
    case 'ProductoNoEncontrado':
      return problema(error.kind, `No existe el producto ${error.productoId}.`, { producto_id: error.productoId });
    case 'PedidoNoEncontrado':
      return problema(error.kind, `No existe el pedido ${error.pedidoId}.`, { pedido_id: error.pedidoId });
    case 'ItemNoEncontrado':
      return problema(error.kind, `El pedido ${error.pedidoId} no tiene una línea del producto ${error.productoId}.`, {
        producto_id: error.productoId,
      });
    case 'EmailDuplicado':
      return problema(error.kind, `Ya hay un cliente o una cuenta con el email ${error.email}.`);
    case 'PedidoVacio':
      return problema(error.kind, 'No se puede confirmar un pedido sin items.');
    case 'PedidoNoModificable':
      return problema(
        error.kind,
        error.operacion === 'cambiarDireccionDeEnvio'
          ? `El pedido está ${error.estado}; la dirección de envío solo se puede cambiar en carrito, confirmado o pagado.`
          : `El pedido está ${error.estado}; solo se puede cambiar o confirmar un pedido en carrito.`,
        { estado: error.estado },
      );
    case 'ProductoNoDisponible':
      return problema(error.kind, `El producto ${error.productoId} está inactivo.`, { producto_id: error.productoId });
    case 'StockInsuficiente':
      return problema(
        error.kind,
        `No hay stock suficiente para ${error.faltantes.length === 1 ? 'un producto' : `${error.faltantes.length} productos`}; vea faltantes.`,
        {
          faltantes: error.faltantes.map((f) => ({
            producto_id: f.productoId,
            solicitado: f.solicitado,
            disponible: f.disponible,
          })),
        },
      );
    case 'VersionDesactualizada':
      return problema(
        error.kind,
        `If-Match no coincide con la versión actual del pedido, que es la ${error.actual}; nada ha cambiado.`,
        { version_actual: error.actual },
      );
    case 'TransicionNoPermitida':
      return problema(error.kind, `El pedido está ${error.estado}; no se puede ${error.transicion}.`, {
        estado: error.estado,
        transicion: error.transicion,
      });
    case 'ImporteIncorrecto':
      return problema(
        error.kind,
        `El importe ${error.importeCentavos} no es el total del pedido, ${error.esperadoCentavos} centavos; nada ha cambiado.`,
        // Only a confirmado pedido is paid, and `confirmar` refuses a total past 2^53 - 1: the number is exact.
        { esperado_centavos: Number(error.esperadoCentavos) },
      );
    case 'ReferenciaDePagoDuplicada':
      return problema(error.kind, `La referencia de pago ${error.referencia} ya está registrada para otro pedido.`);
    case 'DireccionDeEnvioFaltante':
      return problema(error.kind, `El pedido ${error.pedidoId} no tiene dirección de envío.`);
    default:
      return assertNever(error);
  }
}

export const TIPO_PROBLEMA = 'application/problem+json';

/** The typed response of each kind: its problem with its status. */
type RespuestaDeKind = {
  readonly [K in Kind]: Response & TypedResponse<JSONParsed<ProblemaDe<Tabla[K]['code']>>, Tabla[K]['status'], 'json'>;
};

/** The typed response of an error of `E`: for each of its kinds, its problem with its status. */
export type RespuestaDeProblema<E extends ErrorDeApi> = RespuestaDeKind[E['kind']];

/** The code of the last problem a request was answered with; see `codigoRespondido`. */
const codigos = new WeakMap<Context, Codigo>();

/**
 * The code of the problem `responderProblema` last made for this request, if
 * any: the metrics count some codes without reading the answer's body. A
 * replayed answer is rebuilt from what was kept, and has none.
 */
export function codigoRespondido(c: Context): Codigo | undefined {
  return codigos.get(c);
}

/**
 * The response for an error: its problem details, with the request's path as
 * `instance`. Its type carries, kind by kind, the problem and status `E` can
 * produce, so a route that does not document one of them does not compile.
 */
export function responderProblema<E extends ErrorDeApi>(c: Context, error: E): RespuestaDeProblema<E> {
  const cuerpo: Problema = { ...aProblema(error), instance: c.req.path };
  codigos.set(c, cuerpo.code);
  const respuesta = c.json(cuerpo, ERRORES[error.kind].status, {
    'Content-Type': TIPO_PROBLEMA,
    ...cabecerasDe(error),
  });
  // `aProblema` answers each kind with the problem of its row, at the row's status.
  return respuesta as unknown as RespuestaDeProblema<E>;
}

/**
 * The headers an error's answer carries beside its type: a 405 says which
 * methods the path takes (RFC 9110, 15.5.6); a 401, how to authenticate
 * (RFC 6750, section 3), and that the token sent was refused; a 429, when to ask again (RFC 6585, section 4).
 */
function cabecerasDe(error: ErrorDeApi): Readonly<Record<string, string>> {
  switch (error.kind) {
    case 'MetodoNoPermitido':
      return { Allow: error.permitidos.join(', ') };
    case 'NoAutenticado':
      return {
        'WWW-Authenticate': error.fichaRechazada
          ? 'Bearer realm="pedidos", error="invalid_token"'
          : 'Bearer realm="pedidos"',
      };
    case 'CredencialesInvalidas':
      return { 'WWW-Authenticate': 'Bearer realm="pedidos"' };
    // A 401 names how to authenticate (RFC 9110, 15.5.2): here, by the signature of `Pagos-Firma`.
    case 'FirmaInvalida':
      return { 'WWW-Authenticate': 'Pagos-Firma realm="pedidos"' };
    case 'DemasiadasPeticiones':
      return {
        'Retry-After': String(error.segundos),
        ...(error.limite === undefined
          ? {}
          : {
              'RateLimit-Policy': politicaComoCabecera(error.limite.politica),
              RateLimit: cuentaComoCabecera(error.limite.politica, error.limite.cuenta),
            }),
      };
    default:
      return {};
  }
}

const RAZONES = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as const;

/**
 * The whole HTTP/1.1 response for an error of the framing, written straight
 * to the socket because there is no request to answer through the
 * application. The connection is closed after it: what follows on it cannot
 * be trusted to start a request. Its `X-Request-Id` is always a new one: the
 * request's own headers could not be read.
 */
export function respuestaDeTransporte(error: ErrorDeTransporte, idDePeticion: string): string {
  const estado = ERRORES[error.kind].status;
  const cuerpo = JSON.stringify(aProblema(error));
  return [
    `HTTP/1.1 ${estado} ${RAZONES[estado]}`,
    `Content-Type: ${TIPO_PROBLEMA}`,
    `X-Request-Id: ${idDePeticion}`,
    `Content-Length: ${Buffer.byteLength(cuerpo)}`,
    'Connection: close',
    // What the middleware gives every answer of the app, which this one never reaches.
    `Cache-Control: ${CACHE_POR_OMISION}`,
    ...Object.entries(CABECERAS_DE_SEGURIDAD).map(([nombre, valor]) => `${nombre}: ${valor}`),
    '',
    cuerpo,
  ].join('\r\n');
}

/** Which framing error a `clientError` of Node's HTTP server is. */
export function errorDeTransporte(codigo: string | undefined): ErrorDeTransporte {
  if (codigo === 'HPE_HEADER_OVERFLOW') return { kind: 'CabecerasDemasiadoGrandes' };
  if (codigo === 'ERR_HTTP_REQUEST_TIMEOUT') return { kind: 'PeticionDemasiadoLenta' };
  return { kind: 'PeticionMalformada' };
}
