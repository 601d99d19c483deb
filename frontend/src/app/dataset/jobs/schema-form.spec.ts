import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { applyServerErrors, buildFormGroup, errorMessage, formFromSchema, parametersOf } from './schema-form';
import { SchemaFieldsComponent } from './schema-fields.component';

/** A schema with one parameter of every kind the form knows, in the shape the API sends. */
const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: {
    check_videos: { type: 'boolean', default: true, title: 'Probe the videos', description: 'Download every mp4.' },
    tolerance_s: { type: 'number', default: 0.0001, minimum: 0, maximum: 1, title: 'Timestamp tolerance (s)', description: 'Allowed jitter.' },
    episode_sample: { type: 'integer', default: 0, minimum: 0, maximum: 1000, title: 'Episode sample', description: 'At most this many.' },
    mode: { type: 'string', enum: ['fast', 'thorough'], default: 'fast', title: 'Mode', description: 'How hard to look.' },
    features: { type: 'string', default: 'action,observation.state', maxLength: 40, title: 'Features', description: 'Comma-separated.' },
    cameras: { type: 'array', items: { type: 'string' }, default: ['top'], maxItems: 2, title: 'Cameras', description: 'Which cameras.' },
    metrics: { type: 'array', items: { type: 'string', enum: ['jerk', 'idle', 'spikes'] }, default: ['idle'], title: 'Metrics', description: 'Which metrics.' },
    threshold: { type: ['number', 'null'], exclusiveMinimum: 0, title: 'Threshold', description: 'Nullable, no default.' },
    region: { type: 'object', default: {}, title: 'Region', description: 'An object: no field for it.' },
  },
};

describe('formFromSchema', () => {
  const form = formFromSchema(SCHEMA);
  const field = (name: string) => form.fields.find((candidate) => candidate.name === name);

  it('gives every known type its field kind, in schema order', () => {
    expect(form.fields.map(({ name, kind }) => [name, kind])).toEqual([
      ['check_videos', 'boolean'],
      ['tolerance_s', 'number'],
      ['episode_sample', 'integer'],
      ['mode', 'enum'],
      ['features', 'string'],
      ['cameras', 'string-list'],
      ['metrics', 'enum-list'],
      ['threshold', 'number'],
    ]);
  });

  it('keeps titles, descriptions, defaults, bounds, options and required', () => {
    expect(field('tolerance_s')).toMatchObject({ title: 'Timestamp tolerance (s)', description: 'Allowed jitter.', default: 0.0001, minimum: 0, maximum: 1, required: false });
    expect(field('mode')).toMatchObject({ options: ['fast', 'thorough'], required: true, default: 'fast' });
    expect(field('metrics')?.options).toEqual(['jerk', 'idle', 'spikes']);
    expect(field('threshold')).toMatchObject({ exclusiveMinimum: 0, default: null });
    expect(field('features')?.maxLength).toBe(40);
  });

  it('leaves a type it cannot edit to the server default, and only blocks when that parameter is required without a default', () => {
    expect(form.skipped).toEqual([{ name: 'region', title: 'Region', reason: 'its type (object) has no form field yet' }]);
    expect(form.blocker).toBeNull();
    const blocked = formFromSchema({ type: 'object', required: ['shape'], properties: { shape: { type: 'object' } } });
    expect(blocked.blocker).toContain('“Shape” cannot be entered here');
  });

  it('names a parameter without a title after its key', () => {
    expect(formFromSchema({ properties: { max_frames: { type: 'integer' } } }).fields[0].title).toBe('Max frames');
  });

  it('refuses a missing schema with the reason', () => {
    expect(formFromSchema(null)).toEqual({ fields: [], skipped: [], blocker: 'The server sent no parameter schema for this job type.' });
    expect(formFromSchema({ type: 'object', properties: {} }).fields).toEqual([]);
  });
});

