/** The service's settings, read from the environment and checked before anything starts. */

import { err, ok, type Result } from 'neverthrow';
import { z } from 'zod';
import { PETICIONES_POR_OMISION } from './limites.ts';
import { FORMATOS, type Formato, formatoPorDefecto, NIVELES, type Nivel } from './registro.ts';

export type Configuracion = {
  readonly puerto: number;
  /** Interface to listen on; without one, every interface. */
  readonly host?: string | undefined;
  /** A PostgreSQL URL; without one, the embedded database. */
  readonly urlDeBaseDeDatos?: string | undefined;
  /** Where the embedded database keeps its files; without one (tests only) it lives in memory. */
  readonly directorioDeDatos?: string | undefined;
  readonly nivelDeRegistro: Nivel;
  /** `NODE_ENV=production`: no generated secret, no development account. */
  readonly produccion?: boolean | undefined;
  /** The key of access tokens (its UTF-8 bytes, at least 32); without one, see `secretoDeFichas` in servicio.ts. */
  readonly secretoDeFichas?: string | undefined;
  /** How long an access token lasts. */
  readonly duracionDeFichaSegundos?: number | undefined;
  /** The first staff account, made at start-up if no account has its email. */
  readonly administrador?: { readonly email: string; readonly clave: string } | undefined;
  /** How log lines are written to standard output; JSON when not given. */
  readonly formatoDeRegistro?: Formato | undefined;
  /** A bearer token that may read `/metrics` without an account; without one, only staff may. */
  readonly tokenDeMetricas?: string | undefined;
  /** The origins whose pages may call the API from a browser (CORS); without any, none. */
  readonly origenesCors?: readonly string[] | undefined;
  /** A Redis that the service's processes share (`redis://` or `rediss://`); without one, each counts alone. */
  readonly urlDeRedis?: string | undefined;
  /** The prefix of the service's keys in that Redis. */
  readonly prefijoDeRedis?: string | undefined;
  /**
   * The catalogue's cache in Redis (`CACHE_CATALOGO`), and how long its
   * entries live; without it, or without `urlDeRedis`, every read goes to the
   * database.
   */
  readonly cacheDelCatalogo?: { readonly segundos: number } | undefined;
  /**
   * Whether the catalogue is kept in the process's memory
   * (`CACHE_CATALOGO_EN_PROCESO`, decision 0030). Not with the cache in
   * Redis: when not given, on unless `cacheDelCatalogo` is.
   */
  readonly cacheEnProceso?: boolean | undefined;
  /** Requests allowed per caller in each window; `PETICIONES_POR_OMISION` when not given. */
  readonly limiteDePeticiones?: { readonly cuota: number; readonly ventanaSegundos: number } | undefined;
  /**
   * The key the payment provider signs its notices with (its UTF-8 bytes, at
   * least 32); without one, every notice is `401 FIRMA_INVALIDA`, and the
   * service says so when it starts.
   */
  readonly secretoDeWebhookDePagos?: string | undefined;
  /**
   * The RabbitMQ the event stream is published to (`amqp://` or `amqps://`,
   * its vhost in the path); without one the events reach the service's
   * consumers in process (decision 0025).
   */
  readonly urlDeRabbitMq?: string | undefined;
  /**
   * Whether this process runs the service's consumers of the stream (the
   * sales report's read model, …; `CONSUMIDORES`, on by default). Off in the
   * API's processes when `pnpm worker`s run them; without `RABBITMQ_URL`,
   * a process with them off runs no relay either (decision 0025).
   */
  readonly consumidores?: boolean | undefined;
  /**
   * How many days published events of productos and clientes, and the
   * consumers' deliveries, are kept (`RETENCION_DE_EVENTOS_DIAS`); a pedido's
   * events are its history and stay (decision 0025, "Retention").
   */
  readonly retencionDeEventosDias?: number | undefined;
  /**
   * How long a `confirmado` pedido may go unpaid before the service cancels
   * it (`PLAZO_DE_PAGO_SEGUNDOS`); `PLAZO_DE_PAGO_POR_OMISION` when not given.
   */
  readonly plazoDePagoSegundos?: number | undefined;
};

/** How many days published events are kept when `RETENCION_DE_EVENTOS_DIAS` is not set. */
export const DIAS_DE_RETENCION_POR_OMISION = 7;

/**
 * Whether the catalogue's cache is on when `CACHE_CATALOGO` is not set: off.
 * On the 2-core development machine it made a page of the list 29–58% faster
 * but the read of one producto only within the bench's noise, and it trades
 * reads that never miss a committed change for reads that may, after a lost
 * version bump, for up to the TTL: an operator's choice (performance.md, "the
 * catalogue's cache"; decision 0021).
 */
