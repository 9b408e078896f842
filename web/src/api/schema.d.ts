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
        /** @description Renames, describes or sets the cover. 400 when the cover is not an item of this album, 409 when it is not ready yet. */
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
        /** @description Records a media item (status uploading, removed by TTL if nothing arrives) and returns a presigned POST pinning the key originals/{class}/{mediaId}.{ext}, the Content-Type and a content-length range up to the declared bytes. Images: jpeg, png, webp, gif, tiff, avif, heic, heif (50 MB by default); videos: mp4, quicktime, webm, x-matroska (5 GB by default). With sha256, a file the caller already has (same bytes, any album) is answered 200 with that item instead. */
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
        /** @description Newest uploaded first, or with sort=taken newest taken first. */
        get: operations["listAlbumMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description All of the caller's media across albums, newest taken first; `from`/`to` narrow it to a time range. */
        get: operations["listTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/months": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description How many of the caller's media were taken in each month, for a timeline scrubber. */
        get: operations["timelineMonths"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Deletes or moves up to 100 of the caller's items in one call. Each item succeeds or fails on its own, and the answer says which; repeating the call is harmless (deleted items answer not_found, moved ones unchanged). */
        post: operations["bulkMedia"];
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
        /** @description Sets the caption, moves the item to another of the caller's albums (a chosen cover of the album it leaves falls back to automatic) and/or allows a flagged or unchecked item into share links. 409 when allowInShares is true for an item that moderation has not held back. */
        patch: operations["updateMedia"];
        trace?: never;
    };
    "/api/media/{mediaId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        /** @description A signed URL of the original file, valid for minutes (shorter than rendition URLs); the download is saved under the uploaded file name. 409 while the upload has not arrived. */
        get: operations["downloadOriginal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/{mediaId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Sends a failed item back to the processors that failed it, when the failure was not in the file (`retryable`). Repeating the call while it is processing again changes nothing. 409 when the item has not failed or its failure cannot be cured by retrying. */
        post: operations["retryMedia"];
        delete?: never;
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
    "/api/albums/{albumId}/shares": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
            };
            cookie?: never;
        };
        /** @description The album's share links, newest first, without their tokens. */
        get: operations["listShares"];
        put?: never;
        /** @description Makes a read-only link to the album. The token is in this response only. */
        post: operations["createShare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/albums/{albumId}/shares/{shareId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
                shareId: components["parameters"]["ShareId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Revokes the link: from the next request on it answers as an unknown one. Repeating the call answers 404. */
        delete: operations["revokeShare"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Anyone with the token: the shared album. An unknown, revoked or expired token, or one whose album was deleted, all answer the same 404. */
        get: operations["viewShare"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Anyone with the token: the album's ready items, newest taken first, with short-lived signed URLs. */
        get: operations["viewSharedMedia"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shared/media/{mediaId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        /** @description Anyone with the token of a link that allows downloads: the original of one of its ready items. 404 when the link does not allow downloads or the item is not one it shows. */
        get: operations["downloadSharedOriginal"];
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
            /** @description a ready item of this album to show as its cover; null returns to the automatic cover */
            coverMediaId?: string | null;
        };
        Album: {
            albumId: string;
            name: string;
            description?: string;
            /** @description how many photos and videos the album holds: counts.photos + counts.videos */
            mediaCount: number;
            /** @description signed URL (with width and height) of the cover's thumb: the chosen cover while it is in the album and ready, otherwise the newest ready item's; absent while the album has none */
            cover?: components["schemas"]["Variant"];
            createdAt: string;
            updatedAt: string;
            counts: components["schemas"]["AlbumCounts"];
            /** @description the item the owner chose as cover; absent when the cover is automatic (the newest ready item) */
            coverMediaId?: string;
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
            /** @description The file's SHA-256, base64 (44 characters). With it the API answers 200 with the caller's item of the same bytes instead of a new upload, and S3 refuses any other bytes under this upload (the processors check again). Without it neither happens. */
            sha256?: string;
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
            /** @description when the photo or video was taken, as a UTC instant: the order of the timeline and of `sort=taken`. The upload time until processing finds a capture time (and for files without one). A camera time without a zone offset is read as UTC, so it orders with the wall clock the person saw. */
            takenAt: string;
            /** @description the capture time exactly as the camera wrote it (EXIF DateTimeOriginal, QuickTime/MP4 creation_time), ISO 8601; with an offset only when the file has one. Absent when the file has none. */
            capturedAt?: string;
            /** @description camera make and model, when the file names them */
            camera?: string;
            /** @description a video's length */
            durationSeconds?: number;
            /** @description upright width of the original, once processed */
            width?: number;
            /** @description upright height of the original, once processed */
            height?: number;
            /** @description the owner's caption */
            caption?: string;
            /** @description where the photo was taken (EXIF GPS). Only in GET /api/media/{mediaId}?include=location: never in listings, never in renditions. */
            location?: components["schemas"]["Location"];
            /** @description why processing failed, as a code */
            failureCode?: string;
            /** @description true when a failed item can be retried (POST /api/media/{mediaId}/retry): the failure was not in the file itself */
            retryable?: boolean;
            moderation: components["schemas"]["Moderation"];
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
        Location: {
            latitude: number;
            longitude: number;
            altitudeMeters?: number;
        };
        /** @description kept on the album as items arrive, move, fail, are retried and are deleted, so a listing reads no media. An upload counts from when its bytes arrive, not while it is still uploading. */
        AlbumCounts: {
            photos: number;
            videos: number;
            /** @description of the photos and videos, how many failed processing */
            failed: number;
        };
        UpdateMediaRequest: {
            /** @description an empty string removes the caption */
            caption?: string;
            /** @description moves the item to this album of the caller's */
            albumId?: string;
            /** @description true shows a flagged or unchecked item through the album's share links (409 while it is pending or clear); false holds it back again */
            allowInShares?: boolean;
        };
        MonthCount: {
            /** @description YYYY-MM of takenAt (UTC) */
            month: string;
            count: number;
        };
        MonthSummary: {
            /** @description newest month first; months without media are left out */
            months: components["schemas"]["MonthCount"][];
        };
        OriginalDownload: {
            /** @description a short-lived signed URL of the original; the response carries Content-Disposition: attachment with the file's name */
            url: string;
            expiresAt: string;
            /** @description the name the download is saved under: the uploaded name, sanitised */
            fileName: string;
            bytes?: number;
        };
        /** @description `move` needs `albumId`, one of the caller's albums */
        BulkMediaRequest: {
            /** @enum {unknown} */
            action: "delete" | "move";
            mediaIds: string[];
            albumId?: string;
        };
        BulkMediaResult: {
            /** @description one per requested id, in request order */
            results: {
                mediaId: string;
                /**
                 * @description `unchanged`: already in the target album; `not_found`: no such item of the caller's (also when already deleted); `failed`: this item could not be done now, the others were
                 * @enum {unknown}
                 */
                outcome: "deleted" | "moved" | "unchanged" | "not_found" | "failed";
                error?: components["schemas"]["ErrorDetail"];
            }[];
        };
        ErrorDetail: {
            code: string;
            message: string;
        };
        CreateShareRequest: {
            /** @description when the link stops working (RFC 3339, in the future, at most a year away); absent: until revoked */
            expiresAt?: string;
            /**
             * @description whether viewers may download originals
             * @default false
             */
            allowDownload: boolean;
        };
        Share: {
            shareId: string;
            albumId: string;
            allowDownload: boolean;
            createdAt: string;
            /** @description absent: until revoked */
            expiresAt?: string;
            /** @description true once expiresAt has passed */
            expired?: boolean;
        };
        /** @description a new link: the Share fields and its token */
        CreatedShare: {
            shareId: string;
            albumId: string;
            allowDownload: boolean;
            createdAt: string;
            /** @description absent: until revoked */
            expiresAt?: string;
            /** @description true once expiresAt has passed */
            expired?: boolean;
            /** @description shown once, here: only its SHA-256 is stored, so a lost token cannot be shown again (make a new link) */
            token: string;
        };
        SharePage: {
            items: components["schemas"]["Share"][];
        };
        /** @description what a share link shows of its album: no owner, no other albums, no ids of anything but the items */
        SharedAlbum: {
            name: string;
            description?: string;
            allowDownload: boolean;
            expiresAt?: string;
        };
        /** @description a ready item as a share link shows it: no file name, labels, camera, location or owner */
        SharedMedia: {
            mediaId: string;
            /** @enum {unknown} */
            mediaClass: "image" | "video";
            takenAt: string;
            caption?: string;
            width?: number;
            height?: number;
            durationSeconds?: number;
            variants: {
                [key: string]: components["schemas"]["Variant"];
            };
        };
        SharedMediaPage: {
            items: components["schemas"]["SharedMedia"][];
            nextCursor?: string;
        };
        SharedDownload: {
            url: string;
            expiresAt: string;
            /** @description a neutral name (the capture date and the type), not the owner's file name */
            fileName: string;
        };
        /** @description What moderation found. Share links show an item only when its state is `clear`, or when its owner has allowed it after it was held back. */
        Moderation: {
            /**
             * @description `pending`: not checked yet; `clear`: nothing found; `flagged`: found (see categories); `unchecked`: could not be checked (too small for the service, or it kept failing)
             * @enum {string}
             */
            state: "pending" | "clear" | "flagged" | "unchecked";
            /** @description top-level moderation categories that flagged the item, strongest first, e.g. `Violence` */
            categories: string[];
            /** @description the owner has allowed this flagged or unchecked item into share links; a later finding of another category needs a new decision */
            allowed: boolean;
        };
        /** @description The caller already has these bytes: nothing is stored or processed again. Moving the existing item (PATCH /api/media/{mediaId} with albumId) puts it in another album. */
        DuplicateUpload: {
            existing: components["schemas"]["Media"];
            /** @description the name of the album the existing item is in */
            albumName: string;
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
        /** @description too many requests from this client; try again later */
        TooManyRequests: {
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
        /** @description newest uploaded first, or newest taken first */
        Sort: "uploaded" | "taken";
        /** @description only media taken at or after this instant (RFC 3339) or a date (YYYY-MM-DD, midnight UTC) */
        From: string;
        /** @description only media taken before this instant (RFC 3339) or a date (YYYY-MM-DD, midnight UTC) */
        To: string;
        /** @description `location` adds the capture location, when the file had one */
        Include: "location";
        /** @description the token of a share link. Sent as a header, never in a path or query, so it stays out of access logs; the web app keeps it in the page URL's fragment, which browsers never send. */
        ShareToken: string;
        ShareId: string;
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
            409: components["responses"]["Conflict"];
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
            /** @description the caller already has a file with this sha256 that is not failed or being deleted; no upload is issued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DuplicateUpload"];
                };
            };
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
                /** @description newest uploaded first, or newest taken first */
                sort?: components["parameters"]["Sort"];
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
    listTimeline: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
                /** @description only media taken at or after this instant (RFC 3339) or a date (YYYY-MM-DD, midnight UTC) */
                from?: components["parameters"]["From"];
                /** @description only media taken before this instant (RFC 3339) or a date (YYYY-MM-DD, midnight UTC) */
                to?: components["parameters"]["To"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the media, newest taken first */
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
    timelineMonths: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description counts per month */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            500: components["responses"]["InternalError"];
        };
    };
    bulkMedia: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkMediaRequest"];
            };
        };
        responses: {
            /** @description what became of each item */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkMediaResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    getMedia: {
        parameters: {
            query?: {
                /** @description `location` adds the capture location, when the file had one */
                include?: components["parameters"]["Include"];
            };
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
    updateMedia: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMediaRequest"];
            };
        };
        responses: {
            /** @description the updated item */
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
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["InternalError"];
        };
    };
    downloadOriginal: {
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
            /** @description the download */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OriginalDownload"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            500: components["responses"]["InternalError"];
        };
    };
    retryMedia: {
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
            /** @description the item, processing again */
            202: {
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
            409: components["responses"]["Conflict"];
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
    listShares: {
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
            /** @description the links */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            500: components["responses"]["InternalError"];
        };
    };
    createShare: {
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
                "application/json": components["schemas"]["CreateShareRequest"];
            };
        };
        responses: {
            /** @description the link, with its token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedShare"];
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
    revokeShare: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                albumId: components["parameters"]["AlbumId"];
                shareId: components["parameters"]["ShareId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description revoked */
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
    viewShare: {
        parameters: {
            query?: never;
            header: {
                /** @description the token of a share link. Sent as a header, never in a path or query, so it stays out of access logs; the web app keeps it in the page URL's fragment, which browsers never send. */
                "x-share-token": components["parameters"]["ShareToken"];
            };
            path?: never;
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
                    "application/json": components["schemas"]["SharedAlbum"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    viewSharedMedia: {
        parameters: {
            query?: {
                limit?: components["parameters"]["Limit"];
                /** @description nextCursor of the previous page, unchanged. */
                cursor?: components["parameters"]["Cursor"];
            };
            header: {
                /** @description the token of a share link. Sent as a header, never in a path or query, so it stays out of access logs; the web app keeps it in the page URL's fragment, which browsers never send. */
                "x-share-token": components["parameters"]["ShareToken"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedMediaPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    downloadSharedOriginal: {
        parameters: {
            query?: never;
            header: {
                /** @description the token of a share link. Sent as a header, never in a path or query, so it stays out of access logs; the web app keeps it in the page URL's fragment, which browsers never send. */
                "x-share-token": components["parameters"]["ShareToken"];
            };
            path: {
                mediaId: components["parameters"]["MediaId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the download */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedDownload"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
