import { err, ok, Result } from 'neverthrow';
import { congelar } from '../compartido/congelar.js';
import type { Marca } from '../compartido/marca.js';
import { textoDeUnaLinea } from '../compartido/texto.js';

/** A direccion as the caller or the store gives it: plain strings. */
export type DatosDeDireccion = {
  readonly destinatario: string;
  readonly linea1: string;
  readonly linea2: string | null;
  readonly ciudad: string;
  readonly region: string | null;
  readonly codigoPostal: string;
  readonly pais: string;
};

/**
 * Where a pedido is shipped: the same fields, checked. Every line is trimmed;
 * `linea2` and `region` may be absent (`null`); `pais` is an ISO 3166-1
 * alpha-2 code in upper case.
 */
export type Direccion = Marca<DatosDeDireccion, 'Direccion'>;

export type CampoDeDireccion = keyof DatosDeDireccion;

export const LONGITUD_MAXIMA_LINEA_DE_DIRECCION = 200;
export const LONGITUD_MAXIMA_CODIGO_POSTAL = 20;

export type DireccionInvalida = {
  readonly kind: 'DireccionInvalida';
  readonly campo: CampoDeDireccion;
  readonly motivo: 'vacio' | 'demasiado-largo' | 'caracteres-invalidos' | 'no-es-un-codigo-de-pais';
};

function linea(campo: CampoDeDireccion, valor: string, maximo: number): Result<string, DireccionInvalida> {
  const texto = textoDeUnaLinea(valor, maximo);
  return typeof texto === 'string' ? err({ kind: 'DireccionInvalida', campo, motivo: texto }) : ok(texto.texto);
}

function lineaOpcional(campo: CampoDeDireccion, valor: string | null): Result<string | null, DireccionInvalida> {
  return valor === null ? ok(null) : linea(campo, valor, LONGITUD_MAXIMA_LINEA_DE_DIRECCION);
}

/**
 * The shape of an ISO 3166-1 alpha-2 code only: two ASCII letters, any case,
 * stored upper-case. The list of assigned codes changes over time (SS in
 * 2011, a withdrawn AN), so whether a well-formed code is assigned is left to
 * whoever ships the pedido, as is whether a postal code exists.
 */
function pais(valor: string): Result<string, DireccionInvalida> {
  const codigo = valor.trim();
  return /^[A-Za-z]{2}$/.test(codigo)
    ? ok(codigo.toUpperCase())
    : err({ kind: 'DireccionInvalida', campo: 'pais', motivo: 'no-es-un-codigo-de-pais' });
}

export const Direccion = {
  /** Checks every field; the first refused one is reported. */
  crear(datos: DatosDeDireccion): Result<Direccion, DireccionInvalida> {
    return Result.combine([
      linea('destinatario', datos.destinatario, LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
      linea('linea1', datos.linea1, LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
      lineaOpcional('linea2', datos.linea2),
      linea('ciudad', datos.ciudad, LONGITUD_MAXIMA_LINEA_DE_DIRECCION),
      lineaOpcional('region', datos.region),
      linea('codigoPostal', datos.codigoPostal, LONGITUD_MAXIMA_CODIGO_POSTAL),
      pais(datos.pais),
    ]).map(([destinatario, linea1, linea2, ciudad, region, codigoPostal, pais]) =>
      congelar({ destinatario, linea1, linea2, ciudad, region, codigoPostal, pais } as Direccion),
    );
  },

  /** Whether two direcciones are the same one, field by field. */
  iguales(a: Direccion, b: Direccion): boolean {
    return (
      a.destinatario === b.destinatario &&
      a.linea1 === b.linea1 &&
      a.linea2 === b.linea2 &&
      a.ciudad === b.ciudad &&
      a.region === b.region &&
      a.codigoPostal === b.codigoPostal &&
      a.pais === b.pais
    );
  },
};
