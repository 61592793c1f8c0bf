/** lz4js ships without types; only what the Feather reader uses is declared. */
declare module 'lz4js' {
  /** Decompresses one LZ4 frame. */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
