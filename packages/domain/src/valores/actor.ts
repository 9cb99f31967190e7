import { congelar } from '../compartido/congelar.js';
import type { Marca } from '../compartido/marca.js';
import type { ClienteId, CuentaId } from './id.js';

/**
 * The name of a part of the service that acts on its own rather than for a
 * request, such as a payment webhook or a job that cancels unpaid pedidos:
 * lower-case ASCII words joined by single hyphens (`webhook-de-pagos`), at most
 * 64 characters, so that it can stand as it is in a log line or a metric label.
 */
export type NombreDeSistema = Marca<string, 'NombreDeSistema'>;

export const LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA = 64;

const NOMBRE_DE_SISTEMA = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Who asks for a use case: the subject of every authorization rule.
 *
 * - `anonimo`: no account (a request without a token).
 * - `cliente`: a cliente's account. `cuentaId` is the account, what signs in;
 *   `clienteId` is the cliente that account is, which every rule about a
 *   cliente's own pedidos compares against.
 * - `personal`: a staff account.
 * - `sistema`: the service itself, by the name of the part that acts.
 */
export type Actor =
  | { readonly tipo: 'anonimo' }
  | { readonly tipo: 'cliente'; readonly cuentaId: CuentaId; readonly clienteId: ClienteId }
  | { readonly tipo: 'personal'; readonly cuentaId: CuentaId }
  | { readonly tipo: 'sistema'; readonly nombre: NombreDeSistema };

export type TipoDeActor = Actor['tipo'];

/** The actor of one `tipo`: `ActorDe<'cliente'>` has a `clienteId`. */
export type ActorDe<T extends TipoDeActor> = Extract<Actor, { readonly tipo: T }>;

/** Actors are values: each of these returns a frozen one. */
export const Actor = {
  anonimo: congelar<ActorDe<'anonimo'>>({ tipo: 'anonimo' }),

  cliente: ({ cuentaId, clienteId }: { readonly cuentaId: CuentaId; readonly clienteId: ClienteId }) =>
    congelar<ActorDe<'cliente'>>({ tipo: 'cliente', cuentaId, clienteId }),

  personal: (cuentaId: CuentaId) => congelar<ActorDe<'personal'>>({ tipo: 'personal', cuentaId }),

  /**
   * The service acting on its own. The name is written in the code, never
   * taken from a request, so one that breaks the rule of `NombreDeSistema` is
   * a programmer error and throws a `RangeError`.
   */
  sistema(nombre: string): ActorDe<'sistema'> {
    if (nombre.length > LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA || !NOMBRE_DE_SISTEMA.test(nombre)) {
      throw new RangeError(
        `Un nombre de sistema son palabras en minúsculas ASCII unidas por guiones, de ${LONGITUD_MAXIMA_NOMBRE_DE_SISTEMA} caracteres como mucho: ${JSON.stringify(nombre)}`,
      );
    }
    return congelar<ActorDe<'sistema'>>({ tipo: 'sistema', nombre: nombre as NombreDeSistema });
  },
};
