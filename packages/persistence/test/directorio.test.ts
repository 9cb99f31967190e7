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

  test('a database that cannot start is refused, and its lock released', async () => {
    const directorio = await nuevoDirectorio();
    const db = await abrirBaseDeDatos({ directorio });
    await db.cerrar();
    // Damaged as a disk error would: PostgreSQL cannot read its control file.
    await writeFile(join(directorio, 'global', 'pg_control'), Buffer.alloc(100));
    await expect(abrirBaseDeDatos({ directorio })).rejects.toThrow();
    await expect(readFile(join(directorio, 'pedidos.lock'), 'utf8')).rejects.toThrow();
    // A new one in its place opens: nothing of the failed start holds the directory.
    await rm(directorio, { recursive: true, force: true });
    const nueva = await abrirBaseDeDatos({ directorio });
    expect(await migrar(nueva.sql)).toEqual([]);
    await nueva.cerrar();
  });
});
