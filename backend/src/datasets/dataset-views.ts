import { DatasetDto, DatasetSummaryDto } from './dto/dataset.dto';
import { DatasetEntity } from './dataset.entity';

export function datasetSummaryView(dataset: DatasetEntity, hubUrl: string): DatasetSummaryDto {
  return {
    id: dataset.id,
    source: {
      type: dataset.sourceType,
      repoId: dataset.repoId,
      revision: dataset.revision,
      commitSha: dataset.commitSha,
      url: `${hubUrl}/datasets/${dataset.repoId}/tree/${dataset.commitSha}`,
    },
    formatType: dataset.formatType,
    status: dataset.status,
    displayName: dataset.displayName,
    description: dataset.description,
    tags: dataset.tags,
    hub: dataset.hubInfo,
    codebaseVersion: dataset.codebaseVersion,
    robotType: dataset.robotType,
    totalEpisodes: dataset.totalEpisodes,
    totalFrames: dataset.totalFrames,
    sizeBytes: dataset.sizeBytes,
    createdAt: dataset.createdAt.toISOString(),
    updatedAt: dataset.updatedAt.toISOString(),
  };
}

export function datasetView(dataset: DatasetEntity, hubUrl: string): DatasetDto {
  return { ...datasetSummaryView(dataset, hubUrl), metadata: dataset.metadata };
}
