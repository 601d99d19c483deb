import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';

/**
 * Turns the JSON Schema of a job type's parameters (GET /jobs/parameter-schemas) into form fields, so a new
 * job type, or a new parameter, needs no new form code. Kinds this form cannot edit are reported, and the
 * server's default then applies.
 */
export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'string-list' | 'enum-list';

export interface SchemaField {
  name: string;
  kind: FieldKind;
  title: string;
  description: string;
  required: boolean;
  /** The schema's default, or null when it has none. */
  default: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  maxItems?: number;
  options?: string[];
}

export interface SkippedField {
  name: string;
  title: string;
  reason: string;
}

export interface SchemaForm {
  fields: SchemaField[];
  /** Parameters the form leaves to the server's default. */
  skipped: SkippedField[];
  /** Why no job can be started from this schema (a required parameter the form cannot fill), or null. */
  blocker: string | null;
}

type JsonSchema = Record<string, unknown>;

export function formFromSchema(schema: unknown): SchemaForm {
  if (!isObject(schema)) return { fields: [], skipped: [], blocker: 'The server sent no parameter schema for this job type.' };
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((name) => typeof name === 'string') : []);
  const fields: SchemaField[] = [];
  const skipped: SkippedField[] = [];
  let blocker: string | null = null;
  for (const [name, property] of Object.entries(properties)) {
    const spec = isObject(property) ? property : {};
    const title = typeof spec['title'] === 'string' ? spec['title'] : humanize(name);
    const kind = kindOf(spec);
    if (kind) {
      fields.push(fieldOf(name, title, kind, spec, required.has(name)));
      continue;
    }
    const reason = `its type (${describeType(spec)}) has no form field yet`;
    skipped.push({ name, title, reason });
    if (required.has(name) && !('default' in spec)) blocker ??= `The required parameter “${title}” cannot be entered here: ${reason}.`;
  }
  return { fields, skipped, blocker };
}

function fieldOf(name: string, title: string, kind: FieldKind, spec: JsonSchema, required: boolean): SchemaField {
  const field: SchemaField = {
    name,
    kind,
    title,
    description: typeof spec['description'] === 'string' ? spec['description'] : '',
    required,
    default: 'default' in spec ? spec['default'] : null,
  };
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'maxItems'] as const) {
    if (typeof spec[key] === 'number') field[key] = spec[key];
  }
  if (typeof spec['pattern'] === 'string') field.pattern = spec['pattern'];
  const options = kind === 'enum' ? spec['enum'] : kind === 'enum-list' ? (spec['items'] as JsonSchema)['enum'] : undefined;
  if (Array.isArray(options)) field.options = options.map(String);
  return field;
}

function kindOf(spec: JsonSchema): FieldKind | null {
  const type = typeOf(spec);
  if (Array.isArray(spec['enum']) && spec['enum'].every((option) => typeof option === 'string')) return 'enum';
  if (type === 'number' || type === 'integer' || type === 'boolean' || type === 'string') return type;
  if (type === 'array' && isObject(spec['items']) && typeOf(spec['items']) === 'string') {
    return Array.isArray(spec['items']['enum']) ? 'enum-list' : 'string-list';
  }
  return null;
}

/** The type a value must have; a nullable type (["number", "null"]) counts as its non-null part. */
function typeOf(spec: JsonSchema): string | null {
  const type = spec['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((item) => item !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? types[0] : null;
  }
  return null;
}

function describeType(spec: JsonSchema): string {
  const type = spec['type'];
  if (Array.isArray(type)) return type.join(' or ');
  return typeof type === 'string' ? type : 'unspecified';
}

/** A form group with one control per field, holding the defaults and the schema's bounds as validators. */
export function buildFormGroup(form: SchemaForm): FormGroup<Record<string, FormControl<unknown>>> {
  const controls: Record<string, FormControl<unknown>> = {};
  for (const field of form.fields) controls[field.name] = new FormControl<unknown>(initialValue(field), { validators: validatorsOf(field) });
  return new FormGroup(controls);
}

function initialValue(field: SchemaField): unknown {
  const value = field.default;
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'number':
    case 'integer':
      return typeof value === 'number' ? value : null;
    case 'string-list':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'enum-list':
      return Array.isArray(value) ? value : [];
    default:
      return typeof value === 'string' ? value : field.kind === 'enum' ? null : '';
  }
}

