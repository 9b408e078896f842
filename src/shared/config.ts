/**
 * The one place that reads process.env. Each entry point declares what it needs and gets a typed,
 * frozen object at cold start; a missing or malformed variable fails the cold start with its name
 * instead of a confusing error on the first request.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Environment = Readonly<Record<string, string | undefined>>;

export interface VariableReader<T> {
  read(name: string, env: Environment): T;
}

const present = (name: string, env: Environment): string => {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(`environment variable ${name} is required`);
  return value.trim();
};

export const string = (fallback?: string): VariableReader<string> => ({
  read: (name, env) => (env[name]?.trim() ? present(name, env) : fallback ?? present(name, env)),
});

export const integer = (options: { fallback?: number; min?: number; max?: number } = {}): VariableReader<number> => ({
  read: (name, env) => {
    const raw = env[name]?.trim();
    if (!raw) {
      if (options.fallback !== undefined) return options.fallback;
      return present(name, env) as never;
    }
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ConfigError(`environment variable ${name} must be an integer, got "${raw}"`);
    if (options.min !== undefined && value < options.min) throw new ConfigError(`environment variable ${name} must be at least ${options.min}, got ${value}`);
    if (options.max !== undefined && value > options.max) throw new ConfigError(`environment variable ${name} must be at most ${options.max}, got ${value}`);
    return value;
  },
});

/** A JSON object of strings, e.g. `{"image-variants":"https://sqs..."}`; `{}` when unset. */
export const stringMap = (): VariableReader<Readonly<Record<string, string>>> => ({
  read: (name, env) => {
    const raw = env[name]?.trim();
    if (!raw) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError(`environment variable ${name} must be a JSON object, got "${raw.slice(0, 80)}"`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string' && v !== '')) {
      throw new ConfigError(`environment variable ${name} must be a JSON object of non-empty strings`);
    }
    return parsed as Record<string, string>;
  },
});

export const boolean = (fallback: boolean): VariableReader<boolean> => ({
  read: (name, env) => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new ConfigError(`environment variable ${name} must be true or false, got "${raw}"`);
  },
});

export type ConfigSpec<T> = { readonly [K in keyof T]: VariableReader<T[K]> };

/** Reads every variable and reports all problems at once, each with its variable's name. */
export function loadConfig<T>(spec: ConfigSpec<T>, env: Environment = process.env): Readonly<T> {
  const problems: string[] = [];
  const config = {} as T;
  for (const name of Object.keys(spec) as (keyof T & string)[]) {
    try {
      config[name] = spec[name].read(name, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return Object.freeze(config);
}

/** Settings every deployed function shares; Terraform sets them, and the local stack mirrors it. */
export interface AwsRuntimeConfig {
  readonly S3_FORCE_PATH_STYLE: boolean;
}

export const awsRuntimeSpec: ConfigSpec<AwsRuntimeConfig> = {
  S3_FORCE_PATH_STYLE: boolean(false),
};
