/**
 * Every error the API can answer with, and the one exhaustive mapping from
 * them to RFC 9457 problem details. A new error kind that is not mapped here
 * does not compile.
 */

import type { z } from '@hono/zod-openapi';
import {
  assertNever,
  type BaseDeDatosNoDisponible,
  type CantidadInvalida,
  type ClienteNoEncontrado,
  type DemasiadasLineas,
  type EmailDuplicado,
  type ImporteExcesivo,
  type ItemNoEncontrado,
  MAXIMO_DE_LINEAS,
  type PedidoNoEncontrado,
  type PedidoNoModificable,
  type PedidoVacio,
  type ProductoNoDisponible,
  type ProductoNoEncontrado,
  type StockInsuficiente,
  type VersionDesactualizada,
} from '@pedidos/domain';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Problema as EsquemaDeProblema, estadoServido } from './esquemas.ts';

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
  | DemasiadasLineas;

/** The HTTP status of each error. */
const ESTADOS = {
  Validacion: 422,
  JsonInvalido: 400,
  RutaNoEncontrada: 404,
  MetodoNoPermitido: 405,
  CuerpoDemasiadoGrande: 413,
  Interno: 500,
  ClaveReutilizada: 422,
  ClaveEnCurso: 409,
  PeticionMalformada: 400,
  CabecerasDemasiadoGrandes: 431,
  PeticionDemasiadoLenta: 408,
  BaseDeDatosNoDisponible: 503,
  ClienteNoEncontrado: 404,
  ProductoNoEncontrado: 404,
  PedidoNoEncontrado: 404,
  ItemNoEncontrado: 404,
  EmailDuplicado: 409,
  PedidoVacio: 409,
  PedidoNoModificable: 409,
  ProductoNoDisponible: 409,
  StockInsuficiente: 409,
  VersionDesactualizada: 412,
  CantidadInvalida: 422,
  ImporteExcesivo: 422,
  DemasiadasLineas: 422,
} as const satisfies Record<ErrorDeApi['kind'], ContentfulStatusCode>;

/** The statuses an operation can answer with, computed from the errors it can return. */
export type EstadoDe<E extends ErrorDeApi> = (typeof ESTADOS)[E['kind']];

export type Problema = z.output<typeof EsquemaDeProblema>;
type Extensiones = Omit<Problema, 'type' | 'title' | 'status' | 'detail' | 'code' | 'instance'>;

function problema(
  status: ContentfulStatusCode,
  code: string,
  title: string,
  detail: string,
  extensiones: Extensiones = {},
): Problema {
  return { type: `urn:pedidos:problema:${code}`, title, status, detail, code, ...extensiones };
}

const validacion = (errores: readonly ErrorDeCampo[]): Problema =>
  problema(422, 'VALIDACION', 'Datos no válidos', 'La petición tiene campos no válidos; vea errores.', {
    errores: [...errores],
  });

