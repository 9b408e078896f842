/**
 * The capacity and cost model: from what one photo and one video measurably cost (the load
 * command's profile: calls, capacity units and bytes per item, and the image pipeline's CPU time),
 * a traffic profile, a dated price table and the account's quotas, the monthly cost per service
 * and the peak rate against each quota at 1x, 2x ... 64x today's load. Pure arithmetic on its
 * inputs; capacity-main.ts reads the files and prints, and test/cli/capacity.test.ts checks it on
 * hand-worked cases.
 */
import type { LoadProfile, PhaseReport } from './load.js';

export interface Prices {
  readonly lambdaArmGbSecond: number;
  readonly lambdaPerMillionRequests: number;
  readonly httpApiPerMillionRequests: number;
  readonly dynamoPerMillionWriteUnits: number;
  readonly dynamoPerMillionReadUnits: number;
  readonly s3StandardGbMonth: number;
  readonly s3PerThousandWrites: number;
  readonly s3PerThousandReads: number;
  readonly cloudfrontAustraliaPerGb: number;
  readonly cloudfrontPerTenThousandHttpsRequests: number;
  readonly rekognitionPerImage: number;
  readonly sqsPerMillionRequests: number;
  readonly snsPerMillionPublishes: number;
  readonly fargateVcpuHour: number;
  readonly fargateGbHour: number;
  readonly cognitoEssentialsPerMau: number;
  readonly cognitoFreeMau: number;
  readonly ec2T2MicroHour: number;
  readonly rdsDbT3MediumHour: number;
}

export interface Traffic {
  readonly photosPerDay: number;
  readonly videosPerDay: number;
  readonly videoMinutes: number;
  readonly viewsPerPhotoPerMonth: number;
  /** Which rendition a view fetches: thumb, mobile or web (shares adding up to 1). */
  readonly viewMix: { readonly thumb: number; readonly mobile: number; readonly web: number };
  readonly monthlyActiveUsers: number;
  readonly authenticationsPerUserPerMonth: number;
  readonly apiRequestsPerUpload: number;
  readonly apiRequestsPerView: number;
  readonly peakToAverage: number;
  /** The busiest owner's uploads a second: the web app sends three files at a time. */
  readonly busiestOwnerUploadsPerSecond: number;
  readonly baseline: { readonly webServers: number; readonly webServerCpu: number; readonly targetCpu: number; readonly databases: number; readonly databaseCpu: number };
}

/** Compute per item that the load run does not time: the Lambda sizes come from the registry and tfvars. */
export interface Compute {
  readonly variantsMemoryMb: number;
  readonly rekognitionProcessorMs: number;
  readonly rekognitionProcessorMemoryMb: number;
  readonly apiMs: number;
  readonly apiMemoryMb: number;
  readonly fargateVcpu: number;
  readonly fargateMemoryGb: number;
  readonly fargateSecondsPerVideoMinute: number;
  /** Regions the table is replicated to besides its home: each write is written again there. */
  readonly dynamoReplicas: number;
  /** Months of uploads the bucket holds in the month priced (storage accumulates). */
  readonly storageMonths: number;
}

export interface Quota {
  readonly limit: number;
  readonly quota: string;
}

export type QuotaName =
  | 'lambdaConcurrency'
  | 'rekognitionDetectLabelsTps'
  | 'rekognitionModerationTps'
  | 'cognitoAuthRps'
  | 'apiGatewayRps'
  | 'dynamoTableWritesPerSecond'
  | 'dynamoHotItemWritesPerSecond'
  | 'snsPublishPerSecond'
  | 's3PutsPerPrefixPerSecond'
  | 'fargateVcpu';

export interface CapacityInputs {
  readonly profile: Pick<LoadProfile, 'photo' | 'video' | 'floor'>;
  readonly prices: Prices;
  readonly traffic: Traffic;
  readonly compute: Compute;
  readonly quotas: Readonly<Record<QuotaName, Quota>>;
}

