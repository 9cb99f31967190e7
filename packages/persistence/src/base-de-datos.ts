import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { codigoDeError } from './errores.ts';
import { migrar } from './migraciones.ts';
import { copiarPlantilla, hacerPlantilla, PLANTILLAS } from './plantilla.ts';

/**
 * int8 (bigint) columns come back as JavaScript numbers. This is exact: every
 * bigint the schema stores is checked to be at most 2^53 - 1.
 */
const tipos = {
  int8: {
    to: 20,
    from: [20],
    serialize: (valor: number) => String(valor),
    parse: (valor: string) => Number(valor),
  },
};

type Tipos = { int8: number };
export type Sql = postgres.Sql<Tipos>;
export type TransaccionSql = postgres.TransactionSql<Tipos>;
/** Either a connection pool or an open transaction: what a query needs. */
export type Consulta = Sql | TransaccionSql;

function conectar(url: string | undefined, opciones: Omit<postgres.Options<typeof tipos>, 'types'>): Sql {
  return url === undefined ? postgres({ ...opciones, types: tipos }) : postgres(url, { ...opciones, types: tipos });
}

/** What a listener on a channel is told (`BaseDeDatos.escuchar`). */
export type AvisosDeEscucha = {
  /** A notice on the channel, received after the commit that sent it. */
  readonly aviso: () => void;
  /**
   * `true` once `LISTEN` is in place, from when every notice sent will come;
   * `false` as soon as the connection is lost, when notices may be missed
   * until the next `true`, with the error when an attempt to listen failed.
   */
  readonly estado: (escuchando: boolean, error?: unknown) => void;
};

export type Escucha = {
  /** Stops listening and closes the connection; safe to call twice. */
  detener(): Promise<void>;
};

export type BaseDeDatos = {
  readonly sql: Sql;
  /** `postgres` when connected to a server, `pglite` when embedded. */
  readonly tipo: 'postgres' | 'pglite';
  /**
   * Listens on `canal` on a connection of its own, connected again after it
   * is lost (at once, then 100 ms more of wait after each failed attempt, at
   * most 2 s, and postgres.js's own wait to connect, at most 2 s too). A server only: the
   * embedded database is one session, and a process alone on it.
   */
  readonly escuchar?: (canal: string, avisos: AvisosDeEscucha) => Escucha;
  /** Closes the connections and, when embedded, the database itself. Safe to call twice. */
  cerrar(): Promise<void>;
};

export type OpcionesDeBaseDeDatos = {
  /** A PostgreSQL connection URL. Without one, an embedded PGlite is started. */
  readonly url?: string | undefined;
  /** Where the embedded database keeps its files; without one it lives in memory. */
  readonly directorio?: string | undefined;
  /** Connections in the pool (server only; the embedded database is a single session). */
  readonly maxConexiones?: number;
  /**
   * Where a new embedded database looks for its template (plantilla.ts): the
   * build's by default; `false` makes it with initdb always.
   */
  readonly plantillas?: URL | false;
};

/**
 * A server that cannot be reached must fail a request in seconds, not hang it:
 * after `connect_timeout` the query fails, the request is answered 503, and the
 * next request tries to connect again.
 */
const SEGUNDOS_PARA_CONECTAR = 5;

const comunes = { onnotice: () => {}, transform: postgres.camel, connect_timeout: SEGUNDOS_PARA_CONECTAR } as const;

/**
 * Opens the database: a PostgreSQL server when `url` is given, otherwise an
 * embedded PGlite served over the PostgreSQL wire protocol on a loopback port,
 * so that the same postgres.js code runs on both.
 */
export async function abrirBaseDeDatos(opciones: OpcionesDeBaseDeDatos = {}): Promise<BaseDeDatos> {
  if (opciones.url !== undefined) {
    const { url } = opciones;
    const sql = conectar(url, { ...comunes, max: opciones.maxConexiones ?? 10 });
    return {
      sql,
      tipo: 'postgres',
      escuchar: (canal, avisos) => escucharEn(url, canal, avisos),
      cerrar: unaVez(() => sql.end({ timeout: 5 })),
    };
  }
  let soltarCerrojo = async () => {};
  if (opciones.directorio !== undefined) {
    await mkdir(opciones.directorio, { recursive: true });
    soltarCerrojo = await tomarCerrojo(opciones.directorio);
  }
  try {
    const { sql, cerrar } = await abrirEmbebida(opciones.directorio, opciones.plantillas ?? PLANTILLAS);
    return {
      sql,
      tipo: 'pglite',
      cerrar: unaVez(async () => {
        await cerrar();
        await soltarCerrojo();
      }),
    };
  } catch (error) {
    await soltarCerrojo();
    throw error;
  }
}

type Embebida = { readonly sql: Sql; cerrar(): Promise<void> };

/**
 * An embedded PGlite and a postgres.js client on it. A new database in a
 * directory (one with no `PG_VERSION`) is a copy of the template in
 * `plantillas` when there is one for this code (plantilla.ts), and is made by
 * PGlite's initdb otherwise, as one in memory always is.
 */
