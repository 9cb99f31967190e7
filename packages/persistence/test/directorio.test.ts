import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { abrirBaseDeDatos, DirectorioEnUso, migrar } from '../src/index.ts';

describe('an embedded database in a directory', () => {
  const directorios: string[] = [];
  const nuevoDirectorio = async () => {
    const directorio = await mkdtemp(join(tmpdir(), 'pedidos-pglite-'));
    directorios.push(directorio);
    return directorio;
  };
  afterEach(async () => {
    for (const d of directorios.splice(0)) await rm(d, { recursive: true, force: true });
  });

  test('keeps its data across a close and a reopen', async () => {
    const directorio = await nuevoDirectorio();
    const primera = await abrirBaseDeDatos({ directorio });
    await migrar(primera.sql);
    await primera.sql`insert into clientes values (gen_random_uuid(), 'Persistente', 'p@example.com', now(), now())`;
    await primera.cerrar();

    const segunda = await abrirBaseDeDatos({ directorio });
    try {
      expect(await migrar(segunda.sql)).toEqual([]);
      const [fila] = await segunda.sql<{ nombre: string }[]>`select nombre from clientes`;
      expect(fila?.nombre).toBe('Persistente');
    } finally {
      await segunda.cerrar();
    }
  });

  test("refuses to open while another live process holds it, and takes over a dead one's lock", async () => {
    const directorio = await nuevoDirectorio();
    const otro = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      await writeFile(join(directorio, 'pedidos.lock'), String(otro.pid));
      await expect(abrirBaseDeDatos({ directorio })).rejects.toBeInstanceOf(DirectorioEnUso);
    } finally {
      otro.kill('SIGKILL');
      await once(otro, 'exit');
    }
    // The holder is gone: its lock is stale.
    const db = await abrirBaseDeDatos({ directorio });
    expect(await readFile(join(directorio, 'pedidos.lock'), 'utf8')).toBe(String(process.pid));
    await db.cerrar();
    await expect(readFile(join(directorio, 'pedidos.lock'), 'utf8')).rejects.toThrow();
  });
});
