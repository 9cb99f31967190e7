/** Length in Unicode code points, so that "ñ" or an emoji counts as one character. */
export function longitudEnCaracteres(texto: string): number {
  let n = 0;
  for (const _ of texto) n++;
  return n;
}
