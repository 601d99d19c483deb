import { ParseIntPipe } from '@nestjs/common';
import { validationError } from '../common/validation';

/** The `:index` of episode routes; a non-number is a 400 naming the field, like any other bad input. */
export const episodeIndexPipe = new ParseIntPipe({
  exceptionFactory: () => validationError([{ field: 'index', problems: ['must be a whole number'] }]),
});
