import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@robokit/api';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { DomainError } from '../common/domain-error';
import { JobQueue } from '../jobs/job-queue';

const CHECK_TIMEOUT_MS = 2000;

class HealthDto {
  @ApiProperty({ example: 'ok' }) status: string;
}

class ReadinessDto extends HealthDto {
  @ApiProperty({ example: { database: 'up', redis: 'up' } }) checks: Record<string, 'up' | 'down'>;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref())]);
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobQueue: JobQueue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors()
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiErrors()
  async ready(): Promise<ReadinessDto> {
    const probe = (check: () => Promise<unknown>) => withTimeout(check()).then(() => 'up' as const, () => 'down' as const);
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(async () => this.jobQueue.queue.count()),
    ]);
    const checks = { database, redis };
    if (database === 'down' || redis === 'down') {
      const down = Object.entries(checks).filter(([, state]) => state === 'down').map(([name]) => name);
      throw new DomainError(ErrorCode.ServiceUnavailable, `Not ready: ${down.join(' and ')} not reachable.`, { checks }, true, 5);
    }
    return { status: 'ok', checks };
  }
}
