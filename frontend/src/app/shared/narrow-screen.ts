import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Whether the screen is phone-sized (the width at which the app bar folds its navigation away); call in an injection context. */
export function injectNarrowScreen(): Signal<boolean> {
  return toSignal(inject(BreakpointObserver).observe('(max-width: 720px)').pipe(map((state) => state.matches)), { initialValue: false });
}
