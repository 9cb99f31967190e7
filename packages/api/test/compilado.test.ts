/**
 * What `pnpm start` and the Docker image run: the compiled JavaScript
 * (decision 0029), which every other suite, on the TypeScript source, never
 * loads. Built as `pnpm start` builds it, started with plain Node and no
 * loader on a new embedded database, it starts from the build's template (the
 * migrations found from `dist/`), serves the API and its documentation, and
 * stops on SIGTERM.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { CLAVE, pedirFicha } from './apoyo.ts';

const RAIZ = new URL('../../../', import.meta.url).pathname;
const MAIN = join(RAIZ, 'packages/api/dist/main.js');

test('built, `node dist/main.js` serves on a new embedded database and stops on SIGTERM', async () => {
  await promisify(execFile)('pnpm', ['build'], { cwd: RAIZ, timeout: 180_000 });
  const directorio = await mkdtemp(join(tmpdir(), 'pedidos-compilado-'));
  const { DATABASE_URL: _ninguna, ...entorno } = process.env;
  // No loader, no source condition: what resolves is what `dist/` and the packages' exports give.
  const hijo = spawn(process.execPath, ['--max-old-space-size=128', MAIN], {
    env: {
      ...entorno,
      DATA_DIR: directorio,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_EMAIL: 'personal-compilado@pedidos.example',
      ADMIN_PASSWORD: CLAVE,
      JWT_SECRETO: 'la clave de las fichas del servicio compilado, larga',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let salida = '';
    const url = await new Promise<string>((resolver, rechazar) => {
      hijo.stdout?.on('data', (trozo: Buffer) => {
        salida += trozo.toString();
        const encontrada = /listening on (http:\/\/\S+)/.exec(salida);
        if (encontrada?.[1] !== undefined) resolver(encontrada[1]);
      });
      hijo.on('exit', (codigo) => rechazar(new Error(`dist/main.js exited with ${codigo}: ${salida}`)));
    });
    // A copy of the build's template, every migration in it (decision 0031): `migrar`, reading them from `dist/`'s
    // package as the template's key did, finds none to apply, and the tables the requests below use are there.
    expect(salida).not.toContain('"msg":"migrations applied"');
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
    const token = await pedirFicha(url, 'personal-compilado@pedidos.example', CLAVE);
    const creado = await fetch(`${url}/productos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nombre: 'Compilado', precio_centavos: 100, stock: 1 }),
    });
    expect(creado.status).toBe(201);
    const leido = await fetch(`${url}${creado.headers.get('location')}`);
    expect(((await leido.json()) as { nombre: string }).nombre).toBe('Compilado');
    const salidaDelProceso = once(hijo, 'exit');
    hijo.kill('SIGTERM');
    expect((await salidaDelProceso)[0]).toBe(0);
  } finally {
    if (hijo.exitCode === null && hijo.signalCode === null) hijo.kill('SIGKILL');
    await rm(directorio, { recursive: true, force: true });
  }
}, 240_000);
