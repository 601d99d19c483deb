import { repoIdProblem, revisionProblem } from '@robokit/api';
import { registerDecorator, ValidationOptions } from 'class-validator';

function fromProblem(name: string, problemOf: (value: string) => string | null) {
  return (options?: ValidationOptions) => (target: object, property: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && problemOf(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? `${args.property} ${problemOf(args.value)}` : `${args?.property} must be a string`,
      },
    });
}

/** A Hub repo id by the Hub's own rules (owner/name, 96 characters, no "..", ...). */
export const IsRepoId = fromProblem('isRepoId', repoIdProblem);
/** A git ref name or a 7-40 hex commit sha. */
export const IsRevision = fromProblem('isRevision', revisionProblem);
