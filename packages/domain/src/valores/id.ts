import { err, ok, type Result } from 'neverthrow';
import type { Marca } from '../compartido/marca.js';

export type ClienteId = Marca<string, 'ClienteId'>;
export type ProductoId = Marca<string, 'ProductoId'>;
export type PedidoId = Marca<string, 'PedidoId'>;
/** The id of an account, a cliente's or a staff member's: what signs in, not what is ordered. */
export type CuentaId = Marca<string, 'CuentaId'>;

export type Entidad = 'cliente' | 'producto' | 'pedido' | 'cuenta';

export type IdInvalido = {
  readonly kind: 'IdInvalido';
  readonly entidad: Entidad;
  readonly valor: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fabricaDeId<Id extends string>(entidad: Entidad) {
  return {
    /** Accepts a UUID in any case and returns it in its canonical lower-case form. */
    crear(valor: string): Result<Id, IdInvalido> {
      if (!UUID.test(valor)) return err({ kind: 'IdInvalido', entidad, valor });
      return ok(valor.toLowerCase() as Id);
    },
  };
}

export const ClienteId = fabricaDeId<ClienteId>('cliente');
export const ProductoId = fabricaDeId<ProductoId>('producto');
export const PedidoId = fabricaDeId<PedidoId>('pedido');
export const CuentaId = fabricaDeId<CuentaId>('cuenta');

/** The service generates ids; the domain only asks for a function that returns a fresh UUID. */
export type GeneradorDeIds = () => string;
