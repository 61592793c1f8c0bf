import { factTable, htmlTable, markup } from './table';

describe('htmlTable', () => {
  it('escapes text cells, trusts markup cells, aligns numeric columns and highlights rows', () => {
    const html = htmlTable({
      columns: [{ label: 'kind' }, { label: 'bars', numeric: true }],
      rows: [
        ['<b>gap</b>', 3],
        [markup('<code>x</code>'), 1],
      ],
      footer: ['total', 4],
      highlight: new Set([1]),
    });
    expect(html).toContain('<td>&lt;b&gt;gap&lt;/b&gt;</td><td class="num">3</td>');
    expect(html).toContain('<tr class="highlight"><td><code>x</code></td>');
    expect(html).toContain('<tfoot><tr><td>total</td><td class="num">4</td></tr></tfoot>');
    expect(html).toContain('<th class="num">bars</th>');
  });

  it('lays facts out as label and value', () => {
    const facts = factTable([['PSR', '0.51']]);
    expect(facts).toContain('<tr><td>PSR</td><td class="num">0.51</td></tr>');
    expect(facts).not.toContain('<thead>');
  });
});
