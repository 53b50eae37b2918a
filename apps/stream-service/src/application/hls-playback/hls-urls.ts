import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type StreamConfig } from '../../config';
import { HlsGrantSigner, type HlsGrant } from '../../domain/hls-grant';

/** Where the HLS files of a grant are served; relative playlist URIs resolve under it. */
export const HLS_BASE_PATH = '/v1/api/video/hls';

/** Issues and checks the signed HLS grants of ADR 0026, and the URLs that carry them. */
@Injectable()
export class HlsUrls {
  private readonly signer: HlsGrantSigner;

  constructor(@Inject(APP_CONFIG) private readonly config: StreamConfig) {
    this.signer = new HlsGrantSigner(config.PLAYBACK_URL_SECRET);
  }

  /** The URL of one file of the video's renditions (`master.m3u8`, `poster.jpg`) under a new grant. */
  url(grant: HlsGrant, file: string): string {
    return new URL(
      `${HLS_BASE_PATH}/${this.signer.issue(grant)}/${file}`,
      this.config.PUBLIC_BASE_URL,
    ).toString();
  }

  verify(token: string): HlsGrant {
    return this.signer.verify(token, Math.floor(Date.now() / 1000));
  }
}