export const CACHE_DEL_CATALOGO_POR_OMISION: 'on' | 'off' = 'off';
/** How long an entry of the catalogue's cache lives when `CACHE_CATALOGO_SEGUNDOS` is not set. */
export const SEGUNDOS_DE_CACHE_POR_OMISION = 30;

/** The payment deadline when `PLAZO_DE_PAGO_SEGUNDOS` is not set: half an hour (eventos.md). */
export const PLAZO_DE_PAGO_POR_OMISION = 1800;
/** The longest payment deadline taken: a year, so that "now minus the deadline" is always an instant. */
export const PLAZO_DE_PAGO_MAXIMO = 365 * 86_400;

/** The shortest key of access tokens, in UTF-8 bytes (seguridad.md); and of the payment webhook's. */
export const BYTES_MINIMOS_DEL_SECRETO = 32;

/** A key of at least `BYTES_MINIMOS_DEL_SECRETO` UTF-8 bytes, or none. */
const secreto = () =>
  z.preprocess(
    vacioComoAusente,
    z
      .string()
      .refine(
        (valor) => Buffer.byteLength(valor, 'utf8') >= BYTES_MINIMOS_DEL_SECRETO,
        `debe tener al menos ${BYTES_MINIMOS_DEL_SECRETO} bytes en UTF-8`,
      )
      .optional(),
  );

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
  NODE_ENV: z.preprocess(vacioComoAusente, z.string().optional()),
  JWT_SECRETO: secreto(),
  JWT_DURACION_SEGUNDOS: z.preprocess(vacioComoAusente, z.coerce.number().int().min(60).max(86_400).default(900)),
  ADMIN_EMAIL: z.preprocess(vacioComoAusente, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .refine((clave) => [...clave].length >= 12 && [...clave].length <= 128, 'debe tener de 12 a 128 caracteres')
      .optional(),
  ),
  LOG_FORMAT: z.preprocess(vacioComoAusente, z.enum(FORMATOS).optional()),
  // A bearer credential (RFC 6750's b64token), long enough not to be guessed: `openssl rand -hex 32` makes one.
  METRICS_TOKEN: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .min(32, 'debe tener al menos 32 caracteres')
      .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'solo letras, dígitos y - . _ ~ + / (con = al final)')
      .optional(),
  ),
  CORS_ORIGENES: Origenes.default([]),
  REDIS_URL: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .regex(/^rediss?:\/\//, 'debe ser una URL redis:// o rediss://')
      .optional(),
  ),
  REDIS_PREFIJO: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'de 1 a 64 letras, dígitos y _ . : -')
      .default('pedidos'),
  ),
  CACHE_CATALOGO: z.preprocess(vacioComoAusente, z.enum(['on', 'off']).default(CACHE_DEL_CATALOGO_POR_OMISION)),
  CACHE_CATALOGO_EN_PROCESO: z.preprocess(vacioComoAusente, z.enum(['on', 'off']).optional()),
  CACHE_CATALOGO_SEGUNDOS: z.preprocess(
    vacioComoAusente,
    z.coerce.number().int().min(1).max(3600).default(SEGUNDOS_DE_CACHE_POR_OMISION),
  ),
  LIMITE_PETICIONES: z.preprocess(
    vacioComoAusente,
    z.coerce.number().int().min(1).max(1_000_000_000).default(PETICIONES_POR_OMISION.cuota),
  ),
  LIMITE_VENTANA_SEGUNDOS: z.preprocess(
    vacioComoAusente,
    z.coerce.number().int().min(1).max(86_400).default(PETICIONES_POR_OMISION.ventanaSegundos),
  ),
  // Not required in production: a deployment without payments by webhook goes on as before (decision 0023).
  PAGOS_WEBHOOK_SECRETO: secreto(),
  RABBITMQ_URL: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .refine(
        (valor) => /^amqps?:\/\/[^/?#]/.test(valor) && URL.canParse(valor),
        'debe ser una URL amqp:// o amqps:// con su host, como amqp://usuario:clave@host:5672/vhost',
      )
      .optional(),
  ),
  CONSUMIDORES: z.preprocess(vacioComoAusente, z.enum(['on', 'off']).default('on')),
  RETENCION_DE_EVENTOS_DIAS: z.preprocess(
    vacioComoAusente,
    z.coerce.number().int().min(1).max(36_500).default(DIAS_DE_RETENCION_POR_OMISION),
  ),
  PLAZO_DE_PAGO_SEGUNDOS: z.preprocess(
    vacioComoAusente,
    z.coerce.number().int().min(1).max(PLAZO_DE_PAGO_MAXIMO).default(PLAZO_DE_PAGO_POR_OMISION),
  ),
});

