// Checklists (`- [ ] …` in the role pages) render as disabled checkboxes. A checkbox without
// a label is announced as just "checkbox" (Lighthouse fails the page on it), so each one is
// labelled with its item's own text, without the text of any nested list.
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { textOf } from './table-labels.ts';

const isCheckbox = (node: ElementContent): node is Element =>
  node.type === 'element' && node.tagName === 'input' && node.properties?.['type'] === 'checkbox';

/** The item's text up to its first nested list, with whitespace collapsed. */
function itemText(item: Element): string {
  const own: string[] = [];
  for (const child of item.children) {
    if (child.type === 'element' && (child.tagName === 'ul' || child.tagName === 'ol')) break;
    // A loose item wraps its text in a paragraph that also holds the checkbox.
    own.push(textOf(child));
  }
  return own.join('').replace(/\s+/g, ' ').trim();
}

/** The checkbox of a task item: a child of the item, or of its first paragraph. */
function checkboxOf(item: Element): Element | undefined {
  for (const child of item.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'p') return child.children.find(isCheckbox);
    if (isCheckbox(child)) return child;
  }
  return undefined;
}

export default function taskListLabels() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'li') return;
      const box = checkboxOf(node);
      if (!box || box.properties['ariaLabel']) return;
      const text = itemText(node);
      if (text) box.properties['ariaLabel'] = text.length > 160 ? `${text.slice(0, 157)}…` : text;
    });
  };
}
