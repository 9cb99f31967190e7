import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the test controls, between the service and its PostgreSQL: it can
 * cut the database off (refusing connections and dropping the open ones), make it
 * a black hole (accepting connections and never answering), and restore it.
 */
export type ProxyTcp = {
  readonly puerto: number;
  cortar(): Promise<void>;
  agujeroNegro(): void;
  restaurar(): Promise<void>;
  cerrar(): Promise<void>;
};

export async function abrirProxyTcp(destino: { host: string; puerto: number }): Promise<ProxyTcp> {
  const abiertos = new Set<Socket>();
  let modo: 'pasar' | 'agujero' = 'pasar';
  let servidor: Server | undefined;
  let puerto = 0;

  const escuchar = async () => {
    const nuevo = createServer((cliente) => {
      abiertos.add(cliente);
      cliente.on('close', () => abiertos.delete(cliente));
      cliente.on('error', () => cliente.destroy());
      if (modo === 'agujero') return;
      const remoto = connect(destino.puerto, destino.host);
      abiertos.add(remoto);
      remoto.on('close', () => {
        abiertos.delete(remoto);
        cliente.destroy();
      });
      remoto.on('error', () => remoto.destroy());
      cliente.on('close', () => remoto.destroy());
      cliente.pipe(remoto);
      remoto.pipe(cliente);
    });
    nuevo.listen(puerto, '127.0.0.1');
    await once(nuevo, 'listening');
    const direccion = nuevo.address();
    if (direccion === null || typeof direccion === 'string') throw new Error('sin puerto');
    puerto = direccion.port;
    servidor = nuevo;
  };

  const dejarDeEscuchar = async () => {
    const actual = servidor;
    servidor = undefined;
    for (const socket of abiertos) socket.destroy();
    if (actual !== undefined) await new Promise<void>((resolver) => actual.close(() => resolver()));
  };

  await escuchar();
  return {
    get puerto() {
      return puerto;
    },
    cortar: dejarDeEscuchar,
    agujeroNegro: () => {
      modo = 'agujero';
      for (const socket of abiertos) socket.destroy();
    },
    restaurar: async () => {
      modo = 'pasar';
      if (servidor === undefined) await escuchar();
    },
    cerrar: dejarDeEscuchar,
  };
}
