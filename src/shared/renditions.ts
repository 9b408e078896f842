/**
 * Renditions (derived objects) as every component stores and reads them: the image processor and
 * the video worker write them, the API signs URLs for them, the media CLI saves them as files.
 */

/**
 * Keys never change content: a new upload is a new media id, and a new recipe a new version in the
 * key. So caches, CloudFront's and the browser's, may keep them for good.
 */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const EXTENSIONS: Readonly<Record<string, string>> = { jpeg: 'jpg', webp: 'webp', png: 'png', avif: 'avif' };

/** A rendition's file name under its media id, from its recipe name and format: `thumb.webp`. */
export const variantFileName = (variant: { name: string; format: string }): string => `${variant.name}.${EXTENSIONS[variant.format] ?? variant.format}`;

/**
 * The version of each rendition-producing processor's recipe (sizes, formats, quality, effort),
 * part of every rendition key. A changed recipe needs a new version, or it would reuse keys that
 * caches hold for a year: test/shared/recipes.test.ts pins the recipe of every version and fails
 * until the version goes up. `npm run reprocess -- --processor <name> --stale` then re-renders the
 * media made with an older one.
 */
export const RECIPE_VERSIONS: Readonly<Record<string, number>> = { 'image-variants': 2, 'video-transcode': 1 };

/** Where a rendition lives: `derived/<mediaId>/v<recipe version>/<file name>`. */
export const renditionKey = (mediaId: string, recipeVersion: number, fileName: string): string => `derived/${mediaId}/v${recipeVersion}/${fileName}`;

/** A rendition as the processors record it under a media item's `variants`. */
export interface StoredRendition {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly bytes: number;
}

/** A rendition as a reader may find it: records written before a field existed lack that field. */
export type StoredRenditionRecord = Pick<StoredRendition, 'key'> & Partial<Omit<StoredRendition, 'key'>>;
