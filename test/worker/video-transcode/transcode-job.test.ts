import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { PermanentError, TransientError } from '../../../src/shared/errors.js';
import { classifyFfmpegFailure } from '../../../src/worker/video-transcode/transcode-job.js';
import { AbortedError, runTool, ToolError } from '../../../src/worker/video-transcode/tools.js';

describe('classifyFfmpegFailure', () => {
  it('calls ffmpeg failing on the data permanent: the video is corrupt', () => {
    const error = classifyFfmpegFailure(new ToolError('ffmpeg', 1, '[h264] error while decoding MB 3 4\nInvalid data found when processing input', 'ffmpeg exited 1'));
    expect(error).to.be.instanceOf(PermanentError);
    expect((error as PermanentError).code).to.equal('corrupt_video');
  });

  it('calls a full disk, a kill by signal or a missing binary transient', () => {
    for (const cause of [new ToolError('ffmpeg', 1, 'av_interleaved_write_frame(): No space left on device', 'x'), new ToolError('ffmpeg', undefined, '', 'killed by SIGKILL'), new Error('spawn ffmpeg ENOENT')]) {
      expect(classifyFfmpegFailure(cause), cause.message).to.be.instanceOf(TransientError);
    }
  });

  it('calls an ffmpeg stopped by SIGINT or SIGTERM mid-encode transient, not a corrupt video', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const marker = `interrupted-${signal}-${process.pid}-${Date.now()}.mp4`;
      // A minute of synthetic video at real-time pace: long enough to be stopped mid-encode.
      const encoding = runTool('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=60', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mp4', '-y', join(tmpdir(), marker)]).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Wait until the process exists, then signal it as a terminal or a task stop would.
      while (spawnSync('pgrep', ['-f', marker]).status !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 300));
      spawnSync('pkill', [`-${signal.slice(3)}`, '-f', marker]);
      const failure = await encoding;
      rmSync(join(tmpdir(), marker), { force: true });
      expect(failure, signal).to.be.instanceOf(ToolError);
      expect((failure as ToolError).exitCode, signal).to.equal(255);
      const classified = classifyFfmpegFailure(failure);
      expect(classified, signal).to.be.instanceOf(TransientError);
      expect((classified as TransientError).code).to.equal('ffmpeg_interrupted');
    }
  });

  it('passes an abort through unchanged', () => {
    const aborted = new AbortedError('stopped');
    expect(classifyFfmpegFailure(aborted)).to.equal(aborted);
  });
});

describe('runTool', () => {
  it('resolves with stdout on exit 0 and rejects with the exit code and stderr tail otherwise', async () => {
    expect((await runTool(process.execPath, ['-e', 'process.stdout.write("ok")'])).stdout).to.equal('ok');
    const error: unknown = await runTool(process.execPath, ['-e', 'process.stderr.write("bad input"); process.exit(3)']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ToolError);
    expect(error).to.include({ exitCode: 3, stderr: 'bad input' });
  });

  it('kills the process when the signal aborts', async () => {
    const abort = new AbortController();
    const running = runTool(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], abort.signal);
    abort.abort();
    const error: unknown = await running.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AbortedError);
  });
});
