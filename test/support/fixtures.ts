import { join } from 'node:path';

import { projectRoot } from '../../src/local/paths.js';

/** Shared fixtures live beside the project and are read in place, never copied in. */
export const fixture = (relative: string): string => join(projectRoot, '..', 'shared', 'fixtures', relative);

/** The error a function throws or rejects with; fails the test when it does not throw. */
export async function rejectionOf(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but nothing was thrown');
}
