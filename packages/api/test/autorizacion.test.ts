/**
 * Who may ask for what (seguridad.md, "Who may do what"), as `autorizar` says
 * it; and the actor `identificarActor` finds in a request's token, with every
 * way a token can be wrong.
 */
import { Actor, ClienteId, CuentaId } from '@pedidos/domain';
import { actor } from '@pedidos/domain/testing';
import fc from 'fast-check';
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { describe, expect, test } from 'vitest';
import { alcance, autorizar, OPERACIONES, type Operacion } from '../src/autorizacion.ts';
import { type ConActor, identificarActor, rechazarCredencialesInvalidas } from '../src/comun/actor.ts';
import { AUDIENCIA, EMISOR, fichas } from '../src/comun/fichas.ts';

const uuid = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';
const cuentaId = CuentaId.crear(uuid)._unsafeUnwrap();
const clienteId = ClienteId.crear('0ac8ff3f-da5d-4562-b00e-3130b6799903')._unsafeUnwrap();

const PUBLICAS: readonly Operacion[] = ['registrarCuenta', 'emitirFicha', 'buscarProducto', 'listarProductos'];
const DEL_PERSONAL: readonly Operacion[] = [
  'registrarCliente',
  'listarClientes',
  'crearProducto',
  'modificarProducto',
  'pagar',
  'enviar',
  'entregar',
  'informeDeVentas',
];
/** What only the service itself asks: taking a payment notice, once its signature is good. */
const DEL_SISTEMA: readonly Operacion[] = ['recibirAvisoDePago'];

describe('autorizar', () => {
  test('names every operation once', () => {
    expect(new Set(OPERACIONES).size).toBe(OPERACIONES.length);
  });

  test('lets anyone register, log in and read the catalogue, and no one without an account do anything else', () => {
    for (const operacion of OPERACIONES) {
      const resultado = autorizar(Actor.anonimo, operacion);
      if (PUBLICAS.includes(operacion)) expect(resultado.isOk(), operacion).toBe(true);
      else expect(resultado._unsafeUnwrapErr(), operacion).toEqual({ kind: 'NoAutenticado', fichaRechazada: false });
    }
  });

  test("refuses a cliente what is for staff or the system's, with 403, and allows it the rest", () => {
    const cliente = Actor.cliente({ cuentaId, clienteId });
    for (const operacion of OPERACIONES) {
      const resultado = autorizar(cliente, operacion);
      if (DEL_PERSONAL.includes(operacion) || DEL_SISTEMA.includes(operacion))
        expect(resultado._unsafeUnwrapErr(), operacion).toEqual({ kind: 'Prohibido' });
      else expect(resultado.isOk(), operacion).toBe(true);
    }
  });

  test('allows the system every operation, and staff every one but what only the system asks (403)', () => {
    fc.assert(
      fc.property(
        actor().filter((a) => a.tipo === 'personal' || a.tipo === 'sistema'),
        fc.constantFrom(...OPERACIONES),
        (quien, operacion) => {
          const resultado = autorizar(quien, operacion);
          if (quien.tipo === 'personal' && DEL_SISTEMA.includes(operacion)) {
            expect(resultado._unsafeUnwrapErr()).toEqual({ kind: 'Prohibido' });
          } else {
            expect(resultado.isOk()).toBe(true);
          }
        },
      ),
    );
  });

  test('narrows a cliente to its own data, and nobody else', () => {
    fc.assert(
      fc.property(actor(), (quien) => {
        expect(alcance(quien)).toEqual(quien.tipo === 'cliente' ? { clienteId: quien.clienteId } : {});
      }),
    );
  });
});

