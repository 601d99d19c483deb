import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { ReviewFormComponent, ReviewSummary } from './review-form.component';

describe('ReviewFormComponent', () => {
  let fixture: ComponentFixture<ReviewFormComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let saved: (ReviewSummary | null)[];

  async function create(review: ReviewSummary | null) {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(ReviewFormComponent);
    fixture.componentRef.setInput('datasetId', 'ds-1');
    fixture.componentRef.setInput('episodeIndex', 4);
    fixture.componentRef.setInput('review', review);
    saved = [];
    fixture.componentInstance.saved.subscribe((value) => saved.push(value));
    loader = TestbedHarnessEnvironment.loader(fixture);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  }

  const toggle = (text: string) => loader.getHarness(MatButtonToggleHarness.with({ text: new RegExp(text) }));
  const button = (text: string) => loader.getHarness(MatButtonHarness.with({ text }));

  afterEach(() => http.verify());

  it('shows the stored review', async () => {
    await create({ decision: 'exclude', note: 'gripper slips' });
    expect(await (await toggle('Exclude')).isChecked()).toBe(true);
    expect(await (await toggle('Keep')).isChecked()).toBe(false);
    expect(await (await loader.getHarness(MatInputHarness)).getValue()).toBe('gripper slips');
  });

  it('saves a decision only once one is chosen, with the note trimmed', async () => {
    await create(null);
    const save = await button('Save review');
    expect(await save.isDisabled()).toBe(true);
    await (await toggle('Exclude')).check();
    await (await loader.getHarness(MatInputHarness)).setValue('  camera blocked ');
    await save.click();
    const request = http.expectOne('/api/v1/datasets/ds-1/episodes/4/review');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ decision: 'exclude', note: 'camera blocked' });
    request.flush({ episodeIndex: 4, decision: 'exclude', note: 'camera blocked', updatedAt: '2026-01-01T00:00:00Z' });
    await fixture.whenStable();
    expect(saved).toEqual([{ decision: 'exclude', note: 'camera blocked' }]);
    // The page stores the saved review and hands it back: the confirmation stays.
    fixture.componentRef.setInput('review', saved[0]);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[role=status]').textContent).toContain('episode 4 marked exclude');
    expect(await (await toggle('Exclude')).isChecked()).toBe(true);
  });

  it('sends no note when the note is blank', async () => {
    await create(null);
    await (await toggle('Keep')).check();
    await (await button('Save review')).click();
    const request = http.expectOne('/api/v1/datasets/ds-1/episodes/4/review');
    expect(request.request.body).toEqual({ decision: 'keep', note: null });
    request.flush({ episodeIndex: 4, decision: 'keep', note: null, updatedAt: '2026-01-01T00:00:00Z' });
  });

  it('clears a review', async () => {
    await create({ decision: 'keep', note: null });
    await (await button('Clear review')).click();
    const request = http.expectOne('/api/v1/datasets/ds-1/episodes/4/review');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(saved).toEqual([null]);
  });

  it('shows a failure with what to do, and keeps what the user typed', async () => {
    await create(null);
    await (await toggle('Exclude')).check();
    await (await loader.getHarness(MatInputHarness)).setValue('late start');
    await (await button('Save review')).click();
    http
      .expectOne('/api/v1/datasets/ds-1/episodes/4/review')
      .flush(
        { statusCode: 404, code: 'EPISODE_NOT_FOUND', message: 'Episode 4 does not exist.', retryable: false, requestId: 'r-1' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[role=alert]').textContent).toContain('Episode 4 does not exist.');
    expect(saved).toEqual([]);
    expect(await (await loader.getHarness(MatInputHarness)).getValue()).toBe('late start');
  });
});
