// Reads user knowledge files (every *.json in a directory, in name order) and builds the screening knowledge base
// with them on top of the shipped files. Used by `openmtm screen --knowledge DIR` and by the server
// (OPENMTM_KNOWLEDGE_DIR). A file that is not JSON or fails validation stops the load with its name and place.
import fs from 'node:fs';
import path from 'node:path';
import { buildKnowledge, KnowledgeFileError, shippedKnowledge, type Knowledge } from '../knowledge/screening/index.ts';

export function loadKnowledge(dir: string | undefined): Knowledge {
  if (!dir) return shippedKnowledge();
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new KnowledgeFileError(dir, [{ pointer: '/', message: 'knowledge directory does not exist' }]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const full = path.join(dir, f);
    try {
      return { name: full, json: JSON.parse(fs.readFileSync(full, 'utf8')) as unknown };
    } catch (e) {
      throw new KnowledgeFileError(full, [{ pointer: '/', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
    }
  });
  return buildKnowledge(files);
}
