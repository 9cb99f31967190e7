import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';
import { esTextoRepresentable, longitudEnCaracteres, textoDeUnaLinea } from '../compartido/texto.js';

/**
 * The short texts of a pedido's lifecycle: 1 to 100 characters once trimmed,
 * none a control character. One brand each, so that a tracking number cannot
 * be passed as a payment reference.
 */
export type ReferenciaDePago = Marca<string, 'ReferenciaDePago'>;
export type MetodoDePago = Marca<string, 'MetodoDePago'>;
export type Transportista = Marca<string, 'Transportista'>;
export type NumeroDeSeguimiento = Marca<string, 'NumeroDeSeguimiento'>;
/**
 * The payment provider's own id of one notice (`evt_…`): what makes a notice
 * delivered twice take effect once. The provider's, not ours, so only a short
 * text, not a UUID.
 */
export type IdDeAvisoDePago = Marca<string, 'IdDeAvisoDePago'>;
/** Why a pedido was cancelled: up to 500 characters, line breaks allowed; or none. */
export type MotivoDeCancelacion = Marca<string, 'MotivoDeCancelacion'> | null;

export const LONGITUD_MAXIMA_ETIQUETA = 100;
export const LONGITUD_MAXIMA_MOTIVO = 500;

export type CampoDeTexto = 'referencia' | 'metodo' | 'transportista' | 'numeroSeguimiento' | 'motivo' | 'idDeAviso';

export type TextoInvalido = {
  readonly kind: 'TextoInvalido';
  readonly campo: CampoDeTexto;
  readonly valor: string;
  readonly motivo: 'vacio' | 'demasiado-largo' | 'caracteres-invalidos';
};

function etiqueta<T extends string>(campo: CampoDeTexto, valor: string): Result<T, TextoInvalido> {
  const texto = textoDeUnaLinea(valor, LONGITUD_MAXIMA_ETIQUETA);
  return typeof texto === 'string' ? err({ kind: 'TextoInvalido', campo, valor, motivo: texto }) : ok(texto.texto as T);
}

export const ReferenciaDePago = {
  crear: (valor: string): Result<ReferenciaDePago, TextoInvalido> => etiqueta('referencia', valor),
};

export const MetodoDePago = {
  /** What `pagar` records when the caller names no method. */
  porDefecto: 'manual' as MetodoDePago,
  crear: (valor: string): Result<MetodoDePago, TextoInvalido> => etiqueta('metodo', valor),
};

export const Transportista = {
  crear: (valor: string): Result<Transportista, TextoInvalido> => etiqueta('transportista', valor),
};

export const NumeroDeSeguimiento = {
  crear: (valor: string): Result<NumeroDeSeguimiento, TextoInvalido> => etiqueta('numeroSeguimiento', valor),
};

export const IdDeAvisoDePago = {
  crear: (valor: string): Result<IdDeAvisoDePago, TextoInvalido> => etiqueta('idDeAviso', valor),
};

export const MotivoDeCancelacion = {
  /** Trimmed; a blank or absent reason is no reason (`null`). */
  crear(valor: string | null): Result<MotivoDeCancelacion, TextoInvalido> {
    const recortado = valor?.trim() ?? '';
    if (valor === null || recortado.length === 0) return ok(null);
    if (longitudEnCaracteres(recortado) > LONGITUD_MAXIMA_MOTIVO) {
      return err({ kind: 'TextoInvalido', campo: 'motivo', valor, motivo: 'demasiado-largo' });
    }
    if (!esTextoRepresentable(recortado)) {
      return err({ kind: 'TextoInvalido', campo: 'motivo', valor, motivo: 'caracteres-invalidos' });
    }
    return ok(recortado as MotivoDeCancelacion);
  },
};
