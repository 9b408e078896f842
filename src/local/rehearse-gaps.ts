/**
 * Differences the second plan of the apply rehearsal shows only because moto does not keep or
 * return what the AWS provider sent: each is an in-place update of the named attributes, never a
 * replacement. The README ("The apply rehearsal") lists the same gaps; anything else the second
 * plan shows fails the rehearsal.
 */
import type { MotoGap } from './rehearse.js';

export const MOTO_PLAN_GAPS: readonly MotoGap[] = [];
