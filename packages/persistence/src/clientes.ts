import {
  type CambioDeCliente,
  type Cliente,
  type ClienteId,
  type ClienteNoEncontrado,
  type EmailDuplicado,
  type FiltroDeClientes,
  type Paginacion,
  type RepositorioDeClientes,
  reconstituirCliente,
} from '@pedidos/domain';
import { err, ok, type Result } from 'neverthrow';
import type { Consulta } from './base-de-datos.ts';
import { ejecutar } from './ejecutor.ts';
import { consultar, esViolacionDeUnicidad } from './errores.ts';
import { insercionDeEventos } from './eventos.ts';
import { desplazamiento, donde, nombreContiene, pagina } from './paginas.ts';
import { enUnaSentencia } from './transacciones.ts';

type FilaCliente = { id: string; nombre: string; email: string; creadoEn: Date; actualizadoEn: Date };

function aCliente(fila: FilaCliente): Cliente {
  return reconstituirCliente(fila).match(
    (cliente) => cliente,
    (error) => {
      throw new Error(`Cliente ${fila.id} guardado con datos no válidos: ${error.kind}`);
    },
  );
}

const columnas = (sql: Consulta) => sql`id, nombre, email, creado_en, actualizado_en`;

export function repositorioDeClientes(sql: Consulta): RepositorioDeClientes {
  const duplicado = (error: unknown, email: Cliente['email']): EmailDuplicado | undefined =>
    esViolacionDeUnicidad(error, 'clientes_email_unico') ? { kind: 'EmailDuplicado', email } : undefined;

  return {
    registrar: ({ cliente, eventos }: CambioDeCliente) =>
      consultar(async (): Promise<Result<Cliente, EmailDuplicado>> => {
        try {
          // One statement, the cliente with its events: atomic without a transaction of its own.
          await enUnaSentencia(sql, async (q) => {
            const insercion = insercionDeEventos(q, eventos);
            await q`
              WITH c AS (INSERT INTO clientes ${q(cliente, 'id', 'nombre', 'email', 'creadoEn', 'actualizadoEn')})
              ${insercion === undefined ? q`SELECT 1` : insercion}`;
          });
        } catch (error) {
          const rechazo = duplicado(error, cliente.email);
          if (rechazo !== undefined) return err(rechazo);
          throw error;
        }
        return ok(cliente);
      }),

    buscar: (id: ClienteId) =>
      consultar(async () => {
        const [fila] = await sql<FilaCliente[]>`SELECT ${columnas(sql)} FROM clientes WHERE id = ${id}`;
        return fila === undefined ? err({ kind: 'ClienteNoEncontrado' as const, clienteId: id }) : ok(aCliente(fila));
      }),

    modificar: <E>(id: ClienteId, decidir: (cliente: Cliente) => Result<CambioDeCliente, E>) =>
      ejecutar<Cliente, CambioDeCliente, E | ClienteNoEncontrado | EmailDuplicado>(sql, {
        cargar: async (tx) => {
          const [fila] = await tx<FilaCliente[]>`
            SELECT ${columnas(tx)} FROM clientes WHERE id = ${id} FOR NO KEY UPDATE`;
          return fila === undefined ? err({ kind: 'ClienteNoEncontrado', clienteId: id }) : ok(aCliente(fila));
        },
        decidir,
        escribir: async (tx, { cliente, eventos }) => {
          const insercion = insercionDeEventos(tx, eventos);
          if (insercion === undefined) return;
          await tx`
            WITH c AS (
              UPDATE clientes SET nombre = ${cliente.nombre}, email = ${cliente.email},
                actualizado_en = ${cliente.actualizadoEn}
              WHERE id = ${id})
            ${insercion}`;
        },
        rechazo: (error, { cliente }) => duplicado(error, cliente.email),
      }).map(({ cliente }) => cliente),

    listar: (filtro: FiltroDeClientes, paginacion: Paginacion) =>
      consultar(async () => {
        const condicion = donde(sql, [filtro.nombre !== undefined && nombreContiene(sql, filtro.nombre)]);
        const [filas, [cuenta]] = await Promise.all([
          sql<FilaCliente[]>`
            SELECT ${columnas(sql)} FROM clientes ${condicion}
            ORDER BY creado_en DESC, id DESC
            LIMIT ${paginacion.limite} OFFSET ${desplazamiento(paginacion)}`,
          sql<{ total: number }[]>`SELECT count(*) AS total FROM clientes ${condicion}`,
        ]);
        return ok(pagina(filas.map(aCliente), cuenta?.total ?? 0, paginacion));
      }),
  };
}
