// Kidney function estimates used by renal dose rules.
// - Cockcroft–Gault creatinine clearance (mL/min): (140 − age) × weight(kg) / (72 × SCr mg/dL), × 0.85 if female.
//   Most drug labels' renal dosing was derived with it. Actual body weight is used (the labels' convention); the
//   evidence line shows the weight so the pharmacist can recompute with ideal or adjusted weight.
// - CKD-EPI 2021 race-free eGFR (also used by the synthetic generator, so demo labs and screening agree) (mL/min/1.73 m²): 142 × min(SCr/κ,1)^α × max(SCr/κ,1)^−1.200 × 0.9938^age
//   × 1.012 if female; κ 0.7 (F) / 0.9 (M), α −0.241 (F) / −0.302 (M). Inker LA et al., NEJM 2021;385:1737–49.

export function cockcroftGault(age: number, weightKg: number, scrMgDl: number, female: boolean): number {
  return ((140 - age) * weightKg) / (72 * scrMgDl) * (female ? 0.85 : 1);
}

export function ckdEpi2021(scrMgDl: number, age: number, female: boolean): number {
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const r = scrMgDl / kappa;
  return 142 * Math.min(r, 1) ** alpha * Math.max(r, 1) ** -1.2 * 0.9938 ** age * (female ? 1.012 : 1);
}

/** Serum creatinine in mg/dL from a value and UCUM unit; µmol/L is converted (÷ 88.42). */
export function creatinineMgDl(value: number, unit: string | undefined): number | undefined {
  const u = (unit ?? 'mg/dL').toLowerCase().replace(/\s/g, '');
  if (u === 'mg/dl') return value;
  if (u === 'umol/l' || u === 'µmol/l' || u === 'μmol/l') return value / 88.42;
  return undefined;
}

/** Body weight in kg from a value and UCUM unit (kg, g, [lb_av]). */
export function weightKg(value: number, unit: string | undefined): number | undefined {
  const u = (unit ?? 'kg').toLowerCase();
  if (u === 'kg') return value;
  if (u === 'g') return value / 1000;
  if (u === '[lb_av]' || u === 'lb' || u === 'lbs') return value * 0.45359237;
  return undefined;
}
