/**
 * The AsyncAPI document of the stream (eventos.md, "The stream"; decision
 * 0028): it is a valid AsyncAPI 3.0 document, it is the one served and
 * committed, it has a message for every `type` the service publishes, and
 * every CloudEvent the service makes validates against its message's JSON
 * Schema as `docs/asyncapi.json` has it — events of every kind with arbitrary
 * values through the real outbox, and the events of a real lifecycle through
 * the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import {
  agregadoDe,
  ESTADOS_PEDIDO,
  type EstadoCancelable,
  type EventoDeDominio,
  type MotivoDeReembolso,
  permite,
  totalCantidad,
  totalCentavos,
} from '@pedidos/domain';
import * as arb from '@pedidos/domain/testing';
import {
  abrirBaseDeDatos,
  type BaseDeDatos,
  type EventoPorPublicar,
  insercionDeEventos,
  marcarPublicados,
  migrar,
  reclamarEventos,
} from '@pedidos/persistence';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORMATO_DE_ESQUEMA, textoAsyncApi } from '../src/asyncapi.ts';
import { type CloudEvent, cloudEvent, NOMBRE_EN_EL_STREAM, tipoDeCloudEvent } from '../src/eventos/cloudevents.ts';
import { esquemaDelSobre, esquemasPorTipo } from '../src/eventos/esquemas.ts';
import {
  bases,
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  firmaDePagos,
  type PedidoJson,
  SECRETO_DE_PAGOS,
} from './apoyo.ts';

type TipoDeEvento = EventoDeDominio['tipo'];

type Mensaje = {
  name: string;
  contentType: string;
  payload: { schemaFormat: string; schema: Record<string, unknown> };
};
type Documento = {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, Mensaje> };
};

const enDocs = await readFile(new URL('../../../docs/asyncapi.json', import.meta.url), 'utf8');
/** The committed document: what the tests check events against, so that they check the document itself. */
const documento = JSON.parse(enDocs) as Documento;

/** A validator of each message's payload, with JSON Schema draft-07 (ajv's default) and its formats. */
const ajv = addFormats.default(new Ajv({ allErrors: true, strict: true }));
const validadores = new Map<string, ValidateFunction>(
  Object.entries(documento.components.messages).map(([type, mensaje]) => [type, ajv.compile(mensaje.payload.schema)]),
);

/** The errors of `evento` against its type's message in the document; none when it is valid. */
function erroresDe(evento: CloudEvent | Record<string, unknown>): unknown[] {
  const validar = validadores.get(String(evento.type));
  if (validar === undefined) return [`no message for ${String(evento.type)}`];
  return validar(evento) ? [] : (validar.errors ?? ['invalid']);
}

const ESQUEMAS = esquemasPorTipo();

/** Every domain `tipo`: the table is a `Record` over them. */
const TIPOS = Object.keys(NOMBRE_EN_EL_STREAM) as TipoDeEvento[];
const agregadoDelTipo = (tipo: TipoDeEvento) => agregadoDe({ tipo } as unknown as EventoDeDominio).agregado;