async function abrirEmbebida(directorio: string | undefined, plantillas: URL | false): Promise<Embebida> {
  // Loaded only when embedded: a service on a server does not carry PGlite's code.
  const [{ PGlite }, { pg_trgm }, { unaccent }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite-socket'),
    directorio !== undefined && plantillas !== false ? copiarPlantilla(plantillas, directorio) : undefined,
  ]);
  const db = await PGlite.create({
    ...(directorio === undefined ? {} : { dataDir: directorio }),
    extensions: { pg_trgm, unaccent },
    // One session, and a database for one developer: PostgreSQL's defaults (128 MB of shared buffers, 100
    // connections) made the process 120 MiB bigger and its start 40% slower, zeroing memory no one uses.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'max_connections=5'],
  });
  const servidor = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await servidor.start();
  const puerto = Number(servidor.getServerConn().split(':').pop());
  // PGlite is one session: a second connection would interleave transactions.
  const sql = conectar(undefined, {
    ...comunes,
    host: '127.0.0.1',
    port: puerto,
    database: 'postgres',
    username: 'postgres',
    max: 1,
    ssl: false,
  });
  return {
    sql,
    // The order matters: closing PGlite before its server stops crashes the process.
    cerrar: unaVez(async () => {
      await sql.end({ timeout: 5 });
      await servidor.stop();
      await db.close();
    }),
  };
}

/**
 * Makes the template a new embedded database is copied from (plantilla.ts):
 * a database made by initdb in a directory and migrated, under `plantillas`
 * (the build's by default). Returns its directory. `pnpm build` runs it.
 */
export async function crearPlantilla(plantillas: URL = PLANTILLAS): Promise<string> {
  return hacerPlantilla(plantillas, async (directorio) => {
    const base = await abrirEmbebida(directorio, false);
    try {
      await migrar(base.sql);
    } finally {
      await base.cerrar();
    }
  });
}

/**
 * `LISTEN canal` on a connection of its own. (postgres.js's `sql.listen` also
 * listens again after a reconnect, but does not say when the connection was
 * lost: a listener that must know which notices it may have missed, as a
 * cache does, needs `onclose`.)
 */
function escucharEn(url: string, canal: string, avisos: AvisosDeEscucha): Escucha {
  let activa = true;
  let intentos = 0;
  let temporizador: NodeJS.Timeout | undefined;
  let enCurso = false;
  // `onnotify` is the option `sql.listen` itself is built on (postgres.js 3's src/index.js), missing from its types;
  // the suite of the catalogue's cache in process fails if it stops being called.
  const opciones: Omit<postgres.Options<typeof tipos>, 'types'> & { onnotify: (deCanal: string) => void } = {
    ...comunes,
    max: 1,
    // Its own wait before connecting again, which grows to 20 s by default, bounded as this one's retries are.
    backoff: (intento: number) => Math.min(intento * 0.1, 2),
    // Named, so that it can be told apart among the server's sessions (pg_stat_activity).
    connection: { application_name: `pedidos: LISTEN ${canal}` },
    idle_timeout: undefined,
    max_lifetime: null,
    fetch_types: false,
    onnotify: (deCanal) => {
      if (deCanal === canal) avisos.aviso();
    },
    onclose: () => {
      avisos.estado(false);
      programar();
    },
  };
  const sql = conectar(url, opciones);
  const intentar = async () => {
    enCurso = true;
    try {
      await sql.unsafe(`LISTEN "${canal.replaceAll('"', '""')}"`);
      intentos = 0;
      if (activa) avisos.estado(true);
    } catch (error) {
      intentos++;
      avisos.estado(false, error);
    } finally {
      enCurso = false;
    }
    // A connection lost while LISTEN was on its way is tried again here, once.
    if (activa && intentos > 0) programar();
  };
  function programar() {
    if (!activa || enCurso || temporizador !== undefined) return;
    temporizador = setTimeout(
      () => {
        temporizador = undefined;
        void intentar();
      },
      Math.min(100 * intentos, 2000),
    );
    temporizador.unref();
  }
  void intentar();
  return {
    detener: unaVez(async () => {
      activa = false;
      clearTimeout(temporizador);
      await sql.end({ timeout: 5 });
    }),
  };
}

/** The data directory of an embedded database is held by another live process. */
export class DirectorioEnUso extends Error {
  constructor(
    readonly directorio: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${directorio} is in use by process ${pid}. ` +
        'Stop that process or choose another DATA_DIR: two processes on one PGlite directory would corrupt it.',
    );
    this.name = 'DirectorioEnUso';
  }
}

/**
 * PGlite is a single process and does not lock its data directory, so two
 * services started on the same directory would both write to it. A lock file
 * holding the owner's pid prevents that; a lock left by a process that no
 * longer exists (killed with SIGKILL, say) is taken over.
 */
async function tomarCerrojo(directorio: string): Promise<() => Promise<void>> {
  const ruta = join(directorio, 'pedidos.lock');
  for (let intento = 0; intento < 2; intento++) {
    try {
      const archivo = await open(ruta, 'wx');
      await archivo.writeFile(String(process.pid));
      await archivo.close();
      return () => rm(ruta, { force: true });
    } catch (error) {
      if (codigoDeError(error) !== 'EEXIST') throw error;
      const pid = Number((await readFile(ruta, 'utf8').catch(() => '')).trim());
      // Our own pid in the file is a leftover from an earlier life under the
      // same pid, as when a container restarts as pid 1.
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && procesoVivo(pid)) {
        throw new DirectorioEnUso(directorio, pid);
      }
      await rm(ruta, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${ruta}`);
}

function procesoVivo(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return codigoDeError(error) === 'EPERM';
  }
}

function unaVez(accion: () => Promise<void>): () => Promise<void> {
  let hecho: Promise<void> | undefined;
  return () => {
    hecho ??= accion();
    return hecho;
  };
}
