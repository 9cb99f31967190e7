import type { BaseDeDatosNoDisponible } from '@pedidos/domain';
import { err, type Result, ResultAsync } from 'neverthrow';
import postgres from 'postgres';

export const noDisponible: BaseDeDatosNoDisponible = { kind: 'BaseDeDatosNoDisponible' };

/** The `code` of an error that has one: a system call's (`ENOENT`) or PostgreSQL's (`40001`). */
export function codigoDeError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function esViolacionDeUnicidad(error: unknown, restriccion: string): boolean {
  return error instanceof postgres.PostgresError && error.code === '23505' && error.constraint_name === restriccion;
}

/** A deadlock or a serialization failure: the transaction may simply be run again. */
export function esConflictoPasajero(error: unknown): boolean {
  const c = codigoDeError(error);
  return c === '40P01' || c === '40001';
}

/**
 * The database cannot be reached or went away: refused or reset connections,
 * a server shutting down, too many clients. Nothing was committed.
 */
export function esFaltaDeConexion(error: unknown): boolean {
  const c = codigoDeError(error);
  if (c === undefined) return false;
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENOTFOUND',
      'EPIPE',
      'CONNECT_TIMEOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
    ].includes(c) ||
    c.startsWith('08') || // connection exception
    c === '57P01' || // admin shutdown
    c === '57P02' || // crash shutdown
    c === '57P03' || // cannot connect now
    c === '53300' // too many connections
  );
}

/**
 * Runs database work as a `ResultAsync`. A lost connection becomes the
 * `BaseDeDatosNoDisponible` value; any other failure is unexpected and rejects.
 */
export function consultar<T, E>(trabajo: () => Promise<Result<T, E>>): ResultAsync<T, E | BaseDeDatosNoDisponible> {
  return new ResultAsync(
    trabajo().catch((error: unknown): Result<T, E | BaseDeDatosNoDisponible> => {
      if (esFaltaDeConexion(error)) return err(noDisponible);
      throw error;
    }),
  );
}
