import { err, ok, type Result } from 'neverthrow';
import { longitudEnCaracteres } from '../compartido/longitud.ts';
import type { Marca } from '../compartido/marca.ts';

/** The name of a cliente or a producto: 1 to 200 characters once trimmed. */
export type Nombre = Marca<string, 'Nombre'>;

export const LONGITUD_MAXIMA_NOMBRE = 200;

export type NombreInvalido = {
  readonly kind: 'NombreInvalido';
  readonly valor: string;
  readonly motivo: 'vacio' | 'demasiado-largo';
};

export const Nombre = {
  crear(valor: string): Result<Nombre, NombreInvalido> {
    const recortado = valor.trim();
    if (recortado.length === 0) return err({ kind: 'NombreInvalido', valor, motivo: 'vacio' });
    if (longitudEnCaracteres(recortado) > LONGITUD_MAXIMA_NOMBRE) {
      return err({ kind: 'NombreInvalido', valor, motivo: 'demasiado-largo' });
    }
    return ok(recortado as Nombre);
  },
};
