import { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string (it may exceed 2^53); byte sizes here stay far below that. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
