/** The handlers of accounts: registering, logging in, and who the caller is. */
import { Email } from '@pedidos/domain';
import type { CasosDeUso } from '../../casos-de-uso.ts';
import { enrutador } from '../../comun/validacion.ts';
import { responderProblema } from '../../problemas.ts';
import { clienteJson } from '../clientes/json.ts';
import { cuentaJson, fichaJson } from './json.ts';
import * as rutas from './rutas.ts';

export function cuentas(casos: CasosDeUso) {
  const app = enrutador();

  app.openapi(rutas.registrarCuenta, async (c) => {
    const { nombre, email, password } = c.req.valid('json');
    return (await casos.registrarCuenta(c.var.actor, { nombre, email, clave: password })).match(
      (cliente) => c.json({ cliente: clienteJson(cliente) }, 201, { Location: `/clientes/${cliente.id}` }),
      (error) => responderProblema(c, error),
    );
  });

  // The document says the body is required, and it is: a request without one is read as an empty JSON body
  // (`cuerpoComoJson`), a 400. Mounted as not required, each validator checks only the body of its own
  // Content-Type; required, both would check every body, and a JSON one would fail the form's schema.
  const emitirFicha = {
    ...rutas.emitirFicha,
    request: { ...rutas.emitirFicha.request, body: { ...rutas.emitirFicha.request.body, required: false } },
  };
  app.openapi(emitirFicha, async (c) => {
    const formulario = /^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '');
    // Each body was checked against the schema of its own Content-Type.
    const campos = formulario ? c.req.valid('form') : c.req.valid('json');
    const dado = 'username' in campos ? campos.username : campos.email;
    const { password } = campos;
    // An email that is not an email has no account: the same 401, after the same work.
    const email = Email.crear(dado).unwrapOr(undefined);
    const resultado = await casos.emitirFicha(c.var.actor, { email, clave: password });
    return resultado.match(
      (ficha) => c.json(fichaJson(ficha), 200, { 'Cache-Control': 'no-store' }),
      (error) => responderProblema(c, error),
    );
  });

  app.openapi(rutas.miCuenta, async (c) =>
    (await casos.miCuenta(c.var.actor)).match(
      (cuenta) => c.json(cuentaJson(cuenta), 200),
      (error) => responderProblema(c, error),
    ),
  );

  return app;
}
