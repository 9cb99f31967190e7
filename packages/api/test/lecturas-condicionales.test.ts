/**
 * Conditional reads (RFC 9110, section 13.1.2): `GET /pedidos/{id}`,
 * `GET /productos/{id}` and `GET /clientes/{id}` send an `ETag` and a
 * `Cache-Control`, and answer an `If-None-Match` that names the current
 * representation with `304 Not Modified`, without a body.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { leerIfNoneMatch } from '../src/comun/if-none-match.ts';
import {
  bases,
  type Cliente,
  conServicio,
  crearCliente,
  crearPedido,
  crearProducto,
  esperarProblema,
  type PedidoJson,
  type Respuesta,
} from './apoyo.ts';

/** A confirmed pedido of one line of a fresh producto, and that producto. */
async function confirmado(api: Cliente) {
  const cliente = await crearCliente(api);
  const producto = await crearProducto(api, { precio_centavos: 1250, stock: 10 });
  const pedido = await crearPedido(api, cliente.id, [{ producto_id: producto.id, cantidad: 2 }]);
  const r = await api.patch<PedidoJson>(`/pedidos/${pedido.id}/confirmar`);
  expect(r.status).toBe(200);
  return { pedido: r.body, producto };
}

/** Asserts a 304 with no body, no Content-Type, and the same ETag and Cache-Control as the 200 `de`. */
function esperarNoModificado(r: Respuesta<unknown>, de: Respuesta<unknown>) {
  expect(r.status).toBe(304);
  expect(r.body).toBe('');
  expect(r.headers.get('etag')).toBe(de.headers.get('etag'));
  expect(r.headers.get('cache-control')).toBe(de.headers.get('cache-control'));
  expect(r.headers.get('content-type')).toBeNull();
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
}

type Recurso = {
  readonly nombre: string;
  readonly cacheControl: string;
  /** Makes one, and returns its path. */
  crear(api: Cliente): Promise<string>;
  /** Changes the one at `ruta`, so that its representation is another. */
  cambiar(api: Cliente, ruta: string): Promise<void>;
};

const RECURSOS: readonly Recurso[] = [
  {
    nombre: 'producto',
    cacheControl: 'no-cache',
    crear: async (api) => `/productos/${(await crearProducto(api)).id}`,
    cambiar: async (api, ruta) => expect((await api.patch(ruta, { stock: 3 })).status).toBe(200),
  },
  {
    nombre: 'cliente',
    cacheControl: 'private, no-cache',
    crear: async (api) => `/clientes/${(await crearCliente(api)).id}`,
    cambiar: async (api, ruta) => expect((await api.patch(ruta, { nombre: 'Otro nombre' })).status).toBe(200),
  },
  {
    nombre: 'pedido',
    cacheControl: 'private, no-cache',
    crear: async (api) => `/pedidos/${(await confirmado(api)).pedido.id}`,
    cambiar: async (api, ruta) => expect((await api.patch(`${ruta}/cancelar`, { motivo: 'ya no' })).status).toBe(200),
  },
];

