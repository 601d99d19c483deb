import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'robokit:public';

/**
 * A route anyone may call without signing in (health checks, the dashboard's start-up config). In the
 * OpenAPI document it gets an empty security requirement, which overrides the global one.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
