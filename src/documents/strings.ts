// The fixed wording of the CMR takeaway, in English and Spanish.
//
// Template followed: Medicare Part D MTM Program Standardized Format, Form CMS-10396 (OMB 0938-1154), English and
// Spanish versions as revised in the 2017 PRA package ("helps you understand your medications and use them
// safely"). The text below restates that form from memory and public excerpts; it is NOT a copy checked word for
// word against the official CMS PDF. Before production use, a person must compare every string with the current
// CMS-10396 English and Spanish forms and correct any difference here (one place). The safe-disposal text is not
// part of the form's fixed wording; it is our short summary of the DEA take-back and FDA disposal guidance
// (www.dea.gov/takebackday, www.fda.gov/drugdisposal).
// Changelog: v1 (2026-11) first version.
export const TEMPLATE_VERSION = 'CMS-10396 Standardized Format (OMB 0938-1154), 2017 revision; OpenMTM wording v1';

export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];

/** A blank for the patient or pharmacist to write on. */
export const BLANK = '________';

export type TakeawayStrings = {
  draftBanner: string;
  page: (n: number, of: number) => string;
  coverTitle: string;
  salutation: (name: string) => string;
  thanks: (serviceDate: string) => string;
  includes: string;
  coverBullets: string[];
  callUs: (contact: string, plan: string) => string;
  closing: string;
  pharmacistLine: string;
  enclosures: string;
  enclosureList: string[];
  contactUnknown: string;
  planUnknown: string;
  mapTitle: (name: string) => string;
  dob: string;
  mapIntro: string;
  mapSteps: string[];
  mapKeep: string;
  datePrepared: string;
  talkedAbout: string;
  needToDo: string;
  didAndWhen: string;
  noItems: string;
  followUp: string;
  questions: string;
  mapQuestionsCall: (contact: string) => string;
  pmlTitle: (name: string) => string;
  pmlMadeFor: (sources: string) => string;
  defaultSources: (date: string) => string;
  pmlBullets: string[];
  pmlKeepUpToDate: string;
  pmlKinds: string[];
  pmlHospital: string;
  allergies: string;
  medication: string;
  howIUse: string;
  whyIUse: string;
  prescriber: string;
  dateStarted: string;
  dateStopped: string;
  whyStopped: string;
  addYourOwn: string;
  otherInformation: string;
  pmlQuestionsCall: (contact: string) => string;
  disposalTitle: string;
  disposal: string[];
  months: readonly string[];
  longDate: (day: number, month: string, year: number) => string;
};