export type Service = 'lambda' | 'apiGateway' | 'dynamodb' | 's3' | 'cloudfront' | 'rekognition' | 'sqs' | 'sns' | 'fargate' | 'cognito';

export interface LoadRow {
  readonly multiplier: number;
  readonly monthlyCost: Readonly<Record<Service, number>>;
  readonly totalCost: number;
  readonly baselineCost: number;
  readonly peak: Readonly<Record<QuotaName, { readonly rate: number; readonly limit: number; readonly headroom: number }>>;
  /** The quota with the least headroom, and whether the peak passes it. */
  readonly tightest: { readonly name: QuotaName; readonly headroom: number; readonly exceeded: boolean };
}

const DAYS_PER_MONTH = 30.42;
const SECONDS_PER_DAY = 86_400;
const HOURS_PER_MONTH = 730;
const GB = 1e9;

const sumOf = (perItem: Readonly<Record<string, number>>, pattern: RegExp): number => Object.entries(perItem).reduce((sum, [call, n]) => (pattern.test(call) ? sum + n : sum), 0);

/** What the measured profile says one item of a class costs in calls, units and bytes. */
export function perItem(phase: PhaseReport | undefined) {
  const calls = phase?.callsPerItem ?? {};
  const renditions = phase?.bytesPerItem.byRendition ?? {};
  return {
    s3Writes: sumOf(calls, /^s3:(PutObject|PostObject|CopyObject|DeleteObject|DeleteObjects|ListObjects|ListObjectsV2|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)$/),
    s3Reads: sumOf(calls, /^s3:(GetObject|HeadObject)$/),
    sqsRequests: sumOf(calls, /^(sqs|AmazonSQS):/),
    detectLabels: sumOf(calls, /^rekognition:DetectLabels$|^RekognitionService:DetectLabels$/),
    moderation: sumOf(calls, /DetectModerationLabels$/),
    readUnits: phase?.dynamoUnitsPerItem.readUnits ?? 0,
    writeUnits: phase?.dynamoUnitsPerItem.writeUnits ?? 0,
    storedBytes: (phase?.bytesPerItem.original ?? 0) + (phase?.bytesPerItem.renditions ?? 0),
    thumbBytes: renditions['thumb.webp'] ?? renditions['thumb.jpg'] ?? 0,
    mobileBytes: renditions['mobile.webp'] ?? renditions['mobile.jpg'] ?? 0,
    // Browsers that take WebP (nearly all) are served web-webp; the JPEG is the fallback.
    webBytes: renditions['web-webp.webp'] ?? renditions['web.jpg'] ?? 0,
  };
}

/** S3 notifications publish once for the original and once per derived output a processor consumes. */
export const SNS_PUBLISHES_PER_ITEM = 2;

