/** Bytes needed to recognise a container: ISO-BMFF's `ftyp` box type sits at offset 4. */
export const CONTAINER_SNIFF_BYTES = 12;

export type VideoContainer = 'mp4' | 'webm';

const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

/**
 * The container announced by the file's first bytes, or undefined when it is not a video we
 * accept. A Content-Type header is only the client's claim; the bytes are the evidence.
 */
export function detectVideoContainer(head: Buffer): VideoContainer | undefined {
  if (head.length >= 8 && head.subarray(4, 8).toString('latin1') === 'ftyp')
    return 'mp4';
  if (head.length >= 4 && head.subarray(0, 4).equals(EBML_MAGIC)) return 'webm';
  return undefined;
}

export const CONTAINER_CONTENT_TYPES: Record<VideoContainer, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
};
