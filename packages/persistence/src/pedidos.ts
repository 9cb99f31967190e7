import {
  type AvisoDePago,
  type BaseDeDatosNoDisponible,
  type CambioDePedido,
  type ClienteNoEncontrado,
  type Confirmacion,
  type ContextoDePago,
  confirmadoEn,
  type DatosDeDireccion,
  type DeCliente,
  type EntradaDeHistorial,
  type EventoDeDominio,
  type FiltroDePedidos,
  type IdDeAvisoDePago,
  type OpcionesDeModificacion,
  type OpcionesDeTransicion,
  type Pagina,
  type Paginacion,
  type Pedido,
  type PedidoGuardado,
  type PedidoId,
  type PedidoNoEncontrado,
  type Producto,
  type ProductoId,
  type ProductoNoEncontrado,
  type RecepcionDeAviso,
  type RecepcionDePago,
  type ReferenciaDePagoDuplicada,
  type RepositorioDePedidos,
  type ResultadoDeCancelacion,
  reconstituirPedido,
  type VersionDesactualizada,
} from '@pedidos/domain';
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import type { Consulta, TransaccionSql } from './base-de-datos.ts';
import { ejecutar } from './ejecutor.ts';
import { consultar, esViolacionDeUnicidad } from './errores.ts';
import { comoJson, eventoDePedido, type FilaDeEventoDePedido, insercionDeEventos } from './eventos.ts';
import { desplazamiento, donde, pagina } from './paginas.ts';
import { aProducto, columnasDeProducto, type FilaProducto } from './productos.ts';

type FilaLinea = {
  productoId: string;
  cantidad: number;
  nombre: string;
  precioUnitario: number;
};

/** A row of `pedidos` with its lines, as `seleccionDePedido` reads it. */
type FilaPedido = {
  id: string;
  clienteId: string;
  estado: string;
  version: number;
  creadoEn: Date;
  actualizadoEn: Date;
  confirmadoEn: Date | null;
  direccionEnvio: DatosDeDireccion | null;
  pagoImporteCentavos: number | null;
  pagoReferencia: string | null;
  pagoMetodo: string | null;
  pagadoEn: Date | null;
  envioTransportista: string | null;
  envioNumeroSeguimiento: string | null;
  enviadoEn: Date | null;
  entregadoEn: Date | null;
  cancelacionMotivo: string | null;
  cancelacionEstadoAnterior: string | null;
  reembolsoCentavos: number | null;
  canceladoEn: Date | null;
  lineas: FilaLinea[];
};

type Fragmento = ReturnType<Consulta>;

/**
 * The columns of a pedido (the table aliased `pe`) and its lines, in order, as
 * one JSON array: a pedido is one row, read in one statement. A line frozen by
 * confirmation shows its own name and price; a carrito's (and a cancelled
 * carrito's, which was never frozen) the producto's current ones.
 */
const seleccionDePedido = (sql: Consulta): Fragmento => sql`
  pe.id, pe.cliente_id, pe.estado, pe.version, pe.creado_en, pe.actualizado_en, pe.confirmado_en,
  pe.direccion_envio, pe.pago_importe_centavos, pe.pago_referencia, pe.pago_metodo, pe.pagado_en,
  pe.envio_transportista, pe.envio_numero_seguimiento, pe.enviado_en, pe.entregado_en,
  pe.cancelacion_motivo, pe.cancelacion_estado_anterior, pe.reembolso_centavos, pe.cancelado_en,
  (SELECT coalesce(json_agg(json_build_object(
            'producto_id', l.producto_id, 'cantidad', l.cantidad,
            'nombre', coalesce(l.nombre, p.nombre),
            'precio_unitario', coalesce(l.precio_unitario_centavos, p.precio_centavos)) ORDER BY l.posicion), '[]')
   FROM lineas_de_pedido l JOIN productos p ON p.id = l.producto_id
   WHERE l.pedido_id = pe.id) AS lineas`;

