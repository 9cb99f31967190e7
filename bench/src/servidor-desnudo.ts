/**
 * The floor of a read: a bare `node:http` server that answers every request
 * with the same bytes, those of one answer of the service (status, headers,
 * body), given as JSON in `RESPUESTA_DESNUDA`. It does nothing else: no
 * routing, no database, no log. Started by `suelo-http.ts`.
 */
import { createServer } from 'node:http';

type Respuesta = { status: number; cabeceras: Record<string, string>; cuerpo: string };

const texto = process.env.RESPUESTA_DESNUDA;
if (texto === undefined) throw new Error('RESPUESTA_DESNUDA is not set');
const { status, cabeceras, cuerpo } = JSON.parse(texto) as Respuesta;
const bytes = Buffer.from(cuerpo);
const todas = { ...cabeceras, 'content-length': String(bytes.byteLength) };

const servidor = createServer((_peticion, respuesta) => {
  respuesta.writeHead(status, todas);
  respuesta.end(bytes);
});
servidor.listen(0, '127.0.0.1', () => {
  const direccion = servidor.address();
  if (direccion === null || typeof direccion === 'string') throw new Error('no port');
  console.log(`listening on http://127.0.0.1:${direccion.port}`);
});
process.on('SIGTERM', () => servidor.close(() => process.exit(0)));
