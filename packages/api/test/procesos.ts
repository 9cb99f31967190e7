import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

export type Proceso = { readonly hijo: ChildProcess; readonly url: string };

/** Starts `pnpm start`'s program as a real child process and waits for its address. */
export async function arrancar(entorno: Record<string, string>): Promise<Proceso> {
  const hijo = spawn(process.execPath, ['--conditions=@pedidos/source', '--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...entorno },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let salida = '';
  const url = await new Promise<string>((resolver, rechazar) => {
    hijo.stdout?.on('data', (trozo: Buffer) => {
      salida += trozo.toString();
      const encontrada = /listening on (http:\/\/\S+)/.exec(salida);
      if (encontrada?.[1] !== undefined) resolver(encontrada[1]);
    });
    hijo.on('exit', (codigo) => rechazar(new Error(`the service exited with ${codigo}: ${salida}`)));
  });
  return { hijo, url };
}

export async function matar(proceso: Proceso, senal: NodeJS.Signals): Promise<void> {
  if (proceso.hijo.exitCode !== null || proceso.hijo.signalCode !== null) return;
  proceso.hijo.kill(senal);
  await once(proceso.hijo, 'exit');
}
