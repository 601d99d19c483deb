import { Module } from '@nestjs/common';
import { DatasetSnapshot } from './dataset-snapshot';
import { HubCatalogService } from './hub-catalog.service';
import { HubService } from './hub.service';
import { HuggingFaceController } from './huggingface.controller';

@Module({
  controllers: [HuggingFaceController],
  providers: [HubService, HubCatalogService, DatasetSnapshot],
  exports: [HubService, DatasetSnapshot],
})
export class HuggingFaceModule {}
