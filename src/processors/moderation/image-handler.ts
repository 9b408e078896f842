/** Lambda entry: image-moderation, fed by the queue subscribed to the derived `web` rendition. */
import { moderationHandler } from './lambda.js';

export const { handler, batchProcessor } = moderationHandler('image-moderation');
