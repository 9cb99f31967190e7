/**
 * The patch of postgres.js 3.4.9 (`patches/postgres@3.4.9.patch`, decision
 * 0022): a `sql.begin` whose BEGIN is written onto a busy connection and fills
 * its pipeline must still reserve that connection. Unpatched, the BEGIN goes
 * out unreserved: the transaction's own statements then throw a `TypeError`
 * outside any promise (the process dies), or the BEGIN fails with
 * `UNSAFE_TRANSACTION`, and the connection, in a transaction on the server,
 * goes back to the pool for other requests' statements. The bench's placement
 * under load met it.
 *
 * `max_pipeline: 2` puts the boundary where one statement in flight and one
 * queued behind it reach it; the service's pool (100) reaches it under load.
 * A server only: the embedded database's one session is the same code, but
 * the test needs a pool of its own.
 */
import postgres from 'postgres';
import { describe, expect, test } from 'vitest';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(url === undefined)('postgres.js, as patched', () => {
  test('a BEGIN that fills a busy connection’s pipeline keeps the connection to its transaction', async () => {
    // `max_pipeline` is an option of the code (src/index.js) that its types leave out.
    const opciones = { max: 1, max_pipeline: 2, onnotice: () => {} };
    const sql = postgres(url ?? '', opciones);
    try {
      await sql`SELECT 1`;
      // One statement in flight and one queued behind it, then the BEGIN: the third on the one connection.
      const enVuelo = sql`SELECT pg_sleep(0.1)`.execute();
      const detras = sql`SELECT 1`.execute();
      const transaccion = sql.begin(async (tx) => {
        const [fila] = await tx<{ txid: string }[]>`SELECT txid_current()::text AS txid`;
        await new Promise((resolver) => setTimeout(resolver, 200));
        const [otra] = await tx<{ txid: string }[]>`SELECT txid_current()::text AS txid`;
        return [fila?.txid, otra?.txid];
      });
      // Asked while the transaction is open: it must wait for it, and run outside it.
      await new Promise((resolver) => setTimeout(resolver, 150));
      const fuera = sql<{ txid: string }[]>`SELECT txid_current()::text AS txid`.execute();
      const [primera, segunda] = await transaccion;
      const [deFuera] = await fuera;
      await Promise.all([enVuelo, detras]);
      expect(primera).toBeDefined();
      expect(segunda).toBe(primera);
      expect(deFuera?.txid).not.toBe(primera);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
