/**
 * The local stack and Terraform are both built from the registry; this holds their shapes
 * together: the same registry files, the same topic and queue naming (processors' and queue-fed
 * jobs' queues), the same filters, receive limits and visibility timeouts, and the same bucket
 * names once AWS's account-id suffix is added.
 */
import { expect } from 'chai';

import { MEDIA_CLASSES, registry } from '../../src/shared/registry.js';
import { topologyFor } from '../../src/shared/topology.js';
import { block, parseHcl } from '../support/hcl.js';

describe('Terraform and the local stack agree (both from the registry)', () => {
  const locals = block(parseHcl('terraform/locals.tf'), 'locals');
  const main = parseHcl('terraform/main.tf');
  const prefix = 'photo-album-dev';
  const topology = topologyFor(prefix);
  /** Fills a Terraform name template the way Terraform would for one iteration. */
  const render = (template: string, values: Record<string, string>) =>
    template.replace(/\$\{([^}]+)\}/g, (match, expression: string) => {
      if (!(expression in values)) throw new Error(`unexpected interpolation ${match} in ${template}`);
      return values[expression]!;
    });
  const field = (expression: string, name: string): string => {
    const match = new RegExp(`\\b${name}\\s*=\\s*("(?:[^"\\\\]|\\\\.)*"|[\\w.]+)`).exec(expression);
    if (!match) throw new Error(`no ${name} in ${expression}`);
    return match[1]!.replace(/^"(.*)"$/, '$1');
  };

  it('reads the same registry files', () => {
    expect(locals.registry).to.contain('registry/processors.json');
    expect(locals.table).to.contain('registry/table.json');
  });

  it('names and filters one originals topic per media class as the local stack does', () => {
    const expression = locals.originals_topics!;
    expect(expression).to.match(/for media_class, definition in local\.registry\.mediaClasses/);
    expect(field(expression, 'filter_prefix')).to.equal('definition.originalsPrefix');
    for (const mediaClass of MEDIA_CLASSES) {
      const topic = topology.topics.find((t) => t.id === mediaClass)!;
      expect(render(field(expression, 'name'), { 'local.name': prefix, media_class: mediaClass })).to.equal(topic.name);
      expect(topic.filter.prefix).to.equal(registry.mediaClasses[mediaClass].originalsPrefix);
    }
  });

  it('names and filters one derived topic per derived output as the local stack does', () => {
    const expression = locals.derived_topics!;
    expect(locals.derived_prefix).to.equal('derived/');
    for (const [output, definition] of Object.entries(registry.derivedOutputs)) {
      const topic = topology.topics.find((t) => t.id === `derived-${output}`)!;
      expect(expression).to.contain(`"derived-\${output}" =>`);
      expect(render(field(expression, 'name'), { 'local.name': prefix, output })).to.equal(topic.name);
      expect(render(field(expression, 'filter_suffix'), { 'definition.fileName': definition.fileName })).to.equal(topic.filter.suffix);
      expect(topic.filter.prefix).to.equal(locals.derived_prefix);
    }
  });

  it('gives every registry processor a queue and DLQ named, limited and timed as the local stack does', () => {
    const processors = locals.processors!;
    expect(processors).to.match(/for processor in local\.registry\.processors : processor\.name =>/);
    expect(field(processors, 'max_receive_count')).to.equal('processor.receiveLimit');
    expect(field(processors, 'visibility_timeout_seconds')).to.equal('processor.visibilityTimeoutSeconds');
    const call = block(main, 'module', 'processor_queue');
    expect(call.for_each).to.equal('${local.processors}');
    const queueModule = block(parseHcl('terraform/modules/processor-queue/main.tf'), 'resource', 'aws_sqs_queue') as unknown as Record<string, Record<string, string>>;
    expect(queueModule.this!.name).to.equal('${var.name}');
    for (const queue of topology.queues) {
      const name = render(call.name!, { 'local.name': prefix, 'each.key': queue.processor });
      expect(name).to.equal(queue.name);
      expect(render(queueModule.dlq!.name!, { 'var.name': name })).to.equal(queue.dlqName);
    }
  });

  describe('jobs (terraform/jobs.tf)', () => {
    const jobsFile = parseHcl('terraform/jobs.tf');
    const jobLocals = block(jobsFile, 'locals');
    const queueJobs = registry.jobs.filter((job) => job.trigger.kind === 'queue');

    it('reads every job from the registry, with its trigger, receive limit and visibility timeout', () => {
      const jobs = jobLocals.jobs!;
      expect(jobs).to.match(/for job in local\.registry\.jobs : job\.name =>/);
      expect(field(jobs, 'trigger')).to.equal('job.trigger.kind');
      expect(jobs).to.contain('visibility_timeout_seconds = try(job.visibilityTimeoutSeconds, null)');
      expect(jobs).to.contain('max_receive_count = try(job.receiveLimit, null)');
      expect(jobs).to.contain('every_minutes = try(job.trigger.everyMinutes, null)');
      // One queue per queue-fed job, and none for a scheduled one.
      expect(jobLocals.job_queues).to.match(/for name, job in local\.jobs : name => job if job\.trigger == "queue"/);
      expect(queueJobs.length, 'the registry has no queue-fed job').to.be.greaterThan(0);
    });

    it('gives every queue-fed job a queue and DLQ named, limited and timed as the local stack does', () => {
      const call = block(jobsFile, 'module', 'job_queue');
      expect(call.source).to.equal('./modules/processor-queue');
      expect(call.for_each).to.equal('${local.job_queues}');
      expect(call.topic_arn, 'a job queue is fed by our own code, not by a topic').to.equal(undefined);
      expect(call.visibility_timeout_seconds).to.equal('${each.value.visibility_timeout_seconds}');
      expect(call.max_receive_count).to.equal('${each.value.max_receive_count}');
      const queueModule = block(parseHcl('terraform/modules/processor-queue/main.tf'), 'resource', 'aws_sqs_queue') as unknown as Record<string, Record<string, string>>;
      expect(topology.jobQueues.map((q) => q.job).sort()).to.deep.equal(queueJobs.map((job) => job.name).sort());
      for (const queue of topology.jobQueues) {
        const job = queueJobs.find((j) => j.name === queue.job)!;
        const name = render(call.name!, { 'local.name': prefix, 'each.key': queue.job });
        expect(name).to.equal(queue.name);
        expect(render(queueModule.dlq!.name!, { 'var.name': name })).to.equal(queue.dlqName);
        expect(queue.visibilityTimeoutSeconds).to.equal(job.visibilityTimeoutSeconds);
        expect(queue.receiveLimit).to.equal(job.receiveLimit);
      }
      // Job queues and processor queues share one naming scheme: their names must not collide.
      const processorQueues = new Set(topology.queues.map((q) => q.name));
      for (const queue of topology.jobQueues) expect(processorQueues.has(queue.name), queue.name).to.equal(false);
    });

    it('points the API and every job at the album-deleter\'s queue', () => {
      expect(topology.jobQueues.map((q) => q.job)).to.include('album-deleter');
      expect(jobLocals.album_deletion_queue_url).to.equal('${module.job_queue["album-deleter"].queue_url}');
      const apiEnvironment = block(parseHcl('terraform/api.tf'), 'locals').api_environment as unknown as Record<string, string>;
      expect(apiEnvironment.ALBUM_DELETION_QUEUE_URL).to.equal('${local.album_deletion_queue_url}');
      expect(jobLocals.job_function_environment).to.contain('ALBUM_DELETION_QUEUE_URL = local.album_deletion_queue_url');
      expect(block(jobsFile, 'module', 'lambda_job').environment_variables).to.equal('${local.job_function_environment[each.key]}');
    });
  });

  it('routes each processor to the topic the local stack subscribes it to', () => {
    expect(locals.processors).to.contain('processor.consumes.source == "originals" ? lookup(processor.consumes, "mediaClass", "") : "derived-${lookup(processor.consumes, "output", "")}"');
    for (const queue of topology.queues) {
      const { consumes } = registry.processors.find((p) => p.name === queue.processor)!;
      expect(queue.topicId).to.equal(consumes.source === 'originals' ? consumes.mediaClass : `derived-${consumes.output}`);
    }
  });

  it('names the buckets as the topology does for an AWS account (the reprocess command relies on it)', () => {
    const account = '123456789012';
    const inAws = topologyFor(prefix, registry, { bucketSuffix: account });
    for (const role of ['originals', 'derived'] as const) {
      expect(render(block(main, 'module', role).bucket!, { 'local.name': prefix, 'local.account_id': account })).to.equal(inAws.buckets[role]);
    }
  });

  it('names the table as the local stack does', () => {
    expect(render(block(main, 'module', 'table').name!, { 'local.name': prefix })).to.equal(topology.tableName);
  });
});
