import { VIDEO_ACCESSED_TOPIC } from '@video-streaming/contracts';
import type { Message, Producer } from 'kafkajs';

/**
 * Sends video-accessed messages with acks=all on the service's producer, connecting it on first
 * use and again after a send failed or the producer reported a disconnect.
 */
export class VideoAccessedSender {
  private connected = false;

  constructor(private readonly producer: Producer) {
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async send(messages: Message[]): Promise<void> {
    try {
      if (!this.connected) {
        await this.producer.connect();
        this.connected = true;
      }
      await this.producer.send({
        topic: VIDEO_ACCESSED_TOPIC,
        acks: -1,
        messages,
      });
    } catch (error) {
      this.connected = false;
      throw error;
    }
  }
}
