import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatChipsModule } from '@angular/material/chips';
import { MatIconModule } from '@angular/material/icon';
import { HubRefs, HubSummary, isLeRobotTagged, lerobotVersionOf } from './hub-facts';

/** What the Hub says about the chosen repo, before anything is imported. */
@Component({
  selector: 'rk-repo-facts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, DecimalPipe, MatChipsModule, MatIconModule],
  templateUrl: './repo-facts.component.html',
  styleUrl: './repo-facts.component.scss',
})
export class RepoFactsComponent {
  readonly repoId = input.required<string>();
  /** The Hub's listing entry; null when the Hub's search does not list the repo. */
  readonly summary = input.required<HubSummary | null>();
  /** Null while unknown (loading, or a legacy single-name repo). */
  readonly refs = input.required<HubRefs | null>();

  protected readonly hubUrl = computed(() => `https://huggingface.co/datasets/${this.repoId()}`);
  protected readonly version = computed(() => {
    const refs = this.refs();
    return refs ? lerobotVersionOf(refs) : null;
  });
  protected readonly lerobotTagged = computed(() => {
    const summary = this.summary();
    return summary !== null && isLeRobotTagged(summary);
  });
}
