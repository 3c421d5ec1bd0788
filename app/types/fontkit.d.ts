// fontkit ships no types; the certificate renderer only parses a font file once and hands it to pdfkit.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown
}
