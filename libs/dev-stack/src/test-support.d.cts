// The types of test-support.cjs for the TypeScript tests (the .mjs tools read its JSDoc).

/** The access-log-consumer schema's tables that hold a video's traces, in deletion order. */
export declare const ACCESS_LOG_VIDEO_TABLES: readonly string[];

/** Deletes every trace of the videos whose key starts with `prefix`, through `query`. */
export declare function deleteVideoTraces(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  prefix: string,
  options?: { tables?: readonly string[] },
): Promise<void>;

/** A video made with ffmpeg's test patterns (testsrc2 + a sine tone); returns `file`. */
export declare function makeTestVideo(
  file: string,
  o: {
    width: number;
    height: number;
    seconds: number;
    codec?: 'h264' | 'mpeg4';
    preset?: string;
    bitrate?: string;
    gop?: number;
    audioBitrate?: string;
  },
): string;

/** Disconnects the Kafka clients and deletes the private topics, whatever state they are in. */
export declare function dropKafkaSession(session: {
  clients: { disconnect(): Promise<void> }[];
  admin: {
    deleteTopics(o: { topics: string[] }): Promise<unknown>;
    disconnect(): Promise<void>;
  };
  topics: string[];
}): Promise<void>;
