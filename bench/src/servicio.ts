/** The service as a child process, and the scenarios autocannon drives against it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { setTimeout as esperar } from 'node:timers/promises';
import autocannon from 'autocannon';
import { elegir, type Figuras, Muestras, tresDistintos } from './medidas.ts';

/** The compiled service, as `pnpm start` runs it once built (`pnpm bench` builds it first). */
const MAIN = new URL('../../packages/api/dist/main.js', import.meta.url).pathname;

export type ServicioEnMarcha = {
  readonly url: string;
  readonly hijo: ChildProcess;
  /** Peak resident memory of the service process so far, in MiB (Linux's VmHWM). */
  memoriaPico(): Promise<number>;
  detener(): Promise<void>;
  /** A staff token for the requests; empty when started `sinFicha`. */
  readonly token: string;
};

/** The bench's own staff account and token key: every request it sends is staff's. */
const PERSONAL = { email: 'personal-del-banco@pedidos.example', clave: 'la clave del banco de pruebas' };
const SECRETO = 'la clave de las fichas del banco de pruebas, bien larga';

async function pedirFicha(url: string): Promise<string> {
  const r = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: PERSONAL.email, password: PERSONAL.clave }),
  });
  if (r.status !== 200) throw new Error(`POST /auth/token answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { access_token: string }).access_token;
}

/**
 * Starts `pnpm start`'s program on the database (the embedded one when
 * `undefined`), as production would run it; `entorno` adds settings (the
 * catalogue cache's, for its scenarios). Unless `sinFicha`, it logs in as the
 * bench's staff account for `token`.
 */
export async function arrancarServicio(
  databaseUrl: string | undefined,
  entorno: Readonly<Record<string, string>> = {},
  { sinFicha = false }: { readonly sinFicha?: boolean } = {},
): Promise<ServicioEnMarcha> {
  const { DATABASE_URL: _suya, ...delBanco } = process.env;
  const puerto = await puertoLibre();
  const hijo = spawn(process.execPath, ['--max-old-space-size=128', MAIN], {
    env: {
      ...delBanco,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
      PORT: String(puerto),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // One account sends every request, far more than a caller is allowed: the limit is counted, never reached.
      LIMITE_PETICIONES: '1000000000',
      JWT_SECRETO: SECRETO,
      ADMIN_EMAIL: PERSONAL.email,
      ADMIN_PASSWORD: PERSONAL.clave,
      ...entorno,
    },
    // Its log to /dev/null, as a process of its own would collect it: read here, it took the bench's process (which
    // also runs the load) a share of the cores, up to a fifth of the read's figure in one pair of runs.
    // `pnpm start` with the same settings shows it.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${puerto}`;
  await hastaQueResponda(url, '/health', hijo);
  const token = sinFicha ? '' : await pedirFicha(url);
  return {
    url,
    token,
    hijo,
    memoriaPico: async () => {
      const estado = await readFile(`/proc/${hijo.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(estado)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    detener: () => detenerHijo(hijo),
  };
}

/** A port no one listens on now, for the service to take (nothing else on this machine takes ports meanwhile). */
async function puertoLibre(): Promise<number> {
  const servidor = createServer();
  servidor.listen(0, '127.0.0.1');
  await once(servidor, 'listening');
  const { port } = servidor.address() as AddressInfo;
  servidor.close();
  await once(servidor, 'close');
  return port;
}

/** Until the service answers `ruta` with a 2xx; an error if it exits first, or has not answered in a minute. */
export async function hastaQueResponda(url: string, ruta: string, hijo: ChildProcess): Promise<void> {
  const plazo = Date.now() + 60_000;
  for (;;) {
    if (hijo.exitCode !== null || hijo.signalCode !== null) {
      throw new Error(`the service exited (${hijo.exitCode ?? hijo.signalCode}) before it answered ${ruta}`);
    }
    if (Date.now() > plazo) {
      await detenerHijo(hijo);
      throw new Error(`the service did not answer ${ruta} within a minute`);
    }
    const respuesta = await fetch(`${url}${ruta}`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (respuesta?.ok === true) return;
    await esperar(5);
  }
}

/** SIGTERM, then waits for the process to exit. Safe to call twice: a second call waits for nothing. */
export async function detenerHijo(hijo: ChildProcess): Promise<void> {
  if (hijo.exitCode !== null || hijo.signalCode !== null) return;
  const salida = once(hijo, 'exit');
  hijo.kill('SIGTERM');
  await salida;
}

/**
 * The address a child (the bare floor) says it listens on, from its first
 * lines; the rest is read and dropped without being looked at. (Searching
 * everything written so far on every chunk, as the bench did with the
 * service's log until 2026-12-02, cost its process more CPU the longer a run
 * went.)
 */
export async function direccionAnunciada(hijo: ChildProcess): Promise<string> {
  const salida = hijo.stdout;
  if (salida === null) throw new Error('the service has no standard output');
  let leido = '';
  try {
    return await new Promise<string>((resolver, rechazar) => {
      salida.on('data', (trozo: Buffer) => {
        leido += trozo.toString();
        const encontrada = /listening on (http:\/\/\S+)/.exec(leido);
        if (encontrada?.[1] !== undefined) resolver(encontrada[1].replace('localhost', '127.0.0.1'));
        else if (leido.length > 1_000_000)
          rechazar(new Error('the service wrote 1 MB without saying where it listens'));
      });
      hijo.on('exit', (codigo) => rechazar(new Error(`the service exited with ${codigo}: ${leido}`)));
    });
  } finally {
    salida.removeAllListeners('data');
    salida.resume();
  }
}

const CONEXIONES = 50;

function figurasDe(resultado: autocannon.Result, rechazos: number): Figuras {
  return {
    porSegundo: resultado.requests.average,
    p50: resultado.latency.p50,
    p99: resultado.latency.p99,
    errores: resultado.errors + resultado.timeouts + resultado.non2xx - rechazos,
    rechazos,
    total: resultado.requests.total,
  };
}

/** `GET` of random paths, one request after another on each of 50 connections. */
export async function lecturas(url: string, token: string, segundos: number, ruta: () => string): Promise<Figuras> {
  const resultado = await autocannon({
    url,
    headers: { authorization: `Bearer ${token}` },
    connections: CONEXIONES,
    duration: segundos,
    requests: [{ method: 'GET', setupRequest: (peticion) => ({ ...peticion, path: ruta() }) }],
  });
  return figurasDe(resultado, 0);
}

/** The headers of a request, with a new `Idempotency-Key` when `conClaves`. */
function conClave(cabeceras: IncomingHttpHeaders | undefined, conClaves: boolean): IncomingHttpHeaders {
  return conClaves ? { ...cabeceras, 'idempotency-key': randomUUID() } : { ...cabeceras };
}

type Contexto = { pedidoId?: string | undefined; inicio?: number };

const esFaltaDeStock = (status: number, cuerpo: string) => status === 409 && cuerpo.includes('STOCK_INSUFICIENTE');

/** A placement run's figures, with the rate and p99 of its requests (each placement is two). */
export type Colocaciones = Figuras & { readonly peticionesPorSegundo: number; readonly p99PorPeticion: number };

/**
 * Placement runs of one scenario taken as one: the mean rates and the sums of
 * the counts; of the percentiles, the worse run's (they cannot be averaged
 * into a percentile, and the worse one is the one a target must hold for).
 */
export function juntas(corridas: readonly Colocaciones[]): Colocaciones {
  if (corridas.length === 0) throw new Error('ninguna corrida que juntar');
  const suma = (f: (c: Colocaciones) => number) => corridas.reduce((total, c) => total + f(c), 0);
  const media = (f: (c: Colocaciones) => number) => suma(f) / corridas.length;
  const peor = (f: (c: Colocaciones) => number) => Math.max(...corridas.map(f));
  return {
    porSegundo: media((c) => c.porSegundo),
    p50: peor((c) => c.p50),
    p99: peor((c) => c.p99),
    errores: suma((c) => c.errores),
    rechazos: suma((c) => c.rechazos),
    total: suma((c) => c.total),
    peticionesPorSegundo: media((c) => c.peticionesPorSegundo),
    p99PorPeticion: peor((c) => c.p99PorPeticion),
  };
}

/**
 * Order placement: `POST /pedidos` with three items, then `PATCH …/confirmar`,
 * on each of 50 connections (or `conexiones`). Reports placements (confirmations answered) per
 * second and the latency of a whole placement; a 409 STOCK_INSUFICIENTE once
 * the scarce stock is gone is counted as a refusal, not an error. With
 * `conClaves`, both requests carry an `Idempotency-Key` of their own.
 */
export async function colocaciones(
  url: string,
  token: string,
  segundos: number,
  clientes: readonly string[],
  productos: readonly string[],
  { conexiones = CONEXIONES, conClaves = false }: { conexiones?: number; conClaves?: boolean } = {},
): Promise<Colocaciones> {
  const muestras = new Muestras();
  let rechazos = 0;
  const inicio = performance.now();
  const resultado = await autocannon({
    url,
    connections: conexiones,
    duration: segundos,
    requests: [
      {
        method: 'POST',
        path: '/pedidos',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (peticion, contexto) => {
          const ctx = contexto as Contexto;
          ctx.inicio = performance.now();
          ctx.pedidoId = undefined;
          const items = tresDistintos(productos).map((producto_id) => ({ producto_id, cantidad: 1 }));
          const body = JSON.stringify({ cliente_id: elegir(clientes), items });
          return { ...peticion, body, headers: conClave(peticion.headers, conClaves) };
        },
        onResponse: (status, cuerpo, contexto) => {
          if (status === 201) (contexto as Contexto).pedidoId = (JSON.parse(cuerpo) as { id: string }).id;
          else if (esFaltaDeStock(status, cuerpo)) rechazos++;
          else muestras.errores++;
        },
      },
      {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (peticion, contexto) => ({
          ...peticion,
          headers: conClave(peticion.headers, conClaves),
          path: `/pedidos/${(contexto as Contexto).pedidoId ?? '00000000-0000-4000-8000-000000000000'}/confirmar`,
        }),
        onResponse: (status, cuerpo, contexto) => {
          const ctx = contexto as Contexto;
          // After a refused creation there is no pedido: that confirmation was answered 404 and counts for nothing.
          if (ctx.pedidoId === undefined) return;
          if (status === 200 && ctx.inicio !== undefined) muestras.anotar(performance.now() - ctx.inicio);
          else if (esFaltaDeStock(status, cuerpo)) rechazos++;
          else muestras.errores++;
        },
      },
    ],
  });
  const segundosReales = (performance.now() - inicio) / 1000;
  const porColocacion = muestras.figuras(segundosReales);
  return {
    ...porColocacion,
    errores: muestras.errores + resultado.errors + resultado.timeouts,
    rechazos,
    peticionesPorSegundo: resultado.requests.average,
    p99PorPeticion: resultado.latency.p99,
  };
}