function validatorsOf(field: SchemaField): ValidatorFn[] {
  const validators: ValidatorFn[] = [];
  if (field.required && field.kind !== 'boolean') validators.push(Validators.required);
  if (field.kind === 'number' || field.kind === 'integer') {
    validators.push(numberValidator);
    if (field.kind === 'integer') validators.push(integerValidator);
    if (field.minimum !== undefined) validators.push(Validators.min(field.minimum));
    if (field.maximum !== undefined) validators.push(Validators.max(field.maximum));
    if (field.exclusiveMinimum !== undefined) validators.push(exclusiveValidator('exclusiveMinimum', field.exclusiveMinimum, (value, bound) => value > bound));
    if (field.exclusiveMaximum !== undefined) validators.push(exclusiveValidator('exclusiveMaximum', field.exclusiveMaximum, (value, bound) => value < bound));
  }
  if (field.kind === 'string') {
    if (field.minLength !== undefined) validators.push(Validators.minLength(field.minLength));
    if (field.maxLength !== undefined) validators.push(Validators.maxLength(field.maxLength));
    if (field.pattern !== undefined) validators.push(Validators.pattern(field.pattern));
  }
  if ((field.kind === 'string-list' || field.kind === 'enum-list') && field.maxItems !== undefined) validators.push(maxItemsValidator(field.maxItems));
  return validators;
}

const numberValidator: ValidatorFn = (control) =>
  control.value === null || control.value === '' || Number.isFinite(Number(control.value)) ? null : { number: true };

const integerValidator: ValidatorFn = (control) =>
  control.value === null || control.value === '' || Number.isInteger(Number(control.value)) ? null : { integer: true };

function exclusiveValidator(key: string, bound: number, holds: (value: number, bound: number) => boolean): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null =>
    control.value === null || control.value === '' || holds(Number(control.value), bound) ? null : { [key]: { bound } };
}

function maxItemsValidator(maxItems: number): ValidatorFn {
  return (control) => (listOf(control.value).length > maxItems ? { maxItems: { maxItems } } : null);
}

/** The message under a field for its first error, in the API's own wording ("must be at least 0"). */
export function errorMessage(field: SchemaField, errors: ValidationErrors | null): string | null {
  if (!errors) return null;
  if (errors['required']) return 'Required.';
  if (errors['number']) return 'Must be a number.';
  if (errors['integer']) return 'Must be a whole number.';
  if (errors['min']) return `Must be at least ${field.minimum}.`;
  if (errors['max']) return `Must be at most ${field.maximum}.`;
  if (errors['exclusiveMinimum']) return `Must be more than ${field.exclusiveMinimum}.`;
  if (errors['exclusiveMaximum']) return `Must be less than ${field.exclusiveMaximum}.`;
  if (errors['minlength']) return `Must be at least ${field.minLength} characters.`;
  if (errors['maxlength']) return `Must be at most ${field.maxLength} characters.`;
  if (errors['pattern']) return `Must match ${field.pattern}.`;
  if (errors['maxItems']) return `At most ${field.maxItems} items.`;
  if (typeof errors['server'] === 'string') return errors['server'];
  return 'Not a valid value.';
}

/** The parameters to send: typed as the schema says, with empty optional values left out so the server's defaults apply. */
export function parametersOf(form: SchemaForm, value: Record<string, unknown>): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const field of form.fields) {
    const raw = value[field.name];
    switch (field.kind) {
      case 'boolean':
        parameters[field.name] = raw === true;
        break;
      case 'number':
      case 'integer':
        if (raw !== null && raw !== '' && raw !== undefined) parameters[field.name] = Number(raw);
        break;
      case 'string-list':
        parameters[field.name] = listOf(raw);
        break;
      case 'enum-list':
        parameters[field.name] = Array.isArray(raw) ? raw : [];
        break;
      default:
        if (raw !== null && raw !== undefined && raw !== '') parameters[field.name] = raw;
    }
  }
  return parameters;
}

/**
 * Puts the server's field problems (400 VALIDATION_FAILED, details.fields = [{field: "parameters.x",
 * problems}]) on the matching controls; answers whether any matched.
 */
export function applyServerErrors(group: FormGroup<Record<string, FormControl<unknown>>>, details: Record<string, unknown>): boolean {
  const fields = Array.isArray(details['fields']) ? (details['fields'] as unknown[]) : [];
  let matched = false;
  for (const entry of fields) {
    if (!isObject(entry) || typeof entry['field'] !== 'string' || !Array.isArray(entry['problems'])) continue;
    const control = group.controls[entry['field'].replace(/^parameters\./, '')];
    if (!control) continue;
    const problems = (entry['problems'] as unknown[]).map(String).join('; ');
    control.setErrors({ server: problems.charAt(0).toUpperCase() + problems.slice(1) + '.' });
    control.markAsTouched();
    matched = true;
  }
  return matched;
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : [];
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
