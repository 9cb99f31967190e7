import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';
import { textoDeUnaLinea } from '../compartido/texto.js';

/** The name of a cliente or a producto: 1 to 200 characters once trimmed, none of them a control character. */
export type Nombre = Marca<string, 'Nombre'>;

export const LONGITUD_MAXIMA_NOMBRE = 200;

export type NombreInvalido = {
  readonly kind: 'NombreInvalido';
  readonly valor: string;
  readonly motivo: 'vacio' | 'demasiado-largo' | 'caracteres-invalidos';
};

export const Nombre = {
  crear(valor: string): Result<Nombre, NombreInvalido> {
    const texto = textoDeUnaLinea(valor, LONGITUD_MAXIMA_NOMBRE);
    return typeof texto === 'string'
      ? err({ kind: 'NombreInvalido', valor, motivo: texto })
      : ok(texto.texto as Nombre);
  },
};