export function modelAt(inputs: CapacityInputs, multiplier: number): LoadRow {
  const { prices, traffic, compute } = inputs;
  const photo = perItem(inputs.profile.photo);
  const video = perItem(inputs.profile.video);
  const photos = traffic.photosPerDay * DAYS_PER_MONTH * multiplier;
  const videos = traffic.videosPerDay * DAYS_PER_MONTH * multiplier;
  const views = photos * traffic.viewsPerPhotoPerMonth;
  const apiRequests = (photos + videos) * traffic.apiRequestsPerUpload + views * traffic.apiRequestsPerView;
  const variantsSeconds = (inputs.profile.floor?.cpuMsPerPhoto ?? 0) / 1000;
  const rekognitionSeconds = compute.rekognitionProcessorMs / 1000;
  const rekognitionCallsPerPhoto = photo.detectLabels + photo.moderation;

  const lambdaGbSeconds =
    photos * (variantsSeconds * (compute.variantsMemoryMb / 1024) + rekognitionCallsPerPhoto * rekognitionSeconds * (compute.rekognitionProcessorMemoryMb / 1024)) +
    videos * video.moderation * rekognitionSeconds * (compute.rekognitionProcessorMemoryMb / 1024) +
    apiRequests * (compute.apiMs / 1000) * (compute.apiMemoryMb / 1024);
  const lambdaRequests = photos * (1 + rekognitionCallsPerPhoto) + videos * video.moderation + apiRequests;
  const viewBytes = traffic.viewMix.thumb * photo.thumbBytes + traffic.viewMix.mobile * photo.mobileBytes + traffic.viewMix.web * photo.webBytes;
  const users = traffic.monthlyActiveUsers * multiplier;

  const monthlyCost: Record<Service, number> = {
    lambda: lambdaGbSeconds * prices.lambdaArmGbSecond + (lambdaRequests / 1e6) * prices.lambdaPerMillionRequests,
    apiGateway: (apiRequests / 1e6) * prices.httpApiPerMillionRequests,
    dynamodb:
      ((photos * photo.writeUnits + videos * video.writeUnits) * (1 + compute.dynamoReplicas) * prices.dynamoPerMillionWriteUnits) / 1e6 +
      ((photos * photo.readUnits + videos * video.readUnits + views * traffic.apiRequestsPerView) * prices.dynamoPerMillionReadUnits) / 1e6,
    s3:
      ((photos * photo.storedBytes + videos * video.storedBytes) / GB) * compute.storageMonths * prices.s3StandardGbMonth +
      ((photos * photo.s3Writes + videos * video.s3Writes) / 1000) * prices.s3PerThousandWrites +
      ((photos * photo.s3Reads + videos * video.s3Reads + views) / 1000) * prices.s3PerThousandReads,
    cloudfront: ((views * viewBytes) / GB) * prices.cloudfrontAustraliaPerGb + (views / 10_000) * prices.cloudfrontPerTenThousandHttpsRequests,
    rekognition: (photos * rekognitionCallsPerPhoto + videos * video.moderation) * prices.rekognitionPerImage,
    sqs: ((photos * photo.sqsRequests + videos * video.sqsRequests) / 1e6) * prices.sqsPerMillionRequests,
    sns: (((photos + videos) * SNS_PUBLISHES_PER_ITEM) / 1e6) * prices.snsPerMillionPublishes,
    fargate: videos * traffic.videoMinutes * (compute.fargateSecondsPerVideoMinute / 3600) * (compute.fargateVcpu * prices.fargateVcpuHour + compute.fargateMemoryGb * prices.fargateGbHour),
    cognito: Math.max(0, users - prices.cognitoFreeMau) * prices.cognitoEssentialsPerMau,
  };
  const totalCost = Object.values(monthlyCost).reduce((a, b) => a + b, 0);

  // The brief's servers, scaled so their CPU stays at the target: today's work times the load.
  const { baseline } = traffic;
  const servers = Math.ceil((baseline.webServers * baseline.webServerCpu * multiplier) / baseline.targetCpu);
  const databases = Math.ceil((baseline.databases * baseline.databaseCpu * multiplier) / baseline.targetCpu);
  const baselineCost = (servers * prices.ec2T2MicroHour + databases * prices.rdsDbT3MediumHour) * HOURS_PER_MONTH;

  const perSecond = (perMonth: number) => (perMonth / (DAYS_PER_MONTH * SECONDS_PER_DAY)) * traffic.peakToAverage;
  const peakPhotos = perSecond(photos);
  const peakVideos = perSecond(videos);
  const rates: Record<QuotaName, number> = {
    lambdaConcurrency: peakPhotos * (variantsSeconds + rekognitionCallsPerPhoto * rekognitionSeconds) + peakVideos * video.moderation * rekognitionSeconds + perSecond(apiRequests) * (compute.apiMs / 1000),
    rekognitionDetectLabelsTps: peakPhotos * photo.detectLabels,
    rekognitionModerationTps: peakPhotos * photo.moderation + peakVideos * video.moderation,
    cognitoAuthRps: perSecond(users * traffic.authenticationsPerUserPerMonth),
    apiGatewayRps: perSecond(apiRequests),
    dynamoTableWritesPerSecond: peakPhotos * photo.writeUnits + peakVideos * video.writeUnits,
    // One owner's counters (album, month, labels) take a write per photo each; load does not move it.
    dynamoHotItemWritesPerSecond: traffic.busiestOwnerUploadsPerSecond,
    snsPublishPerSecond: (peakPhotos + peakVideos) * SNS_PUBLISHES_PER_ITEM,
    s3PutsPerPrefixPerSecond: peakPhotos,
    fargateVcpu: Math.ceil(peakVideos * traffic.videoMinutes * compute.fargateSecondsPerVideoMinute) * compute.fargateVcpu,
  };
  const peak = Object.fromEntries(
    (Object.keys(rates) as QuotaName[]).map((name) => {
      const limit = inputs.quotas[name].limit;
      return [name, { rate: rates[name], limit, headroom: rates[name] > 0 ? limit / rates[name] : Number.POSITIVE_INFINITY }];
    }),
  ) as Record<QuotaName, { rate: number; limit: number; headroom: number }>;
  const [tightestName, tightest] = (Object.entries(peak) as [QuotaName, { headroom: number }][]).reduce((a, b) => (b[1].headroom < a[1].headroom ? b : a));
  return { multiplier, monthlyCost, totalCost, baselineCost, peak, tightest: { name: tightestName, headroom: tightest.headroom, exceeded: tightest.headroom < 1 } };
}

