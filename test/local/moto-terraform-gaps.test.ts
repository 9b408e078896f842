/**
 * What tools/moto/terraform_gaps.py adds to the local moto for the AWS provider (`make rehearse`),
 * through the real SDK where this project has the client, and by hand for CloudWatch's CBOR
 * protocol (the Go SDK's, which moto alone answers with 404).
 */
import { CreateBucketCommand, GetBucketTaggingCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect } from 'chai';

import { startMoto, type MotoServer } from '../../src/local/moto.js';
import { TEST_REGION } from '../support/local-stack.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('the local moto server, for the AWS provider', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let s3: S3Client;
  let sqs: SQSClient;

  before(async () => {
    moto = await startMoto();
    s3 = new S3Client({ endpoint: moto.endpoint, region: TEST_REGION, credentials, forcePathStyle: true });
    sqs = new SQSClient({ endpoint: moto.endpoint, region: TEST_REGION, credentials });
  });
  after(async () => moto?.stop());

  it('answers CloudWatch in Smithy RPC v2 CBOR', async () => {
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const response = await fetch(`${moto.endpoint}/service/GraniteServiceVersion20100801/operation/DescribeAlarms`, {
      method: 'POST',
      headers: {
        'smithy-protocol': 'rpc-v2-cbor',
        'content-type': 'application/cbor',
        accept: 'application/cbor',
        authorization: `AWS4-HMAC-SHA256 Credential=local/${day}/${TEST_REGION}/monitoring/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new Uint8Array([0xa0]), // {}
    });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/cbor');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body[0]! >> 5, 'a CBOR map').to.equal(5);
  });

  it('keeps a queue policy when the redrive allow policy is set after it, and returns both', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'gaps-dlq' }));
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: policy } }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'allowAll' }) } }));
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(JSON.parse(Attributes.RedriveAllowPolicy ?? '{}')).to.deep.equal({ redrivePermission: 'allowAll' });
    expect(JSON.parse(Attributes.Policy ?? '{}').Statement).to.have.length(1);
  });

  it('keeps the tags given to CreateBucket', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'gaps-tagged', CreateBucketConfiguration: { Tags: [{ Key: 'Environment', Value: 'dev' }] } }));
    const { TagSet } = await s3.send(new GetBucketTaggingCommand({ Bucket: 'gaps-tagged' }));
    expect(TagSet).to.deep.equal([{ Key: 'Environment', Value: 'dev' }]);
  });

  it('lets requests through a bucket that denies plain HTTP and old TLS, and still applies an unconditional deny', async () => {
    const bucket = 'gaps-tls-only';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const resources = [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
            { Sid: 'DenyOutdatedTls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } },
            { Sid: 'DenySecret', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/secret` },
          ],
        }),
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'open', Body: 'x' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'open' }))).Body?.transformToString()).to.equal('x');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret', Body: 'x' }));
    const refused = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret' })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(S3ServiceException);
    expect((refused as S3ServiceException).$metadata.httpStatusCode).to.equal(403);
  });
});