/**
 * A row as the domain's `PedidoGuardado`: each state's group of columns, or
 * `null`. A group half set (which the CHECKs forbid) is passed on with values
 * that `reconstituirPedido` refuses, so it reports the row as incoherent.
 */
function guardado(fila: FilaPedido): PedidoGuardado {
  return {
    id: fila.id,
    clienteId: fila.clienteId,
    estado: fila.estado,
    version: fila.version,
    creadoEn: fila.creadoEn,
    actualizadoEn: fila.actualizadoEn,
    lineas: fila.lineas,
    direccionEnvio: fila.direccionEnvio,
    confirmadoEn: fila.confirmadoEn,
    pago:
      fila.pagadoEn === null
        ? null
        : {
            importeCentavos: fila.pagoImporteCentavos === null ? -1n : BigInt(fila.pagoImporteCentavos),
            referencia: fila.pagoReferencia ?? '',
            metodo: fila.pagoMetodo ?? '',
            pagadoEn: fila.pagadoEn,
          },
    envio:
      fila.enviadoEn === null
        ? null
        : {
            transportista: fila.envioTransportista ?? '',
            numeroSeguimiento: fila.envioNumeroSeguimiento ?? '',
            enviadoEn: fila.enviadoEn,
          },
    entregadoEn: fila.entregadoEn,
    cancelacion:
      fila.canceladoEn === null
        ? null
        : {
            motivo: fila.cancelacionMotivo,
            estadoAnterior: fila.cancelacionEstadoAnterior ?? '',
            reembolsoCentavos: fila.reembolsoCentavos === null ? -1n : BigInt(fila.reembolsoCentavos),
            canceladoEn: fila.canceladoEn,
          },
  };
}

function aPedido(fila: FilaPedido): Pedido {
  return reconstituirPedido(guardado(fila)).match(
    (pedido) => pedido,
    (error) => {
      throw new Error(`Pedido ${fila.id} guardado con datos no válidos: ${error.kind}`);
    },
  );
}

/** The columns of `pedidos` that hold the pedido's state, from the pedido. */
function columnasDeEstado(pedido: Pedido) {
  const d = pedido.direccionEnvio;
  const pago = 'pago' in pedido ? pedido.pago : null;
  const envio = 'envio' in pedido ? pedido.envio : null;
  const cancelacion = 'cancelacion' in pedido ? pedido.cancelacion : null;
  return {
    estado: pedido.estado,
    version: pedido.version,
    actualizadoEn: pedido.actualizadoEn,
    confirmadoEn: confirmadoEn(pedido),
    direccionEnvio:
      d === null
        ? null
        : comoJson({
            destinatario: d.destinatario,
            linea1: d.linea1,
            linea2: d.linea2,
            ciudad: d.ciudad,
            region: d.region,
            codigo_postal: d.codigoPostal,
            pais: d.pais,
          }),
    pagoImporteCentavos: pago === null ? null : Number(pago.importeCentavos),
    pagoReferencia: pago?.referencia ?? null,
    pagoMetodo: pago?.metodo ?? null,
    pagadoEn: pago?.pagadoEn ?? null,
    envioTransportista: envio?.transportista ?? null,
    envioNumeroSeguimiento: envio?.numeroSeguimiento ?? null,
    enviadoEn: envio?.enviadoEn ?? null,
    entregadoEn: 'entregadoEn' in pedido ? pedido.entregadoEn : null,
    cancelacionMotivo: cancelacion?.motivo ?? null,
    cancelacionEstadoAnterior: cancelacion?.estadoAnterior ?? null,
    reembolsoCentavos: cancelacion === null ? null : Number(cancelacion.reembolsoCentavos),
    canceladoEn: cancelacion?.canceladoEn ?? null,
  };
}

/**
 * The pedido's lines as one JSON parameter. Names and prices are written once
 * confirmation froze them (every state with a `confirmadoEn`); a carrito's, and
 * a carrito cancelled, keep NULL and read the producto's.
 */