export const MULTIPLIERS = [1, 2, 4, 8, 16, 32, 64] as const;

export const modelRows = (inputs: CapacityInputs): LoadRow[] => MULTIPLIERS.map((m) => modelAt(inputs, m));

/** The first load at which each quota's peak passes its limit, and the change to make before it. */
export function quotaWarnings(inputs: CapacityInputs, rows: readonly LoadRow[]): string[] {
  const warnings: { multiplier: number; text: string }[] = [];
  for (const name of Object.keys(rows[0]?.peak ?? {}) as QuotaName[]) {
    const first = rows.find((row) => row.peak[name].headroom < 1);
    if (!first) continue;
    const needed = Math.ceil(first.peak[name].rate * 1.5);
    warnings.push({ multiplier: first.multiplier, text: `${first.multiplier}x: ${name} peaks at ${first.peak[name].rate.toFixed(1)} against ${first.peak[name].limit}: before then, raise "${inputs.quotas[name].quota}" to at least ${needed}` });
  }
  // In the order the doublings reach them.
  return warnings.sort((a, b) => a.multiplier - b.multiplier).map((w) => w.text);
}

/**
 * Trellis quantisation of the `web` JPEG: 18% smaller for one more encode. Over a month of a
 * photo's views, the egress it saves against the Lambda time the extra encode costs.
 */
export function trellisTradeOff(inputs: CapacityInputs, extraEncodeMs: number, sizeSaving = 0.18): { readonly egressSavedPerThousandPhotos: number; readonly computeAddedPerThousandPhotos: number } {
  const photo = perItem(inputs.profile.photo);
  const webJpegBytes = inputs.profile.photo?.bytesPerItem.byRendition['web.jpg'] ?? 0;
  // Only browsers without WebP fetch the JPEG; the rest take web-webp, which trellis does not touch.
  const jpegShare = photo.webBytes === webJpegBytes ? 1 : 0.03;
  const viewsOfWeb = inputs.traffic.viewsPerPhotoPerMonth * inputs.traffic.viewMix.web * jpegShare;
  const egressSaved = ((1000 * viewsOfWeb * webJpegBytes * sizeSaving) / GB) * inputs.prices.cloudfrontAustraliaPerGb;
  const computeAdded = 1000 * (extraEncodeMs / 1000) * (inputs.compute.variantsMemoryMb / 1024) * inputs.prices.lambdaArmGbSecond;
  return { egressSavedPerThousandPhotos: egressSaved, computeAddedPerThousandPhotos: computeAdded };
}
