/**
 * The stream (eventos.md, "The stream") on the machine's RabbitMQ, each suite
 * in a vhost of its own: every committed event arrives, once or more, as the
 * contract's CloudEvent; in `secuencia` order per subject, also with two
 * relays racing on one server; and none is lost when the broker's connection
 * is cut or the relaying process is killed with SIGKILL.
 *
 * On a server, each suite has a database of its own: a relay publishes every
 * unpublished event it finds, and another suite's events would go to this
 * suite's vhost.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abrirBaseDeDatos, type BaseDeDatos } from '@pedidos/persistence';
import { describe, expect, test } from 'vitest';
import { type CloudEvent, NOMBRE_EN_EL_STREAM, TIPO_DE_CONTENIDO } from '../src/eventos/cloudevents.ts';
import { crearRegistro } from '../src/registro.ts';
import { iniciarServicio, type Servicio } from '../src/servicio.ts';
import {
  administrador,
  bases,
  CLAVES_DE_UN_CLOUDEVENT,
  type Cliente,
  clienteHttp,
  crearBasePropia,
  crearCliente,
  crearPedido,
  crearProducto,
  EN_CI,
  hasta,
  LIMITE_DE_PRUEBAS,
  type PedidoJson,
  type ProductoJson,
  pedirFicha,
} from './apoyo.ts';
import { arrancar, matar, type Proceso } from './procesos.ts';
import { abrirProxyTcp } from './proxy-tcp.ts';
import {
  ANFITRION_DE_RABBITMQ,
  COMO_TENER_RABBITMQ,
  escucharElStream,
  HAY_RABBITMQ,
  type Oyente,
  type Recibido,
  vhostDeLaSuite,
} from './rabbitmq.ts';

test.runIf(!HAY_RABBITMQ && EN_CI)('RabbitMQ is there for the tests of the stream, as CI requires', () => {
  expect.fail(`RabbitMQ not found; ${COMO_TENER_RABBITMQ}`);
});

type EnMarcha = { servicio: Servicio; api: Cliente };

async function servicioConStream(urlDeBase: string | undefined, urlDeRabbitMq: string): Promise<EnMarcha> {
  const personal = administrador();
  const servicio = await iniciarServicio(
    {
      puerto: 0,
      host: '127.0.0.1',
      urlDeBaseDeDatos: urlDeBase,
      nivelDeRegistro: 'warn',
      administrador: personal,
      limiteDePeticiones: LIMITE_DE_PRUEBAS,
      urlDeRabbitMq,
    },
    crearRegistro('silent'),
  );
  const token = await pedirFicha(servicio.url, personal.email, personal.clave);
  return { servicio, api: clienteHttp(servicio.url, token) };
}

type FilaDeEvento = {
  eventoId: string;
  tipo: string;
  agregado: 'cliente' | 'producto' | 'pedido';
  agregadoId: string;
  secuencia: number;
  ocurridoEn: Date;
  datos: Record<string, unknown>;
  publicadoEn: Date | null;
};

const filasDeEventos = (db: BaseDeDatos) =>
  db.sql<FilaDeEvento[]>`
    SELECT evento_id, tipo, agregado, agregado_id, secuencia, ocurrido_en, datos, publicado_en
    FROM eventos ORDER BY id`;

/** Waits until every one of `ids` has been received at least once. */
async function recibirTodos(oyente: Oyente, ids: Iterable<string>, plazoMs = 30_000): Promise<void> {
  const faltan = new Set(ids);
  await hasta(
    () => {
      for (const r of oyente.recibidos) faltan.delete(r.evento.id);
      return faltan.size === 0;
    },
    { plazoMs, cadaMs: 50, describir: () => `${faltan.size} events not received: ${[...faltan].slice(0, 5)}` },
  );
}

/**
 * For each subject, the `secuencia` of the events as they first arrived:
 * in order, every one of them, when the stream keeps its promise.
 */
function ordenPorSujeto(recibidos: readonly Recibido[]): Map<string, number[]> {
  const vistos = new Set<string>();
  const orden = new Map<string, number[]>();
  for (const { evento } of recibidos) {
    if (vistos.has(evento.id)) continue;
    vistos.add(evento.id);
    orden.set(evento.subject, [...(orden.get(evento.subject) ?? []), evento.secuencia]);
  }
  return orden;
}

