import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { redactText } from './redact';

/** Nest's console logger with every line and stack trace passed through the redactor, whoever logs it. */
export class RedactingLogger extends ConsoleLogger {
  constructor(logLevels: LogLevel[]) {
    super({ logLevels });
  }

  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return redactText(super.formatMessage(...args));
  }

  // Nest calls this also when there is no stack.
  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? redactText(stack) : stack);
  }
}
