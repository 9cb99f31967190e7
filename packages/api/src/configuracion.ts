/** The service's settings, read from the environment and checked before anything starts. */
import { z } from '@hono/zod-openapi';
import { err, ok, type Result } from 'neverthrow';
import { NIVELES, type Nivel } from './registro.ts';

export type Configuracion = {
  readonly puerto: number;
  /** Interface to listen on; without one, every interface. */
  readonly host?: string | undefined;
  /** A PostgreSQL URL; without one, the embedded database. */
  readonly urlDeBaseDeDatos?: string | undefined;
  /** Where the embedded database keeps its files; without one (tests only) it lives in memory. */
  readonly directorioDeDatos?: string | undefined;
  readonly nivelDeRegistro: Nivel;
  /** The origins whose pages may call the API from a browser (CORS); without any, none. */
  readonly origenesCors?: readonly string[] | undefined;
};

const vacioComoAusente = (valor: unknown) => (valor === '' ? undefined : valor);

/**
 * What is wrong with one origin of `CORS_ORIGENES`, if anything. An origin is
 * written as a browser sends it in `Origin`: `http` or `https`, a host and
 * perhaps a port, and nothing else, in its canonical form (a lower-case host,
 * no default port, no trailing slash), since `Origin` is compared exactly.
 */
function errorDeOrigen(texto: string): string | undefined {
  const forma = 'debe ser esquema://host[:puerto], como https://tienda.example.com';
  if (!URL.canParse(texto)) return `${JSON.stringify(texto)} no es un origen: ${forma}`;
  const url = new URL(texto);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${JSON.stringify(texto)}: solo http o https`;
  if (url.origin !== texto) return `${JSON.stringify(texto)} no es un origen: ${forma}; ¿quiso decir ${url.origin}?`;
  return undefined;
}

const Origenes = z
  .string()
  .transform((texto) => (texto.trim() === '' ? [] : texto.split(',').map((origen) => origen.trim())))
  .superRefine((origenes, ctx) => {
    for (const origen of origenes) {
      const error = errorDeOrigen(origen);
      if (error !== undefined) ctx.addIssue({ code: 'custom', message: error });
    }
  });

const Entorno = z.object({
  PORT: z.preprocess(vacioComoAusente, z.coerce.number().int().min(0).max(65_535).default(3000)),
  HOST: z.preprocess(vacioComoAusente, z.string().optional()),
  DATABASE_URL: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'debe ser una URL postgres:// o postgresql://')
      .optional(),
  ),
  DATA_DIR: z.preprocess(vacioComoAusente, z.string().default('./.data')),
  LOG_LEVEL: z.preprocess(vacioComoAusente, z.enum(NIVELES).default('info')),
  CORS_ORIGENES: Origenes.default([]),
});

export function leerConfiguracion(
  entorno: Readonly<Record<string, string | undefined>>,
): Result<Configuracion, string[]> {
  const leido = Entorno.safeParse(entorno);
  if (!leido.success) {
    return err(leido.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const { PORT, HOST, DATABASE_URL, DATA_DIR, LOG_LEVEL, CORS_ORIGENES } = leido.data;
  return ok({
    puerto: PORT,
    host: HOST,
    urlDeBaseDeDatos: DATABASE_URL,
    directorioDeDatos: DATABASE_URL === undefined ? DATA_DIR : undefined,
    nivelDeRegistro: LOG_LEVEL,
    origenesCors: CORS_ORIGENES,
  });
}