const desde1 = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Some of every kind of change: each aggregate, a pedido through its lifecycle. */
async function cambiosDeTodoTipo(api: Cliente) {
  const cliente = await crearCliente(api);
  expect((await api.patch(`/clientes/${cliente.id}`, { nombre: 'Otro nombre' })).status).toBe(200);
  const producto = await crearProducto(api, { stock: 20, precio_centavos: 1250 });
  expect((await api.patch(`/productos/${producto.id}`, { nombre: 'Nuevo nombre', precio_centavos: 1500 })).status).toBe(
    200,
  );
  const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
  const confirmado = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
  expect(confirmado.status).toBe(200);
  const pago = { importe_centavos: confirmado.body.total_centavos, referencia: randomUUID() };
  expect((await api.patch(`/pedidos/${pedido.id}/pagar`, pago)).status).toBe(200);
  expect((await api.patch(`/pedidos/${pedido.id}/cancelar`)).status).toBe(200);
  return { cliente, producto, pedido: confirmado.body };
}

const serpiente = (clave: string) => clave.replaceAll(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);

/** What the contract says `data` is: the stored fields, every key in snake_case. */
function enSerpiente(valor: unknown): unknown {
  if (Array.isArray(valor)) return valor.map(enSerpiente);
  if (valor === null || typeof valor !== 'object') return valor;
  return Object.fromEntries(Object.entries(valor).map(([k, v]) => [serpiente(k), enSerpiente(v)]));
}

