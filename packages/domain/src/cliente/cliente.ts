import { Result } from 'neverthrow';
import { encadenarCambios } from '../compartido/cambios.js';
import { congelar, hecho } from '../compartido/congelar.js';
import { Email, type EmailInvalido } from '../valores/email.js';
import { ClienteId, type IdInvalido } from '../valores/id.js';
import { type InstanteInvalido, instantesGuardados } from '../valores/instante.js';
import { Nombre, type NombreInvalido } from '../valores/nombre.js';

export type Cliente = {
  readonly id: ClienteId;
  readonly nombre: Nombre;
  readonly email: Email;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
};

export type ClienteRegistrado = {
  readonly tipo: 'ClienteRegistrado';
  readonly clienteId: ClienteId;
  readonly nombre: Nombre;
  readonly email: Email;
  readonly ocurridoEn: Date;
};
export type ClienteRenombrado = {
  readonly tipo: 'ClienteRenombrado';
  readonly clienteId: ClienteId;
  readonly nombre: Nombre;
  readonly ocurridoEn: Date;
};
export type EmailDeClienteCambiado = {
  readonly tipo: 'EmailDeClienteCambiado';
  readonly clienteId: ClienteId;
  readonly email: Email;
  readonly ocurridoEn: Date;
};
export type EventoDeCliente = ClienteRegistrado | ClienteRenombrado | EmailDeClienteCambiado;

/** The new state of a cliente and what happened to it, in order. */
export type CambioDeCliente = {
  readonly cliente: Cliente;
  readonly eventos: readonly EventoDeCliente[];
};

export function registrarCliente(datos: {
  readonly id: ClienteId;
  readonly nombre: Nombre;
  readonly email: Email;
  readonly ahora: Date;
}): Result<CambioDeCliente, never> {
  const { id, nombre, email, ahora } = datos;
  const cliente: Cliente = { id, nombre, email, creadoEn: ahora, actualizadoEn: ahora };
  return hecho({
    cliente,
    eventos: [{ tipo: 'ClienteRegistrado', clienteId: id, nombre, email, ocurridoEn: ahora }],
  });
}

/** Renaming to the current name changes nothing and records nothing. */
export function renombrarCliente(cliente: Cliente, nombre: Nombre, ahora: Date): Result<CambioDeCliente, never> {
  if (nombre === cliente.nombre) return hecho({ cliente, eventos: [] });
  return hecho({
    cliente: { ...cliente, nombre, actualizadoEn: ahora },
    eventos: [{ tipo: 'ClienteRenombrado', clienteId: cliente.id, nombre, ocurridoEn: ahora }],
  });
}

/** Uniqueness of the email among clientes is the repository's to enforce. */
export function cambiarEmailDeCliente(cliente: Cliente, email: Email, ahora: Date): Result<CambioDeCliente, never> {
  if (email === cliente.email) return hecho({ cliente, eventos: [] });
  return hecho({
    cliente: { ...cliente, email, actualizadoEn: ahora },
    eventos: [{ tipo: 'EmailDeClienteCambiado', clienteId: cliente.id, email, ocurridoEn: ahora }],
  });
}

export type CambiosDeCliente = {
  readonly nombre?: Nombre;
  readonly email?: Email;
};

/** Applies every change given, in a fixed order; the events are those of each change. */
export function modificarCliente(
  cliente: Cliente,
  cambios: CambiosDeCliente,
  ahora: Date,
): Result<CambioDeCliente, never> {
  const { nombre, email } = cambios;
  const pasos: ((c: CambioDeCliente) => Result<CambioDeCliente, never>)[] = [];
  if (nombre !== undefined) pasos.push((c) => renombrarCliente(c.cliente, nombre, ahora));
  if (email !== undefined) pasos.push((c) => cambiarEmailDeCliente(c.cliente, email, ahora));
  return encadenarCambios({ cliente, eventos: [] }, pasos);
}

export type ClienteGuardado = {
  readonly id: string;
  readonly nombre: string;
  readonly email: string;
  readonly creadoEn: Date;
  readonly actualizadoEn: Date;
};

export type ErrorDeReconstitucionDeCliente = IdInvalido | NombreInvalido | EmailInvalido | InstanteInvalido;

/**
 * Rebuilds a cliente from stored primitives, checking them as if they were new;
 * the instants must be valid `Date`s.
 */
export function reconstituirCliente(guardado: ClienteGuardado): Result<Cliente, ErrorDeReconstitucionDeCliente> {
  return Result.combine([
    ClienteId.crear(guardado.id),
    Nombre.crear(guardado.nombre),
    Email.crear(guardado.email),
    instantesGuardados(guardado),
  ])
    .map(
      ([id, nombre, email, { creadoEn, actualizadoEn }]): Cliente => ({ id, nombre, email, creadoEn, actualizadoEn }),
    )
    .map(congelar);
}
