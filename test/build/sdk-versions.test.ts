/**
 * One AWS SDK version line: no @aws-sdk/*, @smithy/* or @aws-lambda-powertools/* package may be
 * installed in two versions (Powertools' commons was, at 2.35.0 and 2.36.0). A second copy is bundled too (a second, partial client-s3 in the API zip, once) and makes its
 * types clash with the first, which is how casts creep in. Read from package-lock.json, which is
 * exactly what `npm ci` installs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { projectRoot } from '../../src/local/paths.js';

interface Lockfile {
  readonly packages: Readonly<Record<string, { readonly version?: string; readonly dev?: boolean }>>;
}

const SDK_PACKAGE = /(?:^|\/)node_modules\/(@(?:aws-sdk|smithy|aws-lambda-powertools)\/[^/]+)$/;

/** Every SDK package installed in more than one version, with its versions. */
export function sdkPackagesInSeveralVersions(lock: Lockfile): Record<string, string[]> {
  const versions = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = SDK_PACKAGE.exec(path)?.[1];
    if (!name || !entry.version) continue;
    versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
  }
  return Object.fromEntries([...versions].filter(([, seen]) => seen.size > 1).map(([name, seen]) => [name, [...seen].sort()]));
}

describe('AWS SDK versions', () => {
  const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as Lockfile;

  it('installs every @aws-sdk, @smithy and @aws-lambda-powertools package in one version only', () => {
    const sdkPackages = Object.keys(lock.packages).filter((path) => SDK_PACKAGE.test(path));
    expect(sdkPackages.length, 'SDK packages in the lockfile').to.be.greaterThan(20);
    expect(sdkPackagesInSeveralVersions(lock)).to.deep.equal({});
  });

  it('notices a package nested under another in a second version', () => {
    const nested: Lockfile = {
      packages: {
        'node_modules/@aws-sdk/client-s3': { version: '3.1175.0' },
        'node_modules/@aws-sdk/s3-presigned-post': { version: '3.1164.0' },
        'node_modules/@aws-sdk/s3-presigned-post/node_modules/@aws-sdk/client-s3': { version: '3.1164.0' },
        'node_modules/@smithy/core': { version: '3.41.1' },
      },
    };
    expect(sdkPackagesInSeveralVersions(nested)).to.deep.equal({ '@aws-sdk/client-s3': ['3.1164.0', '3.1175.0'] });
  });

  it('pins each AWS SDK and Powertools dependency of package.json to an exact version', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const ranges = Object.entries(manifest.dependencies).filter(([name, version]) => /^@(?:aws-sdk|aws-lambda-powertools)\//.test(name) && !/^\d+\.\d+\.\d+$/.test(version));
    expect(ranges, 'dependencies given as ranges').to.deep.equal([]);
  });
});
