// Gives every table cell the text of its column header (`data-label`) and every table its
// column count (`data-columns`), so that src/css/custom.css can stack rows into cards on
// narrow screens ("Guide: Ingress") and keep wide reference tables readable at any width.
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** The text inside a hast node, as a reader sees it. */
export function textOf(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

const isElement = (node: ElementContent, tag: string): node is Element =>
  node.type === 'element' && node.tagName === tag;

const rows = (table: Element): Element[] =>
  table.children.flatMap((section) => {
    if (section.type !== 'element') return [];
    if (section.tagName === 'tr') return [section];
    if (section.tagName === 'thead' || section.tagName === 'tbody')
      return section.children.filter((row): row is Element => isElement(row, 'tr'));
    return [];
  });

const cells = (row: Element): Element[] =>
  row.children.filter((cell): cell is Element => isElement(cell, 'td') || isElement(cell, 'th'));

export default function tableLabels() {
  return (tree: Root) => {
    visit(tree, 'element', (table: Element) => {
      if (table.tagName !== 'table') return;
      const [head, ...body] = rows(table);
      if (!head) return;
      const labels = cells(head).map((cell) => textOf(cell).trim());
      table.properties = { ...table.properties, dataColumns: String(labels.length) };
      for (const row of body)
        for (const [i, cell] of cells(row).entries()) {
          const label = labels[i];
          if (label) cell.properties = { ...cell.properties, dataLabel: label };
        }
    });
  };
}