function lineasComoJson(pedido: Pedido): string {
  const congelado = confirmadoEn(pedido) !== null;
  return comoJson(
    pedido.lineas.map((l, posicion) => ({
      producto_id: l.productoId,
      posicion,
      cantidad: l.cantidad,
      nombre: congelado ? l.nombre : null,
      precio_unitario_centavos: congelado ? l.precioUnitario : null,
    })),
  );
}

const lineasDelJson = (sql: Consulta, json: string): Fragmento => sql`
  json_to_recordset(${json}::text::json)
    AS n(producto_id uuid, posicion int, cantidad bigint, nombre text, precio_unitario_centavos bigint)`;

/**
 * Writes a change in one statement, a data-modifying WITH: the pedido's row;
 * its lines (those gone deleted, the others inserted or updated only where
 * they differ); the stock of the productos it moved; and its events. Nothing
 * when the change has no events: it changed nothing.
 */
async function escribirCambio(
  tx: TransaccionSql,
  pedido: Pedido,
  productos: readonly Producto[],
  eventos: readonly EventoDeDominio[],
): Promise<void> {
  const insercion = insercionDeEventos(tx, eventos, pedido.version);
  if (insercion === undefined) return;
  const c = columnasDeEstado(pedido);
  const stock = comoJson(productos.map((p) => ({ id: p.id, stock: p.stock, actualizado_en: p.actualizadoEn })));
  await tx`
    WITH pe AS (
      UPDATE pedidos SET estado = ${c.estado}, version = ${c.version}, actualizado_en = ${c.actualizadoEn},
        confirmado_en = ${c.confirmadoEn}, direccion_envio = ${c.direccionEnvio}::text::jsonb,
        pago_importe_centavos = ${c.pagoImporteCentavos}, pago_referencia = ${c.pagoReferencia},
        pago_metodo = ${c.pagoMetodo}, pagado_en = ${c.pagadoEn},
        envio_transportista = ${c.envioTransportista}, envio_numero_seguimiento = ${c.envioNumeroSeguimiento},
        enviado_en = ${c.enviadoEn}, entregado_en = ${c.entregadoEn},
        cancelacion_motivo = ${c.cancelacionMotivo}, cancelacion_estado_anterior = ${c.cancelacionEstadoAnterior},
        reembolso_centavos = ${c.reembolsoCentavos}, cancelado_en = ${c.canceladoEn}
      WHERE id = ${pedido.id}),
    nuevas AS (SELECT * FROM ${lineasDelJson(tx, lineasComoJson(pedido))}),
    fuera AS (
      DELETE FROM lineas_de_pedido l
      WHERE l.pedido_id = ${pedido.id} AND l.producto_id NOT IN (SELECT producto_id FROM nuevas)),
    dentro AS (
      INSERT INTO lineas_de_pedido AS l (pedido_id, producto_id, posicion, cantidad, nombre, precio_unitario_centavos)
      SELECT ${pedido.id}, n.producto_id, n.posicion, n.cantidad, n.nombre, n.precio_unitario_centavos FROM nuevas n
      ON CONFLICT (pedido_id, producto_id) DO UPDATE
        SET posicion = excluded.posicion, cantidad = excluded.cantidad, nombre = excluded.nombre,
            precio_unitario_centavos = excluded.precio_unitario_centavos
        WHERE (l.posicion, l.cantidad, l.nombre, l.precio_unitario_centavos)
          IS DISTINCT FROM (excluded.posicion, excluded.cantidad, excluded.nombre, excluded.precio_unitario_centavos)),
    stock AS (
      UPDATE productos AS p SET stock = s.stock, actualizado_en = s.actualizado_en
      FROM json_to_recordset(${stock}::text::json) AS s(id uuid, stock bigint, actualizado_en timestamptz)
      WHERE p.id = s.id),
    ev AS (${insercion})
    SELECT 1`;
}

