import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 25;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Swagger needs a concrete class per item type; extend this instead of repeating the paging fields. */
export function PageOf<T>(item: new (...args: never[]) => T) {
  class PageDto {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ description: 'Number of items over all pages' })
    total: number;

    @ApiProperty()
    page: number;

    @ApiProperty()
    pageSize: number;
  }
  return PageDto;
}

/** Every `sort` value a list accepts: `field` ascending or `-field` descending. */
export function sortValues<F extends string>(fields: readonly F[]): string[] {
  return fields.flatMap((field) => [field, `-${field}`]);
}

/** Turns an already validated `sort=field` / `sort=-field` into a TypeORM order. */
export function parseSort<F extends string>(
  sort: string | undefined,
  fallback: { field: F; direction: 'ASC' | 'DESC' },
): { field: F; direction: 'ASC' | 'DESC' } {
  if (!sort) return fallback;
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  return { field: sort.replace(/^[-+]/, '') as F, direction };
}
