import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ShipEdgeCompletionsUseCase } from '../../application/ship-edge-completions/ship-edge-completions.use-case';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  COMPLETION_LOG,
  type CompletionLog,
} from '../../domain/completion-log.port';
import {
  EDGE_SHIPPING_RECORDER,
  type EdgeShippingRecorder,
} from '../../domain/edge-shipping-recorder.port';
import { nextRetryMs } from '../../domain/retry-backoff';

/**
 * Ships the gateway's completion log to Kafka while the service runs (ADR 0021): a full batch is
 * followed at once by the next, an empty one waits EDGE_LOG_POLL_MS, a failed one backs off. On
 * shutdown the batch in flight finishes; what is left is shipped by the next start. How it goes is
 * told to the EdgeShippingRecorder after each round (metrics and `edge-log` in /health/ready).
 */
@Injectable()
export class EdgeLogShipperRunner
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(EdgeLogShipperRunner.name);
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly ship: ShipEdgeCompletionsUseCase,
    @Inject(COMPLETION_LOG) private readonly log: CompletionLog,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    @Inject(EDGE_SHIPPING_RECORDER)
    private readonly recorder: EdgeShippingRecorder,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  /**
   * Before, not on, application shutdown: Nest runs the onApplicationShutdown hooks of a module
   * together, and the access-event publisher's hook disconnects the Kafka producer this loop
   * sends on. Stopping here lets the batch in flight finish on a connected producer, with no
   * "producer disconnected" failure on a plain Ctrl-C.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const max = this.config.EDGE_LOG_BATCH_MAX_RECORDS;
    let retryMs = 0;
    while (!this.stopped) {
      let full = false;
      try {
        const result = await this.ship.shipOnce(max);
        this.recorder.shipped({
          records: result.events.length,
          malformed: result.malformed,
          bytesDelivered: result.events.reduce(
            (sum, e) => sum + e.request.bytesSent,
            0,
          ),
        });
        full = result.lines >= max;
        retryMs = 0;
      } catch (error) {
        this.recorder.failed(error as Error);
        retryMs = nextRetryMs(retryMs);
        this.logger.warn(
          `edge completion records not shipped, retrying in ${retryMs} ms: ${(error as Error).message}`,
        );
      }
      this.recorder.lagging(this.log.lagBytes());
      if (!full) await this.sleep(retryMs || this.config.EDGE_LOG_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
