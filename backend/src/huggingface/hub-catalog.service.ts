import { Inject, Injectable } from '@nestjs/common';
import { listDatasets } from '@huggingface/hub';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { hubError } from './hub-errors';
import { HubService } from './hub.service';

export type HubSort = 'downloads' | 'likes' | 'lastModified' | 'createdAt' | 'trendingScore';

export interface HubSearchQuery {
  q?: string;
  author?: string;
  robotics: boolean;
  sort: HubSort;
  page: number;
  pageSize: number;
}

export interface HubDatasetSummary {
  repoId: string;
  author: string | null;
  downloads: number;
  likes: number;
  gated: false | 'auto' | 'manual';
  private: boolean;
  lastModified: string | null;
  tags: string[];
}

export interface HubSearchPage {
  items: HubDatasetSummary[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface HubRef {
  name: string;
  ref: string;
  targetCommit: string;
}

export interface HubRefs {
  branches: HubRef[];
  tags: HubRef[];
  converts: HubRef[];
}

/** LeRobot's card puts every dataset under this Hub tag (lerobot-format.md §9.1). */
export const ROBOTICS_TAG = 'task_categories:robotics';
/** The Hub pages its search with cursors only, so deep pages cost a walk from the start; bound it. */
export const MAX_SEARCH_DEPTH = 1000;

/** Searching the Hub and listing a repo's refs: what the import wizard needs before a dataset exists. */
@Injectable()
export class HubCatalogService {
  private readonly searchCache = new Map<string, { at: number; page: HubSearchPage }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hub: HubService,
  ) {}

  private assertOnline(what: string): void {
    if (this.config.localOnly) {
      throw new DomainError(ErrorCode.HubUnavailable, `${what} needs the Hub, and ROBOKIT_HF_LOCAL_ONLY=1 forbids asking it.`, { localOnly: true }, false);
    }
  }

  async search(query: HubSearchQuery): Promise<HubSearchPage> {
    this.assertOnline('Searching the Hub');
    const key = JSON.stringify(query);
    const cached = this.searchCache.get(key);
    if (cached && Date.now() - cached.at < this.config.searchCacheMs) return cached.page;
    const wanted = query.page * query.pageSize;
    const found: HubDatasetSummary[] = [];
    try {
      for await (const entry of listDatasets({
        hubUrl: this.config.hubUrl,
        fetch: this.hub.fetch,
        accessToken: this.config.hubToken,
        search: { query: query.q || undefined, owner: query.author || undefined, tags: query.robotics ? [ROBOTICS_TAG] : undefined },
        sort: query.sort,
        // One more than the page, to know whether another page exists.
        limit: wanted + 1,
        additionalFields: ['author', 'tags'],
      })) {
        // The library's `id` is the Hub's internal _id; the repo id is `name` (hub-api.md §2).
        found.push({
          repoId: entry.name,
          author: entry.author ?? null,
          downloads: entry.downloads ?? 0,
          likes: entry.likes ?? 0,
          gated: entry.gated ?? false,
          private: entry.private ?? false,
          lastModified: Number.isNaN(entry.updatedAt.getTime()) ? null : entry.updatedAt.toISOString(),
          tags: entry.tags ?? [],
        });
      }
    } catch (error) {
      throw hubError(error, { repoId: '(search)', hubUrl: this.config.hubUrl });
    }
    const page: HubSearchPage = {
      items: found.slice(wanted - query.pageSize, wanted),
      page: query.page,
      pageSize: query.pageSize,
      hasMore: found.length > wanted,
    };
    this.searchCache.set(key, { at: Date.now(), page });
    this.pruneSearchCache();
    return page;
  }

  private pruneSearchCache(): void {
    const oldest = Date.now() - this.config.searchCacheMs;
    for (const [key, entry] of this.searchCache) if (entry.at < oldest) this.searchCache.delete(key);
  }

  /** The library has no call for /refs, so this is the one plain request (through the same fetch). */
  async refs(repoId: string): Promise<HubRefs> {
    this.assertOnline('Listing the refs of a dataset');
    try {
      const response = await this.hub.fetch(`${this.config.hubUrl}/api/datasets/${repoId}/refs`, {
        headers: { accept: 'application/json', ...(this.config.hubToken ? { authorization: `Bearer ${this.config.hubToken}` } : {}) },
      });
      const body = (await response.json()) as Partial<HubRefs>;
      const pick = (refs: HubRef[] | undefined) => (refs ?? []).map(({ name, ref, targetCommit }) => ({ name, ref, targetCommit }));
      return { branches: pick(body.branches), tags: pick(body.tags), converts: pick(body.converts) };
    } catch (error) {
      throw hubError(error, { repoId, hubUrl: this.config.hubUrl });
    }
  }
}
