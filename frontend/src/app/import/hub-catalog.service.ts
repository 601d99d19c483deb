import { inject, Injectable } from '@angular/core';
import { map, Observable, of } from 'rxjs';
import { ApiClient } from '../core/api/api-client';
import { HubRefs, HubSummary } from './hub-facts';

export type HubSort = 'downloads' | 'likes' | 'lastModified';

export interface HubSearch {
  q: string;
  robotics: boolean;
  sort: HubSort;
  page: number;
  pageSize: number;
}

/** What the import wizard asks the Hub (through the API) before a dataset exists. */
@Injectable({ providedIn: 'root' })
export class HubCatalog {
  private readonly api = inject(ApiClient);

  search(search: HubSearch) {
    return this.api.get('/api/v1/huggingface/search', { query: search });
  }

  /** The repo's branches and tags; null for a legacy single-name repo, whose refs the API cannot list. */
  refs(repoId: string): Observable<HubRefs | null> {
    if (!repoId.includes('/')) return of(null);
    const [owner, name] = repoId.split('/');
    return this.api.get('/api/v1/huggingface/datasets/{owner}/{name}/refs', { path: { owner, name } });
  }

  /**
   * The Hub's listing entry of one repo (downloads, likes, tags, gated), for an id the user typed: the Hub has
   * no single-repo call that the API exposes, so this searches the owner's repos for the name.
   */
  summary(repoId: string): Observable<HubSummary | null> {
    const [author, name] = repoId.includes('/') ? repoId.split('/') : [undefined, repoId];
    return this.api
      .get('/api/v1/huggingface/search', { query: { q: name, author, robotics: false, pageSize: 100 } })
      .pipe(map((page) => page.items.find((item) => item.repoId.toLowerCase() === repoId.toLowerCase()) ?? null));
  }
}
