/**
 * The accounts the service makes for itself at start-up, and the key of its
 * tokens when none is configured (seguridad.md):
 *
 * - `ADMIN_EMAIL`/`ADMIN_PASSWORD`: that staff account, unless one already has
 *   the email; an existing account is never changed.
 * - Neither, on the embedded database, outside production: a development
 *   staff account, `personal@pedidos.example`, with a random password kept
 *   beside the data (`cuenta-de-desarrollo.json`, readable by its owner only)
 *   and logged at every start, so that a newcomer can log in.
 * - No `JWT_SECRETO` outside production: on the embedded database a random key
 *   kept beside the data (`secreto-de-fichas`), so tokens outlive a restart;
 *   in memory or on a server, a random key for this process alone, with a
 *   warning, since another process would refuse its tokens.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CuentaId, Email } from '@pedidos/domain';
import type { RepositorioDeCuentas } from '@pedidos/persistence';
import { cifrarClave } from '../comun/claves.ts';
import type { Configuracion } from '../configuracion.ts';
import type { Registro } from '../registro.ts';

export const EMAIL_DE_DESARROLLO = 'personal@pedidos.example';

export type CuentaDeDesarrollo = { readonly email: string; readonly clave: string };

async function leerSiHay(ruta: string): Promise<string | undefined> {
  try {
    return await readFile(ruta, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function guardar(directorio: string, nombre: string, contenido: string): Promise<void> {
  await mkdir(directorio, { recursive: true });
  await writeFile(join(directorio, nombre), contenido, { mode: 0o600, flag: 'wx' });
}

/** The key of access tokens: the configured one, or one of the data directory, or one of this process. */
export async function secretoDeFichas(configuracion: Configuracion, registro: Registro): Promise<string> {
  if (configuracion.secretoDeFichas !== undefined) return configuracion.secretoDeFichas;
  const nuevo = randomBytes(32).toString('base64url');
  const directorio = configuracion.directorioDeDatos;
  if (directorio === undefined) {
    if (configuracion.urlDeBaseDeDatos !== undefined) {
      registro.warn('JWT_SECRETO is not set: tokens are signed with a key of this process alone', {});
    }
    return nuevo;
  }
  const ruta = join(directorio, 'secreto-de-fichas');
  const guardado = await leerSiHay(ruta);
  if (guardado !== undefined) return guardado.trim();
  await guardar(directorio, 'secreto-de-fichas', nuevo);
  return nuevo;
}

/** Makes the accounts the configuration asks for; answers the development account when there is one. */
export async function cuentasDeArranque(
  configuracion: Configuracion,
  cuentas: RepositorioDeCuentas,
  registro: Registro,
): Promise<CuentaDeDesarrollo | undefined> {
  const crear = async (email: string, clave: string): Promise<boolean> => {
    const valido = Email.crear(email);
    if (valido.isErr()) throw new Error(`No es un email: ${email}`);
    const id = CuentaId.crear(randomUUID())._unsafeUnwrap();
    const hashDeClave = await cifrarClave(clave);
    const creada = await cuentas.crearPersonal(valido.value, { id, hashDeClave, creadaEn: new Date() });
    if (creada.isErr()) throw new Error('La base de datos no respondió al crear la cuenta de personal');
    return creada.value;
  };

  const { administrador } = configuracion;
  if (administrador !== undefined) {
    if (await crear(administrador.email, administrador.clave)) {
      registro.info('staff account created from ADMIN_EMAIL', { email: administrador.email });
    }
    return undefined;
  }
  if (configuracion.produccion === true || configuracion.urlDeBaseDeDatos !== undefined) return undefined;

  const directorio = configuracion.directorioDeDatos;
  const guardada =
    directorio === undefined ? undefined : await leerSiHay(join(directorio, 'cuenta-de-desarrollo.json'));
  const cuenta: CuentaDeDesarrollo =
    guardada === undefined
      ? { email: EMAIL_DE_DESARROLLO, clave: randomBytes(18).toString('base64url') }
      : (JSON.parse(guardada) as CuentaDeDesarrollo);
  if (guardada === undefined) {
    if (!(await crear(cuenta.email, cuenta.clave))) {
      registro.warn(`the development staff account ${cuenta.email} exists, but its password was not kept`, {});
      return undefined;
    }
    if (directorio !== undefined) await guardar(directorio, 'cuenta-de-desarrollo.json', JSON.stringify(cuenta));
  }
  registro.info(
    `development staff account: ${cuenta.email}, password ${cuenta.clave} — POST /auth/token for a token` +
      (directorio === undefined ? '' : ` (kept in ${join(directorio, 'cuenta-de-desarrollo.json')})`),
    {},
  );
  return cuenta;
}
