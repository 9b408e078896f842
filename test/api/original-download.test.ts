import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';

import { attachmentDisposition, downloadFileName, signOriginalDownload } from '../../src/api/media-urls.js';

describe('original downloads', () => {
  it('saves under the uploaded name, without paths, control characters or quotes', () => {
    expect(downloadFileName('IMG_0001.JPG', 'jpg')).to.equal('IMG_0001.JPG');
    expect(downloadFileName('../../etc/passwd', 'jpg')).to.equal('passwd');
    expect(downloadFileName('C:\\Users\\me\\holiday "best".heic', 'heic')).to.equal('holiday best.heic');
    expect(downloadFileName('line\nbreak\u0000.png', 'png')).to.equal('linebreak.png');
    expect(downloadFileName('  ...  ', 'mov')).to.equal('original.mov');
    expect(downloadFileName('', 'mp4')).to.equal('original.mp4');
    const long = downloadFileName(`${'é'.repeat(300)}.jpeg`, 'jpg');
    expect([...long]).to.have.length(200);
    expect(long.endsWith('.jpeg')).to.equal(true);
  });

  it('gives old clients an ASCII name and everyone else the exact UTF-8 name', () => {
    expect(attachmentDisposition('Zoë in Köln (1).jpg')).to.equal(`attachment; filename="Zo_ in K_ln (1).jpg"; filename*=UTF-8''Zo%C3%AB%20in%20K%C3%B6ln%20%281%29.jpg`);
    expect(attachmentDisposition('a\\b.jpg')).to.match(/^attachment; filename="a_b\.jpg"/);
  });

  it('signs a GET of the original that names the download and expires in its own, shorter time', async () => {
    const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const now = new Date('2030-01-01T00:00:00.000Z');
    const signed = await signOriginalDownload(s3, 'originals-bucket', 'originals/image/m1.jpg', 'Zoë.jpg', 300, now);
    const url = new URL(signed.url);
    expect(url.pathname).to.include('originals/image/m1.jpg');
    expect(url.searchParams.get('response-content-disposition')).to.equal(attachmentDisposition('Zoë.jpg'));
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('300');
    expect(signed.expiresAt).to.equal('2030-01-01T00:05:00.000Z');
  });
});
