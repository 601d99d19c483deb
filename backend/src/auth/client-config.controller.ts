import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ClientConfigDto } from './dto/client-config.dto';
import { Public } from './public.decorator';

@ApiTags('config')
@Controller('config')
@Public()
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'What the dashboard needs before sign-in: whether sign-in is on, and the Clerk publishable key' })
  @ApiOkResponse({ type: ClientConfigDto })
  @ApiErrors()
  get(): ClientConfigDto {
    return { auth: { mode: this.config.authMode, publishableKey: this.config.clerkPublishableKey ?? null } };
  }
}