export function aProblema(error: ErrorDeApi): Problema {
  switch (error.kind) {
    case 'Validacion':
      return validacion(error.errores);
    case 'JsonInvalido':
      return problema(400, 'JSON_INVALIDO', 'JSON no válido', 'El cuerpo de la petición no es JSON válido.');
    case 'RutaNoEncontrada':
      return problema(
        404,
        'RUTA_NO_ENCONTRADA',
        'Ruta no encontrada',
        `No existe la ruta ${error.metodo} ${error.ruta}.`,
      );
    case 'MetodoNoPermitido':
      return problema(
        405,
        'METODO_NO_PERMITIDO',
        'Método no permitido',
        `La ruta ${error.ruta} no admite ${error.metodo}; admite ${error.permitidos.join(', ')}.`,
      );
    case 'CuerpoDemasiadoGrande':
      return problema(
        413,
        'CUERPO_DEMASIADO_GRANDE',
        'Cuerpo demasiado grande',
        `El cuerpo de la petición supera el límite de ${error.limite} bytes.`,
      );
    case 'PeticionMalformada':
      return problema(400, 'PETICION_MALFORMADA', 'Petición malformada', 'La petición no es HTTP/1.1 válido.');
    case 'CabecerasDemasiadoGrandes':
      return problema(
        431,
        'CABECERAS_DEMASIADO_GRANDES',
        'Cabeceras demasiado grandes',
        'La línea de petición y las cabeceras superan juntas 16 KiB.',
      );
    case 'PeticionDemasiadoLenta':
      return problema(
        408,
        'PETICION_DEMASIADO_LENTA',
        'Petición demasiado lenta',
        'La petición no llegó completa a tiempo.',
      );
    case 'Interno':
      return problema(500, 'INTERNO', 'Error interno', 'Ocurrió un error inesperado; ha quedado registrado.');
    case 'ClaveReutilizada':
      return problema(
        422,
        'CLAVE_IDEMPOTENCIA_REUTILIZADA',
        'Clave de idempotencia reutilizada',
        'Esta Idempotency-Key ya se usó para otra petición; use una clave nueva para cada operación.',
      );
    case 'ClaveEnCurso':
      return problema(
        409,
        'CLAVE_IDEMPOTENCIA_EN_CURSO',
        'Clave de idempotencia en curso',
        'Una petición con esta Idempotency-Key todavía se está procesando; repítala en unos instantes.',
      );
    case 'BaseDeDatosNoDisponible':
      return problema(
        503,
        'BASE_DE_DATOS_NO_DISPONIBLE',
        'Base de datos no disponible',
        'No se pudo acceder a la base de datos; la petición no cambió nada. Vuelva a intentarlo.',
      );
    case 'ClienteNoEncontrado':
      return problema(
        404,
        'CLIENTE_NO_ENCONTRADO',
        'Cliente no encontrado',
        `No existe el cliente ${error.clienteId}.`,
        {
          cliente_id: error.clienteId,
        },
      );
    case 'ProductoNoEncontrado':
      return problema(
        404,
        'PRODUCTO_NO_ENCONTRADO',
        'Producto no encontrado',
        `No existe el producto ${error.productoId}.`,
        { producto_id: error.productoId },
      );
    case 'PedidoNoEncontrado':
      return problema(404, 'PEDIDO_NO_ENCONTRADO', 'Pedido no encontrado', `No existe el pedido ${error.pedidoId}.`, {
        pedido_id: error.pedidoId,
      });
    case 'ItemNoEncontrado':
      return problema(
        404,
        'ITEM_NO_ENCONTRADO',
        'Item no encontrado',
        `El pedido ${error.pedidoId} no tiene una línea del producto ${error.productoId}.`,
        { producto_id: error.productoId },
      );
    case 'EmailDuplicado':
      return problema(409, 'EMAIL_DUPLICADO', 'Email duplicado', `Ya hay un cliente con el email ${error.email}.`);
    case 'PedidoVacio':
      return problema(409, 'PEDIDO_VACIO', 'Pedido vacío', 'No se puede confirmar un pedido sin items.');
    case 'PedidoNoModificable':
      return problema(
        409,
        'PEDIDO_NO_MODIFICABLE',
        'Pedido no modificable',
        `El pedido está ${error.estado}; solo se puede cambiar o confirmar un pedido en carrito.`,
        { estado: estadoServido(error.estado) },
      );
    case 'ProductoNoDisponible':
      return problema(
        409,
        'PRODUCTO_NO_DISPONIBLE',
        'Producto no disponible',
        `El producto ${error.productoId} está inactivo.`,
        { producto_id: error.productoId },
      );
    case 'StockInsuficiente':
      return problema(
        409,
        'STOCK_INSUFICIENTE',
        'Stock insuficiente',
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
        412,
        'VERSION_DESACTUALIZADA',
        'Versión desactualizada',
        `If-Match no coincide con la versión actual del pedido, que es la ${error.actual}; nada ha cambiado.`,
        { version_actual: error.actual },
      );
    case 'CantidadInvalida':
      return validacion([{ campo: 'cantidad', mensaje: 'la cantidad de la línea superaría el máximo representable' }]);
    case 'ImporteExcesivo':
      return validacion([{ campo: 'cantidad', mensaje: 'el importe superaría el máximo representable en centavos' }]);
    case 'DemasiadasLineas':
      return validacion([{ campo: 'items', mensaje: `un pedido tiene a lo sumo ${MAXIMO_DE_LINEAS} líneas` }]);
    default:
      return assertNever(error);
  }
}

export const TIPO_PROBLEMA = 'application/problem+json';

/**
 * The response for an error: its problem details, with the request's path as
 * `instance`. Its type carries the statuses `E` can produce, so a route that
 * does not document one of them does not compile.
 */
export function responderProblema<E extends ErrorDeApi>(c: Context, error: E) {
  const cuerpo: Problema = { ...aProblema(error), instance: c.req.path };
  return c.json(cuerpo, ESTADOS[error.kind] as EstadoDe<E>, { 'Content-Type': TIPO_PROBLEMA, ...cabecerasDe(error) });
}

/** The headers an error's answer carries beside its type: a 405 says which methods the path takes (RFC 9110, 15.5.6). */
function cabecerasDe(error: ErrorDeApi): Readonly<Record<string, string>> {
  return error.kind === 'MetodoNoPermitido' ? { Allow: error.permitidos.join(', ') } : {};
}

const RAZONES = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as const;

/**
 * The whole HTTP/1.1 response for an error of the framing, written straight
 * to the socket because there is no request to answer through the
 * application. The connection is closed after it: what follows on it cannot
 * be trusted to start a request.
 */
export function respuestaDeTransporte(error: ErrorDeTransporte): string {
  const estado = ESTADOS[error.kind];
  const cuerpo = JSON.stringify(aProblema(error));
  return [
    `HTTP/1.1 ${estado} ${RAZONES[estado]}`,
    `Content-Type: ${TIPO_PROBLEMA}`,
    `Content-Length: ${Buffer.byteLength(cuerpo)}`,
    'Connection: close',
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
