declare const marca: unique symbol;

/**
 * A nominal ("branded") type: a `Marca<string, 'PedidoId'>` is a string that only a
 * smart constructor can produce, so a `ProductoId` cannot be passed where a
 * `ClienteId` is expected.
 */
export type Marca<T, M extends string> = T & { readonly [marca]: M };
