import { Module } from '@nestjs/common';
import { HubCatalogService } from './hub-catalog.service';
import { HubService } from './hub.service';
import { HuggingFaceController } from './huggingface.controller';

@Module({
  controllers: [HuggingFaceController],
  providers: [HubService, HubCatalogService],
  exports: [HubService],
})
export class HuggingFaceModule {}
