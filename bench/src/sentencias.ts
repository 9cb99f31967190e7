/**
 * `pnpm bench:sentencias`: how many SQL statements each HTTP operation sends,
 * as PostgreSQL itself logs them with `log_statement = 'all'`.
 *
 * It makes a throwaway database on the local server (as a superuser may), sets
 * `log_statement = 'all'` on it alone, starts the service on it, makes each
 * operation once over HTTP, and counts the lines the server logged for that
 * database in the meantime: one `statement:` line per simple query and one
 * `execute` line per extended-protocol execution, BEGIN and COMMIT included.
 * The service runs with its stream's relay and consumers off (`CONSUMIDORES=off`),
 * so that what is counted is the request's own statements; `pnpm bench:relay`
 * measures the stream's. Its payment-deadline sweep still runs, and now and
 * then puts its three statements (BEGIN, the look for pedidos due, COMMIT)
 * into an operation's window: a figure 3 above the rest of its runs is that.
 * It prints a table and writes bench/results/sentencias-<instant>.json.
 *
 *   SENTENCIAS_VER   1 prints each operation's statements as the server logged them
 *   SENTENCIAS_URL   the server (default postgres://root@127.0.0.1:5432/test)
 *   SENTENCIAS_LOG   the server's log file (default: the one file in /var/log/postgresql)
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { setTimeout as esperar } from 'node:timers/promises';
import postgres from 'postgres';
import { arrancarServicio } from './servicio.ts';

const URL_DEL_SERVIDOR = process.env.SENTENCIAS_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function archivoDeRegistro(): Promise<string> {
  if (process.env.SENTENCIAS_LOG !== undefined) return process.env.SENTENCIAS_LOG;
  const archivos = (await readdir('/var/log/postgresql')).filter((a) => /^postgresql-.*\.log$/.test(a));
  if (archivos.length !== 1) throw new Error(`set SENTENCIAS_LOG: found ${archivos.join(', ') || 'no log'}`);
  return `/var/log/postgresql/${archivos[0]}`;
}

/** The bytes appended to a file since `desde`. */
async function leerDesde(ruta: string, desde: number): Promise<{ texto: string; hasta: number }> {
  const archivo = await open(ruta, 'r');
  try {
    const { size } = await archivo.stat();
    const trozo = Buffer.alloc(size - desde);
    await archivo.read(trozo, 0, trozo.length, desde);
    return { texto: trozo.toString('utf8'), hasta: size };
  } finally {
    await archivo.close();
  }
}

type Medida = { operacion: string; sentencias: number; estado: number };

