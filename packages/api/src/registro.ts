/**
 * The service's log: pino, one JSON object per line on standard output, the
 * format log collectors read without configuration. In a terminal during
 * development the same lines can be written readably instead (`legible`).
 * Whatever is logged, the values of the keys in `CLAVES_SECRETAS` are replaced
 * by `[redacted]` before the line is written.
 */
import pino, { type DestinationStream, type LoggerOptions } from 'pino';

export const NIVELES = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type Nivel = (typeof NIVELES)[number];

/** `json`: one JSON object per line; `pretty`: `legible`'s lines, for a person at a terminal. */
export const FORMATOS = ['json', 'pretty'] as const;
export type Formato = (typeof FORMATOS)[number];

export type Registro = {
  readonly [N in Exclude<Nivel, 'silent'>]: (mensaje: string, datos?: Readonly<Record<string, unknown>>) => void;
} & {
  /** The lowest level written. */
  readonly nivel: Nivel;
};

/** Keys whose values never reach a log line: credentials as a request or an error might carry them. */
export const CLAVES_SECRETAS = ['authorization', 'Authorization', 'password', 'access_token', 'refresh_token'] as const;

/**
 * Where those keys are looked for: at the top of what is logged and in the
 * objects a request's data would be logged under. pino's wildcards (`*.password`)
 * would find them at any depth, but cost 7 µs a line for one level and 30 µs
 * for three, against about 1 µs for all these exact paths, on every request.
 */
const CONTENEDORES = ['', 'headers.', 'req.headers.', 'request.headers.', 'body.', 'req.body.', 'cuerpo.', 'error.'];
export const RUTAS_REDACTADAS = CONTENEDORES.flatMap((contenedor) => CLAVES_SECRETAS.map((c) => contenedor + c));

const OPCIONES: LoggerOptions = {
  redact: { paths: RUTAS_REDACTADAS, censor: '[redacted]' },
  // An ISO 8601 `time` and the level by its name, as the lines have always had.
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (etiqueta) => ({ level: etiqueta }) },
};

/**
 * A log of the given level. Without `escribir`, lines go to standard output,
 * written asynchronously so that a request never waits for the pipe (pino
 * flushes what is pending when the process exits). With it, each line is
 * handed to `escribir` as it is made, without its newline: tests read them so.
 */
export function crearRegistro(minimo: Nivel, escribir?: (linea: string) => void): Registro {
  const destino: DestinationStream =
    escribir === undefined
      ? pino.destination({ dest: 1, sync: false })
      : { write: (linea: string) => escribir(linea.endsWith('\n') ? linea.slice(0, -1) : linea) };
  const logger = pino({ ...OPCIONES, level: minimo }, destino);
  const en =
    (nivel: Exclude<Nivel, 'silent'>) =>
    (mensaje: string, datos?: Readonly<Record<string, unknown>>): void => {
      if (datos === undefined) logger[nivel](mensaje);
      else logger[nivel](datos, mensaje);
    };
  return { nivel: minimo, debug: en('debug'), info: en('info'), warn: en('warn'), error: en('error') };
}

/**
 * The format when `LOG_FORMAT` does not say: readable only for a person, that
 * is, outside production and when standard output is a terminal; JSON for
 * anything that reads the lines.
 */
export function formatoPorDefecto(nodeEnv: string | undefined, esTerminal: boolean): Formato {
  return nodeEnv !== 'production' && esTerminal ? 'pretty' : 'json';
}

/** What the readable format leaves out of a line's fields, because it shows them first or not at all. */
const CAMPOS_MOSTRADOS = new Set(['time', 'level', 'msg', 'pid', 'hostname']);

/**
 * A JSON log line as a person reads it: the time of day, the level, the
 * message, then `key=value` for each other field, and an error's stack on the
 * lines below. A line that is not JSON is written as it came.
 */
export function legible(escribir: (texto: string) => void = (texto) => process.stdout.write(texto)) {
  return (linea: string): void => {
    let objeto: Record<string, unknown>;
    try {
      objeto = JSON.parse(linea);
    } catch {
      escribir(`${linea}\n`);
      return;
    }
    const hora = typeof objeto.time === 'string' ? objeto.time.slice(11, 23) : '';
    const nivel = String(objeto.level ?? '')
      .toUpperCase()
      .padEnd(5);
    const campos = Object.entries(objeto)
      .filter(([clave]) => !CAMPOS_MOSTRADOS.has(clave))
      .map(([clave, valor]) => `${clave}=${typeof valor === 'string' ? valor : JSON.stringify(valor, sinPila)}`);
    const error = objeto.error;
    const pila = typeof error === 'object' && error !== null && 'stack' in error ? `\n${String(error.stack)}` : '';
    escribir(`${[hora, nivel, String(objeto.msg ?? ''), ...campos].join(' ')}${pila}\n`);
  };
}

/** The stack goes below the line, not inside it. */
function sinPila(clave: string, valor: unknown): unknown {
  return clave === 'stack' ? undefined : valor;
}

/** What can be logged of a thrown value: its name, message and stack, never as a response body. */
export function describirError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: { name: error.name, message: error.message, stack: error.stack } };
  return { error: String(error) };
}
