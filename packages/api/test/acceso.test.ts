/**
 * Accounts and who may do what (docs/api-seguridad.md), over HTTP: registering
 * and logging in; every operation of the OpenAPI document asked without a
 * token, with a cliente's where staff's is needed, and by one cliente about
 * another's cliente or pedido (broken object-level authorization), generated
 * from the document so that a new route cannot skip them; and the fields and
 * transitions a cliente may not touch even on what is its own.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { textoOpenApi } from '../src/openapi.ts';
import {
  bases,
  CLAVE,
  type Cliente,
  type ClienteJson,
  clienteHttp,
  conServicio,
  crearProducto,
  esperarProblema,
  type PaginaDePedidosJson,
  type PedidoJson,
  pedirFicha,
  registrarse,
} from './apoyo.ts';

type Operacion = { operationId: string; security?: Record<string, string[]>[] };
const DOCUMENTO = JSON.parse(textoOpenApi()) as { paths: Record<string, Record<string, Operacion>> };
const OPERACIONES = Object.entries(DOCUMENTO.paths).flatMap(([ruta, metodos]) =>
  Object.entries(metodos).map(([metodo, operacion]) => ({ ruta, metodo: metodo.toUpperCase(), ...operacion })),
);

/** The contract's table, restated: what a cliente may not ask at all. */
const SOLO_PERSONAL = new Set([
  'POST /clientes',
  'GET /clientes',
  'POST /productos',
  'PATCH /productos/{id}',
  'PATCH /pedidos/{id}/pagar',
  'PATCH /pedidos/{id}/enviar',
  'PATCH /pedidos/{id}/entregar',
  'GET /reportes/ventas',
]);
/**
 * What no token gives access to: the payment webhook, whose caller proves who
 * it is by the notice's signature (docs/api-eventos.md); see webhook.test.ts.
 */
const FIRMADAS = new Set(['POST /pagos/webhook']);
/** What anyone may ask, token or not. */
const PUBLICAS = new Set([
  'GET /health',
  'GET /ready',
  'POST /auth/registro',
  'POST /auth/token',
  'GET /productos',
  'GET /productos/{id}',
]);

const DIRECCION = {
  destinatario: 'Ana',
  linea1: 'Calle Mayor 1',
  linea2: null,
  ciudad: 'Madrid',
  region: null,
  codigo_postal: '28013',
  pais: 'ES',
};

