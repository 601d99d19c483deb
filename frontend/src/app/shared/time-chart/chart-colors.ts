/**
 * Line colours that stay apart from each other and readable on the light and the dark surface alike
 * (Observable's 10-colour scheme); a plot with more lines cycles through them.
 */
export const LINE_COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];

export function lineColor(position: number): string {
  return LINE_COLORS[position % LINE_COLORS.length];
}

/** `rgb(r, g, b)` as a computed style gives it, with an alpha; canvases cannot take CSS variables. */
export function withAlpha(color: string, alpha: number): string {
  const channels = color.match(/[\d.]+/g);
  if (!channels || channels.length < 3) return color;
  return `rgba(${channels[0]}, ${channels[1]}, ${channels[2]}, ${alpha})`;
}
