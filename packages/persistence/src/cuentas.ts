/**
 * Accounts: who may log in, with which role, and the hash of their password
 * (migration 0007). A `cliente` account is a cliente and logs in with that
 * cliente's current email; a `personal` account has an email of its own.
 */
import type {
  BaseDeDatosNoDisponible,
  CambioDeCliente,
  Cliente,
  ClienteId,
  CuentaId,
  Email,
  EmailDuplicado,
} from '@pedidos/domain';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { Consulta } from './base-de-datos.ts';
import { consultar, esViolacionDeUnicidad } from './errores.ts';
import { insercionDeEventos } from './eventos.ts';
import { enTransaccion } from './transacciones.ts';

export type Rol = 'cliente' | 'personal';

export type Cuenta =
  | { readonly id: CuentaId; readonly rol: 'cliente'; readonly clienteId: ClienteId; readonly email: Email }
  | { readonly id: CuentaId; readonly rol: 'personal'; readonly email: Email };

/** An account with the hash its password is checked against. */
export type Credenciales = { readonly cuenta: Cuenta; readonly hashDeClave: string };

/** A new account's own data: its id, its password's hash (argon2id, PHC string), when it was made. */
export type NuevaCuenta = { readonly id: CuentaId; readonly hashDeClave: string; readonly creadaEn: Date };

export interface RepositorioDeCuentas {
  /**
   * Registers a cliente and its account together, or neither: an email that a
   * cliente or a staff account already has is `EmailDuplicado`.
   */
  registrarCliente(
    cambio: CambioDeCliente,
    cuenta: NuevaCuenta,
  ): ResultAsync<Cliente, EmailDuplicado | BaseDeDatosNoDisponible>;
  /**
   * Creates a staff account unless an account or a cliente already has that
   * email; never changes an existing one. Answers whether it created it.
   */
  crearPersonal(email: Email, cuenta: NuevaCuenta): ResultAsync<boolean, BaseDeDatosNoDisponible>;
  /** The account that logs in with this email, if any, with its hash. */
  credenciales(email: Email): ResultAsync<Credenciales | undefined, BaseDeDatosNoDisponible>;
  buscar(id: CuentaId): ResultAsync<Cuenta | undefined, BaseDeDatosNoDisponible>;
}

type FilaCuenta = { id: string; rol: string; clienteId: string | null; email: string; hashDeClave: string };

function aCredenciales(fila: FilaCuenta): Credenciales {
  const id = fila.id as CuentaId;
  const email = fila.email as Email;
  // The CHECKs of migration 0007 tie the role to which of cliente_id and email is set.
  const cuenta: Cuenta =
    fila.rol === 'cliente' && fila.clienteId !== null
      ? { id, rol: 'cliente', clienteId: fila.clienteId as ClienteId, email }
      : { id, rol: 'personal', email };
  return { cuenta, hashDeClave: fila.hashDeClave };
}

/**
 * Every account with its email: a staff account's own, a cliente's from its
 * cliente. A staff account comes first should a cliente's email have been
 * changed since to a staff member's (registration and start-up refuse to make
 * such a pair; only a staff PATCH of a cliente's email could).
 */
const cuentasConEmail = (
  sql: Consulta,
  condicionPersonal: ReturnType<Consulta>,
  condicionCliente: ReturnType<Consulta>,
) => sql`
  SELECT cu.id, cu.rol, cu.cliente_id, cu.email, cu.hash_de_clave FROM cuentas cu
  WHERE cu.rol = 'personal' AND ${condicionPersonal}
  UNION ALL
  SELECT cu.id, cu.rol, cu.cliente_id, cl.email, cu.hash_de_clave
  FROM cuentas cu JOIN clientes cl ON cl.id = cu.cliente_id WHERE ${condicionCliente}
  ORDER BY rol DESC
  LIMIT 1`;

export function repositorioDeCuentas(sql: Consulta): RepositorioDeCuentas {
  return {
    registrarCliente: ({ cliente, eventos }: CambioDeCliente, cuenta: NuevaCuenta) =>
      consultar(async (): Promise<Result<Cliente, EmailDuplicado>> => {
        const duplicado = { kind: 'EmailDuplicado', email: cliente.email } as const;
        try {
          const creado = await enTransaccion(sql, async (tx) => {
            const [personal] = await tx`SELECT 1 FROM cuentas WHERE lower(email) = ${cliente.email}`;
            if (personal !== undefined) return false;
            const insercion = insercionDeEventos(tx, eventos);
            await tx`
              WITH c AS (INSERT INTO clientes ${tx(cliente, 'id', 'nombre', 'email', 'creadoEn', 'actualizadoEn')}),
              cu AS (
                INSERT INTO cuentas (id, rol, cliente_id, hash_de_clave, creada_en)
                VALUES (${cuenta.id}, 'cliente', ${cliente.id}, ${cuenta.hashDeClave}, ${cuenta.creadaEn}))
              ${insercion === undefined ? tx`SELECT 1` : insercion}`;
            return true;
          });
          if (!creado) return err(duplicado);
        } catch (error) {
          if (esViolacionDeUnicidad(error, 'clientes_email_unico')) return err(duplicado);
          throw error;
        }
        return ok(cliente);
      }),

    crearPersonal: (email: Email, cuenta: NuevaCuenta) =>
      consultar(async () => {
        const filas = await sql`
          INSERT INTO cuentas (id, rol, email, hash_de_clave, creada_en)
          SELECT ${cuenta.id}, 'personal', ${email}, ${cuenta.hashDeClave}, ${cuenta.creadaEn}
          WHERE NOT EXISTS (SELECT 1 FROM clientes WHERE lower(email) = ${email})
          ON CONFLICT DO NOTHING
          RETURNING id`;
        return ok(filas.length === 1);
      }),

    credenciales: (email: Email) =>
      consultar(async () => {
        const [fila] = await sql<FilaCuenta[]>`
          ${cuentasConEmail(sql, sql`lower(cu.email) = ${email}`, sql`lower(cl.email) = ${email}`)}`;
        return ok(fila === undefined ? undefined : aCredenciales(fila));
      }),

    buscar: (id: CuentaId) =>
      consultar(async () => {
        const [fila] = await sql<FilaCuenta[]>`
          ${cuentasConEmail(sql, sql`cu.id = ${id}`, sql`cu.id = ${id}`)}`;
        return ok(fila === undefined ? undefined : aCredenciales(fila).cuenta);
      }),
  };
}
