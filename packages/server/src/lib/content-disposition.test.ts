import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.ts';

/** The value of `filename*=UTF-8''…`, decoded. */
const extendedName = (header: string) => decodeURIComponent(/; filename\*=UTF-8''([^;]+)$/.exec(header)![1]!);

describe('Content-Disposition for downloads (RFC 6266 / RFC 5987)', () => {
  it('gives an ASCII fallback and the UTF-8 name percent-encoded', () => {
    const header = contentDisposition('宁县防汛应急预案（2024修订）.pdf');
    expect(header).toBe(
      `attachment; filename="_2024_.pdf"; filename*=UTF-8''${encodeURIComponent('宁县防汛应急预案（2024修订）.pdf')}`,
    );
    expect(extendedName(header)).toBe('宁县防汛应急预案（2024修订）.pdf');
    expect(contentDisposition('plan v2.docx')).toBe(
      `attachment; filename="plan v2.docx"; filename*=UTF-8''plan%20v2.docx`,
    );
  });

  it("encodes what RFC 5987 does not allow bare (quotes, semicolons, ' ( ) *): one parameter each, nothing injected", () => {
    const name = `a"; filename*=evil'(x)*.pdf`;
    const header = contentDisposition(name);
    expect(header).toBe(
      `attachment; filename="a_ filename_evil_(x)_.pdf"; filename*=UTF-8''a%22%3B%20filename%2A%3Devil%27%28x%29%2A.pdf`,
    );
    expect(header.match(/filename\*=/g)).toHaveLength(1);
    expect(extendedName(header)).toBe(name);
  });
});
