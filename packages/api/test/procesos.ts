import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLAVE, LIMITE_DE_PRUEBAS, pedirFicha } from './apoyo.ts';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const WORKER = new URL('../src/worker.ts', import.meta.url).pathname;

export type Proceso = { readonly hijo: ChildProcess; readonly url: string; readonly token: string };

/** What every process the tests start shares: the key of its tokens and a staff account. */
export const ENTORNO_DE_CUENTAS = {
  JWT_SECRETO: 'la clave de las fichas de las pruebas, de sobra larga',
  ADMIN_EMAIL: 'personal-de-procesos@pedidos.example',
  ADMIN_PASSWORD: CLAVE,
};

/**
 * Starts `pnpm start`'s program as a real child process, waits for its
 * address, and logs in as its staff account. Its limit of requests is
 * `LIMITE_DE_PRUEBAS`'s unless `entorno` sets one.
 */
export async function arrancar(entorno: Record<string, string>): Promise<Proceso> {
  const { hijo, url } = await lanzar(MAIN, /listening on (http:\/\/\S+)/, entorno);
  return { hijo, url, token: await pedirFicha(url, ENTORNO_DE_CUENTAS.ADMIN_EMAIL, ENTORNO_DE_CUENTAS.ADMIN_PASSWORD) };
}

/** Starts `pnpm worker`'s program as a real child process, and waits for the address of its health checks. */
export async function arrancarTrabajador(
  entorno: Record<string, string>,
): Promise<{ readonly hijo: ChildProcess; readonly url: string }> {
  return lanzar(WORKER, /health at (http:\/\/\S+)\/health/, entorno);
}

async function lanzar(
  programa: string,
  direccion: RegExp,
  entorno: Record<string, string>,
): Promise<{ readonly hijo: ChildProcess; readonly url: string }> {
  const hijo = spawn(process.execPath, ['--conditions=@pedidos/source', '--import', 'tsx', programa], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LIMITE_PETICIONES: String(LIMITE_DE_PRUEBAS.cuota),
      LIMITE_VENTANA_SEGUNDOS: String(LIMITE_DE_PRUEBAS.ventanaSegundos),
      ...ENTORNO_DE_CUENTAS,
      ...entorno,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let salida = '';
  const url = await new Promise<string>((resolver, rechazar) => {
    hijo.stdout?.on('data', (trozo: Buffer) => {
      salida += trozo.toString();
      const encontrada = direccion.exec(salida);
      if (encontrada?.[1] !== undefined) resolver(encontrada[1]);
    });
    hijo.on('exit', (codigo) => rechazar(new Error(`${programa} exited with ${codigo}: ${salida}`)));
  });
  return { hijo, url };
}

export async function matar(proceso: { readonly hijo: ChildProcess }, senal: NodeJS.Signals): Promise<void> {
  if (proceso.hijo.exitCode !== null || proceso.hijo.signalCode !== null) return;
  proceso.hijo.kill(senal);
  await once(proceso.hijo, 'exit');
}
