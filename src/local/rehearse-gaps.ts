/**
 * Differences the second plan of the apply rehearsal may show only because moto does not keep or
 * return what the AWS provider sent: each is an in-place update of the named attributes, never a
 * replacement, and the rehearsal reports it as such; any other difference fails the rehearsal.
 * Empty: every such difference found so far was fixed in moto itself (tools/moto/terraform_gaps.py),
 * which keeps the second plan honest. Add one here, with its reason, only for a gap that cannot
 * be fixed there, and list it in the README ("The apply rehearsal").
 */
import type { MotoGap } from './rehearse.js';

export const MOTO_PLAN_GAPS: readonly MotoGap[] = [];
