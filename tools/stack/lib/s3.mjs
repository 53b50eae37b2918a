// S3: S3Proxy on the local filesystem, checked with the same AWS SDK v3 client the services use.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureJars, ensureJava, hasNpmModule, npmModule } from './deps.mjs';
import { mkdirs, writeIfChanged } from './proc.mjs';
import { rel } from './config.mjs';
import { processComponent } from './component.mjs';

const files = (c) => ({
  conf: path.join(c.dirs.conf, 's3proxy.properties'),
  data: path.join(c.dirs.data, 's3'),
});

function properties(c) {
  const s = c.s3;
  return `# Rendered by tools/stack: do not edit, change env vars (S3_PORT, S3_ACCESS_KEY_ID, ...) instead.
s3proxy.endpoint=http://${c.host}:${s.port}
# Signature V2 or V4, like AWS; the identity/credential are what clients sign with.
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${s.accessKeyId}
s3proxy.credential=${s.secretAccessKey}
# Path-style only (http://host:port/bucket/key): no virtual-host bucket names.
s3proxy.virtual-host=
jclouds.provider=${s.backend}
jclouds.identity=${s.accessKeyId}
jclouds.credential=${s.secretAccessKey}
jclouds.filesystem.basedir=${files(c).data}
`;
}

/** An S3 client configured as our services configure theirs against a non-AWS endpoint. */
export function s3Client(c) {
  const { S3Client } = npmModule('@aws-sdk/client-s3');
  return new S3Client({
    endpoint: `http://${c.host}:${c.s3.port}`,
    region: c.s3.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: c.s3.accessKeyId,
      secretAccessKey: c.s3.secretAccessKey,
    },
    // S3Proxy does not implement the flexible checksums SDK >= 3.729 sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}

const notFound = (e) =>
  e?.name === 'NotFound' ||
  e?.name === 'NoSuchKey' ||
  e?.name === 'NoSuchBucket' ||
  e?.$metadata?.httpStatusCode === 404;

async function listBuckets(c) {
  const { ListBucketsCommand } = npmModule('@aws-sdk/client-s3');
  const client = s3Client(c);
  try {
    return await client.send(new ListBucketsCommand({}));
  } finally {
    client.destroy();
  }
}

/**
 * Exercise the calls the services make, in a throwaway bucket, so an S3Proxy/SDK incompatibility
 * shows up here and not as a mysterious 501 in a service.
 * @param {any} c @param {import('./component.mjs').Log} [log]
 */
export async function selfTest(c, log = () => undefined) {
  const s3 = npmModule('@aws-sdk/client-s3');
  const client = s3Client(c);
  const Bucket = `stack-selftest-${crypto.randomBytes(4).toString('hex')}`;
  const body = Buffer.from('0123456789abcdefghij');
  const steps = [];
  const step = async (name, fn) => {
    try {
      const r = await fn();
      steps.push(name);
      return r;
    } catch (e) {
      throw new Error(
        `S3 self-test failed at ${name}: ${e.name}: ${e.message}`,
      );
    }
  };
  try {
    await step('CreateBucket', () =>
      client.send(new s3.CreateBucketCommand({ Bucket })),
    );
    await step('PutObject', () =>
      client.send(
        new s3.PutObjectCommand({
          Bucket,
          Key: 'a.txt',
          Body: body,
          ContentType: 'text/plain',
        }),
      ),
    );
    await step('GetObject Range', async () => {
      const r = await client.send(
        new s3.GetObjectCommand({ Bucket, Key: 'a.txt', Range: 'bytes=2-5' }),
      );
      const text = await r.Body.transformToString();
      if (text !== '2345' || r.ContentRange !== `bytes 2-5/${body.length}`) {
        throw new Error(
          `expected "2345" with Content-Range bytes 2-5/${body.length}, got "${text}" / ${r.ContentRange}`,
        );
      }
    });
    await step('HeadObject', async () => {
      const h = await client.send(
        new s3.HeadObjectCommand({ Bucket, Key: 'a.txt' }),
      );
      if (h.ContentLength !== body.length || h.ContentType !== 'text/plain')
        throw new Error(`unexpected ${h.ContentLength} ${h.ContentType}`);
    });
    await step('ListObjectsV2', async () => {
      const l = await client.send(
        new s3.ListObjectsV2Command({ Bucket, MaxKeys: 10 }),
      );
      if (!l.Contents?.some((o) => o.Key === 'a.txt'))
        throw new Error('a.txt not listed');
    });
    // 11 MiB in 5 MiB parts: three parts, the last one short, as a real upload would be.
    const big = crypto.randomBytes(11 * 1024 * 1024);
    await step('multipart upload', async () => {
      if (hasNpmModule('@aws-sdk/lib-storage')) {
        const { Upload } = npmModule('@aws-sdk/lib-storage');
        await new Upload({
          client,
          params: {
            Bucket,
            Key: 'big.bin',
            Body: big,
            ContentType: 'application/octet-stream',
          },
          partSize: 5 * 1024 * 1024,
          queueSize: 2,
        }).done();
      } else {
        const { UploadId } = await client.send(
          new s3.CreateMultipartUploadCommand({ Bucket, Key: 'big.bin' }),
        );
        const Parts = [];
        for (let i = 0, n = 1; i < big.length; i += 5 * 1024 * 1024, n++) {
          const { ETag } = await client.send(
            new s3.UploadPartCommand({
              Bucket,
              Key: 'big.bin',
              UploadId,
              PartNumber: n,
              Body: big.subarray(i, i + 5 * 1024 * 1024),
            }),
          );
          Parts.push({ ETag, PartNumber: n });
        }
        await client.send(
          new s3.CompleteMultipartUploadCommand({
            Bucket,
            Key: 'big.bin',
            UploadId,
            MultipartUpload: { Parts },
          }),
        );
      }
      const r = await client.send(
        new s3.GetObjectCommand({
          Bucket,
          Key: 'big.bin',
          Range: `bytes=${big.length - 16}-`,
        }),
      );
      const tailBytes = Buffer.from(await r.Body.transformToByteArray());
      if (!tailBytes.equals(big.subarray(big.length - 16)))
        throw new Error('last 16 bytes differ after multipart upload');
    });
    await step('DeleteObject', async () => {
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: 'a.txt' }));
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: 'big.bin' }));
      try {
        await client.send(new s3.HeadObjectCommand({ Bucket, Key: 'a.txt' }));
        throw new Error('object still there after delete');
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    });
    await step('DeleteBucket', () =>
      client.send(new s3.DeleteBucketCommand({ Bucket })),
    );
    log(`self-test passed (${steps.join(', ')})`);
    return steps;
  } finally {
    client.destroy();
  }
}