describe.each(bases())('conditional reads on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  describe.each(RECURSOS)('GET of a $nombre', (recurso) => {
    test('sends an ETag and its Cache-Control, and the same tag while nothing changes', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const r = await api.get(ruta);
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toMatch(/^"[\x21\x23-\x7e]+"$/);
      expect(r.headers.get('cache-control')).toBe(recurso.cacheControl);
      expect((await api.get(ruta)).headers.get('etag')).toBe(r.headers.get('etag'));
    });

    test('If-None-Match with the current tag is a 304 without a body', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const r = await api.get(ruta);
      const etag = r.headers.get('etag') ?? '';
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': etag }), r);
    });

    test('the comparison is weak: W/ before the current tag matches it', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const r = await api.get(ruta);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': `W/${r.headers.get('etag')}` }), r);
    });

    test('a list matches when any of its tags is the current one, and not otherwise', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const r = await api.get(ruta);
      const etag = r.headers.get('etag') ?? '';
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': `"otra", W/"y,z" ,${etag}, ` }), r);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': `${etag},"otra"` }), r);
      const otras = await api.get(ruta, { 'If-None-Match': `"otra", W/"x", ${etag.slice(0, -2)}"` });
      expect(otras.status).toBe(200);
      expect(otras.body).toEqual(r.body);
    });

    test('* matches whatever the current representation is', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const r = await api.get(ruta);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': '*' }), r);
    });

    test('after a change the tag is another: the old one gets a 200 with the new body, the new one a 304', async () => {
      const { api } = entorno();
      const ruta = await recurso.crear(api);
      const antes = await api.get(ruta);
      const vieja = antes.headers.get('etag') ?? '';
      await recurso.cambiar(api, ruta);
      const despues = await api.get(ruta, { 'If-None-Match': vieja });
      expect(despues.status).toBe(200);
      expect(despues.body).not.toEqual(antes.body);
      expect(despues.body).toEqual((await api.get(ruta)).body);
      const nueva = despues.headers.get('etag') ?? '';
      expect(nueva).not.toBe(vieja);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': nueva }), despues);
    });

    test('HEAD with the current tag is a 304 too', async () => {
      const { api, servicio, token } = entorno();
      const ruta = await recurso.crear(api);
      const etag = (await api.get(ruta)).headers.get('etag') ?? '';
      const r = await fetch(`${servicio.url}${ruta}`, {
        method: 'HEAD',
        headers: { 'If-None-Match': etag, authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(304);
      expect(r.headers.get('etag')).toBe(etag);
    });

    test('If-None-Match is not looked at for one that does not exist: * is still a 404', async () => {
      const { api } = entorno();
      const ruta = (await recurso.crear(api)).replace(/[^/]+$/, randomUUID());
      const r = await api.get(ruta, { 'If-None-Match': '*' });
      expect(r.status).toBe(404);
    });

    test.each(['3', 'W/3', '"3', '"a" "b"', ',', 'W/ "3"', '"3"; x'])(
      'If-None-Match: %s is not a list of entity tags: 422 VALIDACION naming it',
      async (valor) => {
        const { api } = entorno();
        const ruta = await recurso.crear(api);
        const problema = esperarProblema(await api.get(ruta, { 'If-None-Match': valor }), 422, 'VALIDACION');
        expect(problema.errores?.map((e) => e.campo)).toEqual(['If-None-Match']);
      },
    );
  });

  describe('the ETag of a pedido', () => {
    test('is its version, on the 200 and the 304 alike, and the If-Match of a change takes it', async () => {
      const { api } = entorno();
      const { pedido } = await confirmado(api);
      const ruta = `/pedidos/${pedido.id}`;
      const r = await api.get<PedidoJson>(ruta);
      expect(r.headers.get('etag')).toBe(`"${r.body.version}"`);
      expect((await api.get(ruta, { 'If-None-Match': `"${r.body.version}"` })).headers.get('etag')).toBe(
        `"${r.body.version}"`,
      );
      const cancelado = await api.patch<PedidoJson>(
        `${ruta}/cancelar`,
        {},
        { 'If-Match': r.headers.get('etag') ?? '' },
      );
      expect(cancelado.status).toBe(200);
      expect(cancelado.headers.get('etag')).toBe(`"${r.body.version + 1}"`);
    });

    test('an empty carrito is answered 304 like a confirmed pedido', async () => {
      const { api } = entorno();
      const pedido = await crearPedido(api, (await crearCliente(api)).id);
      const ruta = `/pedidos/${pedido.id}`;
      const r = await api.get(ruta);
      expect(r.headers.get('etag')).toBe(`"${pedido.version}"`);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': `"${pedido.version}"` }), r);
    });

    test('a carrito with lines is always a 200: its lines show prices that change without its version', async () => {
      const { api } = entorno();
      const producto = await crearProducto(api, { precio_centavos: 1000 });
      const pedido = await crearPedido(api, (await crearCliente(api)).id, [{ producto_id: producto.id, cantidad: 1 }]);
      const ruta = `/pedidos/${pedido.id}`;
      const antes = await api.get<PedidoJson>(ruta, { 'If-None-Match': `"${pedido.version}"` });
      expect(antes.status).toBe(200);
      expect(antes.headers.get('cache-control')).toBe('private, no-cache');
      expect((await api.get(ruta, { 'If-None-Match': '*' })).status).toBe(200);

      // The reason: the same version, and so the same ETag, with another total.
      expect((await api.patch(`/productos/${producto.id}`, { precio_centavos: 1500 })).status).toBe(200);
      const despues = await api.get<PedidoJson>(ruta, { 'If-None-Match': antes.headers.get('etag') ?? '' });
      expect(despues.status).toBe(200);
      expect(despues.headers.get('etag')).toBe(antes.headers.get('etag'));
      expect([antes.body.total_centavos, despues.body.total_centavos]).toEqual([1000, 1500]);

      // Once confirmed, the lines are frozen and the version tells the answer.
      expect((await api.patch(`${ruta}/confirmar`)).status).toBe(200);
      const confirmado = await api.get(ruta);
      esperarNoModificado(await api.get(ruta, { 'If-None-Match': confirmado.headers.get('etag') ?? '' }), confirmado);
    });
  });

  test('the tag of a producto or a cliente is that of the exact bytes of its body', async () => {
    const { api, servicio, token } = entorno();
    for (const ruta of [`/productos/${(await crearProducto(api)).id}`, `/clientes/${(await crearCliente(api)).id}`]) {
      const r = await fetch(`${servicio.url}${ruta}`, { headers: { authorization: `Bearer ${token}` } });
      const bytes = Buffer.from(await r.arrayBuffer());
      const esperada = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
      expect(r.headers.get('etag'), ruta).toBe(esperada);
    }
  });
});

describe('reading If-None-Match', () => {
  test.each([
    ['*', '*'],
    [' * ', '*'],
    ['"a"', ['"a"']],
    ['W/"a"', ['"a"']],
    ['"a", W/"b"', ['"a"', '"b"']],
    ['"a",,"b"', ['"a"', '"b"']],
    ['"a,b"', ['"a,b"']],
    ['""', ['""']],
    ['\t"a"\t,\t"b"', ['"a"', '"b"']],
  ])('%j is %j', (valor, esperado) => {
    expect(leerIfNoneMatch(valor)).toEqual(esperado);
  });

  test.each(['', ' ', ',', 'a', '"a', 'a"', '"a""b"', '"a" "b"', 'w/"a"', 'W/ "a"', '*, "a"', '"a b"', '"a"x'])(
    '%j is not an If-None-Match',
    (valor) => {
      expect(leerIfNoneMatch(valor)).toBeUndefined();
    },
  );
});
