/** Lambda entry: poster-moderation, fed by the queue subscribed to a video's poster frame. */
import { moderationHandler } from './lambda.js';

export const { handler, batchProcessor } = moderationHandler('poster-moderation');
