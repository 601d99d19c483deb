import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/**
 * Whether the screen is at most `maxWidth` px wide; the default is where the app bar folds its navigation away
 * (phone-sized). Call in an injection context.
 */
export function injectNarrowScreen(maxWidth = 720): Signal<boolean> {
  return toSignal(inject(BreakpointObserver).observe(`(max-width: ${maxWidth}px)`).pipe(map((state) => state.matches)), { initialValue: false });
}
