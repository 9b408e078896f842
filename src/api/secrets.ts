/**
 * Secrets the API reads from SSM Parameter Store (SecureString, decrypted): the CloudFront key
 * group's private key and the cursor key. Each is read at most once per container, on first use,
 * so a cold start that never needs one pays no SSM call and does not even load the SSM client
 * (build.mjs puts it in a chunk of its own; `npm run -s bench:api`); a failed read is not cached,
 * so a throttled or denied call is retried by the next request instead of poisoning the container.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';

import { cachedOnce } from '../shared/cached-once.js';

export type Secret = () => Promise<string>;

/** The SSM client the API shares between its parameters, made (and its module loaded) on first use. */
export const lazySsmClient = (client?: SSMClient): (() => Promise<SSMClient>) =>
  cachedOnce(async () => client ?? new (await import('@aws-sdk/client-ssm')).SSMClient({}));

/** The decrypted value of an SSM SecureString parameter, read on every call. */
export const readSsmSecureString = (ssm: () => Promise<SSMClient>, name: string): Secret => async () => {
  const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const { Parameter } = await (await ssm()).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  if (!Parameter?.Value) throw new Error(`SSM parameter ${name} has no value`);
  return Parameter.Value;
};

/** The decrypted value of an SSM SecureString parameter, read once per container. */
export const ssmSecureString = (ssm: () => Promise<SSMClient>, name: string): Secret => cachedOnce(readSsmSecureString(ssm, name));
