import { err, ok, type Result } from 'neverthrow';

export const ESTADOS_PEDIDO = ['carrito', 'confirmado', 'pagado', 'enviado', 'entregado', 'cancelado'] as const;
export type EstadoPedido = (typeof ESTADOS_PEDIDO)[number];

export const ESTADOS_PRODUCTO = ['activo', 'inactivo'] as const;
export type EstadoProducto = (typeof ESTADOS_PRODUCTO)[number];

export type EstadoInvalido = {
  readonly kind: 'EstadoInvalido';
  readonly de: 'pedido' | 'producto';
  readonly valor: string;
};

function esUno<T extends string>(valores: readonly T[], valor: string): valor is T {
  return (valores as readonly string[]).includes(valor);
}

export const EstadoPedido = {
  crear(valor: string): Result<EstadoPedido, EstadoInvalido> {
    return esUno(ESTADOS_PEDIDO, valor) ? ok(valor) : err({ kind: 'EstadoInvalido', de: 'pedido', valor });
  },
};

export const EstadoProducto = {
  crear(valor: string): Result<EstadoProducto, EstadoInvalido> {
    return esUno(ESTADOS_PRODUCTO, valor) ? ok(valor) : err({ kind: 'EstadoInvalido', de: 'producto', valor });
  },
};
