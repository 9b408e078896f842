import { parseWebConfig, WEB_CONFIG_PATH, type WebConfig } from '../../src/shared/web-config.js';

export type { WebConfig };

/** The environment's settings, fetched fresh on every load: one build serves every environment. */
export async function loadConfig(): Promise<WebConfig> {
  const response = await fetch(WEB_CONFIG_PATH, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${WEB_CONFIG_PATH} answered ${response.status}`);
  const parsed = parseWebConfig(await response.json());
  if ('problems' in parsed) throw new Error(`${WEB_CONFIG_PATH} is invalid: ${parsed.problems.join('; ')}`);
  return parsed.config;
}
