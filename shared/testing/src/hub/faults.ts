import type { RouteKind } from './routing';
import type { FaultRule, ListedEntryOverride } from './types';

export interface FaultTarget {
  route: RouteKind;
  repoId?: string;
  path?: string;
}

interface ActiveRule {
  rule: FaultRule;
  pattern?: RegExp;
  remaining: number;
  keepOnClear: boolean;
}

/**
 * Fault rules in the order they were added; the first matching rule acts. Rules that alter body bytes are
 * taken only when a body is about to be sent and they would change it, so a `times` budget is not spent on
 * redirects, HEADs or the 1-byte `Range: bytes=0-0` probes that clients send before downloading.
 */
export class FaultBook {
  private active: ActiveRule[] = [];

  add(rule: FaultRule, { keepOnClear = false }: { keepOnClear?: boolean } = {}): void {
    const pattern =
      rule.pathPattern === undefined
        ? undefined
        : typeof rule.pathPattern === 'string'
          ? new RegExp(rule.pathPattern)
          : new RegExp(rule.pathPattern.source, rule.pathPattern.flags.replace(/[gy]/g, ''));
    this.active.push({ rule: { ...rule }, pattern, remaining: rule.times ?? Infinity, keepOnClear });
  }

  clear(): void {
    this.active = this.active.filter((entry) => entry.keepOnClear);
  }

  /** A status, a redirect loop or a plain delay, decided before the request is handled. */
  takeRequestFault(target: FaultTarget): FaultRule | undefined {
    return this.take(target, (rule) => rule.status !== undefined || (!altersBody(rule) && rule.listAs === undefined));
  }

  /** How a hostile listing describes the file at `target.path`; listing rules are never used up. */
  listingOverride(target: FaultTarget): ListedEntryOverride | undefined {
    return this.active.find((entry) => entry.rule.listAs !== undefined && matches(entry, target))?.rule.listAs;
  }

  takeBodyFault(target: FaultTarget, bodyLength: number, sizeProbe: boolean): FaultRule | undefined {
    if (sizeProbe) return undefined;
    return this.take(
      target,
      (rule) =>
        rule.status === undefined &&
        altersBody(rule) &&
        ((rule.corruptBody === true && bodyLength > 0) ||
          ((rule.contentLengthDelta ?? 0) !== 0 && bodyLength > 0) ||
          (rule.truncateAfterBytes ?? Infinity) < bodyLength ||
          (rule.stallAfterBytes ?? Infinity) < bodyLength ||
          (rule.trickleMs !== undefined && bodyLength > 0)),
    );
  }

  private take(target: FaultTarget, acts: (rule: FaultRule) => boolean): FaultRule | undefined {
    const found = this.active.find((entry) => matches(entry, target) && acts(entry.rule));
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.active = this.active.filter((entry) => entry !== found);
    return found.rule;
  }
}

function altersBody(rule: FaultRule): boolean {
  return (
    rule.truncateAfterBytes !== undefined ||
    rule.stallAfterBytes !== undefined ||
    rule.corruptBody === true ||
    rule.trickleMs !== undefined ||
    (rule.contentLengthDelta ?? 0) !== 0
  );
}

function matches({ rule, pattern }: ActiveRule, target: FaultTarget): boolean {
  if (rule.route !== undefined && rule.route !== 'any' && rule.route !== target.route) return false;
  if (rule.repo !== undefined && rule.repo !== target.repoId) return false;
  return pattern === undefined || pattern.test(target.path ?? '');
}