describe('identificarActor', () => {
  const secreto = 'un secreto de pruebas de al menos treinta y dos bytes';
  const deFichas = fichas({ secreto, duracionSegundos: 900 });
  const app = new Hono<ConActor>()
    .use(identificarActor(deFichas))
    .use(rechazarCredencialesInvalidas)
    .get('/yo', (c) => c.json(c.var.actor));
  const pedir = (cabeceras: Record<string, string>) => app.request('/yo', { headers: cabeceras });
  const ahora = () => Math.floor(Date.now() / 1000);
  const reclamos = (extra: Record<string, unknown> = {}) => ({
    sub: uuid,
    rol: 'personal',
    iat: ahora(),
    exp: ahora() + 60,
    iss: EMISOR,
    aud: AUDIENCIA,
    ...extra,
  });
  const b64 = (valor: unknown) => Buffer.from(JSON.stringify(valor)).toString('base64url');

  test('makes a request without credentials anonymous', async () => {
    expect(await (await pedir({})).json()).toStrictEqual(Actor.anonimo);
  });

  test('reads the actor of a token it issued: staff, or a cliente with its cliente', async () => {
    const personal = await deFichas.emitir({ rol: 'personal', cuentaId }, new Date());
    expect(await (await pedir({ Authorization: `Bearer ${personal.token}` })).json()).toEqual(Actor.personal(cuentaId));
    const cliente = await deFichas.emitir({ rol: 'cliente', cuentaId, clienteId }, new Date());
    expect(await (await pedir({ Authorization: `bearer ${cliente.token}` })).json()).toEqual(
      Actor.cliente({ cuentaId, clienteId }),
    );
  });

  const rechazadas: readonly [string, () => Promise<string>][] = [
    ['another secret', () => sign(reclamos(), 'otro secreto, también de más de treinta y dos bytes', 'HS256')],
    ['another algorithm (HS512)', () => sign(reclamos(), secreto, 'HS512')],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(reclamos())}.`],
    ['another issuer', () => sign(reclamos({ iss: 'otro' }), secreto, 'HS256')],
    ['another audience', () => sign(reclamos({ aud: 'otra' }), secreto, 'HS256')],
    ['an expiry past', () => sign(reclamos({ iat: ahora() - 120, exp: ahora() - 60 }), secreto, 'HS256')],
    [
      'no expiry',
      () => {
        const { exp: _, ...sinCaducidad } = reclamos();
        return sign(sinCaducidad, secreto, 'HS256');
      },
    ],
    ['a role that does not exist', () => sign(reclamos({ rol: 'root' }), secreto, 'HS256')],
    ['a subject that is not an account id', () => sign(reclamos({ sub: 'ana' }), secreto, 'HS256')],
    ['a cliente without its cliente', () => sign(reclamos({ rol: 'cliente' }), secreto, 'HS256')],
    ['a signature changed', async () => `${(await deFichas.emitir({ rol: 'personal', cuentaId }, new Date())).token}x`],
    ['text that is no token', async () => 'garbage'],
  ];

  test.each(rechazadas)('refuses a token with %s: 401 NO_AUTENTICADO, invalid_token', async (_, token) => {
    const respuesta = await pedir({ Authorization: `Bearer ${await token()}` });
    expect(respuesta.status).toBe(401);
    expect(respuesta.headers.get('www-authenticate')).toBe('Bearer realm="pedidos", error="invalid_token"');
    expect(await respuesta.json()).toMatchObject({ code: 'NO_AUTENTICADO' });
  });

  test('refuses a token it accepted, and remembers, once its expiry has passed', async () => {
    const breve = fichas({ secreto, duracionSegundos: 1 });
    const appBreve = new Hono<ConActor>()
      .use(identificarActor(breve))
      .use(rechazarCredencialesInvalidas)
      .get('/yo', (c) => c.json(c.var.actor));
    const { token } = await breve.emitir({ rol: 'personal', cuentaId }, new Date());
    const pedirBreve = () => appBreve.request('/yo', { headers: { Authorization: `Bearer ${token}` } });
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    // Twice: the second is answered from what the first accepted.
    expect((await pedirBreve()).status).toBe(200);
    expect((await pedirBreve()).status).toBe(200);
    await new Promise((resolver) => setTimeout(resolver, exp * 1000 - Date.now() + 5));
    expect((await pedirBreve()).status).toBe(401);
  });

  test('refuses credentials of another scheme', async () => {
    const respuesta = await pedir({ Authorization: 'Basic YW5hOnNlY3JldG8=' });
    expect(respuesta.status).toBe(401);
  });
});
