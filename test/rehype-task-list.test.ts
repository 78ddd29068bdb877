// Checklist items get a label on their checkbox (src/rehype/task-list-labels.ts).
import type { Element, Root } from 'hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import taskListLabels from '../src/rehype/task-list-labels.ts';

async function labels(markdown: string): Promise<(string | undefined)[]> {
  const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(taskListLabels);
  const tree = (await processor.run(processor.parse(markdown))) as Root;
  const out: (string | undefined)[] = [];
  visit(tree, 'element', (n: Element) => {
    if (n.tagName === 'input') out.push(n.properties['ariaLabel'] as string | undefined);
  });
  return out;
}

describe('task list labels', () => {
  it('should label each checkbox with its item text, links and code included', async () => {
    expect(
      await labels('- [ ] Install with the [quickstart](x.md) and open it\n- [x] Set `persistence.size`\n'),
    ).toEqual(['Install with the quickstart and open it', 'Set persistence.size']);
  });

  it('should leave the text of a nested list out of the parent item’s label', async () => {
    expect(await labels('- [ ] Parent item\n  - [ ] Child item\n')).toEqual(['Parent item', 'Child item']);
  });

  it('should label the checkboxes of a loose list, whose text sits in paragraphs', async () => {
    expect(await labels('- [ ] First\n\n- [ ] Second\n')).toEqual(['First', 'Second']);
  });

  it('should leave ordinary lists alone', async () => {
    expect(await labels('- plain\n- items\n')).toEqual([]);
  });
});
