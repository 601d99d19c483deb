import { ErrorCode } from '@robokit/api';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { DatasetEntity } from './dataset.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Another owner's dataset answers exactly like a missing one, so ids leak nothing. */
export async function findOwnedDataset(repository: Repository<DatasetEntity>, ownerId: string, id: string): Promise<DatasetEntity> {
  const dataset = isUuid(id) ? await repository.findOneBy({ id, ownerId }) : null;
  if (!dataset) throw datasetNotFound(id);
  return dataset;
}

export function datasetNotFound(id: string): DomainError {
  return new DomainError(ErrorCode.DatasetNotFound, `Dataset ${id} was not found.`, { datasetId: id });
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
