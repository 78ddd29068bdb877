// `%%version:<tool>%%` (or `%%version:<tool>:<field>%%`) → the version docs/versions.json names, without
// a leading "v". Pure; the site's remark plugin uses it for prose and inline code.

export type VersionData = Record<string, Record<string, string | undefined>>;

// Not `{{…}}`: MDX reads braces in prose as a JavaScript expression.
export const PLACEHOLDER = /%%version:([\w.-]+)(?::(\w+))?%%/g;

export function substituteVersions(text: string, versions: VersionData): string {
  return text.replace(PLACEHOLDER, (_all, tool: string, field: string | undefined) => {
    const value = versions[tool]?.[field ?? 'version'];
    if (!value) {
      throw new Error(
        `%%version:${tool}${field ? `:${field}` : ''}%% names nothing in docs/versions.json; ` +
          `known tools: ${Object.keys(versions).join(', ')}`,
      );
    }
    return value.replace(/^v/, '');
  });
}
