/**
 * The part of libheif-js (Emscripten build of libheif with libde265) that heic.ts uses. The
 * package ships no types for its JavaScript wrapper; these follow libheif-js 1.23.2 (pinned with
 * --save-exact, since this is its internal embind surface, not a documented API).
 *
 * `libheif-bundle.mjs` is the ES module build with the wasm inlined as base64: it needs no file
 * next to it at run time, so an esbuild bundle carries it whole (nothing to copy into the zip).
 */
declare module 'libheif-js/libheif-wasm/libheif-bundle.mjs' {
  /** An embind enum value: compare by identity. */
  export type EnumValue = { readonly value: number };

  export interface HeifImageHandle {
    readonly handle: unknown;
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    has_alpha_channel(): boolean;
    free(): void;
  }

  export interface HeifDecoder {
    /** The embind heif_context the last decode() allocated (null before the first call). */
    decoder: unknown;
    /** Every top-level image; an empty array when the bytes cannot be parsed (it logs why). */
    decode(bytes: Uint8Array): HeifImageHandle[];
  }

  export interface DecodedPlane {
    readonly id: EnumValue;
    readonly stride: number;
    /** A view into the wasm heap: copy it before releasing the image. */
    readonly data: Uint8Array;
    readonly width: number;
    readonly height: number;
    readonly bits_per_pixel: number;
  }

  export interface DecodedImage {
    readonly code?: EnumValue;
    readonly message?: string;
    readonly image: unknown;
    readonly width: number;
    readonly height: number;
    readonly channels: DecodedPlane[];
  }

  export interface LibHeif {
    readonly ready?: Promise<unknown>;
    readonly HeifDecoder: new () => HeifDecoder;
    readonly heif_colorspace: { readonly heif_colorspace_RGB: EnumValue };
    readonly heif_chroma: { readonly heif_chroma_interleaved_RGB: EnumValue; readonly heif_chroma_interleaved_RGBA: EnumValue };
    readonly heif_channel: { readonly heif_channel_interleaved: EnumValue };
    heif_js_decode_image2(handle: unknown, colorspace: EnumValue, chroma: EnumValue): DecodedImage | Promise<DecodedImage>;
    heif_image_release(image: unknown): void;
    heif_context_free(context: unknown): void;
  }

  const createLibHeif: (options?: Record<string, unknown>) => LibHeif;
  export default createLibHeif;
}