describe('the document', () => {
  test('is a valid AsyncAPI 3.0.0 document: the official parser finds no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(enDocs);
    expect(document, JSON.stringify(diagnostics)).toBeDefined();
    // 0 is an error, 1 a warning; the only information is that 3.1 exists, and the contract says 3.0.
    expect(diagnostics.filter((d) => d.severity <= 1)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  }, 60_000);

  test('the parser refuses a message whose payload is not a valid draft-07 schema: the check above checks payloads', async () => {
    const roto = JSON.parse(enDocs) as Documento;
    const mensaje = roto.components.messages['pedidos.pedido.pagado'];
    if (mensaje === undefined) throw new Error('sin pedidos.pedido.pagado');
    mensaje.payload.schema = { ...mensaje.payload.schema, required: 'data' };
    const { diagnostics } = await new Parser().parse(JSON.stringify(roto));
    const errores = diagnostics.filter((d) => d.severity === 0).map((d) => d.path.join('/'));
    expect(errores).toContain('components/messages/pedidos.pedido.pagado/payload/schema/required');
  }, 60_000);

  test('docs/asyncapi.json is the generated document (`pnpm asyncapi` rewrites it)', () => {
    expect(enDocs, 'docs/asyncapi.json is stale: run `pnpm asyncapi`').toBe(textoAsyncApi());
  });

  test('has one message for each type the service publishes, and no other, each a CloudEvent in draft-07', () => {
    const publicados = new Set(TIPOS.map((tipo) => tipoDeCloudEvent(agregadoDelTipo(tipo), tipo)));
    const canal = documento.channels.eventos;
    expect(Object.keys(documento.components.messages).sort()).toEqual([...publicados].sort());
    expect(Object.keys(canal?.messages ?? {}).sort()).toEqual([...publicados].sort());
    for (const [type, mensaje] of Object.entries(documento.components.messages)) {
      expect(mensaje).toMatchObject({ name: type, contentType: 'application/cloudevents+json' });
      expect(mensaje.payload.schemaFormat).toBe(FORMATO_DE_ESQUEMA);
      expect(mensaje.payload.schema).toMatchObject({ properties: { type: { const: type } } });
    }
  });

  test('a modificado says every change it may carry in data.cambio, each once', () => {
    for (const agregado of ['producto', 'cliente'] as const) {
      const type = `pedidos.${agregado}.modificado`;
      const esperados = TIPOS.filter((t) => tipoDeCloudEvent(agregadoDelTipo(t), t) === type).map(
        (t) => NOMBRE_EN_EL_STREAM[t].cambio,
      );
      const datos = documento.components.messages[type]?.payload.schema.properties as {
        data: { oneOf: { properties: { cambio: { const: string } } }[] };
      };
      expect(datos.data.oneOf.map((o) => o.properties.cambio.const).sort()).toEqual(esperados.sort());
    }
  });
});

// ---------------------------------------------------------------- arbitrary events through the outbox

const alguno = <T>(valores: readonly T[]) => fc.constantFrom(...valores);
const MOTIVOS: readonly MotivoDeReembolso[] = ['estado_no_pagable', 'importe_incorrecto', 'referencia_de_otro_pedido'];
const ESTADOS_CANCELABLES = ESTADOS_PEDIDO.filter((e): e is EstadoCancelable => permite(e, 'cancelar'));
const positiva = () => arb.cantidad({ min: 1 });
const pago = () =>
  fc.record({
    pedidoId: arb.pedidoId(),
    importeCentavos: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
    referencia: arb.referenciaDePago(),
    metodo: arb.metodoDePago(),
  });

/**
 * Events of every domain type with arbitrary values, each made of the
 * domain's own arbitrary values within the rules of the operation that
 * records it. A `Record` over every `tipo`: a new event needs its arbitrary.
 */