async function main(): Promise<void> {
  const registro = await archivoDeRegistro();
  const base = `pedidos_sentencias_${Date.now()}`;
  const admin = postgres(URL_DEL_SERVIDOR, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${base}`);
  await admin.unsafe(`ALTER DATABASE ${base} SET log_statement = 'all'`);
  const url = new URL(URL_DEL_SERVIDOR);
  url.pathname = `/${base}`;
  const servicio = await arrancarServicio(url.href, { CONSUMIDORES: 'off' });
  const medidas: Medida[] = [];
  try {
    let posicion = (await leerDesde(registro, 0)).hasta;
    const marca = new RegExp(`@${base} LOG:  (statement|execute)`, 'g');
    const contar = async (operacion: string, hacer: () => Promise<Response>): Promise<unknown> => {
      await esperar(200); // let anything in flight be logged before the count starts
      posicion = (await leerDesde(registro, posicion)).hasta;
      const respuesta = await hacer();
      const cuerpo: unknown = await respuesta.json().catch(() => null);
      await esperar(300); // the server writes its log asynchronously
      const { texto, hasta } = await leerDesde(registro, posicion);
      posicion = hasta;
      medidas.push({ operacion, sentencias: texto.match(marca)?.length ?? 0, estado: respuesta.status });
      if (process.env.SENTENCIAS_VER === '1') console.log(`--- ${operacion}\n${texto}`);
      return cuerpo;
    };
    const enviar = (metodo: string, ruta: string, cuerpo?: unknown, cabeceras: Record<string, string> = {}) =>
      fetch(`${servicio.url}${ruta}`, {
        method: metodo,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${servicio.token}`, ...cabeceras },
        ...(cuerpo === undefined ? {} : { body: JSON.stringify(cuerpo) }),
      });
    const id = (valor: unknown): string => {
      if (typeof valor === 'object' && valor !== null && 'id' in valor && typeof valor.id === 'string') return valor.id;
      throw new Error(`no id in ${JSON.stringify(valor)}`);
    };

    const cliente = id(
      await contar('POST /clientes', () =>
        enviar('POST', '/clientes', { nombre: 'Ana', email: `ana-${randomUUID()}@example.com` }),
      ),
    );
    const productos: string[] = [];
    for (const n of [1, 2, 3]) {
      const operacion = n === 1 ? 'POST /productos' : `POST /productos (#${n}, not counted twice)`;
      productos.push(
        id(
          await contar(operacion, () =>
            enviar('POST', '/productos', { nombre: `P${n}`, precio_centavos: 1000 * n, stock: 1_000 }),
          ),
        ),
      );
    }
    const items = productos.map((producto_id) => ({ producto_id, cantidad: 2 }));
    await contar('GET /productos/{id}', () => enviar('GET', `/productos/${productos[0]}`));
    const pedido = id(
      await contar('POST /pedidos (3 items)', () => enviar('POST', '/pedidos', { cliente_id: cliente, items })),
    );
    await contar('GET /pedidos/{id}', () => enviar('GET', `/pedidos/${pedido}`));
    await contar('PATCH /pedidos/{id}/items', () =>
      enviar('PATCH', `/pedidos/${pedido}/items`, { producto_id: productos[1], cantidad: 3 }),
    );
    await contar('PATCH /pedidos/{id}/confirmar', () => enviar('PATCH', `/pedidos/${pedido}/confirmar`));
    await contar('GET /pedidos?cliente_id=', () => enviar('GET', `/pedidos?cliente_id=${cliente}`));
    const otro = id(
      await contar('POST /pedidos (3 items, Idempotency-Key)', () =>
        enviar('POST', '/pedidos', { cliente_id: cliente, items }, { 'idempotency-key': randomUUID() }),
      ),
    );
    const clave = randomUUID();
    await contar('PATCH /pedidos/{id}/confirmar (Idempotency-Key)', () =>
      enviar('PATCH', `/pedidos/${otro}/confirmar`, undefined, { 'idempotency-key': clave }),
    );
    await contar('PATCH /pedidos/{id}/confirmar (the same key, replayed)', () =>
      enviar('PATCH', `/pedidos/${otro}/confirmar`, undefined, { 'idempotency-key': clave }),
    );
    const total = 2 * 1000 + 3 * 2000 + 2 * 3000;
    await contar('PUT /pedidos/{id}/direccion-envio', () =>
      enviar('PUT', `/pedidos/${pedido}/direccion-envio`, {
        destinatario: 'Ana',
        linea1: 'Calle Mayor 1',
        linea2: null,
        ciudad: 'Madrid',
        region: null,
        codigo_postal: '28013',
        pais: 'ES',
      }),
    );
    await contar('PATCH /pedidos/{id}/pagar', () =>
      enviar('PATCH', `/pedidos/${pedido}/pagar`, { importe_centavos: total, referencia: randomUUID() }),
    );
    await contar('PATCH /pedidos/{id}/enviar', () =>
      enviar('PATCH', `/pedidos/${pedido}/enviar`, { transportista: 'Correos', numero_seguimiento: 'PK1' }),
    );
    await contar('PATCH /pedidos/{id}/entregar', () => enviar('PATCH', `/pedidos/${pedido}/entregar`));
    await contar('PATCH /pedidos/{id}/cancelar (confirmado, 3 lines restocked)', () =>
      enviar('PATCH', `/pedidos/${otro}/cancelar`, { motivo: 'duplicado' }),
    );
    await contar('GET /pedidos/{id}/historial', () => enviar('GET', `/pedidos/${pedido}/historial`));
  } finally {
    await servicio.detener();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
    await admin.end();
  }

  const ancho = Math.max(...medidas.map((m) => m.operacion.length));
  console.log(`${'operation'.padEnd(ancho)}  status  statements`);
  for (const m of medidas.filter((m) => !m.operacion.includes('not counted'))) {
    console.log(`${m.operacion.padEnd(ancho)}  ${String(m.estado).padEnd(6)}  ${m.sentencias}`);
  }
  const carpeta = new URL('../results/', import.meta.url);
  await mkdir(carpeta, { recursive: true });
  const destino = new URL(`sentencias-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, carpeta);
  await writeFile(destino, `${JSON.stringify(medidas, null, 2)}\n`);
  console.log(`wrote ${destino.pathname}`);
}

await main();
