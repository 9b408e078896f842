import { expect } from 'chai';

import { capacityChart } from '../../src/cli/capacity-chart.js';
import { type CapacityInputs, modelAt, modelRows, type QuotaName, quotaWarnings, trellisTradeOff } from '../../src/cli/capacity.js';
import type { PhaseReport } from '../../src/cli/load.js';

/** Round figures, so each expected value below can be worked by hand (shown beside it). */
const photo: PhaseReport = {
  uploaded: 10,
  ready: 10,
  failed: 0,
  lost: 0,
  duplicates: 0,
  wallSeconds: 1,
  itemsPerMinute: 600,
  latencySeconds: {},
  callsPerItem: { 's3:PostObject': 1, 's3:GetObject': 2, 'sqs:ReceiveMessage': 3, 'rekognition:DetectLabels': 1, 'rekognition:DetectModerationLabels': 1 },
  dynamoUnitsPerItem: { readUnits: 4, writeUnits: 10 },
  motoSeconds: 0,
  motoSecondsByOperation: {},
  bytesPerItem: { original: 4e6, renditions: 1e6, byRendition: { 'thumb.webp': 20_000, 'mobile.webp': 200_000, 'web-webp.webp': 400_000, 'web.jpg': 500_000 } },
  duplicateSavings: { uploads: 0, originalBytes: 0, renditionBytes: 0, processorRuns: 0 },
};
const unlimited = { limit: 1e9, quota: 'none' };
const quotas = Object.fromEntries(
  (['lambdaConcurrency', 'rekognitionDetectLabelsTps', 'rekognitionModerationTps', 'cognitoAuthRps', 'apiGatewayRps', 'dynamoTableWritesPerSecond', 'dynamoHotItemWritesPerSecond', 'snsPublishPerSecond', 's3PutsPerPrefixPerSecond', 'fargateVcpu'] as QuotaName[]).map((name) => [name, unlimited]),
) as Record<QuotaName, { limit: number; quota: string }>;

const inputs: CapacityInputs = {
  profile: { photo, floor: { seconds: 1, ratio: 1, cpuMsPerPhoto: 1000, cores: 2 } },
  // 100,000 photos a month at 1x (the model's month is 30.42 days), no videos.
  traffic: {
    photosPerDay: 100_000 / 30.42,
    videosPerDay: 0,
    videoMinutes: 1,
    viewsPerPhotoPerMonth: 10,
    viewMix: { thumb: 0.7, mobile: 0.2, web: 0.1 },
    monthlyActiveUsers: 30_000,
    authenticationsPerUserPerMonth: 0,
    apiRequestsPerUpload: 2,
    apiRequestsPerView: 0,
    peakToAverage: 4,
    busiestOwnerUploadsPerSecond: 3,
    baseline: { webServers: 6, webServerCpu: 0.8, targetCpu: 0.5, databases: 1, databaseCpu: 0.5 },
  },
  prices: {
    lambdaArmGbSecond: 0.00001,
    lambdaPerMillionRequests: 0.2,
    httpApiPerMillionRequests: 1,
    dynamoPerMillionWriteUnits: 1,
    dynamoPerMillionReadUnits: 0.1,
    s3StandardGbMonth: 0.02,
    s3PerThousandWrites: 0.005,
    s3PerThousandReads: 0.0004,
    cloudfrontAustraliaPerGb: 0.1,
    cloudfrontPerTenThousandHttpsRequests: 0.01,
    rekognitionPerImage: 0.001,
    sqsPerMillionRequests: 0.4,
    snsPerMillionPublishes: 0.5,
    fargateVcpuHour: 0.04,
    fargateGbHour: 0.005,
    cognitoEssentialsPerMau: 0.01,
    cognitoFreeMau: 10_000,
    ec2T2MicroHour: 0.01,
    rdsDbT3MediumHour: 0.1,
  },
  compute: { variantsMemoryMb: 1024, rekognitionProcessorMs: 500, rekognitionProcessorMemoryMb: 512, apiMs: 100, apiMemoryMb: 1024, fargateVcpu: 2, fargateMemoryGb: 4, fargateSecondsPerVideoMinute: 60, dynamoReplicas: 1, storageMonths: 1 },
  quotas: { ...quotas, rekognitionDetectLabelsTps: { limit: 5, quota: 'Rekognition DetectLabels TPS' }, rekognitionModerationTps: { limit: 10, quota: 'Rekognition DetectModerationLabels TPS' } },
};

