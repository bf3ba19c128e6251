import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ckdEpi2021, cockcroftGault, creatinineMgDl, weightKg } from './kidney.ts';

it('Cockcroft–Gault matches hand calculation', () => {
  // (140 − 80) × 50 / (72 × 1.5) × 0.85 = 23.6
  assert.equal(Math.round(cockcroftGault(80, 50, 1.5, true) * 10) / 10, 23.6);
  // (140 − 60) × 80 / (72 × 1.0) = 88.9
  assert.equal(Math.round(cockcroftGault(60, 80, 1.0, false) * 10) / 10, 88.9);
});

it('CKD-EPI 2021 matches hand calculation of the published equation', () => {
  // 50 F, SCr 1.0: 142 × (1.0/0.7)^−1.200 × 0.9938^50 × 1.012 = 142 × 0.6518 × 0.7325 × 1.012 = 68.6
  // 60 M, SCr 1.2: 142 × (1.2/0.9)^−1.200 × 0.9938^60 = 142 × 0.7081 × 0.6886 = 69.2
  // 70 F, SCr 2.0: 142 × (2.0/0.7)^−1.200 × 0.9938^70 × 1.012 = 26.4
  // below κ the α exponent applies: 40 M, SCr 0.7: 142 × (0.7/0.9)^−0.302 × 0.9938^40 = 142 × 1.0789 × 0.7797 = 119.5
  assert.equal(Math.round(ckdEpi2021(1.0, 50, true)), 69);
  assert.equal(Math.round(ckdEpi2021(1.2, 60, false)), 69);
  assert.equal(Math.round(ckdEpi2021(0.7, 40, false)), 119);
  assert.equal(Math.round(ckdEpi2021(2.0, 70, true)), 26);
});

it('converts units and refuses unknown ones', () => {
  assert.equal(Math.round(creatinineMgDl(88.42, 'umol/L')! * 100) / 100, 1);
  assert.equal(creatinineMgDl(1.1, 'mg/dL'), 1.1);
  assert.equal(creatinineMgDl(1.1, 'mmol/L'), undefined);
  assert.equal(Math.round(weightKg(154, '[lb_av]')! * 10) / 10, 69.9);
  assert.equal(weightKg(70, 'stone'), undefined);
});
