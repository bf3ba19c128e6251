// Names, places, payers, pharmacies and facilities for synthetic people. All invented or very common; phone
// numbers use the 555-01xx range reserved for fiction and e-mail addresses use example.com (RFC 2606), so no
// generated record can reach a real person. Changelog: v1.
import type { Weighted } from '../random.ts';

export const FEMALE_NAMES = [
  'Mary', 'Patricia', 'Linda', 'Barbara', 'Elizabeth', 'Jennifer', 'Susan', 'Margaret', 'Dorothy', 'Carol', 'Nancy',
  'Karen', 'Betty', 'Helen', 'Sandra', 'Donna', 'Ruth', 'Sharon', 'Judith', 'Joyce', 'Shirley', 'Virginia', 'Diane',
  'Janet', 'Frances', 'Gloria', 'Ann', 'Evelyn', 'Jean', 'Cheryl', 'Martha', 'Joan', 'Alice', 'Deborah', 'Brenda',
  'Marilyn', 'Beverly', 'Peggy', 'Doris', 'Rose', 'Gail', 'Lois', 'Phyllis', 'Norma', 'Elaine', 'Loretta', 'Irene',
];
export const MALE_NAMES = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Charles', 'Joseph', 'Thomas', 'Donald',
  'Ronald', 'Kenneth', 'Gary', 'Larry', 'Dennis', 'Paul', 'George', 'Frank', 'Raymond', 'Jerry', 'Edward', 'Harold',
  'Walter', 'Roger', 'Gerald', 'Carl', 'Arthur', 'Lawrence', 'Ralph', 'Eugene', 'Wayne', 'Howard', 'Bruce', 'Roy',
  'Albert', 'Willie', 'Stanley', 'Louis', 'Henry', 'Glenn', 'Earl', 'Leonard', 'Harry', 'Douglas', 'Russell',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts',
  'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook',
  'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson',
  'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'James', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross',
  'Foster', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Fisher', 'Henderson', "O'Brien", 'McCarthy',
  'Schmidt', 'Kowalski', 'Novak', 'Rossi', 'Bianchi', 'Greenberg', 'Cohen', 'Washington', 'Okafor', 'Patel', 'Shah',
];
export const HISPANIC_FEMALE = ['María', 'Guadalupe', 'Carmen', 'Rosa', 'Ana', 'Juana', 'Luz', 'Teresa', 'Josefina', 'Dolores', 'Elena', 'Graciela'];
export const HISPANIC_MALE = ['José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'Manuel', 'Francisco', 'Antonio', 'Jorge', 'Ramón', 'Rafael', 'Pedro'];
export const HISPANIC_LAST = ['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz'];

/** Other languages with a few matching names, so a Vietnamese speaker is not called Gloria Kowalski. */
export const OTHER_LANGUAGES: Weighted<{ code: string; female: readonly string[]; male: readonly string[]; last: readonly string[] }> = [
  [{ code: 'zh', female: ['Mei', 'Li', 'Hua'], male: ['Wei', 'Jian', 'Ming'], last: ['Chen', 'Wang', 'Li', 'Zhang', 'Liu'] }, 3],
  [{ code: 'vi', female: ['Lan', 'Hoa', 'Thu'], male: ['Minh', 'Tuan', 'Hung'], last: ['Nguyen', 'Tran', 'Le', 'Pham'] }, 2],
  [{ code: 'ru', female: ['Olga', 'Galina', 'Tatiana'], male: ['Sergei', 'Vladimir', 'Igor'], last: ['Ivanov', 'Petrova', 'Smirnov', 'Kuznetsova'] }, 2],
  [{ code: 'ko', female: ['Soon-ja', 'Young-hee'], male: ['Young-soo', 'Sung-ho'], last: ['Kim', 'Lee', 'Park', 'Choi'] }, 1],
  [{ code: 'ht', female: ['Marie', 'Rose-Marie'], male: ['Jean', 'Pierre'], last: ['Joseph', 'Jean-Baptiste', 'Pierre', 'Louis'] }, 1],
  [{ code: 'tl', female: ['Maricel', 'Rosario'], male: ['Rodrigo', 'Ernesto'], last: ['Santos', 'Reyes', 'Bautista', 'Villanueva'] }, 1],
];

export type Place = { state: string; area: string; cities: readonly (readonly [city: string, zip: string])[] };

/** A handful of states, weighted roughly by their share of Medicare beneficiaries. */
export const PLACES: Weighted<Place> = [
  [{ state: 'FL', area: '813', cities: [['Tampa', '33602'], ['Orlando', '32801'], ['Jacksonville', '32202'], ['Sarasota', '34236']] }, 14],
  [{ state: 'TX', area: '210', cities: [['San Antonio', '78205'], ['Houston', '77002'], ['El Paso', '79901'], ['Austin', '78701']] }, 12],
  [{ state: 'CA', area: '619', cities: [['San Diego', '92101'], ['Fresno', '93721'], ['Sacramento', '95814'], ['Los Angeles', '90012']] }, 14],
  [{ state: 'NY', area: '718', cities: [['Brooklyn', '11201'], ['Bronx', '10451'], ['Buffalo', '14202'], ['Albany', '12207']] }, 12],
  [{ state: 'PA', area: '412', cities: [['Pittsburgh', '15222'], ['Philadelphia', '19107'], ['Allentown', '18101']] }, 9],
  [{ state: 'OH', area: '614', cities: [['Columbus', '43215'], ['Cleveland', '44114'], ['Dayton', '45402']] }, 8],
  [{ state: 'AZ', area: '602', cities: [['Phoenix', '85004'], ['Tucson', '85701'], ['Mesa', '85201']] }, 6],
  [{ state: 'NC', area: '919', cities: [['Raleigh', '27601'], ['Charlotte', '28202'], ['Asheville', '28801']] }, 7],
  [{ state: 'MI', area: '313', cities: [['Detroit', '48226'], ['Grand Rapids', '49503'], ['Lansing', '48933']] }, 7],
  [{ state: 'NJ', area: '201', cities: [['Newark', '07102'], ['Jersey City', '07302'], ['Trenton', '08608']] }, 6],
  [{ state: 'GA', area: '404', cities: [['Atlanta', '30303'], ['Savannah', '31401'], ['Macon', '31201']] }, 5],
];

export const STREETS = ['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Main', 'Church', 'Sunset', 'Highland', 'Ridge', 'Meadow', 'River', 'Walnut', 'Chestnut'];
export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Dr', 'Ln', 'Ct', 'Blvd', 'Way'];

export type PlanSpec = { payerName: string; contractId: string; pbpIds: readonly string[] };

/** Invented plan names; contract ids follow the CMS pattern (H = MA-PD, S = stand-alone PDP, R = regional PPO). */
export const PART_D_PLANS: Weighted<PlanSpec> = [
  [{ payerName: 'Evergreen Medicare Advantage (HMO)', contractId: 'H1234', pbpIds: ['001', '002'] }, 22],
  [{ payerName: 'Keystone Senior Choice (PPO)', contractId: 'H5678', pbpIds: ['001', '004'] }, 16],
  [{ payerName: 'Lighthouse Rx Saver (PDP)', contractId: 'S5678', pbpIds: ['001'] }, 20],
  [{ payerName: 'Summit Part D Plus (PDP)', contractId: 'S4321', pbpIds: ['001', '003'] }, 14],
  [{ payerName: 'Harbor Dual Complete (HMO D-SNP)', contractId: 'H9876', pbpIds: ['001'] }, 6],
  [{ payerName: 'Prairie Regional PPO', contractId: 'R2468', pbpIds: ['001'] }, 4],
];
export const MEDICAID_PAYERS = ['State Medicaid Program', 'Medicaid Managed Care - Community Health Plan'];
export const COMMERCIAL_PAYERS = ['Northwind Health Insurance', 'Contoso Employee Health Plan', 'Fabrikam Retiree Medical'];

export const PHARMACY_NAMES = ['Community Pharmacy', 'Family Drug', 'Apothecary', 'Health Mart Pharmacy', 'Corner Drug Store', 'Neighborhood Pharmacy', 'Wellness Pharmacy'];
export const PHARMACY_PREFIXES = ['Oakwood', 'Riverside', 'Main Street', 'Lakeview', 'Parkside', 'Hilltop', 'Maple Grove', 'Central', 'Westside', 'Eastgate', 'Sunrise', 'Valley'];
export const MAIL_PHARMACIES = ['Evergreen Mail Order Pharmacy', 'Lighthouse Home Delivery Pharmacy', 'ExpressCare Mail Pharmacy'];
export const HOSPITALS = ['Regional Medical Center', "St. Luke's Hospital", 'University Hospital', 'Memorial Hospital', 'General Hospital'];
export const CLINICS = ['Primary Care Associates', 'Family Health Center', 'Internal Medicine Group', 'Senior Care Clinic'];
export const CAREGIVER_RELATIONSHIPS: Weighted<string> = [['Daughter', 35], ['Son', 20], ['Spouse', 30], ['Niece', 5], ['Friend', 5], ['Home health aide', 5]];
export const CREDENTIALS: Weighted<string> = [['MD', 70], ['DO', 15], ['NP', 11], ['PA-C', 4]];