const DATOS_ARBITRARIOS: {
  [T in TipoDeEvento]: fc.Arbitrary<Omit<Extract<EventoDeDominio, { tipo: T }>, 'tipo' | 'ocurridoEn'>>;
} = {
  ClienteRegistrado: fc.record({ clienteId: arb.clienteId(), nombre: arb.nombre(), email: arb.email() }),
  ClienteRenombrado: fc.record({ clienteId: arb.clienteId(), nombre: arb.nombreLargo() }),
  EmailDeClienteCambiado: fc.record({ clienteId: arb.clienteId(), email: arb.email() }),
  ProductoCreado: fc.record({
    productoId: arb.productoId(),
    nombre: arb.nombre(),
    descripcion: arb.descripcion(),
    precio: arb.dinero(),
    stock: arb.cantidad(),
    estado: arb.estadoProducto(),
  }),
  ProductoRenombrado: fc.record({ productoId: arb.productoId(), nombre: arb.nombreLargo() }),
  DescripcionDeProductoCambiada: fc.record({ productoId: arb.productoId(), descripcion: arb.descripcion() }),
  PrecioCambiado: fc.record({ productoId: arb.productoId(), precioAnterior: arb.dinero(), precio: arb.dinero() }),
  ProductoActivado: fc.record({ productoId: arb.productoId() }),
  ProductoDesactivado: fc.record({ productoId: arb.productoId() }),
  StockFijado: fc.record({ productoId: arb.productoId(), stockAnterior: arb.cantidad(), stock: arb.cantidad() }),
  StockRepuesto: fc.record({ productoId: arb.productoId(), cantidad: positiva(), stock: arb.cantidad() }),
  StockDescontado: fc.record({ productoId: arb.productoId(), cantidad: positiva(), stock: arb.cantidad() }),
  PedidoCreado: fc.record({ pedidoId: arb.pedidoId(), clienteId: arb.clienteId() }),
  ItemAgregado: fc.record({
    pedidoId: arb.pedidoId(),
    productoId: arb.productoId(),
    cantidad: positiva(),
    cantidadEnLinea: positiva(),
    precioUnitario: arb.dinero(),
  }),
  CantidadDeItemCambiada: fc.record({
    pedidoId: arb.pedidoId(),
    productoId: arb.productoId(),
    cantidadAnterior: positiva(),
    cantidad: positiva(),
  }),
  ItemQuitado: fc.record({ pedidoId: arb.pedidoId(), productoId: arb.productoId(), cantidad: positiva() }),
  DireccionDeEnvioCambiada: fc.record({ pedidoId: arb.pedidoId(), direccion: arb.direccion() }),
  // A real confirmed pedido's lines and totals.
  PedidoConfirmado: arb.pedidoConfirmado().map(({ pedido }) => ({
    pedidoId: pedido.id,
    clienteId: pedido.clienteId,
    lineas: pedido.lineas,
    totalCantidad: totalCantidad(pedido),
    totalCentavos: totalCentavos(pedido),
  })),
  PedidoPagado: pago(),
  PedidoEnviado: fc.record({
    pedidoId: arb.pedidoId(),
    transportista: arb.transportista(),
    numeroSeguimiento: arb.numeroDeSeguimiento(),
    direccion: arb.direccion(),
  }),
  PedidoEntregado: fc.record({ pedidoId: arb.pedidoId() }),
  PedidoCancelado: fc.record({
    pedidoId: arb.pedidoId(),
    motivo: arb.motivoDeCancelacion(),
    estadoAnterior: alguno(ESTADOS_CANCELABLES),
    reembolsoCentavos: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
  }),
  PagoRechazado: pago(),
  ReembolsoRequerido: fc
    .record({ pago: pago(), motivo: alguno(MOTIVOS), estado: arb.estadoPedido() })
    .map(({ pago, ...resto }) => ({ ...pago, ...resto })),
};

const eventoArbitrario = (): fc.Arbitrary<EventoDeDominio> =>
  fc.oneof(
    ...TIPOS.map((tipo) =>
      fc
        .tuple(DATOS_ARBITRARIOS[tipo] as fc.Arbitrary<object>, arb.instante())
        .map(([datos, ocurridoEn]) => ({ tipo, ...datos, ocurridoEn }) as EventoDeDominio),
    ),
  );

/** The events a real sequence of commands on a pedido records, its productos' stock events included. */
const eventosDeUnEscenario = (): fc.Arbitrary<EventoDeDominio[]> =>
  arb.escenarioDePedido({ maxComandos: 12 }).map(({ pedido: inicial, productos: catalogo, comandos }) => {
    const eventos: EventoDeDominio[] = [];
    let [pedido, productos] = [inicial, catalogo];
    for (const [i, comando] of comandos.entries()) {
      const resultado = arb.aplicarComando(pedido, productos, comando, new Date(Date.UTC(2026, 11, 1, 0, i)));
      if (resultado.isErr()) continue;
      const cambio = resultado.value;
      pedido = cambio.pedido;
      if ('productos' in cambio) {
        productos = productos.map((p) => cambio.productos.find((q) => q.id === p.id) ?? p);
      }
      eventos.push(...cambio.eventos);
    }
    return eventos;
  });

/** Writes the events to the outbox and takes them back as the relay does, claiming and marking until none is left. */
async function porElOutbox(db: BaseDeDatos, eventos: readonly EventoDeDominio[]): Promise<EventoPorPublicar[]> {
  const insercion = insercionDeEventos(db.sql, eventos, 1);
  if (insercion !== undefined) await insercion;
  const vueltos: EventoPorPublicar[] = [];
  for (;;) {
    const reclamados = await reclamarEventos(db.sql, { lote: 1000, arriendoSegundos: 60 });
    if (reclamados.length === 0) return vueltos;
    vueltos.push(...reclamados);
    await marcarPublicados(
      db.sql,
      reclamados.map((e) => e.id),
    );
  }
}

/**
 * On the embedded database only: the relay's claim takes every aggregate's
 * first unpublished event, and on a server shared with other suites it would
 * take, and mark, theirs. The JSON round trip is PostgreSQL's `jsonb` either way.
 */
