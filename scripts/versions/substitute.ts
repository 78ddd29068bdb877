// `%%version(<tool>)%%` (or `%%chartVersion(<tool>)%%`, any field of the entry) → that value of
// docs/versions.json, without a leading "v". Pure; the remark plugin uses it for prose and inline code.

export type VersionData = Record<string, Record<string, string | undefined>>;

// Not `{{…}}`: MDX reads braces in prose as a JavaScript expression; and no `:name`, which the
// site's directive syntax takes for a text directive.
export const PLACEHOLDER = /%%(\w+)\(([\w.-]+)\)%%/g;

export function substituteVersions(text: string, versions: VersionData): string {
  return text.replace(PLACEHOLDER, (_all, field: string, tool: string) => {
    const value = versions[tool]?.[field];
    if (!value) {
      throw new Error(
        `%%${field}(${tool})%% names nothing in docs/versions.json; ` +
          `known tools: ${Object.keys(versions).join(', ')}`,
      );
    }
    return value.replace(/^v/, '');
  });
}
