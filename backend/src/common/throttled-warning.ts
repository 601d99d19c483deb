import { Logger } from '@nestjs/common';

/**
 * A problem that repeats while a service is away (every request, every reconnect attempt) is said once per
 * interval, with a count of what was left unsaid, so that the log of an outage stays readable.
 */
export class ThrottledWarning {
  private saidAt = -Infinity;
  private unsaid = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  warn(message: string): void {
    const now = Date.now();
    if (now - this.saidAt < this.intervalMs) {
      this.unsaid++;
      return;
    }
    const note = this.unsaid > 0 ? ` (${this.unsaid} more like it since the last report)` : '';
    this.saidAt = now;
    this.unsaid = 0;
    this.logger.warn(`${message}${note}`);
  }
}