/**
 * The bucket the services use and the sample video the seed streams (`s3:all-flow`).
 * @param {any} c @param {import('./component.mjs').Log} [log]
 */
export async function seed(c, log = () => undefined) {
  const s3 = npmModule('@aws-sdk/client-s3');
  const client = s3Client(c);
  const Bucket = c.s3.bucket;
  try {
    try {
      await client.send(new s3.HeadBucketCommand({ Bucket }));
    } catch (e) {
      if (!notFound(e)) throw e;
      await client.send(new s3.CreateBucketCommand({ Bucket }));
      log(`created bucket ${Bucket}`);
    }
    const Key = c.s3.sampleKey;
    try {
      await client.send(new s3.HeadObjectCommand({ Bucket, Key }));
    } catch (e) {
      if (!notFound(e)) throw e;
      if (!fs.existsSync(c.s3.sampleFile)) {
        log(
          `warning: ${rel(c.s3.sampleFile)} is missing (tools/make-sample-video.sh makes it); not uploaded`,
        );
        return;
      }
      const Body = fs.readFileSync(c.s3.sampleFile);
      await client.send(
        new s3.PutObjectCommand({
          Bucket,
          Key,
          Body,
          ContentType: 'video/mp4',
        }),
      );
      log(
        `uploaded ${rel(c.s3.sampleFile)} as s3://${Bucket}/${Key} (${Body.length} bytes)`,
      );
    }
  } finally {
    client.destroy();
  }
}

export const s3 = processComponent({
  name: 's3',
  pidName: 's3proxy',
  marker: (c) => files(c).conf,
  external: 'S3 endpoint',
  guardPort: true,
  label: 'S3',
  stopTimeoutMs: 15000,
  // Ready = a signed ListBuckets succeeds: proves the port, the auth config and the backend.
  probe: (c) => listBuckets(c).then(() => true),

  async provision(c, { selfTest: runSelfTest = true }, log) {
    if (runSelfTest) await selfTest(c, log);
    await seed(c, log);
  },

  async command(c, log) {
    const f = files(c);
    const java = await ensureJava();
    const libDir = await ensureJars(c, 's3proxy', log);
    mkdirs(f.data);
    writeIfChanged(f.conf, properties(c));
    return {
      cmd: java,
      args: [
        ...c.s3.heapOpts.split(/\s+/).filter(Boolean),
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        '-cp',
        path.join(libDir, '*'),
        'org.gaul.s3proxy.Main',
        '--properties',
        f.conf,
      ],
      env: { LOG_LEVEL: process.env.S3PROXY_LOG_LEVEL || 'info' },
    };
  },
});
