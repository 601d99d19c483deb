import { ApiProperty } from '@nestjs/swagger';
import { AuthMode } from '@robokit/api';

export class AuthConfigDto {
  @ApiProperty({ enum: AuthMode, enumName: 'AuthMode', description: '`none`: no sign-in, one local user; `clerk`: sign in with Clerk and send the session token' })
  mode: AuthMode;

  @ApiProperty({ type: String, nullable: true, description: "Clerk's publishable key (pk_...) for the sign-in widget; null when not configured", example: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k' })
  publishableKey: string | null;
}

export class ClientConfigDto {
  @ApiProperty({ type: AuthConfigDto })
  auth: AuthConfigDto;
}
