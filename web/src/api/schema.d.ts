// Generated from src/api/openapi.json by `npm run -s gen:api` (web/api-types.mjs). Do not edit.

export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Newest first, each album with its media count and cover. */
        get: operations["listAlbums"];
        put?: never;
        post: operations["createAlbum"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{albumId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        get: operations["getAlbum"];
        put?: never;
        post?: never;
        /** @description Deletes the album and all its media (items, originals, derived objects, labels); the album's mediaCount says how many go with it. The album is gone for every read and takes no upload from this response on; its media are removed in the background within minutes. Repeating the call is harmless. */
        delete: operations["deleteAlbum"];
        options?: never;
        head?: never;
        patch: operations["updateAlbum"];
        trace?: never;
    };
    "/api/albums/{albumId}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Records a media item (status uploading, removed by TTL if nothing arrives) and returns a presigned POST pinning the key originals/{class}/{mediaId}.{ext}, the Content-Type and a content-length range up to the declared bytes. Images: jpeg, png, webp, gif, tiff, avif, heic, heif (50 MB by default); videos: mp4, quicktime, webm, x-matroska (5 GB by default). */
        post: operations["createUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{albumId}/media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        /** @description Newest first. */
        get: operations["listAlbumMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{mediaId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        get: operations["getMedia"];
        put?: never;
        post?: never;
        /** @description Removes the item, its labels, the original and every derived object. A retry after a partial failure completes the deletion; once gone, the id answers 404. */
        delete: operations["deleteMedia"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The caller's labels, each with how many of their media carry it, in label order. */
        get: operations["listLabels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/labels/{label}/media": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                label: string;
            };
            cookie?: never;
        };
        /** @description The caller's media carrying a label (case-insensitive), newest first. */
        get: operations["listLabelMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        Health: {
            /** @constant */
            status: "ok";
        };
        CreateAlbumRequest: {
            name: string;
            description?: string;
        };
        UpdateAlbumRequest: {
            name?: string;
            description?: string;
        };
        Album: {
            albumId: string;
            name: string;
            description?: string;
            /** @description how many media items the album holds (uploading, processing, ready and failed; not those being deleted) */
            mediaCount: number;
            /** @description signed URL (with width and height) of the thumb of the album's newest ready item; absent while the album has none */
            cover?: components["schemas"]["Variant"];
            createdAt: string;
            updatedAt: string;
        };
        AlbumPage: {
            items: components["schemas"]["Album"][];
            nextCursor?: string;
        };
        CreateUploadRequest: {
            fileName: string;
            /**
             * @description The file's type; the API takes these twelve (src/shared/media-types.ts) and answers 415 to any other.
             * @enum {string}
             */
            contentType: "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "image/tiff" | "image/avif" | "image/heic" | "image/heif" | "video/mp4" | "video/quicktime" | "video/webm" | "video/x-matroska";
            /** @description The file's size. The deployment caps each class (by default 50 MiB for images, 5 GiB for videos, the largest single POST S3 accepts); above its class's cap the API answers 413. */
            bytes: number;
        };
        UploadResponse: {
            mediaId: string;
            upload: {
                url: string;
                fields: {
                    [key: string]: string;
                };
                expiresAt: string;
            };
        };
        Variant: {
            url: string;
            expiresAt: string;
            width?: number;
            height?: number;
            format?: string;
            bytes?: number;
        };
        Media: {
            mediaId: string;
            albumId: string;
            /** @enum {unknown} */
            mediaClass: "image" | "video";
            /** @enum {unknown} */
            status: "uploading" | "processing" | "ready" | "failed";
            failureReason?: string;
            fileName: string;
            contentType: string;
            createdAt: string;
            updatedAt?: string;
            labels?: string[];
            /** @description signed URLs of the variants produced so far, by name (thumb, mobile, web...) */
            variants: {
                [key: string]: components["schemas"]["Variant"];
            };
        };
        MediaPage: {
            items: components["schemas"]["Media"][];
            nextCursor?: string;
        };
        LabelPage: {
            items: {
                /** @description lower-case key, as used in /api/labels/{label}/media */
                label: string;
                displayName: string;
                count: number;
            }[];
            nextCursor?: string;
        };
    };
    responses: {
        /** @description invalid JSON, a body or query that does not match this document (unknown fields and unknown query parameters included), or a forged cursor */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description no valid token */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description missing, or not the caller's */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description the resource changed or already exists */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description request body over the limit, or an upload over its media class's cap */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description a content type no media class accepts */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description an unexpected failure; the body never carries AWS error text or a stack trace */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        Limit: number;
        /** @description nextCursor of the previous page, unchanged. */
        Cursor: string;
        AlbumId: string;
        MediaId: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the API answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    listAlbums: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the caller's albums */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlbumPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
    createAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAlbumRequest"];
            };
        };
        responses: {
            /** @description the new album */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the album */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description closed, and queued for deletion */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    updateAlbum: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAlbumRequest"];
            };
        };
        responses: {
            /** @description the updated album */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Album"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    createUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUploadRequest"];
            };
        };
        responses: {
            /** @description post the file to upload.url with upload.fields, then the file as the last field */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    listAlbumMedia: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the album's media */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    getMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the media item with signed URLs of its ready variants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    listLabels: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description labels with counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
    listLabelMedia: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                label: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description media with the label */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
}
