// Generated from src/api/openapi.json by `npm run -s gen:api` (tools/api/validators.ts). Do not edit.
import type { ValidateFunction } from 'ajv';

/** Each operation's validator, by `METHOD /path`. */
export declare const byRoute: Readonly<Record<string, ValidateFunction>>;