describe('buildFormGroup and parametersOf', () => {
  const form = formFromSchema(SCHEMA);

  it('starts from the defaults and sends them typed as the schema says', () => {
    const group = buildFormGroup(form);
    expect(group.valid).toBe(true);
    expect(parametersOf(form, group.getRawValue())).toEqual({
      check_videos: true,
      tolerance_s: 0.0001,
      episode_sample: 0,
      mode: 'fast',
      features: 'action,observation.state',
      cameras: ['top'],
      metrics: ['idle'],
    });
  });

  it('turns typed text into numbers and lists, and leaves emptied optional fields to the server', () => {
    const group = buildFormGroup(form);
    group.patchValue({ tolerance_s: '0.5', episode_sample: '', cameras: ' top, wrist ,', features: '', threshold: 2 });
    expect(parametersOf(form, group.getRawValue())).toMatchObject({ tolerance_s: 0.5, cameras: ['top', 'wrist'], threshold: 2 });
    const sent = parametersOf(form, group.getRawValue());
    expect('episode_sample' in sent).toBe(false);
    expect('features' in sent).toBe(false);
  });

  it('enforces bounds, whole numbers, lengths, list sizes and required fields, with the API wording', () => {
    const group = buildFormGroup(form);
    const message = (name: string) => errorMessage(form.fields.find((field) => field.name === name)!, group.controls[name].errors);
    group.patchValue({ tolerance_s: -1, episode_sample: 2.5, features: 'x'.repeat(41), cameras: 'a,b,c', mode: null, threshold: 0 });
    expect(group.valid).toBe(false);
    expect(message('tolerance_s')).toBe('Must be at least 0.');
    expect(message('episode_sample')).toBe('Must be a whole number.');
    expect(message('features')).toBe('Must be at most 40 characters.');
    expect(message('cameras')).toBe('At most 2 items.');
    expect(message('mode')).toBe('Required.');
    expect(message('threshold')).toBe('Must be more than 0.');
    group.patchValue({ tolerance_s: 2 });
    expect(message('tolerance_s')).toBe('Must be at most 1.');
    group.patchValue({ tolerance_s: 1, episode_sample: 1000, features: 'ok', cameras: 'a', mode: 'thorough', threshold: 0.1 });
    expect(group.valid).toBe(true);
  });

  it('puts the server’s field problems on the matching fields', () => {
    const group = buildFormGroup(form);
    const matched = applyServerErrors(group, {
      fields: [
        { field: 'parameters.tolerance_s', problems: ['must be at most 0.5'] },
        { field: 'parameters.nope', problems: ['is not a parameter of this job type'] },
      ],
    });
    expect(matched).toBe(true);
    expect(errorMessage(form.fields[1], group.controls['tolerance_s'].errors)).toBe('Must be at most 0.5.');
    expect(applyServerErrors(group, {})).toBe(false);
  });
});

describe('SchemaFieldsComponent', () => {
  async function render() {
    TestBed.configureTestingModule({ imports: [SchemaFieldsComponent], providers: [provideZonelessChangeDetection()] });
    const form = formFromSchema(SCHEMA);
    const group = buildFormGroup(form);
    const fixture = TestBed.createComponent(SchemaFieldsComponent);
    fixture.componentRef.setInput('form', form);
    fixture.componentRef.setInput('group', group);
    await fixture.whenStable();
    return { fixture, group, form, loader: TestbedHarnessEnvironment.loader(fixture) };
  }

  it('renders a toggle, number inputs, selects and text inputs bound to the form', async () => {
    const { loader, group } = await render();
    const toggle = await loader.getHarness(MatSlideToggleHarness.with({ label: 'Probe the videos' }));
    expect(await toggle.isChecked()).toBe(true);
    await toggle.toggle();
    expect(group.value['check_videos']).toBe(false);

    const tolerance = await loader.getHarness(MatInputHarness.with({ selector: '[type=number][step=any]' }));
    expect(await tolerance.getValue()).toBe('0.0001');

    const select = async (label: string) => (await (await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }))).getControl(MatSelectHarness))!;
    const mode = await select('Mode');
    await mode.open();
    expect((await mode.getOptions()).length).toBe(2); // required: no "server default" choice
    await mode.clickOptions({ text: 'thorough' });
    expect(group.value['mode']).toBe('thorough');

    const metrics = await select('Metrics');
    expect(await metrics.isMultiple()).toBe(true);
    expect(await metrics.getValueText()).toBe('idle');
  });

  it('shows the validation message under a field once it is touched', async () => {
    const { loader } = await render();
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: /Episode sample/ }));
    expect(await field.getTextHints()).toEqual(['At most this many. (0 to 1000)']);
    const input = (await field.getControl(MatInputHarness))!;
    await input.setValue('5000');
    await input.blur();
    expect(await field.getTextErrors()).toEqual(['Must be at most 1000.']);
  });

  it('lists the parameters it leaves to the server', async () => {
    const { fixture } = await render();
    expect(fixture.nativeElement.querySelector('.skipped').textContent.trim()).toBe("Left to the server's default: Region (its type (object) has no form field yet).");
  });
});