describe('capacity model', () => {
  it('prices a month at 1x service by service', () => {
    const { monthlyCost, totalCost, baselineCost } = modelAt(inputs, 1);
    const expected = {
      // 1e5 x (1 s x 1 GB + 2 calls x 0.5 s x 0.5 GB) + 2e5 API requests x 0.1 s x 1 GB = 170,000 GB-s; 5e5 requests
      lambda: 1.7 + 0.1,
      apiGateway: 0.2, // 2e5 requests
      dynamodb: 2 + 0.04, // 1e6 write units x 2 (a replica), 4e5 read units
      s3: 10 + 0.5 + 0.48, // 500 GB; 1e5 writes; 2e5 reads + 1e6 views
      cloudfront: 9.4 + 1, // 1e6 views x 94 KB (0.7 x 20 KB + 0.2 x 200 KB + 0.1 x 400 KB, WebP); 1e6 requests
      rekognition: 200, // 2e5 images
      sqs: 0.12, // 3e5 requests
      sns: 0.1, // 2e5 publishes: the original's and the web rendition's
      fargate: 0,
      cognito: 200, // 20,000 users past the free 10,000
    };
    for (const [service, cost] of Object.entries(expected)) expect(monthlyCost[service as keyof typeof monthlyCost], service).to.be.closeTo(cost, 1e-6);
    expect(totalCost).to.be.closeTo(Object.values(expected).reduce((a, b) => a + b, 0), 1e-6);
    // ceil(6 x 0.8 / 0.5) = 10 servers and 1 database, 730 hours
    expect(baselineCost).to.be.closeTo(10 * 0.01 * 730 + 0.1 * 730, 1e-6);
  });

  it('scales with load, and names the first quota the peak passes and what to raise', () => {
    const rows = modelRows(inputs);
    expect(rows.map((r) => r.multiplier)).to.deep.equal([1, 2, 4, 8, 16, 32, 64]);
    expect(rows[6]!.monthlyCost.rekognition).to.be.closeTo(64 * 200, 1e-6);
    // 1e5 photos / (30.42 x 86,400 s) x 4 at the peak = 0.152 DetectLabels a second at 1x: 9.7 at 64x, over 5
    expect(rows[0]!.peak.rekognitionDetectLabelsTps.rate).to.be.closeTo(0.1522, 1e-4);
    expect(rows[5]!.tightest).to.deep.include({ name: 'rekognitionDetectLabelsTps', exceeded: false });
    expect(rows[6]!.tightest).to.deep.include({ name: 'rekognitionDetectLabelsTps', exceeded: true });
    expect(rows[6]!.peak.dynamoHotItemWritesPerSecond.rate, 'one owner does not grow with the others').to.equal(3);
    const warnings = quotaWarnings(inputs, rows);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^64x: rekognitionDetectLabelsTps peaks at 9\.7 against 5: before then, raise "Rekognition DetectLabels TPS" to at least 15$/);
  });

  it('weighs trellis on the web JPEG: egress saved on the few JPEG views against the extra encode', () => {
    const { egressSavedPerThousandPhotos, computeAddedPerThousandPhotos } = trellisTradeOff(inputs, 100);
    // 1,000 photos x 10 views x 0.1 web x 3% without WebP = 30 views x 500 KB x 18% = 0.0027 GB x $0.1
    expect(egressSavedPerThousandPhotos).to.be.closeTo(0.00027, 1e-9);
    // 1,000 x 0.1 s x 1 GB x $0.00001
    expect(computeAddedPerThousandPhotos).to.be.closeTo(0.001, 1e-9);
  });

  it('draws the chart as a standalone SVG with both panels', async () => {
    const svg = await capacityChart(modelRows(inputs));
    expect(svg).to.match(/^<svg /);
    expect(svg).to.contain('Monthly cost by service (USD)');
    expect(svg).to.contain('Headroom: quota / peak rate');
    expect(svg).to.contain('rekognition');
  });
});
