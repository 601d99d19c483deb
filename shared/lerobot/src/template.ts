import { ErrorCode } from '@robokit/api';
import { LeRobotFormatError } from './format-error';

/**
 * Python's str.format as LeRobot's path templates use it: `{name}` and `{name:0Nd}`; extra values are
 * ignored and an unknown placeholder is an error (LeRobot raises KeyError), naming the template.
 */
export function formatTemplate(key: string, template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::0?(\d+)d)?\}/g, (_match, name: string, width?: string) => {
    if (!(name in values)) {
      throw new LeRobotFormatError(ErrorCode.MetadataInvalid, `meta/info.json ${key} "${template}" uses {${name}}, which this format version does not define.`, {
        path: 'meta/info.json',
        key,
      });
    }
    const value = values[name];
    return width && typeof value === 'number' ? String(value).padStart(Number(width), '0') : String(value);
  });
}
