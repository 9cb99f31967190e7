/**
 * The floor of `GET /productos/{id}`: what one Node process can answer on this
 * machine under the same load when it does nothing but write the bytes of the
 * service's answer (`servidor-desnudo.ts`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { detenerHijo, direccionAnunciada } from './servicio.ts';

/** Headers node:http writes itself. */
const DEL_TRANSPORTE = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

export type RespuestaCapturada = {
  readonly status: number;
  readonly cabeceras: Readonly<Record<string, string>>;
  readonly cuerpo: string;
};

/** One answer of the service to `GET ruta`, as its bytes came. */
export function capturarRespuesta(url: string, token: string, ruta: string): Promise<RespuestaCapturada> {
  return new Promise((resolver, rechazar) => {
    const peticion = request(`${url}${ruta}`, { headers: { authorization: `Bearer ${token}` } }, (respuesta) => {
      const trozos: Buffer[] = [];
      respuesta.on('data', (trozo: Buffer) => trozos.push(trozo));
      respuesta.on('end', () => {
        const cabeceras: Record<string, string> = {};
        for (const [nombre, valor] of Object.entries(respuesta.headers)) {
          if (!DEL_TRANSPORTE.has(nombre) && typeof valor === 'string') cabeceras[nombre] = valor;
        }
        resolver({ status: respuesta.statusCode ?? 0, cabeceras, cuerpo: Buffer.concat(trozos).toString() });
      });
      respuesta.on('error', rechazar);
    });
    peticion.on('error', rechazar);
    peticion.end();
  });
}

export type SueloHttp = { readonly url: string; readonly hijo: ChildProcess; detener(): Promise<void> };

/** Starts the bare server on `respuesta`, in a process of its own as the service is. */
export async function arrancarSueloHttp(respuesta: RespuestaCapturada): Promise<SueloHttp> {
  const hijo = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./servidor-desnudo.ts', import.meta.url).pathname],
    { env: { ...process.env, RESPUESTA_DESNUDA: JSON.stringify(respuesta) }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await direccionAnunciada(hijo);
  return {
    url,
    hijo,
    detener: () => detenerHijo(hijo),
  };
}
