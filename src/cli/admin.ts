// Creating organisations and users from the command line (the way out of "no default credentials").
import { ValidationError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { hashPassword, passwordProblem } from '../services/passwords.ts';
import type { Db } from '../store/db.ts';
import { findOrganizationByName, findUserIdByUsername, insertOrganization, insertUser } from '../store/users.repository.ts';

export async function createOrganization(db: Db, name: string, kind: 'pharmacy' | 'clinic' | 'vendor' | 'plan'): Promise<string> {
  if (await findOrganizationByName(db, name)) throw new ValidationError(`An organisation named "${name}" already exists`);
  return insertOrganization(db, { name, kind });
}

export async function createUser(
  db: Db,
  u: { org: string; username: string; role: Role; displayName: string; password: string },
): Promise<string> {
  const problem = passwordProblem(u.password);
  if (problem) throw new ValidationError(`Password ${problem}`, [{ pointer: '/password', message: problem }]);
  const org = await findOrganizationByName(db, u.org);
  if (!org) throw new ValidationError(`No organisation named "${u.org}"`);
  if (await findUserIdByUsername(db, u.username)) throw new ValidationError(`The username "${u.username}" is taken`);
  return insertUser(db, { orgId: org.id, username: u.username, displayName: u.displayName, role: u.role, passwordHash: await hashPassword(u.password) });
}
