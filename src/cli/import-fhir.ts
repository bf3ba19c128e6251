// `openmtm import-fhir <dir-or-bundle.json> --org NAME [--create-org]`: FHIR R4 patients (a bulk-export NDJSON
// directory such as Synthea's, a directory of Bundle .json files, or one file) into an organisation.
import fs from 'node:fs';
import { openConfiguredDb } from '../app.ts';
import { loadConfig } from '../config.ts';
import { importFhir } from '../jobs/import-fhir.ts';
import { migrate } from '../store/migrate.ts';
import { findOrganizationByName } from '../store/users.repository.ts';
import { createOrganization } from './admin.ts';

export class ImportFhirUsageError extends Error {}

export async function importFhirCommand(target: string | undefined, orgName: string | undefined, createOrg: boolean): Promise<void> {
  if (!target || !orgName) throw new ImportFhirUsageError('import-fhir needs a directory or file and --org NAME');
  if (!fs.existsSync(target)) throw new ImportFhirUsageError(`${target} does not exist`);
  const db = await openConfiguredDb(loadConfig());
  try {
    await migrate(db);
    let org = await findOrganizationByName(db, orgName);
    if (!org) {
      if (!createOrg) throw new ImportFhirUsageError(`No organisation named "${orgName}". Add --create-org to create it.`);
      org = { id: await createOrganization(db, orgName, 'pharmacy') };
    }
    const t0 = Date.now();
    const r = await importFhir(db, { orgId: org.id, path: target, onProgress: (n) => process.stderr.write(`\rimported ${n} patients   `) });
    process.stderr.write('\n');
    for (const w of r.warnings.slice(0, 50)) console.warn(`warning: ${w.pointer}: ${w.message}`);
    if (r.warnings.length > 50) console.warn(`warning: … and ${r.warnings.length - 50} more`);
    console.log(JSON.stringify(r.counts, null, 2));
    console.log(`${r.patients} FHIR patients read; import finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await db.close();
  }
}
