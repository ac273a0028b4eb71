/**
 * The templates `init` writes (templates/app/ in the package): `{{name}}` is replaced by a value, and a section
 * `{{#flag}}...{{/flag}}` is kept when `flag` is true (`{{^flag}}...{{/flag}}` when it is false). A section whose
 * tags stand alone on their lines leaves no blank line; sections do not nest. A name the values lack is a bug of the
 * template, not of the user: it throws.
 */

/** The values and flags a template is rendered with. */
export type TemplateValues = Readonly<Record<string, string | boolean>>;

const BLOCK_SECTION = /^\{\{([#^])(\w+)\}\}\n([\s\S]*?)^\{\{\/\2\}\}\n/gm;
const INLINE_SECTION = /\{\{([#^])(\w+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
const VARIABLE = /\{\{(\w+)\}\}/g;

function flag(values: TemplateValues, name: string): boolean {
  const value = values[name];
  if (typeof value !== 'boolean') throw new Error(`template section '${name}' has no boolean value`);
  return value;
}

/** Renders `text` with `values`. */
export function renderTemplate(text: string, values: TemplateValues): string {
  const section = (_: string, kind: string, name: string, body: string) => (flag(values, name) === (kind === '#') ? body : '');
  return text.replace(BLOCK_SECTION, section).replace(INLINE_SECTION, section).replace(VARIABLE, (_, name: string) => {
    const value = values[name];
    if (typeof value !== 'string') throw new Error(`template variable '${name}' has no value`);
    return value;
  });
}
