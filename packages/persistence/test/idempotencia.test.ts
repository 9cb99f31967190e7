import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  conClaveDeIdempotencia,
  podarClavesCaducadas,
  type RespuestaGuardada,
  repositorioDeClientes,
} from '../src/index.ts';
import { bases, conBaseDeDatos, nuevoCliente, valor } from './apoyo.ts';

const respuesta = (cuerpo: string): RespuestaGuardada => ({
  status: 201,
  cabeceras: [['content-type', 'application/json']],
  cuerpo,
});

/** The account whose keys these are. */
const DUENO = randomUUID();

describe.each(bases())('idempotency keys on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  it("keeps each caller's keys apart: the same key from another is another key", async () => {
    const { db } = entorno();
    const clave = randomUUID();
    const primera = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h1', async () => ({
      respuesta: respuesta('de uno'),
      guardar: true,
    }));
    expect(valor(primera)).toEqual({ kind: 'Ejecutada', respuesta: respuesta('de uno') });
    const deOtro = await conClaveDeIdempotencia(db.sql, randomUUID(), clave, 'h1', async () => ({
      respuesta: respuesta('de otro'),
      guardar: true,
    }));
    expect(valor(deOtro)).toEqual({ kind: 'Ejecutada', respuesta: respuesta('de otro') });
    const anonima = await conClaveDeIdempotencia(db.sql, '', clave, 'h1', async () => ({
      respuesta: respuesta('de nadie'),
      guardar: true,
    }));
    expect(valor(anonima)).toEqual({ kind: 'Ejecutada', respuesta: respuesta('de nadie') });
    const otraVez = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h1', async () => ({
      respuesta: respuesta('otra vez'),
      guardar: true,
    }));
    expect(valor(otraVez)).toEqual({ kind: 'Repetida', respuesta: respuesta('de uno') });
  });

  it('keeps the answer with the effect, and replays it for the same fingerprint only', async () => {
    const { db, clientes } = entorno();
    const clave = randomUUID();
    const cambio = nuevoCliente();
    const primera = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h1', async (tx) => {
      valor(await repositorioDeClientes(tx).registrar(cambio));
      return { respuesta: respuesta('uno'), guardar: true };
    });
    expect(valor(primera)).toEqual({ kind: 'Ejecutada', respuesta: respuesta('uno') });
    expect((await clientes.buscar(cambio.cliente.id)).isOk()).toBe(true);

    let corrio = false;
    const segunda = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h1', async () => {
      corrio = true;
      return { respuesta: respuesta('dos'), guardar: true };
    });
    expect(valor(segunda)).toEqual({ kind: 'Repetida', respuesta: respuesta('uno') });
    const otra = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h2', async () => {
      corrio = true;
      return { respuesta: respuesta('tres'), guardar: true };
    });
    expect(valor(otra)).toEqual({ kind: 'ClaveReutilizada' });
    expect(corrio).toBe(false);
  });

  it('keeps neither the effect nor the answer when the work fails', async () => {
    const { db, clientes } = entorno();
    const clave = randomUUID();
    const cambio = nuevoCliente();
    await expect(
      conClaveDeIdempotencia(db.sql, DUENO, clave, 'h', async (tx) => {
        valor(await repositorioDeClientes(tx).registrar(cambio));
        throw new Error('fallo después del efecto');
      }),
    ).rejects.toThrow('fallo después del efecto');
    expect((await clientes.buscar(cambio.cliente.id)).isErr()).toBe(true);
    const [fila] = await db.sql`SELECT 1 FROM claves_de_idempotencia WHERE clave = ${clave}`;
    expect(fila).toBeUndefined();
  });

  it('does not keep an answer the work says not to keep, so a retry runs again', async () => {
    const { db } = entorno();
    const clave = randomUUID();
    await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h', async () => ({
      respuesta: respuesta('503'),
      guardar: false,
    }));
    const otra = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h', async () => ({
      respuesta: respuesta('ahora sí'),
      guardar: true,
    }));
    expect(valor(otra)).toEqual({ kind: 'Ejecutada', respuesta: respuesta('ahora sí') });
  });

  it('forgets expired answers, and pruning deletes them', async () => {
    const { db } = entorno();
    const clave = randomUUID();
    await conClaveDeIdempotencia(db.sql, DUENO, clave, 'h', async () => ({
      respuesta: respuesta('viejo'),
      guardar: true,
    }));
    await db.sql`
      UPDATE claves_de_idempotencia
      SET creada_en = now() - interval '25 hours', caduca_en = now() - interval '1 hour'
      WHERE clave = ${clave}`;
    const nueva = await conClaveDeIdempotencia(db.sql, DUENO, clave, 'otra huella', async () => ({
      respuesta: respuesta('nuevo'),
      guardar: true,
    }));
    expect(valor(nueva).kind).toBe('Ejecutada');

    const vieja = randomUUID();
    await conClaveDeIdempotencia(db.sql, DUENO, vieja, 'h', async () => ({ respuesta: respuesta('x'), guardar: true }));
    await db.sql`
      UPDATE claves_de_idempotencia
      SET creada_en = now() - interval '25 hours', caduca_en = now() - interval '1 hour'
      WHERE clave = ${vieja}`;
    expect(await podarClavesCaducadas(db.sql)).toBeGreaterThanOrEqual(1);
    const [fila] = await db.sql`SELECT 1 FROM claves_de_idempotencia WHERE clave = ${vieja}`;
    expect(fila).toBeUndefined();
    const [vigente] = await db.sql`SELECT 1 FROM claves_de_idempotencia WHERE clave = ${clave}`;
    expect(vigente).toBeDefined();
  });
});