describe('every CloudEvent the outbox gives back, on pglite', () => {
  let db: BaseDeDatos | undefined;
  beforeAll(async () => {
    db = await abrirBaseDeDatos({ url: undefined });
    await migrar(db.sql);
  });
  afterAll(async () => {
    await db?.cerrar();
  });
  const base = () => {
    if (db === undefined) throw new Error('sin base de datos');
    return db;
  };

  test('validates against its type’s JSON Schema in docs/asyncapi.json, for events of every type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventoArbitrario(), { minLength: 1, maxLength: 8 }),
        eventosDeUnEscenario(),
        async (arbitrarios, delEscenario) => {
          const eventos = [...arbitrarios, ...delEscenario];
          const vueltos = await porElOutbox(base(), eventos);
          expect(vueltos).toHaveLength(eventos.length);
          for (const evento of vueltos.map(cloudEvent)) {
            expect(erroresDe(evento), evento.type).toEqual([]);
            // The zod schema the document was made from, for consumers in this code base, takes it too.
            const esquema = ESQUEMAS.get(evento.type);
            if (esquema === undefined) throw new Error(`sin esquema para ${evento.type}`);
            expect(esquemaDelSobre(evento.type, esquema).safeParse(evento).error).toBeUndefined();
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  test('a schema is exact: a field missing, an unknown one, a negative amount or a malformed id is refused', async () => {
    const [evento] = (
      await porElOutbox(base(), [
        {
          tipo: 'PedidoPagado',
          pedidoId: randomUUID() as never,
          importeCentavos: 4649n,
          referencia: 'ch_1' as never,
          metodo: 'tarjeta' as never,
          ocurridoEn: new Date(),
        },
      ])
    ).map(cloudEvent);
    if (evento === undefined) throw new Error('sin evento');
    expect(erroresDe(evento)).toEqual([]);
    const { referencia: _, ...sinReferencia } = evento.data;
    for (const data of [
      sinReferencia,
      { ...evento.data, extra: 1 },
      { ...evento.data, importe_centavos: -1 },
      { ...evento.data, importe_centavos: 46.5 },
      { ...evento.data, importe_centavos: '4649' },
      { ...evento.data, pedido_id: 'no-es-un-uuid' },
      { ...evento.data, referencia: ' ch_1' },
    ]) {
      expect(erroresDe({ ...evento, data }), JSON.stringify(data)).not.toEqual([]);
    }
    for (const cambio of [{ secuencia: 0 }, { agregado: 'producto' }, { time: '2026-12-01' }, { source: 'x' }]) {
      expect(erroresDe({ ...evento, ...cambio }), JSON.stringify(cambio)).not.toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- a real lifecycle through the HTTP API

const DIRECCION = {
  destinatario: 'Ana Pérez',
  linea1: 'Calle Mayor 1',
  linea2: null,
  ciudad: 'Madrid',
  region: null,
  codigo_postal: '28013',
  pais: 'ES',
};

async function ok<T>(respuesta: Promise<{ status: number; body: T }>, ...estados: number[]): Promise<T> {
  const r = await respuesta;
  expect(estados.length === 0 ? [200, 201] : estados, JSON.stringify(r.body)).toContain(r.status);
  return r.body;
}

async function avisar(api: Cliente, aviso: Record<string, unknown>) {
  const texto = JSON.stringify(aviso);
  return ok(
    api.post('/pagos/webhook', texto, { 'content-type': 'application/json', 'pagos-firma': firmaDePagos(texto) }),
  );
}

/**
 * Every kind of change the API makes: the catalogue, a cliente, and pedidos
 * through every state. Returns the ids of the aggregates it changed.
 */
async function unCicloCompleto(api: Cliente): Promise<string[]> {
  const cliente = await crearCliente(api);
  await ok(api.patch(`/clientes/${cliente.id}`, { nombre: 'Otro nombre', email: `o-${randomUUID()}@example.com` }));
  const a = await crearProducto(api, { precio_centavos: 1250, stock: 10, descripcion: 'Una\ndescripción' });
  const b = await crearProducto(api, { precio_centavos: 300, stock: 5 });
  await ok(api.patch(`/productos/${b.id}`, { nombre: 'B renombrado', descripcion: 'Nueva', precio_centavos: 350 }));
  await ok(api.patch(`/productos/${b.id}`, { estado: 'inactivo', stock: 7 }));
  await ok(api.patch(`/productos/${b.id}`, { estado: 'activo' }));

  const pedido = await crearPedido(api, cliente.id, [{ producto_id: a.id, cantidad: 1 }]);
  const ruta = `/pedidos/${pedido.id}`;
  const ids = [cliente.id, a.id, b.id, pedido.id];
  await ok(api.post(`${ruta}/items`, { producto_id: b.id, cantidad: 2 }));
  await ok(api.patch(`${ruta}/items`, { producto_id: a.id, cantidad: 3 }));
  await ok(api.delete(`${ruta}/items/${b.id}`));
  await ok(api.pedir('PUT', `${ruta}/direccion-envio`, DIRECCION));
  const confirmado = await ok<PedidoJson>(api.patch(`${ruta}/confirmar`));
  await avisar(api, {
    id: `evt_${randomUUID()}`,
    tipo: 'pago.rechazado',
    pedido_id: pedido.id,
    importe_centavos: confirmado.total_centavos,
    referencia: `ch_${randomUUID()}`,
    metodo: 'tarjeta',
  });
  await ok(
    api.patch(`${ruta}/pagar`, { importe_centavos: confirmado.total_centavos, referencia: `r-${randomUUID()}` }),
  );
  await avisar(api, {
    id: `evt_${randomUUID()}`,
    tipo: 'pago.aprobado',
    pedido_id: pedido.id,
    importe_centavos: confirmado.total_centavos,
    referencia: `ch_${randomUUID()}`,
    metodo: 'tarjeta',
  });
  await ok(api.patch(`${ruta}/enviar`, { transportista: 'Correos', numero_seguimiento: 'PK1' }));
  await ok(api.patch(`${ruta}/entregar`));

  for (const hasta of ['carrito', 'confirmado', 'pagado'] as const) {
    const otro = await crearPedido(api, cliente.id, [{ producto_id: a.id, cantidad: 1 }]);
    const r = `/pedidos/${otro.id}`;
    if (hasta !== 'carrito') {
      const c = await ok<PedidoJson>(api.patch(`${r}/confirmar`));
      if (hasta === 'pagado') {
        await ok(api.patch(`${r}/pagar`, { importe_centavos: c.total_centavos, referencia: `r-${randomUUID()}` }));
      }
    }
    await ok(api.patch(`${r}/cancelar`, hasta === 'carrito' ? undefined : { motivo: `  cancelado desde ${hasta}  ` }));
    ids.push(otro.id);
  }
  return ids;
}

describe.each(bases())('the events of a real lifecycle through the API, on $nombre', ({ url }) => {
  const entorno = conServicio(url, { secretoDeWebhookDePagos: SECRETO_DE_PAGOS });

  test('GET /asyncapi.json is the document, the same as docs/asyncapi.json, uncached and public', async () => {
    const { anonimo } = entorno();
    const r = await anonimo.get('/asyncapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(`${JSON.stringify(r.body, null, 2)}\n`).toBe(enDocs);
    expect((await anonimo.pedir('DELETE', '/asyncapi.json')).headers.get('allow')).toBe('GET, HEAD');
  });

  test('every stored event, as the stream sends it, validates against docs/asyncapi.json', async () => {
    const { api, servicio } = entorno();
    const ids = await unCicloCompleto(api);
    const filas = await servicio.baseDeDatos.sql<Omit<EventoPorPublicar, 'intentos'>[]>`
      SELECT id, evento_id, tipo, agregado, agregado_id, secuencia, ocurrido_en, datos
      FROM eventos WHERE agregado_id = ANY(${ids}::uuid[]) ORDER BY id`;
    const eventos = filas.map((fila) => cloudEvent({ ...fila, intentos: 1 }));
    for (const evento of eventos)
      expect(erroresDe(evento), `${evento.type} ${JSON.stringify(evento.data)}`).toEqual([]);
    const vistos = new Set(eventos.map((e) => `${e.type}${'cambio' in e.data ? `/${String(e.data.cambio)}` : ''}`));
    // Every domain event, under its type and change: the lifecycle makes each kind at least once.
    const todos = TIPOS.map((t) => {
      const { cambio } = NOMBRE_EN_EL_STREAM[t];
      return `${tipoDeCloudEvent(agregadoDelTipo(t), t)}${cambio === undefined ? '' : `/${cambio}`}`;
    });
    expect([...vistos].sort()).toEqual(todos.sort());
  }, 60_000);
});
