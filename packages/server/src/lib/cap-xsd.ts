/**
 * The authoritative CAP check: documents validated against the official OASIS CAP 1.2 XSD
 * (assets/cap12.xsd) by libxml2's xmllint compiled to WebAssembly (xmllint-wasm). Each call starts a
 * worker (~100 ms), so it takes a batch; it runs at sign-off, the fast validator (`validateCapXml` in
 * domain) everywhere else.
 */
import fs from 'node:fs';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { CAP_XSD_PATH } from './paths.ts';

let schema: string | undefined;
const capSchema = () => (schema ??= fs.readFileSync(CAP_XSD_PATH, 'utf8'));

const fileName = (i: number) => `cap-${i}.xml`;

/** xmllint's report for one file: its own lines, and whether it says "<file> validates". */
function reportFor(stderr: string, name: string): { valid: boolean; problems: string[] } {
  const lines = stderr.split('\n');
  if (lines.some((l) => l.trim() === `${name} validates`)) return { valid: true, problems: [] };
  const problems = lines
    .filter((l) => l.startsWith(`${name}:`))
    .map((l) => {
      const m = /^[^:]+:(\d+):\s*(.*)$/.exec(l);
      return m ? `XSD 校验（第 ${m[1]} 行）：${m[2]}` : `XSD 校验：${l.slice(name.length + 1).trim()}`;
    });
  return { valid: false, problems: problems.length ? problems : ['XSD 校验未通过（xmllint 未给出原因）'] };
}

/**
 * Each document validated against the CAP 1.2 XSD, in order. A document that is not even well-formed is
 * invalid with xmllint's parser errors; the others in the batch are unaffected.
 */
export async function validateAgainstCapXsd(
  xmls: string[],
): Promise<{ valid: boolean; problems: string[] }[]> {
  if (!xmls.length) return [];
  let stderr: string;
  try {
    const result = await validateXML({
      xml: xmls.map((contents, i) => ({ fileName: fileName(i), contents })),
      schema: { fileName: 'cap12.xsd', contents: capSchema() },
      maxMemoryPages: 256 * memoryPages.MiB,
    });
    stderr = result.rawOutput;
  } catch (error) {
    // xmllint exits with a parser error code when a document is not well-formed; its output still
    // reports every file.
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'number') throw error;
    stderr = (error as Error).message;
  }
  return xmls.map((_, i) => reportFor(stderr, fileName(i)));
}
