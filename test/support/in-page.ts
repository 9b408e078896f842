/**
 * The little of the DOM that functions run inside the page (page.evaluate, waitForFunction) touch,
 * typed here because the Node test program has no DOM library. Callbacks read their globals as
 * `globalThis as unknown as PageGlobals`; the types vanish when Playwright serialises the function.
 */
export interface PageImage {
  readonly complete: boolean;
  readonly naturalWidth: number;
  readonly currentSrc: string;
  readonly width: number;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
}

export interface PageGlobals {
  readonly document: {
    querySelectorAll(selector: string): Iterable<PageImage> & { readonly length: number };
    querySelector(selector: string): { readonly textContent: string | null } | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
  readonly innerHeight: number;
  readonly __cls: number;
}