/** `salidaEsTerminal`: whether standard output is a terminal, which decides the log format `LOG_FORMAT` leaves open. */
export function leerConfiguracion(
  entorno: Readonly<Record<string, string | undefined>>,
  salidaEsTerminal = false,
): Result<Configuracion, string[]> {
  const leido = Entorno.safeParse(entorno);
  if (!leido.success) {
    return err(leido.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const { PORT, HOST, DATABASE_URL, DATA_DIR, LOG_LEVEL, LOG_FORMAT, NODE_ENV, METRICS_TOKEN, CORS_ORIGENES } =
    leido.data;
  const { JWT_SECRETO, JWT_DURACION_SEGUNDOS, ADMIN_EMAIL, ADMIN_PASSWORD } = leido.data;
  const { REDIS_URL, REDIS_PREFIJO, LIMITE_PETICIONES, LIMITE_VENTANA_SEGUNDOS, PAGOS_WEBHOOK_SECRETO } = leido.data;
  const { CACHE_CATALOGO, CACHE_CATALOGO_EN_PROCESO, CACHE_CATALOGO_SEGUNDOS, RABBITMQ_URL, PLAZO_DE_PAGO_SEGUNDOS } =
    leido.data;
  const { CONSUMIDORES, RETENCION_DE_EVENTOS_DIAS } = leido.data;
  const produccion = NODE_ENV === 'production';
  const errores = [
    ...(produccion && JWT_SECRETO === undefined ? ['JWT_SECRETO: es obligatorio con NODE_ENV=production'] : []),
    ...((ADMIN_EMAIL === undefined) !== (ADMIN_PASSWORD === undefined)
      ? ['ADMIN_EMAIL, ADMIN_PASSWORD: van juntos, o ninguno de los dos']
      : []),
    // Said only when asked for: a default of on means nothing without a Redis, and is not an error.
    ...(vacioComoAusente(entorno.CACHE_CATALOGO) === 'on' && REDIS_URL === undefined
      ? ['CACHE_CATALOGO: on necesita REDIS_URL, donde se guarda la caché']
      : []),
    // In front of Redis's, the one in process could keep what Redis has not yet been told changed (decision 0030).
    ...(CACHE_CATALOGO === 'on' && CACHE_CATALOGO_EN_PROCESO === 'on'
      ? ['CACHE_CATALOGO_EN_PROCESO: on no se combina con CACHE_CATALOGO=on; elija una de las dos cachés']
      : []),
  ];
  if (errores.length > 0) return err(errores);
  return ok({
    produccion,
    secretoDeFichas: JWT_SECRETO,
    duracionDeFichaSegundos: JWT_DURACION_SEGUNDOS,
    administrador:
      ADMIN_EMAIL === undefined || ADMIN_PASSWORD === undefined
        ? undefined
        : { email: ADMIN_EMAIL, clave: ADMIN_PASSWORD },
    puerto: PORT,
    host: HOST,
    urlDeBaseDeDatos: DATABASE_URL,
    directorioDeDatos: DATABASE_URL === undefined ? DATA_DIR : undefined,
    nivelDeRegistro: LOG_LEVEL,
    formatoDeRegistro: LOG_FORMAT ?? formatoPorDefecto(NODE_ENV, salidaEsTerminal),
    tokenDeMetricas: METRICS_TOKEN,
    origenesCors: CORS_ORIGENES,
    urlDeRedis: REDIS_URL,
    prefijoDeRedis: REDIS_PREFIJO,
    limiteDePeticiones: { cuota: LIMITE_PETICIONES, ventanaSegundos: LIMITE_VENTANA_SEGUNDOS },
    cacheDelCatalogo:
      CACHE_CATALOGO === 'on' && REDIS_URL !== undefined ? { segundos: CACHE_CATALOGO_SEGUNDOS } : undefined,
    cacheEnProceso: (CACHE_CATALOGO_EN_PROCESO ?? (CACHE_CATALOGO === 'on' ? 'off' : 'on')) === 'on',
    secretoDeWebhookDePagos: PAGOS_WEBHOOK_SECRETO,
    urlDeRabbitMq: RABBITMQ_URL,
    consumidores: CONSUMIDORES === 'on',
    retencionDeEventosDias: RETENCION_DE_EVENTOS_DIAS,
    plazoDePagoSegundos: PLAZO_DE_PAGO_SEGUNDOS,
  });
}
