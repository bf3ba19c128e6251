// Roles and what each may do (least privilege). Services check permissions; the API only passes the actor.

export const ROLES = ['pharmacist', 'technician', 'manager', 'prescriber', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'patient:read'
  | 'patient:write' // demographics, coverage, consent
  | 'medication:write' // add, edit, stop entries (technicians collect the medication history)
  | 'allergy:write'
  | 'clinical:write' // conditions, labs and vitals: clinical judgement
  | 'medication-list:sign' // the pharmacist's signature on a reviewed medication list
  | 'audit:read'
  | 'user:manage'
  | 'encounter:write' // MTM encounters (CMR/TMR): create, document, review DTPs, log time (issue 6)
  | 'encounter:sign' // sign (lock) an encounter; later changes are addenda — pharmacists only
  | 'worklist:read' // MTM queues, outreach and calendars (issue 5)
  | 'worklist:assign' // assign or reassign queue items to others
  | 'outreach:write' // log outreach attempts, book/reschedule/cancel appointments
  | 'program:manage' // define MTM programs and run targeting
  | 'pharmacy:manage' // the organisation's pharmacy locations
  | 'population:read' // population measure runs: plan rates, stars, the rescue list (issue 4)
  | 'population:run'; // start population runs and set the star cut points

const GRANTS: Record<Role, readonly Permission[]> = {
  pharmacist: ['patient:read', 'patient:write', 'medication:write', 'allergy:write', 'clinical:write', 'medication-list:sign',
    'encounter:write', 'encounter:sign', 'worklist:read', 'outreach:write', 'population:read'],
  technician: ['patient:read', 'patient:write', 'medication:write', 'allergy:write', 'worklist:read', 'outreach:write'],
  manager: ['patient:read', 'worklist:read', 'worklist:assign', 'program:manage', 'pharmacy:manage', 'population:read', 'population:run'],
  // A prescriber reads only the patients whose care team lists them (enforced in the patient service).
  prescriber: ['patient:read'],
  auditor: ['audit:read'],
  admin: ['user:manage', 'audit:read', 'pharmacy:manage'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

/** The signed-in user on whose behalf a service acts, plus where the request came from (for the audit log). */
export type Actor = {
  userId: string;
  orgId: string;
  username: string;
  role: Role;
  ip: string;
  userAgent: string | undefined;
};