/** What a change of a pedido loads, under lock. */
type Cargado = {
  readonly pedido: Pedido;
  /** The productos of its lines, locked, by id; when asked for. */
  readonly productos: readonly Producto[];
  /** The producto the change is about, read without a lock; when asked for. */
  readonly producto: Producto | undefined;
};

type FilaCargada = FilaPedido & {
  versionVista: number;
  productos: FilaProductoJson[] | null;
  producto: FilaProductoJson | null;
};

/** A producto as `row_to_json` gives it: instants as text. */
type FilaProductoJson = Omit<FilaProducto, 'creadoEn' | 'actualizadoEn'> & { creadoEn: string; actualizadoEn: string };

const deJson = (p: FilaProductoJson): Producto =>
  aProducto({ ...p, creadoEn: new Date(p.creadoEn), actualizadoEn: new Date(p.actualizadoEn) });

/**
 * Locks the pedido and reads it with its lines, and, as asked, locks its
 * productos in id order or reads one producto: in one statement. The lock
 * order is the one of every change, the pedido and then its productos by id,
 * so two changes that share productos wait for each other instead of
 * deadlocking.
 *
 * A statement reads as of when it began. If it had to wait for the pedido's
 * lock, the row it locked is the latest, but its lines were read as of before
 * the wait: the version then read without a lock differs, and the statement
 * runs once more — the lock now held, nothing can change it again.
 */
async function cargarPedido(
  tx: TransaccionSql,
  id: PedidoId,
  opciones: OpcionesDeModificacion,
  pide: { readonly productos: boolean; readonly productoId?: ProductoId },
): Promise<Result<Cargado, PedidoNoEncontrado | VersionDesactualizada>> {
  // Twice at most: the second run holds the lock, so nothing can have changed since.
  for (let intento = 1; ; intento++) {
    const productos = pide.productos
      ? tx`(SELECT coalesce(json_agg(pr ORDER BY pr.id), '[]') FROM (
             SELECT ${columnasDeProducto(tx)} FROM productos p
             WHERE p.id IN (SELECT x.producto_id FROM lineas_de_pedido x WHERE x.pedido_id = pe.id)
             ORDER BY p.id FOR NO KEY UPDATE) pr)`
      : tx`NULL::json`;
    const producto =
      pide.productoId === undefined
        ? tx`NULL::json`
        : tx`(SELECT row_to_json(pr) FROM (
               SELECT ${columnasDeProducto(tx)} FROM productos WHERE id = ${pide.productoId}) pr)`;
    const [fila] = await tx<FilaCargada[]>`
      WITH pe AS MATERIALIZED (
        SELECT * FROM pedidos WHERE id = ${id} ${delCliente(tx, opciones)} FOR NO KEY UPDATE)
      SELECT ${seleccionDePedido(tx)},
        (SELECT v.version FROM pedidos v WHERE v.id = pe.id) AS version_vista,
        ${productos} AS productos,
        ${producto} AS producto
      FROM pe`;
    if (fila === undefined) return err({ kind: 'PedidoNoEncontrado', pedidoId: id });
    if (fila.versionVista !== fila.version) {
      if (intento >= 2) throw new Error(`Pedido ${id}: versión ${fila.versionVista} leída bajo su propio bloqueo`);
      continue;
    }
    const { versionEsperada } = opciones;
    if (versionEsperada !== undefined && versionEsperada !== fila.version) {
      return err({ kind: 'VersionDesactualizada', esperada: versionEsperada, actual: fila.version });
    }
    return ok({
      pedido: aPedido(fila),
      productos: (fila.productos ?? []).map(deJson),
      producto: fila.producto === null ? undefined : deJson(fila.producto),
    });
  }
}

/** ` AND cliente_id = …` when the read or change is limited to one cliente's pedidos; else nothing. */
const delCliente = (sql: Consulta, { clienteId }: DeCliente = {}): Fragmento =>
  clienteId === undefined ? sql`` : sql`AND cliente_id = ${clienteId}`;

