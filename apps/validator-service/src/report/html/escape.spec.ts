import { escapeHtml } from './escape';

describe('escapeHtml', () => {
  it('neutralises markup, attribute quotes and entities', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`a & b's "c"`)).toBe('a &amp; b&#39;s &quot;c&quot;');
    // Already-escaped text is escaped again: data is never trusted to be markup.
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('prints numbers and treats null and undefined as empty', () => {
    expect(escapeHtml(1.5)).toBe('1.5');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });
});
