import type { Pedido, Producto } from '../src/index.ts';
import type { ComandoDePedido, Escenario, ResultadoDeComando } from '../src/testing/index.ts';
import { aplicarComando } from '../src/testing/index.ts';

export type Paso = {
  readonly comando: ComandoDePedido;
  readonly antes: Pedido;
  readonly productosAntes: readonly Producto[];
  readonly resultado: ResultadoDeComando;
  readonly despues: Pedido;
  readonly productosDespues: readonly Producto[];
};

/** One instant per step, one second apart, so that every change is datable. */
export function instanteDelPaso(inicio: Date, paso: number): Date {
  return new Date(inicio.getTime() + (paso + 1) * 1000);
}

/**
 * Runs every command of a scenario in turn, as a service would: a successful
 * confirmation replaces the productos it deducted from.
 */
export function recorrer(escenario: Escenario): readonly Paso[] {
  const pasos: Paso[] = [];
  let pedido = escenario.pedido;
  let productos = escenario.productos;
  escenario.comandos.forEach((comando, i) => {
    const resultado = aplicarComando(pedido, productos, comando, instanteDelPaso(pedido.creadoEn, i));
    const antes = pedido;
    const productosAntes = productos;
    if (resultado.isOk()) {
      pedido = resultado.value.pedido;
      if ('productos' in resultado.value) {
        const nuevos = new Map(resultado.value.productos.map((p) => [p.id, p]));
        productos = productos.map((p) => nuevos.get(p.id) ?? p);
      }
    }
    pasos.push({ comando, antes, productosAntes, resultado, despues: pedido, productosDespues: productos });
  });
  return pasos;
}