const EN: TakeawayStrings = {
  draftBanner: 'DRAFT: for the pharmacist to review before it is given to the patient',
  page: (n, of) => `Page ${n} of ${of}`,
  coverTitle: 'Your Medication Review',
  salutation: (name) => `Dear ${name}:`,
  thanks: (d) => `Thank you for talking with me on ${d} about your health and medications. Medicare's MTM (Medication Therapy Management) program helps you understand your medications and use them safely.`,
  includes: 'This letter includes an action plan (Medication Action Plan) and medication list (Personal Medication List). The action plan has steps you should take to help you get the best results from your medications. The medication list will help you keep track of your medications and how to use them the right way.',
  coverBullets: [
    'Have your action plan and medication list with you when you talk with your doctors, pharmacists, and other health care providers in your care team.',
    'Ask your doctors, pharmacists, and other health care providers to update the action plan and medication list at every visit.',
    'Take your medication list with you if you go to the hospital or emergency room.',
    'Give a copy of the action plan and medication list to your family or caregivers.',
  ],
  callUs: (contact, plan) => `If you want to talk about this letter or any of the papers with it, please call ${contact}. I look forward to working with you, your doctors, and other health care providers to help you stay healthy through the ${plan} MTM program.`,
  closing: 'Sincerely,',
  pharmacistLine: 'Pharmacist',
  enclosures: 'Enclosures:',
  enclosureList: ['Medication Action Plan', 'Personal Medication List', 'Safe disposal of medications'],
  contactUnknown: `${BLANK} (pharmacist phone number, days and times)`,
  planUnknown: BLANK,
  mapTitle: (name) => `Medication Action Plan for ${name}`,
  dob: 'DOB:',
  mapIntro: 'This action plan will help you get the best results from your medications if you:',
  mapSteps: ['Read "What we talked about."', 'Take the steps listed in the "What I need to do" boxes.', 'Fill in "What I did and when I did it."', 'Fill in "My follow-up plan" and "Questions I want to ask."'],
  mapKeep: 'Have this action plan with you when you talk with your doctors, pharmacists, and other health care providers in your care team. Share this with your family or caregivers too.',
  datePrepared: 'Date prepared:',
  talkedAbout: 'What we talked about:',
  needToDo: 'What I need to do:',
  didAndWhen: 'What I did and when I did it:',
  noItems: 'No action items were added. Write down anything we agreed on.',
  followUp: 'My follow-up plan (add notes about next steps):',
  questions: 'Questions I want to ask (include topics about medications or therapy):',
  mapQuestionsCall: (contact) => `If you have any questions about your action plan, call ${contact}.`,
  pmlTitle: (name) => `Personal Medication List for ${name}`,
  pmlMadeFor: (sources) => `This medication list was made for you after we talked. We also used information from ${sources}.`,
  defaultSources: (date) => `your pharmacy and health records on ${date}, and what you told us`,
  pmlBullets: [
    'Use blank rows to add new medications. Then fill in the dates you started using them.',
    'Cross out medications when you no longer use them. Then write the date and why you stopped using them.',
    'Ask your doctors, pharmacists, and other health care providers in your care team to update this list at every visit.',
  ],
  pmlKeepUpToDate: 'Keep this list up-to-date with:',
  pmlKinds: ['prescription medications', 'over-the-counter drugs', 'herbals', 'vitamins', 'minerals'],
  pmlHospital: 'If you go to the hospital or emergency room, take this list with you. Share this with your family or caregivers too.',
  allergies: 'Allergies or side effects:',
  medication: 'Medication:',
  howIUse: 'How I use it:',
  whyIUse: 'Why I use it:',
  prescriber: 'Prescriber:',
  dateStarted: 'Date I started using it:',
  dateStopped: 'Date I stopped using it:',
  whyStopped: 'Why I stopped using it:',
  addYourOwn: 'Add new medications here:',
  otherInformation: 'Other Information:',
  pmlQuestionsCall: (contact) => `If you have any questions about your medication list, call ${contact}.`,
  disposalTitle: 'Safe disposal of medications',
  disposal: [
    'Take medications you no longer use to a drug take-back site. Many pharmacies and police stations have drop-off boxes, and the DEA holds National Prescription Drug Take Back Days. Find a site at www.dea.gov/takebackday.',
    'Some medications, such as many strong pain medications (opioids), are on the FDA flush list. If you cannot get to a take-back site soon, flush these down the toilet. The list is at www.fda.gov/drugdisposal.',
    'For other medications with no take-back option: mix them (do not crush tablets or capsules) with something unappealing such as used coffee grounds, dirt or cat litter, seal the mix in a plastic bag, and put it in your household trash.',
    'Scratch out your name and other personal information on empty medication bottles and packages before you throw them away.',
  ],
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  longDate: (day, month, year) => `${month} ${day}, ${year}`,
};

