import { DetectLabelsCommand, ImageTooLargeException, InvalidImageFormatException, InvalidS3ObjectException, ProvisionedThroughputExceededException, RekognitionClient, ThrottlingException } from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { detectLabels } from '../../../src/processors/image-labels/labels.js';
import { PermanentError, TransientError } from '../../../src/shared/errors.js';
import { rejectionOf } from '../../support/fixtures.js';

describe('detectLabels', () => {
  // mockClient patches every RekognitionClient in the process, so it exists only while this suite
  // runs: made while mocha loads the files, it would answer the other files' integration tests.
  const mockRekognition = () => mockClient(RekognitionClient);
  let rekognition: ReturnType<typeof mockRekognition>;
  const client = new RekognitionClient({ region: 'ap-southeast-2' });
  const object = { bucket: 'derived', key: 'derived/m1/web.jpg' };
  const options = { minConfidence: 80, maxLabels: 5 };

  before(() => (rekognition = mockRekognition()));
  afterEach(() => rekognition.reset());
  after(() => rekognition.restore());

  it('asks for the configured confidence and count, on the S3 object, and keeps only confident named labels', async () => {
    rekognition.on(DetectLabelsCommand).resolves({ Labels: [{ Name: 'Dog', Confidence: 97.123 }, { Name: 'Cat', Confidence: 60 }, { Confidence: 99 }] });
    expect(await detectLabels(client, object, options)).to.deep.equal([{ name: 'Dog', confidence: 97.12 }]);
    const input = rekognition.commandCalls(DetectLabelsCommand)[0]!.args[0].input;
    expect(input).to.deep.equal({ Image: { S3Object: { Bucket: 'derived', Name: 'derived/m1/web.jpg' } }, MinConfidence: 80, MaxLabels: 5 });
  });

  for (const [name, error] of [
    ['InvalidImageFormat', new InvalidImageFormatException({ message: 'bad format', $metadata: {} })],
    ['ImageTooLarge', new ImageTooLargeException({ message: 'too big', $metadata: {} })],
  ] as const) {
    it(`treats ${name} as permanent`, async () => {
      rekognition.on(DetectLabelsCommand).rejects(error);
      const rejection = await rejectionOf(() => detectLabels(client, object, options));
      expect(rejection).to.be.instanceOf(PermanentError);
      expect((rejection as PermanentError).message).to.contain(name);
    });
  }

  for (const [name, error] of [
    ['Throttling', new ThrottlingException({ message: 'slow down', $metadata: {} })],
    ['ProvisionedThroughputExceeded', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })],
    ['an internal service error', Object.assign(new Error('boom'), { name: 'InternalServerError' })],
  ] as const) {
    it(`treats ${name} as transient, so SQS retries it`, async () => {
      rekognition.on(DetectLabelsCommand).rejects(error);
      expect(await rejectionOf(() => detectLabels(client, object, options))).to.be.instanceOf(TransientError);
    });
  }

  it('treats InvalidS3Object (an object that exists but Rekognition may not read: a policy or KMS fault) as transient, naming the object', async () => {
    rekognition.on(DetectLabelsCommand).rejects(new InvalidS3ObjectException({ message: 'Unable to get object metadata from S3. Check object key, region and/or access permissions.', $metadata: {} }));
    const rejection = await rejectionOf(() => detectLabels(client, object, options));
    expect(rejection).to.be.instanceOf(TransientError);
    expect((rejection as TransientError).code).to.equal('labels_s3_access');
    expect((rejection as TransientError).message).to.contain('derived/m1/web.jpg');
  });
});
