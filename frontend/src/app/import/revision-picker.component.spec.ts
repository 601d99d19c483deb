import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { HubRefs } from './hub-facts';
import { RevisionPickerComponent } from './revision-picker.component';

const ref = (name: string, kind: 'heads' | 'tags') => ({ name, ref: `refs/${kind}/${name}`, targetCommit: '0123456789abcdef0123456789abcdef01234567' });
const REFS: HubRefs = { branches: [ref('main', 'heads')], tags: [ref('v2.1', 'tags')], converts: [] };

@Component({
  imports: [RevisionPickerComponent],
  template: `<rk-revision-picker [refs]="refs" [(revision)]="revision" />`,
})
class Host {
  refs: HubRefs | null = REFS;
  readonly revision = signal<string | null>('main');
}

async function setUp(revision: string, refs: HubRefs | null = REFS) {
  TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
  const fixture = TestBed.createComponent(Host);
  fixture.componentInstance.refs = refs;
  fixture.componentInstance.revision.set(revision);
  const loader = TestbedHarnessEnvironment.loader(fixture);
  await fixture.whenStable();
  return { host: fixture.componentInstance, loader };
}

describe('RevisionPickerComponent', () => {
  it('shows a branch or tag of the repo as chosen, and takes another one', async () => {
    const { host, loader } = await setUp('main');
    const group = await loader.getHarness(MatRadioGroupHarness);
    expect(await group.getCheckedValue()).toBe('main');
    await group.checkRadioButton({ label: /v2\.1/ });
    expect(host.revision()).toBe('v2.1');
  });

  it('puts a revision the refs do not name in the text field, and checks what is typed there', async () => {
    const { host, loader } = await setUp('0123abc');
    expect(await (await loader.getHarness(MatRadioGroupHarness)).getCheckedValue()).toBe('other revision');
    const input = await loader.getHarness(MatInputHarness.with({ placeholder: /hex digits/ }));
    expect(await input.getValue()).toBe('0123abc');
    await input.setValue('bad..ref');
    await input.blur();
    expect(host.revision()).toBeNull();
    expect(await (await loader.getHarness(MatFormFieldHarness)).getTextErrors()).toEqual([
      'The revision must be a branch, tag or commit sha (a valid git ref name, or 7-40 hex digits).',
    ]);
    await input.setValue('feature/x');
    expect(host.revision()).toBe('feature/x');
  });

  it('offers only typing when the refs cannot be listed', async () => {
    const { loader } = await setUp('main', null);
    const group = await loader.getHarness(MatRadioGroupHarness);
    expect((await group.getRadioButtons()).length).toBe(1);
    expect(await (await loader.getHarness(MatInputHarness)).getValue()).toBe('main');
  });
});
