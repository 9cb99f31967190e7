export { type App, crearApp } from './app.ts';
export { type CacheDelCatalogo, sinCache } from './cache-del-catalogo.ts';
export { type CasosDeUso, casosDeUso, type Dependencias } from './casos-de-uso.ts';
export { type Fichas, fichas } from './comun/fichas.ts';
export { type Configuracion, leerConfiguracion } from './configuracion.ts';
export { INTENTOS_DE_ACCESO, type Limitador, limitador } from './limites.ts';
export { documentoOpenApi, textoOpenApi } from './openapi.ts';
export { crearRegistro, type Registro } from './registro.ts';
export { iniciarServicio, type Servicio } from './servicio.ts';
