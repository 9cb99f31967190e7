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
import { consultar, esViolacionDeUnicidad } from './errores.ts';
import { guardarEventos } from './eventos.ts';
import { desplazamiento, donde, nombreContiene, pagina } from './paginas.ts';
import { enTransaccion } from './transacciones.ts';

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
  /** Writes the email, turning a clash with another cliente into `EmailDuplicado`. */
  async function escribir<E>(
    trabajo: () => Promise<Result<Cliente, E>>,
    email: () => Cliente['email'],
  ): Promise<Result<Cliente, E | EmailDuplicado>> {
    try {
      return await trabajo();
    } catch (error) {
      if (esViolacionDeUnicidad(error, 'clientes_email_unico')) return err({ kind: 'EmailDuplicado', email: email() });
      throw error;
    }
  }

  return {
    registrar: ({ cliente, eventos }: CambioDeCliente) =>
      consultar(() =>
        escribir(
          () =>
            enTransaccion(sql, async (tx) => {
              await tx`INSERT INTO clientes ${tx(cliente, 'id', 'nombre', 'email', 'creadoEn', 'actualizadoEn')}`;
              await guardarEventos(tx, eventos);
              return ok(cliente);
            }),
          () => cliente.email,
        ),
      ),

    buscar: (id: ClienteId) =>
      consultar(async () => {
        const [fila] = await sql<FilaCliente[]>`SELECT ${columnas(sql)} FROM clientes WHERE id = ${id}`;
        return fila === undefined ? err({ kind: 'ClienteNoEncontrado' as const, clienteId: id }) : ok(aCliente(fila));
      }),

    modificar: <E>(id: ClienteId, decidir: (cliente: Cliente) => Result<CambioDeCliente, E>) => {
      let emailNuevo: Cliente['email'] | undefined;
      return consultar(() =>
        escribir(
          () =>
            enTransaccion(sql, async (tx): Promise<Result<Cliente, E | ClienteNoEncontrado>> => {
              const [fila] = await tx<FilaCliente[]>`
                SELECT ${columnas(tx)} FROM clientes WHERE id = ${id} FOR NO KEY UPDATE`;
              if (fila === undefined) return err({ kind: 'ClienteNoEncontrado' as const, clienteId: id });
              const decision = decidir(aCliente(fila));
              if (decision.isErr()) return err(decision.error);
              const { cliente, eventos } = decision.value;
              emailNuevo = cliente.email;
              if (eventos.length > 0) {
                await tx`
                  UPDATE clientes SET nombre = ${cliente.nombre}, email = ${cliente.email},
                    actualizado_en = ${cliente.actualizadoEn}
                  WHERE id = ${id}`;
                await guardarEventos(tx, eventos);
              }
              return ok(cliente);
            }),
          () => emailNuevo as Cliente['email'],
        ),
      );
    },

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
