/**
 * Secrets the API reads from SSM Parameter Store (SecureString, decrypted): the CloudFront key
 * group's private key and the cursor key. Each is read at most once per container, on first use,
 * so a cold start that never needs one pays no SSM call; a failed read is not cached, so a
 * throttled or denied call is retried by the next request instead of poisoning the container.
 */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export type Secret = () => Promise<string>;

/** Calls `load` once and keeps its value; after a rejection the next call loads again. */
export function cachedOnce(load: Secret): Secret {
  let value: Promise<string> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** The decrypted value of an SSM SecureString parameter, read once per container. */
export const ssmSecureString = (ssm: SSMClient, name: string): Secret =>
  cachedOnce(async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (!Parameter?.Value) throw new Error(`SSM parameter ${name} has no value`);
    return Parameter.Value;
  });
