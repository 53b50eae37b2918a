import { masterPlaylist } from '../../domain/master-playlist';
import type { SourceProbe } from '../../domain/source-probe';
import type {
  FailureRecord,
  PublishedRendition,
  ReadyManifest,
  SourceIdentity,
} from '../../domain/video-manifest';
import type { VideoStorage } from '../../domain/video-storage.port';

export interface LocalRendition {
  name: string;
  dir: string;
  width: number;
  height: number;
  bandwidth: number;
  codecs: string;
}

export interface PublishedLadder {
  masterPlaylistKey: string;
  renditions: PublishedRendition[];
}

/** Uploads the renditions' files, then the master that lists them; returns what was published. */
export async function publishRenditions(
  storage: VideoStorage,
  videoKey: string,
  renditions: LocalRendition[],
  signal: AbortSignal,
): Promise<PublishedLadder> {
  const published: PublishedRendition[] = [];
  for (const r of renditions) {
    await storage.publishDirectory(videoKey, r.dir, r.name, signal);
    published.push({
      name: r.name,
      width: r.width,
      height: r.height,
      bandwidth: r.bandwidth,
      codecs: r.codecs,
      playlistKey: storage.publishedKey(videoKey, `${r.name}/index.m3u8`),
    });
  }
  const text = masterPlaylist(
    published.map((r) => ({ ...r, uri: `${r.name}/index.m3u8` })),
  );
  const masterPlaylistKey = await storage.publishFile(
    videoKey,
    'master.m3u8',
    text,
    signal,
  );
  return { masterPlaylistKey, renditions: published };
}

export function readyManifest(
  videoKey: string,
  source: SourceIdentity,
  probe: SourceProbe,
  ladder: 'early' | 'final',
  published: PublishedLadder & { posterKey: string | null },
): ReadyManifest {
  return {
    schemaVersion: 1,
    videoKey,
    state: 'ready',
    ladder,
    sourceEtag: source.etag,
    durationSeconds: Math.round(probe.durationSeconds * 1000) / 1000,
    width: probe.width,
    height: probe.height,
    renditions: [...published.renditions].sort((a, b) => a.height - b.height),
    masterPlaylistKey: published.masterPlaylistKey,
    posterKey: published.posterKey,
    updatedAt: new Date().toISOString(),
  };
}

export function failureRecord(
  videoKey: string,
  source: SourceIdentity,
  code: string,
  message: string,
): FailureRecord {
  return {
    schemaVersion: 1,
    videoKey,
    state: 'failed',
    sourceEtag: source.etag,
    reason: { code, message },
    updatedAt: new Date().toISOString(),
  };
}