/** A payment referencia that another pedido already recorded, from the unique index. */
function referenciaDuplicada(error: unknown, pedido: Pedido): ReferenciaDePagoDuplicada | undefined {
  if (!esViolacionDeUnicidad(error, 'pedidos_referencia_de_pago_unica') || !('pago' in pedido)) return undefined;
  return { kind: 'ReferenciaDePagoDuplicada', pedidoId: pedido.id, referencia: pedido.pago.referencia };
}

/** A notice whose id is already kept: taken before, or by a delivery that committed while this one waited. */
type AvisoRepetido = { readonly kind: 'AvisoRepetido' };
const avisoRepetido: AvisoRepetido = { kind: 'AvisoRepetido' };

/** What taking a payment notice loads: its pedido under lock (none when it does not exist), and what the domain asks. */
type CargaDeAviso = { readonly pedido: Pedido | undefined; readonly contexto: ContextoDePago };

/** What taking a notice decided: the pedido's outcome and the version it had, or nothing for an unknown pedido. */
type DecisionDeAviso =
  | { readonly pedido: undefined }
  | { readonly pedido: Pedido; readonly versionAnterior: number; readonly recepcion: RecepcionDePago };

/**
 * How many runs a notice gets in all when its payment's `referencia` keeps
 * being recorded for another pedido by transactions it races: each next run
 * sees that payment, under the lock, and decides on it.
 */
const INTENTOS_POR_REFERENCIA = 3;

