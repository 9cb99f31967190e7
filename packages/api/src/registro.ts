/**
 * A small structured logger: one JSON object per line on standard output, the
 * format log collectors read without configuration.
 */
export const NIVELES = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type Nivel = (typeof NIVELES)[number];

export type Registro = {
  readonly [N in Exclude<Nivel, 'silent'>]: (mensaje: string, datos?: Readonly<Record<string, unknown>>) => void;
} & {
  /** The lowest level written. */
  readonly nivel: Nivel;
};

export function crearRegistro(
  minimo: Nivel,
  escribir: (linea: string) => void = (linea) => process.stdout.write(`${linea}\n`),
): Registro {
  const umbral = NIVELES.indexOf(minimo);
  const en =
    (nivel: Exclude<Nivel, 'silent'>) =>
    (mensaje: string, datos: Readonly<Record<string, unknown>> = {}): void => {
      if (NIVELES.indexOf(nivel) < umbral) return;
      escribir(JSON.stringify({ time: new Date().toISOString(), level: nivel, msg: mensaje, ...datos }));
    };
  return { nivel: minimo, debug: en('debug'), info: en('info'), warn: en('warn'), error: en('error') };
}

/** What can be logged of a thrown value: its name, message and stack, never as a response body. */
export function describirError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: { name: error.name, message: error.message, stack: error.stack } };
  return { error: String(error) };
}
