/**
 * Python `str.format` for LeRobot path templates (`{name}` and `{name:0Nd}`), so file paths are always derived
 * from the templates written to info.json, as LeRobot derives them.
 */
export function formatTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?::0(\d+)d)?\}/g, (_, name: string, width?: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template ${template}: no value for {${name}}`);
    return width ? String(value).padStart(Number(width), '0') : String(value);
  });
}