describe.each(bases())('accounts and authorization on $nombre', ({ url }) => {
  const entorno = conServicio(url);

  describe('registering and logging in', () => {
    test('POST /auth/registro makes the cliente and its account; its token says who it is', async () => {
      const { anonimo, servicio } = entorno();
      const email = `Reg-${randomUUID()}@Example.com`;
      const r = await anonimo.post<{ cliente: ClienteJson }>('/auth/registro', {
        nombre: ' Rita ',
        email,
        password: CLAVE,
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/clientes/${r.body.cliente.id}`);
      expect(r.body.cliente).toMatchObject({ nombre: 'Rita', email: email.toLowerCase() });
      expect(JSON.stringify(r.body)).not.toContain(CLAVE);
      const token = await pedirFicha(servicio.url, email.toUpperCase(), CLAVE);
      const yo = await clienteHttp(servicio.url, token).get('/auth/yo');
      expect(yo).toMatchObject({
        status: 200,
        body: { id: expect.any(String), email: email.toLowerCase(), rol: 'cliente', cliente_id: r.body.cliente.id },
      });
      // The account is the cliente: staff see it as any other.
      expect((await entorno().api.get(`/clientes/${r.body.cliente.id}`)).status).toBe(200);
    });

    test('a taken email is 409 EMAIL_DUPLICADO, a short or long password 422, and nothing is made', async () => {
      const { anonimo, api } = entorno();
      const email = `dup-${randomUUID()}@example.com`;
      expect((await anonimo.post('/auth/registro', { nombre: 'Uno', email, password: CLAVE })).status).toBe(201);
      esperarProblema(
        await anonimo.post('/auth/registro', { nombre: 'Dos', email, password: CLAVE }),
        409,
        'EMAIL_DUPLICADO',
      );
      // A staff account's email is taken too: one email, one account.
      const personal = (await api.get<{ email: string }>('/auth/yo')).body.email;
      esperarProblema(
        await anonimo.post('/auth/registro', { nombre: 'Cuatro', email: personal, password: CLAVE }),
        409,
        'EMAIL_DUPLICADO',
      );
      const otro = `corta-${randomUUID()}@example.com`;
      for (const password of ['x'.repeat(11), 'x'.repeat(129)]) {
        const problema = esperarProblema(
          await anonimo.post('/auth/registro', { nombre: 'Tres', email: otro, password }),
          422,
          'VALIDACION',
        );
        expect(problema.errores.map((e) => e.campo)).toEqual(['password']);
      }
      expect(((await api.get(`/clientes?nombre=Tres`)).body as { total: number }).total).toBe(0);
    });

    test('POST /auth/token takes JSON or the OAuth 2.0 password form, and answers no-store', async () => {
      const { anonimo, servicio } = entorno();
      const { cliente } = await registrarse(servicio.url);
      const json = await anonimo.post<Record<string, unknown>>('/auth/token', {
        email: cliente.email,
        password: CLAVE,
      });
      expect(json.status).toBe(200);
      expect(json.headers.get('cache-control')).toBe('no-store');
      expect(json.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
      const formulario = await anonimo.post<Record<string, unknown>>(
        '/auth/token',
        new URLSearchParams({ grant_type: 'password', username: cliente.email, password: CLAVE }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      expect(formulario.status).toBe(200);
      const token = String(formulario.body.access_token);
      expect((await clienteHttp(servicio.url, token).get('/auth/yo')).body).toMatchObject({ rol: 'cliente' });
      // The claims the contract names, and a lifetime of expires_in.
      const [, carga = ''] = token.split('.');
      const reclamos = JSON.parse(Buffer.from(carga, 'base64url').toString()) as Record<string, number | string>;
      expect(reclamos).toMatchObject({ rol: 'cliente', iss: 'pedidos', aud: 'pedidos-api', cliente_id: cliente.id });
      expect(Number(reclamos.exp) - Number(reclamos.iat)).toBe(900);
    });

    test('a wrong password and an unknown email get the same 401 CREDENCIALES_INVALIDAS', async () => {
      const { anonimo, servicio } = entorno();
      const { cliente } = await registrarse(servicio.url);
      const respuestas = [
        await anonimo.post('/auth/token', { email: cliente.email, password: 'no es la clave' }),
        await anonimo.post('/auth/token', { email: `nadie-${randomUUID()}@example.com`, password: CLAVE }),
        await anonimo.post('/auth/token', { email: 'ni siquiera un email', password: CLAVE }),
        await anonimo.post(
          '/auth/token',
          new URLSearchParams({ grant_type: 'password', username: cliente.email, password: 'x' }).toString(),
          { 'content-type': 'application/x-www-form-urlencoded' },
        ),
      ];
      const cuerpos = respuestas.map((r) => {
        esperarProblema(r, 401, 'CREDENCIALES_INVALIDAS');
        expect(r.headers.get('www-authenticate')).toBe('Bearer realm="pedidos"');
        return r.body;
      });
      for (const cuerpo of cuerpos) expect(cuerpo).toEqual(cuerpos[0]);
    });

    test('a password never appears in an answer or in the log', async () => {
      const { anonimo, lineas } = entorno();
      const clave = `clave-secreta-${randomUUID()}`;
      const email = `log-${randomUUID()}@example.com`;
      await anonimo.post('/auth/registro', { nombre: 'Log', email, password: clave });
      await anonimo.post('/auth/token', { email, password: clave });
      await anonimo.post('/auth/token', { email, password: `${clave}-no` });
      expect(lineas.filter((l) => l.includes(clave))).toEqual([]);
    });
  });

  describe('every operation of the OpenAPI document', () => {
    test('declares the bearer scheme where it reads a token, optional where anyone may ask', () => {
      for (const { metodo, ruta, security } of OPERACIONES) {
        const nombre = `${metodo} ${ruta}`;
        if (['GET /health', 'GET /ready', 'POST /auth/registro', 'POST /auth/token'].includes(nombre)) {
          expect(security ?? [], nombre).toEqual([]);
        } else if (FIRMADAS.has(nombre)) {
          // Declared empty, not left out: no scheme of the document applies.
          expect(security, nombre).toEqual([]);
        } else if (PUBLICAS.has(nombre)) {
          expect(security, nombre).toEqual([{}, { bearer: [] }]);
        } else {
          expect(security, nombre).toEqual([{ bearer: [] }]);
        }
      }
    });

    test.each(
      OPERACIONES.filter((o) => !PUBLICAS.has(`${o.metodo} ${o.ruta}`) && !FIRMADAS.has(`${o.metodo} ${o.ruta}`)),
    )('$metodo $ruta without a token is 401 NO_AUTENTICADO with WWW-Authenticate', async ({ metodo, ruta }) => {
      const { anonimo } = entorno();
      const r = await anonimo.pedir(
        metodo,
        ruta.replace(/\{[^}]+\}/g, randomUUID()),
        metodo === 'GET' ? undefined : {},
      );
      esperarProblema(r, 401, 'NO_AUTENTICADO');
      expect(r.headers.get('www-authenticate')).toBe('Bearer realm="pedidos"');
    });

    test.each(OPERACIONES.filter((o) => FIRMADAS.has(`${o.metodo} ${o.ruta}`)))(
      '$metodo $ruta without a signature is 401 FIRMA_INVALIDA, with a token of staff, of a cliente, or none',
      async ({ metodo, ruta }) => {
        const { anonimo, api, servicio } = entorno();
        const cliente = (await registrarse(servicio.url)).api;
        for (const quien of [anonimo, cliente, api]) {
          const r = await quien.pedir(metodo, ruta, {});
          esperarProblema(r, 401, 'FIRMA_INVALIDA');
          expect(r.headers.get('www-authenticate')).toBe('Pagos-Firma realm="pedidos"');
        }
      },
    );

    test.each(OPERACIONES.filter((o) => SOLO_PERSONAL.has(`${o.metodo} ${o.ruta}`)))(
      "$metodo $ruta with a cliente's token is 403 PROHIBIDO",
      async ({ metodo, ruta }) => {
        const { servicio } = entorno();
        const { api } = await registrarse(servicio.url);
        const r = await api.pedir(metodo, ruta.replace(/\{[^}]+\}/g, randomUUID()), metodo === 'GET' ? undefined : {});
        esperarProblema(r, 403, 'PROHIBIDO');
      },
    );

    test('names only staff-only operations that exist', () => {
      const todas = new Set(OPERACIONES.map((o) => `${o.metodo} ${o.ruta}`));
      for (const nombre of [...SOLO_PERSONAL, ...PUBLICAS, ...FIRMADAS]) expect(todas.has(nombre), nombre).toBe(true);
    });
  });

  describe("one cliente asking about another's cliente or pedido", () => {
    /** Ana's rows, made by staff: her cliente (an account) and a pedido of hers in carrito, and one confirmed. */
    let ana: { cliente: ClienteJson; api: Cliente; carrito: PedidoJson; confirmado: PedidoJson; producto: string };
    /** Luis, another cliente, who must see nothing of Ana's. */
    let luis: Cliente;

    beforeAll(async () => {
      const { api, servicio } = entorno();
      const registrada = await registrarse(servicio.url);
      const producto = await crearProducto(api, { stock: 100 });
      const nuevo = async () =>
        (
          await api.post<PedidoJson>('/pedidos', {
            cliente_id: registrada.cliente.id,
            items: [{ producto_id: producto.id, cantidad: 1 }],
          })
        ).body;
      const carrito = await nuevo();
      const confirmado = (await api.patch<PedidoJson>(`/pedidos/${(await nuevo()).id}/confirmar`)).body;
      ana = { ...registrada, carrito, confirmado, producto: producto.id };
      luis = (await registrarse(servicio.url)).api;
    });

    /**
     * For each operation with an id in its path, the request Luis makes about
     * Ana's row, and the 404 it must get. Every such operation of the document
     * must be here.
     */
    const ATAQUES: Record<string, () => { ruta: string; cuerpo?: unknown; esperado: [number, string] }> = {
      'GET /clientes/{id}': () => ({ ruta: `/clientes/${ana.cliente.id}`, esperado: [404, 'CLIENTE_NO_ENCONTRADO'] }),
      'PATCH /clientes/{id}': () => ({
        ruta: `/clientes/${ana.cliente.id}`,
        cuerpo: { nombre: 'Luis fue aquí' },
        esperado: [404, 'CLIENTE_NO_ENCONTRADO'],
      }),
      'GET /clientes/{id}/pedidos': () => ({
        ruta: `/clientes/${ana.cliente.id}/pedidos`,
        esperado: [404, 'CLIENTE_NO_ENCONTRADO'],
      }),
      'GET /pedidos/{id}': () => ({ ruta: `/pedidos/${ana.carrito.id}`, esperado: [404, 'PEDIDO_NO_ENCONTRADO'] }),
      'GET /pedidos/{id}/historial': () => ({
        ruta: `/pedidos/${ana.carrito.id}/historial`,
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'POST /pedidos/{id}/items': () => ({
        ruta: `/pedidos/${ana.carrito.id}/items`,
        cuerpo: { producto_id: ana.producto, cantidad: 5 },
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'PATCH /pedidos/{id}/items': () => ({
        ruta: `/pedidos/${ana.carrito.id}/items`,
        cuerpo: { producto_id: ana.producto, cantidad: 7 },
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'DELETE /pedidos/{id}/items/{producto_id}': () => ({
        ruta: `/pedidos/${ana.carrito.id}/items/${ana.producto}`,
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'PATCH /pedidos/{id}/confirmar': () => ({
        ruta: `/pedidos/${ana.carrito.id}/confirmar`,
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'PUT /pedidos/{id}/direccion-envio': () => ({
        ruta: `/pedidos/${ana.carrito.id}/direccion-envio`,
        cuerpo: DIRECCION,
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      'PATCH /pedidos/{id}/cancelar': () => ({
        ruta: `/pedidos/${ana.confirmado.id}/cancelar`,
        cuerpo: { motivo: 'Luis' },
        esperado: [404, 'PEDIDO_NO_ENCONTRADO'],
      }),
      // Staff-only: refused for the role before the row is looked at.
      'PATCH /pedidos/{id}/pagar': () => ({
        ruta: `/pedidos/${ana.confirmado.id}/pagar`,
        cuerpo: { importe_centavos: ana.confirmado.total_centavos, referencia: randomUUID() },
        esperado: [403, 'PROHIBIDO'],
      }),
      'PATCH /pedidos/{id}/enviar': () => ({
        ruta: `/pedidos/${ana.confirmado.id}/enviar`,
        cuerpo: { transportista: 'Correos', numero_seguimiento: 'PK1' },
        esperado: [403, 'PROHIBIDO'],
      }),
      'PATCH /pedidos/{id}/entregar': () => ({
        ruta: `/pedidos/${ana.confirmado.id}/entregar`,
        esperado: [403, 'PROHIBIDO'],
      }),
      'PATCH /productos/{id}': () => ({
        ruta: `/productos/${ana.producto}`,
        cuerpo: { stock: 0 },
        esperado: [403, 'PROHIBIDO'],
      }),
      // The catalogue is public: anyone reads a producto.
      'GET /productos/{id}': () => ({ ruta: `/productos/${ana.producto}`, esperado: [200, ''] }),
    };

    test('every operation with an id in its path is attacked below', () => {
      const conId = OPERACIONES.filter((o) => o.ruta.includes('{')).map((o) => `${o.metodo} ${o.ruta}`);
      expect(conId.filter((nombre) => ATAQUES[nombre] === undefined)).toEqual([]);
    });

    /** What staff see of Ana's rows: it must be the same after every attack. */
    const estadoDeAna = async () => {
      const { api } = entorno();
      return Promise.all([
        api.get(`/clientes/${ana.cliente.id}`),
        api.get(`/pedidos/${ana.carrito.id}`),
        api.get(`/pedidos/${ana.confirmado.id}`),
        api.get(`/pedidos/${ana.carrito.id}/historial?limit=100`),
        api.get(`/productos/${ana.producto}`),
      ]).then((rs) => rs.map((r) => r.body));
    };

    test.each(Object.keys(ATAQUES))(
      "%s of Ana's row by Luis: the contract's answer, and nothing changes",
      async (nombre) => {
        const ataque = ATAQUES[nombre]?.();
        if (ataque === undefined) throw new Error(nombre);
        const metodo = nombre.split(' ')[0] ?? 'GET';
        const antes = await estadoDeAna();
        const r = await luis.pedir(metodo, ataque.ruta, ataque.cuerpo);
        const [status, code] = ataque.esperado;
        if (status === 200) expect(r.status).toBe(200);
        else esperarProblema(r, status, code as 'PEDIDO_NO_ENCONTRADO');
        expect(JSON.stringify(r.body)).not.toContain(ana.cliente.email);
        expect(await estadoDeAna()).toEqual(antes);
      },
    );

    test("lists show Luis only his own: GET /pedidos, filtered or not, holds and totals none of Ana's", async () => {
      const propio = (await luis.post<PedidoJson>('/pedidos', { items: [{ producto_id: ana.producto, cantidad: 2 }] }))
        .body;
      const todos = await luis.get<PaginaDePedidosJson>('/pedidos?limit=100');
      expect(todos.body.items.map((p) => p.id)).toEqual([propio.id]);
      expect(todos.body).toMatchObject({ total: 1, total_cantidad: 2, total_centavos: propio.total_centavos });
      const deAna = await luis.get<PaginaDePedidosJson>(`/pedidos?cliente_id=${ana.cliente.id}`);
      expect(deAna.body).toMatchObject({ items: [], total: 0, total_cantidad: 0, total_centavos: 0 });
      const porProducto = await luis.get<PaginaDePedidosJson>(`/pedidos?producto_id=${ana.producto}`);
      expect(porProducto.body.items.map((p) => p.id)).toEqual([propio.id]);
    });
  });

  describe('what a cliente may not do even to its own', () => {
    test('it opens pedidos for itself only: cliente_id may be left out; another is 403, and nothing is made', async () => {
      const { api, servicio } = entorno();
      const yo = await registrarse(servicio.url);
      const otro = await registrarse(servicio.url);
      const producto = await crearProducto(api, { stock: 5 });
      const items = [{ producto_id: producto.id, cantidad: 1 }];
      const propio = await yo.api.post<PedidoJson>('/pedidos', { items });
      expect(propio.status).toBe(201);
      expect(propio.body.cliente_id).toBe(yo.cliente.id);
      expect((await yo.api.post('/pedidos', { cliente_id: yo.cliente.id, items })).status).toBe(201);
      esperarProblema(await yo.api.post('/pedidos', { cliente_id: otro.cliente.id, items }), 403, 'PROHIBIDO');
      expect((await api.get<PaginaDePedidosJson>(`/clientes/${otro.cliente.id}/pedidos`)).body.total).toBe(0);
      // Staff must say whose it is.
      const sinCliente = esperarProblema(await api.post('/pedidos', { items }), 422, 'VALIDACION');
      expect(sinCliente.errores.map((e) => e.campo)).toEqual(['cliente_id']);
    });

    test('it changes its own name, not its email: that is 403, and nothing changes', async () => {
      const { servicio } = entorno();
      const yo = await registrarse(servicio.url);
      expect((await yo.api.patch(`/clientes/${yo.cliente.id}`, { nombre: 'Nuevo nombre' })).status).toBe(200);
      esperarProblema(
        await yo.api.patch(`/clientes/${yo.cliente.id}`, { nombre: 'Otro', email: `x-${randomUUID()}@example.com` }),
        403,
        'PROHIBIDO',
      );
      expect((await yo.api.get<ClienteJson>(`/clientes/${yo.cliente.id}`)).body).toMatchObject({
        nombre: 'Nuevo nombre',
        email: yo.cliente.email,
      });
    });

    test('it cancels its own pedido while confirmado, but not once paid: a refund is for staff', async () => {
      const { api, servicio } = entorno();
      const yo = await registrarse(servicio.url);
      const producto = await crearProducto(api, { stock: 5 });
      const nuevo = async () => {
        const p = await yo.api.post<PedidoJson>('/pedidos', { items: [{ producto_id: producto.id, cantidad: 1 }] });
        return (await yo.api.patch<PedidoJson>(`/pedidos/${p.body.id}/confirmar`)).body;
      };
      const confirmado = await nuevo();
      expect((await yo.api.patch(`/pedidos/${confirmado.id}/cancelar`)).status).toBe(200);
      const pagado = await nuevo();
      const pago = { importe_centavos: pagado.total_centavos, referencia: randomUUID() };
      expect((await api.patch(`/pedidos/${pagado.id}/pagar`, pago)).status).toBe(200);
      esperarProblema(await yo.api.patch(`/pedidos/${pagado.id}/cancelar`), 403, 'PROHIBIDO');
      expect((await api.get<PedidoJson>(`/pedidos/${pagado.id}`)).body.estado).toBe('pagado');
      expect((await api.patch(`/pedidos/${pagado.id}/cancelar`)).status).toBe(200);
    });

    test('its Idempotency-Keys are its own: the same key from another account is another key', async () => {
      const { api, servicio } = entorno();
      const yo = await registrarse(servicio.url);
      const otro = await registrarse(servicio.url);
      const producto = await crearProducto(api, { stock: 5 });
      const clave = { 'Idempotency-Key': `compartida-${randomUUID()}` };
      const cuerpo = { items: [{ producto_id: producto.id, cantidad: 1 }] };
      const mio = await yo.api.post<PedidoJson>('/pedidos', cuerpo, clave);
      const suyo = await otro.api.post<PedidoJson>('/pedidos', cuerpo, clave);
      expect([mio.status, suyo.status]).toEqual([201, 201]);
      expect(suyo.headers.get('idempotency-replayed')).toBeNull();
      expect(suyo.body.cliente_id).toBe(otro.cliente.id);
      const otraVez = await yo.api.post<PedidoJson>('/pedidos', cuerpo, clave);
      expect(otraVez.headers.get('idempotency-replayed')).toBe('true');
      expect(otraVez.body.id).toBe(mio.body.id);
    });
  });
});
