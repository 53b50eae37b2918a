import { parseEventWith, type EventParseResult } from './parse-event';
import {
  videoFailedEventV1Schema,
  type VideoFailedEvent,
} from './video-failed.event';
import {
  videoReadyEventV1Schema,
  type VideoReadyEvent,
} from './video-ready.event';
import {
  videoUploadedEventV1Schema,
  type VideoUploadedEvent,
} from './video-uploaded.event';

export const parseVideoUploadedEvent = (
  value: Buffer | string | null,
): EventParseResult<VideoUploadedEvent> =>
  parseEventWith(videoUploadedEventV1Schema, value);

export const parseVideoReadyEvent = (
  value: Buffer | string | null,
): EventParseResult<VideoReadyEvent> =>
  parseEventWith(videoReadyEventV1Schema, value);

export const parseVideoFailedEvent = (
  value: Buffer | string | null,
): EventParseResult<VideoFailedEvent> =>
  parseEventWith(videoFailedEventV1Schema, value);
