import { DetectModerationLabelsCommand, ImageTooLargeException, InvalidS3ObjectException, RekognitionClient, ThrottlingException } from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { detectModeration } from '../../../src/processors/moderation/moderation.js';
import { PermanentError, TransientError } from '../../../src/shared/errors.js';
import { type MediaItem, processorAttribute } from '../../../src/shared/media-store.js';
import { canBeAllowed, isClearedForSharing, moderationOf } from '../../../src/shared/moderation.js';
import { rejectionOf } from '../../support/fixtures.js';

describe('detectModeration', () => {
  // Patched only while this suite runs, so the integration tests' clients reach moto.
  const mockRekognition = () => mockClient(RekognitionClient);
  let rekognition: ReturnType<typeof mockRekognition>;
  const client = new RekognitionClient({ region: 'ap-southeast-2' });
  const object = { bucket: 'derived', key: 'derived/m1/v2/web.jpg' };
  const options = { minConfidence: 60, ignoredCategories: new Set<string>() };
  const taxonomy = [
    { Name: 'Swimwear or Underwear', ParentName: '', TaxonomyLevel: 1, Confidence: 91.234 },
    { Name: 'Female Swimwear or Underwear', ParentName: 'Swimwear or Underwear', TaxonomyLevel: 2, Confidence: 91.234 },
    { Name: 'Blood & Gore', ParentName: 'Graphic Violence', TaxonomyLevel: 3, Confidence: 70 },
    { Name: 'Graphic Violence', ParentName: 'Violence', TaxonomyLevel: 2, Confidence: 70 },
    { Name: 'Violence', ParentName: '', TaxonomyLevel: 1, Confidence: 70 },
    { Name: 'Alcohol', ParentName: '', TaxonomyLevel: 1, Confidence: 55 },
  ];

  before(() => (rekognition = mockRekognition()));
  afterEach(() => rekognition.reset());
  after(() => rekognition.restore());

  it('asks for the configured confidence on the S3 object and files every label under its top-level category', async () => {
    rekognition.on(DetectModerationLabelsCommand).resolves({ ModerationLabels: taxonomy, ModerationModelVersion: '7.0' });
    const finding = await detectModeration(client, object, options);
    expect(rekognition.commandCalls(DetectModerationLabelsCommand)[0]!.args[0].input).to.deep.equal({ Image: { S3Object: { Bucket: 'derived', Name: object.key } }, MinConfidence: 60 });
    expect(finding.flagged).to.equal(true);
    expect(finding.categories).to.deep.equal(['Swimwear or Underwear', 'Violence']);
    expect(finding.labels.find((l) => l.name === 'Blood & Gore')).to.deep.equal({ name: 'Blood & Gore', category: 'Violence', confidence: 70 });
    expect(finding.labels.find((l) => l.name === 'Female Swimwear or Underwear')?.confidence).to.equal(91.23);
    // Below the confidence: not a label, whatever the service sent.
    expect(finding.labels.map((l) => l.name)).not.to.include('Alcohol');
    expect(finding.modelVersion).to.equal('7.0');
  });

  it('keeps the labels of an ignored category but does not flag for it', async () => {
    rekognition.on(DetectModerationLabelsCommand).resolves({ ModerationLabels: taxonomy.slice(0, 2) });
    const finding = await detectModeration(client, object, { minConfidence: 60, ignoredCategories: new Set(['Swimwear or Underwear']) });
    expect(finding).to.deep.include({ flagged: false, categories: [] });
    expect(finding.labels).to.have.length(2);
  });

  it('finds nothing in a clean image', async () => {
    rekognition.on(DetectModerationLabelsCommand).resolves({ ModerationLabels: [] });
    expect(await detectModeration(client, object, options)).to.deep.equal({ flagged: false, categories: [], labels: [] });
  });

  it('rejects an image Rekognition cannot read for good, and retries throttling and access faults', async () => {
    rekognition.on(DetectModerationLabelsCommand).rejects(new ImageTooLargeException({ message: 'too big', $metadata: {} }));
    const rejected = await rejectionOf(() => detectModeration(client, object, options));
    expect(rejected).to.be.instanceOf(PermanentError);
    expect((rejected as PermanentError).code).to.equal('moderation_rejected');
    rekognition.on(DetectModerationLabelsCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata: {} }));
    expect(await rejectionOf(() => detectModeration(client, object, options))).to.be.instanceOf(TransientError);
    rekognition.on(DetectModerationLabelsCommand).rejects(new InvalidS3ObjectException({ message: 'no access', $metadata: {} }));
    expect(((await rejectionOf(() => detectModeration(client, object, options))) as TransientError).code).to.equal('moderation_s3_access');
  });
});

describe('moderationOf', () => {
  const base = { mediaId: 'm1', ownerId: 'o', albumId: 'a', mediaClass: 'image', status: 'ready', createdAt: '2026-01-01T00:00:00Z' } as const;
  const checked = (moderation: object | null, at = '2026-01-02T00:00:00Z', status = 'succeeded'): MediaItem => ({ ...base, [processorAttribute('image-moderation')]: { status, at }, moderation });
  const flagged = { flagged: true, categories: ['Violence'], labels: [] };

  it('reads pending, clear, flagged and unchecked, and the video poster processor for a video', () => {
    expect(moderationOf(base).state).to.equal('pending');
    expect(moderationOf(checked({ flagged: false, categories: [], labels: [] })).state).to.equal('clear');
    expect(moderationOf(checked(flagged))).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: false });
    expect(moderationOf(checked(null, undefined, 'skipped')).state).to.equal('unchecked');
    expect(moderationOf(checked(null, undefined, 'failed')).state).to.equal('unchecked');
    const video = { ...base, mediaClass: 'video' as const, [processorAttribute('poster-moderation')]: { status: 'succeeded', at: '2026-01-02T00:00:00Z' }, moderation: flagged };
    expect(moderationOf(video).state).to.equal('flagged');
    // A video is not cleared by the photo processor's attribute.
    expect(moderationOf({ ...checked(flagged), mediaClass: 'video' }).state).to.equal('pending');
  });

  it('clears for sharing what was found clean, or what the owner allowed for the categories found since', () => {
    const allowance = (...categories: string[]) => ({ moderationAllowance: { at: '2026-01-03T00:00:00Z', categories } });
    expect(isClearedForSharing(base)).to.equal(false);
    expect(isClearedForSharing(checked({ flagged: false, categories: [], labels: [] }))).to.equal(true);
    expect(isClearedForSharing(checked(flagged))).to.equal(false);
    expect(isClearedForSharing({ ...checked(flagged), ...allowance('Violence') })).to.equal(true);
    // The same finding again (a repeated event, a reprocess) keeps the owner's decision; a new category does not.
    expect(isClearedForSharing({ ...checked(flagged, '2026-01-04T00:00:00Z'), ...allowance('Violence') })).to.equal(true);
    expect(isClearedForSharing({ ...checked({ ...flagged, categories: ['Violence', 'Hate Symbols'] }), ...allowance('Violence') })).to.equal(false);
    expect(isClearedForSharing({ ...checked(null, undefined, 'skipped'), ...allowance() })).to.equal(true);
    expect(isClearedForSharing({ ...checked(flagged), ...allowance() }), 'allowed while unchecked, flagged since').to.equal(false);
    expect(isClearedForSharing({ ...base, ...allowance() }), 'allowed before any finding').to.equal(false);
    expect([base, checked(flagged), checked(null, undefined, 'skipped'), checked({ flagged: false, categories: [], labels: [] })].map(canBeAllowed)).to.deep.equal([false, true, true, false]);
  });
});