const ES: TakeawayStrings = {
  draftBanner: 'BORRADOR: el farmacéutico debe revisarlo antes de entregarlo al paciente',
  page: (n, of) => `Página ${n} de ${of}`,
  coverTitle: 'Su revisión de medicamentos',
  salutation: (name) => `Estimado(a) ${name}:`,
  thanks: (d) => `Gracias por hablar conmigo el ${d} sobre su salud y sus medicamentos. El programa MTM (Manejo de Terapia de Medicamentos) de Medicare le ayuda a entender sus medicamentos y a usarlos de forma segura.`,
  includes: 'Esta carta incluye un plan de acción (Plan de acción para medicamentos) y una lista de medicamentos (Lista personal de medicamentos). El plan de acción tiene los pasos que debe seguir para obtener los mejores resultados de sus medicamentos. La lista de medicamentos le ayudará a llevar el control de sus medicamentos y de cómo usarlos correctamente.',
  coverBullets: [
    'Tenga su plan de acción y su lista de medicamentos con usted cuando hable con sus médicos, farmacéuticos y otros proveedores de atención médica de su equipo.',
    'Pida a sus médicos, farmacéuticos y otros proveedores de atención médica que actualicen el plan de acción y la lista de medicamentos en cada visita.',
    'Lleve su lista de medicamentos si va al hospital o a la sala de emergencias.',
    'Dé una copia del plan de acción y de la lista de medicamentos a sus familiares o cuidadores.',
  ],
  callUs: (contact, plan) => `Si desea hablar sobre esta carta o sobre cualquiera de los documentos que la acompañan, llame al ${contact}. Espero trabajar con usted, sus médicos y otros proveedores de atención médica para ayudarle a mantenerse sano a través del programa MTM de ${plan}.`,
  closing: 'Atentamente,',
  pharmacistLine: 'Farmacéutico(a)',
  enclosures: 'Documentos adjuntos:',
  enclosureList: ['Plan de acción para medicamentos', 'Lista personal de medicamentos', 'Cómo desechar los medicamentos de forma segura'],
  contactUnknown: `${BLANK} (teléfono del farmacéutico, días y horas)`,
  planUnknown: BLANK,
  mapTitle: (name) => `Plan de acción para medicamentos de ${name}`,
  dob: 'Fecha de nacimiento:',
  mapIntro: 'Este plan de acción le ayudará a obtener los mejores resultados de sus medicamentos si usted:',
  mapSteps: ['Lee "De qué hablamos".', 'Sigue los pasos de las casillas "Lo que tengo que hacer".', 'Completa "Lo que hice y cuándo lo hice".', 'Completa "Mi plan de seguimiento" y "Preguntas que quiero hacer".'],
  mapKeep: 'Tenga este plan de acción con usted cuando hable con sus médicos, farmacéuticos y otros proveedores de atención médica de su equipo. Compártalo también con sus familiares o cuidadores.',
  datePrepared: 'Fecha de preparación:',
  talkedAbout: 'De qué hablamos:',
  needToDo: 'Lo que tengo que hacer:',
  didAndWhen: 'Lo que hice y cuándo lo hice:',
  noItems: 'No se agregaron pasos a seguir. Anote lo que acordamos.',
  followUp: 'Mi plan de seguimiento (agregue notas sobre los próximos pasos):',
  questions: 'Preguntas que quiero hacer (incluya temas sobre medicamentos o terapia):',
  mapQuestionsCall: (contact) => `Si tiene preguntas sobre su plan de acción, llame al ${contact}.`,
  pmlTitle: (name) => `Lista personal de medicamentos de ${name}`,
  pmlMadeFor: (sources) => `Esta lista de medicamentos se hizo para usted después de nuestra conversación. También usamos información de ${sources}.`,
  defaultSources: (date) => `sus registros de farmacia y de salud del ${date}, y de lo que usted nos dijo`,
  pmlBullets: [
    'Use las filas en blanco para agregar medicamentos nuevos. Luego escriba la fecha en que empezó a usarlos.',
    'Tache los medicamentos cuando ya no los use. Luego escriba la fecha y por qué dejó de usarlos.',
    'Pida a sus médicos, farmacéuticos y otros proveedores de atención médica de su equipo que actualicen esta lista en cada visita.',
  ],
  pmlKeepUpToDate: 'Mantenga esta lista al día con:',
  pmlKinds: ['medicamentos con receta', 'medicamentos sin receta', 'hierbas medicinales', 'vitaminas', 'minerales'],
  pmlHospital: 'Si va al hospital o a la sala de emergencias, lleve esta lista con usted. Compártala también con sus familiares o cuidadores.',
  allergies: 'Alergias o efectos secundarios:',
  medication: 'Medicamento:',
  howIUse: 'Cómo lo uso:',
  whyIUse: 'Por qué lo uso:',
  prescriber: 'Recetado por:',
  dateStarted: 'Fecha en que empecé a usarlo:',
  dateStopped: 'Fecha en que dejé de usarlo:',
  whyStopped: 'Por qué dejé de usarlo:',
  addYourOwn: 'Agregue aquí sus medicamentos nuevos:',
  otherInformation: 'Otra Información:',
  pmlQuestionsCall: (contact) => `Si tiene preguntas sobre su lista de medicamentos, llame al ${contact}.`,
  disposalTitle: 'Cómo desechar los medicamentos de forma segura',
  disposal: [
    'Lleve los medicamentos que ya no usa a un sitio de devolución de medicamentos. Muchas farmacias y estaciones de policía tienen buzones, y la DEA organiza Días Nacionales de Devolución de Medicamentos Recetados. Busque un sitio en www.dea.gov/takebackday.',
    'Algunos medicamentos, como muchos analgésicos fuertes (opioides), están en la lista de la FDA de medicamentos que se pueden tirar por el inodoro. Si no puede ir pronto a un sitio de devolución, tírelos por el inodoro. La lista está en www.fda.gov/drugdisposal.',
    'Para otros medicamentos sin opción de devolución: mézclelos (sin triturar tabletas ni cápsulas) con algo desagradable, como café molido usado, tierra o arena para gatos, ciérrelos en una bolsa de plástico y tírelos a la basura de su casa.',
    'Tache su nombre y otros datos personales de los frascos y envases vacíos antes de tirarlos.',
  ],
  months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  longDate: (day, month, year) => `${day} de ${month} de ${year}`,
};

export const STRINGS: Record<Lang, TakeawayStrings> = { en: EN, es: ES };

export function isLang(s: string | undefined): s is Lang {
  return s === 'en' || s === 'es';
}

/** "November 25, 2026" / "25 de noviembre de 2026" from YYYY-MM-DD (or a longer ISO date-time). */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const s = STRINGS[lang];
  const month = s.months[Number(m[2]) - 1];
  return month === undefined ? iso : s.longDate(Number(m[3]), month, Number(m[1]));
}