export function repositorioDePedidos(sql: Consulta): RepositorioDePedidos {
  /**
   * A change of the pedido alone, on the runner: lock, decide, write. A
   * payment's referencia that another pedido recorded is `ReferenciaDePagoDuplicada`.
   */
  function cambiar<E>(
    id: PedidoId,
    opciones: OpcionesDeModificacion,
    decidir: (pedido: Pedido) => Result<CambioDePedido, E>,
  ) {
    return ejecutar<
      Cargado,
      CambioDePedido,
      E | PedidoNoEncontrado | VersionDesactualizada | ReferenciaDePagoDuplicada
    >(sql, {
      cargar: (tx) => cargarPedido(tx, id, opciones, { productos: false }),
      decidir: ({ pedido }) => decidir(pedido),
      escribir: (tx, { pedido, eventos }) => escribirCambio(tx, pedido, [], eventos),
      rechazo: (error, { pedido }) => referenciaDuplicada(error, pedido),
    }).map(({ pedido }) => pedido);
  }

  /** A change of the pedido and the stock of its productos, locked in order. */
  function conProductos<
    E,
    D extends { pedido: Pedido; productos: readonly Producto[]; eventos: readonly EventoDeDominio[] },
  >(
    id: PedidoId,
    opciones: OpcionesDeModificacion,
    decidir: (pedido: Pedido, productos: readonly Producto[]) => Result<D, E>,
  ) {
    return ejecutar<Cargado, D, E | PedidoNoEncontrado | VersionDesactualizada>(sql, {
      cargar: (tx) => cargarPedido(tx, id, opciones, { productos: true }),
      decidir: ({ pedido, productos }) => decidir(pedido, productos),
      escribir: (tx, { pedido, productos, eventos }) => escribirCambio(tx, pedido, productos, eventos),
    }).map(({ pedido }) => pedido);
  }

  return {
    registrar: (cambio: CambioDePedido) =>
      consultar(async (): Promise<Result<Pedido, ClienteNoEncontrado>> => {
        const { pedido, eventos } = cambio;
        const c = columnasDeEstado(pedido);
        // One statement, the pedido, its lines and its events: atomic without a transaction of its own. An unknown
        // cliente writes nothing rather than failing on the foreign key, so that under an idempotency key the
        // refusal is kept in the enclosing transaction without a savepoint to go back to (clientes are never
        // deleted: a cliente the statement sees, its foreign key check finds).
        const creado: Fragmento = sql`EXISTS (SELECT 1 FROM pe)`;
        const insercion = insercionDeEventos(sql, eventos, pedido.version, creado);
        const [fila] = await sql<{ creados: number }[]>`
          WITH pe AS (
            INSERT INTO pedidos (id, cliente_id, estado, version, creado_en, actualizado_en, confirmado_en,
                                 direccion_envio)
            SELECT ${pedido.id}, cl.id, ${c.estado}, ${c.version}, ${pedido.creadoEn},
                   ${c.actualizadoEn}, ${c.confirmadoEn}, ${c.direccionEnvio}::text::jsonb
            FROM clientes cl WHERE cl.id = ${pedido.clienteId}
            RETURNING id),
          li AS (
            INSERT INTO lineas_de_pedido (pedido_id, producto_id, posicion, cantidad, nombre, precio_unitario_centavos)
            SELECT ${pedido.id}, n.producto_id, n.posicion, n.cantidad, n.nombre, n.precio_unitario_centavos
            FROM ${lineasDelJson(sql, lineasComoJson(pedido))}
            WHERE ${creado})
          ${insercion === undefined ? sql`` : sql`, ev AS (${insercion})`}
          SELECT count(*)::int AS creados FROM pe`;
        if (fila?.creados !== 1) return err({ kind: 'ClienteNoEncontrado', clienteId: pedido.clienteId });
        return ok(pedido);
      }),

    buscar: (id: PedidoId, de?: DeCliente) =>
      consultar(async () => {
        const [fila] = await sql<FilaPedido[]>`
          SELECT ${seleccionDePedido(sql)} FROM pedidos pe WHERE pe.id = ${id} ${delCliente(sql, de)}`;
        return fila === undefined ? err({ kind: 'PedidoNoEncontrado' as const, pedidoId: id }) : ok(aPedido(fila));
      }),

    modificarItems: <E>(
      id: PedidoId,
      productoId: ProductoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido, producto: Producto) => Result<CambioDePedido, E>,
    ) =>
      // The producto is read, not locked: a cart reserves no stock, and
      // confirmation checks stock again under its own locks.
      ejecutar<Cargado, CambioDePedido, E | PedidoNoEncontrado | ProductoNoEncontrado | VersionDesactualizada>(sql, {
        cargar: (tx) => cargarPedido(tx, id, opciones, { productos: false, productoId }),
        decidir: ({ pedido, producto }) =>
          producto === undefined ? err({ kind: 'ProductoNoEncontrado', productoId }) : decidir(pedido, producto),
        escribir: (tx, { pedido, eventos }) => escribirCambio(tx, pedido, [], eventos),
      }).map(({ pedido }) => pedido),

    modificar: <E>(
      id: PedidoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido) => Result<CambioDePedido, E>,
    ) =>
      // Line edits: no payment, so no referencia to clash.
      ejecutar<Cargado, CambioDePedido, E | PedidoNoEncontrado | VersionDesactualizada>(sql, {
        cargar: (tx) => cargarPedido(tx, id, opciones, { productos: false }),
        decidir: ({ pedido }) => decidir(pedido),
        escribir: (tx, { pedido, eventos }) => escribirCambio(tx, pedido, [], eventos),
      }).map(({ pedido }) => pedido),

    confirmar: <E>(
      id: PedidoId,
      opciones: OpcionesDeModificacion,
      decidir: (pedido: Pedido, productos: readonly Producto[]) => Result<Confirmacion, E>,
    ) => conProductos(id, opciones, decidir),

    transicionar: <E>(
      id: PedidoId,
      opciones: OpcionesDeTransicion,
      decidir: (pedido: Pedido, ahora: Date) => Result<CambioDePedido, E>,
    ) => cambiar(id, opciones, (pedido) => decidir(pedido, opciones.ahora)),

    cancelar: <E>(
      id: PedidoId,
      opciones: OpcionesDeTransicion,
      decidir: (pedido: Pedido, productos: readonly Producto[], ahora: Date) => Result<ResultadoDeCancelacion, E>,
    ) => conProductos(id, opciones, (pedido, productos) => decidir(pedido, productos, opciones.ahora)),

    recibirAvisoDePago: (
      id: IdDeAvisoDePago,
      aviso: AvisoDePago,
      opciones: { readonly ahora: Date },
      decidir: (pedido: Pedido, contexto: ContextoDePago, ahora: Date) => RecepcionDePago,
    ): ResultAsync<RecepcionDeAviso, BaseDeDatosNoDisponible> => {
      const tomar = () =>
        ejecutar<CargaDeAviso, DecisionDeAviso, AvisoRepetido | ReferenciaDePagoDuplicada>(sql, {
          // The pedido's lock first, as every change of it; what is read after it is what committed before it.
          cargar: async (tx) => {
            const cargado = await cargarPedido(tx, aviso.pedidoId, {}, { productos: false });
            const [fila] = await tx<{ repetido: boolean; referenciaDeOtroPedido: boolean }[]>`
              SELECT EXISTS (SELECT 1 FROM avisos_de_pago WHERE id = ${id}) AS repetido,
                     EXISTS (SELECT 1 FROM pedidos
                             WHERE pago_referencia = ${aviso.referencia} AND id <> ${aviso.pedidoId})
                       AS referencia_de_otro_pedido`;
            if (fila === undefined) throw new Error('SELECT sin fila');
            if (fila.repetido) return err(avisoRepetido);
            return ok({
              pedido: cargado.isOk() ? cargado.value.pedido : undefined,
              contexto: { referenciaDeOtroPedido: fila.referenciaDeOtroPedido },
            });
          },
          decidir: ({ pedido, contexto }) =>
            ok(
              pedido === undefined
                ? { pedido }
                : { pedido, versionAnterior: pedido.version, recepcion: decidir(pedido, contexto, opciones.ahora) },
            ),
          // The id first: a delivery that raced past the check above is refused here, before it writes anything else.
          escribir: async (tx, decision) => {
            const desenlace = decision.pedido === undefined ? 'pedido_desconocido' : decision.recepcion.desenlace;
            await tx`
              INSERT INTO avisos_de_pago
                (id, resultado, pedido_id, importe_centavos, referencia, metodo, desenlace, recibido_en)
              VALUES (${id}, ${aviso.resultado}, ${aviso.pedidoId}, ${Number(aviso.importeCentavos)},
                      ${aviso.referencia}, ${aviso.metodo}, ${desenlace}, ${opciones.ahora})`;
            if (decision.pedido === undefined) return;
            const { pedido, eventos } = decision.recepcion;
            if (pedido.version !== decision.versionAnterior) {
              await escribirCambio(tx, pedido, [], eventos);
              return;
            }
            // Events that leave the pedido as it was: its row is not written, its version stays.
            const insercion = insercionDeEventos(tx, eventos, pedido.version);
            if (insercion !== undefined) await insercion;
          },
          rechazo: (error, decision) => {
            if (esViolacionDeUnicidad(error, 'avisos_de_pago_pkey')) return avisoRepetido;
            return decision.pedido === undefined ? undefined : referenciaDuplicada(error, decision.recepcion.pedido);
          },
        });
      const intentar = (intento: number): ResultAsync<RecepcionDeAviso, BaseDeDatosNoDisponible> =>
        tomar()
          .map(
            (decision): RecepcionDeAviso =>
              decision.pedido === undefined
                ? { kind: 'PedidoDesconocido' }
                : { kind: 'Aplicado', desenlace: decision.recepcion.desenlace, pedido: decision.recepcion.pedido },
          )
          .orElse((error) => {
            if (error.kind === 'BaseDeDatosNoDisponible') return errAsync(error);
            if (error.kind === 'AvisoRepetido') return okAsync<RecepcionDeAviso, never>({ kind: 'Repetido' });
            if (intento >= INTENTOS_POR_REFERENCIA) {
              throw new Error(`Aviso ${id}: la referencia ${error.referencia} chocó ${intento} veces`);
            }
            return intentar(intento + 1);
          });
      return intentar(1);
    },

    historial: (id: PedidoId, paginacion: Paginacion, de?: DeCliente) =>
      consultar(async (): Promise<Result<Pagina<EntradaDeHistorial>, PedidoNoEncontrado>> => {
        // One statement: whether the pedido exists, how many events it has, and one page of them, in order.
        const [fila] = await sql<{ total: number; entradas: FilaDeEventoDePedido[] }[]>`
          SELECT
            (SELECT count(*)::int FROM eventos e WHERE e.agregado = 'pedido' AND e.agregado_id = pe.id) AS total,
            (SELECT coalesce(json_agg(h ORDER BY h.secuencia), '[]') FROM (
               SELECT e.secuencia, e.tipo, e.version, e.datos, e.ocurrido_en FROM eventos e
               WHERE e.agregado = 'pedido' AND e.agregado_id = pe.id
               ORDER BY e.secuencia
               LIMIT ${paginacion.limite} OFFSET ${desplazamiento(paginacion)}) h) AS entradas
          FROM pedidos pe WHERE pe.id = ${id} ${delCliente(sql, de)}`;
        if (fila === undefined) return err({ kind: 'PedidoNoEncontrado', pedidoId: id });
        const entradas = fila.entradas.map((e) => ({ evento: eventoDePedido(e), version: e.version }));
        return ok(pagina(entradas, fila.total, paginacion));
      }),

    listar: (filtro: FiltroDePedidos, paginacion: Paginacion) =>
      consultar(async () => {
        const condicion = donde(sql, [
          filtro.clienteId !== undefined && sql`pe.cliente_id = ${filtro.clienteId}`,
          filtro.estado !== undefined && sql`pe.estado = ${filtro.estado}`,
          filtro.productoId !== undefined &&
            sql`EXISTS (SELECT 1 FROM lineas_de_pedido x WHERE x.pedido_id = pe.id AND x.producto_id = ${filtro.productoId})`,
          filtro.desde !== undefined && sql`pe.creado_en >= ${filtro.desde}`,
          filtro.hasta !== undefined && sql`pe.creado_en < ${filtro.hasta}`,
        ]);
        const [filas, [totales]] = await Promise.all([
          // The page is cut in a subquery and its lines read outside it, so that no row skipped by OFFSET has its
          // lines built. The plan is the same as with one SELECT (the index's order kept, no sort), but a generic
          // plan, which cannot know LIMIT and OFFSET, then costs no more than the plans for each value: PostgreSQL
          // keeps the generic one after five runs instead of planning every run again, which took longer than the run
          // at a million pedidos (docs/persistence.md, docs/performance.md 2026-12-04).
          sql<FilaPedido[]>`
            SELECT ${seleccionDePedido(sql)} FROM (
              SELECT * FROM pedidos pe ${condicion}
              ORDER BY pe.creado_en DESC, pe.id DESC
              LIMIT ${paginacion.limite} OFFSET ${desplazamiento(paginacion)}) pe
            ORDER BY pe.creado_en DESC, pe.id DESC`,
          // The sums are numeric, unbounded, and read as text to become exact bigints.
          sql<{ total: number; totalCantidad: string; totalCentavos: string }[]>`
            SELECT
              (SELECT count(*) FROM pedidos pe ${condicion}) AS total,
              coalesce(sum(l.cantidad), 0)::text AS total_cantidad,
              coalesce(sum(l.cantidad::numeric * coalesce(l.precio_unitario_centavos, p.precio_centavos)), 0)::text
                AS total_centavos
            FROM pedidos pe
              JOIN lineas_de_pedido l ON l.pedido_id = pe.id
              JOIN productos p ON p.id = l.producto_id
            ${condicion}`,
        ]);
        return ok({
          items: filas.map(aPedido),
          pagina: paginacion.pagina,
          limite: paginacion.limite,
          total: totales?.total ?? 0,
          totalCantidad: BigInt(totales?.totalCantidad ?? 0),
          totalCentavos: BigInt(totales?.totalCentavos ?? 0),
        });
      }),
  };
}