describe.skipIf(!HAY_RABBITMQ).each(bases())('the stream on $nombre', ({ url }) => {
  const vhost = vhostDeLaSuite();

  test('every committed event arrives as the contract says, its routing key its type, persistent', async () => {
    const base = await crearBasePropia(url, 'pedidos_flujo');
    const oyente = await escucharElStream(vhost().url());
    const { servicio, api } = await servicioConStream(base.url, vhost().url());
    try {
      const { cliente, pedido } = await cambiosDeTodoTipo(api);
      const filas = await filasDeEventos(servicio.baseDeDatos);
      await recibirTodos(
        oyente,
        filas.map((f) => f.eventoId),
      );
      // Marked after the broker confirmed: soon after they arrived, every one.
      await hasta(async () => (await filasDeEventos(servicio.baseDeDatos)).every((f) => f.publicadoEn !== null), {
        plazoMs: 10_000,
        cadaMs: 50,
      });

      const porId = new Map(oyente.recibidos.map((r) => [r.evento.id, r]));
      const vistos = new Set<string>();
      for (const fila of filas) {
        const recibido = porId.get(fila.eventoId);
        if (recibido === undefined) throw new Error(`not received: ${fila.tipo}`);
        const { evento } = recibido;
        const nombre = NOMBRE_EN_EL_STREAM[fila.tipo as keyof typeof NOMBRE_EN_EL_STREAM];
        const datos = enSerpiente(fila.datos) as Record<string, unknown>;
        expect(Object.keys(evento)).toEqual(CLAVES_DE_UN_CLOUDEVENT);
        expect(evento).toEqual({
          specversion: '1.0',
          id: fila.eventoId,
          source: 'urn:pedidos',
          type: `pedidos.${fila.agregado}.${nombre.nombre}`,
          subject: fila.agregadoId,
          time: fila.ocurridoEn.toISOString(),
          datacontenttype: 'application/json',
          agregado: fila.agregado,
          secuencia: fila.secuencia,
          data: nombre.cambio === undefined ? datos : { cambio: nombre.cambio, ...datos },
        } satisfies Record<keyof CloudEvent, unknown>);
        expect(recibido).toMatchObject({
          routingKey: evento.type,
          contentType: TIPO_DE_CONTENIDO,
          durable: true,
          messageId: evento.id,
        });
        vistos.add(evento.type);
      }
      expect([...vistos].sort()).toEqual(
        [
          'pedidos.cliente.registrado',
          'pedidos.cliente.modificado',
          'pedidos.producto.creado',
          'pedidos.producto.modificado',
          'pedidos.producto.stock_descontado',
          'pedidos.producto.stock_repuesto',
          'pedidos.pedido.creado',
          'pedidos.pedido.item_agregado',
          'pedidos.pedido.confirmado',
          'pedidos.pedido.pagado',
          'pedidos.pedido.cancelado',
        ].sort(),
      );
      // The fields in snake_case, the amounts exact numbers.
      const confirmado = oyente.recibidos.find((r) => r.evento.type === 'pedidos.pedido.confirmado')?.evento;
      expect(confirmado?.data).toMatchObject({ pedido_id: pedido.id, total_centavos: pedido.total_centavos });
      const renombrado = oyente.recibidos.find((r) => r.evento.type === 'pedidos.cliente.modificado')?.evento;
      expect(renombrado?.data).toEqual({ cambio: 'renombrado', cliente_id: cliente.id, nombre: 'Otro nombre' });
      expect(ordenPorSujeto(oyente.recibidos).get(pedido.id)).toEqual(
        desde1(filas.filter((f) => f.agregadoId === pedido.id).length),
      );
      const { body: metricas } = await api.get<string>('/metrics');
      expect(metricas).toMatch(/^pedidos_eventos_sin_publicar 0$/m);
      expect(metricas).toMatch(/^pedidos_eventos_fallos_de_publicacion_total 0$/m);
      const publicados = Number(/^pedidos_eventos_publicados_total (\d+)$/m.exec(metricas)?.[1]);
      expect(publicados).toBeGreaterThanOrEqual(filas.length);
    } finally {
      await servicio.detener();
      await oyente.cerrar();
      await base.borrar();
    }
  });

  test('in secuencia order per subject under concurrent changes of several aggregates (two relays on a server)', async () => {
    const base = await crearBasePropia(url, 'pedidos_flujo');
    const oyente = await escucharElStream(vhost().url());
    const uno = await servicioConStream(base.url, vhost().url());
    // On a server, two services share the database, and their relays race for its events.
    const dos = url === undefined ? uno : await servicioConStream(base.url, vhost().url());
    try {
      const productos: ProductoJson[] = [];
      for (let i = 0; i < 6; i++) productos.push(await crearProducto(uno.api, { stock: 1000 }));
      const CAMBIOS = 25;
      await Promise.all(
        productos.flatMap((producto, i) =>
          [uno, dos].map(async ({ api }, j) => {
            for (let n = 0; n < CAMBIOS; n++) {
              const r = await api.patch(`/productos/${producto.id}`, {
                stock: 100 + n * 2 + j,
                nombre: `P${i}-${j}-${n}`,
              });
              expect(r.status).toBe(200);
            }
          }),
        ),
      );
      const filas = await filasDeEventos(uno.servicio.baseDeDatos);
      await recibirTodos(
        oyente,
        filas.map((f) => f.eventoId),
        60_000,
      );
      const orden = ordenPorSujeto(oyente.recibidos);
      for (const producto of productos) {
        const suyas = filas.filter((f) => f.agregadoId === producto.id).length;
        expect(suyas).toBeGreaterThan(2 * CAMBIOS);
        expect(orden.get(producto.id)).toEqual(desde1(suyas));
      }
      const duplicados = oyente.recibidos.length - new Set(oyente.recibidos.map((r) => r.evento.id)).size;
      console.log(
        `${url === undefined ? 'pglite' : 'postgres, two relays'}: ${filas.length} events over ${productos.length} subjects, ` +
          `${duplicados} delivered twice`,
      );
    } finally {
      await Promise.all([uno.servicio.detener(), dos.servicio.detener()]);
      await oyente.cerrar();
      await base.borrar();
    }
  }, 120_000);

  test('nothing is lost when the connection to the broker is cut and comes back', async () => {
    const base = await crearBasePropia(url, 'pedidos_flujo');
    const proxy = await abrirProxyTcp({ host: ANFITRION_DE_RABBITMQ.host, puerto: ANFITRION_DE_RABBITMQ.puerto });
    const oyente = await escucharElStream(vhost().url());
    const { servicio, api } = await servicioConStream(base.url, vhost().url(proxy.puerto));
    try {
      const antes = await crearProducto(api);
      await recibirTodos(
        oyente,
        (await filasDeEventos(servicio.baseDeDatos)).map((f) => f.eventoId),
      );
      await hasta(async () => (await filasDeEventos(servicio.baseDeDatos)).every((f) => f.publicadoEn !== null), {
        plazoMs: 10_000,
        cadaMs: 20,
      });
      await proxy.cortar();
      // Changes commit while the broker is out of reach: they wait in the outbox.
      const durante: ProductoJson[] = [];
      for (let i = 0; i < 10; i++) durante.push(await crearProducto(api));
      for (const p of durante) expect((await api.patch(`/productos/${p.id}`, { stock: 3 })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const sinPublicar = (await filasDeEventos(servicio.baseDeDatos)).filter((f) => f.publicadoEn === null);
      expect(sinPublicar.length).toBe(20);
      await proxy.restaurar();
      const filas = await filasDeEventos(servicio.baseDeDatos);
      await recibirTodos(
        oyente,
        filas.map((f) => f.eventoId),
        60_000,
      );
      const orden = ordenPorSujeto(oyente.recibidos);
      for (const p of [antes, ...durante]) {
        expect(orden.get(p.id)).toEqual(desde1(filas.filter((f) => f.agregadoId === p.id).length));
      }
    } finally {
      await servicio.detener();
      await oyente.cerrar();
      await proxy.cerrar();
      await base.borrar();
    }
  }, 120_000);

  test('nothing is lost when the relaying process is killed with SIGKILL', async () => {
    const base = await crearBasePropia(url, 'pedidos_flujo');
    const directorio = url === undefined ? await mkdtemp(join(tmpdir(), 'pedidos-flujo-')) : undefined;
    const entorno: Record<string, string> = { RABBITMQ_URL: vhost().url() };
    if (base.url !== undefined) entorno.DATABASE_URL = base.url;
    if (directorio !== undefined) entorno.DATA_DIR = directorio;
    const oyente = await escucharElStream(vhost().url());
    const procesos: Proceso[] = [];
    try {
      const primero = await arrancar(entorno);
      procesos.push(primero);
      const api = clienteHttp(primero.url, primero.token);
      // Changes go on, and the relay publishes them, when the process dies.
      const creados: string[] = [];
      let vivo = true;
      const carga = (async () => {
        while (vivo) {
          try {
            const r = await api.post<ProductoJson>('/productos', {
              nombre: `K ${randomUUID()}`,
              precio_centavos: 1,
              stock: 1,
            });
            if (r.status === 201) creados.push(r.body.id);
          } catch {
            return; // the connection died with the process
          }
        }
      })();
      await hasta(() => creados.length >= 40 && oyente.recibidos.length >= 10, { plazoMs: 30_000, cadaMs: 5 });
      await matar(primero, 'SIGKILL');
      vivo = false;
      await carga;
      const recibidosAntes = new Set(oyente.recibidos.map((r) => r.evento.id)).size;

      const segundo = await arrancar(entorno);
      procesos.push(segundo);
      try {
        // Every creation acknowledged before the kill is published after the restart.
        const llegados = () =>
          new Set(
            oyente.recibidos.filter((r) => r.evento.type === 'pedidos.producto.creado').map((r) => r.evento.subject),
          );
        await hasta(() => creados.every((id) => llegados().has(id)), {
          plazoMs: 60_000,
          cadaMs: 50,
          describir: () => `${creados.filter((id) => !llegados().has(id)).length} of ${creados.length} missing`,
        });
        if (base.url !== undefined) {
          // On a server, every committed event, acknowledged or not.
          const db = await abrirBaseDeDatos({ url: base.url, maxConexiones: 1 });
          try {
            await recibirTodos(
              oyente,
              (await filasDeEventos(db)).map((f) => f.eventoId),
              60_000,
            );
          } finally {
            await db.cerrar();
          }
        }
        console.log(
          `${url === undefined ? 'pglite' : 'postgres'}: ${creados.length} creations acknowledged before SIGKILL, ` +
            `${recibidosAntes} events received before it; all received after the restart`,
        );
      } finally {
        await matar(segundo, 'SIGTERM');
      }
    } finally {
      // A test that failed half-way leaves no process behind (matar does nothing to one that exited).
      for (const proceso of procesos) await matar(proceso, 'SIGKILL');
      await oyente.cerrar();
      await base.borrar();
      if (directorio !== undefined) await rm(directorio, { recursive: true, force: true });
    }
  }, 180_000);
});
